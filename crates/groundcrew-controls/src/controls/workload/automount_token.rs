use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC306",
        name: "service-account-token-automount",
        title: "Service account tokens should be mounted only where needed",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every workload whose pod spec sets `automountServiceAccountToken: true`, or leaves it unset while its ServiceAccount (`serviceAccountName`, `default` when unset) does not set `automountServiceAccountToken: false` — including when that ServiceAccount is not in the input, since Kubernetes then mounts the token by default. A pod-level setting overrides the ServiceAccount's.",
        rationale: "A mounted token is a credential for the API server inside every container: whoever gets code execution in the pod acts with the service account's permissions.",
        remediation: "Set `automountServiceAccountToken: false` on the pod spec (or on the ServiceAccount), and mount a projected token only in workloads that call the API.",
        references: References {
            kubescape: &["C-0034", "C-0190"],
            cis: &["5.1.6"],
            nsa: &["Authentication: service account tokens"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "spec:\n  serviceAccountName: web\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
        passing_example: "spec:\n  serviceAccountName: web\n  automountServiceAccountToken: false\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.records().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let message = match w.automount {
            Some(false) => {
                out.relevant(i as u32);
                continue;
            }
            Some(true) => "pod spec sets automountServiceAccountToken: true".to_string(),
            None => {
                let sa = inventory.find(
                    record.id.namespace.as_deref(),
                    "ServiceAccount",
                    &w.service_account,
                );
                match sa.map(|s| &s.facts) {
                    Some(Facts::ServiceAccount {
                        automount: Some(false),
                    }) => {
                        out.relevant(i as u32);
                        continue;
                    }
                    Some(_) => format!(
                        "the token of ServiceAccount \"{}\" is mounted: neither the pod spec nor the ServiceAccount disables automounting",
                        w.service_account
                    ),
                    None => format!(
                        "the token of ServiceAccount \"{}\" (not in the input) is mounted: the pod spec does not disable automounting",
                        w.service_account
                    ),
                }
            }
        };
        out.fail(
            i as u32,
            record,
            &w.automount_path,
            w.automount_pos,
            message,
        );
    }
}
