use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{Bindings, report_subjects};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1122",
        name: "system-masters-binding",
        title: "Bindings should not name the system:masters group",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every binding, other than Kubernetes' own `cluster-admin` ClusterRoleBinding, that names the group `system:masters` (CIS 5.1.7). Members of `system:masters` bypass authorization altogether; a binding naming the group suggests credentials are being issued in it, and such credentials cannot be revoked through RBAC. Never hidden by noise control. (Kubescape's C-0246 is a manual review: whether certificates carry the group is outside the objects.)",
        rationale: "A credential in system:masters is cluster-admin that no RoleBinding can take away: only rotating the cluster CA revokes it.",
        remediation: "Issue credentials in ordinary groups bound to the roles they need; keep system:masters for break-glass access.",
        references: References {
            kubescape: &[],
            cis: &["5.1.7"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops-masters}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:masters, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: cluster-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: Group, name: system:masters, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_subjects(a, out, Bindings::UserMade, &|s, _| {
        (s.kind == SubjectKind::Group && &*s.name == "system:masters")
            .then(|| format!("{s} is named by a user-made binding"))
    });
}
