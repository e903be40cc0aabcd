//! `groundcrew paths` end to end: the Tesla scenario on the real dashboard manifests,
//! lateral movement cut by a NetworkPolicy, node escape, ranking of exposed over internal,
//! RBAC escalation chains, and a clean application with no path.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn paths(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["paths", d.as_str(), "--format", "json", "--limit", "100"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)
}

/// `entry → target` of every path, in rank order.
fn summary(v: &serde_json::Value) -> Vec<String> {
    v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} → {}",
                p["entry"].as_str().unwrap(),
                p["target"].as_str().unwrap()
            )
        })
        .collect()
}

/// One field (`label`, `reason`...) of every step of a path.
fn step_fields(path: &serde_json::Value, field: &str) -> Vec<String> {
    path["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[field].as_str().unwrap().to_string())
        .collect()
}

const TESLA_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: dashboard-public, namespace: kube-system}\nspec:\n  type: LoadBalancer\n  selector: {k8s-app: kubernetes-dashboard}\n  ports: [{port: 443, targetPort: 8443}]\n";
const TESLA_BINDING: &str = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dashboard-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: kubernetes-dashboard, namespace: kube-system}]\n";

fn dashboard(dir: &Path, service: bool, binding: bool) {
    fs::copy(
        shared().join("corpus/kubernetes-dashboard/v1.10.1/recommended/kubernetes-dashboard.yaml"),
        dir.join("dashboard.yaml"),
    )
    .unwrap();
    if service {
        fs::write(dir.join("service.yaml"), TESLA_SERVICE).unwrap();
    }
    if binding {
        fs::write(dir.join("binding.yaml"), TESLA_BINDING).unwrap();
    }
}

#[test]
fn tesla_exposed_dashboard_bound_to_cluster_admin_ranks_first() {
    let dir = tempfile::tempdir().unwrap();
    dashboard(dir.path(), true, true);
    let v = paths(dir.path(), &[]);
    let first = &v["paths"][0];
    assert_eq!(first["entry"], "internet");
    assert_eq!(first["target"], "cluster-admin");
    assert_eq!(first["severity"], "critical");
    let kinds: Vec<&str> = first["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["object"]["kind"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        kinds,
        [
            "-",
            "Service",
            "Deployment",
            "ServiceAccount",
            "ClusterRoleBinding",
            "-"
        ]
    );
    // The scan's findings on the path's objects, by id (GC1121: a cluster-admin token
    // mounted by the dashboard is one of them).
    let report = json(&run(&[
        "scan",
        &dir.path().to_string_lossy(),
        "--format",
        "json",
        "--control",
        "GC1121",
    ]));
    let gc1121 = report["findings"][0]["id"].as_str().unwrap().to_string();
    assert!(
        first["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == gc1121.as_str())
    );
    // The entry workload is a sensitive interface with weaknesses that widen a foothold.
    let reason = first["steps"][2]["reason"].as_str().unwrap();
    assert!(
        reason.contains("sensitive interface kubernetes-dashboard")
            && reason.contains("may run as root"),
        "{reason}"
    );
    // Every step but the ends points at its file and line.
    let location = first["steps"][2]["location"].as_str().unwrap();
    assert!(location.ends_with("dashboard.yaml:92:1"), "{location}");
    assert!(
        first["steps"][4]["location"]
            .as_str()
            .unwrap()
            .contains("binding.yaml:")
    );

    // As shipped (ClusterIP Service, a namespaced role): no path at all.
    let shipped = tempfile::tempdir().unwrap();
    dashboard(shipped.path(), false, false);
    assert_eq!(summary(&paths(shipped.path(), &[])), Vec::<String>::new());
    // The binding alone: only a compromised pod gets there, not the internet.
    let bound = tempfile::tempdir().unwrap();
    dashboard(bound.path(), false, true);
    assert_eq!(
        summary(&paths(bound.path(), &[])),
        ["cluster → cluster-admin"]
    );
    assert_eq!(
        summary(&paths(bound.path(), &["--from", "internet"])),
        Vec::<String>::new()
    );
    // The Service alone: exposed, but it leads nowhere.
    let exposed = tempfile::tempdir().unwrap();
    dashboard(exposed.path(), true, false);
    assert_eq!(summary(&paths(exposed.path(), &[])), Vec::<String>::new());
}

fn deploy(
    ns: &str,
    name: &str,
    labels: &str,
    port: u16,
    spec_extra: &str,
    container_extra: &str,
) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec:\n      automountServiceAccountToken: false\n{spec_extra}      containers:\n      - name: c\n        image: registry.example.com/{name}:1\n        ports: [{{containerPort: {port}}}]\n{container_extra}---\n"
    )
}

