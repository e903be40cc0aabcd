//! Privilege escalation: from every subject, the shortest chains of steps to a stronger
//! position — each step a permission the subject (or an identity it has become) holds,
//! and each step's result computed from what that permission actually yields.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use groundcrew_inventory::{Facts, intern, label_value};
use serde::Serialize;

use crate::model::{Rbac, RoleIdx, RuleRef, Scope, SubjectKey, SubjectKind};
use crate::query::{Grant, GrantOut, Match, Via};
use crate::rule::{ResourceRequest, is_full_wildcard};

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// A position worth reaching.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Position {
    /// Can do anything anywhere.
    ClusterAdmin,
    /// Can run code on nodes (or read kubelet APIs).
    Node,
    /// Can read every Secret of the cluster.
    AllSecrets,
    /// Can do anything in the namespace.
    NamespaceAdmin(Arc<str>),
    /// Can read every Secret of the namespace.
    Secrets(Arc<str>),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::ClusterAdmin => f.write_str("cluster-admin"),
            Position::Node => f.write_str("node"),
            Position::AllSecrets => f.write_str("all-secrets"),
            Position::NamespaceAdmin(ns) => write!(f, "namespace-admin:{ns}"),
            Position::Secrets(ns) => write!(f, "secrets:{ns}"),
        }
    }
}

impl Serialize for Position {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Who acts at a step: a subject, or a role the attacker has granted itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    Subject(SubjectKey),
    Holds(RoleIdx, Scope),
}

#[derive(Debug, Clone)]
enum To {
    Actor(usize),
    Position(Position),
    /// The same move to every identity of a [`Hub`] (every service account of a namespace,
    /// every user...): one edge instead of one per identity, so that a namespace of
    /// thousands of service accounts that may all create pods holds thousands of edges,
    /// not millions.
    Fan {
        hub: usize,
        fan: Fan,
    },
}

/// A set of identities a move may reach all of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum HubKey {
    /// The service accounts (with some grant) of a namespace.
    ServiceAccounts(Arc<str>),
    Users,
    Groups,
    /// The service accounts of a namespace's legacy token Secrets (labelled with the
    /// Secret's name).
    TokenSecrets(Arc<str>),
    /// The service accounts whose token the pods of a namespace's workloads mount, each
    /// once (labelled with the first such workload).
    MountedTokens(Arc<str>),
    /// Every workload's mounted token, in every namespace (labelled with the workload).
    AllMountedTokens,
}

/// The identities of a hub, in the order the moves to them are tried, and what names each
/// one's move (a Secret, a workload), where the move needs more than the identity.
#[derive(Default)]
struct Hub {
    members: Vec<usize>,
    labels: Vec<String>,
}

/// The move a [`To::Fan`] edge makes to each identity of its hub.
#[derive(Debug, Clone, Copy)]
enum Fan {
    Impersonate,
    Token,
    /// Create (or update) this kind of workload to run as the service account.
    Pods(&'static str),
    /// Create a service-account-token Secret and read it.
    TokenSecret,
    /// Read a legacy token Secret (the member's label).
    ReadTokenSecret,
    /// Get into the pods of a workload (the member's label) that mount the token.
    Exec,
    /// Rewrite the pods of a workload (the member's label) with a mutating webhook.
    Webhook,
}

impl Fan {
    /// The step's action towards `target`; `label` is the member's label, `how` the
    /// subresource an [`Fan::Exec`] move uses.
    fn action(self, target: &Actor, label: &str, how: &str) -> String {
        let Actor::Subject(s) = target else {
            return String::new();
        };
        let ns = s.namespace.as_deref().unwrap_or("");
        let name = &s.name;
        match self {
            Fan::Impersonate => match s.kind {
                SubjectKind::User => format!("impersonate User {name}"),
                SubjectKind::Group => format!("impersonate Group {name}"),
                SubjectKind::ServiceAccount => format!("impersonate ServiceAccount {ns}/{name}"),
            },
            Fan::Token => format!("create a token for ServiceAccount {ns}/{name}"),
            Fan::Pods(resource) => format!(
                "create {resource} in namespace {ns} that run as ServiceAccount {ns}/{name}"
            ),
            Fan::TokenSecret => format!(
                "create a service-account-token Secret for ServiceAccount {ns}/{name} and read it"
            ),
            Fan::ReadTokenSecret => {
                format!("read Secret {ns}/{label}, the token of ServiceAccount {ns}/{name}")
            }
            Fan::Exec => format!(
                "{how} into the pods of {label}, which mount the token of ServiceAccount {ns}/{name}"
            ),
            Fan::Webhook => format!(
                "register a mutating admission webhook that rewrites the pods of {label} to run its code with ServiceAccount {ns}/{name}"
            ),
        }
    }
}

/// Where a move leads, before it becomes an [`Edge`].
enum Target {
    One(Actor),
    Fan(HubKey, Fan),
}

#[derive(Debug, Clone)]
struct Edge {
    to: To,
    action: String,
    /// The permissions used (one, or several that the step needs together).
    via: Vec<Via>,
    /// Holding the position directly, rather than a move.
    direct: bool,
}

/// One step of a chain.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub from: Node,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<GrantOut>,
    /// Further permissions the step needs together with `via`.
    #[serde(rename = "alsoVia", skip_serializing_if = "Vec::is_empty")]
    pub also_via: Vec<GrantOut>,
    pub to: Node,
}

/// A node of a chain: a subject, a role held at a scope, or a position.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// For a role held: `cluster` or `namespace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.position {
            return f.write_str(p);
        }
        let kind = self.kind.as_deref().unwrap_or("");
        let name = self.name.as_deref().unwrap_or("");
        match (&self.namespace, self.scope) {
            (Some(ns), Some(_)) => write!(f, "{kind} {name} in namespace {ns}"),
            (None, Some(_)) => write!(f, "{kind} {name} cluster-wide"),
            (Some(ns), None) => write!(f, "{kind} {ns}/{name}"),
            (None, None) => write!(f, "{kind} {name}"),
        }
    }
}

