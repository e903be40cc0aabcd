//! Questions answered from the model: where a subject's grants allow a request, who can do
//! something, and a subject's effective permissions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use groundcrew_inventory::PolicyRule;
use serde::Serialize;

use crate::model::{BindingIdx, Rbac, RoleIdx, RuleRef, Scope, SubjectKey};
use crate::rule::{ResourceRequest, allows, allows_url};

/// A grant a holder has: a role at a scope, through a binding (or, for the role a step of an
/// escalation makes the attacker hold, through none yet).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grant {
    pub binding: Option<BindingIdx>,
    pub role: RoleIdx,
    pub scope: Scope,
}

/// The evidence for an allowed request: the grant and the rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Via {
    pub grant: Grant,
    pub rule: RuleRef,
}

/// A rule of a grant that allows the request's verb and resource, with the names it is
/// limited to (`None`: every name).
#[derive(Debug, Clone)]
pub struct Match<'r> {
    pub via: Via,
    pub names: Option<&'r [Arc<str>]>,
}

impl Match<'_> {
    /// Whether this match allows the request in `namespace` (`None`: a cluster-scoped
    /// resource, or every namespace) for `name` (`None`: every object).
    pub fn permits(&self, namespace: Option<&str>, name: Option<&str>) -> bool {
        let scope_ok = match (&self.via.grant.scope, namespace) {
            (Scope::Cluster, _) => true,
            (Scope::Namespace(ns), Some(wanted)) => &**ns == wanted,
            (Scope::Namespace(_), None) => false,
        };
        let name_ok = match (self.names, name) {
            (None, _) => true,
            (Some(names), Some(n)) => names.iter().any(|x| &**x == n),
            (Some(_), None) => false,
        };
        scope_ok && name_ok
    }
}

/// Where a request is allowed.
#[derive(Debug, Default)]
pub struct Allowed {
    /// Everywhere (cluster-wide grants).
    pub cluster: Vec<Via>,
    /// Only in these namespaces (namespace grants).
    pub namespaces: BTreeMap<Arc<str>, Vec<Via>>,
}

impl<'a> Rbac<'a> {
    /// The grants of the bindings (skipping bindings whose role is missing).
    pub fn grants(&self, bindings: &[BindingIdx]) -> Vec<Grant> {
        bindings
            .iter()
            .filter_map(|&b| {
                let entry = &self.bindings[b as usize];
                Some(Grant {
                    binding: Some(b),
                    role: entry.role?,
                    scope: entry.scope.clone(),
                })
            })
            .collect()
    }

