use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{Bindings, grant_text, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1115",
        name: "grants-to-everyone",
        title: "Nothing should be granted to every authenticated user or every service account",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every binding (other than Kubernetes' own defaults, which grant discovery and self-review) that grants a role to the group `system:authenticated` — every user and every service account that can authenticate, which on many managed clusters includes any cloud account — or `system:serviceaccounts` — every workload of every namespace (Kubescape C-0265 for `system:authenticated`). Grants to `system:anonymous` and `system:unauthenticated` are GC603's. Never hidden by noise control.",
        rationale: "A grant to everyone is a grant to the least trustworthy identity that can authenticate: on GKE, any Google account (the 2024 \"Sys:All\" findings).",
        remediation: "Bind named groups or service accounts instead.",
        references: References {
            kubescape: &["C-0265"],
            cis: &[],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: everyone-views}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: staff-views}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: staff, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    // Kubernetes' own grants to these groups are the discovery and self-review roles.
    report_subjects(a, out, Bindings::UserMade, &|s, entry| {
        let everyone = s.kind == SubjectKind::Group
            && matches!(&*s.name, "system:authenticated" | "system:serviceaccounts");
        everyone.then(|| format!("{s} is granted {}", grant_text(entry)))
    });
}
