//! Kubernetes label selectors (`matchLabels` and `matchExpressions`), as Services,
//! PodDisruptionBudgets, workloads and (later) NetworkPolicies use them.

use std::sync::Arc;

use groundcrew_yaml::Node;

use crate::intern::intern;

/// Labels as interned (key, value) pairs.
pub type Labels = Vec<(Arc<str>, Arc<str>)>;

/// An object's labels, shared: the replicas of an application, and the pods of its
/// templates, carry the same set, held once (see [`label_set_of`]).
pub type LabelSet = Arc<[(Arc<str>, Arc<str>)]>;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Requirement {
    pub key: Arc<str>,
    pub operator: Operator,
    pub values: Vec<Arc<str>>,
}

/// A `LabelSelector`. An empty selector matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub match_expressions: Vec<Requirement>,
}

pub fn label_value<'a>(labels: &'a [(Arc<str>, Arc<str>)], key: &str) -> Option<&'a str> {
    labels.iter().find(|(k, _)| &**k == key).map(|(_, v)| &**v)
}

/// String-valued entries of a mapping (a `labels` field), as a shared set: one copy of each
/// distinct set for the whole scan.
pub fn label_set_of(node: Option<&Node>) -> LabelSet {
    crate::intern::intern_labels(crate::object::string_map(node))
}

/// String-valued entries of a mapping, interned (selectors' `matchLabels`). Counted first, so
/// that they take no more room than they need (a collected `Vec` keeps its growth's slack).
pub fn labels_of(node: Option<&Node>) -> Labels {
    let mut labels = Vec::with_capacity(crate::object::string_map(node).count());
    labels.extend(crate::object::string_map(node).map(|(k, v)| (intern(k), intern(v))));
    labels
}

impl LabelSelector {
    /// Reads a `LabelSelector` node; `None` when the node is not a mapping or an operator is
    /// unknown (such a selector is invalid and the API server would reject it).
    pub fn from_node(node: &Node) -> Option<LabelSelector> {
        node.as_map()?;
        let match_labels = labels_of(node.get("matchLabels"));
        let mut match_expressions = Vec::new();
        for e in node.get("matchExpressions").map(Node::items).unwrap_or(&[]) {
            let key = intern(e.get("key").and_then(Node::as_str)?);
            let operator = match e.get("operator").and_then(Node::as_str)? {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                _ => return None,
            };
            let values = e
                .get("values")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .map(|v| intern(&v.display_scalar()))
                .collect();
            match_expressions.push(Requirement {
                key,
                operator,
                values,
            });
        }
        Some(LabelSelector {
            match_labels,
            match_expressions,
        })
    }

    /// A plain map selector (Service `spec.selector`, ReplicationController).
    pub fn from_map(labels: Labels) -> LabelSelector {
        LabelSelector {
            match_labels: labels,
            match_expressions: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    pub fn matches(&self, labels: &[(Arc<str>, Arc<str>)]) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| label_value(labels, k) == Some(&**v))
            && self.match_expressions.iter().all(|r| {
                let value = label_value(labels, &r.key);
                match r.operator {
                    Operator::In => value.is_some_and(|v| r.values.iter().any(|x| &**x == v)),
                    Operator::NotIn => value.is_none_or(|v| r.values.iter().all(|x| &**x != v)),
                    Operator::Exists => value.is_some(),
                    Operator::DoesNotExist => value.is_none(),
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (intern(k), intern(v))).collect()
    }

    #[test]
    fn selector_semantics() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![
                Requirement {
                    key: intern("tier"),
                    operator: Operator::NotIn,
                    values: vec![intern("db")],
                },
                Requirement {
                    key: intern("canary"),
                    operator: Operator::DoesNotExist,
                    values: vec![],
                },
            ],
        };
        assert!(sel.matches(&labels(&[("app", "web")])));
        assert!(sel.matches(&labels(&[("app", "web"), ("tier", "fe")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "db")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("canary", "1")])));
        assert!(!sel.matches(&labels(&[("app", "api")])));
        assert!(LabelSelector::default().matches(&labels(&[])));
    }
}
