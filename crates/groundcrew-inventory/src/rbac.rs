//! What Roles, ClusterRoles, RoleBindings, ClusterRoleBindings and service-account token
//! Secrets say, kept for the RBAC analysis once their trees are gone.

use std::sync::Arc;

use groundcrew_yaml::{FieldPath, Node, Pos};

use crate::intern::intern;
use crate::selector::LabelSelector;

/// One `rules[]` entry of a Role or ClusterRole, as written (matching is the RBAC engine's
/// business).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyRule {
    pub api_groups: Box<[Arc<str>]>,
    pub resources: Box<[Arc<str>]>,
    pub verbs: Box<[Arc<str>]>,
    pub resource_names: Box<[Arc<str>]>,
    pub non_resource_urls: Box<[Arc<str>]>,
    /// Where the rule is written.
    pub pos: Pos,
    /// Its index in `rules`.
    pub index: u32,
}

/// A Role's or ClusterRole's rules and, for an aggregated ClusterRole, its selectors.
#[derive(Debug, Clone, Default)]
pub struct RoleFacts {
    pub rules: Vec<PolicyRule>,
    /// `aggregationRule.clusterRoleSelectors`; `None` without an `aggregationRule`.
    /// Selectors that are not valid label selectors are left out (they select nothing).
    pub aggregation: Option<Vec<LabelSelector>>,
}

/// What a binding grants to whom.
#[derive(Debug, Clone)]
pub struct BindingFacts {
    /// `roleRef.kind` and `roleRef.name`.
    pub role_kind: Arc<str>,
    pub role_name: Arc<str>,
    /// Where `roleRef` is written.
    pub role_pos: Pos,
    pub subjects: Vec<Subject>,
}

/// A binding subject; a ServiceAccount's namespace defaults to the binding's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: Arc<str>,
    pub name: Arc<str>,
    pub namespace: Option<Arc<str>>,
    /// Where the subject is written in its binding.
    pub pos: Pos,
    /// Its index in `subjects`.
    pub index: u32,
}

fn strings(node: Option<&Node>) -> Box<[Arc<str>]> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .map(intern)
        .collect()
}

pub(crate) fn role(root: &Node) -> RoleFacts {
    let rules = root
        .get("rules")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, r)| PolicyRule {
            api_groups: strings(r.get("apiGroups")),
            resources: strings(r.get("resources")),
            verbs: strings(r.get("verbs")),
            resource_names: strings(r.get("resourceNames")),
            non_resource_urls: strings(r.get("nonResourceURLs")),
            pos: FieldPath::keys(&["rules"]).index(i).locate(root).0,
            index: i as u32,
        })
        .collect();
    let aggregation = root.get("aggregationRule").map(|a| {
        a.get("clusterRoleSelectors")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(LabelSelector::from_node)
            .collect()
    });
    RoleFacts { rules, aggregation }
}

pub(crate) fn binding(root: &Node, namespace: Option<&Arc<str>>) -> BindingFacts {
    let field = |k: &str| {
        root.get_path(&["roleRef", k])
            .and_then(Node::as_str)
            .map(intern)
            .unwrap_or_else(|| intern(""))
    };
    let subjects = root
        .get("subjects")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let kind = s.get("kind").and_then(Node::as_str)?;
            let name = s.get("name").and_then(Node::as_str)?;
            let namespace = match s.get("namespace").and_then(Node::as_str) {
                Some(ns) if !ns.is_empty() => Some(intern(ns)),
                _ if kind == "ServiceAccount" => namespace.cloned(),
                _ => None,
            };
            Some(Subject {
                kind: intern(kind),
                name: intern(name),
                namespace,
                pos: FieldPath::keys(&["subjects"]).index(i).locate(root).0,
                index: i as u32,
            })
        })
        .collect();
    BindingFacts {
        role_kind: field("kind"),
        role_name: field("name"),
        role_pos: FieldPath::keys(&["roleRef"]).locate(root).0,
        subjects,
    }
}

/// The service account a legacy token Secret (`type: kubernetes.io/service-account-token`)
/// holds the token of.
pub(crate) fn token_secret(root: &Node) -> Option<Arc<str>> {
    if root.get("type").and_then(Node::as_str) != Some("kubernetes.io/service-account-token") {
        return None;
    }
    root.get_path(&[
        "metadata",
        "annotations",
        "kubernetes.io/service-account.name",
    ])
    .and_then(Node::as_str)
    .map(intern)
}
