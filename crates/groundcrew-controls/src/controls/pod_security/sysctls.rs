use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

/// Sysctls the baseline profile allows (namespaced and isolated from the host).
pub const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC111",
        name: "unsafe-sysctls",
        title: "Pods may set only safe sysctls",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails for every `spec.securityContext.sysctls[].name` outside the safe set: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem (Pod Security Standards baseline, \"Sysctls\").",
        rationale: "Unsafe sysctls are not isolated per pod: they change the kernel of the whole node, for every tenant.",
        remediation: "Remove the sysctl, or set it on the node with a reviewed configuration.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &["baseline:sysctls"],
        },
        failing_example: "securityContext:\n  sysctls:\n  - name: kernel.msgmax\n    value: \"65536\"\n",
        passing_example: "securityContext:\n  sysctls:\n  - name: net.ipv4.tcp_syncookies\n    value: \"1\"\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let sysctls = pod.sc("sysctls").map(Node::items).unwrap_or(&[]);
    for (i, s) in sysctls.iter().enumerate() {
        let name = s.get("name").map(Node::display_scalar).unwrap_or_default();
        if !SAFE_SYSCTLS.contains(&&*name) {
            out.fail(
                pod.sc_path(&["sysctls"]).index(i).key("name"),
                format!("pod sets unsafe sysctl {name}"),
            );
        }
    }
}
