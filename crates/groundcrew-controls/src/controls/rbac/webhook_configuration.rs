use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, names, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1110",
        name: "webhook-configuration",
        title: "Access to admission webhook configurations should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a ClusterRoleBinding whose role allows `create`, `update`, `patch` or `delete` on `mutatingwebhookconfigurations` or `validatingwebhookconfigurations` (API group `admissionregistration.k8s.io`) (CIS 5.1.12). A mutating webhook rewrites every object it is sent — pods included — and either kind can switch off the policies other webhooks enforce.",
        rationale: "Admission webhooks see and can change every request they register for: a webhook is a backdoor into every pod created.",
        remediation: "Leave webhook configuration to the operators that own the webhooks, limited with `resourceNames` to their own configuration.",
        references: References {
            kubescape: &["C-0281"],
            cis: &["5.1.12"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: hooks}\nrules:\n- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [create, update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: hooks}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hooks}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: hooks}\nrules:\n- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: hooks}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hooks}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        for resource in [
            "mutatingwebhookconfigurations",
            "validatingwebhookconfigurations",
        ] {
            if let Some(verb) = allowed_verb(
                rule,
                scope,
                &["create", "update", "patch", "delete"],
                "admissionregistration.k8s.io",
                resource,
                None,
            ) {
                return Hit::new(format!("{verb} {resource}{}", names(rule)));
            }
        }
        None
    });
}
