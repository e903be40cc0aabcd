//! One connection's verdict, explained per direction: which policy and rule allowed it, or
//! that the workload is not isolated, or that no rule matched the peer, or that rules matched
//! the peer but not the port.

use groundcrew_inventory::Protocol;
use serde::Serialize;

use crate::model::{Direction, Network, Node};

/// The verdict of one direction.
#[derive(Debug, Clone, Serialize)]
pub struct SideVerdict {
    pub allowed: bool,
    pub reason: String,
    /// The policies and rules that allow it (`namespace/name ingress[0]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub src: String,
    pub dst: String,
    pub protocol: &'static str,
    pub port: u16,
    pub allowed: bool,
    pub egress: SideVerdict,
    pub ingress: SideVerdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn side(
    net: &Network<'_>,
    direction: Direction,
    subject: Node,
    peer: Node,
    protocol: Protocol,
    port: u16,
) -> SideVerdict {
    let word = match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    };
    let e = match subject {
        Node::External(_) => {
            return SideVerdict {
                allowed: true,
                reason: format!(
                    "{} is outside the cluster: no NetworkPolicy governs its {word}",
                    net.node_display(subject)
                ),
                rules: Vec::new(),
            };
        }
        Node::Workload(e) => e,
    };
    if net.endpoints[e].host_network {
        return SideVerdict {
            allowed: true,
            reason: format!(
                "{} uses the host network: NetworkPolicies do not apply to it",
                net.endpoints[e].display()
            ),
            rules: Vec::new(),
        };
    }
    let mut passed = String::new();
    match net.admin_verdict(e, direction, peer, protocol, port) {
        crate::admin::AdminVerdict::Decided { allowed, by } => {
            return SideVerdict {
                allowed,
                reason: format!(
                    "{} by {by}, before any NetworkPolicy",
                    if allowed { "allowed" } else { "denied" }
                ),
                rules: vec![by],
            };
        }
        crate::admin::AdminVerdict::Passed { by } => passed = format!("passed by {by}; "),
        crate::admin::AdminVerdict::None => {}
    }
    let policies = match direction {
        Direction::Ingress => &net.ingress_policies[e],
        Direction::Egress => &net.egress_policies[e],
    };
    if policies.is_empty() {
        if let Some((allowed, by)) = net.baseline_verdict(e, direction, peer, protocol, port) {
            return SideVerdict {
                allowed,
                reason: format!(
                    "{passed}no NetworkPolicy isolates it for {word}; {} by {by}",
                    if allowed { "allowed" } else { "denied" }
                ),
                rules: vec![by],
            };
        }
        return SideVerdict {
            allowed: true,
            reason: format!(
                "{passed}{} is not isolated for {word}: no NetworkPolicy selects it for {word}",
                net.endpoints[e].display()
            ),
            rules: Vec::new(),
        };
    }
    // The port is checked against the destination's container ports (named ports).
    let dst_workload = match (direction, peer) {
        (Direction::Ingress, _) => Some(e),
        (Direction::Egress, Node::Workload(d)) => Some(d),
        (Direction::Egress, Node::External(_)) => None,
    };
    let mut allowing = Vec::new();
    let mut peer_matched = false;
    for &p in policies {
        let policy = &net.policies[p];
        let rules = match direction {
            Direction::Ingress => &policy.facts.ingress_rules,
            Direction::Egress => &policy.facts.egress_rules,
        };
        for (i, rule) in rules.iter().enumerate() {
            let matches_peer = match &rule.peers {
                None => true,
                Some(peers) => peers.iter().any(|pe| match peer {
                    Node::Workload(w) => net.peer_matches(&policy.namespace, pe, w),
                    Node::External(x) => net.peer_externals(pe).contains(&x),
                }),
            };
            if !matches_peer {
                continue;
            }
            peer_matched = true;
            if net.rule_ports(rule, dst_workload).contains(protocol, port) {
                allowing.push(format!(
                    "NetworkPolicy {}/{} {word}[{i}]",
                    policy.namespace, policy.name
                ));
            }
        }
    }
    let names: Vec<String> = policies
        .iter()
        .map(|&p| format!("{}/{}", net.policies[p].namespace, net.policies[p].name))
        .collect();
    if !allowing.is_empty() {
        SideVerdict {
            allowed: true,
            reason: format!("{passed}allowed by {}", allowing.join(", ")),
            rules: allowing,
        }
    } else if peer_matched {
        SideVerdict {
            allowed: false,
            reason: format!(
                "rules of {} match {} but not {} {port}",
                names.join(", "),
                net.node_display(peer),
                protocol.as_str()
            ),
            rules: Vec::new(),
        }
    } else {
        SideVerdict {
            allowed: false,
            reason: format!(
                "isolated for {word} by {}, and no rule matches {}",
                names.join(", "),
                net.node_display(peer)
            ),
            rules: Vec::new(),
        }
    }
}

/// Whether `src` can open a connection to `dst` on `protocol`/`port`, and why.
pub fn explain(net: &Network<'_>, src: Node, dst: Node, protocol: Protocol, port: u16) -> Verdict {
    let mut notes = Vec::new();
    for n in [src, dst] {
        if let Node::Workload(e) = n
            && net
                .undefined_namespaces
                .contains(&net.endpoints[e].namespace)
        {
            notes.push(format!(
                "namespace {} is not in the input: assumed to carry only the label kubernetes.io/metadata.name",
                net.endpoints[e].namespace
            ));
        }
    }
    if src == dst {
        let yes = SideVerdict {
            allowed: true,
            reason: "a pod can always reach itself".into(),
            rules: Vec::new(),
        };
        return Verdict {
            src: net.node_display(src),
            dst: net.node_display(dst),
            protocol: protocol.as_str(),
            port,
            allowed: true,
            egress: yes.clone(),
            ingress: yes,
            notes,
        };
    }
    let egress = side(net, Direction::Egress, src, dst, protocol, port);
    let ingress = side(net, Direction::Ingress, dst, src, protocol, port);
    Verdict {
        src: net.node_display(src),
        dst: net.node_display(dst),
        protocol: protocol.as_str(),
        port,
        allowed: egress.allowed && ingress.allowed,
        egress,
        ingress,
        notes,
    }
}
