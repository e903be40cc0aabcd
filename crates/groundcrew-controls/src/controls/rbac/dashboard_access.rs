use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{Bindings, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1117",
        name: "dashboard-access",
        title: "Access to the Kubernetes dashboard's role should be reviewed",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject, other than the dashboard's own service accounts, that a binding grants a role whose name contains `kubernetes-dashboard` (Kubescape C-0014). Whoever holds the dashboard's role holds what the dashboard can do — on many clusters, far more than viewing.",
        rationale: "The Kubernetes dashboard is a classic entry point (Tesla's cryptojacked cluster): its role is a credential worth stealing and worth limiting.",
        remediation: "Grant users their own roles and sign in to the dashboard with their own tokens; keep the dashboard's role for the dashboard.",
        references: References {
            kubescape: &["C-0014"],
            cis: &[],
            nsa: &[],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops-dashboard}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubernetes-dashboard}\nsubjects:\n- {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: kubernetes-dashboard}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubernetes-dashboard}\nsubjects:\n- {kind: ServiceAccount, name: kubernetes-dashboard, namespace: kubernetes-dashboard}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_subjects(a, out, Bindings::Reported, &|s, entry| {
        let role = &entry.facts.role_name;
        // The dashboard's own service accounts hold its role by design.
        let own = s.kind == SubjectKind::ServiceAccount && s.name.contains("dashboard");
        (role.contains("kubernetes-dashboard") && !own)
            .then(|| format!("{s} is granted the dashboard's role {role}"))
    });
}
