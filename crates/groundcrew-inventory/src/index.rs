use crate::hash::FastMap as HashMap;

use std::sync::Arc;

use groundcrew_yaml::{Node, Pos};

use crate::intern::intern;
use crate::rbac::{BindingFacts, RoleFacts};
use crate::selector::{LabelSelector, LabelSet, label_set_of, label_value, labels_of};
use crate::workload::{PodTemplate, pod_template};
use crate::{InlineIgnore, Object, ObjectId, Segmented, Source};

/// Index of a record in the [`Inventory`].
pub type RecordId = u32;

/// What the run keeps of an object once its tree is gone: identity, source, labels, inline
/// exceptions, and the few facts cross-object analyses need.
#[derive(Debug, Clone)]
pub struct ObjectRecord {
    pub id: Arc<ObjectId>,
    pub source: Option<Source>,
    /// The object's labels, shared with every object that has the same set.
    pub labels: LabelSet,
    pub inline_ignore: Option<Box<InlineIgnore>>,
    pub facts: Facts,
}

/// Kind-specific facts kept for cross-object analyses.
#[derive(Debug, Clone, Default)]
pub enum Facts {
    #[default]
    None,
    // Boxed: every record carries a `Facts`, most of them `None`.
    Workload(Box<WorkloadFacts>),
    ServiceAccount {
        /// `automountServiceAccountToken` of the ServiceAccount.
        automount: Option<bool>,
    },
    Service(Box<ServiceFacts>),
    Ingress(IngressFacts),
    Autoscaler(TargetRef),
    DisruptionBudget {
        /// `spec.selector`; `None` when absent or invalid.
        selector: Option<Box<LabelSelector>>,
        pos: Pos,
    },
    NetworkPolicy(Box<NetworkPolicyFacts>),
    /// A PersistentVolume's `spec.storageClassName` (empty: none) and where it is written.
    PersistentVolume {
        storage_class: Arc<str>,
        pos: Pos,
    },
    /// Whether a StorageClass's provisioner parameters ask for encryption at rest.
    StorageClass {
        encrypted: bool,
    },
    Node(Box<NodeFacts>),
    /// A Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute): the
    /// Services its rules send traffic to.
    Route(Box<RouteFacts>),
    /// A RoleBinding or ClusterRoleBinding: its role and subjects.
    Binding(Box<BindingFacts>),
    /// A Role or ClusterRole: its rules and aggregation selectors.
    Role(Box<RoleFacts>),
    /// An AdminNetworkPolicy or BaselineAdminNetworkPolicy.
    AdminPolicy(Box<crate::netpol::AdminPolicyFacts>),
    /// A legacy service-account token Secret: the service account whose token it holds.
    TokenSecret {
        service_account: Arc<str>,
    },
    /// The addresses a ConfigMap's values name (only when addresses are collected).
    ConfigMap(Box<crate::address::ConfigMapFacts>),
}

/// The Service backends of a Gateway API route.
#[derive(Debug, Clone, Default)]
pub struct RouteFacts {
    pub backends: Vec<RouteBackend>,
}

#[derive(Debug, Clone)]
pub struct RouteBackend {
    /// The backend's namespace (the route's when `namespace` is unset).
    pub namespace: Arc<str>,
    pub service: Arc<str>,
    pub path: Box<str>,
    pub pos: Pos,
}

/// What a Node's `status.nodeInfo` says about the software it runs.
#[derive(Debug, Clone, Default)]
pub struct NodeFacts {
    pub kubelet_version: Box<str>,
    pub container_runtime_version: Box<str>,
    pub kernel_version: Box<str>,
    pub os_image: Box<str>,
    /// Where `status.nodeInfo` (or its nearest parent) is written.
    pub pos: Pos,
}

/// StorageClass parameters that turn on encryption at rest, per provisioner family: AWS EBS
/// (`encrypted: "true"`), GCE PD (`disk-encryption-kms-key`), Azure Disk
/// (`diskEncryptionSetID`), and the generic CSI `encrypted` flags.
fn storage_class_encrypted(root: &Node) -> bool {
    let Some(params) = root.get("parameters").and_then(Node::as_map) else {
        return false;
    };
    params.iter().any(|(k, v)| match k {
        "encrypted" | "csi.storage.k8s.io/encrypted" => {
            v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        }
        "disk-encryption-kms-key" | "diskEncryptionSetID" | "kmsKeyId" => {
            v.as_str().is_some_and(|s| !s.is_empty())
        }
        _ => false,
    })
}

