//! Whether one policy rule allows one request: Kubernetes' matching, rule by rule, as the
//! RBAC authorizer does it (`plugin/pkg/auth/authorizer/rbac`, documented under "Referring to
//! resources" in the RBAC documentation).

use groundcrew_inventory::PolicyRule;

/// A request against a resource: a verb on `group`/`resource[/subresource]`, optionally on
/// one named object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceRequest<'r> {
    pub verb: &'r str,
    /// `""` is the core group.
    pub group: &'r str,
    pub resource: &'r str,
    pub subresource: Option<&'r str>,
    /// The object's name; `None` for requests on every object (`list`, `watch`, `create`,
    /// `deletecollection`, or "all of them").
    pub name: Option<&'r str>,
}

fn has(values: &[std::sync::Arc<str>], wanted: &str) -> bool {
    values.iter().any(|v| &**v == wanted)
}

/// `verbs` contains the verb or `*`.
pub fn verb_matches(rule: &PolicyRule, verb: &str) -> bool {
    has(&rule.verbs, "*") || has(&rule.verbs, verb)
}

/// `apiGroups` contains the group (`""` is core) or `*`.
pub fn group_matches(rule: &PolicyRule, group: &str) -> bool {
    has(&rule.api_groups, "*") || has(&rule.api_groups, group)
}

/// `resources` contains `*`, the resource (with its subresource, `pods/exec`), or, for a
/// subresource, `*/<subresource>`. `pods` does not cover `pods/exec`, and there is no
/// `pods/*`.
pub fn resource_matches(rule: &PolicyRule, resource: &str, subresource: Option<&str>) -> bool {
    rule.resources.iter().any(|r| {
        let r = &**r;
        if r == "*" {
            return true;
        }
        match subresource {
            None => r == resource,
            Some(sub) => {
                r.strip_prefix(resource)
                    .and_then(|rest| rest.strip_prefix('/'))
                    == Some(sub)
                    || r.strip_prefix("*/") == Some(sub)
            }
        }
    })
}

/// No `resourceNames` allows every name; otherwise only requests for one of those names — a
/// request without a name (`list`, `create`, "all of them") is not allowed.
pub fn name_matches(rule: &PolicyRule, name: Option<&str>) -> bool {
    rule.resource_names.is_empty() || name.is_some_and(|n| has(&rule.resource_names, n))
}

/// Whether the rule allows the resource request.
pub fn allows(rule: &PolicyRule, request: &ResourceRequest<'_>) -> bool {
    verb_matches(rule, request.verb)
        && group_matches(rule, request.group)
        && resource_matches(rule, request.resource, request.subresource)
        && name_matches(rule, request.name)
}

/// Whether the rule allows every name for the request's verb and resource, ignoring
/// `request.name`.
pub fn allows_any_name(rule: &PolicyRule, request: &ResourceRequest<'_>) -> bool {
    rule.resource_names.is_empty()
        && allows(
            rule,
            &ResourceRequest {
                name: None,
                ..*request
            },
        )
}

/// Whether the rule allows the request for at least one name (its `resourceNames`, or all).
pub fn allows_some_name(rule: &PolicyRule, request: &ResourceRequest<'_>) -> bool {
    verb_matches(rule, request.verb)
        && group_matches(rule, request.group)
        && resource_matches(rule, request.resource, request.subresource)
}

/// Whether the rule allows `verb` on the non-resource URL `path`: `*`, the path itself, or
/// a prefix ending in `*` (`/apis/*` covers `/apis/apps/v1`).
pub fn allows_url(rule: &PolicyRule, verb: &str, path: &str) -> bool {
    verb_matches(rule, verb)
        && rule.non_resource_urls.iter().any(|u| {
            let u = &**u;
            u == "*" || u == path || u.strip_suffix('*').is_some_and(|p| path.starts_with(p))
        })
}

/// A rule that grants every verb on every resource of every group, for every name: what
/// `cluster-admin` holds.
pub fn is_full_wildcard(rule: &PolicyRule) -> bool {
    has(&rule.verbs, "*")
        && has(&rule.api_groups, "*")
        && has(&rule.resources, "*")
        && rule.resource_names.is_empty()
}

