//! The generator checks its own output with the engine: the input with the generated
//! policies in place of the generated namespaces' own, read back through the same loader.
//! Every inferred flow must stay allowed, and nothing else may be: no connection to or
//! from a workload of a generated namespace beyond the inferred flows, DNS, and what the
//! exposure rules let in.

use std::collections::{BTreeMap, HashMap};

use groundcrew_inventory::{Facts, Inventory, Protocol, inventory_from_yaml};

use super::deps::Audience;
use super::plan::Plan;
use crate::model::{Network, Node};
use crate::ports::PortSet;
use crate::reach::Reach;

/// What the engine says about the generated policies.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Verification {
    /// Inferred flows (client, server, protocol, port) checked, and those the engine denies.
    pub flows: usize,
    pub missing: Vec<String>,
    /// Ordered workload pairs with a workload of a generated namespace at one end, and how
    /// many of them have any connection.
    pub pairs: usize,
    pub connected_pairs: usize,
    /// Connections allowed beyond what was inferred: `src => dst : ports`.
    pub unexpected: Vec<String>,
    /// Workloads reachable from outside the cluster, with their ports.
    pub exposed: Vec<String>,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

/// Loads the input without the generated namespaces' NetworkPolicies, plus `files`
/// (`(name, yaml)`), and checks the result against `plan`.
///
/// # Errors
/// When a generated file cannot be read back (a bug in the writer).
pub fn verify(
    original: &Network<'_>,
    plan: &Plan,
    files: &[(String, String)],
) -> Result<Verification, String> {
    let generated: std::collections::BTreeSet<&str> = plan
        .namespaces
        .iter()
        .map(|n| n.namespace.as_str())
        .collect();
    let mut records: Vec<_> = original
        .inventory
        .records()
        // Only what the network model reads; the generated namespaces' own policies are
        // replaced.
        .filter(|r| match &r.facts {
            Facts::Workload(_) | Facts::AdminPolicy(_) => true,
            Facts::NetworkPolicy(_) => !r
                .id
                .namespace
                .as_deref()
                .is_some_and(|ns| generated.contains(ns)),
            _ => &*r.id.kind == "Namespace",
        })
        .cloned()
        .collect();
    for (name, text) in files {
        records.extend(inventory_from_yaml(name, text)?.records().cloned());
    }
    let inventory = Inventory::new(records);
    let net = Network::new(&inventory);
    let reach = Reach::new(&net);
    let by_display: HashMap<String, usize> = net
        .endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.display(), i))
        .collect();
    let new_index = |old: usize| by_display.get(&original.endpoints[old].display()).copied();
    let covered: Vec<bool> = {
        let mut v = vec![false; net.endpoints.len()];
        for &e in &plan.covered {
            if let Some(n) = new_index(e) {
                v[n] = true;
            }
        }
        v
    };

    let mut expected: HashMap<(usize, usize), PortSet> = HashMap::new();
    let mut verification = Verification::default();
    for f in &plan.deps.flows {
        let (Some(s), Some(d)) = (new_index(f.src), new_index(f.dst)) else {
            continue;
        };
        if !covered[s] && !covered[d] {
            continue;
        }
        verification.flows += 1;
        expected
            .entry((s, d))
            .or_default()
            .add(f.protocol, f.port, f.port);
        if !reach
            .connection(Node::Workload(s), Node::Workload(d))
            .contains(f.protocol, f.port)
        {
            verification.missing.push(format!(
                "{} => {} : {} {} ({})",
                net.endpoints[s].display(),
                net.endpoints[d].display(),
                f.protocol.as_str(),
                f.port,
                f.reasons.join("; ")
            ));
        }
    }
    let options = &plan.options;
    let dns: Vec<usize> = net
        .endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            *e.namespace == *options.dns_namespace
                && !e.host_network
                && options
                    .dns_labels
                    .iter()
                    .all(|(k, v)| e.labels.iter().any(|(a, b)| **a == **k && **b == **v))
        })
        .map(|(i, _)| i)
        .collect();
    let mut dns_ports = PortSet::single(Protocol::Udp, 53, 53);
    dns_ports.add(Protocol::Tcp, 53, 53);
    // Walked below to list what is denied: in workload order, the same run after run.
    let mut anywhere: BTreeMap<usize, PortSet> = BTreeMap::new();
    let mut controller: BTreeMap<usize, PortSet> = BTreeMap::new();
    for x in &plan.deps.exposed {
        let Some(d) = new_index(x.dst) else { continue };
        if !covered[d] {
            continue;
        }
        let target = match x.audience {
            Audience::Anywhere => &mut anywhere,
            Audience::IngressController => &mut controller,
        };
        let set = target.entry(d).or_default();
        for (p, n) in &x.ports {
            set.add(*p, *n, *n);
        }
    }
    for (&d, ports) in &anywhere {
        for x in 0..net.externals.len() {
            let allowed = reach.connection(Node::External(x), Node::Workload(d));
            if !ports.difference(&allowed).is_empty() {
                verification.missing.push(format!(
                    "{} => {} : {} (exposed, denied)",
                    net.node_display(Node::External(x)),
                    net.endpoints[d].display(),
                    ports.difference(&allowed)
                ));
            }
        }
        verification
            .exposed
            .push(format!("{} : {ports}", net.endpoints[d].display()));
    }
    verification.exposed.sort();

    let expected_for = |src: Node, d: usize| -> PortSet {
        let mut set = PortSet::empty();
        let src_covered = matches!(src, Node::Workload(s) if covered[s]);
        if let Node::Workload(s) = src {
            if let Some(p) = expected.get(&(s, d)) {
                set.union_with(p);
            }
            if covered[s] && dns.contains(&d) {
                set.union_with(&dns_ports);
            }
            if !covered[s]
                && *net.endpoints[s].namespace == *options.ingress_namespace
                && let Some(p) = controller.get(&d)
            {
                set.union_with(p);
            }
        }
        if !src_covered && let Some(p) = anywhere.get(&d) {
            set.union_with(p);
        }
        set
    };
    // Source by source: a large cluster's connections are never all held at once.
    for c in reach
        .sources()
        .flat_map(|s| reach.connections_from(s, None))
    {
        let touches = |n: Node| matches!(n, Node::Workload(e) if covered[e]);
        if !touches(c.src) && !touches(c.dst) {
            continue;
        }
        if matches!((c.src, c.dst), (Node::Workload(_), Node::Workload(_))) {
            verification.connected_pairs += 1;
        }
        let allowed_beyond = match c.dst {
            Node::Workload(d) => c.conn.difference(&expected_for(c.src, d)),
            // Egress to external addresses: never inferred.
            Node::External(_) => c.conn.clone(),
        };
        if !allowed_beyond.is_empty() {
            verification.unexpected.push(format!(
                "{} => {} : {allowed_beyond}",
                net.node_display(c.src),
                net.node_display(c.dst)
            ));
        }
    }
    let n = net.endpoints.len();
    let uncovered = covered.iter().filter(|c| !**c).count();
    verification.pairs = n * n.saturating_sub(1) - uncovered * uncovered.saturating_sub(1);
    Ok(verification)
}
