use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC402",
        name: "ingress-missing-service",
        title: "Ingress backends must name existing Services",
        severity: Severity::Medium,
        category: "references",
        description: "Fails for every Ingress backend (`spec.defaultBackend`, the older `spec.backend`, and every `spec.rules[].http.paths[].backend`) whose Service is not in the Ingress's namespace in the input.",
        rationale: "A dangling backend serves errors; worse, whoever later creates a Service of that name receives the Ingress's public traffic.",
        remediation: "Point the backend at the right Service, or create it.",
        references: References {
            kubescape: &["C-0298"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Ingress\nspec:\n  defaultBackend:\n    service: {name: missing, port: {number: 80}}\n",
        passing_example: "kind: Ingress\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}   # Service web exists\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("Ingress") {
        let Facts::Ingress(ingress) = &record.facts else {
            continue;
        };
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        for b in &ingress.backends {
            if inventory.find(ns, "Service", &b.service).is_none() {
                out.fail(
                    i,
                    record,
                    &b.path,
                    b.pos,
                    format!(
                        "Ingress backend names Service \"{}\", which is not in the input",
                        b.service
                    ),
                );
            }
        }
    }
}
