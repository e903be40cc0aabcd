use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC102",
        name: "privileged-containers",
        title: "Containers must not run privileged",
        severity: Severity::Critical,
        category: "pod-security",
        description: "Fails for every container, init container and ephemeral container whose `securityContext.privileged` is true (Pod Security Standards baseline, \"Privileged Containers\").",
        rationale: "A privileged container has every capability and every device of the host; escaping to the node is trivial.",
        remediation: "Remove `securityContext.privileged` or set it to false; grant only the specific capabilities the workload needs.",
        references: References {
            kubescape: &["C-0057"],
            cis: &["5.2.2"],
            nsa: &["Pod security: privileged containers"],
            mitre: &["T1611", "Privileged container"],
            pss: &["baseline:privileged"],
        },
        failing_example: "containers:\n- name: app\n  securityContext:\n    privileged: true\n",
        passing_example: "containers:\n- name: app\n  securityContext:\n    privileged: false\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        if c.sc("privileged").and_then(Node::as_bool) == Some(true) {
            out.fail(
                c.sc_path(&["privileged"]),
                format!("{} runs privileged", c.describe()),
            );
        }
    }
}
