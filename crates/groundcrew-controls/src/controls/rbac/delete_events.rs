use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1112",
        name: "delete-events",
        title: "Deleting events should be minimal",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `delete` or `deletecollection` on `events` (core group or `events.k8s.io`) (Kubescape C-0031). Deleting events hides what an attacker did from whoever looks at `kubectl get events`.",
        rationale: "Events are the cluster's short-term record of what happened; deleting them covers tracks.",
        remediation: "Remove the permission; events expire by themselves.",
        references: References {
            kubescape: &["C-0031"],
            cis: &[],
            nsa: &["Logging: audit"],
            mitre: &["T1070"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: cleanup, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [events]\n  verbs: [delete, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: job, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cleanup}\nsubjects:\n- {kind: ServiceAccount, name: cleanup}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: cleanup, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [events]\n  verbs: [list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: job, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cleanup}\nsubjects:\n- {kind: ServiceAccount, name: cleanup}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        for group in ["", "events.k8s.io"] {
            if let Some(verb) = allowed_verb(
                rule,
                scope,
                &["delete", "deletecollection"],
                group,
                "events",
                None,
            ) {
                return Hit::new(format!("{verb} events"));
            }
        }
        None
    });
}