/// A chain from a subject to a position.
#[derive(Debug, Clone, Serialize)]
pub struct Path {
    pub subject: SubjectKey,
    pub reaches: Position,
    /// More than holding the position through a grant: a real escalation.
    pub escalation: bool,
    pub steps: Vec<Step>,
}

/// Every subject's chains, shortest first.
#[derive(Debug, Default, Serialize)]
pub struct Escalations {
    pub paths: Vec<Path>,
}

impl Escalations {
    /// Chains from the subjects of the input's bindings (those of unmodified Kubernetes
    /// default bindings only with `include_defaults`).
    pub fn compute(rbac: &Rbac<'_>, include_defaults: bool) -> Self {
        let mut graph = Graph::new(rbac);
        let starts: Vec<SubjectKey> = rbac
            .subjects
            .iter()
            .filter(|(_, bindings)| {
                include_defaults
                    || bindings
                        .iter()
                        .any(|&b| !rbac.bindings[b as usize].is_default)
            })
            .map(|(s, _)| s.clone())
            .collect();
        let mut paths = Vec::new();
        for subject in starts {
            paths.extend(graph.paths_from(subject));
        }
        paths.sort_by(|a, b| {
            (&a.reaches, a.steps.len(), &a.subject).cmp(&(&b.reaches, b.steps.len(), &b.subject))
        });
        Escalations { paths }
    }
}

/// A search's way back: for each actor reached, the actor, edge and hub index it was reached
/// by. Indexed by actor and reused from one search to the next (the searches from thousands
/// of subjects each reach thousands of actors: no hashing, no clearing): an entry belongs to
/// the current search when its stamp is the search's.
#[derive(Default)]
struct Parents {
    search: u32,
    entries: Vec<(u32, (usize, usize, usize))>,
    /// Per class of actors ([`Graph::class_of`]): stamped when one of them is reached.
    classes: Vec<u32>,
}

impl Parents {
    /// Forgets the previous search.
    fn start(&mut self) {
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            // Stamps wrapped around: clear them once.
            self.entries.iter_mut().for_each(|e| e.0 = 0);
            self.classes.iter_mut().for_each(|c| *c = 0);
            self.search = 1;
        }
    }

    /// Records how `actor` was reached, unless it already was; whether it was new.
    fn insert(&mut self, actor: usize, from: (usize, usize, usize)) -> bool {
        if actor >= self.entries.len() {
            self.entries.resize(actor + 1, (0, (0, 0, 0)));
        }
        let entry = &mut self.entries[actor];
        if entry.0 == self.search {
            return false;
        }
        *entry = (self.search, from);
        true
    }

    fn get(&self, actor: usize) -> Option<(usize, usize, usize)> {
        self.entries
            .get(actor)
            .filter(|e| e.0 == self.search)
            .map(|e| e.1)
    }

    fn reached(&self, actor: usize) -> bool {
        self.get(actor).is_some()
    }

    /// Marks `class` reached; whether it was not yet.
    fn first_of_class(&mut self, class: u32) -> bool {
        let c = class as usize;
        if c >= self.classes.len() {
            self.classes.resize(c + 1, 0);
        }
        std::mem::replace(&mut self.classes[c], self.search) != self.search
    }
}

/// What one move of an actor leads to, for telling actors apart ([`Graph::class_of`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Leads {
    Actor(usize),
    Position(Position),
    Hub(usize),
}

/// Actors grouped by where their moves lead: once a search has reached one actor of a
/// class, the others of it lead nowhere new, and the search need not go through them —
/// thousands of service accounts of a namespace with the same grants are one class.
#[derive(Default)]
struct Classes {
    of: Vec<Option<u32>>,
    index: HashMap<Vec<Leads>, u32>,
    /// Per hub: each class's first member, in the hub's order, as (index in the hub,
    /// actor, class).
    hub_firsts: Vec<Option<HubFirsts>>,
}

/// (index in the hub, actor, class) of each class's first member of a hub.
type HubFirsts = Arc<[(usize, usize, u32)]>;

struct Graph<'r, 'a> {
    rbac: &'r Rbac<'a>,
    actors: Vec<Actor>,
    index: HashMap<Actor, usize>,
    edges: Vec<Option<Vec<Edge>>>,
    hubs: Vec<Hub>,
    hub_index: HashMap<HubKey, usize>,
    /// The searches' way back, reused.
    parents: Parents,
    classes: Classes,
    ctx: Context,
}

/// (secret, service account).
type Pair = (Arc<str>, Arc<str>);

/// What the steps look up, computed once.
struct Context {
    users: Vec<SubjectKey>,
    groups: Vec<SubjectKey>,
    /// Service accounts with some grant, per namespace.
    service_accounts: BTreeMap<Arc<str>, Vec<Arc<str>>>,
    /// Legacy token Secrets: (namespace) → (secret, service account).
    token_secrets: BTreeMap<Arc<str>, Vec<Pair>>,
    /// Workloads whose pods mount their service account's token: (namespace) →
    /// (workload, service account), for service accounts with some grant.
    token_workloads: BTreeMap<Arc<str>, Vec<(String, Arc<str>)>>,
    /// Every namespace pods can be created in (the input's, and kube-system).
    namespaces: Vec<Arc<str>>,
}

