//! NetworkPolicy selection and exposure, from the Kubernetes NetworkPolicy documentation:
//! `podSelector: {}` selects every pod of the namespace; without `policyTypes` a policy
//! isolates ingress always and egress only when it has egress rules; `policyTypes: [Egress]`
//! with no rules isolates egress; policies only select pods of their own namespace; pods on
//! the host network are outside NetworkPolicy's reach.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn deploy(ns: &str, name: &str, labels: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec: {{{extra}containers: [{{name: c, image: 'registry.example.com/{name}:1'}}]}}\n---\n"
    )
}

fn policy(ns: &str, spec: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: {ns}}}\nspec: {spec}\n---\n"
    )
}

fn scan(yaml: &str, control: &str, config: Option<&str>) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.yaml");
    std::fs::write(&file, yaml).unwrap();
    let mut args = vec![
        "scan".to_string(),
        file.to_string_lossy().into_owned(),
        "--control".into(),
        control.into(),
        "--format".into(),
        "json".into(),
    ];
    if let Some(c) = config {
        let cfg = dir.path().join("config.yaml");
        std::fs::write(&cfg, c).unwrap();
        args.extend(["--config".into(), cfg.to_string_lossy().into_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    assert_ne!(code(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)
}

/// (resource name, Kubescape IDs) of the findings.
fn failures(r: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource"]["name"].as_str().unwrap().to_string(),
                f["references"]["kubescape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn empty_pod_selector_selects_every_pod() {
    let yaml = deploy("shop", "web", "{app: web}", "")
        + &deploy("shop", "api", "{app: api}", "")
        + &policy("shop", "{podSelector: {}, policyTypes: [Ingress, Egress]}");
    let r = scan(&yaml, "GC702", None);
    assert_eq!(failures(&r), vec![], "{}", r["findings"]);
    assert_eq!(r["controls"][0]["status"], "passed");
    assert_eq!(r["controls"][0]["passed"], 2);
}

#[test]
fn policy_types_default_from_the_rules() {
    // No policyTypes, no egress rules: ingress only.
    let yaml = deploy("shop", "web", "{app: web}", "")
        + &policy(
            "shop",
            "{podSelector: {matchLabels: {app: web}}, ingress: [{}]}",
        );
    let r = scan(&yaml, "GC702", None);
    assert_eq!(failures(&r), vec![("web".into(), vec!["C-0030".into()])]);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("egress")
    );
    // No policyTypes, egress rules: both directions.
    let yaml = deploy("shop", "web", "{app: web}", "")
        + &policy(
            "shop",
            "{podSelector: {matchLabels: {app: web}}, egress: [{to: [{podSelector: {}}]}]}",
        );
    assert_eq!(failures(&scan(&yaml, "GC702", None)), vec![]);
    // Explicit [Egress] without rules denies all egress; ingress stays open.
    let yaml = deploy("shop", "web", "{app: web}", "")
        + &policy("shop", "{podSelector: {}, policyTypes: [Egress]}");
    let r = scan(&yaml, "GC702", None);
    assert_eq!(failures(&r), vec![("web".into(), vec!["C-0030".into()])]);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("ingress")
    );
    // Two policies, one per direction: the union isolates both.
    let yaml = deploy("shop", "web", "{app: web}", "")
        + &policy("shop", "{podSelector: {}, policyTypes: [Egress]}")
        + &policy(
            "shop",
            "{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}",
        );
    assert_eq!(failures(&scan(&yaml, "GC702", None)), vec![]);
}

#[test]
fn selection_is_per_namespace_and_by_expressions() {
    let yaml = deploy("shop", "web", "{app: web, tier: front}", "")
        + &deploy("pay", "ledger", "{app: ledger}", "")
        + &policy(
            "shop",
            "{podSelector: {matchExpressions: [{key: tier, operator: In, values: [front, back]}]}, policyTypes: [Ingress, Egress]}",
        )
        + &policy("other", "{podSelector: {}, policyTypes: [Ingress, Egress]}");
    let r = scan(&yaml, "GC702", None);
    assert_eq!(
        failures(&r),
        vec![("ledger".into(), vec!["C-0030".into(), "C-0260".into()])]
    );
}

#[test]
fn host_network_and_system_namespaces() {
    let yaml = deploy("shop", "agent", "{app: agent}", "hostNetwork: true, ")
        + &deploy("kube-system", "dns", "{app: dns}", "")
        + &policy("shop", "{podSelector: {}, policyTypes: [Ingress, Egress]}");
    let r = scan(&yaml, "GC702", None);
    assert_eq!(failures(&r).len(), 1, "{}", r["findings"]);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("host network")
    );
}

#[test]
fn namespaces_without_policies() {
    // A Namespace object, and a namespace only objects name.
    let yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n".to_string()
        + &deploy("pay", "ledger", "{app: ledger}", "")
        + &deploy("kube-system", "dns", "{app: dns}", "")
        + &deploy("ok", "web", "{app: web}", "")
        + &policy("ok", "{podSelector: {}}");
    let r = scan(&yaml, "GC701", None);
    let findings = r["findings"].as_array().unwrap();
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        vec![
            "namespace \"shop\" has no NetworkPolicy",
            "namespace \"pay\" has no NetworkPolicy"
        ]
    );
    assert_eq!(findings[0]["resource"]["kind"], "Namespace");
    assert_eq!(findings[1]["resource"]["kind"], "Deployment");
    assert_eq!(findings[1]["path"], "metadata.namespace");
}

