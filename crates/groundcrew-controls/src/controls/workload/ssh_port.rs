use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC316",
        name: "ssh-server-port",
        title: "Containers should not run an SSH server",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every container port that is 22 or 2222, or is named `ssh`. (Kubescape C-0042 looks at Services exposing those ports instead; the Service side comes with the exposure analysis.)",
        rationale: "An SSH daemon in a container is a second, unaudited way in, usually with static credentials.",
        remediation: "Remove the SSH server; use `kubectl exec` (audited through the API server) for debugging.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &["T1021.004"],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  ports:\n  - containerPort: 22\n",
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
        for (i, p) in c
            .node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let port = p.get("containerPort").and_then(Node::as_i64);
            let named_ssh = p.get("name").and_then(Node::as_str) == Some("ssh");
            if matches!(port, Some(22 | 2222)) || named_ssh {
                out.fail(
                    c.path.key("ports").index(i),
                    format!("{} exposes an SSH port", c.describe()),
                );
            }
        }
    }
}
