//! The network model of an inventory: workloads (each standing for all its pods), namespaces
//! with their labels, NetworkPolicies and which workloads each selects per direction, and the
//! external address space cut into the disjoint ranges the policies' `ipBlock`s distinguish.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use groundcrew_inventory::{
    AdminPolicyFacts, ContainerPort, Facts, Inventory, IpRange, LabelSelector, Labels,
    NetworkPolicyFacts, Peer, PolicyRuleNp, PortRef, RecordId, label_value,
};

use crate::ports::PortSet;

/// A workload: a pod template and every pod made from it.
#[derive(Debug)]
pub struct Endpoint<'a> {
    pub record: RecordId,
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub kind: Arc<str>,
    pub labels: &'a [(Arc<str>, Arc<str>)],
    pub ports: &'a [ContainerPort],
    /// Host-network pods use the node's network: NetworkPolicies do not apply to them.
    pub host_network: bool,
}

impl Endpoint<'_> {
    /// `namespace/name[Kind]`.
    pub fn display(&self) -> String {
        format!("{}/{}[{}]", self.namespace, self.name, self.kind)
    }
}

/// A NetworkPolicy of the input.
#[derive(Debug)]
pub struct Policy<'a> {
    pub record: RecordId,
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub facts: &'a NetworkPolicyFacts,
}

/// Either end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Workload(usize),
    /// An external address range (index into [`Network::externals`]).
    External(usize),
}

/// Direction of a policy or rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

pub struct Network<'a> {
    pub inventory: &'a Inventory,
    pub endpoints: Vec<Endpoint<'a>>,
    pub policies: Vec<Policy<'a>>,
    /// Namespace → labels (with `kubernetes.io/metadata.name`).
    pub namespace_labels: BTreeMap<Arc<str>, Labels>,
    /// Namespaces that objects use but the input does not define: assumed to carry only
    /// `kubernetes.io/metadata.name`.
    pub undefined_namespaces: BTreeSet<Arc<str>>,
    /// The external address space, cut at every `ipBlock` boundary: disjoint, ascending.
    pub externals: Vec<IpRange>,
    /// Whether any ipBlock is IPv6 (else only the IPv4 space is listed).
    pub ipv6: bool,
    by_namespace: HashMap<Arc<str>, Vec<usize>>,
    /// The namespaces carrying each label, in name order (`[key][value]`): a
    /// namespaceSelector that names a label (most do, `kubernetes.io/metadata.name: x`)
    /// looks at those only, not at every namespace.
    namespaces_with: NamespacesByLabel,
    /// AdminNetworkPolicies and the BaselineAdminNetworkPolicy.
    pub admin: Vec<(RecordId, &'a AdminPolicyFacts)>,
    /// Per endpoint, the policies selecting it for ingress and for egress.
    pub ingress_policies: Vec<Vec<usize>>,
    pub egress_policies: Vec<Vec<usize>>,
}

/// Label key → label value → the namespaces carrying that label, in name order.
type NamespacesByLabel = HashMap<Arc<str>, HashMap<Arc<str>, Vec<Arc<str>>>>;

const IPV4_FIRST: u128 = 0xffff_0000_0000;
const IPV4_LAST: u128 = 0xffff_ffff_ffff;

