//! The graph of attacker moves. Nodes: the internet, "any pod" (a compromised workload),
//! exposed entry points, workloads, service accounts, "a node", and goals. Every edge is a
//! fact of one of groundcrew's engines: the exposure index and the reachability model
//! (entry → workload, workload → workload), the pod template (token mounted, ways onto the
//! node), and the RBAC escalation chains (service account → goal).

use std::collections::HashMap;
use std::sync::Arc;

use groundcrew_inventory::{Facts, FastMap, FastSet, Inventory, RecordId, Segmented};
use groundcrew_netpol::{Flat, Network, Reach};
use groundcrew_rbac::{Analysis, Position, SubjectKind};
use rayon::prelude::*;

/// What an attacker wants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Goal {
    ClusterAdmin,
    /// Code execution on a node (container escape).
    Node,
    AllSecrets,
    NamespaceAdmin(Arc<str>),
    Secrets(Arc<str>),
    /// A sensitive workload (the `sensitiveWorkloads` control input), by endpoint.
    Sensitive(usize),
}

/// Goals grouped as `--to` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    ClusterAdmin,
    Node,
    Secrets,
    NamespaceAdmin,
    Sensitive,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::ClusterAdmin,
        Target::Node,
        Target::Secrets,
        Target::NamespaceAdmin,
        Target::Sensitive,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::ClusterAdmin => "cluster-admin",
            Target::Node => "node",
            Target::Secrets => "secrets",
            Target::NamespaceAdmin => "namespace-admin",
            Target::Sensitive => "sensitive",
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == s)
    }
}

impl Goal {
    pub fn target(&self) -> Target {
        match self {
            Goal::ClusterAdmin => Target::ClusterAdmin,
            Goal::Node => Target::Node,
            Goal::AllSecrets | Goal::Secrets(_) => Target::Secrets,
            Goal::NamespaceAdmin(_) => Target::NamespaceAdmin,
            Goal::Sensitive(_) => Target::Sensitive,
        }
    }

    /// How much reaching it is worth (0–100).
    pub fn value(&self) -> f64 {
        match self {
            Goal::ClusterAdmin => 100.0,
            Goal::Node => 90.0,
            Goal::AllSecrets => 80.0,
            Goal::NamespaceAdmin(_) => 70.0,
            Goal::Secrets(_) | Goal::Sensitive(_) => 60.0,
        }
    }
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Vertex {
    Internet,
    /// Any pod of the cluster, compromised.
    Cluster,
    /// A Service, Ingress or route that brings outside traffic in.
    Entry(RecordId),
    Workload(usize),
    /// A service account (namespace, name) and its record when the input defines it.
    Account(Arc<str>, Arc<str>),
    /// A node of the cluster, after a container escape.
    AnyNode,
    Goal(Goal),
}

/// Why an edge exists; the text of a step is made from it when a path is shown.
#[derive(Debug, Clone)]
pub enum Move {
    /// Internet → entry point: the Service type, Ingress or route.
    Expose,
    /// Entry → workload: the Service selects it and its ingress admits these ports (the
    /// text shared by the edges that admit the same ports: a LoadBalancer in front of
    /// thousands of workloads makes as many edges).
    Serve { ports: Arc<str>, service: RecordId },
    /// Any pod → workload: the attacker starts there.
    Compromise,
    /// Internet → workload: its pods listen on the node's address (host network, host
    /// ports).
    HostExposed(Box<str>),
    /// Workload → workload, allowed by the reachability model on these ports.
    Connect,
    /// Workload → its service account: the token is mounted.
    Token,
    /// Service account → goal: an RBAC grant or escalation chain (index into the
    /// escalation paths).
    Rbac(usize),
    /// Workload → node: a way out of the container (the facts are the classification's).
    Escape,
    /// Node → service account: a workload of that account runs on the node.
    NodeToken { workload: usize, daemonset: bool },
    /// Workload → itself as a sensitive goal.
    Sensitive(Box<str>),
}

/// An edge.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub how: Move,
}

