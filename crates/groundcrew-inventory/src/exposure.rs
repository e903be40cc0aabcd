//! A simple exposure index: which workloads traffic from outside the cluster reaches through
//! a NodePort or LoadBalancer Service, or through an Ingress or a Gateway API route and the
//! Service behind it. The
//! reachability engine refines this with NetworkPolicies; here only selection counts.

use crate::hash::{FastMap, FastSet};
use crate::index::{Facts, Inventory, RecordId};
use crate::selector::LabelSelector;

/// How a workload is exposed (12 bytes: a dense cluster holds millions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The Service or Ingress that exposes it.
    pub via: RecordId,
    /// The Service that selects the workload (the same as `via` for a Service).
    pub service: RecordId,
    pub how: Way,
}

/// The way in: a Service's type, an Ingress, or a Gateway API route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Way {
    NodePort,
    LoadBalancer,
    Ingress,
    Gateway,
}

impl Way {
    /// `NodePort`, `LoadBalancer`, `Ingress` or `Gateway`.
    pub fn as_str(self) -> &'static str {
        match self {
            Way::NodePort => "NodePort",
            Way::LoadBalancer => "LoadBalancer",
            Way::Ingress => "Ingress",
            Way::Gateway => "Gateway",
        }
    }

    /// Whether the Service itself is reachable from outside (not through a proxy).
    pub fn is_service(self) -> bool {
        matches!(self, Way::NodePort | Way::LoadBalancer)
    }
}

impl std::fmt::Display for Way {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) fn build(inventory: &Inventory) -> FastMap<RecordId, Vec<Exposure>> {
    let mut index: FastMap<RecordId, Vec<Exposure>> = FastMap::default();
    // Each way in once (an Ingress may name one Service in several rules): then no
    // workload's list holds it twice, without searching lists that can hold thousands.
    let mut seen: FastSet<(RecordId, RecordId, Way)> = FastSet::default();
    // The workloads each selector selects in its namespace, found once: a Service reached
    // several ways, or many Services with one selector (a dense cluster's thousands), would
    // test every workload of the namespace each time.
    let mut selected: FastMap<(Option<&str>, &LabelSelector), Vec<RecordId>> = FastMap::default();
    let mut expose = |service: RecordId, via: RecordId, how: Way| {
        if !seen.insert((service, via, how)) {
            return;
        }
        let record = inventory.get(service);
        let Facts::Service(s) = &record.facts else {
            return;
        };
        let Some(selector) = &s.selector else {
            return;
        };
        let ns = record.id.namespace.as_deref();
        let workloads = selected.entry((ns, selector)).or_insert_with(|| {
            inventory
                .workloads_in(ns)
                .filter(|(_, _, facts)| selector.matches(&facts.pod_labels))
                .map(|(w, _, _)| w)
                .collect()
        });
        for &w in workloads.iter() {
            index
                .entry(w)
                .or_default()
                .push(Exposure { via, service, how });
        }
    };
    for (i, record) in inventory.of_kind("Service") {
        if let Facts::Service(s) = &record.facts
            && s.is_external()
        {
            let how = if &*s.service_type == "NodePort" {
                Way::NodePort
            } else {
                Way::LoadBalancer
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
                expose(service, i, Way::Ingress);
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
                    expose(service, i, Way::Gateway);
                }
            }
        }
    }
    // Lists grown by doubling hold up to twice their entries: a dense cluster's (thousands
    // of Services selecting thousands of workloads) would hold hundreds of megabytes idle.
    for ways in index.values_mut() {
        ways.shrink_to_fit();
    }
    index
}

#[cfg(test)]
mod tests {
    use crate::inventory_from_yaml;

    /// A dense cluster (thousands of Services selecting thousands of workloads) holds an
    /// exposure per pair: each stays three words of four bytes.
    #[test]
    fn an_exposure_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<super::Exposure>(), 12);
    }

    /// Each way in is listed once per workload, in the order found: a LoadBalancer Service,
    /// then an Ingress that names that Service in two rules (one exposure, not two).
    #[test]
    fn each_way_in_once() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: 'x:1'}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: a}\nspec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: in, namespace: a}\nspec:\n  rules:\n  - {host: a.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}\n  - {host: b.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}\n";
        let inv = inventory_from_yaml("t.yaml", yaml).unwrap();
        let (web, _) = inv.of_kind("Deployment").next().unwrap();
        let ways: Vec<&str> = inv.exposure()[&web]
            .iter()
            .map(|e| e.how.as_str())
            .collect();
        assert_eq!(ways, ["LoadBalancer", "Ingress"]);
    }

    /// Services with the same selector share its selection within their namespace only: in
    /// each of two namespaces a LoadBalancer selecting `app: web` exposes that namespace's
    /// workload and not the other's, and a second Service with the same selector exposes it
    /// too.
    #[test]
    fn one_selector_selects_in_its_own_namespace() {
        let deploy = |ns: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: 'x:1'}}]}}"
            )
        };
        let service = |ns: &str, name: &str| {
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {{type: LoadBalancer, selector: {{app: web}}, ports: [{{port: 80}}]}}"
            )
        };
        let yaml = [
            deploy("a"),
            deploy("b"),
            service("a", "one"),
            service("b", "one"),
            service("a", "two"),
        ]
        .join("\n---\n");
        let inv = inventory_from_yaml("t.yaml", &yaml).unwrap();
        for (w, record) in inv.of_kind("Deployment") {
            let ns = record.id.namespace.as_deref().unwrap();
            let services: Vec<String> = inv.exposure()[&w]
                .iter()
                .map(|e| {
                    let s = &inv.get(e.service).id;
                    format!("{}/{}", s.namespace.as_deref().unwrap(), s.name)
                })
                .collect();
            let want: &[&str] = if ns == "a" {
                &["a/one", "a/two"]
            } else {
                &["b/one"]
            };
            assert_eq!(services, want, "{ns}");
        }
    }
}
