//! Shared by the volume-access review controls (GC329–GC331).

use crate::controls::workload;
use crate::{ObjectCtx, Report};

/// Fails every volume of source `source` (`secret`, `persistentVolumeClaim`, `configMap`)
/// that some container mounts, naming what it gives access to.
pub(crate) fn check_volume_access(
    ctx: &ObjectCtx<'_>,
    out: &mut Report<'_>,
    source: &str,
    name_key: &str,
    noun: &str,
) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for (i, v) in pod.volumes() {
        let Some(src) = v.get(source) else {
            continue;
        };
        let name = src
            .get(name_key)
            .and_then(groundcrew_yaml::Node::as_str)
            .unwrap_or("");
        let volume = v
            .get("name")
            .and_then(groundcrew_yaml::Node::as_str)
            .unwrap_or("");
        let mounted = pod.containers.iter().any(|c| {
            c.node
                .get("volumeMounts")
                .map(groundcrew_yaml::Node::items)
                .unwrap_or(&[])
                .iter()
                .any(|m| m.get("name").and_then(groundcrew_yaml::Node::as_str) == Some(volume))
        });
        if mounted {
            out.fail(
                pod.volume_path(i).key(source),
                format!("pods mount {noun} \"{name}\""),
            );
        }
    }
}