/// Which pods a NetworkPolicy selects, and for which directions it isolates them.
#[derive(Debug, Clone)]
pub struct NetworkPolicyFacts {
    /// `spec.podSelector` (`{}` selects every pod of the namespace); `None` when invalid.
    pub pod_selector: Option<LabelSelector>,
    pub selector_pos: Pos,
    /// Whether the policy applies to ingress: `policyTypes` contains `Ingress`, or
    /// `policyTypes` is unset (then Ingress always applies).
    pub ingress: bool,
    /// Whether it applies to egress: `policyTypes` contains `Egress`, or `policyTypes` is
    /// unset and the policy has egress rules.
    pub egress: bool,
    /// `spec.ingress` and `spec.egress`, rule by rule.
    pub ingress_rules: Vec<crate::netpol::PolicyRuleNp>,
    pub egress_rules: Vec<crate::netpol::PolicyRuleNp>,
}

/// A Service's selector (a Service without one has manually managed endpoints).
#[derive(Debug, Clone)]
pub struct ServiceFacts {
    /// `spec.selector` as a selector (a plain label map); `None` when absent or empty.
    pub selector: Option<LabelSelector>,
    pub selector_pos: Pos,
    /// `spec.clusterIP: None`.
    pub headless: bool,
    /// `spec.type` (`ClusterIP` when unset).
    pub service_type: Arc<str>,
    pub type_pos: Pos,
    /// `spec.ports[]` with their target ports (a number or a container port's name; the
    /// port itself when unset) and protocols.
    pub service_ports: Vec<ServicePort>,
}

/// One `spec.ports[]` entry of a Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePort {
    pub port: u16,
    pub target: crate::netpol::PortRef,
    pub protocol: crate::netpol::Protocol,
}

impl ServiceFacts {
    /// Reachable from outside the cluster by itself: a NodePort or LoadBalancer Service.
    pub fn is_external(&self) -> bool {
        matches!(&*self.service_type, "NodePort" | "LoadBalancer")
    }
}

/// The Services an Ingress sends traffic to.
#[derive(Debug, Clone, Default)]
pub struct IngressFacts {
    pub backends: Vec<Backend>,
}

#[derive(Debug, Clone)]
pub struct Backend {
    pub service: Arc<str>,
    pub path: Box<str>,
    pub pos: Pos,
}

/// A reference to another object of the namespace (`scaleTargetRef`).
#[derive(Debug, Clone)]
pub struct TargetRef {
    pub kind: Arc<str>,
    pub name: Arc<str>,
    pub pos: Pos,
}

/// What a workload's pod template says about its service account.
#[derive(Debug, Clone)]
pub struct WorkloadFacts {
    /// `serviceAccountName` (or the deprecated `serviceAccount`), `default` when unset.
    pub service_account: Arc<str>,
    /// The pod spec's `automountServiceAccountToken`.
    pub automount: Option<bool>,
    /// The field path of `automountServiceAccountToken` and where it (or its nearest parent)
    /// is written.
    pub automount_path: Arc<str>,
    pub automount_pos: Pos,
    /// The pod template's labels.
    pub pod_labels: LabelSet,
    /// For a StatefulSet, `spec.serviceName` and where it is written.
    pub service_name: Option<(Arc<str>, Pos)>,
    /// `hostNetwork: true`: NetworkPolicies do not apply to its pods.
    pub host_network: bool,
    /// The images of every container (interned: replicas share them).
    pub images: Vec<Arc<str>>,
    /// Some container mounts a volume with `subPath` or `subPathExpr`.
    pub uses_subpath: bool,
    /// Every container's ports with their names and protocols (named ports resolve here).
    pub container_ports: Vec<ContainerPort>,
    /// `hostPort`s of the containers (reachable on the node's address).
    pub host_ports: Vec<u16>,
    /// The first `metadata.ownerReferences` entry (kind, name): a Pod of a ReplicaSet, a
    /// ReplicaSet of a Deployment, a Job of a CronJob.
    pub owner: Option<(Arc<str>, Arc<str>)>,
    /// The addresses and ConfigMaps the containers name; `None` unless collected
    /// ([`ObjectRecord::collect_addresses`]).
    pub addresses: Option<Box<crate::address::WorkloadAddresses>>,
    /// Ways onto the node from the pods (privileged, hostPID, sensitive host paths...).
    pub escapes: Vec<crate::escape::EscapeFact>,
    /// Traits that make initial access likelier (auth-disabling flags, running as root,
    /// writable root filesystem).
    pub access_traits: Vec<Arc<str>>,
    /// Pinned to particular nodes (`nodeName`, `nodeSelector`, node affinity).
    pub pinned: bool,
}

