use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1102",
        name: "rbac-wildcards",
        title: "Roles should not use wildcards",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a binding whose role has a rule with `*` in `verbs`, `resources` or `apiGroups` (CIS 5.1.3). A wildcard grants what exists today and whatever is added later — new resources, subresources, CRDs and verbs.",
        rationale: "Wildcards turn a narrow intention into a broad grant that grows with every API the cluster gains.",
        remediation: "List the verbs, resources and API groups the subject needs.",
        references: References {
            kubescape: &["C-0187"],
            cis: &["5.1.3"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\nrules:\n- apiGroups: [apps]\n  resources: ['*']\n  verbs: ['*']\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list, create, update, patch]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, _scope| {
        let star = |v: &[std::sync::Arc<str>]| v.iter().any(|x| &**x == "*");
        if star(&rule.verbs) || star(&rule.resources) || star(&rule.api_groups) {
            let mut fields = Vec::new();
            if star(&rule.api_groups) {
                fields.push("apiGroups");
            }
            if star(&rule.resources) {
                fields.push("resources");
            }
            if star(&rule.verbs) {
                fields.push("verbs");
            }
            Hit::new(format!("use a rule with `*` in {}", fields.join(", ")))
        } else {
            None
        }
    });
}
