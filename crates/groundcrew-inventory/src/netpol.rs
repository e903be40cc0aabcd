//! What NetworkPolicies say, rule by rule, kept for the reachability analysis once their
//! trees are gone: peers (pod and namespace selectors, IP blocks) and ports (protocol,
//! number or name, `endPort`), with where each rule is written.

use std::sync::Arc;

use groundcrew_yaml::{FieldPath, Node, Pos};

use crate::intern::intern;
use crate::selector::LabelSelector;

/// A transport protocol NetworkPolicies name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    /// `TCP` (also the default when absent), `UDP`, `SCTP`; `None` for anything else.
    pub fn parse(s: Option<&str>) -> Option<Protocol> {
        match s {
            None | Some("TCP") => Some(Protocol::Tcp),
            Some("UDP") => Some(Protocol::Udp),
            Some("SCTP") => Some(Protocol::Sctp),
            Some(_) => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// A port of a rule: a number or a container port's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRef {
    Number(u16),
    Name(Arc<str>),
}

/// One `ports[]` entry: protocol (TCP when absent), port (all ports when absent), and
/// `endPort` (with a numeric `port`: an inclusive range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePort {
    pub protocol: Protocol,
    pub port: Option<PortRef>,
    pub end_port: Option<u16>,
}

/// An IPv4 or IPv6 block, as the first and last address (IPv4 mapped into the IPv6 space).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpRange {
    pub first: u128,
    pub last: u128,
}

/// One `from[]`/`to[]` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Peer {
    /// `podSelector` and/or `namespaceSelector` (both: AND). `None` for a selector that is
    /// absent; a selector that is present but invalid makes the peer match nothing.
    Pods {
        pods: Option<LabelSelector>,
        namespaces: Option<LabelSelector>,
        valid: bool,
    },
    /// `ipBlock`: `cidr` minus `except`.
    IpBlock {
        cidr: Box<str>,
        range: Option<IpRange>,
        except: Vec<IpRange>,
    },
}

/// One `ingress[]` or `egress[]` rule. `peers: None` (`from`/`to` absent or empty) matches
/// every peer; empty `ports` matches every port.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRuleNp {
    pub peers: Option<Vec<Peer>>,
    pub ports: Vec<RulePort>,
    /// A `ports[]` entry groundcrew cannot read (unknown protocol, bad port): the rule then
    /// allows nothing through that entry.
    pub invalid_ports: usize,
    pub pos: Pos,
    pub index: u32,
}

/// Parses an IPv4 or IPv6 CIDR (`10.0.0.0/8`, `fd00::/8`) into its address range.
pub fn parse_cidr(cidr: &str) -> Option<IpRange> {
    let (addr, bits) = cidr.split_once('/')?;
    let bits: u32 = bits.parse().ok()?;
    let (value, width): (u128, u32) = if let Ok(v4) = addr.parse::<std::net::Ipv4Addr>() {
        (u128::from(u32::from(v4)) | 0xffff_0000_0000, 32)
    } else {
        (u128::from(addr.parse::<std::net::Ipv6Addr>().ok()?), 128)
    };
    if bits > width {
        return None;
    }
    let host_bits = width - bits;
    let mask: u128 = if host_bits == 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    let first = value & !mask;
    Some(IpRange {
        first,
        last: first | mask,
    })
}

fn selector(node: Option<&Node>) -> (Option<LabelSelector>, bool) {
    match node {
        None => (None, true),
        Some(n) if n.is_null() => (Some(LabelSelector::default()), true),
        Some(n) => match LabelSelector::from_node(n) {
            Some(s) => (Some(s), true),
            None => (None, false),
        },
    }
}

fn peer(node: &Node) -> Peer {
    if let Some(block) = node.get("ipBlock") {
        let cidr = block.get("cidr").and_then(Node::as_str).unwrap_or("");
        return Peer::IpBlock {
            cidr: cidr.into(),
            range: parse_cidr(cidr),
            except: block
                .get("except")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .filter_map(parse_cidr)
                .collect(),
        };
    }
    let (pods, pods_ok) = selector(node.get("podSelector"));
    let (namespaces, ns_ok) = selector(node.get("namespaceSelector"));
    Peer::Pods {
        valid: pods_ok && ns_ok && (pods.is_some() || namespaces.is_some()),
        pods,
        namespaces,
    }
}

fn rule_port(node: &Node) -> Option<RulePort> {
    let protocol = Protocol::parse(node.get("protocol").and_then(Node::as_str))?;
    let port = match node.get("port") {
        None => None,
        Some(p) if p.is_null() => None,
        Some(p) => match (p.as_i64(), p.as_str()) {
            (Some(n), _) => Some(PortRef::Number(u16::try_from(n).ok().filter(|n| *n > 0)?)),
            (None, Some(name)) => Some(PortRef::Name(intern(name))),
            _ => return None,
        },
    };
    let end_port = match node.get("endPort").and_then(Node::as_i64) {
        Some(e) => Some(u16::try_from(e).ok()?),
        None => None,
    };
    Some(RulePort {
        protocol,
        port,
        end_port,
    })
}