/// A container port: `containerPort`, its `name` and `protocol` (TCP when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPort {
    pub name: Option<Arc<str>>,
    pub port: u16,
    pub protocol: crate::netpol::Protocol,
}

impl ObjectRecord {
    /// Adds what `netpol generate` reads: the addresses a workload's containers name and
    /// the ConfigMaps they read, or the addresses in a ConfigMap's values.
    pub fn collect_addresses(&mut self, object: &Object, pod: Option<&PodTemplate<'_>>) {
        match &mut self.facts {
            Facts::Workload(w) => {
                if let Some(pod) = pod {
                    w.addresses = Some(Box::new(crate::address::collect_workload(pod)));
                }
            }
            Facts::None if &*object.id.kind == "ConfigMap" => {
                self.facts =
                    Facts::ConfigMap(Box::new(crate::address::collect_config_map(&object.root)));
            }
            _ => {}
        }
    }

    /// The record of `object`, computing its pod template.
    pub fn from_object(object: &Object) -> Self {
        Self::from_parts(object, pod_template(object).as_ref())
    }

    /// The record of `object` whose pod template (for workloads) is already at hand, so
    /// the hot path does not look it up twice.
    pub fn from_parts(object: &Object, pod: Option<&PodTemplate<'_>>) -> Self {
        let root = &object.root;
        let pos_of = |keys: &[&str]| groundcrew_yaml::FieldPath::keys(keys).locate(root).0;
        let facts = if let Some(pod) = pod {
            let service_account = pod
                .spec
                .get("serviceAccountName")
                .or_else(|| pod.spec.get("serviceAccount"))
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty())
                .unwrap_or("default");
            let path = pod.spec_path.key("automountServiceAccountToken");
            let (automount_pos, _) = path.locate(root);
            let automount_path = intern(&path.text());
            let service_name = (&*object.id.kind == "StatefulSet")
                .then(|| {
                    root.get_path(&["spec", "serviceName"])
                        .and_then(Node::as_str)
                })
                .flatten()
                .filter(|s| !s.is_empty())
                .map(|s| (intern(s), pos_of(&["spec", "serviceName"])));
            let (escapes, access_traits) = crate::escape::escape_facts(pod, root);
            Facts::Workload(Box::new(WorkloadFacts {
                escapes,
                access_traits,
                pinned: crate::escape::pinned(pod),
                service_account: intern(service_account),
                automount: pod
                    .spec
                    .get("automountServiceAccountToken")
                    .and_then(Node::as_bool),
                automount_path,
                automount_pos,
                pod_labels: label_set_of(pod.metadata.and_then(|m| m.get("labels"))),
                service_name,
                host_network: pod.spec.get("hostNetwork").and_then(Node::as_bool) == Some(true),
                images: pod
                    .containers
                    .iter()
                    .filter_map(|c| c.image())
                    .map(intern)
                    .collect(),
                container_ports: pod
                    .containers
                    .iter()
                    .flat_map(|c| c.node.get("ports").map(Node::items).unwrap_or(&[]))
                    .filter_map(|p| {
                        Some(ContainerPort {
                            name: p.get("name").and_then(Node::as_str).map(intern),
                            port: u16::try_from(p.get("containerPort").and_then(Node::as_i64)?)
                                .ok()?,
                            protocol: crate::netpol::Protocol::parse(
                                p.get("protocol").and_then(Node::as_str),
                            )?,
                        })
                    })
                    .collect(),
                host_ports: pod
                    .containers
                    .iter()
                    .flat_map(|c| c.node.get("ports").map(Node::items).unwrap_or(&[]))
                    .filter_map(|p| p.get("hostPort").and_then(Node::as_i64))
                    .filter_map(|p| u16::try_from(p).ok())
                    .filter(|p| *p > 0)
                    .collect(),
                owner: object
                    .metadata()
                    .and_then(|m| m.get("ownerReferences"))
                    .map(Node::items)
                    .and_then(|o| o.first())
                    .and_then(|o| {
                        Some((
                            intern(o.get("kind").and_then(Node::as_str)?),
                            intern(o.get("name").and_then(Node::as_str)?),
                        ))
                    }),
                addresses: None,
                uses_subpath: pod.containers.iter().any(|c| {
                    c.node
                        .get("volumeMounts")
                        .map(Node::items)
                        .unwrap_or(&[])
                        .iter()
                        .any(|m| m.get("subPath").is_some() || m.get("subPathExpr").is_some())
                }),
            }))
        } else {
            match &*object.id.kind {
                "ServiceAccount" => Facts::ServiceAccount {
                    automount: root
                        .get("automountServiceAccountToken")
                        .and_then(Node::as_bool),
                },
                "Service" => {
                    let selector = root.get_path(&["spec", "selector"]);
                    Facts::Service(Box::new(ServiceFacts {
                        selector: selector
                            .filter(|s| s.as_map().is_some_and(|m| !m.is_empty()))
                            .map(|s| LabelSelector::from_map(labels_of(Some(s)))),
                        selector_pos: pos_of(&["spec", "selector"]),
                        headless: root.get_path(&["spec", "clusterIP"]).and_then(Node::as_str)
                            == Some("None"),
                        service_type: intern(
                            root.get_path(&["spec", "type"])
                                .and_then(Node::as_str)
                                .unwrap_or("ClusterIP"),
                        ),
                        type_pos: pos_of(&["spec", "type"]),
                        service_ports: root
                            .get_path(&["spec", "ports"])
                            .map(Node::items)
                            .unwrap_or(&[])
                            .iter()
                            .filter_map(|p| {
                                let port =
                                    u16::try_from(p.get("port").and_then(Node::as_i64)?).ok()?;
                                let target = match p.get("targetPort") {
                                    Some(t) => match (t.as_i64(), t.as_str()) {
                                        (Some(n), _) => {
                                            crate::netpol::PortRef::Number(u16::try_from(n).ok()?)
                                        }
                                        (None, Some(name)) => {
                                            crate::netpol::PortRef::Name(intern(name))
                                        }
                                        _ => return None,
                                    },
                                    None => crate::netpol::PortRef::Number(port),
                                };
                                Some(ServicePort {
                                    port,
                                    target,
                                    protocol: crate::netpol::Protocol::parse(
                                        p.get("protocol").and_then(Node::as_str),
                                    )?,
                                })
                            })
                            .collect(),
                    }))
                }
                "NetworkPolicy" => Facts::NetworkPolicy(Box::new(network_policy(root))),
                "PersistentVolume" => Facts::PersistentVolume {
                    storage_class: intern(
                        root.get_path(&["spec", "storageClassName"])
                            .and_then(Node::as_str)
                            .unwrap_or(""),
                    ),
                    pos: pos_of(&["spec", "storageClassName"]),
                },
                "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | "UDPRoute" => {
                    Facts::Route(Box::new(route_backends(root, object.id.namespace.as_ref())))
                }
                "RoleBinding" | "ClusterRoleBinding" => Facts::Binding(Box::new(
                    crate::rbac::binding(root, object.id.namespace.as_ref()),
                )),
                "Role" | "ClusterRole" => Facts::Role(Box::new(crate::rbac::role(root))),
                "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy" => {
                    Facts::AdminPolicy(Box::new(crate::netpol::admin_policy(
                        root,
                        &*object.id.kind == "BaselineAdminNetworkPolicy",
                    )))
                }
                "Secret" => match crate::rbac::token_secret(root) {
                    Some(service_account) => Facts::TokenSecret { service_account },
                    None => Facts::None,
                },
                "Node" => {
                    let info = root.get_path(&["status", "nodeInfo"]);
                    let field = |k: &str| -> Box<str> {
                        info.and_then(|i| i.get(k))
                            .and_then(Node::as_str)
                            .unwrap_or("")
                            .into()
                    };
                    Facts::Node(Box::new(NodeFacts {
                        kubelet_version: field("kubeletVersion"),
                        container_runtime_version: field("containerRuntimeVersion"),
                        kernel_version: field("kernelVersion"),
                        os_image: field("osImage"),
                        pos: pos_of(&["status", "nodeInfo"]),
                    }))
                }
                "StorageClass" => Facts::StorageClass {
                    encrypted: storage_class_encrypted(root),
                },
                "Ingress" => Facts::Ingress(ingress_backends(root)),
                "HorizontalPodAutoscaler" => {
                    let target = root.get_path(&["spec", "scaleTargetRef"]);
                    let field = |k: &str| {
                        target
                            .and_then(|t| t.get(k))
                            .and_then(Node::as_str)
                            .map(intern)
                            .unwrap_or_else(|| intern(""))
                    };
                    Facts::Autoscaler(TargetRef {
                        kind: field("kind"),
                        name: field("name"),
                        pos: pos_of(&["spec", "scaleTargetRef", "name"]),
                    })
                }
                "PodDisruptionBudget" => Facts::DisruptionBudget {
                    selector: root
                        .get_path(&["spec", "selector"])
                        .and_then(LabelSelector::from_node)
                        .map(Box::new),
                    pos: pos_of(&["spec", "selector"]),
                },
                _ => Facts::None,
            }
        };
        ObjectRecord {
            id: object.id.clone(),
            source: object.source.clone(),
            labels: crate::intern::intern_labels(object.labels()),
            inline_ignore: object.inline_ignore().map(Box::new),
            facts,
        }
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        label_value(&self.labels, key)
    }

    /// Where the object starts in its file (0:0 for objects without a file).
    pub fn pos(&self) -> Pos {
        self.source.as_ref().map_or(Pos::new(0, 0), |s| s.pos)
    }
}

