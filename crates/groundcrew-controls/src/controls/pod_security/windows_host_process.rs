use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC112",
        name: "windows-host-process",
        title: "Windows pods must not run as HostProcess",
        severity: Severity::Critical,
        category: "pod-security",
        description: "Fails when the pod's or a container's `securityContext.windowsOptions.hostProcess` is true (Pod Security Standards baseline, \"HostProcess\").",
        rationale: "A Windows HostProcess container runs directly on the host with full access to it.",
        remediation: "Remove `windowsOptions.hostProcess` or set it to false.",
        references: References {
            kubescape: &[],
            cis: &["5.2.11"],
            nsa: &[],
            mitre: &["T1611"],
            pss: &["baseline:windowsHostProcess"],
        },
        failing_example: "securityContext:\n  windowsOptions:\n    hostProcess: true\n",
        passing_example: "securityContext:\n  windowsOptions:\n    hostProcess: false\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let host_process = |n: Option<&Node>| {
        n.and_then(|w| w.get("hostProcess")).and_then(Node::as_bool) == Some(true)
    };
    if host_process(pod.sc("windowsOptions")) {
        out.fail(
            pod.sc_path(&["windowsOptions", "hostProcess"]),
            "pod runs as a Windows HostProcess",
        );
    }
    for c in &pod.containers {
        if host_process(c.sc("windowsOptions")) {
            out.fail(
                c.sc_path(&["windowsOptions", "hostProcess"]),
                format!("{} runs as a Windows HostProcess", c.describe()),
            );
        }
    }
}
