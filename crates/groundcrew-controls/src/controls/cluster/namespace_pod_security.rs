use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Inventory;

use crate::controls::network::SYSTEM_NAMESPACES;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC601",
        name: "namespace-pod-security-enforce",
        title: "Namespaces should enforce a Pod Security Standard",
        severity: Severity::Medium,
        category: "cluster",
        description: "Fails for every Namespace object whose `pod-security.kubernetes.io/enforce` label is missing or `privileged` (then nothing stops privileged, host-namespace, hostPath or hostPort pods), and for every one that enforces only `baseline` (then root containers, privilege escalation and added capabilities are still admitted). Namespaces the input only names, without a Namespace object, are not decided; `kube-system`, `kube-public` and `kube-node-lease` are skipped. Findings carry the CIS 5.2 Kubescape IDs that each gap matches; a namespace without enforcement also matches C-0192 when the input holds no admission webhook configuration that could enforce policy instead.",
        rationale: "Pod Security admission is the built-in guard that rejects dangerous pods before they run; without an enforce label a single manifest with `privileged: true` or `hostPID: true` is admitted.",
        remediation: "Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where workloads truly need it), after checking with `kubectl label --dry-run=server` which pods would be rejected.",
        references: References {
            kubescape: &[
                "C-0192", "C-0193", "C-0194", "C-0195", "C-0196", "C-0197", "C-0198", "C-0199",
                "C-0200", "C-0201", "C-0202", "C-0203", "C-0204",
            ],
            cis: &[
                "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8", "5.2.9",
                "5.2.10", "5.2.11", "5.2.12", "5.2.13",
            ],
            nsa: &["Pod security: admission"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing_example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

/// What only `restricted` stops: privilege escalation, root, added and kept capabilities.
const RESTRICTED: &[&str] = &["C-0197", "C-0198", "C-0200", "C-0201"];
/// No enforcement: the baseline gaps (privileged, host namespaces, NET_RAW, Windows
/// HostProcess, hostPath, hostPorts) and the restricted ones.
const NONE: &[&str] = &[
    "C-0193", "C-0194", "C-0195", "C-0196", "C-0199", "C-0202", "C-0203", "C-0204", "C-0197",
    "C-0198", "C-0200", "C-0201",
];
const NONE_NO_WEBHOOK: &[&str] = &[
    "C-0192", "C-0193", "C-0194", "C-0195", "C-0196", "C-0199", "C-0202", "C-0203", "C-0204",
    "C-0197", "C-0198", "C-0200", "C-0201",
];

const LABEL: &str = "pod-security.kubernetes.io/enforce";

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let webhooks = inventory
        .of_kind("ValidatingWebhookConfiguration")
        .chain(inventory.of_kind("MutatingWebhookConfiguration"))
        .next()
        .is_some();
    for (i, record) in inventory.of_kind("Namespace") {
        if SYSTEM_NAMESPACES.contains(&&*record.id.name) {
            continue;
        }
        out.relevant(i);
        let pos = record.pos();
        let path = "metadata.labels[pod-security.kubernetes.io/enforce]";
        match record.label(LABEL) {
            Some("restricted") => {}
            Some("baseline") => out.fail_as(
                RESTRICTED,
                i,
                record,
                path,
                pos,
                "enforces only baseline: root containers, privilege escalation and added capabilities are admitted",
            ),
            other => out.fail_as(
                if webhooks { NONE } else { NONE_NO_WEBHOOK },
                i,
                record,
                path,
                pos,
                match other {
                    Some(level) => format!("enforces \"{level}\": any pod is admitted"),
                    None => "has no pod-security.kubernetes.io/enforce label: any pod is admitted"
                        .to_string(),
                },
            ),
        }
    }
}
