use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1111",
        name: "create-persistent-volumes",
        title: "Creating PersistentVolumes should be minimal",
        severity: Severity::Medium,
        category: "rbac",
        description: "Fails for every subject of a ClusterRoleBinding whose role allows `create` on `persistentvolumes` (CIS 5.1.9). A PersistentVolume can be a `hostPath` volume: whoever creates one and claims it mounts the node's filesystem.",
        rationale: "A hostPath PersistentVolume gives any pod that claims it the node's files, around Pod Security's ban on hostPath volumes.",
        remediation: "Provision volumes through StorageClasses; keep PersistentVolume creation to storage administrators.",
        references: References {
            kubescape: &["C-0278"],
            cis: &["5.1.9"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: storage}\nrules:\n- apiGroups: ['']\n  resources: [persistentvolumes]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: storage}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: storage}\nrules:\n- apiGroups: ['']\n  resources: [persistentvolumeclaims]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: storage}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        allowed_verb(rule, scope, &["create"], "", "persistentvolumes", None)?;
        Hit::new("create persistentvolumes")
    });
}
