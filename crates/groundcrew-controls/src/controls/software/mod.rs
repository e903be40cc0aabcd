//! Known-vulnerable and end-of-life software (GC35x), recognised by image repository and
//! tag: the CVEs Kubescape checks from manifests. Tags that are not versions (`latest`,
//! digests only) are not decided.

pub mod argocd_cve_2022_24348;
pub mod grafana_cve_2022_39328;
pub mod ingress_nginx_end_of_life;
pub mod kyverno_cve_2022_47633;

use groundcrew_yaml::Node;

use crate::controls::node::version;
use crate::controls::workload;
use crate::{ObjectCtx, Report};

/// The repository path without registry host: `quay.io/argoproj/argocd:v2.2.1` →
/// `argoproj/argocd`; and the tag.
fn repository_and_tag(image: &str) -> (&str, Option<&str>) {
    let image = image.split('@').next().unwrap_or(image);
    let slash = image.rfind('/').map_or(0, |p| p + 1);
    let (repo, tag) = match image[slash..].find(':') {
        Some(c) => (&image[..slash + c], Some(&image[slash + c + 1..])),
        None => (image, None),
    };
    // Drop a registry host (it has a dot or a port, or is localhost).
    let repo = match repo.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            rest
        }
        _ => repo,
    };
    (repo, tag)
}

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
        let Some(image) = c.node.get("image").and_then(Node::as_str) else {
            continue;
        };
        let (repo, tag) = repository_and_tag(image);
        if !repositories
            .iter()
            .any(|r| repo == *r || repo.ends_with(&format!("/{r}")))
        {
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
    use super::repository_and_tag;

    #[test]
    fn repositories() {
        assert_eq!(
            repository_and_tag("quay.io/argoproj/argocd:v2.2.1"),
            ("argoproj/argocd", Some("v2.2.1"))
        );
        assert_eq!(
            repository_and_tag("grafana/grafana:9.2.3"),
            ("grafana/grafana", Some("9.2.3"))
        );
        assert_eq!(
            repository_and_tag("registry.local:5000/ingress-nginx/controller:v1.9.4@sha256:ab"),
            ("ingress-nginx/controller", Some("v1.9.4"))
        );
        assert_eq!(repository_and_tag("grafana"), ("grafana", None));
    }
}