fn lb(ns: &str, name: &str, selector: &str, port: u16) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {{type: LoadBalancer, selector: {selector}, ports: [{{port: 80, targetPort: {port}}}]}}\n---\n"
    )
}

#[test]
fn lateral_movement_to_the_payment_api_is_cut_by_a_policy() {
    let dir = tempfile::tempdir().unwrap();
    let app = format!(
        "{}{}{}{}",
        deploy("shop", "image-resizer", "{app: resizer}", 8080, "", ""),
        lb("shop", "resizer", "{app: resizer}", 8080),
        deploy("shop", "payment-api", "{app: payment}", 9000, "", ""),
        deploy("shop", "orders", "{app: orders}", 7000, "", ""),
    );
    fs::write(dir.path().join("app.yaml"), &app).unwrap();
    let v = paths(dir.path(), &["--from", "internet", "--to", "sensitive"]);
    assert_eq!(
        summary(&v),
        ["internet → sensitive:shop/payment-api[Deployment]"]
    );
    let labels = step_fields(&v["paths"][0], "label");
    assert!(
        labels.contains(&"Deployment shop/image-resizer".to_string()),
        "{labels:?}"
    );

    // The payment API admits only the orders service: the resizer can no longer reach it.
    let policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: payment, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: payment}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: orders}}}], ports: [{port: 9000}]}]\n";
    fs::write(dir.path().join("policy.yaml"), policy).unwrap();
    let v = paths(dir.path(), &["--from", "internet", "--to", "sensitive"]);
    // The direct move is gone; the path now needs a hop through the orders service, and
    // scores lower.
    let labels = step_fields(&v["paths"][0], "label");
    assert!(
        labels.contains(&"Deployment shop/orders".to_string()),
        "{labels:?}"
    );
    // Isolate the orders service too: no way in from the internet.
    fs::write(
        dir.path().join("orders.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: orders, namespace: shop}\nspec: {podSelector: {matchLabels: {app: orders}}, policyTypes: [Ingress]}\n",
    )
    .unwrap();
    let v = paths(dir.path(), &["--from", "internet", "--to", "sensitive"]);
    assert_eq!(summary(&v), Vec::<String>::new());
    // From inside, the orders service still reaches it: that path stays.
    let v = paths(dir.path(), &["--from", "cluster", "--to", "sensitive"]);
    assert!(summary(&v).contains(&"cluster → sensitive:shop/payment-api[Deployment]".to_string()));
}

#[test]
fn node_escape_from_an_exposed_daemonset_outranks_an_internal_privileged_workload() {
    let dir = tempfile::tempdir().unwrap();
    let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: log-agent, namespace: ops}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      automountServiceAccountToken: false\n      hostPID: true\n      volumes: [{name: root, hostPath: {path: /}}]\n      containers: [{name: c, image: 'registry.example.com/agent:1', ports: [{containerPort: 9100}]}]\n---\n";
    let internal = deploy(
        "ops",
        "debugger",
        "{app: debugger}",
        7000,
        "",
        "        securityContext: {privileged: true}\n",
    );
    fs::write(
        dir.path().join("a.yaml"),
        format!("{ds}{}{internal}", lb("ops", "agent", "{app: agent}", 9100)),
    )
    .unwrap();
    let v = paths(dir.path(), &["--to", "node"]);
    let list = summary(&v);
    assert_eq!(list[0], "internet → node", "{list:?}");
    let reason = v["paths"][0]["steps"][3]["reason"].as_str().unwrap();
    assert!(
        reason.contains("hostPID") && reason.contains("host path /"),
        "{reason}"
    );
    let s0 = v["paths"][0]["score"].as_f64().unwrap();
    let internal_score = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["steps"][1]["label"]
                .as_str()
                .unwrap()
                .contains("debugger")
        })
        .unwrap()["score"]
        .as_f64()
        .unwrap();
    assert!(s0 > internal_score, "{s0} vs {internal_score}");
}

