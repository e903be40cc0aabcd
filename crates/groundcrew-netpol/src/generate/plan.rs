//! The policies to write, per namespace: default deny, DNS egress, and per workload one
//! ingress rule per client and one egress rule per server, each with the evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use groundcrew_inventory::Protocol;

use super::deps::{Audience, Dependencies};
use crate::model::Network;

/// Where generated policies send DNS queries and let the ingress controller in from.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Namespaces to write policies for; empty: every namespace with workloads except the
    /// system namespaces and the ingress controller's.
    pub namespaces: Vec<String>,
    /// The namespace of the ingress controller (and Gateway implementation).
    pub ingress_namespace: String,
    /// The namespace and pod labels of the cluster DNS resolver.
    pub dns_namespace: String,
    pub dns_labels: Vec<(String, String)>,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            namespaces: Vec::new(),
            ingress_namespace: "ingress-nginx".into(),
            dns_namespace: "kube-system".into(),
            dns_labels: vec![("k8s-app".into(), "kube-dns".into())],
        }
    }
}

/// Namespaces left alone unless named: the control plane's and the node lease namespace.
pub const SYSTEM_NAMESPACES: [&str; 3] = ["kube-system", "kube-public", "kube-node-lease"];

/// The other end of a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeerPlan {
    /// No `from`/`to`: every source (exposed to the world).
    Anywhere,
    /// Pods with these labels (every pod when empty) in `namespace` (the policy's own when
    /// `None`).
    Pods {
        namespace: Option<String>,
        labels: Vec<(String, String)>,
    },
}

/// One rule with the evidence for it.
#[derive(Debug, Clone)]
pub struct RulePlan {
    pub peer: PeerPlan,
    pub ports: Vec<(Protocol, u16)>,
    /// Why: one line per piece of evidence.
    pub why: Vec<String>,
}

/// One NetworkPolicy.
#[derive(Debug, Clone)]
pub struct PolicyPlan {
    pub name: String,
    /// `podSelector.matchLabels`; empty: every pod of the namespace.
    pub selector: Vec<(String, String)>,
    /// What the policy is for (a comment above it).
    pub about: String,
    pub ingress: Option<Vec<RulePlan>>,
    pub egress: Option<Vec<RulePlan>>,
}

/// The policies of one namespace.
#[derive(Debug, Clone)]
pub struct NamespacePlan {
    pub namespace: String,
    pub policies: Vec<PolicyPlan>,
}

/// Everything `netpol generate` writes, and what it left out.
#[derive(Debug)]
pub struct Plan {
    pub namespaces: Vec<NamespacePlan>,
    pub deps: Dependencies,
    /// Endpoints in the generated namespaces.
    pub covered: BTreeSet<usize>,
    pub options: GenerateOptions,
}

/// The smallest set of `e`'s pod labels that no other workload of its namespace carries as
/// well (single labels first, the well-known name keys before others), or all its labels
/// when none is unique.
fn selector_for(net: &Network<'_>, e: usize) -> Vec<(String, String)> {
    const NAME_KEYS: [&str; 5] = [
        "app.kubernetes.io/name",
        "app",
        "k8s-app",
        "name",
        "app.kubernetes.io/instance",
    ];
    let endpoint = &net.endpoints[e];
    let mut labels: Vec<(Arc<str>, Arc<str>)> = endpoint.labels.to_vec();
    labels.sort_by_key(|(k, _)| {
        (
            NAME_KEYS
                .iter()
                .position(|n| *n == &**k)
                .unwrap_or(NAME_KEYS.len()),
            k.clone(),
        )
    });
    let others: Vec<usize> = net
        .in_namespace(&endpoint.namespace)
        .iter()
        .copied()
        .filter(|&o| o != e && !net.endpoints[o].host_network)
        .collect();
    let unique = |subset: &[&(Arc<str>, Arc<str>)]| {
        others
            .iter()
            .all(|&o| !subset.iter().all(|l| net.endpoints[o].labels.contains(l)))
    };
    let as_strings = |subset: &[&(Arc<str>, Arc<str>)]| {
        let mut v: Vec<(String, String)> = subset
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        v.sort();
        v
    };
    for l in &labels {
        if unique(&[l]) {
            return as_strings(&[l]);
        }
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            if unique(&[a, b]) {
                return as_strings(&[a, b]);
            }
        }
    }
    as_strings(&labels.iter().collect::<Vec<_>>())
}

