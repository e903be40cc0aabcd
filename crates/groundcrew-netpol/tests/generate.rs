//! `netpol generate`: dependencies from environment variables, arguments and ConfigMaps,
//! resolved through Services; the generated policies checked by the engine; and the oracle:
//! on microservices-demo they allow exactly the flows the project's own policies allow.

use std::collections::BTreeMap;
use std::path::PathBuf;

use groundcrew_inventory::{Inventory, inventory_from_yaml, inventory_from_yaml_with_addresses};
use groundcrew_netpol::generate::{GenerateOptions, Generated, REASONS_KEPT, generate, verify};
use groundcrew_netpol::{Network, Node, PortSet, Reach};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Every `.yaml` file of `dir` (sorted), as one multi-document text.
fn read_dir(dir: &str) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join(dir))
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(shared().join(path)).expect("corpus file")
}

fn generated(inventory: &Inventory) -> Generated {
    let net = Network::new(inventory);
    let g = generate(&net, GenerateOptions::default());
    let v = verify(&net, &g.plan, &g.files).expect("generated YAML reads back");
    assert!(v.passed(), "verification failed: {v:#?}");
    g
}

/// The manifests with the generated policies added.
fn with_policies(manifests: &str, g: &Generated) -> Inventory {
    let mut text = manifests.to_string();
    for (_, yaml) in &g.files {
        text.push_str("\n---\n");
        text.push_str(yaml);
    }
    inventory_from_yaml("with-generated.yaml", &text).expect("reads back")
}

/// Per ordered pair of workloads (and from outside), what the destination's ingress
/// admits and what the connection allows, both cut to the ports the destination declares
/// (a flow to a port nobody listens on is not a flow).
struct Matrix {
    ingress: BTreeMap<(String, String), String>,
    connection: BTreeMap<(String, String), String>,
}

fn matrix(inventory: &Inventory) -> Matrix {
    let net = Network::new(inventory);
    let reach = Reach::new(&net);
    let mut m = Matrix {
        ingress: BTreeMap::new(),
        connection: BTreeMap::new(),
    };
    for (d, endpoint) in net.endpoints.iter().enumerate() {
        let mut declared = PortSet::empty();
        for p in endpoint.ports {
            declared.add(p.protocol, p.port, p.port);
        }
        let sources = (0..net.endpoints.len())
            .filter(|&s| s != d)
            .map(Node::Workload)
            .chain((0..net.externals.len()).map(Node::External));
        for src in sources {
            let key = (
                match src {
                    Node::Workload(_) => net.node_display(src),
                    Node::External(_) => "outside".to_string(),
                },
                endpoint.display(),
            );
            let ingress = reach.ingress_allows(d, src).intersect(&declared);
            let conn = reach
                .connection(src, Node::Workload(d))
                .intersect(&declared);
            if !ingress.is_empty() {
                m.ingress.insert(key.clone(), ingress.to_string());
            }
            if !conn.is_empty() {
                m.connection.insert(key, conn.to_string());
            }
        }
    }
    m
}

