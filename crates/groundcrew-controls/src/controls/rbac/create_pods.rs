use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;
use groundcrew_rbac::resources::POD_CONTROLLERS;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1104",
        name: "create-pods",
        title: "Creating pods should be minimal",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `create` on `pods`, or `create`, `update` or `patch` on a pod controller (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers) (CIS 5.1.4). Whoever creates pods in a namespace can run them as any service account of that namespace, and — without Pod Security enforcement — privileged on the node. Kubescape C-0188 counts only `create pods`; the finding carries it only then.",
        rationale: "Pod creation is the step from an API credential to code running in the cluster with the namespace's service accounts and, unless Pod Security is enforced, with the node's privileges.",
        remediation: "Give pod and workload creation to CI/CD identities only, in the namespaces they deploy to, and enforce the `restricted` or `baseline` Pod Security level there.",
        references: References {
            kubescape: &["C-0188"],
            cis: &["5.1.4"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1610"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: runner, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: runner, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods, pods/log]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        if allowed_verb(rule, scope, &["create"], "", "pods", None).is_some() {
            return Hit::as_(&["C-0188"], "create pods");
        }
        POD_CONTROLLERS.iter().find_map(|(group, resource)| {
            let verb = allowed_verb(
                rule,
                scope,
                &["create", "update", "patch"],
                group,
                resource,
                None,
            )?;
            Hit::as_(&[], format!("{verb} {resource} (and so the pods they run)"))
        })
    });
}
