use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC105",
        name: "host-ports",
        title: "Containers must not bind host ports",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails for every `ports[].hostPort` set to a value other than 0, in any container list (Pod Security Standards baseline, \"Host Ports\").",
        rationale: "A host port publishes the container on the node's address, bypassing Services and most NetworkPolicy implementations, and ties the pod to nodes where the port is free.",
        remediation: "Remove `hostPort`; expose the workload through a Service.",
        references: References {
            kubescape: &["C-0044"],
            cis: &["5.2.13"],
            nsa: &["Network separation"],
            mitre: &[],
            pss: &["baseline:hostPorts"],
        },
        failing_example: "containers:\n- name: app\n  ports:\n  - containerPort: 8080\n    hostPort: 8080\n",
        passing_example: "containers:\n- name: app\n  ports:\n  - containerPort: 8080\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        for (i, port) in c
            .node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(hp) = port.get("hostPort") else {
                continue;
            };
            if hp.as_i64() != Some(0) && !hp.is_null() {
                out.fail(
                    c.path.key("ports").index(i).key("hostPort"),
                    format!("{} binds host port {}", c.describe(), hp.display_scalar()),
                );
            }
        }
    }
}