/// The rules of one direction (`ingress` or `egress`, with `from` or `to` as the peers).
pub(crate) fn rules(root: &Node, direction: &str, peers_key: &str) -> Vec<PolicyRuleNp> {
    root.get_path(&["spec", direction])
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let peers: Vec<Peer> = r
                .get(peers_key)
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .map(peer)
                .collect();
            let port_nodes = r.get("ports").map(Node::items).unwrap_or(&[]);
            // At most one per entry: room for all, no growth slack.
            let mut ports: Vec<RulePort> = Vec::with_capacity(port_nodes.len());
            ports.extend(port_nodes.iter().filter_map(rule_port));
            PolicyRuleNp {
                peers: (!peers.is_empty()).then_some(peers),
                invalid_ports: port_nodes.len() - ports.len(),
                ports,
                pos: FieldPath::keys(&["spec", direction])
                    .index(i)
                    .locate(root)
                    .0,
                index: i as u32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let r = parse_cidr("10.0.0.0/8").expect("cidr");
        assert_eq!(r.last - r.first, (1 << 24) - 1);
        assert_eq!(
            parse_cidr("0.0.0.0/0").map(|r| r.last - r.first),
            Some(u128::from(u32::MAX))
        );
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("fd00::/8").is_some());
        assert!(parse_cidr("nonsense").is_none());
    }
}

/// What an AdminNetworkPolicy or BaselineAdminNetworkPolicy rule does with the traffic it
/// matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAction {
    Allow,
    Deny,
    /// Skip the remaining AdminNetworkPolicies; NetworkPolicies (then the baseline) decide.
    Pass,
}

/// The pods an admin policy applies to, or that a rule names.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminSelector {
    /// Every pod of the namespaces the selector matches.
    Namespaces(LabelSelector),
    /// Pods matching `pods` in namespaces matching `namespaces`.
    Pods {
        namespaces: LabelSelector,
        pods: LabelSelector,
    },
    /// Address blocks (egress `networks`).
    Networks(Vec<IpRange>),
    /// Something groundcrew does not model (egress `nodes`): matches no workload.
    Other,
}

/// An admin policy port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPort {
    Number {
        protocol: Protocol,
        port: u16,
    },
    Named(Arc<str>),
    Range {
        protocol: Protocol,
        start: u16,
        end: u16,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdminRule {
    pub name: Box<str>,
    pub action: AdminAction,
    pub peers: Vec<AdminSelector>,
    /// `None`: every port.
    pub ports: Option<Vec<AdminPort>>,
    pub index: u32,
    pub pos: Pos,
}

/// An AdminNetworkPolicy (`priority`) or the BaselineAdminNetworkPolicy (`baseline`).
#[derive(Debug, Clone, PartialEq)]
pub struct AdminPolicyFacts {
    pub baseline: bool,
    pub priority: i64,
    /// `None` when the subject is missing or invalid: the policy applies to nothing.
    pub subject: Option<AdminSelector>,
    pub ingress: Vec<AdminRule>,
    pub egress: Vec<AdminRule>,
}

fn admin_selector(node: &Node) -> Option<AdminSelector> {
    if let Some(ns) = node.get("namespaces") {
        return Some(AdminSelector::Namespaces(LabelSelector::from_node(ns)?));
    }
    if let Some(p) = node.get("pods") {
        return Some(AdminSelector::Pods {
            namespaces: p
                .get("namespaceSelector")
                .map_or(Some(LabelSelector::default()), LabelSelector::from_node)?,
            pods: p
                .get("podSelector")
                .map_or(Some(LabelSelector::default()), LabelSelector::from_node)?,
        });
    }
    if let Some(n) = node.get("networks") {
        return Some(AdminSelector::Networks(
            n.items()
                .iter()
                .filter_map(Node::as_str)
                .filter_map(parse_cidr)
                .collect(),
        ));
    }
    Some(AdminSelector::Other)
}

fn admin_port(node: &Node) -> Option<AdminPort> {
    if let Some(n) = node.get("portNumber") {
        return Some(AdminPort::Number {
            protocol: Protocol::parse(n.get("protocol").and_then(Node::as_str))?,
            port: u16::try_from(n.get("port").and_then(Node::as_i64)?).ok()?,
        });
    }
    if let Some(name) = node.get("namedPort").and_then(Node::as_str) {
        return Some(AdminPort::Named(intern(name)));
    }
    let r = node.get("portRange")?;
    Some(AdminPort::Range {
        protocol: Protocol::parse(r.get("protocol").and_then(Node::as_str))?,
        start: u16::try_from(r.get("start").and_then(Node::as_i64)?).ok()?,
        end: u16::try_from(r.get("end").and_then(Node::as_i64)?).ok()?,
    })
}

pub(crate) fn admin_policy(root: &Node, baseline: bool) -> AdminPolicyFacts {
    let rules = |direction: &str, peers_key: &str| -> Vec<AdminRule> {
        root.get_path(&["spec", direction])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let action = match r.get("action").and_then(Node::as_str)? {
                    "Allow" => AdminAction::Allow,
                    "Deny" => AdminAction::Deny,
                    "Pass" if !baseline => AdminAction::Pass,
                    _ => return None,
                };
                Some(AdminRule {
                    name: r.get("name").and_then(Node::as_str).unwrap_or("").into(),
                    action,
                    peers: r
                        .get(peers_key)
                        .map(Node::items)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(admin_selector)
                        .collect(),
                    ports: r
                        .get("ports")
                        .map(|p| p.items().iter().filter_map(admin_port).collect()),
                    index: i as u32,
                    pos: FieldPath::keys(&["spec", direction])
                        .index(i)
                        .locate(root)
                        .0,
                })
            })
            .collect()
    };
    AdminPolicyFacts {
        baseline,
        priority: root
            .get_path(&["spec", "priority"])
            .and_then(Node::as_i64)
            .unwrap_or(i64::MAX),
        subject: root.get_path(&["spec", "subject"]).and_then(admin_selector),
        ingress: rules("ingress", "from"),
        egress: rules("egress", "to"),
    }
}
