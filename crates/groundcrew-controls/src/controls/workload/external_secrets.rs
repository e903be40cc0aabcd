use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC335",
        name: "external-secret-store",
        title: "Workloads that use Secrets should take them from an external store (for review)",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every workload that reads a Kubernetes Secret (a `secret` volume, `secretKeyRef` or `secretRef`) and mounts no Secrets Store CSI volume (`csi.volumeAttributes.secretProviderClass`). Unlike Kubescape's C-0234, workloads that use no Secret at all pass. Not in the default selection (use `--control GC335`).",
        rationale: "Secrets kept only in Kubernetes are base64 in etcd and in every backup; an external store adds rotation, audit and access control of its own.",
        remediation: "Serve the secret through the Secrets Store CSI driver (AWS Secrets Manager, Azure Key Vault, GCP Secret Manager, Vault) or External Secrets Operator.",
        references: References {
            kubescape: &["C-0234"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "volumes:\n- name: db\n  secret: {secretName: db}\n",
        passing_example: "volumes:\n- name: db\n  csi:\n    driver: secrets-store.csi.k8s.io\n    volumeAttributes: {secretProviderClass: db}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let csi = pod.volumes().any(|(_, v)| {
        v.get_path(&["csi", "volumeAttributes", "secretProviderClass"])
            .is_some()
    });
    if csi {
        return;
    }
    let volume = pod.volumes().find(|(_, v)| v.get("secret").is_some());
    let env = pod.containers.iter().any(|c| {
        c.node
            .get("env")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|e| e.get_path(&["valueFrom", "secretKeyRef"]).is_some())
            || c.node
                .get("envFrom")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .any(|e| e.get("secretRef").is_some())
    });
    if let Some((i, _)) = volume {
        out.fail(
            pod.volume_path(i),
            "reads a Kubernetes Secret, not an external store",
        );
    } else if env {
        out.fail(
            pod.spec_path.key("containers"),
            "reads a Kubernetes Secret into its environment, not from an external store",
        );
    }
}
