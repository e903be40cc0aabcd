//! The attack-path analysis of a scan, on the network and RBAC models the controls already
//! built (or built here when no control needed them).

use groundcrew_controls::{ControlInputs, sensitive_interface};
use groundcrew_inventory::Facts;
use groundcrew_netpol::{Network, Reach};
use groundcrew_paths::{Classification, Graph, Start, Target, Weighed, weighed};

/// Paths described in the scan report (the best); all are weighed.
const DESCRIBED: usize = 10;

/// Which workloads are sensitive (the `sensitiveWorkloads` input) and which are sensitive
/// interfaces (`sensitiveInterfaces`).
pub fn classify(net: &Network<'_>, inputs: &ControlInputs) -> Classification {
    let mut class = Classification::default();
    for endpoint in &net.endpoints {
        let record = net.inventory.get(endpoint.record);
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        if let Some(why) = inputs.sensitive_workloads.matches(
            &record.id.name,
            &w.pod_labels,
            &w.images,
            &w.container_ports,
        ) {
            class.sensitive.insert(endpoint.record, why);
        }
        if let Some(what) = sensitive_interface(inputs, &record.id.name, &w.images) {
            class.interfaces.insert(endpoint.record, what.to_string());
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
