use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC706",
        name: "service-exposes-ssh",
        title: "Services should not expose SSH ports of workloads",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every workload that a Service with port 22 or 2222 selects (the Service side of GC316, which looks at container ports).",
        rationale: "An SSH daemon reachable through a Service is a way in that bypasses the API server's authentication and audit.",
        remediation: "Remove the SSH port from the Service and the SSH server from the image; use `kubectl exec` for debugging.",
        references: References {
            kubescape: &["C-0042"],
            cis: &[],
            nsa: &[],
            mitre: &["T1021.004"],
            pss: &[],
        },
        failing_example: "kind: Service\nspec:\n  selector: {app: bastion}\n  ports:\n  - {port: 22}\n",
        passing_example: "kind: Service\nspec:\n  selector: {app: bastion}\n  ports:\n  - {port: 443}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (_, service) in inventory.of_kind("Service") {
        let Facts::Service(s) = &service.facts else {
            continue;
        };
        let Some(selector) = &s.selector else {
            continue;
        };
        let Some(port) = s
            .service_ports
            .iter()
            .map(|p| p.port)
            .find(|p| matches!(p, 22 | 2222))
        else {
            continue;
        };
        for (w, record, facts) in inventory.workloads_in(service.id.namespace.as_deref()) {
            out.relevant(w);
            if selector.matches(&facts.pod_labels) {
                out.fail_object(
                    w,
                    record,
                    format!(
                        "Service {} exposes port {port} (SSH) of its pods",
                        service.id.name
                    ),
                );
            }
        }
    }
}