    /// Every rule of the grants that allows `request` for some name, with its names. A
    /// namespace grant never allows a cluster-scoped resource (`namespaced: false`).
    pub fn matches(
        &self,
        grants: &[Grant],
        request: &ResourceRequest<'_>,
        namespaced: bool,
    ) -> Vec<Match<'_>> {
        let mut out = Vec::new();
        for g in grants {
            if !namespaced && g.scope != Scope::Cluster {
                continue;
            }
            for &r in &self.roles[g.role as usize].rules {
                let rule = self.rule(r);
                if crate::rule::allows_some_name(rule, request) {
                    out.push(Match {
                        via: Via {
                            grant: g.clone(),
                            rule: r,
                        },
                        names: (!rule.resource_names.is_empty()).then_some(&*rule.resource_names),
                    });
                }
            }
        }
        out
    }

    /// Where the grants allow `request` (its `name` included): cluster-wide, or in which
    /// namespaces. One piece of evidence per grant.
    pub fn allowed(
        &self,
        grants: &[Grant],
        request: &ResourceRequest<'_>,
        namespaced: bool,
    ) -> Allowed {
        let mut out = Allowed::default();
        for g in grants {
            if !namespaced && g.scope != Scope::Cluster {
                continue;
            }
            let Some(&rule) = self.roles[g.role as usize]
                .rules
                .iter()
                .find(|&&r| allows(self.rule(r), request))
            else {
                continue;
            };
            let via = Via {
                grant: g.clone(),
                rule,
            };
            match &g.scope {
                Scope::Cluster => out.cluster.push(via),
                Scope::Namespace(ns) => out.namespaces.entry(ns.clone()).or_default().push(via),
            }
        }
        out
    }

    /// The grants that allow `verb` on the non-resource URL `path` (cluster grants only:
    /// a RoleBinding never grants non-resource URLs).
    pub fn allowed_url(&self, grants: &[Grant], verb: &str, path: &str) -> Vec<Via> {
        grants
            .iter()
            .filter(|g| g.scope == Scope::Cluster)
            .filter_map(|g| {
                self.roles[g.role as usize]
                    .rules
                    .iter()
                    .find(|&&r| allows_url(self.rule(r), verb, path))
                    .map(|&rule| Via {
                        grant: g.clone(),
                        rule,
                    })
            })
            .collect()
    }

    /// Who can do `question`: every subject named by a binding whose grants allow it.
    pub fn who_can(&self, question: &Question, include_defaults: bool) -> WhoCan {
        let mut subjects = Vec::new();
        let mut partial = Vec::new();
        for (subject, bindings) in &self.subjects {
            let bindings: Vec<BindingIdx> = bindings
                .iter()
                .copied()
                .filter(|&b| include_defaults || !self.bindings[b as usize].is_default)
                .collect();
            let grants = self.grants(&bindings);
            if grants.is_empty() {
                continue;
            }
            let (cluster, namespaces): (Vec<Via>, BTreeMap<Arc<str>, Vec<Via>>) =
                match &question.target {
                    Target::Url(path) => (
                        self.allowed_url(&grants, &question.verb, path),
                        BTreeMap::new(),
                    ),
                    Target::Resource {
                        group,
                        resource,
                        subresource,
                        namespaced,
                    } => {
                        let request = ResourceRequest {
                            verb: &question.verb,
                            group,
                            resource,
                            subresource: subresource.as_deref(),
                            name: question.name.as_deref(),
                        };
                        let a = self.allowed(&grants, &request, *namespaced);
                        (a.cluster, a.namespaces)
                    }
                };
            match &question.namespace {
                Some(ns) => {
                    let mut vias = cluster;
                    vias.extend(namespaces.get(&**ns).into_iter().flatten().cloned());
                    if !vias.is_empty() {
                        subjects.push(self.subject_grants(subject, &vias));
                    }
                }
                None if !cluster.is_empty() => {
                    subjects.push(self.subject_grants(subject, &cluster));
                }
                None if !namespaces.is_empty() => {
                    let vias: Vec<Via> = namespaces.values().flatten().cloned().collect();
                    partial.push(PartialSubject {
                        namespaces: namespaces.keys().map(|n| n.to_string()).collect(),
                        subject: self.subject_grants(subject, &vias),
                    });
                }
                None => {}
            }
        }
        WhoCan {
            query: question.clone(),
            subjects,
            partial,
        }
    }

    fn subject_grants(&self, subject: &SubjectKey, vias: &[Via]) -> SubjectGrants {
        SubjectGrants {
            subject: subject.clone(),
            grants: vias.iter().map(|v| self.grant_out(v)).collect(),
        }
    }

    /// A grant as reported.
    pub fn grant_out(&self, via: &Via) -> GrantOut {
        let role = self.role_id(via.grant.role);
        let binding = via.grant.binding.map(|b| {
            let id = self.binding_id(b);
            let record = self.inventory.get(self.bindings[b as usize].record);
            Ref {
                kind: id.kind.to_string(),
                name: id.name.to_string(),
                namespace: id.namespace.as_ref().map(|n| n.to_string()),
                location: record.source.as_ref().map(|s| Location {
                    file: s.file.to_string(),
                    line: s.pos.line,
                    column: s.pos.col,
                }),
            }
        });
        let rule_role = &self.roles[via.rule.role as usize];
        let rule = self.rule(via.rule);
        let rule_location = rule_role
            .record
            .and_then(|r| self.inventory.get(r).source.as_ref())
            .map(|s| Location {
                file: s.file.to_string(),
                line: rule.pos.line,
                column: rule.pos.col,
            });
        GrantOut {
            binding,
            role: Ref {
                kind: role.kind.to_string(),
                name: role.name.to_string(),
                namespace: role.namespace.as_ref().map(|n| n.to_string()),
                location: None,
            },
            scope: match &via.grant.scope {
                Scope::Cluster => "cluster",
                Scope::Namespace(_) => "namespace",
            },
            namespace: via.grant.scope.namespace().map(str::to_string),
            rule: RuleOut::of(
                rule,
                rule_location,
                (via.rule.role != via.grant.role).then(|| rule_role.name.to_string()),
            ),
            default: via
                .grant
                .binding
                .is_some_and(|b| self.bindings[b as usize].is_default),
        }
    }

    /// The subject's effective permissions: every grant of its own and of the groups it is
    /// implicitly in, merged per scope into one line per (group, resource, names).
    pub fn permissions(&self, subject: &SubjectKey, include_defaults: bool) -> Permissions {
        let mut bindings: Vec<BindingIdx> = self
            .bindings_of(subject)
            .into_iter()
            .filter(|&b| include_defaults || !self.bindings[b as usize].is_default)
            .collect();
        bindings.sort_unstable();
        let grants = self.grants(&bindings);
        let missing: Vec<Ref> = bindings
            .iter()
            .filter(|&&b| self.bindings[b as usize].role.is_none())
            .map(|&b| {
                let id = self.binding_id(b);
                Ref {
                    kind: id.kind.to_string(),
                    name: id.name.to_string(),
                    namespace: id.namespace.as_ref().map(|n| n.to_string()),
                    location: None,
                }
            })
            .collect();
        type Key = (String, String, Vec<String>);
        type VerbsAndVia = (BTreeSet<String>, BTreeSet<String>);
        let mut scopes: BTreeMap<Scope, BTreeMap<Key, VerbsAndVia>> = BTreeMap::new();
        for g in &grants {
            let role = self.role_id(g.role);
            let via_name = match g.binding {
                Some(b) => {
                    let id = self.binding_id(b);
                    format!("{} {} → {} {}", id.kind, id.name, role.kind, role.name)
                }
                None => format!("{} {}", role.kind, role.name),
            };
            for &r in &self.roles[g.role as usize].rules {
                let rule = self.rule(r);
                let names: Vec<String> =
                    rule.resource_names.iter().map(|n| n.to_string()).collect();
                let mut keys: Vec<Key> = Vec::new();
                for url in rule.non_resource_urls.iter() {
                    if g.scope == Scope::Cluster {
                        keys.push(("nonResourceURL".into(), url.to_string(), Vec::new()));
                    }
                }
                for group in rule.api_groups.iter() {
                    for resource in rule.resources.iter() {
                        let base = resource.split('/').next().unwrap_or(resource);
                        let namespaced = crate::resources::is_namespaced(group, base);
                        if !namespaced && g.scope != Scope::Cluster && &**resource != "*" {
                            // A RoleBinding grants no cluster-scoped resource.
                            continue;
                        }
                        keys.push((group.to_string(), resource.to_string(), names.clone()));
                    }
                }
                for key in keys {
                    let entry = scopes
                        .entry(g.scope.clone())
                        .or_default()
                        .entry(key)
                        .or_default();
                    entry.0.extend(rule.verbs.iter().map(|v| v.to_string()));
                    entry.1.insert(via_name.clone());
                }
            }
        }
        let groups: Vec<SubjectKey> = subject
            .implicit_groups()
            .into_iter()
            .filter(|g| self.subjects.contains_key(g))
            .collect();
        Permissions {
            subject: subject.clone(),
            groups,
            scopes: scopes
                .into_iter()
                .map(|(scope, rules)| ScopePermissions {
                    scope: match &scope {
                        Scope::Cluster => "cluster",
                        Scope::Namespace(_) => "namespace",
                    },
                    namespace: scope.namespace().map(str::to_string),
                    rules: rules
                        .into_iter()
                        .map(|((group, resource, names), (verbs, via))| MergedRule {
                            non_resource_url: (group == "nonResourceURL").then(|| resource.clone()),
                            api_group: (group != "nonResourceURL").then_some(group),
                            resource: Some(resource),
                            resource_names: names,
                            verbs: verbs.into_iter().collect(),
                            via: via.into_iter().collect(),
                        })
                        .map(MergedRule::tidy)
                        .collect(),
                })
                .collect(),
            bindings_to_missing_roles: missing,
        }
    }
}

