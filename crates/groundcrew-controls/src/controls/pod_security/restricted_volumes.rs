use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

/// Volume sources the restricted profile forbids: every in-tree source that is not one of
/// configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
/// projected or secret.
pub const FORBIDDEN_SOURCES: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "hostPath",
    "iscsi",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC201",
        name: "restricted-volume-types",
        title: "Pods may use only restricted volume types",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails for every volume whose source is not one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret — that is, which sets hostPath, nfs, iscsi, gitRepo, rbd or another in-tree network or host volume (Pod Security Standards restricted, \"Volume Types\"). A volume with no source (an implicit emptyDir) passes.",
        rationale: "In-tree network and host volumes bypass the PersistentVolume layer the cluster administrator controls, and several (gitRepo, hostPath) have a history of node escapes.",
        remediation: "Use a PersistentVolumeClaim (or a CSI volume) for storage, and configMap/secret/projected volumes for configuration.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &["restricted:volumeTypes"],
        },
        failing_example: "volumes:\n- name: data\n  nfs:\n    server: nfs.example.com\n    path: /exports\n",
        passing_example: "volumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for (i, v) in pod.volumes() {
        for source in FORBIDDEN_SOURCES {
            if v.get(source).is_some_and(|s| !s.is_null()) {
                let name = v.get("name").map(Node::display_scalar).unwrap_or_default();
                out.fail(
                    pod.volume_path(i).key(source),
                    format!("volume \"{name}\" uses the {source} volume type"),
                );
            }
        }
    }
}
