//! Reachability: for every workload, what its ingress policies let in and what its egress
//! policies let out, indexed so that listing every allowed connection costs in proportion to
//! the connections, not to all pairs.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Direction, Network, Node};
use crate::ports::PortSet;
use crate::sorted;
use groundcrew_inventory::Protocol;
use rayon::prelude::*;

/// What one direction of one workload allows: towards (or from) every peer, and per peer.
#[derive(Debug, Default, Clone)]
struct Side {
    all: PortSet,
    specific: HashMap<Node, PortSet>,
}

impl Side {
    /// Adds `ports` (when there are any) to what `peer` is allowed.
    fn allow(&mut self, peer: Node, ports: &PortSet) {
        if !ports.is_empty() {
            self.specific.entry(peer).or_default().union_with(ports);
        }
    }
}

/// An allowed connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub src: Node,
    pub dst: Node,
    pub conn: PortSet,
}

/// The flat part of the network: the workloads that send anywhere (no policy isolates
/// their egress) and those that accept from anywhere (none isolates their ingress), both
/// ascending. Every such sender reaches every such receiver (itself aside) on every port:
/// in a cluster without policies, every workload every other — a relation callers hold as
/// these two lists rather than pair by pair ([`Reach::lateral_beyond_flat`]).
#[derive(Debug, Default, Clone)]
pub struct Flat {
    pub senders: Vec<usize>,
    pub receivers: Vec<usize>,
}

impl Flat {
    pub fn sends(&self, workload: usize) -> bool {
        self.senders.binary_search(&workload).is_ok()
    }

    pub fn accepts(&self, workload: usize) -> bool {
        self.receivers.binary_search(&workload).is_ok()
    }
}

/// The reachability model of a [`Network`].
pub struct Reach<'n, 'a> {
    pub net: &'n Network<'a>,
    /// Per endpoint: `None` when not isolated in that direction (everything allowed).
    /// Workloads that the same policies select share one side ([`shared_sides`]).
    ingress: Vec<Option<Arc<Side>>>,
    egress: Vec<Option<Arc<Side>>>,
    /// Source → the ingress-isolated workloads whose rules name it.
    ingress_by_source: HashMap<Node, Vec<usize>>,
    /// Workloads that accept every source on some ports (not isolated, or a rule without
    /// peers).
    open_to_all: Vec<usize>,
    /// Those of them that are isolated for ingress (a rule without peers).
    open_to_all_isolated: Vec<usize>,
}

type Resolved = (Vec<usize>, Vec<usize>);

impl<'n, 'a> Reach<'n, 'a> {
    pub fn new(net: &'n Network<'a>) -> Self {
        // Each peer of each policy rule is resolved once, whatever the number of workloads
        // the policy selects: `resolved[policy][0 ingress, 1 egress][rule][peer]`.
        let resolved: Vec<[Vec<Vec<Resolved>>; 2]> = net
            .policies
            .par_iter()
            .map(|policy| {
                let of = |rules: &[groundcrew_inventory::PolicyRuleNp]| -> Vec<Vec<Resolved>> {
                    rules
                        .iter()
                        .map(|rule| {
                            rule.peers
                                .iter()
                                .flatten()
                                .map(|peer| {
                                    (
                                        net.peer_endpoints(&policy.namespace, peer),
                                        net.peer_externals(peer),
                                    )
                                })
                                .collect()
                        })
                        .collect()
                };
                [
                    of(&policy.facts.ingress_rules),
                    of(&policy.facts.egress_rules),
                ]
            })
            .collect();
        // Then each distinct side once, on all cores.
        let (ingress, egress) = rayon::join(
            || shared_sides(net, &resolved, Direction::Ingress),
            || shared_sides(net, &resolved, Direction::Egress),
        );
        let mut ingress_by_source: HashMap<Node, Vec<usize>> = HashMap::new();
        let mut open_to_all = Vec::new();
        let mut open_to_all_isolated = Vec::new();
        for (d, side) in ingress.iter().enumerate() {
            match side {
                None => open_to_all.push(d),
                Some(side) => {
                    if !side.all.is_empty() {
                        open_to_all.push(d);
                        open_to_all_isolated.push(d);
                    }
                    for src in side.specific.keys() {
                        ingress_by_source.entry(*src).or_default().push(d);
                    }
                }
            }
        }
        Reach {
            net,
            ingress,
            egress,
            ingress_by_source,
            open_to_all,
            open_to_all_isolated,
        }
    }

    /// The flat part of the network ([`Flat`]); empty when admin policies apply (they can
    /// deny what no NetworkPolicy isolates).
    pub fn flat(&self) -> Flat {
        if !self.net.admin.is_empty() {
            return Flat::default();
        }
        let unisolated = |sides: &[Option<Arc<Side>>]| {
            sides
                .iter()
                .enumerate()
                .filter(|(_, side)| side.is_none())
                .map(|(e, _)| e)
                .collect()
        };
        Flat {
            senders: unisolated(&self.egress),
            receivers: unisolated(&self.ingress),
        }
    }

