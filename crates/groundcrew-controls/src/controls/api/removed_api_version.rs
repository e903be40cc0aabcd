use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, KubeVersion, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC501",
        name: "removed-api-version",
        title: "Objects must use API versions the target Kubernetes version serves",
        severity: Severity::High,
        category: "api",
        description: "Fails for every object whose `apiVersion` and `kind` were removed from Kubernetes at or before the target version (`--kube-version`, `kubernetesVersion:`, default 1.35), following the Kubernetes deprecated API migration guide: for example `extensions/v1beta1` and `apps/v1beta1` workloads (removed in 1.16), `networking.k8s.io/v1beta1` Ingress and `rbac.authorization.k8s.io/v1beta1` (1.22), `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget and PodSecurityPolicy (1.25), `autoscaling/v2beta2` HorizontalPodAutoscaler (1.26), `flowcontrol.apiserver.k8s.io/v1beta3` (1.32).",
        rationale: "The API server rejects such objects: the deployment fails, or — worse — a security object (a PodSecurityPolicy, a NetworkPolicy) silently never exists, and the scan of its intent means nothing.",
        remediation: "Migrate the manifest to the replacement API version named in the finding (`kubectl convert` helps).",
        references: References::NONE,
        failing_example: "apiVersion: batch/v1beta1\nkind: CronJob\n",
        passing_example: "apiVersion: batch/v1\nkind: CronJob\n",
    },
    check: Check::Object(check),
    requires: None,
};

/// (apiVersion, kind or `*`, removed in 1.x, replacement)
const REMOVED: &[(&str, &str, u32, &str)] = &[
    ("extensions/v1beta1", "Deployment", 16, "apps/v1"),
    ("extensions/v1beta1", "DaemonSet", 16, "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet", 16, "apps/v1"),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        16,
        "networking.k8s.io/v1",
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        16,
        "policy/v1beta1 (itself removed in 1.25)",
    ),
    ("extensions/v1beta1", "Ingress", 22, "networking.k8s.io/v1"),
    ("apps/v1beta1", "*", 16, "apps/v1"),
    ("apps/v1beta2", "*", 16, "apps/v1"),
    ("networking.k8s.io/v1beta1", "*", 22, "networking.k8s.io/v1"),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "*",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "*",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "*",
        22,
        "apiextensions.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        22,
        "admissionregistration.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        22,
        "admissionregistration.k8s.io/v1",
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        "*",
        22,
        "apiregistration.k8s.io/v1",
    ),
    (
        "authentication.k8s.io/v1beta1",
        "*",
        22,
        "authentication.k8s.io/v1",
    ),
    (
        "authorization.k8s.io/v1beta1",
        "*",
        22,
        "authorization.k8s.io/v1",
    ),
    (
        "certificates.k8s.io/v1beta1",
        "*",
        22,
        "certificates.k8s.io/v1",
    ),
    (
        "coordination.k8s.io/v1beta1",
        "*",
        22,
        "coordination.k8s.io/v1",
    ),
    ("scheduling.k8s.io/v1beta1", "*", 22, "scheduling.k8s.io/v1"),
    (
        "scheduling.k8s.io/v1alpha1",
        "*",
        22,
        "scheduling.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        22,
        "storage.k8s.io/v1",
    ),
    ("storage.k8s.io/v1beta1", "CSINode", 22, "storage.k8s.io/v1"),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        22,
        "storage.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        22,
        "storage.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        27,
        "storage.k8s.io/v1",
    ),
    ("batch/v1beta1", "CronJob", 25, "batch/v1"),
    ("batch/v2alpha1", "CronJob", 21, "batch/v1"),
    (
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        25,
        "discovery.k8s.io/v1",
    ),
    ("events.k8s.io/v1beta1", "Event", 25, "events.k8s.io/v1"),
    (
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        25,
        "autoscaling/v2",
    ),
    (
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        26,
        "autoscaling/v2",
    ),
    ("policy/v1beta1", "PodDisruptionBudget", 25, "policy/v1"),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        25,
        "Pod Security Admission (namespace labels)",
    ),
    ("node.k8s.io/v1beta1", "RuntimeClass", 25, "node.k8s.io/v1"),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "*",
        26,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        29,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "*",
        32,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

/// The release that removed `api_version`/`kind`, and its replacement.
pub fn removed_in(api_version: &str, kind: &str) -> Option<(KubeVersion, &'static str)> {
    REMOVED
        .iter()
        .find(|(a, k, _, _)| *a == api_version && (*k == "*" || *k == kind))
        .map(|(_, _, minor, to)| {
            (
                KubeVersion {
                    major: 1,
                    minor: *minor,
                },
                *to,
            )
        })
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    out.relevant();
    let id = &ctx.object.id;
    let Some((removed, replacement)) = removed_in(&id.api_version, &id.kind) else {
        return;
    };
    if ctx.inputs.kube_version >= removed {
        out.fail(
            FieldPath::keys(&["apiVersion"]),
            format!(
                "{} {} was removed in Kubernetes {removed} (target {}); use {replacement}",
                id.api_version, id.kind, ctx.inputs.kube_version
            ),
        );
    }
}
