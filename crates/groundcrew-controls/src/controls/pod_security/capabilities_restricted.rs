use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC206",
        name: "capabilities-restricted",
        title: "Containers must drop ALL capabilities and add at most NET_BIND_SERVICE",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails for every container, init container and ephemeral container whose `securityContext.capabilities.drop` does not include `ALL`, and for every entry of `capabilities.add` other than `NET_BIND_SERVICE`. Windows pods are exempt (Pod Security Standards restricted, \"Capabilities\").",
        rationale: "The default capability set still includes powers (NET_RAW, CHOWN, SETUID...) most applications never use; dropping all of them closes whole exploit classes.",
        remediation: "Set `securityContext.capabilities.drop: [\"ALL\"]` and add back only `NET_BIND_SERVICE` when binding ports below 1024.",
        references: References {
            kubescape: &[],
            cis: &["5.2.8", "5.2.9", "5.2.10"],
            nsa: &["Pod security: capabilities"],
            mitre: &[],
            pss: &["restricted:capabilities"],
        },
        failing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      add: [\"CHOWN\"]\n",
        passing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      drop: [\"ALL\"]\n",
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
        let caps = c.sc("capabilities");
        let drops_all = caps
            .and_then(|k| k.get("drop"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|d| d.as_str() == Some("ALL"));
        if !drops_all {
            out.fail(
                c.sc_path(&["capabilities", "drop"]),
                format!("{} does not drop ALL capabilities", c.describe()),
            );
        }
        let added = caps
            .and_then(|k| k.get("add"))
            .map(Node::items)
            .unwrap_or(&[]);
        for (i, cap) in added.iter().enumerate() {
            if cap.as_str() != Some("NET_BIND_SERVICE") {
                out.fail(
                    c.sc_path(&["capabilities", "add"]).index(i),
                    format!("{} adds capability {}", c.describe(), cap.display_scalar()),
                );
            }
        }
    }
}
