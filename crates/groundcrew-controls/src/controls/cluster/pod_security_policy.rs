use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC602",
        name: "pod-security-policy-permissive",
        title: "PodSecurityPolicies must not admit privileged pods",
        severity: Severity::High,
        category: "cluster",
        description: "For clusters still on PodSecurityPolicy (removed in Kubernetes 1.25; see GC501): fails for every PodSecurityPolicy that allows `privileged`, `hostPID`, `hostIPC` or `hostNetwork`; that does not set `allowPrivilegeEscalation: false` (it defaults to true); whose `runAsUser.rule` is `RunAsAny`, or `MustRunAs` with a range that includes UID 0; that lists `allowedCapabilities`; or that has no `requiredDropCapabilities`. Each finding carries the CIS 5.2 Kubescape ID of its field.",
        rationale: "A PodSecurityPolicy is the admission rule of every pod that may use it: one permissive policy lets any user who can create pods and `use` it run them privileged.",
        remediation: "Tighten the policy (privileged and host namespaces false, `allowPrivilegeEscalation: false`, `runAsUser.rule: MustRunAsNonRoot`, `requiredDropCapabilities: [ALL]`), then migrate to Pod Security admission.",
        references: References {
            kubescape: &[
                "C-0213", "C-0214", "C-0215", "C-0216", "C-0217", "C-0218", "C-0219", "C-0220",
            ],
            cis: &[
                "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8", "5.2.9",
            ],
            nsa: &["Pod security: admission"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: permissive\nspec:\n  privileged: true\n  runAsUser: {rule: RunAsAny}\n",
        passing_example: "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\nspec:\n  privileged: false\n  allowPrivilegeEscalation: false\n  requiredDropCapabilities: [ALL]\n  runAsUser: {rule: MustRunAsNonRoot}\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "PodSecurityPolicy" {
        return;
    }
    out.relevant();
    let Some(spec) = ctx.object.root.get("spec") else {
        return;
    };
    let path = |k: &str| FieldPath::keys(&["spec", k]);
    let flags: [(&str, &'static [&'static str]); 4] = [
        ("privileged", &["C-0213"]),
        ("hostPID", &["C-0214"]),
        ("hostIPC", &["C-0215"]),
        ("hostNetwork", &["C-0216"]),
    ];
    for (field, ids) in flags {
        if spec.get(field).and_then(Node::as_bool) == Some(true) {
            out.fail_as(ids, path(field), format!("policy allows {field}"));
        }
    }
    if spec.get("allowPrivilegeEscalation").and_then(Node::as_bool) != Some(false) {
        out.fail_as(
            &["C-0217"],
            path("allowPrivilegeEscalation"),
            "policy allows privilege escalation (allowPrivilegeEscalation is not false)",
        );
    }
    let run_as = spec.get("runAsUser");
    let rule = run_as.and_then(|r| r.get("rule")).and_then(Node::as_str);
    let root_allowed = match rule {
        Some("MustRunAsNonRoot") => false,
        Some("MustRunAs") => run_as
            .and_then(|r| r.get("ranges"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|r| r.get("min").and_then(Node::as_i64).is_some_and(|m| m <= 0)),
        _ => true,
    };
    if root_allowed {
        out.fail_as(
            &["C-0218"],
            FieldPath::keys(&["spec", "runAsUser", "rule"]),
            format!(
                "policy lets containers run as root (runAsUser rule {})",
                rule.unwrap_or("unset")
            ),
        );
    }
    if spec
        .get("allowedCapabilities")
        .is_some_and(|c| !c.items().is_empty())
    {
        out.fail_as(
            &["C-0219"],
            path("allowedCapabilities"),
            "policy allows adding capabilities",
        );
    }
    if spec
        .get("requiredDropCapabilities")
        .is_none_or(|c| c.items().is_empty())
    {
        out.fail_as(
            &["C-0220"],
            path("requiredDropCapabilities"),
            "policy requires no capabilities to be dropped",
        );
    }
}
