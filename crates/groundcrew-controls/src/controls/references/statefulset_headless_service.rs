use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC405",
        name: "statefulset-headless-service",
        title: "StatefulSets need their headless Service",
        severity: Severity::Low,
        category: "references",
        description: "Fails for every StatefulSet whose `spec.serviceName` names no Service in its namespace, or a Service that is not headless (`clusterIP: None`).",
        rationale: "The governing headless Service gives each replica its stable DNS name; without it peers cannot find each other and clients fall back to load-balanced addresses.",
        remediation: "Create a Service with `clusterIP: None` named as `spec.serviceName`, selecting the StatefulSet's pods.",
        references: References::NONE,
        failing_example: "kind: StatefulSet\nspec:\n  serviceName: db   # no Service db\n",
        passing_example: "kind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("StatefulSet") {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let Some((name, pos)) = &w.service_name else {
            continue;
        };
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        let message = match inventory.find(ns, "Service", name).map(|s| &s.facts) {
            Some(Facts::Service(s)) if s.headless => continue,
            Some(_) => format!("Service \"{name}\" is not headless (clusterIP: None)"),
            None => format!("Service \"{name}\" named by spec.serviceName is not in the input"),
        };
        out.fail(i, record, "spec.serviceName", *pos, message);
    }
}
