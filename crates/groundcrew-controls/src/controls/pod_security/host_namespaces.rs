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
            kubescape: &["C-0038", "C-0041", "C-0275", "C-0276"],
            cis: &["5.2.3", "5.2.4", "5.2.5"],
            nsa: &["Pod security: non-root, immutable containers; namespaces"],
            mitre: &["T1611"],
            pss: &["baseline:hostNamespaces"],
        },
        failing_example: "spec:\n  hostPID: true\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
        passing_example: "spec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    // Kubescape splits the three: C-0041 hostNetwork; C-0038 hostPID or hostIPC, and the
    // CIS-numbered C-0275 (hostPID) and C-0276 (hostIPC).
    let fields: [(&str, &'static [&'static str]); 3] = [
        ("hostNetwork", &["C-0041"]),
        ("hostPID", &["C-0038", "C-0275"]),
        ("hostIPC", &["C-0038", "C-0276"]),
    ];
    for (field, kubescape) in fields {
        if pod.spec.get(field).and_then(Node::as_bool) == Some(true) {
            out.fail_as(
                kubescape,
                pod.spec_path.key(field),
                format!("pod shares the host's namespace: {field} is true"),
            );
        }
    }
}
