//! Dependencies the manifests reveal: an address a workload names (environment variable,
//! argument, ConfigMap value) that resolves to a Service of the input, through the
//! Service's port to the container port of each workload it selects. And exposure: the
//! Services that bring traffic from outside the cluster or from the ingress controller.

use std::collections::BTreeMap;

use groundcrew_inventory::{
    AddressRef, Facts, FastSet, Inventory, PortRef, Protocol, ServiceFacts, ServicePort,
};

use crate::model::Network;

/// One flow a workload needs: `src` opens connections to `dst` on `protocol`/`port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub src: usize,
    pub dst: usize,
    pub protocol: Protocol,
    pub port: u16,
    /// The evidence: where each address is written and how it resolved.
    pub reasons: Vec<String>,
}

/// Who else reaches a workload: anyone (NodePort, LoadBalancer) or the ingress controller
/// (Ingress, Gateway API route).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    Anywhere,
    IngressController,
}

/// Traffic from outside the cluster or from the ingress controller to a workload, on the
/// same ports, whatever way it comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposed {
    pub dst: usize,
    pub audience: Audience,
    pub ports: Vec<(Protocol, u16)>,
    /// The ways in (each Service, or Ingress or route to a Service, that brings this
    /// traffic), in order, the first [`REASONS_KEPT`] of them.
    pub reasons: Vec<String>,
    /// How many ways in there are, listed or not.
    pub ways: usize,
}

/// One way into a workload: who comes in, on which ports, and through what.
type WayIn = (Audience, Vec<(Protocol, u16)>, String);

/// How many ways in an [`Exposed`] lists. A workload that a thousand LoadBalancer Services
/// select has a thousand, and the rule that admits them is one: listing them all made the
/// policy a thousand comment lines long and, over a thousand such workloads, took 1.5 GiB
/// (`bench/dense.py 1000`). The rest are counted.
pub const REASONS_KEPT: usize = 5;

/// What the manifests reveal, and what could not be used.
#[derive(Debug, Default)]
pub struct Dependencies {
    pub flows: Vec<Flow>,
    pub exposed: Vec<Exposed>,
    /// Addresses and Services that could not be turned into a rule, with why.
    pub notes: Vec<String>,
    /// Addresses outside the cluster (not a Service's name), with who names them.
    pub external: BTreeMap<String, Vec<String>>,
}

/// The Service an address names, as (service name, namespace), or `None` when it does not
/// have a Service's shape: `svc` (the client's namespace), `svc.ns`, `svc.ns.svc[.domain]`
/// and a headless Service's `pod.svc.ns.svc[.domain]`.
fn service_of<'h>(address: &'h AddressRef, client_ns: &'h str) -> Option<(&'h str, &'h str)> {
    let labels: Vec<&str> = address.host.split('.').collect();
    match labels.as_slice() {
        [svc] => (address.whole || address.port.is_some() || address.scheme.is_some())
            .then_some((*svc, client_ns)),
        [svc, ns] => Some((svc, ns)),
        [svc, ns, "svc", ..] => Some((svc, ns)),
        [_pod, svc, ns, "svc", ..] => Some((svc, ns)),
        _ => None,
    }
}

/// The default port of a URL scheme.
fn scheme_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// The Service ports an address uses: the one it names, the scheme's default when the
/// Service has it, else every port.
fn used_ports<'s>(
    address: &AddressRef,
    service: &'s ServiceFacts,
) -> Result<Vec<&'s ServicePort>, String> {
    if let Some(p) = address.port {
        let ports: Vec<&ServicePort> = service
            .service_ports
            .iter()
            .filter(|sp| sp.port == p)
            .collect();
        if ports.is_empty() {
            return Err(format!("the Service has no port {p}"));
        }
        return Ok(ports);
    }
    if let Some(p) = address.scheme.as_deref().and_then(scheme_port) {
        let ports: Vec<&ServicePort> = service
            .service_ports
            .iter()
            .filter(|sp| sp.port == p)
            .collect();
        if !ports.is_empty() {
            return Ok(ports);
        }
    }
    if service.service_ports.is_empty() {
        return Err("the Service declares no ports".into());
    }
    Ok(service.service_ports.iter().collect())
}

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub(crate) struct Resolver<'n, 'a> {
    pub net: &'n Network<'a>,
}

impl Resolver<'_, '_> {
    fn inventory(&self) -> &Inventory {
        self.net.inventory
    }

