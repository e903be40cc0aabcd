use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC320",
        name: "deprecated-service-account-field",
        title: "Pod specs should use serviceAccountName, not serviceAccount",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every pod spec that sets the deprecated `serviceAccount` field.",
        rationale: "`serviceAccount` is a deprecated alias of `serviceAccountName`; when both are set and differ, tools disagree about which identity the pod runs as.",
        remediation: "Rename the field to `serviceAccountName`.",
        references: References {
            kubescape: &["C-0294"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "spec:\n  serviceAccount: web\n",
        passing_example: "spec:\n  serviceAccountName: web\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.spec.get("serviceAccount").is_some_and(|v| !v.is_null()) {
        out.fail(
            pod.spec_path.key("serviceAccount"),
            "pod spec uses the deprecated serviceAccount field",
        );
    }
}
