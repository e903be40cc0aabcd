use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use super::version;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC801",
        name: "outdated-kubelet",
        title: "Nodes must run a supported Kubernetes version",
        severity: Severity::High,
        category: "node",
        description: "Fails for every Node whose `status.nodeInfo.kubeletVersion` is older than the three minor releases the Kubernetes project supports, counted back from the target version (`--kube-version`, `kubernetesVersion` in the configuration; default 1.35): with 1.35, kubelets 1.33 and newer pass. Unlike Kubescape's C-0273, which compares against a list hard-coded in the rule, the window moves with the version you target.",
        rationale: "Unsupported releases get no security fixes: every kubelet CVE published after their end of life stays open on those nodes.",
        remediation: "Upgrade the node pool to a supported minor version (the kubelet may lag the API server by up to three minors).",
        references: References {
            kubescape: &["C-0273"],
            cis: &[],
            nsa: &["Upgrading and application security practices"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Node\nstatus:\n  nodeInfo:\n    kubeletVersion: v1.26.15\n",
        passing_example: "kind: Node\nstatus:\n  nodeInfo:\n    kubeletVersion: v1.34.2\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Node" {
        return;
    }
    let path = FieldPath::keys(&["status", "nodeInfo", "kubeletVersion"]);
    let Some(text) = ctx
        .object
        .root
        .get_path(&["status", "nodeInfo", "kubeletVersion"])
        .and_then(groundcrew_yaml::Node::as_str)
    else {
        return;
    };
    out.relevant();
    let target = ctx.inputs.kube_version;
    let oldest = u64::from(target.minor.saturating_sub(2));
    match version(text) {
        Some((1, minor, _)) if minor >= oldest => {}
        Some(_) => out.fail(
            path,
            format!(
                "kubelet {text} is out of support (supported with {}.{}: 1.{oldest} and newer)",
                target.major, target.minor
            ),
        ),
        None => out.fail(path, format!("kubelet version \"{text}\" cannot be read")),
    }
}