/// The attack graph of one inventory.
pub struct Graph<'n, 'a> {
    pub net: &'n Network<'a>,
    pub reach: &'n Reach<'n, 'a>,
    pub rbac: &'n Analysis<'a>,
    pub vertices: Vec<Vertex>,
    /// Each vertex's number (looked up for every way in: foldhash, not SipHash).
    index: FastMap<Vertex, u32>,
    /// Edges other than workload → workload.
    /// In fixed-size segments: a dense cluster makes tens of millions, and a list that
    /// doubles would hold the old copy and the new at once.
    pub edges: Segmented<Edge>,
    /// Per vertex, indexes of its outgoing and incoming `edges`.
    pub out_edges: Vec<Vec<u32>>,
    pub in_edges: Vec<Vec<u32>>,
    /// Workload → workload connections (by endpoint), both ways, compact — except those
    /// from a flat sender to a flat receiver ([`Flat`]: every such pair; 10,000 workloads
    /// without NetworkPolicies would make 100 million), which the searches take from `flat`.
    pub lateral_out: Vec<Vec<u32>>,
    pub lateral_in: Vec<Vec<u32>>,
    pub flat: Flat,
    /// Per endpoint: why it is an entry the attacker would pick first (sensitive interface,
    /// authentication off).
    pub lures: HashMap<usize, Vec<String>>,
    /// Per endpoint: traits that make a foothold easier to widen (may run as root,
    /// writable root filesystem).
    pub weaknesses: HashMap<usize, Vec<String>>,
    /// Per endpoint: the indexes of its escape facts that hand over the node.
    pub escapes: HashMap<usize, Vec<usize>>,
}

/// What the caller knows that the graph does not compute: which workloads are sensitive
/// (and why) and which are sensitive interfaces.
#[derive(Debug, Default, Clone)]
pub struct Classification {
    pub sensitive: HashMap<RecordId, String>,
    pub interfaces: HashMap<RecordId, String>,
    /// Per workload, the indexes of its escape facts that hand over the node.
    pub escapes: HashMap<RecordId, Vec<usize>>,
}

impl<'n, 'a> Graph<'n, 'a> {
    fn vertex(&mut self, v: Vertex) -> u32 {
        if let Some(&i) = self.index.get(&v) {
            return i;
        }
        let i = self.vertices.len() as u32;
        self.vertices.push(v.clone());
        self.index.insert(v, i);
        self.out_edges.push(Vec::new());
        self.in_edges.push(Vec::new());
        i
    }

    fn edge(&mut self, from: u32, to: u32, how: Move) {
        let e = self.edges.len() as u32;
        self.edges.push(Edge { from, to, how });
        self.out_edges[from as usize].push(e);
        self.in_edges[to as usize].push(e);
    }

    pub fn find(&self, v: &Vertex) -> Option<u32> {
        self.index.get(v).copied()
    }