#[test]
fn exposure_through_services_and_ingresses() {
    let service = |name: &str, ty: &str, app: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: ml}}\nspec: {{type: {ty}, selector: {{app: {app}}}, ports: [{{port: 80}}]}}\n---\n"
        )
    };
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: ml}\nspec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: nb, port: {number: 80}}}}]}}]}\n---\n";
    let yaml = deploy("ml", "jupyter", "{app: jupyter}", "")
        + &deploy("ml", "mlflow-ui", "{app: mlflow}", "")
        + &deploy("ml", "grafana", "{app: grafana}", "")
        + &service("nb", "ClusterIP", "jupyter")
        + ingress
        + &service("tracking", "LoadBalancer", "mlflow")
        + &service("graphs", "ClusterIP", "grafana");
    let r = scan(&yaml, "GC704", None);
    let mut names: Vec<String> = failures(&r).into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(names, vec!["jupyter", "mlflow-ui"]);
    assert_eq!(
        r["controls"][0]["passed"], 1,
        "grafana is sensitive but not exposed"
    );
    // The input replaces the defaults.
    let r = scan(
        &yaml,
        "GC704",
        Some("controlInputs:\n  sensitiveInterfaces: [grafana]\n"),
    );
    assert_eq!(failures(&r), vec![]);
    // GC703 lists every exposed workload.
    let r = scan(&yaml, "GC703", None);
    assert_eq!(failures(&r).len(), 2);
}

#[test]
fn sensitive_workloads_by_label_image_port_and_name() {
    let yaml = deploy("shop", "cache", "{app: cache}", "").replace(
        "image: 'registry.example.com/cache:1'",
        "image: 'docker.io/library/redis:7.4', ports: [{containerPort: 6379}]",
    ) + &deploy("shop", "orders", "{app: orders, tier: database}", "")
        + &deploy("shop", "checkout-web", "{app: checkout}", "")
        + &deploy("shop", "web", "{app: web}", "")
        + &policy(
            "shop",
            "{podSelector: {matchLabels: {app: orders}}, policyTypes: [Ingress]}",
        );
    let r = scan(&yaml, "GC708", None);
    let names: Vec<String> = failures(&r).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["cache", "checkout-web"], "{}", r["findings"]);
    assert_eq!(
        r["controls"][0]["passed"], 1,
        "orders is isolated; web is not sensitive"
    );
    // The input replaces the defaults per key.
    let r = scan(
        &yaml,
        "GC708",
        Some(
            "controlInputs:\n  sensitiveWorkloads:\n    names: [web]\n    images: []\n    ports: []\n    labels: []\n",
        ),
    );
    let names: Vec<String> = failures(&r).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        vec!["checkout-web", "web"],
        "names match as substrings"
    );
    // Unknown keys are configuration errors with a position.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.yaml");
    std::fs::write(
        &cfg,
        "controlInputs:\n  sensitiveWorkloads:\n    port: [5432]\n",
    )
    .unwrap();
    let out = run(&[
        "scan",
        "examples/hardened",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains(":3:5: unknown key \"port\""));
}