fn network_policy(root: &Node) -> NetworkPolicyFacts {
    let spec = root.get("spec");
    let field = |k: &str| spec.and_then(|s| s.get(k));
    let types: Option<Vec<&str>> =
        field("policyTypes").map(|t| t.items().iter().filter_map(Node::as_str).collect());
    let (ingress, egress) = match &types {
        Some(t) => (t.contains(&"Ingress"), t.contains(&"Egress")),
        None => (true, field("egress").is_some_and(|e| !e.items().is_empty())),
    };
    NetworkPolicyFacts {
        // An absent podSelector is the empty selector: every pod of the namespace.
        pod_selector: match field("podSelector") {
            Some(n) if n.is_null() => Some(LabelSelector::default()),
            Some(n) => LabelSelector::from_node(n),
            None => Some(LabelSelector::default()),
        },
        selector_pos: groundcrew_yaml::FieldPath::keys(&["spec", "podSelector"])
            .locate(root)
            .0,
        ingress,
        egress,
        ingress_rules: crate::netpol::rules(root, "ingress", "from"),
        egress_rules: crate::netpol::rules(root, "egress", "to"),
    }
}

/// The Service backends of a Gateway API route: `spec.rules[].backendRefs[]` whose kind is
/// Service (the default) and group core (the default).
fn route_backends(root: &Node, namespace: Option<&Arc<str>>) -> RouteFacts {
    let mut backends = Vec::new();
    let rules = root
        .get_path(&["spec", "rules"])
        .map(Node::items)
        .unwrap_or(&[]);
    for (i, rule) in rules.iter().enumerate() {
        let refs = rule.get("backendRefs").map(Node::items).unwrap_or(&[]);
        for (j, r) in refs.iter().enumerate() {
            let kind = r.get("kind").and_then(Node::as_str).unwrap_or("Service");
            let group = r.get("group").and_then(Node::as_str).unwrap_or("");
            if kind != "Service" || !group.is_empty() {
                continue;
            }
            let Some(name) = r.get("name").and_then(Node::as_str) else {
                continue;
            };
            let ns = match r.get("namespace").and_then(Node::as_str) {
                Some(ns) => intern(ns),
                None => namespace.cloned().unwrap_or_else(|| intern("default")),
            };
            let path = groundcrew_yaml::FieldPath::keys(&["spec", "rules"])
                .index(i)
                .key("backendRefs")
                .index(j);
            let pos = path.locate(root).0;
            backends.push(RouteBackend {
                namespace: ns,
                service: intern(name),
                path: path.text().into(),
                pos,
            });
        }
    }
    RouteFacts { backends }
}

