//! The RBAC model of an inventory: roles (with aggregation computed and the Kubernetes
//! defaults filled in), bindings resolved to their roles, and the subjects they name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use groundcrew_inventory::{
    BindingFacts, Facts, Inventory, ObjectId, PolicyRule, RecordId, RoleFacts, intern,
};
use serde::Serialize;

use crate::defaults::defaults;

pub type RoleIdx = u32;
pub type BindingIdx = u32;

/// The kind of a binding subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SubjectKind {
    User,
    Group,
    ServiceAccount,
}

/// A subject: a user, a group, or a service account (with its namespace).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SubjectKey {
    pub kind: SubjectKind,
    pub name: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Arc<str>>,
}

impl SubjectKey {
    pub fn user(name: &str) -> Self {
        SubjectKey {
            kind: SubjectKind::User,
            name: intern(name),
            namespace: None,
        }
    }

    pub fn group(name: &str) -> Self {
        SubjectKey {
            kind: SubjectKind::Group,
            name: intern(name),
            namespace: None,
        }
    }

    pub fn service_account(namespace: &str, name: &str) -> Self {
        SubjectKey {
            kind: SubjectKind::ServiceAccount,
            name: intern(name),
            namespace: Some(intern(namespace)),
        }
    }

    /// A binding subject as Kubernetes authenticates it: a User named
    /// `system:serviceaccount:NS:NAME` is that service account. `None` for unknown kinds.
    pub fn from_binding(kind: &str, name: &str, namespace: Option<&str>) -> Option<Self> {
        match kind {
            "User" => Some(match service_account_user(name) {
                Some((ns, sa)) => SubjectKey::service_account(ns, sa),
                None => SubjectKey::user(name),
            }),
            "Group" => Some(SubjectKey::group(name)),
            "ServiceAccount" => Some(SubjectKey::service_account(namespace?, name)),
            _ => None,
        }
    }

    /// Parses `User:alice`, `Group:devs`, `ServiceAccount:ns:name` or
    /// `system:serviceaccount:ns:name`.
    pub fn parse(s: &str) -> Result<Self, String> {
        if let Some((ns, name)) = service_account_user(s) {
            return Ok(SubjectKey::service_account(ns, name));
        }
        match s.split_once(':') {
            Some(("User", name)) if !name.is_empty() => Ok(SubjectKey::user(name)),
            Some(("Group", name)) if !name.is_empty() => Ok(SubjectKey::group(name)),
            Some(("ServiceAccount", rest)) => match rest.split_once(':') {
                Some((ns, name)) if !ns.is_empty() && !name.is_empty() => {
                    Ok(SubjectKey::service_account(ns, name))
                }
                _ => Err(format!(
                    "\"{s}\": a service account is ServiceAccount:NAMESPACE:NAME"
                )),
            },
            _ => Err(format!(
                "\"{s}\": name a subject as User:NAME, Group:NAME, ServiceAccount:NAMESPACE:NAME or system:serviceaccount:NAMESPACE:NAME"
            )),
        }
    }

    /// The groups Kubernetes puts the subject in whatever its credentials say: every
    /// authenticated user is in `system:authenticated`; a service account also in
    /// `system:serviceaccounts` and `system:serviceaccounts:<namespace>`; the anonymous user
    /// in `system:unauthenticated`.
    pub fn implicit_groups(&self) -> Vec<SubjectKey> {
        match self.kind {
            SubjectKind::Group => Vec::new(),
            SubjectKind::User if &*self.name == "system:anonymous" => {
                vec![SubjectKey::group("system:unauthenticated")]
            }
            SubjectKind::User => vec![SubjectKey::group("system:authenticated")],
            SubjectKind::ServiceAccount => vec![
                SubjectKey::group("system:serviceaccounts"),
                SubjectKey::group(&format!(
                    "system:serviceaccounts:{}",
                    self.namespace.as_deref().unwrap_or("")
                )),
                SubjectKey::group("system:authenticated"),
            ],
        }
    }

