use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, names, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1106",
        name: "bind-escalate-impersonate",
        title: "Bind, escalate and impersonate should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `bind` or `escalate` on `roles` or `clusterroles` (API group `rbac.authorization.k8s.io`) or `impersonate` on `users`, `groups` or `serviceaccounts` (core group) or `uids`/`userextras` (`authentication.k8s.io`) (CIS 5.1.8; Kubescape C-0191, and C-0065 for impersonation). `bind` on `rolebindings` grants nothing (Checkov's CKV_K8S_157 looks there); `impersonate` with `apiGroups: [\"\"]` counts (Trivy's KSV043 needs `*`), as does a rule after the first. Whether the grant actually reaches a stronger position is what GC1120 and `groundcrew rbac escalations` compute.",
        rationale: "These verbs exist to let a subject grant or assume permissions it does not hold: each is a privilege-escalation primitive.",
        remediation: "Remove the verbs; when a controller needs `bind` or `impersonate`, limit it with `resourceNames` to the roles or identities it manages.",
        references: References {
            kubescape: &["C-0191", "C-0065"],
            cis: &["5.1.8"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n- apiGroups: ['']\n  resources: [users, groups]\n  verbs: [impersonate]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        for resource in ["clusterroles", "roles"] {
            if let Some(verb) = allowed_verb(
                rule,
                scope,
                &["bind", "escalate"],
                "rbac.authorization.k8s.io",
                resource,
                None,
            ) {
                return Hit::as_(&["C-0191"], format!("{verb} {resource}{}", names(rule)));
            }
        }
        for (group, resource) in [
            ("", "users"),
            ("", "groups"),
            ("", "serviceaccounts"),
            ("authentication.k8s.io", "uids"),
            ("authentication.k8s.io", "userextras"),
        ] {
            if allowed_verb(rule, scope, &["impersonate"], group, resource, None).is_some() {
                return Hit::as_(
                    &["C-0191", "C-0065"],
                    format!("impersonate {resource}{}", names(rule)),
                );
            }
        }
        None
    });
}
