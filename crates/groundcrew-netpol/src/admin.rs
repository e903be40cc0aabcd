//! AdminNetworkPolicy and BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`):
//! admin policies apply first, in priority order (lower first; within a policy, rules in
//! order): the first rule matching a peer and port decides — Allow or Deny, or Pass to the
//! NetworkPolicies. Traffic no admin rule decided (or that was passed) is decided by the
//! NetworkPolicies when they isolate the pod in that direction, else by the baseline policy's
//! rules, else allowed.

use groundcrew_inventory::{AdminAction, AdminPolicyFacts, AdminPort, AdminRule, AdminSelector};

use crate::model::{Direction, Network, Node};
use crate::ports::PortSet;

impl Network<'_> {
    fn admin_selects(&self, selector: &AdminSelector, e: usize) -> bool {
        let endpoint = &self.endpoints[e];
        if endpoint.host_network {
            return false;
        }
        let ns_labels = self.namespace_labels.get(&endpoint.namespace);
        match selector {
            AdminSelector::Namespaces(sel) => ns_labels.is_some_and(|l| sel.matches(l)),
            AdminSelector::Pods { namespaces, pods } => {
                ns_labels.is_some_and(|l| namespaces.matches(l)) && pods.matches(endpoint.labels)
            }
            AdminSelector::Networks(_) | AdminSelector::Other => false,
        }
    }

    fn admin_peer_matches(&self, rule: &AdminRule, peer: Node) -> bool {
        rule.peers.iter().any(|p| match (p, peer) {
            (AdminSelector::Networks(blocks), Node::External(x)) => {
                let r = &self.externals[x];
                blocks
                    .iter()
                    .any(|b| b.first <= r.first && r.last <= b.last)
            }
            (_, Node::Workload(w)) => self.admin_selects(p, w),
            _ => false,
        })
    }

    fn admin_ports(&self, rule: &AdminRule, dst: Option<usize>) -> PortSet {
        let Some(ports) = &rule.ports else {
            return PortSet::all();
        };
        let mut out = PortSet::empty();
        for p in ports {
            match p {
                AdminPort::Number { protocol, port } => out.add(*protocol, *port, *port),
                AdminPort::Range {
                    protocol,
                    start,
                    end,
                } => out.add(*protocol, *start, *end),
                AdminPort::Named(name) => {
                    let Some(d) = dst else { continue };
                    for cp in self.endpoints[d].ports {
                        if cp.name.as_deref() == Some(&**name) {
                            out.add(cp.protocol, cp.port, cp.port);
                        }
                    }
                }
            }
        }
        out
    }

    /// The admin policies (not baseline) whose subject selects `e`, by priority.
    fn admin_policies_of(&self, e: usize) -> Vec<&AdminPolicyFacts> {
        let mut out: Vec<&AdminPolicyFacts> = self
            .admin
            .iter()
            .map(|(_, a)| *a)
            .filter(|a| !a.baseline && a.subject.as_ref().is_some_and(|s| self.admin_selects(s, e)))
            .collect();
        out.sort_by_key(|a| a.priority);
        out
    }

    fn baseline_of(&self, e: usize) -> Option<&AdminPolicyFacts> {
        self.admin
            .iter()
            .map(|(_, a)| *a)
            .find(|a| a.baseline && a.subject.as_ref().is_some_and(|s| self.admin_selects(s, e)))
    }

    /// What one direction of workload `e` allows with `peer`, admin policies applied;
    /// `np` is what the NetworkPolicies alone allow (everything when they do not isolate).
    pub fn admin_side(&self, e: usize, direction: Direction, peer: Node, np: &PortSet) -> PortSet {
        let dst = match (direction, peer) {
            (Direction::Ingress, _) => Some(e),
            (Direction::Egress, Node::Workload(d)) => Some(d),
            (Direction::Egress, Node::External(_)) => None,
        };
        fn rules(a: &AdminPolicyFacts, direction: Direction) -> &[AdminRule] {
            match direction {
                Direction::Ingress => &a.ingress,
                Direction::Egress => &a.egress,
            }
        }
        let mut remaining = PortSet::all();
        let mut allowed = PortSet::empty();
        let mut passed = PortSet::empty();
        for a in self.admin_policies_of(e) {
            for rule in rules(a, direction) {
                if !self.admin_peer_matches(rule, peer) {
                    continue;
                }
                let r = self.admin_ports(rule, dst).intersect(&remaining);
                match rule.action {
                    AdminAction::Allow => allowed.union_with(&r),
                    AdminAction::Deny => {}
                    AdminAction::Pass => passed.union_with(&r),
                }
                remaining = remaining.difference(&r);
            }
        }
        let mut undecided = remaining;
        undecided.union_with(&passed);
        if self.isolated(e, direction) {
            allowed.union_with(&np.intersect(&undecided));
            return allowed;
        }
        if let Some(b) = self.baseline_of(e) {
            for rule in rules(b, direction) {
                if !self.admin_peer_matches(rule, peer) {
                    continue;
                }
                let r = self.admin_ports(rule, dst).intersect(&undecided);
                if rule.action == AdminAction::Allow {
                    allowed.union_with(&r);
                }
                undecided = undecided.difference(&r);
            }
        }
        allowed.union_with(&undecided);
        allowed
    }
}