    /// [`Reach::lateral`] without the flat pairs ([`Reach::flat`]): for a workload that
    /// sends anywhere, the workloads isolated for ingress it reaches.
    pub fn lateral_beyond_flat(&self, src: usize) -> Vec<usize> {
        if !self.net.admin.is_empty() || self.egress[src].is_some() {
            return self.lateral(src);
        }
        let named = self.named_in_ingress(Node::Workload(src));
        let dsts = sorted::union(
            self.open_to_all_isolated.iter().copied(),
            named.iter().copied(),
        );
        self.lateral_among(src, dsts.map(Node::Workload))
    }

    /// The ingress-isolated workloads whose rules name `src`, in order.
    fn named_in_ingress(&self, src: Node) -> &[usize] {
        self.ingress_by_source
            .get(&src)
            .map_or(&[][..], Vec::as_slice)
    }

    /// What `dst`'s ingress lets in from `src`.
    pub fn ingress_allows(&self, dst: usize, src: Node) -> PortSet {
        match &self.ingress[dst] {
            None => PortSet::all(),
            Some(side) => {
                let mut p = side.all.clone();
                if let Some(s) = side.specific.get(&src) {
                    p.union_with(s);
                }
                p
            }
        }
    }

    /// What `src`'s egress lets out towards `dst`.
    pub fn egress_allows(&self, src: usize, dst: Node) -> PortSet {
        match &self.egress[src] {
            None => PortSet::all(),
            Some(side) => {
                let mut p = side.all.clone();
                if let Some(s) = side.specific.get(&dst) {
                    p.union_with(s);
                }
                p
            }
        }
    }

    /// The connection from `src` to `dst`: the source's egress **and** the destination's
    /// ingress must allow it. A workload always reaches itself.
    pub fn connection(&self, src: Node, dst: Node) -> PortSet {
        if src == dst {
            return PortSet::all();
        }
        if !self.net.admin.is_empty() {
            let egress = |s: usize| {
                self.net
                    .admin_side(s, Direction::Egress, dst, &self.egress_allows(s, dst))
            };
            let ingress = |d: usize| {
                self.net
                    .admin_side(d, Direction::Ingress, src, &self.ingress_allows(d, src))
            };
            return match (src, dst) {
                (Node::Workload(s), Node::Workload(d)) => egress(s).intersect(&ingress(d)),
                (Node::Workload(s), Node::External(_)) => egress(s),
                (Node::External(_), Node::Workload(d)) => ingress(d),
                (Node::External(_), Node::External(_)) => PortSet::empty(),
            };
        }
        match (src, dst) {
            (Node::Workload(s), Node::Workload(d)) => self
                .egress_allows(s, dst)
                .intersect(&self.ingress_allows(d, src)),
            (Node::Workload(s), Node::External(_)) => self.egress_allows(s, dst),
            (Node::External(_), Node::Workload(d)) => self.ingress_allows(d, src),
            (Node::External(_), Node::External(_)) => PortSet::empty(),
        }
    }

    /// The destinations `src` may reach on some port (a superset; callers intersect), in
    /// order, each once.
    fn candidates(&self, src: Node) -> Vec<Node> {
        let restricted = match src {
            Node::Workload(s) => self.egress[s].as_ref().filter(|side| side.all.is_empty()),
            Node::External(_) => None,
        };
        if let Some(side) = restricted {
            let mut out: Vec<Node> = side.specific.keys().copied().collect();
            out.sort_unstable();
            return out;
        }
        let externals = match src {
            Node::Workload(_) => self.net.externals.len(),
            Node::External(_) => 0,
        };
        let named = self.named_in_ingress(src);
        let mut out = Vec::with_capacity(self.open_to_all.len() + named.len() + externals);
        out.extend(
            sorted::union(self.open_to_all.iter().copied(), named.iter().copied())
                .map(Node::Workload),
        );
        out.extend((0..externals).map(Node::External));
        out
    }

    /// The workloads `src` can open a connection to on a port they declare (on any allowed
    /// port when they declare none), self omitted: where an attacker in `src` moves next. The
    /// same answer as testing [`Reach::connection`]'s port set against the declared ports,
    /// without building that set when no admin policy applies.
    pub fn lateral(&self, src: usize) -> Vec<usize> {
        let from = Node::Workload(src);
        // Admin policies can allow what NetworkPolicies do not: then every workload is a
        // candidate.
        let dsts: Vec<Node> = if self.net.admin.is_empty() {
            self.candidates(from)
        } else {
            (0..self.net.endpoints.len()).map(Node::Workload).collect()
        };
        self.lateral_among(src, dsts.into_iter())
    }

