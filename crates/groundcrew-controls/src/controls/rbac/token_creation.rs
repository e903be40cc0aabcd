use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, names, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1108",
        name: "token-creation",
        title: "Creating service-account tokens should be minimal",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `create` on `serviceaccounts/token` (the TokenRequest API) (CIS 5.1.13). Whoever can create a token for a service account acts as it.",
        rationale: "A token request mints a credential for the service account: its permissions become the requester's.",
        remediation: "Remove the permission or limit it with `resourceNames` to the service accounts the subject must act as.",
        references: References {
            kubescape: &["C-0282"],
            cis: &["5.1.13"],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tokens, namespace: ops}\nrules:\n- apiGroups: ['']\n  resources: [serviceaccounts/token]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokens}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tokens, namespace: ops}\nrules:\n- apiGroups: ['']\n  resources: [serviceaccounts]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokens}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        allowed_verb(
            rule,
            scope,
            &["create"],
            "",
            "serviceaccounts",
            Some("token"),
        )?;
        Hit::new(format!("create service-account tokens{}", names(rule)))
    });
}