/// The oracle comparison. Upstream restricts ingress only (every upstream policy has
/// `egress: [{}]`) and opens the frontend to every source (`ingress: [{}]`), its way of
/// admitting the load balancer. So:
/// - what each workload's ingress admits, from every workload and from outside, is the
///   same;
/// - every connection to a workload not exposed outside is the same in full (both
///   directions), and so is every connection from outside;
/// - the generated policies are stricter only where upstream leaves egress open: towards
///   the exposed frontend only its real client (the load generator) is allowed out, and
///   no workload reaches external addresses.
fn assert_same_flows(upstream: &Inventory, ours: &Inventory, exposed: &str) {
    let up = matrix(upstream);
    let gen_ = matrix(ours);
    assert_eq!(up.ingress, gen_.ingress, "ingress differs from upstream");
    let not_exposed =
        |m: &BTreeMap<(String, String), String>| -> BTreeMap<(String, String), String> {
            m.iter()
                .filter(|((s, d), _)| d != exposed || s == "outside")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
    assert_eq!(
        not_exposed(&up.connection),
        not_exposed(&gen_.connection),
        "connections differ from upstream"
    );
    let into_exposed: Vec<&(String, String)> = gen_
        .connection
        .keys()
        .filter(|(s, d)| d == exposed && s != "outside")
        .collect();
    assert!(
        into_exposed.len() == 1 && into_exposed[0].0.contains("/loadgenerator["),
        "{into_exposed:?}"
    );
    assert!(up.connection.len() > gen_.connection.len());
    // No egress to external addresses.
    let net = Network::new(ours);
    let reach = Reach::new(&net);
    for s in 0..net.endpoints.len() {
        for x in 0..net.externals.len() {
            assert!(
                reach
                    .connection(Node::Workload(s), Node::External(x))
                    .is_empty()
            );
        }
    }
}

#[test]
fn microservices_demo_helm_matches_its_upstream_policies() {
    let manifests = read("corpus/microservices-demo/rendered/helm-default.yaml");
    let inventory =
        inventory_from_yaml_with_addresses("helm-default.yaml", &manifests).expect("reads");
    let g = generated(&inventory);
    let upstream = inventory_from_yaml(
        "helm-networkpolicies.yaml",
        &read("corpus/microservices-demo/rendered/helm-networkpolicies.yaml"),
    )
    .expect("reads");
    assert_same_flows(
        &upstream,
        &with_policies(&manifests, &g),
        "onlineboutique/frontend[Deployment]",
    );
}

#[test]
fn microservices_demo_kustomize_matches_its_upstream_policies() {
    let manifests = read_dir("corpus/microservices-demo/raw/kubernetes-manifests");
    let inventory =
        inventory_from_yaml_with_addresses("kubernetes-manifests", &manifests).expect("reads");
    let g = generated(&inventory);
    let upstream_text = format!(
        "{manifests}\n---\n{}",
        read_dir("corpus/microservices-demo/raw/kustomize/components/network-policies")
    );
    let upstream = inventory_from_yaml("upstream", &upstream_text).expect("reads");
    assert_same_flows(
        &upstream,
        &with_policies(&manifests, &g),
        "default/frontend[Deployment]",
    );
    // The Service that is named but not defined is reported, not guessed.
    assert!(
        g.plan
            .deps
            .notes
            .iter()
            .any(|n| n.contains("shoppingassistantservice") && n.contains("does not define"))
    );
}

// --- scenarios ---------------------------------------------------------------------------

fn deploy(ns: &str, name: &str, ports: &str, container_extra: &str, spec_extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}, tier: backend}}}}\n    spec:\n{spec_extra}      containers:\n      - name: main\n        image: 'x:1'\n        ports: {ports}\n{container_extra}"
    )
}

fn service(ns: &str, name: &str, app: &str, ports: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{app: {app}}}\n  ports: {ports}\n{extra}"
    )
}

/// The dependencies found, as `src -> dst : PROTO port`.
fn flows(docs: &[String]) -> (Vec<String>, Vec<String>) {
    let text = docs.join("\n---\n");
    let inventory = inventory_from_yaml_with_addresses("t.yaml", &text).expect("reads");
    let net = Network::new(&inventory);
    let g = generate(&net, GenerateOptions::default());
    let v = verify(&net, &g.plan, &g.files).expect("reads back");
    assert!(v.passed(), "{v:#?}");
    let list = g
        .plan
        .deps
        .flows
        .iter()
        .map(|f| {
            format!(
                "{} -> {} : {} {}",
                net.endpoints[f.src].name,
                net.endpoints[f.dst].name,
                f.protocol.as_str(),
                f.port
            )
        })
        .collect();
    (list, g.plan.deps.notes.clone())
}

