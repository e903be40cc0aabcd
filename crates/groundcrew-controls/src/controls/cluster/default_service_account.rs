use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC604",
        name: "default-service-account-used",
        title: "Default service accounts should not be used",
        severity: Severity::Medium,
        category: "cluster",
        description: "Fails for every ServiceAccount named `default` that does not set `automountServiceAccountToken: false` (CIS 5.1.5). The `default` ServiceAccount is created by Kubernetes in every namespace; when the input does not include it, nothing is decided here. Roles granted to a `default` ServiceAccount are GC1123's.",
        rationale: "Every pod that names no service account runs as `default`; permissions granted to it, and its automatically mounted token, go to all of them, including pods an attacker manages to create.",
        remediation: "Set `automountServiceAccountToken: false` on each namespace's `default` ServiceAccount, give workloads dedicated service accounts, and bind roles to those.",
        references: References {
            kubescape: &["C-0189", "C-0225"],
            cis: &["5.1.5"],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\n",
        passing_example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\nautomountServiceAccountToken: false\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let root = &ctx.object.root;
    match &*ctx.object.id.kind {
        "ServiceAccount" if &*ctx.object.id.name == "default" => {
            out.relevant();
            if root
                .get("automountServiceAccountToken")
                .and_then(Node::as_bool)
                != Some(false)
            {
                out.fail(
                    FieldPath::keys(&["automountServiceAccountToken"]),
                    "the default ServiceAccount does not disable token automounting",
                );
            }
        }
        _ => {}
    }
}
