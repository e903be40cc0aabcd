use groundcrew_findings::{ControlMeta, References, Severity};

use super::host_paths::{host_path_volumes, normalize};
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC309",
        name: "container-runtime-socket",
        title: "Container runtime sockets must not be mounted",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every hostPath volume whose path is a container runtime socket or its directory (`runtimeSockets` input: docker.sock, containerd.sock, crio.sock, cri-dockerd.sock, podman.sock and /var/run, /run), or any path ending in one of those socket names.",
        rationale: "Whoever talks to the runtime socket can start a privileged container on the node: it is root on the node.",
        remediation: "Remove the volume. Build images with a rootless builder (kaniko, buildkit rootless) instead of the node's runtime.",
        references: References {
            kubescape: &["C-0074"],
            cis: &[],
            nsa: &[],
            mitre: &["T1610", "T1611"],
            pss: &[],
        },
        failing_example: "volumes:\n- name: docker\n  hostPath:\n    path: /var/run/docker.sock\n",
        passing_example: "volumes:\n- name: cache\n  emptyDir: {}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

const SOCKET_NAMES: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "podman.sock",
];

/// A listed runtime socket path, or a path ending in a known socket's name.
pub(crate) fn is_runtime_socket(path: &str, listed: &[String]) -> bool {
    let p = normalize(path);
    listed.iter().any(|s| normalize(s) == p)
        || SOCKET_NAMES.iter().any(|s| p.ends_with(&format!("/{s}")))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for (i, name, path) in host_path_volumes(pod) {
        if is_runtime_socket(path, &ctx.inputs.runtime_sockets) {
            out.fail(
                pod.volume_path(i).join(&["hostPath", "path"]),
                format!("volume \"{name}\" mounts the container runtime socket path {path}"),
            );
        }
    }
}