    /// Those of `dsts` (in order) that [`Reach::lateral`] keeps.
    fn lateral_among(&self, src: usize, dsts: impl Iterator<Item = Node>) -> Vec<usize> {
        let from = Node::Workload(src);
        dsts.filter_map(|dst| match dst {
            Node::Workload(d) if d != src => {
                let ports = self.net.endpoints[d].ports;
                let reached = if ports.is_empty() || !self.net.admin.is_empty() {
                    let conn = self.connection(from, dst);
                    if ports.is_empty() {
                        !conn.is_empty()
                    } else {
                        ports.iter().any(|p| conn.contains(p.protocol, p.port))
                    }
                } else {
                    ports.iter().any(|p| {
                        self.egress_contains(src, dst, p.protocol, p.port)
                            && self.ingress_contains(d, from, p.protocol, p.port)
                    })
                };
                reached.then_some(d)
            }
            _ => None,
        })
        .collect()
    }

    /// Whether `src`'s egress lets `protocol`/`port` out towards `dst`.
    fn egress_contains(&self, src: usize, dst: Node, protocol: Protocol, port: u16) -> bool {
        side_contains(self.egress[src].as_deref(), dst, protocol, port)
    }

    /// Whether `dst`'s ingress lets `protocol`/`port` in from `src`.
    fn ingress_contains(&self, dst: usize, src: Node, protocol: Protocol, port: u16) -> bool {
        side_contains(self.ingress[dst].as_deref(), src, protocol, port)
    }

    /// Every allowed connection (self-connections omitted), from workloads and from external
    /// ranges; with `focus`, only those to or from that workload.
    pub fn connections(&self, focus: Option<usize>) -> Vec<Connection> {
        self.sources()
            .flat_map(|src| self.connections_from(src, focus))
            .collect()
    }

    /// Every workload, then every external range: the sources of [`Reach::connections`].
    pub fn sources(&self) -> impl Iterator<Item = Node> + use<> {
        (0..self.net.endpoints.len())
            .map(Node::Workload)
            .chain((0..self.net.externals.len()).map(Node::External))
    }

    /// The allowed connections from `src` (to `focus` only, when given and not `src`), in
    /// the order [`Reach::connections`] lists them.
    pub fn connections_from(&self, src: Node, focus: Option<usize>) -> Vec<Connection> {
        let dsts: Vec<Node> = match focus {
            Some(f) if src != Node::Workload(f) => vec![Node::Workload(f)],
            // Admin policies can allow what NetworkPolicies do not: every pair is a
            // candidate.
            _ if !self.net.admin.is_empty() => (0..self.net.endpoints.len())
                .map(Node::Workload)
                .chain(
                    matches!(src, Node::Workload(_))
                        .then_some(0..self.net.externals.len())
                        .into_iter()
                        .flatten()
                        .map(Node::External),
                )
                .collect(),
            _ => self.candidates(src),
        };
        dsts.into_iter()
            .filter(|&dst| dst != src)
            .filter_map(|dst| {
                let conn = self.connection(src, dst);
                (!conn.is_empty()).then_some(Connection { src, dst, conn })
            })
            .collect()
    }
}

/// Whether a side (`None`: not isolated, everything allowed) lets `protocol`/`port` through
/// to or from `peer`.
fn side_contains(side: Option<&Side>, peer: Node, protocol: Protocol, port: u16) -> bool {
    side.is_none_or(|side| {
        side.all.contains(protocol, port)
            || side
                .specific
                .get(&peer)
                .is_some_and(|s| s.contains(protocol, port))
    })
}

/// Every workload's side in `direction`. Workloads selected by the same policies that way
/// have the same side — unless an ingress rule names a port, which resolves against each
/// destination's own ports — so each distinct side is made once and shared: a namespace of
/// thousands of workloads under the same few policies costs a few sides, not thousands
/// (3,000 workloads under 3,000 policies in one namespace took 53 s and 1.3 GiB before).
fn shared_sides(
    net: &Network<'_>,
    resolved: &[[Vec<Vec<Resolved>>; 2]],
    direction: Direction,
) -> Vec<Option<Arc<Side>>> {
    let selecting = match direction {
        Direction::Ingress => &net.ingress_policies,
        Direction::Egress => &net.egress_policies,
    };
    let names_ports = |p: usize| {
        let facts = net.policies[p].facts;
        facts.ingress_rules.iter().any(has_named)
    };
    let mut distinct: HashMap<(&[usize], Option<usize>), usize> = HashMap::new();
    let mut representatives = Vec::new();
    let of: Vec<usize> = selecting
        .iter()
        .enumerate()
        .map(|(e, policies)| {
            let own = direction == Direction::Ingress && policies.iter().any(|&p| names_ports(p));
            *distinct
                .entry((policies.as_slice(), own.then_some(e)))
                .or_insert_with(|| {
                    representatives.push(e);
                    representatives.len() - 1
                })
        })
        .collect();
    let sides: Vec<Option<Arc<Side>>> = representatives
        .par_iter()
        .map(|&e| side(net, resolved, e, direction).map(Arc::new))
        .collect();
    of.into_iter().map(|i| sides[i].clone()).collect()
}

