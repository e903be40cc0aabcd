use groundcrew_findings::{ControlMeta, References, Severity};

use super::host_paths::{host_path_volumes, normalize};
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC311",
        name: "sensitive-host-path",
        title: "Sensitive host directories must not be mounted",
        severity: Severity::Critical,
        category: "workload",
        description: "Fails for every hostPath volume whose path is one of the `sensitiveHostPaths` input (default: /, /boot, /dev, /etc, /home, /proc, /root, /run, /sys, /var/lib/containerd, /var/lib/docker, /var/lib/etcd, /var/lib/kubelet, /var/log, /var/run) or lies below one of them; `/` matches only itself.",
        rationale: "These paths hold the node's credentials, kubelet and runtime state, kernel interfaces and logs of every pod: mounting them is a node escape in all but name.",
        remediation: "Remove the volume; collect logs and metrics through an agent with a narrowly scoped, read-only mount.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "volumes:\n- name: etc\n  hostPath:\n    path: /etc\n",
        passing_example: "volumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

pub(crate) fn is_sensitive(path: &str, sensitive: &[String]) -> bool {
    let p = normalize(path);
    sensitive.iter().any(|s| {
        let s = normalize(s);
        p == s || (s != "/" && p.starts_with(s) && p.as_bytes().get(s.len()) == Some(&b'/'))
    })
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for (i, name, path) in host_path_volumes(pod) {
        if is_sensitive(path, &ctx.inputs.sensitive_host_paths) {
            out.fail(
                pod.volume_path(i).join(&["hostPath", "path"]),
                format!("volume \"{name}\" mounts sensitive host path {path}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_sensitive;

    #[test]
    fn prefixes_match_whole_components() {
        let s = vec!["/".to_string(), "/etc".to_string()];
        assert!(is_sensitive("/", &s));
        assert!(is_sensitive("/etc/", &s));
        assert!(is_sensitive("/etc/kubernetes", &s));
        assert!(!is_sensitive("/etcd-data", &s));
        assert!(!is_sensitive("/data", &s));
    }
}