/// How admin policies decide one port of one direction.
pub enum AdminVerdict {
    /// An AdminNetworkPolicy rule allowed or denied it.
    Decided { allowed: bool, by: String },
    /// A rule passed it to the NetworkPolicies.
    Passed { by: String },
    /// No admin rule matched.
    None,
}

impl Network<'_> {
    fn admin_name(&self, a: &AdminPolicyFacts) -> String {
        self.admin
            .iter()
            .find(|(_, x)| std::ptr::eq(*x, a))
            .map(|(r, _)| self.inventory.get(*r).id.to_string())
            .unwrap_or_default()
    }

    fn first_rule(
        &self,
        a: &AdminPolicyFacts,
        e: usize,
        direction: Direction,
        peer: Node,
        protocol: groundcrew_inventory::Protocol,
        port: u16,
    ) -> Option<(AdminAction, String)> {
        let dst = match (direction, peer) {
            (Direction::Ingress, _) => Some(e),
            (Direction::Egress, Node::Workload(d)) => Some(d),
            (Direction::Egress, Node::External(_)) => None,
        };
        let (word, rules) = match direction {
            Direction::Ingress => ("ingress", &a.ingress),
            Direction::Egress => ("egress", &a.egress),
        };
        rules
            .iter()
            .find(|r| {
                self.admin_peer_matches(r, peer)
                    && self.admin_ports(r, dst).contains(protocol, port)
            })
            .map(|r| {
                (
                    r.action,
                    format!(
                        "{} {word}[{}] \"{}\" ({:?})",
                        self.admin_name(a),
                        r.index,
                        r.name,
                        r.action
                    ),
                )
            })
    }

    /// The AdminNetworkPolicies' verdict on one port of one direction of `e`.
    pub fn admin_verdict(
        &self,
        e: usize,
        direction: Direction,
        peer: Node,
        protocol: groundcrew_inventory::Protocol,
        port: u16,
    ) -> AdminVerdict {
        for a in self.admin_policies_of(e) {
            if let Some((action, by)) = self.first_rule(a, e, direction, peer, protocol, port) {
                return match action {
                    AdminAction::Allow => AdminVerdict::Decided { allowed: true, by },
                    AdminAction::Deny => AdminVerdict::Decided { allowed: false, by },
                    AdminAction::Pass => AdminVerdict::Passed { by },
                };
            }
        }
        AdminVerdict::None
    }

    /// The BaselineAdminNetworkPolicy's verdict, for traffic NetworkPolicies do not isolate.
    pub fn baseline_verdict(
        &self,
        e: usize,
        direction: Direction,
        peer: Node,
        protocol: groundcrew_inventory::Protocol,
        port: u16,
    ) -> Option<(bool, String)> {
        let b = self.baseline_of(e)?;
        self.first_rule(b, e, direction, peer, protocol, port)
            .map(|(action, by)| (action == AdminAction::Allow, by))
    }
}
