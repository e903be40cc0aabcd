use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use super::version;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC802",
        name: "containerd-cve-2022-23648",
        title: "Nodes must not run a containerd vulnerable to CVE-2022-23648",
        severity: Severity::High,
        category: "node",
        description: "Fails for every Node whose `status.nodeInfo.containerRuntimeVersion` is containerd before 1.4.13, 1.5.0 to 1.5.9, or 1.6.0 (fixed in 1.4.13, 1.5.10 and 1.6.1).",
        rationale: "CVE-2022-23648 lets a crafted image read any file of the node through volume path traversal — node credentials included — from a container started with that image.",
        remediation: "Upgrade containerd on the node to 1.6.1 or newer (1.5.10 or 1.4.13 on older branches), or roll the node pool to a current node image.",
        references: References {
            kubescape: &["C-0087"],
            cis: &[],
            nsa: &[],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "kind: Node\nstatus:\n  nodeInfo:\n    containerRuntimeVersion: containerd://1.6.0\n",
        passing_example: "kind: Node\nstatus:\n  nodeInfo:\n    containerRuntimeVersion: containerd://1.7.20\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn vulnerable(v: (u64, u64, u64)) -> bool {
    match v {
        (1, minor, _) if minor < 4 => true,
        (1, 4, patch) => patch < 13,
        (1, 5, patch) => patch < 10,
        (1, 6, 0) => true,
        (0, _, _) => true,
        _ => false,
    }
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Node" {
        return;
    }
    let Some(text) = ctx
        .object
        .root
        .get_path(&["status", "nodeInfo", "containerRuntimeVersion"])
        .and_then(groundcrew_yaml::Node::as_str)
    else {
        return;
    };
    if !text.starts_with("containerd://") {
        return;
    }
    out.relevant();
    if version(text).is_some_and(vulnerable) {
        out.fail(
            FieldPath::keys(&["status", "nodeInfo", "containerRuntimeVersion"]),
            format!("{text} is vulnerable to CVE-2022-23648"),
        );
    }
}
