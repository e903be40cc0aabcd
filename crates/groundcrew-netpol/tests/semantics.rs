//! NetworkPolicy semantics from the Kubernetes documentation, case by case, including every
//! case of ../shared/reference/netpol-semantics.md that peer tools got wrong.

use groundcrew_inventory::{Inventory, Protocol, inventory_from_yaml};
use groundcrew_netpol::explain::explain;
use groundcrew_netpol::{Network, Node, Reach};

fn inventory(yaml: &str) -> Inventory {
    inventory_from_yaml("test.yaml", yaml).expect("valid YAML")
}

/// A Deployment `ns/name` with pod labels and container ports (flow YAML).
fn deploy(ns: &str, name: &str, labels: &str, ports: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec:\n      containers: [{{name: c, image: 'x:1', ports: {ports}}}]"
    )
}

fn namespace(name: &str, labels: &str) -> String {
    format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}, labels: {labels}}}")
}

fn policy(ns: &str, name: &str, spec: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{spec}"
    )
}

/// `src => dst : conn` for every allowed connection between workloads.
fn table(docs: &[String]) -> Vec<String> {
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let reach = Reach::new(&net);
    let mut lines: Vec<String> = reach
        .connections(None)
        .into_iter()
        .filter(|c| matches!((c.src, c.dst), (Node::Workload(_), Node::Workload(_))))
        .map(|c| {
            format!(
                "{} => {} : {}",
                net.node_display(c.src),
                net.node_display(c.dst),
                c.conn
            )
        })
        .collect();
    lines.sort();
    lines
}

fn conn(docs: &[String], src: &str, dst: &str) -> String {
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let reach = Reach::new(&net);
    let s = net.find(src).expect("src");
    let d = net.find(dst).expect("dst");
    reach
        .connection(Node::Workload(s), Node::Workload(d))
        .to_string()
}

fn two_apps() -> Vec<String> {
    vec![
        namespace("a", "{team: a}"),
        deploy(
            "a",
            "web",
            "{app: web}",
            "[{containerPort: 8080, name: http}]",
        ),
        deploy(
            "a",
            "api",
            "{app: api}",
            "[{containerPort: 9090, name: http}]",
        ),
    ]
}

#[test]
fn without_policies_everything_is_allowed() {
    assert_eq!(
        table(&two_apps()),
        [
            "a/api[Deployment] => a/web[Deployment] : All Connections",
            "a/web[Deployment] => a/api[Deployment] : All Connections"
        ]
    );
}

#[test]
fn empty_pod_selector_selects_every_pod_and_empty_ingress_denies() {
    // kube-score#293/#420, KICS#3759: `podSelector: {}` selects all pods.
    let mut docs = two_apps();
    docs.push(policy("a", "deny", "  podSelector: {}\n  ingress: []"));
    assert!(table(&docs).is_empty());
    // policyTypes defaulting: ingress only, egress stays open (checked via egress side).
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let web = net.find("a/web").expect("web");
    assert!(net.isolated(web, groundcrew_netpol::Direction::Ingress));
    assert!(!net.isolated(web, groundcrew_netpol::Direction::Egress));
}

#[test]
fn ingress_with_an_empty_rule_allows_everything() {
    let mut docs = two_apps();
    docs.push(policy("a", "all", "  podSelector: {}\n  ingress: [{}]"));
    assert_eq!(table(&docs).len(), 2);
    assert_eq!(conn(&docs, "a/web", "a/api"), "All Connections");
}

#[test]
fn explicit_egress_without_rules_denies_all_egress() {
    let mut docs = two_apps();
    docs.push(policy(
        "a",
        "no-egress",
        "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]",
    ));
    assert_eq!(conn(&docs, "a/web", "a/api"), "No Connections");
    assert_eq!(conn(&docs, "a/api", "a/web"), "All Connections");
}

#[test]
fn both_ends_must_allow_on_a_common_port() {
    // Kubescape#3903: egress on 80 and ingress on 8080 allow nothing.
    let mut docs = two_apps();
    docs.push(policy("a", "web-out", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 80}]}]"));
    docs.push(policy("a", "api-in", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}, {port: 80, protocol: TCP}, {port: 53, protocol: UDP}]}]"));
    assert_eq!(conn(&docs, "a/web", "a/api"), "TCP 80");
}

