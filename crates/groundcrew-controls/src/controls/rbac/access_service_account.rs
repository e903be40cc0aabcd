use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{Bindings, grant_text, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1116",
        name: "service-account-permissions",
        title: "Service accounts with RBAC permissions (review)",
        severity: Severity::Low,
        category: "rbac",
        description: "Lists every service account that a binding grants a role, with the role: the identities a compromised container can use (Kubescape C-0053). Opt-in, not in the default selection: it lists facts for review, not misconfigurations. Which of them can escalate is GC1120's, and which workloads mount such a token GC609's.",
        rationale: "Every service account with permissions is a credential an attacker inside a pod can pick up from the token mount.",
        remediation: "Review each grant; remove those the workload does not need and set `automountServiceAccountToken: false` where it does not call the API.",
        references: References {
            kubescape: &["C-0053"],
            cis: &[],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: devs, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: shop-devs, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_subjects(a, out, Bindings::Reported, &|s, entry| {
        (s.kind == SubjectKind::ServiceAccount && entry.role.is_some())
            .then(|| format!("{s} is granted {}", grant_text(entry)))
    });
}
