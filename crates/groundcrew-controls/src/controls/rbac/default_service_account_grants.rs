use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{Bindings, grant_text, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1123",
        name: "default-service-account-permissions",
        title: "Default service accounts should not be granted roles",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every `default` ServiceAccount that a RoleBinding or ClusterRoleBinding names (CIS 5.1.5; Kubescape C-0225 and C-0239), whatever the role: every pod of the namespace that names no service account runs as `default` and gets the grant. The subject's namespace defaults to the binding's, as Kubernetes does.",
        rationale: "Permissions granted to `default` go to every pod of its namespace, including pods an attacker manages to create there.",
        remediation: "Give the workload that needs the permission a dedicated ServiceAccount and bind the role to it.",
        references: References {
            kubescape: &["C-0225", "C-0239"],
            cis: &["5.1.5"],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: default-edit, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects:\n- {kind: ServiceAccount, name: default}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api-edit, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_subjects(a, out, Bindings::Reported, &|s, entry| {
        (s.kind == SubjectKind::ServiceAccount && &*s.name == "default")
            .then(|| format!("{s} is granted {}", grant_text(entry)))
    });
}