impl Context {
    fn new(rbac: &Rbac<'_>) -> Self {
        let mut users = Vec::new();
        let mut groups = vec![SubjectKey::group("system:masters")];
        for s in rbac.subjects.keys() {
            match s.kind {
                SubjectKind::User => users.push(s.clone()),
                SubjectKind::Group if &*s.name != "system:masters" => groups.push(s.clone()),
                _ => {}
            }
        }
        let has_grants = |ns: &str, name: &str| {
            rbac.bindings_of(&SubjectKey::service_account(ns, name))
                .iter()
                .any(|&b| rbac.bindings[b as usize].role.is_some())
        };
        let mut service_accounts: BTreeMap<Arc<str>, Vec<Arc<str>>> = BTreeMap::new();
        for (ns, names) in &rbac.service_accounts {
            let granted: Vec<Arc<str>> = names
                .iter()
                .filter(|n| has_grants(ns, n))
                .cloned()
                .collect();
            if !granted.is_empty() {
                service_accounts.insert(ns.clone(), granted);
            }
        }
        // Looked up once per token Secret and workload: a set, not the namespace's list.
        let granted_set: HashSet<(&str, &str)> = service_accounts
            .iter()
            .flat_map(|(ns, names)| names.iter().map(move |n| (&**ns, &**n)))
            .collect();
        let granted = |ns: &str, sa: &str| granted_set.contains(&(ns, sa));
        let mut token_secrets: BTreeMap<Arc<str>, Vec<Pair>> = BTreeMap::new();
        let mut token_workloads: BTreeMap<Arc<str>, Vec<(String, Arc<str>)>> = BTreeMap::new();
        let inventory = rbac.inventory;
        for r in inventory.records() {
            // The facts first: they sit in the record, its identity behind a pointer.
            if !matches!(r.facts, Facts::TokenSecret { .. } | Facts::Workload(_)) {
                continue;
            }
            let Some(ns) = &r.id.namespace else { continue };
            match &r.facts {
                Facts::TokenSecret { service_account } if granted(ns, service_account) => {
                    token_secrets
                        .entry(ns.clone())
                        .or_default()
                        .push((r.id.name.clone(), service_account.clone()));
                }
                Facts::Workload(w)
                    if granted(ns, &w.service_account) && inventory.token_mounted(ns, w) =>
                {
                    token_workloads.entry(ns.clone()).or_default().push((
                        format!("{} {ns}/{}", r.id.kind, r.id.name),
                        w.service_account.clone(),
                    ));
                }
                _ => {}
            }
        }
        let mut namespaces: BTreeSet<Arc<str>> = rbac.namespaces.clone();
        namespaces.insert(intern("kube-system"));
        Context {
            users,
            groups,
            service_accounts,
            token_secrets,
            token_workloads,
            namespaces: namespaces.into_iter().collect(),
        }
    }
}

/// The rules that allow one request, indexed by the namespace of their grant: lookups in
/// loops over namespaces and service accounts stay constant-time however many namespaces a
/// subject is bound in.
struct Matches<'r> {
    all: Vec<Match<'r>>,
    cluster: Vec<usize>,
    by_namespace: HashMap<Arc<str>, Vec<usize>>,
}

impl<'r> Matches<'r> {
    fn new(all: Vec<Match<'r>>) -> Self {
        let mut cluster = Vec::new();
        let mut by_namespace: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
        for (i, m) in all.iter().enumerate() {
            match &m.via.grant.scope {
                Scope::Cluster => cluster.push(i),
                Scope::Namespace(ns) => by_namespace.entry(ns.clone()).or_default().push(i),
            }
        }
        Matches {
            all,
            cluster,
            by_namespace,
        }
    }

    fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The match that allows the request in `namespace` for every name alike: the first
    /// that allows it for all names, when no match before it names some (which would be
    /// the one [`Matches::permit`] finds for those names).
    fn uniform(&self, namespace: Option<&str>) -> Option<Via> {
        for m in self.in_order(namespace) {
            if m.permits(namespace, None) {
                return Some(m.via.clone());
            }
            if m.names.is_some() {
                return None;
            }
        }
        None
    }

    /// The first match that allows the request in `namespace` for `name`.
    fn permit(&self, namespace: Option<&str>, name: Option<&str>) -> Option<Via> {
        self.in_order(namespace)
            .find(|m| m.permits(namespace, name))
            .map(|m| m.via.clone())
    }

    /// The matches that can apply in `namespace` (`None`: cluster-wide), in the order they
    /// are tried: cluster-wide grants, then the namespace's.
    fn in_order(&self, namespace: Option<&str>) -> impl Iterator<Item = &Match<'r>> {
        let local = namespace
            .and_then(|ns| self.by_namespace.get(ns))
            .into_iter()
            .flatten();
        self.cluster.iter().chain(local).map(|&i| &self.all[i])
    }
}

impl<'r, 'a> Graph<'r, 'a> {
    fn new(rbac: &'r Rbac<'a>) -> Self {
        Graph {
            rbac,
            actors: Vec::new(),
            index: HashMap::new(),
            edges: Vec::new(),
            hubs: Vec::new(),
            hub_index: HashMap::new(),
            parents: Parents::default(),
            classes: Classes::default(),
            ctx: Context::new(rbac),
        }
    }

    fn actor(&mut self, a: Actor) -> usize {
        if let Some(&i) = self.index.get(&a) {
            return i;
        }
        let i = self.actors.len();
        self.actors.push(a.clone());
        self.index.insert(a, i);
        self.edges.push(None);
        i
    }