impl<'a> Network<'a> {
    pub fn new(inventory: &'a Inventory) -> Self {
        let records = inventory.records();
        // Workloads whose owner is in the input are represented by the owner.
        let mut endpoints = Vec::new();
        let mut policies = Vec::new();
        let mut namespace_labels: BTreeMap<Arc<str>, Labels> = BTreeMap::new();
        let mut used: BTreeSet<Arc<str>> = BTreeSet::new();
        let mut admin = Vec::new();
        for (i, r) in records.enumerate() {
            match &r.facts {
                Facts::AdminPolicy(a) => admin.push((i as RecordId, &**a)),
                Facts::Workload(w) => {
                    let ns =
                        r.id.namespace
                            .clone()
                            .unwrap_or_else(|| Arc::from("default"));
                    if let Some((kind, name)) = &w.owner
                        && inventory.find(Some(&ns), kind, name).is_some()
                    {
                        continue;
                    }
                    used.insert(ns.clone());
                    endpoints.push(Endpoint {
                        record: i as RecordId,
                        namespace: ns,
                        name: r.id.name.clone(),
                        kind: r.id.kind.clone(),
                        labels: &w.pod_labels,
                        ports: &w.container_ports,
                        host_network: w.host_network,
                    });
                }
                Facts::NetworkPolicy(p) => {
                    let ns =
                        r.id.namespace
                            .clone()
                            .unwrap_or_else(|| Arc::from("default"));
                    used.insert(ns.clone());
                    policies.push(Policy {
                        record: i as RecordId,
                        namespace: ns,
                        name: r.id.name.clone(),
                        facts: p,
                    });
                }
                _ => {}
            }
        }
        // Namespaces through the kind index: the other records' identities stay unread.
        for (_, r) in inventory.of_kind("Namespace") {
            let mut labels = r.labels.to_vec();
            if label_value(&labels, "kubernetes.io/metadata.name").is_none() {
                labels.push((Arc::from("kubernetes.io/metadata.name"), r.id.name.clone()));
            }
            namespace_labels.insert(r.id.name.clone(), labels);
        }
        let mut undefined_namespaces = BTreeSet::new();
        for ns in used {
            namespace_labels.entry(ns.clone()).or_insert_with(|| {
                undefined_namespaces.insert(ns.clone());
                vec![(Arc::from("kubernetes.io/metadata.name"), ns.clone())]
            });
        }
        let mut namespaces_with = NamespacesByLabel::new();
        for (ns, labels) in &namespace_labels {
            for (key, value) in labels {
                namespaces_with
                    .entry(key.clone())
                    .or_default()
                    .entry(value.clone())
                    .or_default()
                    .push(ns.clone());
            }
        }
        let mut by_namespace: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
        for (i, e) in endpoints.iter().enumerate() {
            by_namespace.entry(e.namespace.clone()).or_default().push(i);
        }
        let mut ingress_policies = vec![Vec::new(); endpoints.len()];
        let mut egress_policies = vec![Vec::new(); endpoints.len()];
        for (p, policy) in policies.iter().enumerate() {
            let Some(selector) = &policy.facts.pod_selector else {
                continue;
            };
            for &e in by_namespace.get(&policy.namespace).into_iter().flatten() {
                let endpoint = &endpoints[e];
                if endpoint.host_network || !selector.matches(endpoint.labels) {
                    continue;
                }
                if policy.facts.ingress {
                    ingress_policies[e].push(p);
                }
                if policy.facts.egress {
                    egress_policies[e].push(p);
                }
            }
        }
        // Cut the external space at every ipBlock boundary.
        let mut cuts: BTreeSet<u128> = BTreeSet::new();
        let mut ipv6 = false;
        for policy in &policies {
            for rule in policy
                .facts
                .ingress_rules
                .iter()
                .chain(&policy.facts.egress_rules)
            {
                for peer in rule.peers.iter().flatten() {
                    if let Peer::IpBlock { range, except, .. } = peer {
                        for r in range.iter().chain(except) {
                            ipv6 |= r.first < IPV4_FIRST || r.first > IPV4_LAST;
                            cuts.insert(r.first);
                            if r.last < u128::MAX {
                                cuts.insert(r.last + 1);
                            }
                        }
                    }
                }
            }
        }
        for (_, a) in &admin {
            for rule in a.egress.iter() {
                for peer in &rule.peers {
                    if let groundcrew_inventory::AdminSelector::Networks(blocks) = peer {
                        for r in blocks {
                            ipv6 |= r.first < IPV4_FIRST || r.first > IPV4_LAST;
                            cuts.insert(r.first);
                            if r.last < u128::MAX {
                                cuts.insert(r.last + 1);
                            }
                        }
                    }
                }
            }
        }
        let spaces: Vec<(u128, u128)> = if ipv6 {
            vec![
                (0, IPV4_FIRST - 1),
                (IPV4_FIRST, IPV4_LAST),
                (IPV4_LAST + 1, u128::MAX),
            ]
        } else {
            vec![(IPV4_FIRST, IPV4_LAST)]
        };
        let mut externals = Vec::new();
        for (first, last) in spaces {
            let mut start = first;
            for &c in cuts.range(first + 1..=last) {
                externals.push(IpRange {
                    first: start,
                    last: c - 1,
                });
                start = c;
            }
            externals.push(IpRange { first: start, last });
        }
        Network {
            inventory,
            endpoints,
            policies,
            namespace_labels,
            undefined_namespaces,
            externals,
            ipv6,
            by_namespace,
            namespaces_with,
            admin,
            ingress_policies,
            egress_policies,
        }
    }

