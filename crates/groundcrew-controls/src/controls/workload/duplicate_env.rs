use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC319",
        name: "duplicate-env",
        title: "Containers must not set the same environment variable twice",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every `env` entry, in any container list, whose `name` an earlier entry of the same container already set.",
        rationale: "The last entry silently wins: a reviewer who reads the first value (a safe default, a feature flag) is misled about what runs.",
        remediation: "Keep one entry per variable.",
        references: References {
            kubescape: &["C-0295"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "env:\n- {name: MODE, value: safe}\n- {name: MODE, value: debug}\n",
        passing_example: "env:\n- {name: MODE, value: safe}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let env = c.node.get("env").map(Node::items).unwrap_or(&[]);
        for (i, e) in env.iter().enumerate() {
            let Some(name) = e.get("name").and_then(Node::as_str) else {
                continue;
            };
            let earlier = env[..i]
                .iter()
                .any(|p| p.get("name").and_then(Node::as_str) == Some(name));
            if earlier {
                out.fail(
                    c.path.key("env").index(i).key("name"),
                    format!(
                        "{} sets environment variable {name} more than once",
                        c.describe()
                    ),
                );
            }
        }
    }
}
