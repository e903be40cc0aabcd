use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC804",
        name: "container-optimized-os",
        title: "Nodes should run a container-optimized OS (for review)",
        severity: Severity::Low,
        category: "node",
        description: "Fails for every Node whose `status.nodeInfo.osImage` is not a container-optimized, minimal OS (Bottlerocket, Container-Optimized OS from Google, Flatcar, Fedora CoreOS, Talos, Azure Linux, Amazon Linux minimal images are recognised by name). A recommendation of the managed-Kubernetes CIS Benchmarks: not in the default selection (use `--control GC804`).",
        rationale: "A minimal, read-only, automatically updated host OS leaves an escaped container little to work with.",
        remediation: "Move node pools to a container-optimized image (Bottlerocket on EKS, COS on GKE, Azure Linux on AKS, Flatcar or Talos elsewhere).",
        references: References {
            kubescape: &["C-0226"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Node\nstatus:\n  nodeInfo:\n    osImage: Ubuntu 22.04.4 LTS\n",
        passing_example: "kind: Node\nstatus:\n  nodeInfo:\n    osImage: Bottlerocket OS 1.20.3 (aws-k8s-1.30)\n",
    },
    check: Check::Object(check),
    requires: None,
};

const OPTIMIZED: &[&str] = &[
    "bottlerocket",
    "container-optimized os",
    "flatcar",
    "fedora coreos",
    "talos",
    "azure linux",
    "cbl-mariner",
    "k3os",
];

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Node" {
        return;
    }
    let Some(os) = ctx
        .object
        .root
        .get_path(&["status", "nodeInfo", "osImage"])
        .and_then(Node::as_str)
    else {
        return;
    };
    out.relevant();
    let lower = os.to_ascii_lowercase();
    if !OPTIMIZED.iter().any(|o| lower.contains(o)) {
        out.fail(
            FieldPath::keys(&["status", "nodeInfo", "osImage"]),
            format!("node runs {os}, a general-purpose OS"),
        );
    }
}