#[test]
fn a_workload_always_reaches_itself() {
    // Kubescape#3904.
    let mut docs = two_apps();
    docs.push(policy(
        "a",
        "deny",
        "  podSelector: {}\n  policyTypes: [Ingress, Egress]",
    ));
    assert_eq!(conn(&docs, "a/web", "a/web"), "All Connections");
    assert_eq!(conn(&docs, "a/web", "a/api"), "No Connections");
}

#[test]
fn isolation_is_per_direction_and_rules_add_up() {
    let mut docs = two_apps();
    docs.push(policy("a", "p1", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 9090}]}]"));
    docs.push(policy("a", "p2", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 9091}]}]"));
    assert_eq!(conn(&docs, "a/web", "a/api"), "TCP 9090-9091");
    assert_eq!(conn(&docs, "a/api", "a/web"), "All Connections");
}

#[test]
fn peer_forms_and_or() {
    let base = vec![
        namespace("a", "{team: a}"),
        namespace("b", "{team: b}"),
        deploy("a", "db", "{app: db}", "[{containerPort: 5432}]"),
        deploy("a", "web", "{app: web}", "[]"),
        deploy("b", "web", "{app: web}", "[]"),
        deploy("b", "job", "{app: job}", "[]"),
    ];
    // Both in one element: pods labelled web in namespaces labelled team=b.
    let mut and = base.clone();
    and.push(policy("a", "db", "  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: web}}}]}]"));
    let to_db: Vec<String> = table(&and)
        .into_iter()
        .filter(|l| l.contains("=> a/db"))
        .collect();
    assert_eq!(
        to_db,
        ["b/web[Deployment] => a/db[Deployment] : All Connections"]
    );
    // Separate elements: any pod of team=b, or pods labelled web of the policy's namespace.
    let mut or = base.clone();
    or.push(policy("a", "db", "  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}, {podSelector: {matchLabels: {app: web}}}]}]"));
    let to_db: Vec<String> = table(&or)
        .into_iter()
        .filter(|l| l.contains("=> a/db"))
        .collect();
    assert_eq!(
        to_db,
        [
            "a/web[Deployment] => a/db[Deployment] : All Connections",
            "b/job[Deployment] => a/db[Deployment] : All Connections",
            "b/web[Deployment] => a/db[Deployment] : All Connections"
        ]
    );
    // namespaceSelector {}: every namespace.
    let mut all = base.clone();
    all.push(policy(
        "a",
        "db",
        "  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {}}]}]",
    ));
    assert_eq!(
        table(&all).iter().filter(|l| l.contains("=> a/db")).count(),
        3
    );
    // matchExpressions.
    let mut expr = base;
    expr.push(policy("a", "db", "  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a]}]}, podSelector: {matchExpressions: [{key: app, operator: In, values: [job]}]}}]}]"));
    let to_db: Vec<String> = table(&expr)
        .into_iter()
        .filter(|l| l.contains("=> a/db"))
        .collect();
    assert_eq!(
        to_db,
        ["b/job[Deployment] => a/db[Deployment] : All Connections"]
    );
}

#[test]
fn namespaces_match_by_metadata_name_even_when_not_defined() {
    let docs = vec![
        deploy("a", "db", "{app: db}", "[]"),
        deploy("monitoring", "prom", "{app: prom}", "[]"),
        policy(
            "a",
            "db",
            "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}]",
        ),
    ];
    assert_eq!(conn(&docs, "monitoring/prom", "a/db"), "All Connections");
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    assert!(
        net.undefined_namespaces
            .iter()
            .any(|n| &**n == "monitoring")
    );
}

