//! RBAC controls (GC11xx): what bindings grant to whom, read through the RBAC model
//! (`groundcrew-rbac`: Kubernetes' rule matching, aggregation, default roles) rather than
//! one role at a time. A finding's resource is the subject (User or Group with apiVersion
//! `rbac.authorization.k8s.io/v1`, ServiceAccount `v1`), its location the subject's entry in
//! the binding, and `related` lists the binding and the role. Unmodified Kubernetes default
//! bindings are not reported unless `--include-defaults`.

pub mod access_service_account;
pub mod bind_escalate_impersonate;
pub mod binding_missing_role;
pub mod binding_missing_service_account;
pub mod cluster_admin;
pub mod coredns_configmap;
pub mod create_persistent_volumes;
pub mod create_pods;
pub mod csr_approval;
pub mod dashboard_access;
pub mod default_service_account_grants;
pub mod delete_events;
pub mod delete_workloads;
pub mod escalation_to_cluster_admin;
pub mod exec_into_pods;
pub mod grants_to_everyone;
pub mod node_proxy;
pub mod read_secrets;
pub mod system_masters;
pub mod token_creation;
pub mod webhook_configuration;
pub mod wildcards;
pub mod workload_admin_token;

use std::sync::Arc;

use groundcrew_findings::{Location, Related};
use groundcrew_inventory::{ObjectId, PolicyRule};
use groundcrew_rbac::model::{BindingIdx, RoleIdx};
use groundcrew_rbac::resources::is_namespaced;
use groundcrew_rbac::rule::{ResourceRequest, allows_some_name};
use groundcrew_rbac::{Analysis, BindingEntry, Rbac, Scope, SubjectKey};

use crate::InventoryReport;

/// What a matching rule lets the subject do, and which of the control's Kubescape IDs it
/// matches (`None`: all of them).
pub(crate) struct Hit {
    pub what: String,
    pub kubescape: Option<&'static [&'static str]>,
}

impl Hit {
    pub fn new(what: impl Into<String>) -> Option<Hit> {
        Some(Hit {
            what: what.into(),
            kubescape: None,
        })
    }

    pub fn as_(kubescape: &'static [&'static str], what: impl Into<String>) -> Option<Hit> {
        Some(Hit {
            what: what.into(),
            kubescape: Some(kubescape),
        })
    }
}

/// The first of `verbs` the rule allows on `group`/`resource[/sub]` for some name, in a
/// grant of this scope (a namespace grant never allows a cluster-scoped resource).
pub(crate) fn allowed_verb<'v>(
    rule: &PolicyRule,
    scope: &Scope,
    verbs: &[&'v str],
    group: &str,
    resource: &str,
    sub: Option<&str>,
) -> Option<&'v str> {
    if *scope != Scope::Cluster && !is_namespaced(group, resource) {
        return None;
    }
    verbs.iter().copied().find(|verb| {
        allows_some_name(
            rule,
            &ResourceRequest {
                verb,
                group,
                resource,
                subresource: sub,
                name: None,
            },
        )
    })
}

/// ` named a,b` when the rule is limited to names.
pub(crate) fn names(rule: &PolicyRule) -> String {
    if rule.resource_names.is_empty() {
        String::new()
    } else {
        let n: Vec<&str> = rule.resource_names.iter().map(|n| &**n).collect();
        format!(" named {}", n.join(","))
    }
}

/// `cluster-wide` or `in namespace NS`.
pub(crate) fn scope_text(scope: &Scope) -> String {
    scope.to_string()
}

/// The binding and the role (with where each is written), for `related`.
pub(crate) fn related(rbac: &Rbac<'_>, binding: BindingIdx, role: Option<RoleIdx>) -> Vec<Related> {
    let mut out = Vec::new();
    let entry = &rbac.bindings[binding as usize];
    let record = rbac.inventory.get(entry.record);
    out.push(Related {
        resource: record.id.clone(),
        location: record.source.as_ref().map(|s| Location {
            file: s.file.clone(),
            line: s.pos.line,
            column: s.pos.col,
        }),
        role: "binding".into(),
    });
    if let Some(r) = role {
        let role_entry = &rbac.roles[r as usize];
        let source = role_entry
            .record
            .and_then(|rec| rbac.inventory.get(rec).source.as_ref());
        out.push(Related {
            resource: Arc::new(rbac.role_id(r)),
            location: source.map(|s| Location {
                file: s.file.clone(),
                line: s.pos.line,
                column: s.pos.col,
            }),
            role: if role_entry.record.is_some() {
                "role".into()
            } else {
                "role (Kubernetes default)".into()
            },
        });
    }
    out
}

/// The bindings the controls report on: all, or without unmodified Kubernetes defaults.
pub(crate) fn reported_bindings<'r>(a: &'r Analysis<'_>) -> impl Iterator<Item = BindingIdx> + 'r {
    (0..a.rbac.bindings.len() as BindingIdx)
        .filter(|&b| a.include_defaults || !a.rbac.bindings[b as usize].is_default)
}