    pub fn inventory(&self) -> &'a Inventory {
        self.net.inventory
    }

    /// Builds the graph. Workload vertices are the network model's endpoints, in order
    /// (vertex `i + 2` is endpoint `i`).
    pub fn build(
        net: &'n Network<'a>,
        reach: &'n Reach<'n, 'a>,
        rbac: &'n Analysis<'a>,
        class: &Classification,
    ) -> Self {
        let n = net.endpoints.len();
        let mut g = Graph {
            net,
            reach,
            rbac,
            vertices: Vec::new(),
            index: FastMap::default(),
            edges: Segmented::default(),
            out_edges: Vec::new(),
            in_edges: Vec::new(),
            lateral_out: Vec::new(),
            lateral_in: vec![Vec::new(); n],
            flat: reach.flat(),
            lures: HashMap::new(),
            weaknesses: HashMap::new(),
            escapes: HashMap::new(),
        };
        let internet = g.vertex(Vertex::Internet);
        let cluster = g.vertex(Vertex::Cluster);
        for e in 0..n {
            g.vertex(Vertex::Workload(e));
        }
        let inventory = net.inventory;
        // Lateral movement: what each workload's egress and the target's ingress allow, on
        // a port the target listens on (any allowed port when it declares none); the flat
        // pairs are held by `flat`.
        g.lateral_out = (0..n)
            .into_par_iter()
            .map(|src| {
                reach
                    .lateral_beyond_flat(src)
                    .into_iter()
                    .map(|d| d as u32)
                    .collect()
            })
            .collect();
        // Each target's sources, in room counted first (a million pushes would leave the
        // slack of each list's growth).
        let mut sources = vec![0usize; n];
        for &d in g.lateral_out.iter().flatten() {
            sources[d as usize] += 1;
        }
        for (list, &count) in g.lateral_in.iter_mut().zip(&sources) {
            list.reserve_exact(count);
        }
        for (src, dsts) in g.lateral_out.iter().enumerate() {
            for &d in dsts {
                g.lateral_in[d as usize].push(src as u32);
            }
        }
        // Entry points and the workloads they serve.
        let exposure = inventory.exposure();
        let mut entries_linked: FastSet<u32> = FastSet::default();
        let mut port_texts: FastMap<groundcrew_netpol::PortSet, Arc<str>> = FastMap::default();
        // The entries already linked to the workload at hand: an entry that reaches it
        // several ways (an Ingress routing to several Services that select it) gets the
        // first edge only. The searches take an entry's first edge to a workload and never
        // a later one (backwards, the first in-edge from an entry sets its way; forwards,
        // no search starts at an entry), so the others changed nothing found and, in a dense
        // cluster, were millions.
        let mut linked_here: FastSet<RecordId> = FastSet::default();
        for (e, endpoint) in net.endpoints.iter().enumerate() {
            let w = e as u32 + 2;
            g.edge(cluster, w, Move::Compromise);
            if let Some(ways) = exposure.get(&endpoint.record) {
                linked_here.clear();
                let mut exposed = net.exposed_ports_of(e);
                for x in ways {
                    // Already linked: the first way is the edge, this one's ports need not
                    // be worked out.
                    if linked_here.contains(&x.via) {
                        continue;
                    }
                    let ports = exposed.ports(x);
                    if ports.is_empty() {
                        continue;
                    }
                    linked_here.insert(x.via);
                    let entry = g.vertex(Vertex::Entry(x.via));
                    if entries_linked.insert(entry) {
                        g.edge(internet, entry, Move::Expose);
                    }
                    g.edge(
                        entry,
                        w,
                        Move::Serve {
                            ports: port_texts
                                .entry(ports)
                                .or_insert_with_key(|p| p.to_string().into())
                                .clone(),
                            service: x.service,
                        },
                    );
                }
            }
            let Facts::Workload(facts) = &inventory.get(endpoint.record).facts else {
                continue;
            };
            if endpoint.host_network || !facts.host_ports.is_empty() {
                let how = if endpoint.host_network {
                    "its pods use the host network: every port they listen on is on the node's address".to_string()
                } else {
                    format!(
                        "hostPort {} on the node's address",
                        facts
                            .host_ports
                            .iter()
                            .map(u16::to_string)
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                };
                g.edge(internet, w, Move::HostExposed(how.into()));
            }
            let mut lures = Vec::new();
            if let Some(why) = class.interfaces.get(&endpoint.record) {
                lures.push(format!("sensitive interface {why}"));
            }
            lures.extend(
                facts
                    .access_traits
                    .iter()
                    .filter(|t| t.contains("runs with"))
                    .map(|t| t.to_string()),
            );
            if !lures.is_empty() {
                g.lures.insert(e, lures);
            }
            let weaknesses: Vec<String> = facts
                .access_traits
                .iter()
                .filter(|t| !t.contains("runs with"))
                .map(|t| t.to_string())
                .collect();
            if !weaknesses.is_empty() {
                g.weaknesses.insert(e, weaknesses);
            }
            if inventory.token_mounted(&endpoint.namespace, facts) {
                let account = g.vertex(Vertex::Account(
                    endpoint.namespace.clone(),
                    facts.service_account.clone(),
                ));
                g.edge(w, account, Move::Token);
            }
            if let Some(escapes) = class.escapes.get(&endpoint.record) {
                let node = g.vertex(Vertex::AnyNode);
                g.escapes.insert(e, escapes.clone());
                // One edge per workload; the step lists every fact.
                g.edge(w, node, Move::Escape);
            }
            if let Some(why) = class.sensitive.get(&endpoint.record) {
                let goal = g.vertex(Vertex::Goal(Goal::Sensitive(e)));
                g.edge(w, goal, Move::Sensitive(why.as_str().into()));
            }
        }
        // A node runs DaemonSets' pods and, unless they are pinned, anyone's: their tokens
        // are on its disk.
        if let Some(node) = g.find(&Vertex::AnyNode) {
            let goal = g.vertex(Vertex::Goal(Goal::Node));
            g.edge(
                node,
                goal,
                Move::Sensitive("code execution on the node".into()),
            );
            let mut accounts_linked: std::collections::HashSet<u32> =
                std::collections::HashSet::new();
            for (e, endpoint) in net.endpoints.iter().enumerate() {
                let Facts::Workload(facts) = &inventory.get(endpoint.record).facts else {
                    continue;
                };
                let daemonset = &*endpoint.kind == "DaemonSet";
                if (!daemonset && facts.pinned)
                    || !inventory.token_mounted(&endpoint.namespace, facts)
                {
                    continue;
                }
                let Some(account) = g.find(&Vertex::Account(
                    endpoint.namespace.clone(),
                    facts.service_account.clone(),
                )) else {
                    continue;
                };
                if !accounts_linked.insert(account) {
                    continue;
                }
                g.edge(
                    node,
                    account,
                    Move::NodeToken {
                        workload: e,
                        daemonset,
                    },
                );
            }
        }
        // Service accounts → what RBAC gives them, directly or by escalation.
        let escalations = rbac.escalations();
        for (i, path) in escalations.paths.iter().enumerate() {
            if path.subject.kind != SubjectKind::ServiceAccount {
                continue;
            }
            let Some(ns) = &path.subject.namespace else {
                continue;
            };
            let Some(account) = g.find(&Vertex::Account(ns.clone(), path.subject.name.clone()))
            else {
                continue;
            };
            let goal = match &path.reaches {
                Position::ClusterAdmin => Goal::ClusterAdmin,
                Position::Node => Goal::Node,
                Position::AllSecrets => Goal::AllSecrets,
                Position::NamespaceAdmin(ns) => Goal::NamespaceAdmin(ns.clone()),
                Position::Secrets(ns) => Goal::Secrets(ns.clone()),
            };
            let goal = g.vertex(Vertex::Goal(goal));
            g.edge(account, goal, Move::Rbac(i));
        }
        g
    }
}

