use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC328",
        name: "cronjob-review",
        title: "CronJobs (for review)",
        severity: Severity::Low,
        category: "workload",
        description: "Lists every CronJob, for review: scheduled jobs are a way to persist in a cluster (MITRE ATT&CK for containers T1053.007). Not in the default selection: use `--control GC328` or `--framework mitre`.",
        rationale: "An attacker who can create a CronJob gets code that runs again and again, even after the original foothold is cleaned up.",
        remediation: "Confirm each CronJob is known and owned; restrict who may create CronJobs with RBAC.",
        references: References {
            kubescape: &["C-0026"],
            cis: &[],
            nsa: &[],
            mitre: &["T1053.007"],
            pss: &[],
        },
        failing_example: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: miner\nspec:\n  schedule: \"*/5 * * * *\"\n",
        passing_example: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let kind = &*ctx.object.id.kind;
    if ctx.pod.is_none() {
        return;
    }
    out.relevant();
    if kind == "CronJob" {
        out.fail(
            groundcrew_yaml::FieldPath::keys(&["spec", "schedule"]),
            "CronJob runs on a schedule: confirm it is expected",
        );
    }
}