/// The Services an Ingress names: `defaultBackend` (`backend` in extensions/v1beta1) and
/// every rule path's backend, with where each is written.
fn ingress_backends(root: &Node) -> IngressFacts {
    let mut backends = Vec::new();
    let mut add = |backend: Option<&Node>, path: groundcrew_yaml::FieldPath| {
        let Some(b) = backend else { return };
        let name = b
            .get_path(&["service", "name"])
            .or_else(|| b.get("serviceName"))
            .and_then(Node::as_str);
        if let Some(name) = name {
            let pos = path.locate(root).0;
            backends.push(Backend {
                service: intern(name),
                path: path.text().into(),
                pos,
            });
        }
    };
    let spec = groundcrew_yaml::FieldPath::keys(&["spec"]);
    for key in ["defaultBackend", "backend"] {
        add(root.get_path(&["spec", key]), spec.key(key));
    }
    let rules = root
        .get_path(&["spec", "rules"])
        .map(Node::items)
        .unwrap_or(&[]);
    for (i, rule) in rules.iter().enumerate() {
        let paths = rule
            .get_path(&["http", "paths"])
            .map(Node::items)
            .unwrap_or(&[]);
        for (j, p) in paths.iter().enumerate() {
            let path = spec
                .key("rules")
                .index(i)
                .join(&["http", "paths"])
                .index(j)
                .key("backend");
            add(p.get("backend"), path);
        }
    }
    IngressFacts { backends }
}