#[test]
fn rbac_escalation_chain_create_pods_in_kube_system() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{}{}{}",
        deploy(
            "web",
            "portal",
            "{app: portal}",
            8080,
            "      serviceAccountName: deployer\n",
            ""
        )
        .replace(
            "automountServiceAccountToken: false",
            "automountServiceAccountToken: true"
        ),
        lb("web", "portal", "{app: portal}", 8080),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: pod-maker, namespace: kube-system}\nrules: [{apiGroups: [''], resources: [pods], verbs: [create]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: deployer-pods, namespace: kube-system}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-maker}\nsubjects: [{kind: ServiceAccount, name: deployer, namespace: web}]\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: admin-bot, namespace: kube-system}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: admin-bot}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: admin-bot, namespace: kube-system}]\n"
    );
    fs::write(dir.path().join("a.yaml"), yaml).unwrap();
    let v = paths(dir.path(), &["--from", "internet", "--to", "cluster-admin"]);
    assert_eq!(summary(&v), ["internet → cluster-admin"]);
    let reasons = step_fields(&v["paths"][0], "reason");
    assert!(
        reasons.iter().any(|r| r.contains("admin-bot")),
        "{reasons:#?}"
    );
}

#[test]
fn a_clean_application_has_no_path() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{}{}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: web, namespace: shop}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{{ports: [{{port: 8080}}]}}]\n",
        deploy("shop", "web", "{app: web}", 8080, "", ""),
        lb("shop", "web", "{app: web}", 8080),
    );
    fs::write(dir.path().join("a.yaml"), yaml).unwrap();
    let v = paths(dir.path(), &[]);
    assert_eq!(summary(&v), Vec::<String>::new());
    let out = run(&["paths", &dir.path().to_string_lossy(), "--fail-on", "low"]);
    assert_eq!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("No attack path"));
}

