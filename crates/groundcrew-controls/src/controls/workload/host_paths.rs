//! Helpers shared by the hostPath controls.

use groundcrew_inventory::PodTemplate;
use groundcrew_yaml::Node;

/// hostPath volumes of a pod: (volume index, volume name, host path).
pub(crate) fn host_path_volumes<'a>(
    pod: &PodTemplate<'a>,
) -> impl Iterator<Item = (usize, &'a str, &'a str)> {
    pod.volumes().filter_map(|(i, v)| {
        let hp = v.get("hostPath")?;
        let path = hp.get("path").and_then(Node::as_str)?;
        let name = v.get("name").and_then(Node::as_str).unwrap_or("");
        Some((i, name, path))
    })
}

/// `/var/run/` → `/var/run`; `/` stays.
pub(crate) fn normalize(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() { "/" } else { t }
}
