use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Inventory;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC703",
        name: "external-facing",
        title: "Workloads reachable from outside the cluster (for review)",
        severity: Severity::Low,
        category: "network",
        description: "Lists every workload that a NodePort or LoadBalancer Service selects, or that an Ingress or a Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute) reaches through a Service. Findings through Services and Ingresses carry Kubescape's C-0256, through Gateway API routes C-0266 (Istio's own Gateway and VirtualService are not read yet). A fact to review, not a misconfiguration: not in the default selection (use `--control GC703` or `--framework all`). The attack-path analysis builds on the same exposure index.",
        rationale: "Exposed workloads are where attacks start; knowing them is the first step of prioritising every other finding.",
        remediation: "Confirm the exposure is intended; put internal services behind ClusterIP Services, and exposed ones behind authentication and a WAF.",
        references: References {
            kubescape: &["C-0256", "C-0266"],
            cis: &[],
            nsa: &[],
            mitre: &["T1190"],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n  - port: 443\n",
        passing_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 443\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let exposure = inventory.exposure();
    for (i, record) in inventory.records().iter().enumerate() {
        let i = i as u32;
        if !matches!(record.facts, groundcrew_inventory::Facts::Workload(_)) {
            continue;
        }
        out.relevant(i);
        let Some(ways) = exposure.get(&i) else {
            continue;
        };
        let pos = record.pos();
        let how: Vec<String> = ways
            .iter()
            .map(|e| {
                let via = inventory.get(e.via);
                format!("{} {} {}", e.how, via.id.kind, via.id.name)
            })
            .collect();
        let gateway = ways.iter().any(|e| e.how == "Gateway");
        let other = ways.iter().any(|e| e.how != "Gateway");
        let kubescape: &'static [&'static str] = match (other, gateway) {
            (true, true) => &["C-0256", "C-0266"],
            (false, true) => &["C-0266"],
            _ => &["C-0256"],
        };
        out.fail_as(
            kubescape,
            i,
            record,
            "",
            pos,
            format!("reachable from outside through {}", how.join(", ")),
        );
    }
}
