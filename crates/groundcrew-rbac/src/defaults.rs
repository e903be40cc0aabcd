//! The Kubernetes default roles and bindings (`defaults.txt`), compiled in, so that a
//! binding to `view` or `cluster-admin` means what it means in every cluster even when the
//! input does not define the role — and so that default objects in the input are
//! recognised (by name and content) and kept out of the way.

use std::sync::{Arc, OnceLock};

use groundcrew_inventory::{
    BindingFacts, LabelSelector, Labels, PolicyRule, RoleFacts, Subject, intern,
};
use groundcrew_yaml::Pos;

/// A default Role or ClusterRole.
#[derive(Debug)]
pub struct DefaultRole {
    /// `ClusterRole` or `Role`.
    pub kind: &'static str,
    pub namespace: Option<Arc<str>>,
    pub name: Arc<str>,
    pub labels: Labels,
    pub facts: RoleFacts,
}

/// A default RoleBinding or ClusterRoleBinding.
#[derive(Debug)]
pub struct DefaultBinding {
    pub kind: &'static str,
    pub namespace: Option<Arc<str>>,
    pub name: Arc<str>,
    pub facts: BindingFacts,
}

#[derive(Debug, Default)]
pub struct Defaults {
    pub roles: Vec<DefaultRole>,
    pub bindings: Vec<DefaultBinding>,
}

const DATA: &str = include_str!("defaults.txt");

/// The default roles and bindings of Kubernetes.
pub fn defaults() -> &'static Defaults {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    // The data is compiled in and a unit test parses it: an error here is a build defect.
    DEFAULTS.get_or_init(|| parse(DATA).unwrap_or_else(|e| panic!("defaults.txt: {e}")))
}

