use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;
use groundcrew_rbac::Scope;
use groundcrew_rbac::rule::is_full_wildcard;

use super::{Hit, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1101",
        name: "cluster-admin-binding",
        title: "Only the control plane should hold cluster-admin",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a binding whose role (its effective rules, aggregation included) has a rule granting every verb on every resource of every API group — `cluster-admin` or any role equivalent to it. Through a ClusterRoleBinding that is the whole cluster (CIS 5.1.1, Kubescape C-0185); through a RoleBinding, everything in that namespace (Kubescape C-0035 counts both). Kubernetes' own `cluster-admin` binding to `system:masters` is a default and is not reported unless `--include-defaults`.",
        rationale: "A subject that can do anything anywhere is one stolen credential away from a lost cluster: it reads every Secret, runs privileged pods on every node, and rewrites RBAC itself.",
        remediation: "Bind the narrowest role that does the job (Kubernetes' `admin`, `edit` or `view`, or a custom role) through a RoleBinding in the namespaces where it is needed.",
        references: References {
            kubescape: &["C-0185", "C-0035"],
            cis: &["5.1.1"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-view}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        if !is_full_wildcard(rule) {
            return None;
        }
        match scope {
            Scope::Cluster => Hit::as_(
                &["C-0185", "C-0035"],
                "do anything (every verb on every resource)",
            ),
            Scope::Namespace(_) => {
                Hit::as_(&["C-0035"], "do anything (every verb on every resource)")
            }
        }
    });
}
