use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use crate::controls::rbac::{Bindings, grant_text, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC603",
        name: "binding-to-anonymous",
        title: "Nothing should be granted to anonymous or unauthenticated users",
        severity: Severity::Critical,
        category: "cluster",
        description: "Fails for every subject of a RoleBinding or ClusterRoleBinding that is the user `system:anonymous` or the group `system:unauthenticated`, whatever role it grants (even a missing one: it is a grant waiting for its role). The finding's resource is the subject and its location the subject's entry in the binding. Kubernetes' own `system:public-info-viewer` binding, which grants the version and health endpoints to `system:unauthenticated`, is recognised by name and content and passes; a modified one fails. Grants to `system:authenticated` are GC1115's.",
        rationale: "Anonymous requests are on by default on many API servers; a grant to these subjects is a grant to anyone who can reach the API, as in the exposed-dashboard breaches.",
        remediation: "Remove the subject from the binding; grant to named users, groups or service accounts instead.",
        references: References {
            kubescape: &["C-0262"],
            cis: &[],
            nsa: &["Authentication and authorization: anonymous access"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "kind: ClusterRoleBinding\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "kind: ClusterRoleBinding\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    // Kubernetes' own grant of `system:public-info-viewer` (version and health endpoints)
    // is recognised by name and content; a user-made grant is never hidden.
    report_subjects(a, out, Bindings::UserMade, &|s, entry| {
        let anonymous = matches!(
            (s.kind, &*s.name),
            (SubjectKind::User, "system:anonymous")
                | (SubjectKind::Group, "system:unauthenticated")
        );
        anonymous.then(|| format!("{s} is granted {}", grant_text(entry)))
    });
}
