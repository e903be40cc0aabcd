use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC606",
        name: "kube-proxy-metrics-bind-address",
        title: "kube-proxy metrics should listen on loopback only",
        severity: Severity::Low,
        category: "cluster",
        description: "Fails when the `kube-proxy` ConfigMap of `kube-system` (kubeadm's layout: a KubeProxyConfiguration in `data[\"config.conf\"]`) sets `metricsBindAddress` to an address other than loopback (`127.0.0.1`, `::1`, `localhost`), including `0.0.0.0`.",
        rationale: "The metrics endpoint reveals the cluster's Services and endpoints to anyone on the node network.",
        remediation: "Set `metricsBindAddress: 127.0.0.1:10249` in the kube-proxy configuration.",
        references: References {
            kubescape: &["C-0291"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: ConfigMap\nmetadata: {name: kube-proxy, namespace: kube-system}\ndata:\n  config.conf: |\n    metricsBindAddress: 0.0.0.0:10249\n",
        passing_example: "kind: ConfigMap\nmetadata: {name: kube-proxy, namespace: kube-system}\ndata:\n  config.conf: |\n    metricsBindAddress: 127.0.0.1:10249\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn loopback(address: &str) -> bool {
    let host = match address.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => address,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let id = &ctx.object.id;
    if &*id.kind != "ConfigMap"
        || &*id.name != "kube-proxy"
        || id.namespace.as_deref() != Some("kube-system")
    {
        return;
    }
    let Some(config) = ctx
        .object
        .root
        .get_path(&["data", "config.conf"])
        .and_then(Node::as_str)
    else {
        return;
    };
    out.relevant();
    let setting = config.lines().find_map(|l| {
        l.trim()
            .strip_prefix("metricsBindAddress:")
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\''))
    });
    match setting {
        Some(address) if !address.is_empty() && loopback(address) => {}
        Some(address) if !address.is_empty() => out.fail(
            FieldPath::keys(&["data", "config.conf"]),
            format!("kube-proxy serves metrics on {address}"),
        ),
        // Unset or empty: kube-proxy's default is 127.0.0.1:10249.
        _ => {}
    }
}