/// A who-can question.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub verb: String,
    #[serde(flatten)]
    pub target: Target,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Target {
    Resource {
        #[serde(rename = "apiGroup")]
        group: String,
        resource: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        subresource: Option<String>,
        namespaced: bool,
    },
    Url(#[serde(rename = "nonResourceURL")] String),
}

impl Question {
    /// `VERB RESOURCE[/SUBRESOURCE]` or `VERB /url`, with the group inferred from the
    /// built-in resources when not given.
    pub fn new(
        verb: &str,
        resource: &str,
        group: Option<&str>,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Result<Self, String> {
        if verb.is_empty() || resource.is_empty() {
            return Err("who-can needs a verb and a resource".into());
        }
        let target = if resource.starts_with('/') {
            if namespace.is_some() {
                return Err("a non-resource URL has no namespace".into());
            }
            Target::Url(resource.to_string())
        } else {
            let (base, sub) = match resource.split_once('/') {
                Some((b, s)) => (b, Some(s.to_string())),
                None => (resource, None),
            };
            let base = base.to_ascii_lowercase();
            let group = match group {
                Some(g) => g.to_string(),
                None => crate::resources::known_resource(&base)
                    .map(|r| r.group.to_string())
                    .unwrap_or_default(),
            };
            let namespaced = crate::resources::is_namespaced(&group, &base);
            if !namespaced && namespace.is_some() {
                return Err(format!(
                    "{base} is cluster-scoped: ask without -n (a RoleBinding never grants it)"
                ));
            }
            Target::Resource {
                group,
                resource: base,
                subresource: sub,
                namespaced,
            }
        };
        Ok(Question {
            verb: verb.to_string(),
            target,
            namespace: namespace.map(str::to_string),
            name: name.map(str::to_string),
        })
    }
}

#[derive(Debug, Serialize)]
pub struct WhoCan {
    pub query: Question,
    pub subjects: Vec<SubjectGrants>,
    /// Subjects that can do it only in some namespaces (cluster-wide questions only).
    pub partial: Vec<PartialSubject>,
}

#[derive(Debug, Serialize)]
pub struct SubjectGrants {
    #[serde(flatten)]
    pub subject: SubjectKey,
    pub grants: Vec<GrantOut>,
}

#[derive(Debug, Serialize)]
pub struct PartialSubject {
    #[serde(flatten)]
    pub subject: SubjectGrants,
    pub namespaces: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GrantOut {
    /// `None` for a role an escalation step makes the attacker hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<Ref>,
    pub role: Ref,
    /// `cluster` or `namespace`.
    pub scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The rule that allows it.
    pub rule: RuleOut,
    /// The binding is an unmodified Kubernetes default.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleOut {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub api_groups: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    pub verbs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_names: Vec<String>,
    #[serde(rename = "nonResourceURLs", skip_serializing_if = "Vec::is_empty")]
    pub non_resource_urls: Vec<String>,
    /// The aggregated ClusterRole that writes the rule, when it is not the bound role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregated_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl RuleOut {
    fn of(rule: &PolicyRule, location: Option<Location>, aggregated_from: Option<String>) -> Self {
        let v = |s: &[Arc<str>]| s.iter().map(|x| x.to_string()).collect();
        RuleOut {
            api_groups: v(&rule.api_groups),
            resources: v(&rule.resources),
            verbs: v(&rule.verbs),
            resource_names: v(&rule.resource_names),
            non_resource_urls: v(&rule.non_resource_urls),
            aggregated_from,
            location,
        }
    }

    /// `get, list on secrets` and the like.
    pub fn describe(&self) -> String {
        let groups = |g: &[String]| {
            g.iter()
                .map(|g| if g.is_empty() { "core" } else { g.as_str() })
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut s = format!("{} on ", self.verbs.join(","));
        if self.non_resource_urls.is_empty() {
            s.push_str(&self.resources.join(","));
            s.push_str(&format!(" ({})", groups(&self.api_groups)));
        } else {
            s.push_str(&self.non_resource_urls.join(","));
        }
        if !self.resource_names.is_empty() {
            s.push_str(&format!(" named {}", self.resource_names.join(",")));
        }
        s
    }
}

#[derive(Debug, Serialize)]
pub struct Permissions {
    pub subject: SubjectKey,
    /// The implicit groups whose grants are included.
    pub groups: Vec<SubjectKey>,
    pub scopes: Vec<ScopePermissions>,
    #[serde(
        rename = "bindingsToMissingRoles",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub bindings_to_missing_roles: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct ScopePermissions {
    pub scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub rules: Vec<MergedRule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergedRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(rename = "nonResourceURL", skip_serializing_if = "Option::is_none")]
    pub non_resource_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_names: Vec<String>,
    pub verbs: Vec<String>,
    pub via: Vec<String>,
}

impl MergedRule {
    fn tidy(mut self) -> Self {
        if self.non_resource_url.is_some() {
            self.resource = None;
        }
        // `*` covers every other verb.
        if self.verbs.iter().any(|v| v == "*") {
            self.verbs = vec!["*".into()];
        }
        self
    }
}
