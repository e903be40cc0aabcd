use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC101",
        name: "host-namespaces",
        title: "Pods must not share the host's network, PID or IPC namespace",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails when the pod spec sets `hostNetwork`, `hostPID` or `hostIPC` to true (Pod Security Standards baseline, \"Host Namespaces\").",
        rationale: "Sharing the host's namespaces lets a container see and signal every process on the node, sniff node traffic and reach services bound to the node's loopback interface — a short step to node compromise.",
        remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec, or set them to false.",
        references: References {
            kubescape: &[],
            cis: &["5.2.3", "5.2.4", "5.2.5"],
            nsa: &["Pod security: non-root, immutable containers; namespaces"],
            mitre: &["T1611"],
            pss: &["baseline:hostNamespaces"],
        },
        failing_example: "spec:\n  hostPID: true\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
        passing_example: "spec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for field in ["hostNetwork", "hostPID", "hostIPC"] {
        if pod.spec.get(field).and_then(Node::as_bool) == Some(true) {
            out.fail(
                pod.spec_path.key(field),
                format!("pod shares the host's namespace: {field} is true"),
            );
        }
    }
}