/// No record: the end of a [`Inventory::name_chain`].
const NO_RECORD: RecordId = RecordId::MAX;

/// Every object of a run, indexed once by kind, by namespace and by (namespace, kind, name).
#[derive(Debug, Default)]
pub struct Inventory {
    /// In input order; a record's index is its [`RecordId`].
    records: Segmented<ObjectRecord>,
    by_kind: HashMap<Arc<str>, Vec<RecordId>>,
    /// Hash of (namespace, kind, name) → the last record with that hash; earlier records
    /// with the same hash (duplicates or collisions) follow through `name_chain`.
    by_name: HashMap<u64, RecordId>,
    name_chain: Vec<RecordId>,
    /// Keyed by namespace; cluster-scoped objects under "" (no namespace can be empty).
    by_namespace: HashMap<Arc<str>, Vec<RecordId>>,
    /// Workloads reachable from outside, computed on first use.
    exposure: std::sync::OnceLock<HashMap<RecordId, Vec<crate::Exposure>>>,
}

/// The identity hash of the name index: over the three parts, each terminated so that
/// ("ab", "c") and ("a", "bc") differ.
fn name_hash(namespace: Option<&str>, kind: &str, name: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = crate::hash::FastBuild::default().build_hasher();
    match namespace {
        Some(ns) => {
            h.write(ns.as_bytes());
            h.write(&[0]);
        }
        None => h.write(&[1]),
    }
    h.write(kind.as_bytes());
    h.write(&[0]);
    h.write(name.as_bytes());
    h.finish()
}

/// Appends `id` to the list of `key`, cloning the key only the first time it is seen.
fn push_indexed(map: &mut HashMap<Arc<str>, Vec<RecordId>>, key: &Arc<str>, id: RecordId) {
    match map.get_mut(&**key) {
        Some(list) => list.push(id),
        None => {
            map.insert(key.clone(), vec![id]);
        }
    }
}

impl Inventory {
    pub fn new(records: Vec<ObjectRecord>) -> Self {
        Inventory::from_segmented(records.into_iter().collect())
    }

