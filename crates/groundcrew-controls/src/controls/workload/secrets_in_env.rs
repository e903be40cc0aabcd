use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC324",
        name: "secrets-in-env-vars",
        title: "Prefer Secrets mounted as files over environment variables",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every environment variable filled from a Secret (`env[].valueFrom.secretKeyRef`) and every `envFrom[].secretRef`, in containers, init containers and ephemeral containers.",
        rationale: "Environment variables leak: into crash dumps and logs, to every process of the container and its children, and to anyone who can read the pod through `kubectl describe` tooling. Files can be permission-restricted and are updated when the Secret rotates.",
        remediation: "Mount the Secret as a volume (`volumes[].secret`, read-only) and read the value from the file.",
        references: References {
            kubescape: &["C-0207"],
            cis: &["5.4.1"],
            nsa: &["Secrets"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n",
        passing_example: "containers:\n- name: app\n  volumeMounts:\n  - {name: db, mountPath: /var/run/secrets/db, readOnly: true}\nvolumes:\n- name: db\n  secret: {secretName: db}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        for (i, e) in c
            .node
            .get("env")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(secret) = e.get_path(&["valueFrom", "secretKeyRef"]) {
                let name = e.get("name").and_then(Node::as_str).unwrap_or("");
                let from = secret.get("name").and_then(Node::as_str).unwrap_or("");
                out.fail(
                    c.path
                        .key("env")
                        .index(i)
                        .join(&["valueFrom", "secretKeyRef"]),
                    format!(
                        "{} reads Secret \"{from}\" into environment variable {name}",
                        c.describe()
                    ),
                );
            }
        }
        for (i, e) in c
            .node
            .get("envFrom")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(secret) = e.get("secretRef") {
                let from = secret.get("name").and_then(Node::as_str).unwrap_or("");
                out.fail(
                    c.path.key("envFrom").index(i).key("secretRef"),
                    format!(
                        "{} loads every key of Secret \"{from}\" into its environment",
                        c.describe()
                    ),
                );
            }
        }
    }
}