#[test]
fn blast_radius_and_pictures() {
    let dir = tempfile::tempdir().unwrap();
    dashboard(dir.path(), true, true);
    let d = dir.path().to_string_lossy().into_owned();
    let out = run(&[
        "paths",
        &d,
        "--blast-radius",
        "kube-system/kubernetes-dashboard",
    ]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("is compromised") && text.contains("cluster-admin"),
        "{text}"
    );
    let out = run(&["paths", &d, "--format", "mermaid", "--from", "internet"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("flowchart LR") && text.contains("-->"),
        "{text}"
    );
    let out = run(&["paths", &d, "--format", "dot", "--from", "internet"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("digraph paths"));
    // A CI gate: a critical path fails --fail-on critical; a clean app passes it.
    assert_eq!(code(&run(&["paths", &d, "--fail-on", "critical"])), 1);
    assert_eq!(code(&run(&["paths", &d, "--fail-on", "sideways"])), 2);
    // Unknown workload: a usage error.
    assert_eq!(code(&run(&["paths", &d, "--blast-radius", "nope/nope"])), 2);
}

/// Paths beyond `--limit` are not described but still counted, summarised by entry and
/// target, and gated by `--fail-on`.
#[test]
fn paths_beyond_the_limit_are_counted_and_gated() {
    let dir = tempfile::tempdir().unwrap();
    dashboard(dir.path(), true, true);
    let d = dir.path().to_string_lossy().into_owned();
    let all = paths(dir.path(), &[]);
    let total = all["paths"].as_array().unwrap().len();
    assert!(total >= 2, "{all}");
    let worst = all["paths"][0]["severity"].as_str().unwrap().to_string();
    let out = run(&["paths", &d, "--format", "json", "--limit", "1"]);
    let one = json(&out);
    assert_eq!(one["paths"].as_array().unwrap().len(), 1);
    assert_eq!(one["paths"][0], all["paths"][0]);
    assert_eq!(one["total"], total);
    // The omitted ones, per `entry → target kind`, are the others of the full list.
    let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
    for p in &all["paths"].as_array().unwrap()[1..] {
        let target = p["target"].as_str().unwrap();
        let target = target.split(':').next().unwrap();
        *expected
            .entry(format!("{} → {target}", p["entry"].as_str().unwrap()))
            .or_default() += 1;
    }
    assert_eq!(one["omitted"], serde_json::to_value(&expected).unwrap());
    let text = String::from_utf8_lossy(&run(&["paths", &d, "--limit", "1"]).stdout).into_owned();
    assert!(
        text.contains(&format!("{} more paths not shown (--limit)", total - 1)),
        "{text}"
    );
    // None shown, yet the gate sees them all.
    assert_eq!(
        code(&run(&["paths", &d, "--limit", "0", "--fail-on", &worst])),
        1
    );
}

#[test]
fn paths_read_everything_and_report_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    dashboard(dir.path(), true, true);
    fs::write(dir.path().join("bad.yaml"), "kind: [\n").unwrap();
    let out = run(&["paths", &dir.path().to_string_lossy(), "--format", "json"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.yaml:"));
    assert_eq!(json(&out)["paths"][0]["target"], "cluster-admin");
}

#[test]
fn scan_reports_rank_findings_by_the_paths_they_lie_on() {
    let dir = tempfile::tempdir().unwrap();
    dashboard(dir.path(), true, true);
    // An unexposed, unprivileged workload elsewhere whose egress is denied: its findings
    // lie on no path.
    fs::write(
        dir.path().join("other.yaml"),
        format!(
            "{}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: deny, namespace: misc}}\nspec: {{podSelector: {{}}, policyTypes: [Egress]}}\n",
            deploy("misc", "worker", "{app: worker}", 9000, "", "")
        ),
    )
    .unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let report = json(&run(&["scan", &d, "--format", "json"]));
    let fix = &report["attackPaths"]["fixFirst"][0];
    assert_eq!(fix["control"], "GC1121", "{fix}");
    // Both paths run through the dashboard's token: from the internet and from a
    // compromised dashboard pod.
    assert_eq!(fix["breaks"], serde_json::json!(["P1", "P2"]));
    assert_eq!(report["attackPaths"]["total"], 2);
    assert_eq!(
        report["attackPaths"]["workloads"][0]["workload"],
        "kube-system/kubernetes-dashboard[Deployment]"
    );
    let findings = report["findings"].as_array().unwrap();
    let risk = |control: &str, name: &str| {
        findings
            .iter()
            .find(|f| f["control"] == control && f["resource"]["name"] == name)
            .unwrap()["risk"]
            .as_u64()
            .unwrap()
    };
    // Critical and on the internet → cluster-admin path: the top of the scale.
    assert_eq!(risk("GC1121", "kubernetes-dashboard"), 100);
    // The same control family (resource limits, high) on and off the path.
    assert!(risk("GC301", "kubernetes-dashboard") > risk("GC301", "worker"));
    assert_eq!(risk("GC301", "worker"), 30);
    // Every format that has findings says so.
    let pretty = String::from_utf8_lossy(&run(&["scan", &d]).stdout).to_string();
    assert!(
        pretty.starts_with("Fix these first\n  1. GC1121"),
        "{pretty}"
    );
    let md =
        String::from_utf8_lossy(&run(&["scan", &d, "--format", "markdown"]).stdout).to_string();
    assert!(md.contains("### Fix these first"));
    let sarif = json(&run(&["scan", &d, "--format", "sarif"]));
    let ranked = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rank"] == 100.0 && r["ruleId"] == "GC1121");
    assert!(ranked);
    assert_eq!(
        sarif["runs"][0]["properties"]["fixFirst"][0]["control"],
        "GC1121"
    );
    let junit =
        String::from_utf8_lossy(&run(&["scan", &d, "--format", "junit"]).stdout).to_string();
    assert!(junit.contains("[risk 100]"));
    // --no-paths: no risk, no summary.
    let plain = json(&run(&["scan", &d, "--format", "json", "--no-paths"]));
    assert!(plain.get("attackPaths").is_none());
    assert!(plain["findings"][0].get("risk").is_none());
}

#[test]
fn host_ports_are_entry_points_and_blast_radius_lists_workloads() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{}{}",
        deploy(
            "edge",
            "proxy",
            "{app: proxy}",
            8443,
            "",
            "        securityContext: {capabilities: {add: [SYS_ADMIN]}}\n"
        )
        .replace(
            "ports: [{containerPort: 8443}]",
            "ports: [{containerPort: 8443, hostPort: 443}]"
        ),
        deploy("edge", "cache", "{app: cache}", 6379, "", ""),
    );
    fs::write(dir.path().join("a.yaml"), yaml).unwrap();
    let v = paths(dir.path(), &["--from", "internet", "--to", "node"]);
    assert_eq!(summary(&v), ["internet → node"]);
    let step = &v["paths"][0]["steps"][1];
    assert_eq!(step["label"], "node address of edge/proxy[Deployment]");
    assert!(step["reason"].as_str().unwrap().contains("hostPort 443"));
    let v = paths(dir.path(), &["--blast-radius", "edge/proxy"]);
    assert_eq!(
        v["workloads"],
        serde_json::json!(["edge/cache[Deployment]"])
    );
    assert_eq!(v["paths"][0]["target"], "node");
}

#[test]
fn microservices_demo_paths_follow_its_policies() {
    let demo = |which: &str| {
        shared()
            .join(format!("corpus/microservices-demo/rendered/{which}.yaml"))
            .to_string_lossy()
            .into_owned()
    };
    let blast = |which: &str| {
        json(&run(&[
            "paths",
            &demo(which),
            "--blast-radius",
            "onlineboutique/frontend",
            "--format",
            "json",
        ]))
    };
    let steps = |v: &serde_json::Value, target: &str| -> Vec<String> {
        let path = v["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["target"] == target)
            .unwrap();
        step_fields(path, "label")
    };
    let redis = "sensitive:onlineboutique/redis-cart[Deployment]";
    // Without policies the frontend reaches Redis directly; with the upstream policies only
    // through the cart service, the one client Redis admits.
    let open = steps(&blast("helm-default"), redis);
    assert_eq!(open.len(), 4, "{open:?}");
    let segmented = steps(&blast("helm-networkpolicies"), redis);
    assert!(
        segmented.contains(&"Deployment onlineboutique/cartservice".to_string()),
        "{segmented:?}"
    );
    // The load generator is outside the frontend's reach under the upstream policies.
    let v = blast("helm-networkpolicies");
    let reached: Vec<&str> = v["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(!reached.contains(&"onlineboutique/loadgenerator[Deployment]"));
}

#[test]
fn host_paths_hand_over_the_node_as_the_host_path_controls_say() {
    // The same configuration decides GC311 and the escape edge: a data directory is not a
    // way onto the node until the configuration says it is.
    let dir = tempfile::tempdir().unwrap();
    let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: ops}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      automountServiceAccountToken: false\n      volumes: [{name: data, hostPath: {path: /srv/agent}}]\n      containers: [{name: c, image: 'registry.example.com/agent:1', ports: [{containerPort: 9100}]}]\n---\n";
    fs::write(
        dir.path().join("a.yaml"),
        format!("{ds}{}", lb("ops", "agent", "{app: agent}", 9100)),
    )
    .unwrap();
    let to_node = |d: &Path| {
        let out = run_in(d, &["paths", ".", "--to", "node", "--format", "json"]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        summary(&json(&out))
    };
    assert_eq!(to_node(dir.path()), Vec::<String>::new());
    fs::write(
        dir.path().join(".groundcrew.yaml"),
        "controlInputs:\n  sensitiveHostPaths: [/srv]\n",
    )
    .unwrap();
    assert_eq!(to_node(dir.path()), ["internet → node", "cluster → node"]);
}

#[test]
fn a_cluster_without_policies_is_one_flat_network() {
    // 600 workloads in 3 namespaces, no NetworkPolicy but two: `vault` admits nothing,
    // `sandbox` sends nothing. Every other workload reaches every other and the sandbox;
    // nothing reaches the vault; the sandbox reaches nothing. (The attack graph holds the
    // flat part as two lists, not as the 358,000 pairs.)
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::new();
    for i in 0..600 {
        let ns = ["a", "b", "c"][i % 3];
        let name = match i {
            0 => "vault".to_string(),
            1 => "sandbox".to_string(),
            _ => format!("app-{i}"),
        };
        yaml.push_str(&deploy(
            ns,
            &name,
            &format!("{{app: {name}}}"),
            8080,
            "",
            "",
        ));
    }
    yaml.push_str("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: vault, namespace: a}\nspec: {podSelector: {matchLabels: {app: vault}}, policyTypes: [Ingress]}\n---\n");
    yaml.push_str("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: sandbox, namespace: b}\nspec: {podSelector: {matchLabels: {app: sandbox}}, policyTypes: [Egress]}\n");
    fs::write(dir.path().join("flat.yaml"), yaml).unwrap();
    let reached = |from: &str| -> Vec<String> {
        let v = paths(dir.path(), &["--blast-radius", from]);
        v["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect()
    };
    let from_app = reached("c/app-2");
    assert_eq!(from_app.len(), 598, "all but itself and the vault");
    assert!(from_app.contains(&"b/sandbox[Deployment]".to_string()));
    assert!(from_app.contains(&"a/app-3[Deployment]".to_string()));
    assert!(
        !from_app
            .iter()
            .any(|w| w.contains("vault") || w == "c/app-2[Deployment]")
    );
    assert!(reached("b/sandbox").is_empty());
    assert_eq!(reached("a/vault").len(), 599, "the vault sends anywhere");
}