    /// The workloads of a namespace, in input order.
    pub fn in_namespace(&self, ns: &str) -> &[usize] {
        self.by_namespace.get(ns).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn isolated(&self, e: usize, direction: Direction) -> bool {
        match direction {
            Direction::Ingress => !self.ingress_policies[e].is_empty(),
            Direction::Egress => !self.egress_policies[e].is_empty(),
        }
    }

    fn namespace_matches(&self, selector: &LabelSelector, ns: &str) -> bool {
        self.namespace_labels
            .get(ns)
            .is_some_and(|labels| selector.matches(labels))
    }

    /// Whether a `from`/`to` entry of a policy in `policy_ns` matches the workload.
    pub fn peer_matches(&self, policy_ns: &str, peer: &Peer, e: usize) -> bool {
        let endpoint = &self.endpoints[e];
        match peer {
            // Pod IPs are not known from manifests, and ipBlock is meant for
            // cluster-external addresses: an ipBlock matches no workload.
            Peer::IpBlock { .. } => false,
            Peer::Pods {
                pods,
                namespaces,
                valid,
            } => {
                if !valid {
                    return false;
                }
                let ns_ok = match namespaces {
                    Some(sel) => self.namespace_matches(sel, &endpoint.namespace),
                    None => *endpoint.namespace == *policy_ns,
                };
                ns_ok && self.pods_match(pods.as_ref(), e)
            }
        }
    }

    /// Whether the pod part of a peer (`None`: any pod) matches workload `e`; workloads on
    /// the host network are never matched (their pods use the node's address).
    fn pods_match(&self, pods: Option<&LabelSelector>, e: usize) -> bool {
        let endpoint = &self.endpoints[e];
        !endpoint.host_network && pods.is_none_or(|s| s.matches(endpoint.labels))
    }

    /// The workloads a `from`/`to` entry matches, through the namespace index.
    pub fn peer_endpoints(&self, policy_ns: &str, peer: &Peer) -> Vec<usize> {
        self.peer_workloads(policy_ns, peer).collect()
    }

    /// Whether a `from`/`to` entry matches any workload (it stops at the first).
    pub fn peer_matches_any(&self, policy_ns: &str, peer: &Peer) -> bool {
        self.peer_workloads(policy_ns, peer).next().is_some()
    }

    /// The workloads a `from`/`to` entry matches, namespace by namespace, as they are found
    /// (the same answer as [`Network::peer_matches`] for each workload, through the index).
    fn peer_workloads<'s>(
        &'s self,
        policy_ns: &'s str,
        peer: &'s Peer,
    ) -> impl Iterator<Item = usize> + 's {
        let selectors = match peer {
            Peer::Pods {
                pods,
                namespaces,
                valid: true,
            } => Some((pods, namespaces)),
            _ => None,
        };
        selectors.into_iter().flat_map(move |(pods, namespaces)| {
            // No namespaceSelector: the policy's own namespace, looked up.
            let own = namespaces
                .is_none()
                .then(|| self.namespace_labels.get_key_value(policy_ns))
                .flatten()
                .map(|(ns, _)| ns);
            let selected = namespaces.as_ref().map(|sel| self.selected_namespaces(sel));
            own.into_iter()
                .chain(selected.into_iter().flatten())
                .flat_map(move |ns| self.by_namespace.get(ns).into_iter().flatten())
                .copied()
                .filter(move |&e| self.pods_match(pods.as_ref(), e))
        })
    }

    /// The namespaces a namespaceSelector selects, in name order: among those carrying its
    /// first `matchLabels` label when it names one, else among all.
    fn selected_namespaces<'s>(
        &'s self,
        sel: &'s LabelSelector,
    ) -> Box<dyn Iterator<Item = &'s Arc<str>> + 's> {
        match sel.match_labels.first() {
            Some((key, value)) => Box::new(
                self.namespaces_with
                    .get(key)
                    .and_then(|values| values.get(value))
                    .into_iter()
                    .flatten()
                    .filter(move |ns| self.namespace_matches(sel, ns)),
            ),
            None => Box::new(
                self.namespace_labels
                    .iter()
                    .filter(move |(_, labels)| sel.matches(labels))
                    .map(|(ns, _)| ns),
            ),
        }
    }

    /// The external ranges an ipBlock entry covers (its CIDR minus its exceptions).
    pub fn peer_externals(&self, peer: &Peer) -> Vec<usize> {
        let Peer::IpBlock {
            range: Some(range),
            except,
            ..
        } = peer
        else {
            return Vec::new();
        };
        self.externals
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.first >= range.first
                    && x.last <= range.last
                    && !except
                        .iter()
                        .any(|e| x.first >= e.first && x.last <= e.last)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The ports a rule allows towards `dst` (a workload, whose container ports resolve
    /// named ports, or an external range, for which named ports resolve to nothing).
    pub fn rule_ports(&self, rule: &PolicyRuleNp, dst: Option<usize>) -> PortSet {
        if rule.ports.is_empty() && rule.invalid_ports == 0 {
            return PortSet::all();
        }
        let mut out = PortSet::empty();
        for p in &rule.ports {
            match &p.port {
                None => out.union_with(&PortSet::all_of(p.protocol)),
                Some(PortRef::Number(n)) => {
                    let end = p.end_port.unwrap_or(*n).max(*n);
                    out.add(p.protocol, *n, end);
                }
                Some(PortRef::Name(name)) => {
                    let Some(d) = dst else { continue };
                    for cp in self.endpoints[d].ports {
                        if cp.protocol == p.protocol && cp.name.as_deref() == Some(&**name) {
                            out.add(p.protocol, cp.port, cp.port);
                        }
                    }
                }
            }
        }
        out
    }

    /// A node's place among all nodes — the workloads, then the external ranges — for
    /// tables kept per node.
    pub fn node_slot(&self, n: Node) -> usize {
        match n {
            Node::Workload(e) => e,
            Node::External(x) => self.endpoints.len() + x,
        }
    }

    /// Every node's display name, by [`Network::node_slot`]: made once, for outputs that
    /// name each node many times.
    pub fn node_names(&self) -> Vec<String> {
        (0..self.endpoints.len())
            .map(Node::Workload)
            .chain((0..self.externals.len()).map(Node::External))
            .map(|n| self.node_display(n))
            .collect()
    }

    pub fn node_display(&self, n: Node) -> String {
        match n {
            Node::Workload(e) => self.endpoints[e].display(),
            Node::External(x) => range_display(&self.externals[x]),
        }
    }

    /// The workloads `NS/NAME` or `NS/NAME[Kind]` names.
    pub fn find(&self, spec: &str) -> Result<usize, String> {
        let (path, kind) = match spec.strip_suffix(']').and_then(|s| s.split_once('[')) {
            Some((p, k)) => (p, Some(k)),
            None => (spec, None),
        };
        let Some((ns, name)) = path.split_once('/') else {
            return Err(format!(
                "\"{spec}\": name a workload as NAMESPACE/NAME or NAMESPACE/NAME[Kind]"
            ));
        };
        let found: Vec<usize> = self
            .by_namespace
            .get(ns)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&e| {
                *self.endpoints[e].name == *name
                    && kind.is_none_or(|k| self.endpoints[e].kind.eq_ignore_ascii_case(k))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!("no workload {spec} in the input")),
            many => Err(format!(
                "{spec} is ambiguous: {}",
                many.iter()
                    .map(|&e| self.endpoints[e].display())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The external range holding `ip`.
    pub fn external_of(&self, ip: &str) -> Option<usize> {
        let value = match ip.parse::<std::net::IpAddr>().ok()? {
            std::net::IpAddr::V4(v4) => u128::from(u32::from(v4)) | IPV4_FIRST,
            std::net::IpAddr::V6(v6) => u128::from(v6),
        };
        self.externals
            .iter()
            .position(|r| r.first <= value && value <= r.last)
    }
}

impl Network<'_> {
    /// What `dst`'s ingress accepts from every namespace: everything when not isolated for
    /// ingress, else the ports of rules without peers or with a peer selecting every pod of
    /// every namespace (`namespaceSelector: {}` and no or an empty `podSelector`).
    pub fn from_every_namespace(&self, dst: usize) -> PortSet {
        if !self.isolated(dst, Direction::Ingress) {
            return PortSet::all();
        }
        let mut out = PortSet::empty();
        for &p in &self.ingress_policies[dst] {
            for rule in &self.policies[p].facts.ingress_rules {
                let everyone = match &rule.peers {
                    None => true,
                    Some(peers) => peers.iter().any(|peer| {
                        matches!(peer, Peer::Pods { pods, namespaces: Some(ns), valid: true }
                            if ns.is_empty() && pods.as_ref().is_none_or(|s| s.is_empty()))
                    }),
                };
                if everyone {
                    out.union_with(&self.rule_ports(rule, Some(dst)));
                }
            }
        }
        out
    }

    /// What `dst`'s ingress accepts from an external range.
    pub fn ingress_from_external(&self, dst: usize, x: usize) -> PortSet {
        if !self.isolated(dst, Direction::Ingress) {
            return PortSet::all();
        }
        let mut out = PortSet::empty();
        for &p in &self.ingress_policies[dst] {
            for rule in &self.policies[p].facts.ingress_rules {
                let matches = match &rule.peers {
                    None => true,
                    Some(peers) => peers
                        .iter()
                        .any(|peer| self.peer_externals(peer).contains(&x)),
                };
                if matches {
                    out.union_with(&self.rule_ports(rule, Some(dst)));
                }
            }
        }
        out
    }

    /// What `dst` accepts from every external address (`0.0.0.0/0`), and from some.
    pub fn from_outside(&self, dst: usize) -> (PortSet, PortSet) {
        let mut every: Option<PortSet> = None;
        let mut some = PortSet::empty();
        for x in 0..self.externals.len() {
            let p = self.ingress_from_external(dst, x);
            some.union_with(&p);
            every = Some(match every {
                None => p,
                Some(e) => e.intersect(&p),
            });
        }
        (every.unwrap_or_default(), some)
    }
}

/// `10.0.0.0-10.255.255.255` (IPv4), or IPv6 addresses.
pub fn range_display(r: &IpRange) -> String {
    let one = |v: u128| {
        if (IPV4_FIRST..=IPV4_LAST).contains(&v) {
            std::net::Ipv4Addr::from((v & 0xffff_ffff) as u32).to_string()
        } else {
            std::net::Ipv6Addr::from(v).to_string()
        }
    };
    format!("{}-{}", one(r.first), one(r.last))
}

impl Network<'_> {
    /// The container ports of `e` that a Service's ports target (numbers as written, names
    /// resolved on `e`'s containers; a name `e` lacks targets nothing).
    pub fn service_targets(&self, service: RecordId, e: usize) -> PortSet {
        let mut out = PortSet::empty();
        let groundcrew_inventory::Facts::Service(s) = &self.inventory.get(service).facts else {
            return out;
        };
        for sp in &s.service_ports {
            if let Some(p) = self.target_port(e, sp) {
                out.add(sp.protocol, p, p);
            }
        }
        out
    }

    /// The container port of `e` a Service port targets: the number as written, or the
    /// container port of that name and protocol (`None` when `e` has no such port).
    pub fn target_port(&self, e: usize, sp: &groundcrew_inventory::ServicePort) -> Option<u16> {
        match &sp.target {
            PortRef::Number(n) => Some(*n),
            PortRef::Name(name) => self.endpoints[e]
                .ports
                .iter()
                .find(|cp| cp.protocol == sp.protocol && cp.name.as_deref() == Some(&**name))
                .map(|cp| cp.port),
        }
    }

    /// What `e`'s ingress admits from pods of other namespaces (an ingress controller, a
    /// Gateway): everything when not isolated, else the ports of rules without peers or
    /// with a peer that can match pods outside the policy's namespace.
    pub fn from_other_namespaces(&self, e: usize) -> PortSet {
        if !self.isolated(e, Direction::Ingress) {
            return PortSet::all();
        }
        let mut out = PortSet::empty();
        for &p in &self.ingress_policies[e] {
            let policy = &self.policies[p];
            for rule in &policy.facts.ingress_rules {
                let others = match &rule.peers {
                    None => true,
                    Some(peers) => peers.iter().any(|peer| {
                        matches!(peer, Peer::Pods { namespaces: Some(sel), valid: true, .. }
                            if self.selected_namespaces(sel).any(|ns| *ns != policy.namespace)
                                || sel.is_empty())
                    }),
                };
                if others {
                    out.union_with(&self.rule_ports(rule, Some(e)));
                }
            }
        }
        out
    }

    /// How `e` is reached from outside the cluster through each of its ways in (see
    /// [`ExposedPortsOf::ports`]). What its ingress admits from outside and from other
    /// namespaces is worked out once for all of them (a workload that thousands of
    /// Services select has as many ways in).
    pub fn exposed_ports_of(&self, e: usize) -> ExposedPortsOf<'_, '_> {
        ExposedPortsOf {
            net: self,
            e,
            outside: None,
            other_namespaces: None,
        }
    }
}

/// The ports each way into one workload brings traffic to, made by
/// [`Network::exposed_ports_of`].
pub struct ExposedPortsOf<'n, 'a> {
    net: &'n Network<'a>,
    e: usize,
    outside: Option<PortSet>,
    other_namespaces: Option<PortSet>,
}

impl ExposedPortsOf<'_, '_> {
    /// The ports one exposure brings traffic to: the Service's target ports on the
    /// workload that its ingress admits — from some external address for a NodePort or
    /// LoadBalancer Service, from another namespace (the ingress controller or Gateway) for
    /// an Ingress or a route.
    pub fn ports(&mut self, exposure: &groundcrew_inventory::Exposure) -> PortSet {
        let (net, e) = (self.net, self.e);
        let targets = net.service_targets(exposure.service, e);
        let admitted = if exposure.how.is_service() {
            self.outside.get_or_insert_with(|| net.from_outside(e).1)
        } else {
            self.other_namespaces
                .get_or_insert_with(|| net.from_other_namespaces(e))
        };
        targets.intersect(admitted)
    }
}

#[cfg(test)]
mod tests {
    use groundcrew_inventory::{LabelSelector, Operator, Requirement, intern, inventory_from_yaml};

    use crate::Network;

    fn selector(
        labels: &[(&str, &str)],
        expressions: &[(&str, Operator, &[&str])],
    ) -> LabelSelector {
        LabelSelector {
            match_labels: labels.iter().map(|(k, v)| (intern(k), intern(v))).collect(),
            match_expressions: expressions
                .iter()
                .map(|(key, operator, values)| Requirement {
                    key: intern(key),
                    operator: operator.clone(),
                    values: values.iter().map(|v| intern(v)).collect(),
                })
                .collect(),
        }
    }

    /// Namespaces found through the label index are those, in the same order, that testing
    /// every namespace finds: for selectors naming a label (present, absent, with another
    /// value), with expressions beside it, and without matchLabels.
    #[test]
    fn indexed_namespace_selection_is_every_namespace_tested() {
        let namespaces = [
            ("a", "{team: x, env: prod}"),
            ("b", "{team: x, env: dev}"),
            ("c", "{team: w}"),
            ("d", "{}"),
        ];
        let mut docs: Vec<String> = namespaces
            .iter()
            .map(|(n, l)| {
                format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: {n}, labels: {l}}}")
            })
            .collect();
        // A namespace a workload uses without the input defining it: only its name label.
        docs.push(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: e}\nspec: {containers: [{name: c, image: 'x:1'}]}"
                .into(),
        );
        let inventory = inventory_from_yaml("t.yaml", &docs.join("\n---\n")).unwrap();
        let net = Network::new(&inventory);
        let selectors = [
            selector(&[], &[]),
            selector(&[("team", "x")], &[]),
            selector(&[("team", "x"), ("env", "dev")], &[]),
            selector(&[("team", "v")], &[]),
            selector(&[("owner", "x")], &[]),
            selector(&[("kubernetes.io/metadata.name", "e")], &[]),
            selector(&[("team", "x")], &[("env", Operator::NotIn, &["prod"])]),
            selector(&[], &[("team", Operator::Exists, &[])]),
            selector(&[], &[("team", Operator::DoesNotExist, &[])]),
        ];
        let mut found = Vec::new();
        for sel in &selectors {
            let indexed: Vec<&str> = net.selected_namespaces(sel).map(|n| &**n).collect();
            let every: Vec<&str> = net
                .namespace_labels
                .iter()
                .filter(|(_, labels)| sel.matches(labels))
                .map(|(n, _)| &**n)
                .collect();
            assert_eq!(indexed, every, "{sel:?}");
            found.push(indexed.join(","));
        }
        assert_eq!(
            found,
            ["a,b,c,d,e", "a,b", "b", "", "", "e", "b", "a,b,c", "d,e"]
        );
    }
}
