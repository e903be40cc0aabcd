use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_netpol::Network;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC703",
        name: "external-facing",
        title: "Workloads reachable from outside the cluster (for review)",
        severity: Severity::Low,
        category: "network",
        description: "Lists every workload that a NodePort or LoadBalancer Service selects, or that an Ingress or a Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute) reaches through a Service, when the reachability model lets the traffic through: its ingress policies admit the Service's target ports from some external address (NodePort, LoadBalancer) or from pods of another namespace, where the ingress controller or Gateway runs (Ingress, routes). A workload whose policies shut that door is not listed; the finding names the ports that stay open. Findings through Services and Ingresses carry Kubescape's C-0256, through Gateway API routes C-0266 (Istio's own Gateway and VirtualService are not read yet). A fact to review, not a misconfiguration: not in the default selection (use `--control GC703` or `--framework all`). The attack-path analysis builds on the same exposure index.",
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
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    let exposure = inventory.exposure();
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        let i = endpoint.record;
        out.relevant(i);
        let Some(ways) = exposure.get(&i) else {
            continue;
        };
        // Only the ways the workload's ingress policies actually let traffic through.
        let mut exposed = net.exposed_ports_of(e);
        let open: Vec<(&groundcrew_inventory::Exposure, String)> = ways
            .iter()
            .filter_map(|x| {
                let ports = exposed.ports(x);
                (!ports.is_empty()).then(|| (x, ports.to_string()))
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        let record = inventory.get(i);
        let how: Vec<String> = open
            .iter()
            .map(|(x, ports)| {
                let via = inventory.get(x.via);
                format!("{} {} {} ({ports})", x.how, via.id.kind, via.id.name)
            })
            .collect();
        let gateway = open
            .iter()
            .any(|(x, _)| x.how == groundcrew_inventory::Way::Gateway);
        let other = open
            .iter()
            .any(|(x, _)| x.how != groundcrew_inventory::Way::Gateway);
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
            record.pos(),
            format!("reachable from outside through {}", how.join(", ")),
        );
    }
}
