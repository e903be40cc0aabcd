use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC203",
        name: "run-as-non-root",
        title: "Containers must be required to run as non-root",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when `spec.securityContext.runAsNonRoot` is false, when a container sets `securityContext.runAsNonRoot: false`, or when a container leaves it unset and the pod does not set it to true (Pod Security Standards restricted, \"Running as Non-root\"). A container setting overrides the pod's.",
        rationale: "Root in a container is root on the node's kernel; a container escape or a writable host mount then has full power.",
        remediation: "Set `securityContext.runAsNonRoot: true` at pod level (and do not override it with false in a container), and build the image with a non-root USER.",
        references: References {
            kubescape: &[],
            cis: &["5.2.7"],
            nsa: &["Pod security: non-root containers"],
            mitre: &[],
            pss: &["restricted:runAsNonRoot"],
        },
        failing_example: "spec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
        passing_example: "spec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let pod_level = pod.sc("runAsNonRoot").and_then(Node::as_bool);
    if pod_level == Some(false) {
        out.fail(
            pod.sc_path(&["runAsNonRoot"]),
            "pod sets runAsNonRoot: false",
        );
    }
    for c in &pod.containers {
        match c.sc("runAsNonRoot").and_then(Node::as_bool) {
            Some(true) => {}
            Some(false) => out.fail(
                c.sc_path(&["runAsNonRoot"]),
                format!("{} sets runAsNonRoot: false", c.describe()),
            ),
            None if pod_level == Some(true) => {}
            None => out.fail(
                c.sc_path(&["runAsNonRoot"]),
                format!(
                    "{} may run as root: runAsNonRoot is set neither on it nor on the pod",
                    c.describe()
                ),
            ),
        }
    }
}
