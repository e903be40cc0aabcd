use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC104",
        name: "host-path-volumes",
        title: "Pods must not use hostPath volumes",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails for every entry of the pod's `volumes` that has a `hostPath` source (Pod Security Standards baseline, \"HostPath Volumes\").",
        rationale: "A hostPath volume exposes the node's filesystem to the container: credentials, the kubelet's files and the container runtime are all a path away.",
        remediation: "Use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead of hostPath.",
        references: References {
            kubescape: &["C-0048"],
            cis: &["5.2.12"],
            nsa: &["Pod security: hostPath"],
            mitre: &["T1611", "Writable hostPath mount"],
            pss: &["baseline:hostPathVolumes"],
        },
        failing_example: "volumes:\n- name: logs\n  hostPath:\n    path: /var/log\n",
        passing_example: "volumes:\n- name: logs\n  emptyDir: {}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for (i, v) in pod.volumes() {
        if let Some(hp) = v.get("hostPath").filter(|n| !n.is_null()) {
            let path = hp
                .get("path")
                .map(|p| p.display_scalar())
                .unwrap_or_default();
            let name = v
                .get("name")
                .map(|n| n.display_scalar())
                .unwrap_or_default();
            out.fail(
                pod.volume_path(i).key("hostPath"),
                format!("volume \"{name}\" mounts host path {path}"),
            );
        }
    }
}
