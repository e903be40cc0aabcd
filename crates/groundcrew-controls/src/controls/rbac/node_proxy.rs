use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, names, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1107",
        name: "nodes-proxy",
        title: "Access to the nodes/proxy subresource should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a ClusterRoleBinding whose role allows `get` or `create` on `nodes/proxy` (CIS 5.1.10). Through the kubelet API, `nodes/proxy` runs commands in every pod of the node and bypasses admission and audit. A RoleBinding cannot grant it (nodes are cluster-scoped), and `nodes` alone does not.",
        rationale: "The kubelet API behind nodes/proxy executes in any container of the node, a path around admission control and API audit logs.",
        remediation: "Remove `nodes/proxy`; monitoring agents need `nodes/metrics` and `nodes/stats`.",
        references: References {
            kubescape: &["C-0279"],
            cis: &["5.1.10"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1609"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: monitor}\nrules:\n- apiGroups: ['']\n  resources: [nodes/proxy]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: monitor}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitor}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: monitor}\nrules:\n- apiGroups: ['']\n  resources: [nodes/metrics, nodes/stats]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: monitor}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitor}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        let verb = allowed_verb(rule, scope, &["get", "create"], "", "nodes", Some("proxy"))?;
        Hit::new(format!("{verb} nodes/proxy{}", names(rule)))
    });
}
