use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC315",
        name: "sudo-in-entrypoint",
        title: "Containers must not call sudo in their command",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container whose `command` or `args` contain the word `sudo` (alone or as a path ending in `/sudo`).",
        rationale: "sudo in the entrypoint means the image expects to gain root at run time: the container is one misconfiguration from running as root.",
        remediation: "Build the image so the process runs with the privileges it needs, without sudo.",
        references: References {
            kubescape: &["C-0062"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  command: [\"sudo\", \"/app/start\"]\n",
        passing_example: "containers:\n- name: app\n  command: [\"/app/start\"]\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn has_sudo(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|')
        .any(|w| w == "sudo" || w.ends_with("/sudo"))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        for field in ["command", "args"] {
            let items = c.node.get(field).map(Node::items).unwrap_or(&[]);
            if let Some(i) = items.iter().position(|a| a.as_str().is_some_and(has_sudo)) {
                out.fail(
                    c.path.key(field).index(i),
                    format!("{} calls sudo in its {field}", c.describe()),
                );
            }
        }
    }
}