    /// The object the subject is, for findings: a ServiceAccount (`v1`), or a User or Group
    /// (`rbac.authorization.k8s.io/v1`, as in binding subjects).
    pub fn object_id(&self) -> ObjectId {
        let (api_version, kind) = match self.kind {
            SubjectKind::User => ("rbac.authorization.k8s.io/v1", "User"),
            SubjectKind::Group => ("rbac.authorization.k8s.io/v1", "Group"),
            SubjectKind::ServiceAccount => ("v1", "ServiceAccount"),
        };
        ObjectId {
            api_version: intern(api_version),
            kind: intern(kind),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// One of the subjects whose grants are grants to anyone: `system:anonymous`,
    /// `system:unauthenticated`, `system:authenticated`.
    pub fn is_everyone(&self) -> bool {
        matches!(
            (self.kind, &*self.name),
            (SubjectKind::User, "system:anonymous")
                | (
                    SubjectKind::Group,
                    "system:unauthenticated" | "system:authenticated"
                )
        )
    }
}

fn service_account_user(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("system:serviceaccount:")?;
    let (ns, sa) = rest.split_once(':')?;
    (!ns.is_empty() && !sa.is_empty() && !sa.contains(':')).then_some((ns, sa))
}

impl fmt::Display for SubjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.namespace) {
            (SubjectKind::ServiceAccount, Some(ns)) => {
                write!(f, "ServiceAccount {ns}/{}", self.name)
            }
            (kind, _) => write!(f, "{kind:?} {}", self.name),
        }
    }
}

/// Where a grant applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// A ClusterRoleBinding: every namespace and every cluster-scoped resource.
    Cluster,
    /// A RoleBinding: namespaced resources of this namespace only.
    Namespace(Arc<str>),
}

impl Scope {
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Scope::Cluster => None,
            Scope::Namespace(ns) => Some(ns),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Cluster => f.write_str("cluster-wide"),
            Scope::Namespace(ns) => write!(f, "in namespace {ns}"),
        }
    }
}

/// A rule, by the role that writes it and its index there (an aggregated ClusterRole's
/// rules are written in the roles it aggregates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleRef {
    pub role: RoleIdx,
    pub rule: u32,
}

/// A Role or ClusterRole, from the input or a Kubernetes default.
#[derive(Debug)]
pub struct RoleEntry<'a> {
    /// `Role` or `ClusterRole`.
    pub kind: &'static str,
    pub namespace: Option<Arc<str>>,
    pub name: Arc<str>,
    /// The input's record; `None` for a Kubernetes default the input does not define.
    pub record: Option<RecordId>,
    pub facts: &'a RoleFacts,
    /// Its effective rules: its own, or for an aggregated ClusterRole those of every
    /// ClusterRole its selectors match (transitively), as the aggregation controller fills
    /// them in.
    pub rules: Vec<RuleRef>,
    /// A Kubernetes default: built in, or in the input unmodified.
    pub is_default: bool,
}

/// A RoleBinding or ClusterRoleBinding of the input, resolved.
#[derive(Debug)]
pub struct BindingEntry<'a> {
    pub record: RecordId,
    pub facts: &'a BindingFacts,
    /// The role it grants; `None` when the role is not defined (in the input or the
    /// defaults) — then it grants nothing.
    pub role: Option<RoleIdx>,
    pub scope: Scope,
    pub is_default: bool,
}

/// The RBAC model of an inventory.
pub struct Rbac<'a> {
    pub inventory: &'a Inventory,
    pub roles: Vec<RoleEntry<'a>>,
    pub bindings: Vec<BindingEntry<'a>>,
    /// Every subject named by a binding, with the bindings that name it (in input order).
    pub subjects: BTreeMap<SubjectKey, Vec<BindingIdx>>,
    /// Every service account the input knows of: defined, named by a binding, or used by a
    /// workload; per namespace.
    pub service_accounts: BTreeMap<Arc<str>, BTreeSet<Arc<str>>>,
    /// Every namespace the input knows of.
    pub namespaces: BTreeSet<Arc<str>>,
    role_index: HashMap<RoleKey, RoleIdx>,
}

