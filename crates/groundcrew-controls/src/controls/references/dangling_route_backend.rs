use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC409",
        name: "route-missing-service",
        title: "Gateway API routes should point at existing Services",
        severity: Severity::Medium,
        category: "references",
        description: "Fails for every Service `backendRef` of an HTTPRoute, GRPCRoute, TCPRoute, TLSRoute or UDPRoute that names no Service of the input (in the route's namespace, or the `namespace` the reference gives).",
        rationale: "Traffic to a missing backend fails; worse, whoever later creates a Service of that name receives the route's traffic.",
        remediation: "Fix the backend name, or add the Service.",
        references: References {
            kubescape: &["C-0302"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: HTTPRoute\nspec:\n  rules:\n  - backendRefs:\n    - {name: web-v2, port: 80}\n",
        passing_example: "kind: HTTPRoute\nspec:\n  rules:\n  - backendRefs:\n    - {name: web, port: 80}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.records().enumerate() {
        let Facts::Route(route) = &record.facts else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        for b in &route.backends {
            if inventory
                .find_id(Some(&b.namespace), "Service", &b.service)
                .is_none()
            {
                out.fail(
                    i,
                    record,
                    &b.path,
                    b.pos,
                    format!(
                        "backend Service {}/{} does not exist",
                        b.namespace, b.service
                    ),
                );
            }
        }
    }
}