impl Defaults {
    pub fn role(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<&DefaultRole> {
        self.roles
            .iter()
            .find(|r| r.kind == kind && r.namespace.as_deref() == namespace && &*r.name == name)
    }

    pub fn binding(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&DefaultBinding> {
        self.bindings
            .iter()
            .find(|b| b.kind == kind && b.namespace.as_deref() == namespace && &*b.name == name)
    }

    /// Whether a role of the input is the Kubernetes default of that name, unmodified: it
    /// aggregates the same way, and grants nothing the default does not. (An older
    /// Kubernetes version's default, with fewer rules, is still the default.)
    pub fn is_default_role(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        facts: &RoleFacts,
    ) -> bool {
        let Some(default) = self.role(kind, namespace, name) else {
            return false;
        };
        if facts.aggregation.is_some() || default.facts.aggregation.is_some() {
            return facts.aggregation == default.facts.aggregation;
        }
        facts
            .rules
            .iter()
            .all(|r| crate::rule::covered_by(r, &default.facts.rules))
    }

    /// Whether a binding of the input is the Kubernetes default of that name, unmodified:
    /// the same role, and no subject the default does not have.
    pub fn is_default_binding(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        facts: &BindingFacts,
    ) -> bool {
        let Some(default) = self.binding(kind, namespace, name) else {
            return false;
        };
        default.facts.role_kind == facts.role_kind
            && default.facts.role_name == facts.role_name
            && facts.subjects.iter().all(|s| {
                default
                    .facts
                    .subjects
                    .iter()
                    .any(|d| d.kind == s.kind && d.name == s.name && d.namespace == s.namespace)
            })
    }
}

fn list(s: &str) -> Box<[Arc<str>]> {
    s.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| intern(if v == "\"\"" { "" } else { v }))
        .collect()
}

fn labels(words: &[&str]) -> Result<Labels, String> {
    words
        .iter()
        .map(|w| {
            w.split_once('=')
                .map(|(k, v)| (intern(k), intern(v)))
                .ok_or_else(|| format!("label without '=': {w}"))
        })
        .collect()
}

enum Current {
    Role(DefaultRole),
    Binding(DefaultBinding),
}

fn parse(data: &str) -> Result<Defaults, String> {
    let mut out = Defaults::default();
    let mut current: Option<Current> = None;
    let flush = |out: &mut Defaults, current: Option<Current>| match current {
        Some(Current::Role(r)) => out.roles.push(r),
        Some(Current::Binding(b)) => out.bindings.push(b),
        None => {}
    };
    for (n, line) in data.lines().enumerate() {
        let err = |m: &str| format!("line {}: {m}: {line}", n + 1);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if !line.starts_with(' ') {
            flush(&mut out, current.take());
            let role = |kind, namespace: Option<&str>, name: &str, rest: &[&str]| {
                Ok::<_, String>(Current::Role(DefaultRole {
                    kind,
                    namespace: namespace.map(intern),
                    name: intern(name),
                    labels: labels(rest)?,
                    facts: RoleFacts::default(),
                }))
            };
            current = Some(match words.as_slice() {
                ["clusterrole", name, rest @ ..] => role("ClusterRole", None, name, rest)?,
                ["role", ns, name] => role("Role", Some(ns), name, &[])?,
                ["controller", name] => {
                    let full = format!("system:controller:{name}");
                    out.bindings.push(DefaultBinding {
                        kind: "ClusterRoleBinding",
                        namespace: None,
                        name: intern(&full),
                        facts: BindingFacts {
                            role_kind: intern("ClusterRole"),
                            role_name: intern(&full),
                            role_pos: Pos::new(0, 0),
                            subjects: vec![subject("ServiceAccount", name, Some("kube-system"))],
                        },
                    });
                    role("ClusterRole", None, &full, &[])?
                }
                ["clusterrolebinding", name, "->", role] => Current::Binding(DefaultBinding {
                    kind: "ClusterRoleBinding",
                    namespace: None,
                    name: intern(name),
                    facts: binding("ClusterRole", role),
                }),
                ["rolebinding", ns, name, "->", kind, role] => Current::Binding(DefaultBinding {
                    kind: "RoleBinding",
                    namespace: Some(intern(ns)),
                    name: intern(name),
                    facts: binding(kind, role),
                }),
                _ => return Err(err("unknown entry")),
            });
            continue;
        }
        match (&mut current, words.first().copied()) {
            (Some(Current::Role(role)), Some("rule")) => {
                let body = line.trim_start().trim_start_matches("rule");
                let parts: Vec<&str> = body.split('|').collect();
                if !(3..=4).contains(&parts.len()) {
                    return Err(err("rule needs GROUPS | RESOURCES | VERBS [| NAMES]"));
                }
                push_rule(
                    &mut role.facts,
                    PolicyRule {
                        api_groups: list(parts[0]),
                        resources: list(parts[1]),
                        verbs: list(parts[2]),
                        resource_names: parts.get(3).map_or_else(|| list(""), |p| list(p)),
                        ..PolicyRule::default()
                    },
                );
            }
            (Some(Current::Role(role)), Some("events")) => push_rule(
                &mut role.facts,
                PolicyRule {
                    api_groups: list("\"\",events.k8s.io"),
                    resources: list("events"),
                    verbs: list("create,patch,update"),
                    ..PolicyRule::default()
                },
            ),
            (Some(Current::Role(role)), Some("url")) => {
                let body = line.trim_start().trim_start_matches("url");
                let Some((urls, verbs)) = body.split_once('|') else {
                    return Err(err("url needs URLS | VERBS"));
                };
                push_rule(
                    &mut role.facts,
                    PolicyRule {
                        non_resource_urls: list(urls),
                        verbs: list(verbs),
                        ..PolicyRule::default()
                    },
                );
            }
            (Some(Current::Role(role)), Some("aggregate")) => {
                let selector = LabelSelector::from_map(labels(&words[1..])?);
                role.facts
                    .aggregation
                    .get_or_insert_with(Vec::new)
                    .push(selector);
            }
            (Some(Current::Binding(b)), Some("subject")) => match words.as_slice() {
                ["subject", kind, name] => b.facts.subjects.push(subject(kind, name, None)),
                ["subject", kind, name, ns] => {
                    b.facts.subjects.push(subject(kind, name, Some(ns)));
                }
                _ => return Err(err("subject needs KIND NAME [NAMESPACE]")),
            },
            _ => return Err(err("unexpected line")),
        }
    }
    flush(&mut out, current);
    Ok(out)
}

fn push_rule(facts: &mut RoleFacts, mut rule: PolicyRule) {
    rule.index = facts.rules.len() as u32;
    facts.rules.push(rule);
}

fn subject(kind: &str, name: &str, namespace: Option<&str>) -> Subject {
    Subject {
        kind: intern(kind),
        name: intern(name),
        namespace: namespace.map(intern),
        pos: Pos::new(0, 0),
        index: 0,
    }
}

fn binding(kind: &str, role: &str) -> BindingFacts {
    BindingFacts {
        role_kind: intern(kind),
        role_name: intern(role),
        role_pos: Pos::new(0, 0),
        subjects: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_parses() {
        let d = parse(DATA).expect("defaults.txt parses");
        let admin = d
            .role("ClusterRole", None, "cluster-admin")
            .expect("cluster-admin");
        assert!(admin.facts.rules.iter().any(crate::rule::is_full_wildcard));
        assert!(
            d.role("ClusterRole", None, "view")
                .is_some_and(|v| v.facts.aggregation.is_some())
        );
        assert!(
            d.binding(
                "ClusterRoleBinding",
                None,
                "system:controller:namespace-controller"
            )
            .is_some()
        );
        assert!(d.roles.len() > 60, "{} roles", d.roles.len());
    }

    #[test]
    fn a_modified_default_is_not_a_default() {
        let d = defaults();
        let view = &d
            .role("ClusterRole", None, "system:aggregate-to-view")
            .expect("role")
            .facts;
        assert!(d.is_default_role("ClusterRole", None, "system:aggregate-to-view", view));
        let mut more = view.clone();
        more.rules.push(PolicyRule {
            api_groups: list("\"\""),
            resources: list("secrets"),
            verbs: list("get"),
            ..PolicyRule::default()
        });
        assert!(!d.is_default_role("ClusterRole", None, "system:aggregate-to-view", &more));
        // Fewer rules (an older version) is still the default.
        let mut fewer = view.clone();
        fewer.rules.truncate(1);
        assert!(d.is_default_role("ClusterRole", None, "system:aggregate-to-view", &fewer));
        // A user's role that only borrows a default's name is not one.
        assert!(!d.is_default_role("ClusterRole", None, "system:my-role", view));
    }
}