/// (kind, namespace, name) of a role.
type RoleKey = (&'static str, Option<Arc<str>>, Arc<str>);

impl<'a> Rbac<'a> {
    /// Builds the model: the input's roles, the defaults it does not define, aggregation,
    /// and every binding resolved to its role and scope.
    pub fn new(inventory: &'a Inventory) -> Self {
        let defaults = defaults();
        let mut roles: Vec<RoleEntry<'a>> = Vec::new();
        let mut role_index = HashMap::new();
        let mut role_labels: Vec<&'a [(Arc<str>, Arc<str>)]> = Vec::new();
        let mut bindings = Vec::new();
        let mut service_accounts: BTreeMap<Arc<str>, BTreeSet<Arc<str>>> = BTreeMap::new();
        // Every namespace the input names (the service accounts' are added below).
        let mut namespaces: BTreeSet<Arc<str>> = inventory
            .namespaces()
            .into_iter()
            .map(groundcrew_inventory::intern)
            .collect();
        for (i, record) in inventory.records().enumerate() {
            // The facts first: they sit in the record, its identity behind a pointer.
            if matches!(record.facts, Facts::None) {
                continue;
            }
            let id = &record.id;
            match (&record.facts, &*id.kind) {
                (Facts::Role(facts), kind @ ("Role" | "ClusterRole")) => {
                    let kind: &'static str = if kind == "Role" {
                        "Role"
                    } else {
                        "ClusterRole"
                    };
                    let namespace = if kind == "Role" {
                        id.namespace.clone()
                    } else {
                        None
                    };
                    let key = (kind, namespace.clone(), id.name.clone());
                    if role_index.contains_key(&key) {
                        // A duplicate definition: the last one applied wins.
                        let idx = role_index[&key] as usize;
                        roles[idx].record = Some(i as RecordId);
                        roles[idx].facts = facts;
                        role_labels[idx] = &record.labels;
                        continue;
                    }
                    role_index.insert(key, roles.len() as RoleIdx);
                    role_labels.push(&record.labels);
                    roles.push(RoleEntry {
                        kind,
                        namespace,
                        name: id.name.clone(),
                        record: Some(i as RecordId),
                        facts,
                        rules: Vec::new(),
                        is_default: false,
                    });
                }
                (Facts::Binding(facts), "RoleBinding" | "ClusterRoleBinding") => {
                    bindings.push((i as RecordId, &**facts));
                }
                (Facts::ServiceAccount { .. }, _) => {
                    if let Some(ns) = &id.namespace {
                        service_accounts
                            .entry(ns.clone())
                            .or_default()
                            .insert(id.name.clone());
                    }
                }
                (Facts::Workload(w), _) => {
                    if let Some(ns) = &id.namespace {
                        service_accounts
                            .entry(ns.clone())
                            .or_default()
                            .insert(w.service_account.clone());
                    }
                }
                _ => {}
            }
        }
        for r in &mut roles {
            r.is_default =
                defaults.is_default_role(r.kind, r.namespace.as_deref(), &r.name, r.facts);
        }
        for d in &defaults.roles {
            let key = (d.kind, d.namespace.clone(), d.name.clone());
            if role_index.contains_key(&key) {
                continue;
            }
            role_index.insert(key, roles.len() as RoleIdx);
            role_labels.push(&d.labels);
            roles.push(RoleEntry {
                kind: d.kind,
                namespace: d.namespace.clone(),
                name: d.name.clone(),
                record: None,
                facts: &d.facts,
                rules: Vec::new(),
                is_default: true,
            });
        }
        aggregate(&mut roles, &role_labels);

        let mut subjects: BTreeMap<SubjectKey, Vec<BindingIdx>> = BTreeMap::new();
        let bindings: Vec<BindingEntry<'a>> = bindings
            .into_iter()
            .enumerate()
            .map(|(b, (record, facts))| {
                let id = &inventory.get(record).id;
                let cluster = &*id.kind == "ClusterRoleBinding";
                let scope = match (&id.namespace, cluster) {
                    (Some(ns), false) => Scope::Namespace(ns.clone()),
                    _ => Scope::Cluster,
                };
                // A ClusterRoleBinding can only refer to a ClusterRole.
                let role = match &*facts.role_kind {
                    "ClusterRole" => role_index
                        .get(&("ClusterRole", None, facts.role_name.clone()))
                        .copied(),
                    "Role" if !cluster => role_index
                        .get(&("Role", id.namespace.clone(), facts.role_name.clone()))
                        .copied(),
                    _ => None,
                };
                for s in &facts.subjects {
                    if let Some(key) =
                        SubjectKey::from_binding(&s.kind, &s.name, s.namespace.as_deref())
                    {
                        if let (SubjectKind::ServiceAccount, Some(ns)) = (key.kind, &key.namespace)
                        {
                            service_accounts
                                .entry(ns.clone())
                                .or_default()
                                .insert(key.name.clone());
                        }
                        let list = subjects.entry(key).or_default();
                        if list.last() != Some(&(b as BindingIdx)) {
                            list.push(b as BindingIdx);
                        }
                    }
                }
                // A default binding to a modified default role is not a default any more.
                let is_default =
                    defaults.is_default_binding(&id.kind, id.namespace.as_deref(), &id.name, facts)
                        && role.is_none_or(|r| roles[r as usize].is_default);
                BindingEntry {
                    record,
                    facts,
                    role,
                    scope,
                    is_default,
                }
            })
            .collect();
        namespaces.extend(service_accounts.keys().cloned());
        Rbac {
            inventory,
            roles,
            bindings,
            subjects,
            service_accounts,
            namespaces,
            role_index,
        }
    }

    pub fn rule(&self, r: RuleRef) -> &PolicyRule {
        &self.roles[r.role as usize].facts.rules[r.rule as usize]
    }

    pub fn role(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<RoleIdx> {
        let kind: &'static str = match kind {
            "Role" => "Role",
            "ClusterRole" => "ClusterRole",
            _ => return None,
        };
        self.role_index
            .get(&(kind, namespace.map(intern), intern(name)))
            .copied()
    }

    /// The bindings that grant `subject` something: those naming it and those naming a
    /// group it is implicitly in.
    pub fn bindings_of(&self, subject: &SubjectKey) -> Vec<BindingIdx> {
        let mut out: Vec<BindingIdx> = self.subjects.get(subject).cloned().unwrap_or_default();
        for g in subject.implicit_groups() {
            out.extend(self.subjects.get(&g).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The binding's identity.
    pub fn binding_id(&self, b: BindingIdx) -> &ObjectId {
        &self.inventory.get(self.bindings[b as usize].record).id
    }

    /// The role's identity (apiVersion `rbac.authorization.k8s.io/v1`).
    pub fn role_id(&self, r: RoleIdx) -> ObjectId {
        let role = &self.roles[r as usize];
        match role.record {
            Some(rec) => (*self.inventory.get(rec).id).clone(),
            None => ObjectId {
                api_version: intern("rbac.authorization.k8s.io/v1"),
                kind: intern(role.kind),
                namespace: role.namespace.clone(),
                name: role.name.clone(),
            },
        }
    }
}

/// Fills in every role's effective rules: its own and, for an aggregated ClusterRole, the
/// effective rules of every other ClusterRole a selector matches, repeated until nothing
/// changes (aggregation chains: `admin` ← `edit` ← `view`). An aggregated role keeps its
/// own rules too: in a dump of a live cluster they are what the controller filled in (and
/// the roles it aggregated may not be in the input), and roles that aggregate each other
/// pass on the rules they were written with. Dropping them would grant nothing where the
/// cluster grants something; keeping them never misses a grant.
fn aggregate(roles: &mut [RoleEntry<'_>], labels: &[&[(Arc<str>, Arc<str>)]]) {
    for (i, r) in roles.iter_mut().enumerate() {
        r.rules = (0..r.facts.rules.len() as u32)
            .map(|rule| RuleRef {
                role: i as RoleIdx,
                rule,
            })
            .collect();
    }
    let aggregated: Vec<(usize, Vec<usize>)> = roles
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let selectors = r.facts.aggregation.as_ref()?;
            let sources = roles
                .iter()
                .enumerate()
                .filter(|(j, s)| {
                    *j != i
                        && s.kind == "ClusterRole"
                        && selectors.iter().any(|sel| sel.matches(labels[*j]))
                })
                .map(|(j, _)| j)
                .collect();
            Some((i, sources))
        })
        .collect();
    loop {
        let mut changed = false;
        for (i, sources) in &aggregated {
            let mut rules: BTreeSet<RuleRef> = roles[*i].rules.iter().copied().collect();
            for s in sources {
                rules.extend(roles[*s].rules.iter().copied());
            }
            if rules.len() != roles[*i].rules.len() {
                roles[*i].rules = rules.into_iter().collect();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