/// Whether `rules` together allow everything `rule` allows (the rule's `*` entries are
/// covered only by `*`). Used to recognise an unmodified default role: one that grants
/// nothing beyond the default's rules.
pub fn covered_by(rule: &PolicyRule, rules: &[PolicyRule]) -> bool {
    let names: Vec<Option<&str>> = if rule.resource_names.is_empty() {
        vec![None]
    } else {
        rule.resource_names.iter().map(|n| Some(&**n)).collect()
    };
    for verb in rule.verbs.iter() {
        for url in rule.non_resource_urls.iter() {
            if !rules.iter().any(|r| allows_url(r, verb, url)) {
                return false;
            }
        }
        for group in rule.api_groups.iter() {
            for resource in rule.resources.iter() {
                let (resource, subresource) = match resource.split_once('/') {
                    Some((r, s)) => (r, Some(s)),
                    None => (&**resource, None),
                };
                for name in &names {
                    let request = ResourceRequest {
                        verb,
                        group,
                        resource,
                        subresource,
                        name: *name,
                    };
                    if !rules.iter().any(|r| allows(r, &request)) {
                        return false;
                    }
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundcrew_inventory::intern;

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str], names: &[&str]) -> PolicyRule {
        let v = |s: &[&str]| s.iter().map(|s| intern(s)).collect();
        PolicyRule {
            api_groups: v(groups),
            resources: v(resources),
            verbs: v(verbs),
            resource_names: v(names),
            ..PolicyRule::default()
        }
    }

    fn req<'r>(verb: &'r str, group: &'r str, resource: &'r str) -> ResourceRequest<'r> {
        let (resource, subresource) = match resource.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (resource, None),
        };
        ResourceRequest {
            verb,
            group,
            resource,
            subresource,
            name: None,
        }
    }

    #[test]
    fn core_group_is_the_empty_string() {
        let r = rule(&[""], &["secrets"], &["get"], &[]);
        assert!(allows(&r, &req("get", "", "secrets")));
        // A `secrets` CRD in another group is a different resource.
        assert!(!allows(&r, &req("get", "example.com", "secrets")));
    }

    #[test]
    fn api_groups_are_not_ignored() {
        // `get *` in an operator's group is not "get everything".
        let r = rule(&["metal3.io"], &["*"], &["get"], &[]);
        assert!(allows(&r, &req("get", "metal3.io", "baremetalhosts")));
        assert!(!allows(&r, &req("get", "", "secrets")));
    }

    #[test]
    fn wildcards() {
        let r = rule(&["*"], &["*"], &["*"], &[]);
        assert!(allows(&r, &req("impersonate", "", "users")));
        assert!(allows(&r, &req("create", "", "pods/exec")));
        assert!(is_full_wildcard(&r));
        assert!(!is_full_wildcard(&rule(&["*"], &["*"], &["*"], &["x"])));
        // apiGroups `*` matches the request in apiGroup "rbac..." (krane's old false negative).
        let r = rule(&["*"], &["rolebindings"], &["create"], &[]);
        assert!(allows(
            &r,
            &req("create", "rbac.authorization.k8s.io", "rolebindings")
        ));
    }

    #[test]
    fn subresources_are_separate() {
        let pods = rule(&[""], &["pods"], &["create"], &[]);
        assert!(allows(&pods, &req("create", "", "pods")));
        assert!(!allows(&pods, &req("create", "", "pods/exec")));
        let exec = rule(&[""], &["pods/exec"], &["create"], &[]);
        assert!(allows(&exec, &req("create", "", "pods/exec")));
        assert!(!allows(&exec, &req("create", "", "pods")));
        assert!(!allows(&exec, &req("create", "", "pods/attach")));
        // `*/scale` covers every resource's scale subresource, and nothing else.
        let scale = rule(&["*"], &["*/scale"], &["update"], &[]);
        assert!(allows(&scale, &req("update", "apps", "deployments/scale")));
        assert!(!allows(&scale, &req("update", "apps", "deployments")));
        // There is no `pods/*` wildcard: it is a literal that matches nothing real.
        let literal = rule(&[""], &["pods/*"], &["create"], &[]);
        assert!(!allows(&literal, &req("create", "", "pods/exec")));
    }

    #[test]
    fn resource_names_never_grant_unnamed_requests() {
        let r = rule(&[""], &["secrets"], &["get", "list", "create"], &["tls"]);
        let named = ResourceRequest {
            name: Some("tls"),
            ..req("get", "", "secrets")
        };
        assert!(allows(&r, &named));
        assert!(!allows(
            &r,
            &ResourceRequest {
                name: Some("other"),
                ..named
            }
        ));
        assert!(!allows(&r, &req("list", "", "secrets")));
        assert!(!allows(&r, &req("create", "", "secrets")));
        assert!(allows_some_name(&r, &req("list", "", "secrets")));
        assert!(!allows_any_name(&r, &req("get", "", "secrets")));
    }

    #[test]
    fn non_resource_urls() {
        let r = PolicyRule {
            non_resource_urls: vec![intern("/apis/*"), intern("/healthz")].into(),
            verbs: vec![intern("get")].into(),
            ..PolicyRule::default()
        };
        assert!(allows_url(&r, "get", "/apis/apps/v1"));
        assert!(allows_url(&r, "get", "/healthz"));
        assert!(!allows_url(&r, "get", "/healthz/etcd"));
        assert!(!allows_url(&r, "post", "/healthz"));
        assert!(!allows_url(&r, "get", "/api"));
        // A non-resource rule grants no resource.
        assert!(!allows(&r, &req("get", "", "pods")));
    }

    #[test]
    fn coverage() {
        let defaults = [
            rule(&[""], &["pods", "services"], &["get", "list"], &[]),
            rule(&["apps"], &["*"], &["get"], &[]),
        ];
        assert!(covered_by(
            &rule(&[""], &["pods"], &["get"], &[]),
            &defaults
        ));
        assert!(covered_by(
            &rule(&["apps"], &["deployments"], &["get"], &["x"]),
            &defaults
        ));
        assert!(!covered_by(
            &rule(&[""], &["secrets"], &["get"], &[]),
            &defaults
        ));
        assert!(!covered_by(&rule(&[""], &["*"], &["get"], &[]), &defaults));
        assert!(!covered_by(
            &rule(&["*"], &["pods"], &["get"], &[]),
            &defaults
        ));
    }
}