#[test]
fn every_service_name_form_resolves() {
    let mut docs = vec![
        deploy(
            "db",
            "postgres",
            "[{containerPort: 5432, name: pg}]",
            "",
            "",
        ),
        service(
            "db",
            "postgres",
            "postgres",
            "[{port: 5432, targetPort: pg}]",
            "",
        ),
        deploy("shop", "cache", "[{containerPort: 6379}]", "", ""),
        service("shop", "cache", "cache", "[{port: 6379}]", ""),
    ];
    let env =
        |name: &str, value: &str| format!("        env: [{{name: {name}, value: '{value}'}}]\n");
    for (i, value) in [
        "postgres.db",
        "postgres.db.svc",
        "postgres.db.svc.cluster.local",
        "postgres.db.svc.cluster.local:5432",
        "postgres://app@postgres.db.svc:5432/orders?sslmode=require",
    ]
    .iter()
    .enumerate()
    {
        docs.push(deploy(
            "shop",
            &format!("client{i}"),
            "[]",
            &env("DB", value),
            "",
        ));
    }
    // A bare name is the client's namespace.
    docs.push(deploy(
        "shop",
        "bare",
        "[]",
        &env("CACHE_HOST", "cache"),
        "",
    ));
    let (list, notes) = flows(&docs);
    assert_eq!(
        list,
        [
            "client0 -> postgres : TCP 5432",
            "client1 -> postgres : TCP 5432",
            "client2 -> postgres : TCP 5432",
            "client3 -> postgres : TCP 5432",
            "client4 -> postgres : TCP 5432",
            "bare -> cache : TCP 6379",
        ],
        "{notes:?}"
    );
}

#[test]
fn ports_resolve_through_the_service_to_each_target() {
    // Service port 80 targets the named port "http", a different number on each version.
    let docs = vec![
        deploy(
            "app",
            "web-v1",
            "[{containerPort: 8080, name: http}]",
            "",
            "",
        )
        .replace("{app: web-v1, tier", "{app: web, version: v1, tier")
        .replace("{app: web-v1}", "{app: web, version: v1}"),
        deploy(
            "app",
            "web-v2",
            "[{containerPort: 9090, name: http}]",
            "",
            "",
        )
        .replace("{app: web-v2, tier", "{app: web, version: v2, tier")
        .replace("{app: web-v2}", "{app: web, version: v2}"),
        service(
            "app",
            "web",
            "web",
            "[{port: 80, targetPort: http}, {port: 443, targetPort: 8443}]",
            "",
        ),
        deploy(
            "app",
            "client",
            "[]",
            "        args: ['--upstream', 'http://web']\n",
            "",
        ),
        // A port the Service does not have: reported, no rule.
        deploy(
            "app",
            "wrong",
            "[]",
            "        env: [{name: WEB, value: 'web:8080'}]\n",
            "",
        ),
    ];
    let (list, notes) = flows(&docs);
    assert_eq!(
        list,
        ["client -> web-v1 : TCP 8080", "client -> web-v2 : TCP 9090"],
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("wrong[Deployment]") && n.contains("has no port 8080"))
    );
}

#[test]
fn config_maps_and_arguments_name_dependencies() {
    let docs = vec![
        deploy("app", "api", "[{containerPort: 8000}]", "", ""),
        service("app", "api", "api", "[{port: 8000}]", ""),
        deploy("app", "queue", "[{containerPort: 5672, protocol: TCP}]", "", ""),
        service("app", "queue", "queue", "[{port: 5672}]", ""),
        deploy("app", "dns-only", "[{containerPort: 53, protocol: UDP}]", "", ""),
        service("app", "dns-only", "dns-only", "[{port: 53, protocol: UDP}]", ""),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\ndata:\n  API_URL: http://api:8000/v1\n  app.conf: |\n    # broker\n    amqp_url = amqp://guest@queue.app.svc.cluster.local:5672\n    mode = queue\n".into(),
        deploy(
            "app",
            "worker",
            "[]",
            "        envFrom: [{configMapRef: {name: settings}}]\n        args: ['--resolver', 'dns-only']\n",
            "",
        ),
        // Only the key it reads counts.
        deploy(
            "app",
            "reader",
            "[]",
            "        env: [{name: API, valueFrom: {configMapKeyRef: {name: settings, key: API_URL}}}]\n",
            "",
        ),
    ];
    let (list, notes) = flows(&docs);
    assert_eq!(
        list,
        [
            "worker -> api : TCP 8000",
            "worker -> queue : TCP 5672",
            "worker -> dns-only : UDP 53",
            "reader -> api : TCP 8000",
        ],
        "{notes:?}"
    );
}

