use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;
use groundcrew_rbac::Scope;
use groundcrew_rbac::rule::{ResourceRequest, allows};

use super::{Hit, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1114",
        name: "coredns-configmap",
        title: "Only the cluster administrators should change the CoreDNS configuration",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a binding that allows `update` or `patch` on the ConfigMap `coredns` in `kube-system` — by name, or on every ConfigMap — cluster-wide or through a RoleBinding in `kube-system` (Kubescape C-0037).",
        rationale: "Whoever rewrites CoreDNS's configuration answers every DNS query in the cluster: traffic to the payment service goes where they say.",
        remediation: "Remove the permission; manage CoreDNS's configuration through the cluster's deployment pipeline.",
        references: References {
            kubescape: &["C-0037"],
            cis: &[],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1557"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: dns}\nrules:\n- apiGroups: ['']\n  resources: [configmaps]\n  verbs: [update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: dns}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: dns}\nrules:\n- apiGroups: ['']\n  resources: [configmaps]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: dns}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        if matches!(scope, Scope::Namespace(ns) if &**ns != "kube-system") {
            return None;
        }
        ["update", "patch"]
            .iter()
            .find_map(|verb| {
                let request = ResourceRequest {
                    verb,
                    group: "",
                    resource: "configmaps",
                    subresource: None,
                    name: Some("coredns"),
                };
                allows(rule, &request).then(|| format!("{verb} the ConfigMap kube-system/coredns"))
            })
            .and_then(Hit::new)
    });
}