    /// The inventory of records kept as they were gathered (no copy into one list).
    pub fn from_segmented(records: Segmented<ObjectRecord>) -> Self {
        let cluster: Arc<str> = Arc::from("");
        let ((by_kind, by_namespace), (by_name, name_chain)) = rayon::join(
            || {
                let mut by_kind = HashMap::default();
                let mut by_namespace = HashMap::default();
                for (i, r) in records.iter().enumerate() {
                    let i = i as RecordId;
                    push_indexed(&mut by_kind, &r.id.kind, i);
                    push_indexed(
                        &mut by_namespace,
                        r.id.namespace.as_ref().unwrap_or(&cluster),
                        i,
                    );
                }
                (by_kind, by_namespace)
            },
            || {
                let mut by_name: HashMap<u64, RecordId> = HashMap::default();
                by_name.reserve(records.len());
                let mut chain = Vec::with_capacity(records.len());
                for (i, r) in records.iter().enumerate() {
                    let hash = name_hash(r.id.namespace.as_deref(), &r.id.kind, &r.id.name);
                    chain.push(by_name.insert(hash, i as RecordId).unwrap_or(NO_RECORD));
                }
                (by_name, chain)
            },
        );
        Inventory {
            records,
            by_kind,
            by_name,
            name_chain,
            by_namespace,
            exposure: std::sync::OnceLock::new(),
        }
    }

    /// How each exposed workload is reached from outside the cluster (NodePort and
    /// LoadBalancer Services, Ingress backends); workloads not in the map are not exposed.
    pub fn exposure(&self) -> &HashMap<RecordId, Vec<crate::Exposure>> {
        self.exposure.get_or_init(|| crate::exposure::build(self))
    }

    /// The kinds of the records, in no particular order.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.by_kind.keys().map(|k| &**k)
    }

    /// Every namespace the input names: Namespace objects and the namespaces of namespaced
    /// objects, sorted.
    pub fn namespaces(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .by_namespace
            .keys()
            .map(|k| &**k)
            .filter(|k| !k.is_empty())
            .chain(self.of_kind("Namespace").map(|(_, r)| &*r.id.name))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every record, in input order (by [`RecordId`]).
    pub fn records(&self) -> impl DoubleEndedIterator<Item = &ObjectRecord> + Clone {
        self.records.iter()
    }

    pub fn get(&self, id: RecordId) -> &ObjectRecord {
        &self.records[id as usize]
    }

    /// Records of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = (RecordId, &ObjectRecord)> {
        self.by_kind
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|&i| (i, &self.records[i as usize]))
    }

    /// The object of `kind` named `name` in `namespace` (the last one, when the input
    /// holds the same object twice).
    pub fn find(&self, namespace: Option<&str>, kind: &str, name: &str) -> Option<&ObjectRecord> {
        self.find_id(namespace, kind, name)
            .map(|i| &self.records[i as usize])
    }

    /// As [`Inventory::find`], the record's index.
    pub fn find_id(&self, namespace: Option<&str>, kind: &str, name: &str) -> Option<RecordId> {
        let mut next = *self.by_name.get(&name_hash(namespace, kind, name))?;
        while next != NO_RECORD {
            let r = &self.records[next as usize];
            if r.id.namespace.as_deref() == namespace && &*r.id.kind == kind && &*r.id.name == name
            {
                return Some(next);
            }
            next = self.name_chain[next as usize];
        }
        None
    }

    /// Records of one namespace (`None`: cluster-scoped), in input order.
    pub fn in_namespace(
        &self,
        namespace: Option<&str>,
    ) -> impl Iterator<Item = (RecordId, &ObjectRecord)> {
        self.by_namespace
            .get(namespace.unwrap_or(""))
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|&i| (i, &self.records[i as usize]))
    }

    /// Whether the pods of a workload in `namespace` get their service account's token
    /// mounted: the pod spec's `automountServiceAccountToken` when set, else the
    /// ServiceAccount's (when the input defines it), else true.
    pub fn token_mounted(&self, namespace: &str, workload: &WorkloadFacts) -> bool {
        let from_account = match self
            .find(Some(namespace), "ServiceAccount", &workload.service_account)
            .map(|r| &r.facts)
        {
            Some(Facts::ServiceAccount { automount }) => *automount,
            _ => None,
        };
        workload.automount.or(from_account).unwrap_or(true)
    }

    /// Pod templates of the workloads in `namespace`, with their records.
    pub fn workloads_in(
        &self,
        namespace: Option<&str>,
    ) -> impl Iterator<Item = (RecordId, &ObjectRecord, &WorkloadFacts)> {
        self.in_namespace(namespace)
            .filter_map(|(i, r)| match &r.facts {
                Facts::Workload(w) => Some((i, r, &**w)),
                _ => None,
            })
    }
}