/// Rules being gathered: per peer, the ports and the evidence.
type RulesByPeer = BTreeMap<PeerPlan, (Vec<(Protocol, u16)>, Vec<String>)>;

/// Adds ports and their evidence to the rule for `peer`.
fn gather(
    rules: &mut RulesByPeer,
    peer: PeerPlan,
    ports: impl IntoIterator<Item = (Protocol, u16)>,
    why: impl IntoIterator<Item = String>,
) {
    let entry = rules.entry(peer).or_default();
    entry.0.extend(ports);
    entry.1.extend(why);
}

/// Sorted, deduplicated.
fn ports_of(list: impl IntoIterator<Item = (Protocol, u16)>) -> Vec<(Protocol, u16)> {
    let mut v: Vec<(Protocol, u16)> = list.into_iter().collect();
    v.sort_by_key(|(p, n)| (*p as u8, *n));
    v.dedup();
    v
}

/// Which namespaces get policies.
fn chosen_namespaces(net: &Network<'_>, options: &GenerateOptions) -> Vec<String> {
    let with_workloads: BTreeSet<String> = net
        .endpoints
        .iter()
        .filter(|e| !e.host_network)
        .map(|e| e.namespace.to_string())
        .collect();
    if !options.namespaces.is_empty() {
        let mut v = options.namespaces.clone();
        v.sort();
        v.dedup();
        return v;
    }
    with_workloads
        .into_iter()
        .filter(|ns| !SYSTEM_NAMESPACES.contains(&ns.as_str()) && *ns != options.ingress_namespace)
        .collect()
}