    /// The workloads a Service selects, with the target port of each used Service port.
    fn targets(
        &self,
        ns: &str,
        service: &ServiceFacts,
        ports: &[&ServicePort],
        what: &str,
        notes: &mut Vec<String>,
    ) -> Vec<(usize, Protocol, u16, String)> {
        let Some(selector) = &service.selector else {
            notes.push(format!(
                "{what}: the Service has no selector, so the workloads behind it are not known from the manifests: no rule"
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut selected = false;
        for &d in self.net.in_namespace(ns) {
            let endpoint = &self.net.endpoints[d];
            if !selector.matches(endpoint.labels) {
                continue;
            }
            selected = true;
            out.extend(
                self.ports_on(d, ports, what, notes)
                    .into_iter()
                    .map(|(protocol, port, via)| (d, protocol, port, via)),
            );
        }
        if !selected {
            notes.push(format!(
                "{what}: the Service selects no workload of the input: no rule"
            ));
        }
        out
    }

    /// The container ports of workload `d` that Service ports target, each with how it
    /// resolved (`port 80 -> TCP 8080 (http)`); what does not resolve, or a host-network
    /// workload, is noted.
    fn ports_on(
        &self,
        d: usize,
        ports: &[&ServicePort],
        what: &str,
        notes: &mut Vec<String>,
    ) -> Vec<(Protocol, u16, String)> {
        let endpoint = &self.net.endpoints[d];
        if endpoint.host_network {
            notes.push(format!(
                "{what}: {} uses the host network; NetworkPolicies cannot select it, allow its nodes' addresses with an ipBlock if needed",
                endpoint.display()
            ));
            return Vec::new();
        }
        let mut out = Vec::new();
        for sp in ports {
            match self.net.target_port(d, sp) {
                Some(port) => {
                    let named = match &sp.target {
                        PortRef::Name(name) => format!(" ({name})"),
                        PortRef::Number(_) => String::new(),
                    };
                    let via = format!("port {} -> {} {port}{named}", sp.port, sp.protocol.as_str());
                    out.push((sp.protocol, port, via));
                }
                None => notes.push(format!(
                    "{what}: target port of Service port {} is not a container port of {}: no rule",
                    sp.port,
                    endpoint.display()
                )),
            }
        }
        out
    }

    /// The flows one address of workload `src` reveals.
    fn resolve(&self, src: usize, address: &AddressRef, origin: &str, deps: &mut Dependencies) {
        let client = &self.net.endpoints[src];
        let external = |deps: &mut Dependencies| {
            if address.port.is_some() || address.scheme.is_some() {
                let key = match address.port {
                    Some(p) => format!("{}:{p}", address.host),
                    None => address.host.to_string(),
                };
                deps.external
                    .entry(key)
                    .or_default()
                    .push(format!("{}: {origin}", client.display()));
            }
        };
        let Some((svc, ns)) = service_of(address, &client.namespace) else {
            external(deps);
            return;
        };
        let what = format!("{}: {origin}: {}", client.display(), clean(&address.text));
        let Some(record) = self.inventory().find(Some(ns), "Service", svc) else {
            let named_service = address.host.contains(".svc")
                || (!address.host.contains('.')
                    && (address.port.is_some() || address.scheme.is_some()));
            if named_service {
                deps.notes.push(format!(
                    "{what} names Service {ns}/{svc}, which the input does not define: no rule"
                ));
            } else {
                external(deps);
            }
            return;
        };
        let Facts::Service(service) = &record.facts else {
            return;
        };
        let ports = match used_ports(address, service) {
            Ok(p) => p,
            Err(why) => {
                deps.notes
                    .push(format!("{what} -> Service {ns}/{svc}: {why}: no rule"));
                return;
            }
        };
        let what_service = format!("{what} -> Service {ns}/{svc}");
        for (dst, protocol, port, via) in
            self.targets(ns, service, &ports, &what_service, &mut deps.notes)
        {
            if dst == src {
                continue;
            }
            deps.flows.push(Flow {
                src,
                dst,
                protocol,
                port,
                reasons: vec![format!(
                    "{origin}: {} -> Service {svc} {via}",
                    clean(&address.text)
                )],
            });
        }
    }

    /// Every flow the workloads' addresses and ConfigMaps reveal.
    pub(crate) fn dependencies(&self, deps: &mut Dependencies) {
        for (src, endpoint) in self.net.endpoints.iter().enumerate() {
            let Facts::Workload(w) = &self.inventory().get(endpoint.record).facts else {
                continue;
            };
            let Some(found) = &w.addresses else { continue };
            for a in &found.addresses {
                self.resolve(src, a, &a.origin, deps);
            }
            for cm in &found.config_maps {
                let Some(record) =
                    self.inventory()
                        .find(Some(&endpoint.namespace), "ConfigMap", &cm.name)
                else {
                    continue;
                };
                let Facts::ConfigMap(facts) = &record.facts else {
                    continue;
                };
                for (key, a) in &facts.entries {
                    if cm.key.as_ref().is_some_and(|k| k != key) {
                        continue;
                    }
                    let origin = format!("ConfigMap {} {} ({})", cm.name, a.origin, cm.origin);
                    self.resolve(src, a, &origin, deps);
                }
            }
        }
        deps.flows
            .sort_by_key(|f| (f.src, f.dst, f.protocol as u8, f.port));
        let mut merged: Vec<Flow> = Vec::with_capacity(deps.flows.len());
        for f in deps.flows.drain(..) {
            match merged.last_mut() {
                Some(m)
                    if (m.src, m.dst, m.protocol, m.port) == (f.src, f.dst, f.protocol, f.port) =>
                {
                    m.reasons.extend(f.reasons);
                }
                _ => merged.push(f),
            }
        }
        for f in &mut merged {
            f.reasons.sort();
            f.reasons.dedup();
        }
        deps.flows = merged;
        for (address, who) in std::mem::take(&mut deps.external) {
            let mut who = who;
            who.sort();
            who.dedup();
            let named_by = match who.as_slice() {
                [one] => one.clone(),
                [first, ..] => format!("{} places, first {first}", who.len()),
                [] => continue,
            };
            deps.notes.push(format!(
                "{address} (named by {named_by}) is not a Service of the input: egress to it is not allowed; add an ipBlock rule if it is needed"
            ));
        }
    }

    /// How each workload is reached from outside the cluster or from the ingress
    /// controller: the exposure index, with each Service's target ports.
    pub(crate) fn exposure(&self, deps: &mut Dependencies) {
        let exposure = self.inventory().exposure();
        // Each workload's ways in, once each (a dense cluster gives a workload thousands:
        // a search of the list for each would be quadratic).
        let mut seen: FastSet<WayIn> = FastSet::default();
        for (dst, endpoint) in self.net.endpoints.iter().enumerate() {
            let Some(list) = exposure.get(&endpoint.record) else {
                continue;
            };
            seen.clear();
            for e in list {
                let service_record = self.inventory().get(e.service);
                let Facts::Service(service) = &service_record.facts else {
                    continue;
                };
                let via = self.inventory().get(e.via);
                let (audience, what) = if e.how.is_service() {
                    (
                        Audience::Anywhere,
                        format!("Service {} ({})", service_record.id.name, e.how),
                    )
                } else {
                    (
                        Audience::IngressController,
                        format!(
                            "{} {} -> Service {}",
                            via.id.kind, via.id.name, service_record.id.name
                        ),
                    )
                };
                // The exposure index already matched the Service's selector to this
                // workload: only its ports are left to resolve.
                let ports: Vec<&ServicePort> = service.service_ports.iter().collect();
                let mut found = Vec::new();
                let mut vias = Vec::new();
                for (protocol, port, v) in self.ports_on(dst, &ports, &what, &mut deps.notes) {
                    found.push((protocol, port));
                    vias.push(v);
                }
                if found.is_empty() {
                    continue;
                }
                found.sort_by_key(|(p, n)| (*p as u8, *n));
                found.dedup();
                seen.insert((audience, found, format!("{what} {}", vias.join(", "))));
            }
            // One entry for each audience and ports, its ways in in order.
            // (Protocols order as they are declared: TCP, UDP, SCTP.)
            let mut ways: Vec<WayIn> = seen.drain().collect();
            ways.sort();
            for (audience, ports, reason) in ways {
                match deps.exposed.last_mut() {
                    Some(x) if x.dst == dst && x.audience == audience && x.ports == ports => {
                        x.ways += 1;
                        if x.reasons.len() < REASONS_KEPT {
                            x.reasons.push(reason);
                        }
                    }
                    _ => deps.exposed.push(Exposed {
                        dst,
                        audience,
                        ports,
                        reasons: vec![reason],
                        ways: 1,
                    }),
                }
            }
        }
        deps.notes.sort();
        deps.notes.dedup();
    }
}
