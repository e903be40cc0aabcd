//! Nodes (GC8xx): the kubelet, container runtime and OS versions that `Node` objects report
//! in `status.nodeInfo` (present in `kubectl get nodes -o yaml` dumps).

pub mod container_optimized_os;
pub mod containerd_cve_2022_23648;
pub mod fargate_unused;
pub mod kubelet_cve_2021_25741;
pub mod outdated_kubelet;

/// `v1.29.3`, `1.29.3-eks-5e0fdde`, `containerd://1.6.21` → (1, 29, 3).
pub(crate) fn version(text: &str) -> Option<(u64, u64, u64)> {
    let text = text.rsplit("://").next().unwrap_or(text);
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = text.splitn(3, '.');
    let num = |p: Option<&str>| -> Option<u64> {
        let p = p?;
        let end = p.find(|c: char| !c.is_ascii_digit()).unwrap_or(p.len());
        p[..end].parse().ok()
    };
    let major = num(parts.next())?;
    let minor = num(parts.next())?;
    let patch = num(parts.next()).unwrap_or(0);
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::version;

    #[test]
    fn versions() {
        assert_eq!(version("v1.29.3"), Some((1, 29, 3)));
        assert_eq!(version("v1.27.4-eks-8ccc7ba"), Some((1, 27, 4)));
        assert_eq!(version("containerd://1.6.21"), Some((1, 6, 21)));
        assert_eq!(version("cri-o://1.30.2"), Some((1, 30, 2)));
        assert_eq!(version("docker://"), None);
        assert_eq!(version("1.22"), Some((1, 22, 0)));
    }
}