pub(crate) fn build(net: &Network<'_>, deps: Dependencies, options: GenerateOptions) -> Plan {
    let namespaces = chosen_namespaces(net, &options);
    let selectors: BTreeMap<usize, Vec<(String, String)>> = (0..net.endpoints.len())
        .filter(|&e| !net.endpoints[e].host_network && !net.endpoints[e].labels.is_empty())
        .map(|e| (e, selector_for(net, e)))
        .collect();
    let mut deps = deps;
    let mut covered = BTreeSet::new();
    let mut plans = Vec::new();
    let peer_of = |e: usize, policy_ns: &str| -> Option<PeerPlan> {
        let endpoint = &net.endpoints[e];
        Some(PeerPlan::Pods {
            namespace: (*endpoint.namespace != *policy_ns).then(|| endpoint.namespace.to_string()),
            labels: selectors.get(&e)?.clone(),
        })
    };
    // Each workload's flows, both ways, found once.
    let mut by_src: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_dst: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in deps.flows.iter().enumerate() {
        by_src.entry(f.src).or_default().push(i);
        by_dst.entry(f.dst).or_default().push(i);
    }
    let mut exposed_by_dst: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, x) in deps.exposed.iter().enumerate() {
        exposed_by_dst.entry(x.dst).or_default().push(i);
    }
    for ns in &namespaces {
        let members: Vec<usize> = net
            .in_namespace(ns)
            .iter()
            .copied()
            .filter(|&e| !net.endpoints[e].host_network)
            .collect();
        if members.is_empty() {
            deps.notes.push(format!(
                "namespace {ns}: no workload of the input runs there: no policies written"
            ));
            continue;
        }
        covered.extend(members.iter().copied());
        let mut policies = vec![
            PolicyPlan {
                name: "default-deny".into(),
                selector: Vec::new(),
                about: format!(
                    "Every pod of {ns}: no traffic in or out unless a policy below allows it."
                ),
                ingress: Some(Vec::new()),
                egress: Some(Vec::new()),
            },
            PolicyPlan {
                name: "allow-dns".into(),
                selector: Vec::new(),
                about: format!(
                    "Every pod of {ns} may query the cluster DNS resolver ({} pods with {}).",
                    options.dns_namespace,
                    options
                        .dns_labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                ingress: None,
                egress: Some(vec![RulePlan {
                    peer: PeerPlan::Pods {
                        namespace: Some(options.dns_namespace.clone()),
                        labels: options.dns_labels.clone(),
                    },
                    ports: vec![(Protocol::Udp, 53), (Protocol::Tcp, 53)],
                    why: vec!["DNS lookups of Service names".into()],
                }]),
            },
        ];
        let mut members_sorted = members.clone();
        members_sorted
            .sort_by_key(|&e| (net.endpoints[e].name.clone(), net.endpoints[e].kind.clone()));
        let mut names_used: BTreeSet<String> = policies.iter().map(|p| p.name.clone()).collect();
        for e in members_sorted {
            let endpoint = &net.endpoints[e];
            let Some(selector) = selectors.get(&e) else {
                deps.notes.push(format!(
                    "{}: its pods have no labels, so no policy can select it alone; it gets only the namespace's default deny and DNS",
                    endpoint.display()
                ));
                continue;
            };
            let twins: Vec<String> = members
                .iter()
                .filter(|&&o| o != e)
                .filter(|&&o| {
                    selector.iter().all(|(k, v)| {
                        net.endpoints[o]
                            .labels
                            .iter()
                            .any(|(a, b)| **a == **k && **b == **v)
                    })
                })
                .map(|&o| net.endpoints[o].display())
                .collect();
            if !twins.is_empty() {
                deps.notes.push(format!(
                    "{}: its pod labels do not tell it apart from {}: policies selecting it select them too",
                    endpoint.display(),
                    twins.join(", ")
                ));
            }
            let mut ingress: RulesByPeer = BTreeMap::new();
            let mut egress: RulesByPeer = BTreeMap::new();
            for f in by_dst
                .get(&e)
                .into_iter()
                .flatten()
                .map(|&i| &deps.flows[i])
            {
                let client = &net.endpoints[f.src];
                let Some(peer) = peer_of(f.src, ns) else {
                    deps.notes.push(format!(
                        "{} -> {}: the client's pods have no labels, so no rule can name it",
                        client.display(),
                        endpoint.display()
                    ));
                    continue;
                };
                let why = f
                    .reasons
                    .iter()
                    .map(|r| format!("from {}: {r}", client.display()));
                gather(&mut ingress, peer, [(f.protocol, f.port)], why);
            }
            for x in exposed_by_dst
                .get(&e)
                .into_iter()
                .flatten()
                .map(|&i| &deps.exposed[i])
            {
                let (peer, who) = match x.audience {
                    Audience::Anywhere => (PeerPlan::Anywhere, "from anywhere"),
                    Audience::IngressController => (
                        PeerPlan::Pods {
                            namespace: Some(options.ingress_namespace.clone()),
                            labels: Vec::new(),
                        },
                        "from the ingress controller",
                    ),
                };
                let unlisted = x.ways - x.reasons.len();
                // After the listed ways once sorted: lowercase follows every kind's name.
                let more = (unlisted > 0).then(|| format!("{who}: and {unlisted} more ways in"));
                let why = x.reasons.iter().map(|r| format!("{who}: {r}")).chain(more);
                gather(&mut ingress, peer, x.ports.iter().copied(), why);
            }
            for f in by_src
                .get(&e)
                .into_iter()
                .flatten()
                .map(|&i| &deps.flows[i])
            {
                let server = &net.endpoints[f.dst];
                let Some(peer) = peer_of(f.dst, ns) else {
                    continue;
                };
                let why = f
                    .reasons
                    .iter()
                    .map(|r| format!("to {}: {r}", server.display()));
                gather(&mut egress, peer, [(f.protocol, f.port)], why);
            }
            if ingress.is_empty() && egress.is_empty() {
                continue;
            }
            let rules = |m: RulesByPeer| {
                (!m.is_empty()).then(|| {
                    m.into_iter()
                        .map(|(peer, (ports, mut why))| {
                            why.sort();
                            why.dedup();
                            RulePlan {
                                peer,
                                ports: ports_of(ports),
                                why,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            };
            let mut name = endpoint.name.to_string();
            if names_used.contains(&name) {
                name = format!("{}-{}", endpoint.name, endpoint.kind.to_ascii_lowercase());
            }
            names_used.insert(name.clone());
            policies.push(PolicyPlan {
                name,
                selector: selector.clone(),
                about: format!(
                    "What {} needs, from what its manifests name.",
                    endpoint.display()
                ),
                ingress: rules(ingress),
                egress: rules(egress),
            });
        }
        plans.push(NamespacePlan {
            namespace: ns.clone(),
            policies,
        });
    }
    deps.notes.sort();
    deps.notes.dedup();
    Plan {
        namespaces: plans,
        deps,
        covered,
        options,
    }
}
