use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ControlInputs, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC314",
        name: "credentials-in-configuration",
        title: "Credentials must not be written into environment variables or ConfigMaps",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every container `env` entry with a literal `value`, and every ConfigMap `data` entry, whose name contains a sensitive key name (`sensitiveKeyNames` input: password, secret, token, api_key, private_key, credential...) and whose value is not empty, or whose value matches a sensitive value pattern (`sensitiveValues` input: private key blocks, AWS/Google/GitHub/GitLab/Slack/Stripe keys, JWTs). Values taken with `valueFrom.secretKeyRef` pass, and so do values that are an absolute file path (`DB_PASSWORD_FILE=/var/run/secrets/db/password` names where the credential is; the name rule does not apply). Names in `sensitiveKeyNamesAllowed` and values in `sensitiveValuesAllowed` are never reported. Findings never repeat the value.",
        rationale: "Manifests and ConfigMaps are read by many (CI logs, Git history, anyone with `get configmaps`); a credential there is a credential leaked.",
        remediation: "Move the value to a Secret (ideally from an external secret store) and reference it with `valueFrom.secretKeyRef` or a secret volume.",
        references: References {
            kubescape: &["C-0012", "C-0259"],
            cis: &["5.4.1"],
            nsa: &["Secrets"],
            mitre: &[
                "T1552.007",
                "Application credentials in configuration files",
            ],
            pss: &[],
        },
        failing_example: "env:\n- name: DB_PASSWORD\n  value: hunter2\n",
        passing_example: "env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n",
    },
    check: Check::Object(check),
    requires: None,
};

/// Why a (name, value) pair is a credential, if it is one.
/// An absolute file path, one word.
fn is_file_path(value: &str) -> bool {
    value.starts_with('/') && value.len() > 1 && !value.contains(char::is_whitespace)
}

fn credential_reason(name: &str, value: &str, inputs: &ControlInputs) -> Option<&'static str> {
    if value.is_empty() || inputs.sensitive_values_allowed.iter().any(|v| v == value) {
        return None;
    }
    if inputs.value_is_sensitive(value) {
        return Some("its value looks like a credential");
    }
    // `DB_PASSWORD_FILE=/run/secrets/db/password`: the name says where the credential is,
    // the value is a path, not the credential.
    if is_file_path(value) {
        return None;
    }
    let allowed = inputs
        .sensitive_key_names_allowed
        .iter()
        .any(|a| a.eq_ignore_ascii_case(name));
    if !allowed && inputs.name_is_sensitive(name) {
        return Some("its name marks it as a credential");
    }
    None
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind == "ConfigMap" {
        out.relevant();
        let Some(data) = ctx.object.root.get("data").and_then(Node::as_map) else {
            return;
        };
        for (key, value) in data.iter() {
            let Some(v) = value.as_str() else { continue };
            if let Some(why) = credential_reason(key, v, ctx.inputs) {
                out.fail_as(
                    &["C-0012"],
                    FieldPath::keys(&["data"]).key(key),
                    format!("ConfigMap key \"{key}\" holds a credential: {why}"),
                );
            }
        }
        return;
    }
    let Some(pod) = ctx.pod.as_ref() else { return };
    out.relevant();
    for c in &pod.containers {
        let env = c.node.get("env").map(Node::items).unwrap_or(&[]);
        for (i, e) in env.iter().enumerate() {
            let name = e.get("name").and_then(Node::as_str).unwrap_or("");
            let Some(value) = e.get("value") else {
                continue;
            };
            if value.is_null() {
                continue;
            }
            let v = value.display_scalar();
            if let Some(why) = credential_reason(name, &v, ctx.inputs) {
                // Kubescape's C-0259 ("workload with credential access") is this env case.
                out.fail_as(
                    &["C-0012", "C-0259"],
                    c.path.key("env").index(i).key("value"),
                    format!(
                        "{} sets environment variable {name} to a literal credential: {why}",
                        c.describe()
                    ),
                );
            }
        }
    }
}
