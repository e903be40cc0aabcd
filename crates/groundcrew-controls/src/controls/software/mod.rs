//! Known-vulnerable and end-of-life software (GC35x), recognised by image repository and
//! tag: the CVEs Kubescape checks from manifests. Tags that are not versions (`latest`,
//! digests only) are not decided.

pub mod argocd_cve_2022_24348;
pub mod grafana_cve_2022_39328;
pub mod ingress_nginx_end_of_life;
pub mod kyverno_cve_2022_47633;

use crate::controls::node::version;
use crate::controls::workload;
use crate::controls::workload::{repository_path, split_image};
use crate::{ObjectCtx, Report};

/// Fails every container whose image repository ends with one of `repositories` and whose
/// tag is a version for which `vulnerable` holds.
pub(crate) fn check_image_versions(
    ctx: &ObjectCtx<'_>,
    out: &mut Report<'_>,
    repositories: &[&str],
    vulnerable: fn((u64, u64, u64)) -> bool,
    what: &str,
) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let Some(image) = c.image() else {
            continue;
        };
        let (_, tag, _) = split_image(image);
        let repo = repository_path(image);
        // `argoproj/argocd` matches `argoproj/argocd` and `mirror/argoproj/argocd`.
        let named = |r: &&str| {
            repo.strip_suffix(*r)
                .is_some_and(|before| before.is_empty() || before.ends_with('/'))
        };
        if !repositories.iter().any(named) {
            continue;
        }
        if tag.and_then(version).is_some_and(vulnerable) {
            out.fail(
                c.path.key("image"),
                format!("{} runs {image}: {what}", c.describe()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::controls::workload::{repository_path, split_image};

    #[test]
    fn repositories_and_tags() {
        assert_eq!(
            repository_path("quay.io/argoproj/argocd:v2.2.1"),
            "argoproj/argocd"
        );
        assert_eq!(repository_path("grafana/grafana:9.2.3"), "grafana/grafana");
        let controller = "registry.local:5000/ingress-nginx/controller:v1.9.4@sha256:ab";
        assert_eq!(repository_path(controller), "ingress-nginx/controller");
        assert_eq!(split_image(controller).1, Some("v1.9.4"));
        assert_eq!(repository_path("grafana"), "grafana");
        assert_eq!(split_image("grafana").1, None);
    }
}