#[test]
fn exposure_and_cross_namespace_rules_are_verified() {
    let docs = vec![
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: web, labels: {team: web}}".into(),
        deploy("web", "site", "[{containerPort: 8080, name: http}]", "        env: [{name: API, value: 'api.backend:9000'}]\n", ""),
        service("web", "site", "site", "[{port: 80, targetPort: http}]", ""),
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: web}\nspec:\n  defaultBackend: {service: {name: site, port: {number: 80}}}".into(),
        deploy("backend", "api", "[{containerPort: 9000}]", "", ""),
        service("backend", "api", "api", "[{port: 9000}]", "  type: LoadBalancer\n"),
        deploy("backend", "batch", "[]", "", ""),
        // The ingress controller itself is left alone (its namespace is not generated).
        deploy("ingress-nginx", "controller", "[{containerPort: 80}]", "", ""),
        // An old policy in a generated namespace is replaced.
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: old-allow-all, namespace: backend}\nspec:\n  podSelector: {}\n  ingress: [{}]".into(),
    ];
    let text = docs.join("\n---\n");
    let inventory = inventory_from_yaml_with_addresses("t.yaml", &text).expect("reads");
    let net = Network::new(&inventory);
    let g = generate(&net, GenerateOptions::default());
    let names: Vec<&str> = g
        .plan
        .namespaces
        .iter()
        .map(|n| n.namespace.as_str())
        .collect();
    assert_eq!(names, ["backend", "web"]);
    let v = verify(&net, &g.plan, &g.files).expect("reads back");
    assert!(v.passed(), "{v:#?}");
    assert_eq!(v.flows, 1);
    assert_eq!(v.exposed, ["backend/api[Deployment] : TCP 9000"]);

    // With the policies in place: the site reaches the API; the controller reaches the
    // site on its target port only; batch reaches nothing and nothing reaches it.
    let mut with = text.clone();
    with = with.replace(
        "podSelector: {}\n  ingress: [{}]",
        "podSelector: {matchLabels: {none: none}}",
    );
    for (_, yaml) in &g.files {
        with.push_str("\n---\n");
        with.push_str(yaml);
    }
    let inv = inventory_from_yaml("with.yaml", &with).expect("reads");
    let net = Network::new(&inv);
    let reach = Reach::new(&net);
    let w = |s: &str| Node::Workload(net.find(s).expect("workload"));
    let conn = |a: &str, b: &str| reach.connection(w(a), w(b)).to_string();
    assert_eq!(conn("web/site", "backend/api"), "TCP 9000");
    assert_eq!(conn("ingress-nginx/controller", "web/site"), "TCP 8080");
    // The API admits everyone on its port (it is exposed), but batch may not send.
    let (api, batch) = (net.find("backend/api").expect("api"), w("backend/batch"));
    assert_eq!(reach.ingress_allows(api, batch).to_string(), "TCP 9000");
    assert_eq!(conn("backend/batch", "backend/api"), "No Connections");
    assert_eq!(conn("backend/api", "web/site"), "No Connections");
    assert_eq!(conn("web/site", "backend/batch"), "No Connections");
    assert_eq!(
        conn("ingress-nginx/controller", "backend/batch"),
        "No Connections"
    );
}

#[test]
fn workloads_sharing_labels_get_distinguishing_selectors() {
    // Both carry tier=backend; app tells them apart.
    let docs = [
        deploy("a", "one", "[{containerPort: 1000}]", "", ""),
        service("a", "one", "one", "[{port: 1000}]", ""),
        deploy(
            "a",
            "two",
            "[]",
            "        env: [{name: ONE, value: 'one:1000'}]\n",
            "",
        ),
    ];
    let text = docs.join("\n---\n");
    let inventory = inventory_from_yaml_with_addresses("t.yaml", &text).expect("reads");
    let net = Network::new(&inventory);
    let g = generate(&net, GenerateOptions::default());
    let yaml = &g.files[0].1;
    assert!(yaml.contains("matchLabels:\n      app: one\n"), "{yaml}");
    assert!(!yaml.contains("tier: backend"), "{yaml}");
    // Every rule says why.
    assert!(yaml.contains("# from a/two[Deployment]: env ONE of container \"main\": one:1000 -> Service one port 1000 -> TCP 1000"), "{yaml}");
}