    /// The hub of `key`, its identities made actors on first use; `None` when it is empty.
    fn hub(&mut self, key: HubKey) -> Option<usize> {
        if let Some(&h) = self.hub_index.get(&key) {
            return (!self.hubs[h].members.is_empty()).then_some(h);
        }
        let ctx = &self.ctx;
        let sa = |ns: &str, name: &str| SubjectKey::service_account(ns, name);
        let (members, labels): (Vec<SubjectKey>, Vec<String>) = match &key {
            HubKey::ServiceAccounts(ns) => (
                ctx.service_accounts
                    .get(ns)
                    .into_iter()
                    .flatten()
                    .map(|name| sa(ns, name))
                    .collect(),
                Vec::new(),
            ),
            HubKey::Users => (ctx.users.clone(), Vec::new()),
            HubKey::Groups => (ctx.groups.clone(), Vec::new()),
            HubKey::TokenSecrets(ns) => ctx
                .token_secrets
                .get(ns)
                .into_iter()
                .flatten()
                .map(|(secret, name)| (sa(ns, name), secret.to_string()))
                .unzip(),
            HubKey::MountedTokens(ns) => {
                let mut seen: HashSet<&Arc<str>> = HashSet::new();
                ctx.token_workloads
                    .get(ns)
                    .into_iter()
                    .flatten()
                    .filter(|(_, name)| seen.insert(name))
                    .map(|(workload, name)| (sa(ns, name), workload.clone()))
                    .unzip()
            }
            HubKey::AllMountedTokens => ctx
                .token_workloads
                .iter()
                .flat_map(|(ns, workloads)| {
                    workloads
                        .iter()
                        .map(move |(workload, name)| (sa(ns, name), workload.clone()))
                })
                .unzip(),
        };
        let members: Vec<usize> = members
            .into_iter()
            .map(|s| self.actor(Actor::Subject(s)))
            .collect();
        let h = self.hubs.len();
        let empty = members.is_empty();
        self.hubs.push(Hub { members, labels });
        self.hub_index.insert(key, h);
        (!empty).then_some(h)
    }

    fn grants(&self, a: &Actor) -> Vec<Grant> {
        match a {
            Actor::Subject(s) => self.rbac.grants(&self.rbac.bindings_of(s)),
            Actor::Holds(role, scope) => vec![Grant {
                binding: None,
                role: *role,
                scope: scope.clone(),
            }],
        }
    }

