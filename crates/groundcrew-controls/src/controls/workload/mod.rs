//! Workload hygiene (GC3xx): the checks Kubescape users expect beyond the Pod Security
//! Standards — resources, probes, images, service account tokens, host paths, credentials.

pub mod allowed_registries;
pub mod automount_token;
pub mod container_runtime_socket;
pub mod cpu_resources;
pub mod credentials;
pub mod cronjob_present;
pub mod default_namespace;
pub mod deprecated_registry;
pub mod deprecated_service_account;
pub mod duplicate_env;
pub mod external_secrets;
pub mod image_digest;
pub mod image_pull_policy;
pub mod image_tag;
pub mod insecure_capabilities;
pub mod k8s_common_labels;
pub mod linux_hardening;
pub mod liveness_probe;
pub mod may_run_as_root;
pub mod memory_resources;
pub mod naked_pods;
pub mod read_only_root_fs;
pub mod readiness_probe;
pub mod recommended_labels;
pub mod rolling_update;
pub mod secrets_in_env;
pub mod selector_mismatch;
pub mod sensitive_host_path;
pub mod ssh_port;
pub mod sudo;
pub mod untrusted_registries;
pub mod volume_configmap;
pub mod volume_pvc;
pub mod volume_secret;
pub mod writable_host_path;

mod host_paths;
mod quantity;
mod registries;
pub use quantity::parse_quantity;
mod resources;
mod volume_access;

use groundcrew_inventory::{ContainerKind, ContainerView, PodTemplate};
use groundcrew_yaml::Node;

/// Containers that run for the pod's life: regular containers and sidecars (init containers
/// with `restartPolicy: Always`).
pub(crate) fn long_running<'p, 'a>(
    pod: &'p PodTemplate<'a>,
) -> impl Iterator<Item = &'p ContainerView<'a>> {
    pod.containers.iter().filter(|c| match c.kind {
        ContainerKind::Container => true,
        ContainerKind::InitContainer => {
            c.node.get("restartPolicy").and_then(Node::as_str) == Some("Always")
        }
        ContainerKind::EphemeralContainer => false,
    })
}

/// Fails every long-running container of a long-running workload that lacks `probe`
/// (`livenessProbe`, `readinessProbe`).
pub(crate) fn require_probe(
    ctx: &crate::ObjectCtx<'_>,
    out: &mut crate::Report<'_>,
    probe: &str,
    noun: &str,
) {
    if is_batch(&ctx.object.id.kind) {
        return;
    }
    let Some(pod) = crate::controls::workload(ctx, out) else {
        return;
    };
    for c in long_running(pod) {
        if c.node.get(probe).is_none_or(|p| p.is_null()) {
            out.fail(c.path.key(probe), format!("{} has no {noun}", c.describe()));
        }
    }
}

/// Containers that can declare resources: regular and init containers.
pub(crate) fn resourced<'p, 'a>(
    pod: &'p PodTemplate<'a>,
) -> impl Iterator<Item = &'p ContainerView<'a>> {
    pod.containers
        .iter()
        .filter(|c| c.kind != ContainerKind::EphemeralContainer)
}

/// Kinds whose pods run to completion (probes make little sense for them).
pub(crate) fn is_batch(kind: &str) -> bool {
    matches!(kind, "Job" | "CronJob")
}

/// `image` split into (repository, tag, digest).
pub(crate) fn split_image(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[last_slash..].rfind(':') {
        Some(i) => (
            &rest[..last_slash + i],
            Some(&rest[last_slash + i + 1..]),
            digest,
        ),
        None => (rest, None, digest),
    }
}

/// The repository path of an image reference, without registry host, tag or digest:
/// `quay.io/argoproj/argocd:v2.2.1` → `argoproj/argocd`.
pub(crate) fn repository_path(image: &str) -> &str {
    let (repo, _, _) = split_image(image);
    match registries::registry_host(repo) {
        Some(host) => &repo[host.len() + 1..],
        None => repo,
    }
}

/// Fails a workload whose own labels and pod template labels include none of `wanted`.
pub(crate) fn require_one_label(
    ctx: &crate::ObjectCtx<'_>,
    out: &mut crate::Report<'_>,
    wanted: &[String],
) {
    let Some(pod) = crate::controls::workload(ctx, out) else {
        return;
    };
    let has = |key: &str| {
        ctx.object.labels().any(|(k, _)| k == key)
            || pod
                .metadata
                .and_then(|m| m.get("labels"))
                .and_then(Node::as_map)
                .is_some_and(|m| m.get(key).is_some())
    };
    if !wanted.iter().any(|l| has(l)) {
        out.fail(
            groundcrew_yaml::FieldPath::keys(&["metadata", "labels"]),
            format!(
                "{} has none of the labels {}",
                ctx.object.id.kind,
                wanted.join(", ")
            ),
        );
    }
}
