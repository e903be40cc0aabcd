use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{fail_subjects, reported_bindings};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1118",
        name: "binding-missing-role",
        title: "Bindings should refer to roles that exist",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a RoleBinding or ClusterRoleBinding whose `roleRef` names a role that neither the input nor Kubernetes' defaults define — a Role of another namespace, a ClusterRoleBinding referring to a Role, a typo. The binding grants nothing today; it grants whatever a role created later under that name says, to whoever created it.",
        rationale: "A dangling binding is a latent grant: anyone who can create a role of that name decides what the subjects get.",
        remediation: "Fix the `roleRef` or delete the binding.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reports, namespace: batch}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reports-reader}\nsubjects:\n- {kind: ServiceAccount, name: reports}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reports, namespace: batch}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: reports}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let rbac = &a.rbac;
    for b in reported_bindings(a) {
        let entry = &rbac.bindings[b as usize];
        out.relevant(entry.record);
        if entry.role.is_some() {
            continue;
        }
        let record = rbac.inventory.get(entry.record);
        let why = if &*record.id.kind == "ClusterRoleBinding" && &*entry.facts.role_kind == "Role" {
            "a ClusterRoleBinding cannot refer to a Role".to_string()
        } else {
            format!(
                "{} {} does not exist{}",
                entry.facts.role_kind,
                entry.facts.role_name,
                match &record.id.namespace {
                    Some(ns) if &*entry.facts.role_kind == "Role" => format!(" in namespace {ns}"),
                    _ => String::new(),
                }
            )
        };
        if entry.facts.subjects.is_empty() {
            out.fail(
                entry.record,
                record,
                "roleRef",
                entry.facts.role_pos,
                format!("binds {why}"),
            );
            continue;
        }
        fail_subjects(
            a,
            out,
            b,
            &|s| Some(format!("{s} is bound to a role that grants nothing: {why}")),
            None,
        );
    }
}
