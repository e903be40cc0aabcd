use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;
use groundcrew_rbac::resources::POD_CONTROLLERS;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1113",
        name: "delete-workloads",
        title: "Deleting workloads should be minimal",
        severity: Severity::Low,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `delete` or `deletecollection` on pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs or Services (Kubescape C-0007). Opt-in, not in the default selection: Kubernetes' `edit` and `admin` roles grant it, so it lists every editor; select it with `--control GC1113` to review who can take services down.",
        rationale: "Deleting workloads is denial of service; deleting pods also moves them (with their tokens) onto nodes an attacker controls.",
        remediation: "Keep delete rights to the identities that deploy.",
        references: References {
            kubescape: &["C-0007"],
            cis: &[],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1485"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ops, namespace: shop}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [delete]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ops, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ops, namespace: shop}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ops, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        [&("", "pods"), &("", "services")]
            .into_iter()
            .chain(POD_CONTROLLERS)
            .find_map(|(group, resource)| {
                let verb = allowed_verb(
                    rule,
                    scope,
                    &["delete", "deletecollection"],
                    group,
                    resource,
                    None,
                )?;
                Hit::new(format!("{verb} {resource}"))
            })
    });
}