#[test]
fn verification_fails_when_pods_cannot_be_told_apart() {
    // `a` and `b` carry the same labels: a rule for `a` also lets `b` out, and the check
    // must say so rather than pass.
    let same = |name: &str, extra: &str| {
        deploy("ns", name, "[]", extra, "")
            .replace(&format!("{{app: {name}, tier"), "{app: twin, tier")
            .replace(&format!("{{app: {name}}}"), "{app: twin}")
    };
    let docs = [
        same("a", "        env: [{name: C, value: 'c:80'}]\n"),
        same("b", ""),
        deploy("ns", "c", "[{containerPort: 80}]", "", ""),
        service("ns", "c", "c", "[{port: 80}]", ""),
    ];
    let text = docs.join("\n---\n");
    let inventory = inventory_from_yaml_with_addresses("t.yaml", &text).expect("reads");
    let net = Network::new(&inventory);
    let g = generate(&net, GenerateOptions::default());
    let v = verify(&net, &g.plan, &g.files).expect("reads back");
    assert!(!v.passed());
    assert_eq!(
        v.unexpected,
        ["ns/b[Deployment] => ns/c[Deployment] : TCP 80"]
    );
}

/// A workload that many Services expose (every LoadBalancer Service of the namespace selects
/// it) gets one rule, whose comment lists the first ways in and counts the rest — it listed
/// every Service, for every workload: a thousand such workloads made 157 MB of policies.
/// Ways in with other ports, or from the ingress controller, are entries of their own.
#[test]
fn many_ways_in_are_one_rule_listing_the_first() {
    let mut docs = vec![deploy(
        "web",
        "site",
        "[{containerPort: 8080}, {containerPort: 9090}]",
        "",
        "",
    )];
    for i in 0..12 {
        let port = if i < 9 { 8080 } else { 9090 };
        docs.push(service(
            "web",
            &format!("lb-{i:02}"),
            "site",
            &format!("[{{port: 80, targetPort: {port}}}]"),
            "  type: LoadBalancer\n",
        ));
    }
    let text = docs.join("\n---\n");
    let inventory = inventory_from_yaml_with_addresses("t.yaml", &text).expect("reads");
    let net = Network::new(&inventory);
    let g = generate(&net, GenerateOptions::default());
    let exposed: Vec<(String, usize, usize)> = g
        .plan
        .deps
        .exposed
        .iter()
        .map(|x| {
            let ports = PortSet::single(x.ports[0].0, x.ports[0].1, x.ports[0].1);
            (ports.to_string(), x.reasons.len(), x.ways)
        })
        .collect();
    assert_eq!(
        exposed,
        [
            ("TCP 8080".to_string(), REASONS_KEPT, 9),
            ("TCP 9090".to_string(), 3, 3)
        ]
    );
    // The first in order are listed, the rest counted.
    let first = &g.plan.deps.exposed[0];
    assert_eq!(
        first.reasons,
        (0..REASONS_KEPT)
            .map(|i| format!("Service lb-{i:02} (LoadBalancer) port 80 -> TCP 8080"))
            .collect::<Vec<_>>()
    );
    let yaml: String = g.files.iter().map(|(_, y)| y.as_str()).collect();
    assert_eq!(
        yaml.matches("# from anywhere: Service lb-").count(),
        REASONS_KEPT + 3
    );
    assert_eq!(
        yaml.matches("# from anywhere: and 4 more ways in").count(),
        1
    );
    let v = verify(&net, &g.plan, &g.files).expect("reads back");
    assert!(v.passed(), "{v:#?}");
    assert_eq!(v.exposed, ["web/site[Deployment] : TCP 8080,9090"]);
}
