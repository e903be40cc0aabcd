use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1109",
        name: "csr-approval",
        title: "Approving certificate signing requests should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a ClusterRoleBinding whose role allows `update` or `patch` on `certificatesigningrequests/approval` (API group `certificates.k8s.io`) (CIS 5.1.11). With `approve` on a signer such as `kubernetes.io/kube-apiserver-client` this issues client certificates for any identity, `system:masters` included; `groundcrew rbac escalations` follows that chain.",
        rationale: "Approving a CSR issues a credential whose identity the requester chose.",
        remediation: "Leave CSR approval to the controller manager and node bootstrap; remove the permission from people and workloads.",
        references: References {
            kubescape: &["C-0280"],
            cis: &["5.1.11"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: approver}\nrules:\n- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests/approval]\n  verbs: [update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: approver}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: approver}\nrules:\n- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: approver}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        let verb = allowed_verb(
            rule,
            scope,
            &["update", "patch"],
            "certificates.k8s.io",
            "certificatesigningrequests",
            Some("approval"),
        )?;
        Hit::new(format!("{verb} certificatesigningrequests/approval"))
    });
}
