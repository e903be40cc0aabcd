//! A simple exposure index: which workloads traffic from outside the cluster reaches through
//! a NodePort or LoadBalancer Service, or through an Ingress or a Gateway API route and the
//! Service behind it. The
//! reachability engine refines this with NetworkPolicies; here only selection counts.

use crate::hash::FastMap;
use crate::index::{Facts, Inventory, RecordId};

/// How a workload is exposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The Service or Ingress that exposes it.
    pub via: RecordId,
    /// The Service that selects the workload (the same as `via` for a Service).
    pub service: RecordId,
    /// `NodePort`, `LoadBalancer`, `Ingress` or `Gateway` (a Gateway API route).
    pub how: &'static str,
}

pub(crate) fn build(inventory: &Inventory) -> FastMap<RecordId, Vec<Exposure>> {
    let mut index: FastMap<RecordId, Vec<Exposure>> = FastMap::default();
    let mut expose = |service: RecordId, via: RecordId, how: &'static str| {
        let record = inventory.get(service);
        let Facts::Service(s) = &record.facts else {
            return;
        };
        let Some(selector) = &s.selector else {
            return;
        };
        for (w, _, facts) in inventory.workloads_in(record.id.namespace.as_deref()) {
            if selector.matches(&facts.pod_labels) {
                let list = index.entry(w).or_default();
                let e = Exposure { via, service, how };
                if !list.contains(&e) {
                    list.push(e);
                }
            }
        }
    };
    for (i, record) in inventory.of_kind("Service") {
        if let Facts::Service(s) = &record.facts
            && s.is_external()
        {
            let how = if &*s.service_type == "NodePort" {
                "NodePort"
            } else {
                "LoadBalancer"
            };
            expose(i, i, how);
        }
    }
    for (i, record) in inventory.of_kind("Ingress") {
        let Facts::Ingress(ingress) = &record.facts else {
            continue;
        };
        let ns = record.id.namespace.as_deref();
        for b in &ingress.backends {
            if let Some(service) = inventory.find_id(ns, "Service", &b.service) {
                expose(service, i, "Ingress");
            }
        }
    }
    for kind in ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"] {
        for (i, record) in inventory.of_kind(kind) {
            let Facts::Route(route) = &record.facts else {
                continue;
            };
            for b in &route.backends {
                if let Some(service) = inventory.find_id(Some(&b.namespace), "Service", &b.service)
                {
                    expose(service, i, "Gateway");
                }
            }
        }
    }
    index
}
