use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC106",
        name: "host-probes-lifecycle",
        title: "Probes and lifecycle hooks must not target another host",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when `livenessProbe`, `readinessProbe`, `startupProbe`, `lifecycle.postStart` or `lifecycle.preStop` of any container sets `httpGet.host` or `tcpSocket.host` to a non-empty value (Pod Security Standards baseline, \"Host Probes / Lifecycle Hooks\", Kubernetes 1.34+).",
        rationale: "The kubelet performs probes and hooks from the node; a custom host turns them into a server-side request forgery from the node's network position.",
        remediation: "Remove `host` from the probe or hook; it then targets the pod's own IP.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &["baseline:hostProbesAndHostLifecycle"],
        },
        failing_example: "containers:\n- name: app\n  livenessProbe:\n    httpGet:\n      host: 169.254.169.254\n      port: 80\n",
        passing_example: "containers:\n- name: app\n  livenessProbe:\n    httpGet:\n      port: 80\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

const HANDLERS: &[&[&str]] = &[
    &["livenessProbe"],
    &["readinessProbe"],
    &["startupProbe"],
    &["lifecycle", "postStart"],
    &["lifecycle", "preStop"],
];

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        for handler in HANDLERS {
            let Some(h) = c.node.get_path(handler) else {
                continue;
            };
            for action in ["httpGet", "tcpSocket"] {
                let host = h.get(action).and_then(|a| a.get("host"));
                if let Some(host) = host.filter(|v| !v.is_null() && v.as_str() != Some("")) {
                    let mut path = c.path.join(handler);
                    path = path.join(&[action, "host"]);
                    out.fail(
                        path,
                        format!(
                            "{} {} targets host {}",
                            c.describe(),
                            handler.join("."),
                            host.display_scalar()
                        ),
                    );
                }
            }
        }
    }
}
