use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC332",
        name: "may-run-as-root",
        title: "Containers should not be able to run as root (UID or GID 0)",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container (init and ephemeral included) that may run as UID 0 — its effective `runAsNonRoot` (container over pod) is not true and its effective `runAsUser` is unset or 0 — or whose effective `runAsGroup` is 0. Unlike GC203 (the PSS restricted rule, which requires `runAsNonRoot: true`), an explicit non-zero `runAsUser` passes here. Windows pods are skipped.",
        rationale: "Root in a container is root on the node's kernel: one escape bug or a writable host mount away from the node. Group 0 grants access to root-group files on shared volumes.",
        remediation: "Run as an unprivileged user: set `runAsNonRoot: true` and `runAsUser`/`runAsGroup` to non-zero IDs on the pod or container.",
        references: References {
            kubescape: &["C-0013"],
            cis: &[],
            nsa: &["Pod security: non-root containers"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "securityContext:\n  runAsUser: 0\ncontainers:\n- name: app\n",
        passing_example: "securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\ncontainers:\n- name: app\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.is_windows() {
        return;
    }
    for c in &pod.containers {
        let effective = |key: &str| c.sc(key).or_else(|| pod.sc(key));
        let non_root = effective("runAsNonRoot").and_then(Node::as_bool) == Some(true);
        let user = effective("runAsUser").and_then(Node::as_i64);
        if !non_root && matches!(user, None | Some(0)) {
            let path = if c.sc("runAsUser").is_some() {
                c.sc_path(&["runAsUser"])
            } else if pod.sc("runAsUser").is_some() {
                pod.sc_path(&["runAsUser"])
            } else {
                c.sc_path(&["runAsNonRoot"])
            };
            out.fail(
                path,
                match user {
                    Some(0) => format!("{} runs as UID 0", c.describe()),
                    _ => format!(
                        "{} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser",
                        c.describe()
                    ),
                },
            );
        }
        if effective("runAsGroup").and_then(Node::as_i64) == Some(0) {
            let path = if c.sc("runAsGroup").is_some() {
                c.sc_path(&["runAsGroup"])
            } else {
                pod.sc_path(&["runAsGroup"])
            };
            out.fail(path, format!("{} runs with GID 0", c.describe()));
        }
    }
}
