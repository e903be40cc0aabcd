use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use super::host_paths::host_path_volumes;
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC310",
        name: "writable-host-path",
        title: "hostPath volumes must be mounted read-only",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every `volumeMounts` entry, in any container list, that mounts a hostPath volume without `readOnly: true`.",
        rationale: "A writable host mount lets a compromised container change the node: plant binaries, edit kubelet configuration, write cron jobs.",
        remediation: "Set `readOnly: true` on the mount, or remove the hostPath volume.",
        references: References {
            kubescape: &["C-0045"],
            cis: &[],
            nsa: &[],
            mitre: &["T1611", "Writable hostPath mount"],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  volumeMounts:\n  - name: host\n    mountPath: /host\nvolumes:\n- name: host\n  hostPath:\n    path: /var/log\n",
        passing_example: "containers:\n- name: app\n  volumeMounts:\n  - name: host\n    mountPath: /host\n    readOnly: true\nvolumes:\n- name: host\n  hostPath:\n    path: /var/log\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let host_volumes: Vec<(&str, &str)> = host_path_volumes(pod).map(|(_, n, p)| (n, p)).collect();
    if host_volumes.is_empty() {
        return;
    }
    for c in &pod.containers {
        let mounts = c.node.get("volumeMounts").map(Node::items).unwrap_or(&[]);
        for (i, m) in mounts.iter().enumerate() {
            let Some(name) = m.get("name").and_then(Node::as_str) else {
                continue;
            };
            let Some((_, host)) = host_volumes.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            if m.get("readOnly").and_then(Node::as_bool) != Some(true) {
                out.fail(
                    c.path.key("volumeMounts").index(i).key("readOnly"),
                    format!("{} mounts host path {host} writable", c.describe()),
                );
            }
        }
    }
}
