use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Facts;
use groundcrew_netpol::Network;

use crate::controls::workload::split_image;
use crate::substrings::Substrings;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC704",
        name: "exposed-sensitive-interface",
        title: "Sensitive interfaces must not be reachable from outside the cluster",
        severity: Severity::High,
        category: "network",
        description: "Fails for every workload exposed by a NodePort or LoadBalancer Service, an Ingress or a Gateway API route — when its ingress policies let that traffic through on the Service's target ports (from some external address, or from another namespace for Ingress and routes) — whose name, or one of whose image repositories, contains an entry of the `sensitiveInterfaces` control input (`kubernetesui/dashboard` matches the image `docker.io/kubernetesui/dashboard:v2.7.0`). Names are not matched for ingress controllers and proxies (ingress-nginx, Traefik, Envoy, HAProxy, Kong, Contour, Istio gateways), which are exposed by design and often carry a Helm release prefix such as `kubernetes-dashboard-` (case-insensitive; defaults: Kubernetes Dashboard, Jupyter, Argo, Kubeflow, MLflow, Ray, Ollama, vLLM, Grafana, Prometheus, Kibana, Elasticsearch, Vault, Consul, etcd and more — see the configuration reference). Kubescape C-0021 matches names only.",
        rationale: "Dashboards, notebooks and ML servers hand out code execution or credentials to whoever reaches them; Tesla's cluster was cryptojacked through a Kubernetes Dashboard exposed this way.",
        remediation: "Serve the interface on a ClusterIP Service and reach it through `kubectl port-forward`, a VPN or an authenticating proxy.",
        references: References {
            kubescape: &["C-0021"],
            cis: &[],
            nsa: &[],
            mitre: &["T1133"],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  type: LoadBalancer\n  selector: {k8s-app: kubernetes-dashboard}\n  ports:\n  - port: 443\n",
        passing_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  selector: {k8s-app: kubernetes-dashboard}\n  ports:\n  - port: 443\n",
    },
    check: Check::Network(check),
    requires: None,
};

/// The sensitive interface `name` or `images` name, if any.
/// The `sensitiveInterfaces` input compiled for matching many workloads.
pub struct SensitiveInterfaces<'i> {
    interfaces: Substrings<'i>,
    front_doors: Substrings<'static>,
}

impl<'i> SensitiveInterfaces<'i> {
    pub fn new(inputs: &'i ControlInputs) -> Self {
        SensitiveInterfaces {
            interfaces: Substrings::new(&inputs.sensitive_interfaces),
            front_doors: Substrings::new(FRONT_DOORS),
        }
    }

    /// The first interface, in input order, that the workload's name or one of its image
    /// repositories contains.
    pub fn matches(&self, name: &str, images: &[std::sync::Arc<str>]) -> Option<&'i str> {
        // The repositories: without tag and digest.
        let repos: Vec<&str> = images.iter().map(|i| split_image(i).0).collect();
        // Ingress controllers and proxies are front doors, exposed by design; a Helm release
        // prefix in their name (`kubernetes-dashboard-ingress-nginx-controller`) does not
        // make them the interface. Their images still count.
        let front_door = repos.iter().any(|r| self.front_doors.first_in(r).is_some());
        let by_name = if front_door {
            None
        } else {
            self.interfaces.first_in(name)
        };
        let by_repo = repos
            .iter()
            .filter_map(|r| self.interfaces.first_in(r))
            .min();
        let first = match (by_name, by_repo) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(self.interfaces.pattern(first))
    }
}

const FRONT_DOORS: &[&str] = &[
    "ingress-nginx",
    "nginx-ingress",
    "traefik",
    "envoy",
    "haproxy",
    "kong",
    "contour",
    "istio/proxyv2",
];

fn check(net: &Network<'_>, inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    let exposure = inventory.exposure();
    let interfaces = SensitiveInterfaces::new(inputs);
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        let i = endpoint.record;
        let record = inventory.get(i);
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let Some(interface) = interfaces.matches(&record.id.name, &w.images) else {
            continue;
        };
        out.relevant(i);
        // The first way in that the workload's ingress policies let through.
        let mut exposed = net.exposed_ports_of(e);
        let open = exposure.get(&i).into_iter().flatten().find_map(|x| {
            let ports = exposed.ports(x);
            (!ports.is_empty()).then_some((x, ports))
        });
        let Some((way, ports)) = open else {
            continue;
        };
        let via = inventory.get(way.via);
        out.fail_object(
            i,
            record,
            format!(
                "{interface} is reachable from outside through {} {} {} ({ports})",
                way.how, via.id.kind, via.id.name
            ),
        );
    }
}