#[cfg(test)]
mod tests {
    /// A LoadBalancer in front of thousands of workloads makes an edge to each: edges stay
    /// small (the ports text is shared, the rare texts boxed).
    #[test]
    fn an_edge_is_four_words() {
        assert!(std::mem::size_of::<super::Edge>() <= 32);
    }

    /// An Ingress that routes to two Services of the same pods reaches them by one edge (the
    /// first way); a LoadBalancer Service of those pods is an entry of its own.
    #[test]
    fn an_entry_reaches_a_workload_by_one_edge() {
        let service = |name: &str, kind: &str| {
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  type: {kind}\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: 8080}}]"
            )
        };
        let docs = [
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - {name: web, image: 'web:1', ports: [{containerPort: 8080}]}".to_string(),
            service("a", "ClusterIP"),
            service("b", "ClusterIP"),
            service("lb", "LoadBalancer"),
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /a, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}\n      - {path: /b, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}".to_string(),
        ];
        let inv = groundcrew_inventory::inventory_from_yaml("t.yaml", &docs.join("\n---\n"))
            .expect("reads");
        let net = super::Network::new(&inv);
        let reach = super::Reach::new(&net);
        let rbac = super::Analysis::new(&inv, false);
        let g = super::Graph::build(&net, &reach, &rbac, &super::Classification::default());
        let mut serves: Vec<String> = g
            .edges
            .iter()
            .filter(|e| matches!(e.how, super::Move::Serve { .. }))
            .map(|e| match &g.vertices[e.from as usize] {
                super::Vertex::Entry(via) => inv.get(*via).id.name.to_string(),
                other => panic!("a Serve edge from {other:?}"),
            })
            .collect();
        serves.sort();
        assert_eq!(serves, ["lb", "shop"]);
    }
}
