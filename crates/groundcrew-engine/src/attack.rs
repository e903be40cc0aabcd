//! The attack-path analysis of a scan, on the network and RBAC models the controls already
//! built (or built here when no control needed them).

use groundcrew_controls::{ControlInputs, SensitiveInterfaces, hands_over_node};
use groundcrew_inventory::Facts;
use groundcrew_netpol::{Network, Reach};
use groundcrew_paths::{Classification, Graph, Start, Target, Weighed, weighed};

/// Paths described in the scan report (the best); all are weighed.
const DESCRIBED: usize = 10;

/// Which workloads are sensitive (the `sensitiveWorkloads` input), which are sensitive
/// interfaces (`sensitiveInterfaces`), and which of their escape facts hand over the node
/// (`sensitiveHostPaths`, `runtimeSockets`: what GC311 and GC309 flag).
pub fn classify(net: &Network<'_>, inputs: &ControlInputs) -> Classification {
    let mut class = Classification::default();
    let sensitive = inputs.sensitive_workloads.matcher();
    let interfaces = SensitiveInterfaces::new(inputs);
    for endpoint in &net.endpoints {
        let record = net.inventory.get(endpoint.record);
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        if let Some(why) = sensitive.matches(
            &record.id.name,
            &w.pod_labels,
            &w.images,
            &w.container_ports,
        ) {
            class.sensitive.insert(endpoint.record, why);
        }
        if let Some(what) = interfaces.matches(&record.id.name, &w.images) {
            class.interfaces.insert(endpoint.record, what.to_string());
        }
        let escapes: Vec<usize> = (0..w.escapes.len())
            .filter(|&i| hands_over_node(inputs, &w.escapes[i].kind))
            .collect();
        if !escapes.is_empty() {
            class.escapes.insert(endpoint.record, escapes);
        }
    }
    class
}

/// Every path from the internet and from inside the cluster to every target, weighed, and
/// the best described.
pub(crate) fn analyse(
    net: &Network<'_>,
    rbac: &groundcrew_rbac::Analysis<'_>,
    inputs: &ControlInputs,
) -> Weighed {
    let class = classify(net, inputs);
    let reach = Reach::new(net);
    let graph = Graph::build(net, &reach, rbac, &class);
    weighed(
        &graph,
        &[Start::Internet, Start::Cluster],
        &Target::ALL,
        DESCRIBED,
    )
}