    /// Namespaces where one of the matches allows the request (for every name, or `name`).
    fn namespaces_permitted(&self, ms: &Matches<'_>, name: Option<&str>) -> Vec<(Arc<str>, Via)> {
        if ms.is_empty() {
            return Vec::new();
        }
        if let Some(via) = ms.permit(None, name) {
            return self
                .ctx
                .namespaces
                .iter()
                .map(|ns| (ns.clone(), via.clone()))
                .collect();
        }
        let mut out: Vec<(Arc<str>, Via)> = ms
            .by_namespace
            .keys()
            .filter_map(|ns| ms.permit(Some(ns), name).map(|via| (ns.clone(), via)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn edges_of(&mut self, a: usize) -> Vec<Edge> {
        let actor = self.actors[a].clone();
        let grants = self.grants(&actor);
        let rbac = self.rbac;
        // Grants grouped by role: a group bound to `view` in every namespace checks view's
        // rules once per request, not once per namespace.
        let mut by_role: BTreeMap<RoleIdx, Vec<&Grant>> = BTreeMap::new();
        for g in &grants {
            by_role.entry(g.role).or_default().push(g);
        }
        let m = |verb: &str, group: &str, resource: &str, sub: Option<&str>, namespaced: bool| {
            let request = ResourceRequest {
                verb,
                group,
                resource,
                subresource: sub,
                name: None,
            };
            let mut all = Vec::new();
            for (&role, role_grants) in &by_role {
                let rules: Vec<RuleRef> = rbac.roles[role as usize]
                    .rules
                    .iter()
                    .copied()
                    .filter(|&r| crate::rule::allows_some_name(rbac.rule(r), &request))
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                for g in role_grants {
                    if !namespaced && g.scope != Scope::Cluster {
                        continue;
                    }
                    for &r in &rules {
                        let rule = rbac.rule(r);
                        all.push(Match {
                            via: Via {
                                grant: (*g).clone(),
                                rule: r,
                            },
                            names: (!rule.resource_names.is_empty())
                                .then_some(&*rule.resource_names),
                        });
                    }
                }
            }
            Matches::new(all)
        };
        let mut out: Vec<Edge> = Vec::new();
        let mut to_actor: Vec<(Target, String, Vec<Via>)> = Vec::new();
        let position = |out: &mut Vec<Edge>, p: Position, action: String, via: Vec<Via>, direct| {
            out.push(Edge {
                to: To::Position(p),
                action,
                via,
                direct,
            });
        };

        // Positions held directly.
        if let Actor::Subject(s) = &actor
            && s.kind == SubjectKind::Group
            && &*s.name == "system:masters"
        {
            position(
                &mut out,
                Position::ClusterAdmin,
                "is in system:masters, which the API server lets do anything".into(),
                Vec::new(),
                true,
            );
        }
        for g in &grants {
            if let Some(&r) = rbac.roles[g.role as usize]
                .rules
                .iter()
                .find(|&&r| is_full_wildcard(rbac.rule(r)))
            {
                let via = vec![Via {
                    grant: g.clone(),
                    rule: r,
                }];
                match &g.scope {
                    Scope::Cluster => position(
                        &mut out,
                        Position::ClusterAdmin,
                        "is granted every verb on every resource, cluster-wide".into(),
                        via,
                        true,
                    ),
                    Scope::Namespace(ns) => position(
                        &mut out,
                        Position::NamespaceAdmin(ns.clone()),
                        format!("is granted every verb on every resource in namespace {ns}"),
                        via,
                        true,
                    ),
                }
            }
        }
        // Holding cluster-admin dominates every other move: the shortest chains through this
        // identity end here.
        if out
            .iter()
            .any(|e| e.direct && matches!(e.to, To::Position(Position::ClusterAdmin)))
        {
            out.retain(|e| matches!(e.to, To::Position(Position::ClusterAdmin)));
            out.truncate(1);
            return out;
        }
        for verb in ["list", "watch", "get"] {
            let ms = m(verb, "", "secrets", None, true);
            if let Some(via) = ms.permit(None, None) {
                position(
                    &mut out,
                    Position::AllSecrets,
                    format!("can {verb} every Secret"),
                    vec![via],
                    true,
                );
                break;
            }
            for (ns, via) in self.namespaces_permitted(&ms, None) {
                position(
                    &mut out,
                    Position::Secrets(ns.clone()),
                    format!("can {verb} every Secret of namespace {ns}"),
                    vec![via],
                    true,
                );
            }
        }
        for verb in ["get", "create"] {
            let ms = m(verb, "", "nodes", Some("proxy"), false);
            if let Some(mm) = ms.all.first() {
                position(
                    &mut out,
                    Position::Node,
                    format!(
                        "can {verb} nodes/proxy: the kubelet API, which runs commands in every pod of the node"
                    ),
                    vec![mm.via.clone()],
                    false,
                );
                break;
            }
        }

        // Impersonation.
        for (resource, hub) in [("users", HubKey::Users), ("groups", HubKey::Groups)] {
            let ms = m("impersonate", "", resource, None, false);
            if let Some(via) = ms.uniform(None) {
                to_actor.push((Target::Fan(hub, Fan::Impersonate), String::new(), vec![via]));
                continue;
            }
            if ms.is_empty() {
                continue;
            }
            let identities = match hub {
                HubKey::Users => &self.ctx.users,
                _ => &self.ctx.groups,
            };
            for s in identities {
                if let Some(via) = ms.permit(None, Some(&s.name)) {
                    let target = Actor::Subject(s.clone());
                    let action = Fan::Impersonate.action(&target, "", "");
                    to_actor.push((Target::One(target), action, vec![via]));
                }
            }
        }
        let sas = m("impersonate", "", "serviceaccounts", None, true);
        self.to_service_accounts(&sas, Fan::Impersonate, &mut to_actor);

        // bind: create a binding to a role whose permissions it does not hold.
        let cluster_admin = rbac.role("ClusterRole", None, "cluster-admin");
        let crb = m("create", RBAC_GROUP, "clusterrolebindings", None, false).permit(None, None);
        if let Some(crb) = crb {
            let bind = m("bind", RBAC_GROUP, "clusterroles", None, false);
            for (role, via) in self.bindable(&bind, None, cluster_admin, "ClusterRole") {
                to_actor.push((
                    Target::One(Actor::Holds(role, Scope::Cluster)),
                    format!(
                        "bind ClusterRole {} with a new ClusterRoleBinding",
                        rbac.roles[role as usize].name
                    ),
                    vec![via, crb.clone()],
                ));
            }
        }
        let rb = m("create", RBAC_GROUP, "rolebindings", None, true);
        if !rb.is_empty() {
            // `bind` is checked in the binding's namespace, on clusterroles or roles.
            let bind_cr = m("bind", RBAC_GROUP, "clusterroles", None, true);
            let bind_r = m("bind", RBAC_GROUP, "roles", None, true);
            for (ns, rb_via) in self.namespaces_permitted(&rb, None) {
                let mut targets = self.bindable(&bind_cr, Some(&ns), cluster_admin, "ClusterRole");
                // cluster-admin in the namespace covers every Role of it.
                if !targets.iter().any(|(r, _)| Some(*r) == cluster_admin) {
                    targets.extend(self.bindable(&bind_r, Some(&ns), None, "Role"));
                }
                for (role, via) in targets {
                    let r = &rbac.roles[role as usize];
                    to_actor.push((
                        Target::One(Actor::Holds(role, Scope::Namespace(ns.clone()))),
                        format!(
                            "bind {} {} with a new RoleBinding in namespace {ns}",
                            r.kind, r.name
                        ),
                        vec![via, rb_via.clone()],
                    ));
                }
            }
        }

        // escalate: rewrite a role it is bound to.
        if let Actor::Subject(_) = &actor {
            let rights = |resource: &str, namespaced: bool| {
                (
                    m("escalate", RBAC_GROUP, resource, None, namespaced),
                    m("update", RBAC_GROUP, resource, None, namespaced),
                    m("patch", RBAC_GROUP, resource, None, namespaced),
                )
            };
            let cluster_roles = rights("clusterroles", false);
            let roles = rights("roles", true);
            for g in &grants {
                let role = &rbac.roles[g.role as usize];
                let ((esc, update, patch), ns) = match role.kind {
                    "ClusterRole" => (&cluster_roles, None),
                    _ => (&roles, role.namespace.as_deref()),
                };
                if esc.is_empty() {
                    continue;
                }
                let name = Some(&*role.name);
                let esc = esc.permit(ns, name);
                let upd = update.permit(ns, name).or_else(|| patch.permit(ns, name));
                if let (Some(esc), Some(upd)) = (esc, upd) {
                    let target = match &g.scope {
                        Scope::Cluster => Position::ClusterAdmin,
                        Scope::Namespace(n) => Position::NamespaceAdmin(n.clone()),
                    };
                    position(
                        &mut out,
                        target,
                        format!(
                            "escalate and update {} {}, which it is bound to, to grant itself everything",
                            role.kind, role.name
                        ),
                        vec![esc, upd],
                        false,
                    );
                }
            }
        }

        // Running pods: as any service account of the namespace, and privileged.
        let mut pod_namespaces: std::collections::BTreeMap<Arc<str>, (Via, &str)> =
            std::collections::BTreeMap::new();
        for (group, resource) in
            std::iter::once(&("", "pods")).chain(crate::resources::POD_CONTROLLERS)
        {
            for verb in ["create", "update", "patch"] {
                if *resource == "pods" && verb != "create" {
                    continue; // a pod's service account and privileges cannot be changed
                }
                let ms = m(verb, group, resource, None, true);
                for (ns, via) in self.namespaces_permitted(&ms, None) {
                    pod_namespaces.entry(ns).or_insert((via, resource));
                }
            }
        }
        for (ns, (via, resource)) in pod_namespaces {
            if self.ctx.service_accounts.contains_key(&ns) {
                to_actor.push((
                    Target::Fan(HubKey::ServiceAccounts(ns.clone()), Fan::Pods(resource)),
                    String::new(),
                    vec![via.clone()],
                ));
            }
            match self.enforced(&ns) {
                Some(level) if level == "baseline" || level == "restricted" => {}
                level => position(
                    &mut out,
                    Position::Node,
                    format!(
                        "create privileged {resource} in namespace {ns} ({})",
                        match level {
                            Some(l) => format!("Pod Security enforces only \"{l}\""),
                            None if rbac.inventory.find(None, "Namespace", &ns).is_none() =>
                                "the namespace is not in the input; assumed without Pod Security enforcement".to_string(),
                            None => "no Pod Security enforce label".to_string(),
                        }
                    ),
                    vec![via.clone()],
                    false,
                ),
            }
        }

        // Service-account tokens: TokenRequest, legacy token Secrets.
        let tokens = m("create", "", "serviceaccounts", Some("token"), true);
        self.to_service_accounts(&tokens, Fan::Token, &mut to_actor);
        let read_secrets = Matches::new(
            ["get", "list", "watch"]
                .iter()
                .flat_map(|v| m(v, "", "secrets", None, true).all)
                .collect(),
        );
        if !read_secrets.is_empty() {
            let create_secrets = m("create", "", "secrets", None, true);
            for (ns, secrets) in &self.ctx.token_secrets {
                if let Some(via) = read_secrets.uniform(Some(ns)) {
                    to_actor.push((
                        Target::Fan(HubKey::TokenSecrets(ns.clone()), Fan::ReadTokenSecret),
                        String::new(),
                        vec![via],
                    ));
                    continue;
                }
                for (secret, sa) in secrets {
                    if let Some(via) = read_secrets.permit(Some(ns), Some(secret)) {
                        let target = Actor::Subject(SubjectKey::service_account(ns, sa));
                        let action = Fan::ReadTokenSecret.action(&target, secret, "");
                        to_actor.push((Target::One(target), action, vec![via]));
                    }
                }
            }
            for (ns, create) in self.namespaces_permitted(&create_secrets, None) {
                let Some(read) = read_secrets.permit(Some(&ns), None) else {
                    continue;
                };
                if self.ctx.service_accounts.contains_key(&ns) {
                    to_actor.push((
                        Target::Fan(HubKey::ServiceAccounts(ns.clone()), Fan::TokenSecret),
                        String::new(),
                        vec![create.clone(), read.clone()],
                    ));
                }
            }
        }

        // Certificates: approve a CSR for a client certificate.
        let csr = m(
            "create",
            "certificates.k8s.io",
            "certificatesigningrequests",
            None,
            false,
        )
        .permit(None, None);
        let approval = m(
            "update",
            "certificates.k8s.io",
            "certificatesigningrequests",
            Some("approval"),
            false,
        )
        .permit(None, None);
        if let (Some(csr), Some(approval)) = (csr, approval) {
            let signers = m("approve", "certificates.k8s.io", "signers", None, false);
            let signer = |name: &str| {
                signers
                    .permit(None, Some(name))
                    .or_else(|| signers.permit(None, Some("kubernetes.io/*")))
            };
            if let Some(s) = signer("kubernetes.io/kube-apiserver-client") {
                position(
                    &mut out,
                    Position::ClusterAdmin,
                    "request and approve a client certificate in group system:masters (signer kubernetes.io/kube-apiserver-client)".into(),
                    vec![csr.clone(), approval.clone(), s],
                    false,
                );
            }
            if let Some(s) = signer("kubernetes.io/kube-apiserver-client-kubelet") {
                position(
                    &mut out,
                    Position::Node,
                    "request and approve a kubelet client certificate (signer kubernetes.io/kube-apiserver-client-kubelet): a node's identity".into(),
                    vec![csr, approval, s],
                    false,
                );
            }
        }

        // Mutating admission webhooks rewrite every pod the API server admits.
        let webhook = ["create", "update", "patch"].iter().find_map(|v| {
            m(
                v,
                "admissionregistration.k8s.io",
                "mutatingwebhookconfigurations",
                None,
                false,
            )
            .permit(None, None)
        });
        if let Some(via) = webhook {
            position(
                &mut out,
                Position::Node,
                "register a mutating admission webhook that rewrites pods as they are created (image, privileges)".into(),
                vec![via.clone()],
                false,
            );
            if !self.ctx.token_workloads.is_empty() {
                to_actor.push((
                    Target::Fan(HubKey::AllMountedTokens, Fan::Webhook),
                    String::new(),
                    vec![via.clone()],
                ));
            }
        }

        // Into running pods: exec, attach, ephemeral containers.
        let mut entry: Vec<Match<'_>> = Vec::new();
        for (verb, sub) in [
            ("create", "exec"),
            ("get", "exec"),
            ("create", "attach"),
            ("get", "attach"),
            ("update", "ephemeralcontainers"),
            ("patch", "ephemeralcontainers"),
        ] {
            entry.extend(m(verb, "", "pods", Some(sub), true).all);
        }
        let entry = Matches::new(entry);
        if !entry.is_empty() {
            for (ns, workloads) in &self.ctx.token_workloads {
                let Some(via) = entry.permit(Some(ns), None) else {
                    continue;
                };
                if !workloads.is_empty() {
                    to_actor.push((
                        Target::Fan(HubKey::MountedTokens(ns.clone()), Fan::Exec),
                        String::new(),
                        vec![via],
                    ));
                }
            }
        }

        for (target, action, via) in to_actor {
            let to = match target {
                Target::One(target) if target == actor => continue,
                Target::One(target) => To::Actor(self.actor(target)),
                Target::Fan(key, fan) => match self.hub(key) {
                    Some(hub) => To::Fan { hub, fan },
                    None => continue,
                },
            };
            out.push(Edge {
                to,
                action,
                via,
                direct: false,
            });
        }
        out
    }

    /// The roles a `bind` permission allows binding in `namespace` (`None`: cluster-wide):
    /// unrestricted, the strongest is enough (`cluster-admin` among ClusterRoles; every Role
    /// of the namespace otherwise); limited by `resourceNames`, exactly those that exist.
    fn bindable(
        &self,
        ms: &Matches<'_>,
        namespace: Option<&str>,
        strongest: Option<RoleIdx>,
        kind: &str,
    ) -> Vec<(RoleIdx, Via)> {
        let rbac = self.rbac;
        let role_ns = if kind == "Role" { namespace } else { None };
        let mut out = Vec::new();
        if let Some(via) = ms.permit(namespace, None) {
            match strongest {
                Some(r) => return vec![(r, via)],
                None => {
                    for (i, r) in rbac.roles.iter().enumerate() {
                        if r.kind == kind && r.namespace.as_deref() == role_ns {
                            out.push((i as RoleIdx, via.clone()));
                        }
                    }
                    return out;
                }
            }
        }
        for m in &ms.all {
            for name in m.names.into_iter().flatten() {
                if m.permits(namespace, Some(name))
                    && let Some(r) = rbac.role(kind, role_ns, name)
                    && !out.iter().any(|(x, _)| *x == r)
                {
                    out.push((r, m.via.clone()));
                }
            }
        }
        out
    }

    /// The moves `fan` to the service accounts `ms` allows the request for (by name): one
    /// edge to all of a namespace's when one grant allows it for every name there.
    fn to_service_accounts(
        &self,
        ms: &Matches<'_>,
        fan: Fan,
        to_actor: &mut Vec<(Target, String, Vec<Via>)>,
    ) {
        if ms.is_empty() {
            return;
        }
        for (ns, names) in &self.ctx.service_accounts {
            if let Some(via) = ms.uniform(Some(ns)) {
                let hub = HubKey::ServiceAccounts(ns.clone());
                to_actor.push((Target::Fan(hub, fan), String::new(), vec![via]));
                continue;
            }
            for name in names {
                if let Some(via) = ms.permit(Some(ns), Some(name)) {
                    let target = Actor::Subject(SubjectKey::service_account(ns, name));
                    let action = fan.action(&target, "", "");
                    to_actor.push((Target::One(target), action, vec![via]));
                }
            }
        }
    }

    /// How a move into running pods gets in (`pods/exec`, `pods/attach`...), from the rule
    /// that allows it.
    fn exec_how(&self, via: &Via) -> &str {
        self.rbac
            .rule(via.rule)
            .resources
            .iter()
            .find(|x| x.starts_with("pods/") || &***x == "*" || x.starts_with("*/"))
            .map_or("exec", |x| &**x)
    }

    /// The Pod Security level a namespace enforces, from its label.
    fn enforced(&self, ns: &str) -> Option<String> {
        let record = self.rbac.inventory.find(None, "Namespace", ns)?;
        label_value(&record.labels, "pod-security.kubernetes.io/enforce").map(str::to_string)
    }

    fn ensure_edges(&mut self, a: usize) {
        if self.edges[a].is_none() {
            let e = self.edges_of(a);
            self.edges[a] = Some(e);
        }
    }

    /// The class of `a`: actors whose moves lead to the same vertices share it.
    fn class_of(&mut self, a: usize) -> u32 {
        if let Some(Some(c)) = self.classes.of.get(a) {
            return *c;
        }
        self.ensure_edges(a);
        let leads: Vec<Leads> = self.edges[a]
            .iter()
            .flatten()
            .map(|e| match &e.to {
                To::Actor(b) => Leads::Actor(*b),
                To::Position(p) => Leads::Position(p.clone()),
                To::Fan { hub, .. } => Leads::Hub(*hub),
            })
            .collect();
        let next = self.classes.index.len() as u32;
        let c = *self.classes.index.entry(leads).or_insert(next);
        if a >= self.classes.of.len() {
            self.classes.of.resize(a + 1, None);
        }
        self.classes.of[a] = Some(c);
        c
    }

    /// The first member of each class in `hub`, in its order.
    fn hub_firsts(&mut self, hub: usize) -> HubFirsts {
        if let Some(Some(firsts)) = self.classes.hub_firsts.get(hub) {
            return firsts.clone();
        }
        let members = self.hubs[hub].members.clone();
        let mut seen = HashSet::new();
        let mut firsts = Vec::new();
        for (k, b) in members.into_iter().enumerate() {
            let c = self.class_of(b);
            if seen.insert(c) {
                firsts.push((k, b, c));
            }
        }
        let firsts: HubFirsts = firsts.into();
        if hub >= self.classes.hub_firsts.len() {
            self.classes.hub_firsts.resize(hub + 1, None);
        }
        self.classes.hub_firsts[hub] = Some(firsts.clone());
        firsts
    }

    fn paths_from(&mut self, subject: SubjectKey) -> Vec<Path> {
        let start = self.actor(Actor::Subject(subject.clone()));
        // parent[actor] = (previous actor, edge index, index in the edge's hub)
        let mut parent = std::mem::take(&mut self.parents);
        parent.start();
        let mut reached: Vec<(Position, usize, usize)> = Vec::new();
        let mut seen_positions: BTreeSet<Position> = BTreeSet::new();
        // A hub's identities are all reached the first time one of its edges is taken:
        // later edges to it reach nothing new.
        let mut hubs_taken: Vec<bool> = Vec::new();
        let mut queue = VecDeque::from([start]);
        parent.insert(start, (usize::MAX, 0, 0));
        // An actor of a class already reached leads nowhere new (its class's first actor
        // reached is ahead of it in the queue, and leads everywhere it does): not queued.
        let class = self.class_of(start);
        parent.first_of_class(class);
        while let Some(a) = queue.pop_front() {
            self.ensure_edges(a);
            let n = self.edges[a].as_ref().map_or(0, Vec::len);
            for e in 0..n {
                let Some(to) = self.edges[a].as_ref().map(|edges| &edges[e].to) else {
                    break;
                };
                match to {
                    To::Position(p) => {
                        if !seen_positions.contains(p) {
                            seen_positions.insert(p.clone());
                            reached.push((p.clone(), a, e));
                        }
                    }
                    &To::Actor(b) => {
                        if parent.insert(b, (a, e, 0)) {
                            let class = self.class_of(b);
                            if parent.first_of_class(class) {
                                queue.push_back(b);
                            }
                        }
                    }
                    &To::Fan { hub, .. } => {
                        if hubs_taken.len() <= hub {
                            hubs_taken.resize(hub + 1, false);
                        }
                        if std::mem::replace(&mut hubs_taken[hub], true) {
                            continue;
                        }
                        // Members after their class's first lead nowhere new.
                        for &(k, b, class) in self.hub_firsts(hub).iter() {
                            if !parent.reached(b) && parent.first_of_class(class) {
                                parent.insert(b, (a, e, k));
                                queue.push_back(b);
                            }
                        }
                    }
                }
            }
        }
        // Keep the strongest: cluster-admin implies everything; all-secrets and
        // namespace-admin imply the namespace's secrets.
        let cluster_admin = seen_positions.contains(&Position::ClusterAdmin);
        reached.retain(|(p, _, _)| match p {
            Position::ClusterAdmin => true,
            _ if cluster_admin => false,
            Position::Secrets(ns) => {
                !seen_positions.contains(&Position::AllSecrets)
                    && !seen_positions.contains(&Position::NamespaceAdmin(ns.clone()))
            }
            _ => true,
        });
        let paths = reached
            .into_iter()
            .map(|(p, last, e)| {
                let mut chain = vec![(last, e, 0)];
                let mut at = last;
                while let Some((prev, edge, k)) = parent.get(at) {
                    if prev == usize::MAX {
                        break;
                    }
                    chain.push((prev, edge, k));
                    at = prev;
                }
                chain.reverse();
                let mut steps: Vec<Step> =
                    chain.iter().map(|&(a, e, k)| self.step(a, e, k)).collect();
                // Holding a role one has just bound is not a step of its own: the bind step
                // reaches the position.
                if steps.len() > 1
                    && matches!(self.actors[last], Actor::Holds(..))
                    && self.edges[last].as_ref().is_some_and(|x| x[e].direct)
                    && let Some(held) = steps.pop()
                    && let Some(prev) = steps.last_mut()
                {
                    prev.to = held.to;
                }
                let escalation = chain.len() > 1
                    || chain
                        .iter()
                        .any(|&(a, e, _)| self.edges[a].as_ref().is_some_and(|x| !x[e].direct));
                Path {
                    subject: subject.clone(),
                    reaches: p,
                    escalation,
                    steps,
                }
            })
            .collect();
        self.parents = parent;
        paths
    }

    fn node(&self, a: usize) -> Node {
        match &self.actors[a] {
            Actor::Subject(s) => Node {
                kind: Some(format!("{:?}", s.kind)),
                name: Some(s.name.to_string()),
                namespace: s.namespace.as_ref().map(|n| n.to_string()),
                scope: None,
                position: None,
            },
            Actor::Holds(r, scope) => {
                let role = &self.rbac.roles[*r as usize];
                Node {
                    kind: Some(role.kind.to_string()),
                    name: Some(role.name.to_string()),
                    namespace: scope.namespace().map(str::to_string),
                    scope: Some(match scope {
                        Scope::Cluster => "cluster",
                        Scope::Namespace(_) => "namespace",
                    }),
                    position: None,
                }
            }
        }
    }

    /// The step of edge `e` of actor `a` (to identity `k` of its hub, for a fan edge).
    fn step(&self, a: usize, e: usize, k: usize) -> Step {
        let edge = self.edges[a]
            .as_ref()
            .and_then(|x| x.get(e))
            .cloned()
            .unwrap_or(Edge {
                to: To::Position(Position::Node),
                action: String::new(),
                via: Vec::new(),
                direct: true,
            });
        let mut via = edge.via.iter().map(|v| self.rbac.grant_out(v));
        let action = match edge.to {
            To::Fan { hub, fan } => {
                let hub = &self.hubs[hub];
                match hub.members.get(k) {
                    Some(&b) => {
                        let how = match fan {
                            Fan::Exec => edge.via.first().map_or("exec", |v| self.exec_how(v)),
                            _ => "",
                        };
                        let label = hub.labels.get(k).map_or("", String::as_str);
                        fan.action(&self.actors[b], label, how)
                    }
                    None => String::new(),
                }
            }
            _ => edge.action.clone(),
        };
        Step {
            from: self.node(a),
            action,
            via: via.next(),
            also_via: via.collect(),
            to: match &edge.to {
                To::Actor(b) => self.node(*b),
                To::Fan { hub, .. } => match self.hubs[*hub].members.get(k) {
                    Some(&b) => self.node(b),
                    None => self.node(a),
                },
                To::Position(p) => Node {
                    kind: None,
                    name: None,
                    namespace: None,
                    scope: None,
                    position: Some(p.to_string()),
                },
            },
        }
    }
}