/// Reports every subject of `binding`, at its entry in the binding.
pub(crate) fn fail_subjects(
    a: &Analysis<'_>,
    out: &mut InventoryReport<'_>,
    binding: BindingIdx,
    message: &dyn Fn(&SubjectKey) -> Option<String>,
    kubescape: Option<&'static [&'static str]>,
) {
    let rbac = &a.rbac;
    let entry = &rbac.bindings[binding as usize];
    let record = rbac.inventory.get(entry.record);
    let binding_id = &record.id;
    for s in &entry.facts.subjects {
        let Some(key) = SubjectKey::from_binding(&s.kind, &s.name, s.namespace.as_deref()) else {
            continue;
        };
        let Some(message) = message(&key) else {
            continue;
        };
        out.fail_subject(
            entry.record,
            record,
            Arc::new(subject_id(&key)),
            &format!(
                "{}[{}].subjects[{}]",
                binding_id.kind,
                match &binding_id.namespace {
                    Some(ns) => format!("{ns}/{}", binding_id.name),
                    None => binding_id.name.to_string(),
                },
                s.index
            ),
            s.pos,
            message,
            related(rbac, binding, entry.role),
            kubescape,
        );
    }
}

/// `ClusterRole view cluster-wide`, `Role reader in namespace shop`; `(missing)` after a role
/// that does not exist.
pub(crate) fn grant_text(entry: &BindingEntry<'_>) -> String {
    let missing = if entry.role.is_none() {
        " (missing)"
    } else {
        ""
    };
    format!(
        "{} {}{missing} {}",
        entry.facts.role_kind, entry.facts.role_name, entry.scope
    )
}

/// Which bindings a subject control reads.
pub(crate) enum Bindings {
    /// Those the RBAC controls report: without unmodified defaults, unless asked.
    Reported,
    /// Only user-made ones, whatever `--include-defaults` says (grants to everyone, to
    /// anonymous users, to system:masters are never hidden, and the defaults' own are not
    /// findings).
    UserMade,
}

/// The shape of the controls about who is named: every subject of every binding for which
/// `message` says why it fails.
pub(crate) fn report_subjects(
    a: &Analysis<'_>,
    out: &mut InventoryReport<'_>,
    which: Bindings,
    message: &dyn Fn(&SubjectKey, &BindingEntry<'_>) -> Option<String>,
) {
    let rbac = &a.rbac;
    for (b, entry) in rbac.bindings.iter().enumerate() {
        let reported = match which {
            Bindings::Reported => a.include_defaults || !entry.is_default,
            Bindings::UserMade => !entry.is_default,
        };
        if !reported {
            continue;
        }
        out.relevant(entry.record);
        fail_subjects(a, out, b as BindingIdx, &|s| message(s, entry), None);
    }
}

fn subject_id(key: &SubjectKey) -> ObjectId {
    key.object_id()
}

/// The common shape: for every reported binding, the first rule of its role (effective
/// rules: aggregation included) that `test` matches fails every subject of the binding.
pub(crate) fn report_grants(
    a: &Analysis<'_>,
    out: &mut InventoryReport<'_>,
    test: impl Fn(&PolicyRule, &Scope) -> Option<Hit>,
) {
    report_grants_ranked(a, out, &[&test]);
}

/// What a rule of a grant lets the subject do, if the control cares.
pub(crate) type GrantTest<'t> = &'t dyn Fn(&PolicyRule, &Scope) -> Option<Hit>;

/// As [`report_grants`], with tests in order of preference: the first test that some rule
/// of the role matches names the finding (`create pods/exec` before `get pods/exec`).
pub(crate) fn report_grants_ranked(
    a: &Analysis<'_>,
    out: &mut InventoryReport<'_>,
    tests: &[GrantTest<'_>],
) {
    let rbac = &a.rbac;
    for b in reported_bindings(a) {
        let entry = &rbac.bindings[b as usize];
        out.relevant(entry.record);
        let Some(role) = entry.role else { continue };
        let rules = &rbac.roles[role as usize].rules;
        let hit = tests
            .iter()
            .find_map(|test| rules.iter().find_map(|&r| test(rbac.rule(r), &entry.scope)));
        let Some(hit) = hit else { continue };
        let role_id = rbac.role_id(role);
        let binding_id = rbac.binding_id(b);
        fail_subjects(
            a,
            out,
            b,
            &|subject| {
                Some(format!(
                    "{subject} can {} {} ({} {} → {} {})",
                    hit.what,
                    scope_text(&entry.scope),
                    binding_id.kind,
                    binding_id.name,
                    role_id.kind,
                    role_id.name
                ))
            },
            hit.kubescape,
        );
    }
}
