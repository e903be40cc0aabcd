//! What a workload's pod template gives an attacker who runs code in it: the facts that may
//! hand over the node (privileged containers, host namespaces, hostPath volumes, added
//! capabilities) and traits that make initial access likelier. Kept on the workload's record
//! for the attack-path analysis. Which host paths and capabilities really hand over the node
//! is the controls' configuration (`sensitiveHostPaths`, `runtimeSockets`), decided there.

use std::sync::Arc;

use groundcrew_yaml::{Node, Pos};

use crate::intern::intern;
use crate::workload::PodTemplate;

/// What kind of escape fact it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscapeKind {
    /// A privileged container or a shared host namespace: always a way onto the node.
    Always,
    /// A hostPath volume (the path as written).
    HostPath(Arc<str>),
    /// A capability a container adds (upper case, without `CAP_`).
    Capability(Arc<str>),
}

/// A fact that may give the workload's pods the node, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapeFact {
    pub kind: EscapeKind,
    pub reason: Arc<str>,
    /// Field path, e.g. `spec.template.spec.hostPID`.
    pub path: Arc<str>,
    pub pos: Pos,
}

/// Switches (bare or `=true`) that turn authentication off in common dashboards.
const AUTH_OFF_SWITCHES: [&str; 3] = [
    "--enable-skip-login",
    "--enable-insecure-login",
    "--disable-auth",
];

/// Arguments (exactly) that turn authentication off: Argo's server mode, Jupyter's token.
const AUTH_OFF_VALUES: [&str; 5] = [
    "--auth-mode=none",
    "--NotebookApp.token=",
    "--ServerApp.token=",
    "--NotebookApp.token=''",
    "--ServerApp.token=''",
];

/// The authentication-disabling flag `arg` is, if any.
fn auth_off(arg: &str) -> Option<&str> {
    let switch = AUTH_OFF_SWITCHES
        .iter()
        .find(|f| arg == **f || arg.strip_prefix(**f) == Some("=true"));
    switch
        .or_else(|| AUTH_OFF_VALUES.iter().find(|v| arg == **v))
        .copied()
}

/// The ways out of the container and the access traits of a pod template.
pub fn escape_facts(pod: &PodTemplate<'_>, root: &Node) -> (Vec<EscapeFact>, Vec<Arc<str>>) {
    let mut escapes = Vec::new();
    let mut fact = |kind: EscapeKind, reason: String, path: groundcrew_yaml::FieldPath| {
        let (pos, _) = path.locate(root);
        escapes.push(EscapeFact {
            kind,
            reason: intern(&reason),
            path: intern(&path.text()),
            pos,
        });
    };
    for (key, what) in [
        ("hostPID", "shares the host's process namespace (hostPID)"),
        ("hostIPC", "shares the host's IPC namespace (hostIPC)"),
        ("hostNetwork", "uses the host network (hostNetwork)"),
    ] {
        if pod.spec.get(key).and_then(Node::as_bool) == Some(true) {
            fact(EscapeKind::Always, what.to_string(), pod.spec_path.key(key));
        }
    }
    for (i, v) in pod.volumes() {
        if let Some(path) = v.get_path(&["hostPath", "path"]).and_then(Node::as_str) {
            fact(
                EscapeKind::HostPath(intern(path)),
                format!("mounts the host path {path}"),
                pod.volume_path(i).key("hostPath"),
            );
        }
    }
    let mut traits: Vec<Arc<str>> = Vec::new();
    let mut root_fs_writable = false;
    let pod_non_root = pod.sc("runAsNonRoot").and_then(Node::as_bool) == Some(true);
    let mut may_run_as_root = false;
    for c in &pod.containers {
        if c.sc("privileged").and_then(Node::as_bool) == Some(true) {
            fact(
                EscapeKind::Always,
                format!("{} is privileged", c.describe()),
                c.sc_path(&["privileged"]),
            );
        }
        let added = c
            .sc("capabilities")
            .and_then(|caps| caps.get("add"))
            .map(Node::items)
            .unwrap_or(&[]);
        for cap in added.iter().filter_map(Node::as_str) {
            let name = cap.trim_start_matches("CAP_").to_ascii_uppercase();
            fact(
                EscapeKind::Capability(intern(&name)),
                format!("{} adds the capability {name}", c.describe()),
                c.sc_path(&["capabilities", "add"]),
            );
        }
        for field in ["command", "args"] {
            for arg in c
                .node
                .get(field)
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
            {
                if let Some(flag) = auth_off(arg) {
                    traits.push(intern(&format!("{} runs with {flag}", c.describe())));
                }
            }
        }
        if c.kind == crate::ContainerKind::Container {
            root_fs_writable |=
                c.sc("readOnlyRootFilesystem").and_then(Node::as_bool) != Some(true);
            let non_root = c
                .sc("runAsNonRoot")
                .and_then(Node::as_bool)
                .unwrap_or(pod_non_root);
            let uid = c
                .sc("runAsUser")
                .or_else(|| pod.sc("runAsUser"))
                .and_then(Node::as_i64);
            may_run_as_root |= !non_root && uid.is_none_or(|u| u == 0);
        }
    }
    if may_run_as_root {
        traits.push(intern("may run as root"));
    }
    if root_fs_writable {
        traits.push(intern("writable root filesystem"));
    }
    (escapes, traits)
}

/// Whether the pods are pinned to particular nodes (`nodeName`, `nodeSelector` or node
/// affinity).
pub fn pinned(pod: &PodTemplate<'_>) -> bool {
    pod.spec.get("nodeName").and_then(Node::as_str).is_some()
        || pod
            .spec
            .get("nodeSelector")
            .and_then(Node::as_map)
            .is_some_and(|m| !m.is_empty())
        || pod.spec.get_path(&["affinity", "nodeAffinity"]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_flags() {
        assert_eq!(auth_off("--enable-skip-login"), Some("--enable-skip-login"));
        assert_eq!(
            auth_off("--enable-skip-login=true"),
            Some("--enable-skip-login")
        );
        assert_eq!(auth_off("--enable-skip-login=false"), None);
        assert_eq!(auth_off("--auth-mode=none"), Some("--auth-mode=none"));
        assert_eq!(auth_off("--auth-mode=sso"), None);
    }
}