#[test]
fn ports_protocols_ranges_and_named_ports() {
    let docs = vec![
        namespace("a", "{}"),
        deploy("a", "client", "{app: client}", "[]"),
        // The same name, different numbers on different workloads.
        deploy(
            "a",
            "one",
            "{tier: back}",
            "[{containerPort: 8080, name: http}, {containerPort: 53, name: dns, protocol: UDP}]",
        ),
        deploy(
            "a",
            "two",
            "{tier: back}",
            "[{containerPort: 9090, name: http}]",
        ),
        deploy(
            "a",
            "three",
            "{tier: back}",
            "[{containerPort: 7070, name: web}]",
        ),
        policy(
            "a",
            "back",
            "  podSelector: {matchLabels: {tier: back}}\n  ingress: [{ports: [{port: http}, {port: dns, protocol: UDP}, {port: 30000, endPort: 30010}, {protocol: SCTP}]}]",
        ),
    ];
    assert_eq!(
        conn(&docs, "a/client", "a/one"),
        "TCP 8080,30000-30010,UDP 53,SCTP 1-65535"
    );
    assert_eq!(
        conn(&docs, "a/client", "a/two"),
        "TCP 9090,30000-30010,SCTP 1-65535"
    );
    // A destination without the name gets nothing through it.
    assert_eq!(
        conn(&docs, "a/client", "a/three"),
        "TCP 30000-30010,SCTP 1-65535"
    );
    // A missing port: every port of the protocol; a missing protocol: TCP.
    let docs = vec![
        deploy("a", "client", "{app: client}", "[]"),
        deploy("a", "srv", "{app: srv}", "[]"),
        policy(
            "a",
            "srv",
            "  podSelector: {matchLabels: {app: srv}}\n  ingress: [{ports: [{protocol: UDP}, {port: 443}]}]",
        ),
    ];
    assert_eq!(conn(&docs, "a/client", "a/srv"), "TCP 443,UDP 1-65535");
}

#[test]
fn ip_blocks_cut_the_external_space_into_disjoint_ranges() {
    let docs = [
        deploy("a", "web", "{app: web}", "[]"),
        policy(
            "a",
            "out",
            "  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 443}]}]",
        ),
    ];
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let reach = Reach::new(&net);
    let lines: Vec<String> = reach
        .connections(None)
        .into_iter()
        .map(|c| {
            format!(
                "{} => {} : {}",
                net.node_display(c.src),
                net.node_display(c.dst),
                c.conn
            )
        })
        .collect();
    assert!(
        lines.contains(&"a/web[Deployment] => 10.0.0.0-10.0.255.255 : TCP 443".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"a/web[Deployment] => 10.2.0.0-10.255.255.255 : TCP 443".to_string()),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("=> 10.1.0.0-10.1.255.255")),
        "{lines:?}"
    );
    // Ingress from the outside: the workload is not isolated for ingress.
    assert!(
        lines.contains(&"0.0.0.0-9.255.255.255 => a/web[Deployment] : All Connections".to_string()),
        "{lines:?}"
    );
}

#[test]
fn host_network_pods_are_outside_network_policy() {
    let docs = vec![
        deploy("a", "db", "{app: db}", "[]"),
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: a}\nspec:\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: 'x:1'}]".to_string(),
        policy("a", "deny", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: agent}}}]}]"),
    ];
    // The agent is not isolated (policies do not apply to it), and a podSelector cannot name
    // it: its traffic comes from the node's address.
    assert_eq!(conn(&docs, "a/agent", "a/db"), "No Connections");
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let agent = net.find("a/agent").expect("agent");
    let db = net.find("a/db").expect("db");
    let v = explain(
        &net,
        Node::Workload(db),
        Node::Workload(agent),
        Protocol::Tcp,
        80,
    );
    assert!(v.ingress.reason.contains("host network"), "{v:?}");
}