/// What one direction of workload `e` allows (`None`: not isolated that way, everything).
fn side(
    net: &Network<'_>,
    resolved: &[[Vec<Vec<Resolved>>; 2]],
    e: usize,
    direction: Direction,
) -> Option<Side> {
    if !net.isolated(e, direction) {
        return None;
    }
    let n = net.endpoints.len();
    let (d, policies) = match direction {
        Direction::Ingress => (0, &net.ingress_policies[e]),
        Direction::Egress => (1, &net.egress_policies[e]),
    };
    let mut side = Side::default();
    for &p in policies {
        let facts = net.policies[p].facts;
        let rules = match direction {
            Direction::Ingress => &facts.ingress_rules,
            Direction::Egress => &facts.egress_rules,
        };
        for (r, rule) in rules.iter().enumerate() {
            match &rule.peers {
                None => {
                    // Towards every peer: for egress, named ports resolve per destination,
                    // so they are kept per destination below.
                    let ports =
                        net.rule_ports(rule, (direction == Direction::Ingress).then_some(e));
                    side.all.union_with(&ports);
                    if direction == Direction::Egress && has_named(rule) {
                        for dst in 0..n {
                            let ports = net.rule_ports(rule, Some(dst));
                            side.allow(Node::Workload(dst), &ports);
                        }
                    }
                }
                Some(_) => {
                    for (workloads, externals) in &resolved[p][d][r] {
                        for &w in workloads {
                            let dst = if direction == Direction::Ingress {
                                e
                            } else {
                                w
                            };
                            let ports = net.rule_ports(rule, Some(dst));
                            side.allow(Node::Workload(w), &ports);
                        }
                        for &x in externals {
                            let dst = (direction == Direction::Ingress).then_some(e);
                            let ports = net.rule_ports(rule, dst);
                            side.allow(Node::External(x), &ports);
                        }
                    }
                }
            }
        }
    }
    Some(side)
}

fn has_named(rule: &groundcrew_inventory::PolicyRuleNp) -> bool {
    rule.ports
        .iter()
        .any(|p| matches!(p.port, Some(groundcrew_inventory::PortRef::Name(_))))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use groundcrew_inventory::inventory_from_yaml;

    use super::Reach;
    use crate::Network;

    fn deploy(name: &str, tier: &str, port: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: a}}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}, tier: {tier}}}}}\n    spec:\n      containers: [{{name: c, image: 'x:1', ports: [{port}]}}]"
        )
    }

    fn policy(name: &str, tier: &str, ports: &str) -> String {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: a}}\nspec:\n  podSelector: {{matchLabels: {{tier: {tier}}}}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{{from: [{{podSelector: {{}}}}], ports: [{ports}]}}]\n  egress: [{{to: [{{podSelector: {{}}}}]}}]"
        )
    }

    /// Workloads that the same policies select share one side per direction; a rule that
    /// names a port resolves against each destination, so there each keeps its own ingress
    /// side (the connections themselves are held to the documentation in the semantics
    /// tests, named ports included).
    #[test]
    fn sides_are_shared_by_workloads_under_the_same_policies() {
        let docs = [
            deploy("w1", "back", "{containerPort: 8080, name: http}"),
            deploy("w2", "back", "{containerPort: 9090, name: http}"),
            deploy("w3", "front", "{containerPort: 8080, name: http}"),
            deploy("w4", "front", "{containerPort: 9090, name: http}"),
            policy("back", "back", "{port: 8080}"),
            policy("front", "front", "{port: http}"),
        ];
        let inv = inventory_from_yaml("t.yaml", &docs.join("\n---\n")).unwrap();
        let net = Network::new(&inv);
        let reach = Reach::new(&net);
        let at = |name: &str| net.find(&format!("a/{name}")).unwrap();
        let same = |sides: &[Option<Arc<super::Side>>], x: &str, y: &str| match (
            &sides[at(x)],
            &sides[at(y)],
        ) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            _ => panic!("isolated workloads have sides"),
        };
        assert!(same(&reach.ingress, "w1", "w2"));
        assert!(same(&reach.egress, "w1", "w2"));
        assert!(!same(&reach.ingress, "w1", "w3"));
        // The named port: each destination its own ingress side; egress is still shared.
        assert!(!same(&reach.ingress, "w3", "w4"));
        assert!(same(&reach.egress, "w3", "w4"));
        assert!(!same(&reach.egress, "w1", "w3"));
    }
}
