use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC607",
        name: "admission-webhook-review",
        title: "Admission webhooks (for review)",
        severity: Severity::Low,
        category: "cluster",
        description: "Lists every ValidatingWebhookConfiguration (Kubescape C-0036) and MutatingWebhookConfiguration (C-0039), for review: each sees, and a mutating one can change, every object it matches. Not in the default selection: use `--control GC607` or `--framework mitre`.",
        rationale: "An attacker with rights to create webhooks can read every Secret as it is written or inject containers into every new pod (MITRE: persistence, credential access).",
        remediation: "Confirm each webhook is known and owned, its `rules` are as narrow as possible, and its service is in a protected namespace.",
        references: References {
            kubescape: &["C-0036", "C-0039"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: sidecar-injector\n",
        passing_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let (ids, what): (&'static [&'static str], &str) = match &*ctx.object.id.kind {
        "ValidatingWebhookConfiguration" => (&["C-0036"], "validates"),
        "MutatingWebhookConfiguration" => (&["C-0039"], "can change"),
        _ => return,
    };
    out.fail_as(
        ids,
        FieldPath::keys(&["webhooks"]),
        format!(
            "{} {what} the objects it matches: confirm it is expected",
            ctx.object.id.kind
        ),
    );
}