#[test]
fn explanations_name_the_rule() {
    let mut docs = two_apps();
    docs.push(policy("a", "api-in", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]"));
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let web = Node::Workload(net.find("a/web").expect("web"));
    let api = Node::Workload(net.find("a/api").expect("api"));
    let ok = explain(&net, web, api, Protocol::Tcp, 9090);
    assert!(ok.allowed);
    assert!(ok.egress.reason.contains("not isolated for egress"));
    assert_eq!(ok.ingress.rules, ["NetworkPolicy a/api-in ingress[0]"]);
    let port = explain(&net, web, api, Protocol::Tcp, 8080);
    assert!(!port.allowed);
    assert!(port.ingress.reason.contains("but not TCP 8080"), "{port:?}");
    let peer = explain(&net, api, api, Protocol::Tcp, 1);
    assert!(peer.allowed);
    let other = explain(&net, api, web, Protocol::Tcp, 1);
    assert!(other.allowed);
    // Ambiguous names list the candidates.
    let mut docs = two_apps();
    docs.push("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web, namespace: a}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: 'x:1'}]".to_string());
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let err = net.find("a/web").expect_err("ambiguous");
    assert!(
        err.contains("a/web[Deployment]") && err.contains("a/web[StatefulSet]"),
        "{err}"
    );
    assert!(net.find("a/web[StatefulSet]").is_ok());
}

fn anp(name: &str, priority: u32, spec: &str) -> String {
    format!(
        "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {{name: {name}}}\nspec:\n  priority: {priority}\n{spec}"
    )
}

fn banp(spec: &str) -> String {
    format!(
        "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {{name: default}}\nspec:\n{spec}"
    )
}

fn tenants() -> Vec<String> {
    vec![
        namespace("a", "{tenant: a}"),
        namespace("b", "{tenant: b}"),
        namespace("monitoring", "{role: monitoring}"),
        deploy("a", "db", "{app: db}", "[{containerPort: 5432, name: pg}]"),
        deploy("b", "web", "{app: web}", "[]"),
        deploy("monitoring", "prom", "{app: prom}", "[]"),
    ]
}

/// The tenants, with a NetworkPolicy letting `db_ingress` into tenant a's pods and an
/// AdminNetworkPolicy denying tenant b into tenant a.
fn isolated_tenants(db_ingress: &str) -> Vec<String> {
    let mut docs = tenants();
    docs.push(policy(
        "a",
        "db",
        &format!("  podSelector: {{}}\n  ingress: [{db_ingress}]"),
    ));
    docs.push(anp("isolate-tenants", 10, "  subject: {namespaces: {matchLabels: {tenant: a}}}\n  ingress:\n  - name: deny-other-tenants\n    action: Deny\n    from: [{namespaces: {matchLabels: {tenant: b}}}]"));
    docs
}

#[test]
fn admin_deny_overrides_network_policy_allow() {
    let docs = isolated_tenants("{from: [{namespaceSelector: {}}]}");
    assert_eq!(conn(&docs, "b/web", "a/db"), "No Connections");
    assert_eq!(conn(&docs, "monitoring/prom", "a/db"), "All Connections");
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let web = Node::Workload(net.find("b/web").expect("web"));
    let db = Node::Workload(net.find("a/db").expect("db"));
    let v = explain(&net, web, db, Protocol::Tcp, 5432);
    assert!(!v.allowed);
    assert!(
        v.ingress
            .reason
            .contains("AdminNetworkPolicy isolate-tenants ingress[0]"),
        "{v:?}"
    );
}

#[test]
fn admin_allow_overrides_network_policy_deny_on_its_ports() {
    let mut docs = tenants();
    docs.push(policy("a", "deny", "  podSelector: {}\n  ingress: []"));
    docs.push(anp("monitoring", 5, "  subject: {namespaces: {}}\n  ingress:\n  - name: scrape\n    action: Allow\n    from: [{namespaces: {matchLabels: {role: monitoring}}}]\n    ports: [{namedPort: pg}, {portRange: {protocol: TCP, start: 9100, end: 9102}}]"));
    assert_eq!(conn(&docs, "monitoring/prom", "a/db"), "TCP 5432,9100-9102");
    assert_eq!(conn(&docs, "b/web", "a/db"), "No Connections");
}

#[test]
fn priority_order_and_pass() {
    let mut docs = tenants();
    // The lower priority number wins: Allow at 1 beats Deny at 2.
    docs.push(anp("allow-web", 1, "  subject: {pods: {namespaceSelector: {matchLabels: {tenant: a}}, podSelector: {matchLabels: {app: db}}}}\n  ingress:\n  - {name: web, action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}"));
    docs.push(anp("deny-all", 2, "  subject: {namespaces: {}}\n  ingress:\n  - {name: all, action: Deny, from: [{namespaces: {}}]}"));
    assert_eq!(conn(&docs, "b/web", "a/db"), "All Connections");
    assert_eq!(conn(&docs, "monitoring/prom", "a/db"), "No Connections");
    // Pass hands the decision to NetworkPolicies (none isolate), then to the baseline.
    let mut pass = tenants();
    pass.push(anp("pass", 1, "  subject: {namespaces: {}}\n  ingress:\n  - {name: p, action: Pass, from: [{namespaces: {}}]}"));
    pass.push(anp("deny-all", 2, "  subject: {namespaces: {}}\n  ingress:\n  - {name: all, action: Deny, from: [{namespaces: {}}]}"));
    assert_eq!(conn(&pass, "b/web", "a/db"), "All Connections");
    pass.push(banp("  subject: {namespaces: {}}\n  ingress:\n  - {name: baseline-deny, action: Deny, from: [{namespaces: {matchLabels: {tenant: b}}}]}"));
    assert_eq!(conn(&pass, "b/web", "a/db"), "No Connections");
    assert_eq!(conn(&pass, "monitoring/prom", "a/db"), "All Connections");
}

#[test]
fn the_baseline_applies_only_where_network_policies_do_not_isolate() {
    let mut docs = tenants();
    docs.push(banp("  subject: {namespaces: {}}\n  ingress:\n  - {name: deny, action: Deny, from: [{namespaces: {}}]}"));
    assert_eq!(conn(&docs, "b/web", "a/db"), "No Connections");
    // A NetworkPolicy that isolates db and allows web decides instead.
    docs.push(policy("a", "db", "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {tenant: b}}}], ports: [{port: 5432}]}]"));
    assert_eq!(conn(&docs, "b/web", "a/db"), "TCP 5432");
    assert_eq!(conn(&docs, "monitoring/prom", "a/db"), "No Connections");
}

/// `Reach::lateral` (where an attacker moves next: a declared port, or any port when none is
/// declared) agrees with the connection of every pair tested against the declared ports.
fn assert_lateral_agrees(docs: &[String]) -> usize {
    let inv = inventory(&docs.join("\n---\n"));
    let net = Network::new(&inv);
    let reach = Reach::new(&net);
    let mut moves = 0;
    for src in 0..net.endpoints.len() {
        let want: Vec<usize> = (0..net.endpoints.len())
            .filter(|&d| {
                let conn = reach.connection(Node::Workload(src), Node::Workload(d));
                let ports = net.endpoints[d].ports;
                d != src
                    && !conn.is_empty()
                    && (ports.is_empty() || ports.iter().any(|p| conn.contains(p.protocol, p.port)))
            })
            .collect();
        assert_eq!(reach.lateral(src), want, "from {}", net.endpoints[src].name);
        // The same moves, as the attack graph holds them: those beyond the flat part, and
        // every flat receiver for a flat sender.
        let beyond = reach.lateral_beyond_flat(src);
        let mut rebuilt = beyond.clone();
        let flat = reach.flat();
        if flat.sends(src) {
            assert!(
                beyond.iter().all(|&d| !flat.accepts(d)),
                "flat pairs listed"
            );
            rebuilt.extend(flat.receivers.iter().copied().filter(|&d| d != src));
        }
        rebuilt.sort_unstable();
        rebuilt.dedup();
        assert_eq!(rebuilt, want, "flat from {}", net.endpoints[src].name);
        moves += want.len();
    }
    moves
}

#[test]
fn lateral_moves_agree_with_connections() {
    // No policies: everyone reaches everyone.
    assert_eq!(assert_lateral_agrees(&two_apps()), 2);
    // Ingress on a named port that only one workload declares under that name, egress to a
    // port another one does not listen on, and UDP against a TCP listener.
    let mut docs = two_apps();
    docs.push(deploy(
        "a",
        "dns",
        "{app: dns}",
        "[{containerPort: 53, name: dns, protocol: UDP}]",
    ));
    docs.push(policy(
        "a",
        "web-in",
        "  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: http}]}]",
    ));
    docs.push(policy(
        "a",
        "api-out",
        "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 8080}, {port: 53, protocol: TCP}]}]",
    ));
    let moves = assert_lateral_agrees(&docs);
    assert!(moves > 0 && moves < 6, "{moves}");
    // Admin policies decide too.
    assert_lateral_agrees(&isolated_tenants(
        "{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}",
    ));
}
