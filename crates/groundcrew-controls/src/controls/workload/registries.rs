//! Image registry matching shared by the allowed and untrusted registry controls.

/// The image reference with Docker Hub's implicit parts spelled out: `nginx` →
/// `docker.io/library/nginx`, `team/app:1` → `docker.io/team/app:1`.
pub(crate) fn qualified(image: &str) -> String {
    if registry_host(image).is_some() {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    }
}

/// The registry host an image reference starts with: a first path component with a dot or
/// a port, or `localhost` (`nginx` and `team/app` have none: they are on Docker Hub).
pub(crate) fn registry_host(image: &str) -> Option<&str> {
    let (first, _) = image.split_once('/')?;
    (first.contains('.') || first.contains(':') || first == "localhost").then_some(first)
}

/// Whether `image` comes from `entry` (a registry host, or a registry path prefix): the
/// qualified image equals the entry or continues it with `/`, `:` or `@`.
pub(crate) fn from_registry(image: &str, entry: &str) -> bool {
    let q = qualified(image);
    let e = entry.trim_end_matches('/');
    q == e
        || q.strip_prefix(e)
            .is_some_and(|rest| rest.starts_with(['/', ':', '@']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_prefixes() {
        assert_eq!(qualified("nginx:1"), "docker.io/library/nginx:1");
        assert!(from_registry("nginx", "docker.io"));
        assert!(from_registry(
            "registry.example.com/team/app:1",
            "registry.example.com/team"
        ));
        assert!(!from_registry(
            "registry.example.com.evil.io/app",
            "registry.example.com"
        ));
        assert!(!from_registry(
            "registry.example.com/teamx/app",
            "registry.example.com/team"
        ));
        assert!(from_registry("localhost:5000/app", "localhost:5000"));
    }
}