/// The dashboard chart's own ingress-nginx controller (`kubernetes-dashboard-ingress-nginx-
/// controller`, behind a LoadBalancer) is a front door, not the dashboard.
#[test]
fn ingress_controllers_are_not_sensitive_by_name() {
    let out = run(&[
        "scan",
        "../shared/corpus/kubernetes-dashboard",
        "--control",
        "GC704",
        "--format",
        "json",
    ]);
    let r = json(&out);
    let names: Vec<String> = failures(&r).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("ingress-nginx-controller")),
        "{names:?}"
    );
    assert_ne!(r["controls"][0]["status"], "not-evaluated");
}

fn service(ns: &str, name: &str, selector: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {{{extra}selector: {selector}, ports: [{{port: 80, targetPort: 8080}}]}}\n---\n"
    )
}

#[test]
fn exposure_controls_follow_what_ingress_policies_let_through() {
    let app = format!(
        "{}{}",
        deploy("t", "jupyter", "{app: nb}", ""),
        service("t", "nb", "{app: nb}", "type: LoadBalancer, ")
    );
    // No policy: the notebook is reachable from outside on its target port.
    for control in ["GC703", "GC704"] {
        let r = scan(&app, control, None);
        let msg = r["findings"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(
            msg.contains("LoadBalancer Service nb (TCP 8080)"),
            "{control}: {msg}"
        );
    }
    // A policy that admits only pods of the namespace shuts the door from outside.
    let closed = format!(
        "{app}{}",
        policy(
            "t",
            "{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}"
        )
    );
    assert_eq!(failures(&scan(&closed, "GC703", None)), vec![]);
    assert_eq!(failures(&scan(&closed, "GC704", None)), vec![]);
    // Admitting every address on another port than the target keeps it closed too.
    let other_port = format!(
        "{app}{}",
        policy(
            "t",
            "{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 9999}]}]}"
        )
    );
    assert_eq!(failures(&scan(&other_port, "GC704", None)), vec![]);
    // An ipBlock on the target port opens it again.
    let open = other_port.replace("port: 9999", "port: 8080");
    assert_eq!(failures(&scan(&open, "GC704", None)).len(), 1);
    // Through an Ingress, the ingress controller runs in another namespace: a policy that
    // admits pods of every namespace lets it in, one limited to the namespace does not.
    let via_ingress = format!(
        "{}{}apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: i, namespace: t}}\nspec: {{defaultBackend: {{service: {{name: nb, port: {{number: 80}}}}}}}}\n---\n",
        deploy("t", "jupyter", "{app: nb}", ""),
        service("t", "nb", "{app: nb}", "")
    );
    assert_eq!(failures(&scan(&via_ingress, "GC704", None)).len(), 1);
    let from_ns = format!(
        "{via_ingress}{}",
        policy(
            "t",
            "{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}"
        )
    );
    assert_eq!(failures(&scan(&from_ns, "GC704", None)), vec![]);
    let from_all = format!(
        "{via_ingress}{}",
        policy(
            "t",
            "{podSelector: {}, ingress: [{from: [{namespaceSelector: {}}]}]}"
        )
    );
    assert_eq!(failures(&scan(&from_all, "GC704", None)).len(), 1);
}
