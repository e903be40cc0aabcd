use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC303",
        name: "read-only-root-filesystem",
        title: "Containers should have a read-only root filesystem",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every container and init container whose `securityContext.readOnlyRootFilesystem` is not true.",
        rationale: "A writable root filesystem lets an intruder drop tools and persist changes inside the container.",
        remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the application must write.",
        references: References {
            kubescape: &["C-0017"],
            cis: &[],
            nsa: &["Pod security: immutable container filesystems"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  securityContext:\n    readOnlyRootFilesystem: true\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in super::resourced(pod) {
        if c.sc("readOnlyRootFilesystem").and_then(Node::as_bool) != Some(true) {
            out.fail(
                c.sc_path(&["readOnlyRootFilesystem"]),
                format!("{} has a writable root filesystem", c.describe()),
            );
        }
    }
}
