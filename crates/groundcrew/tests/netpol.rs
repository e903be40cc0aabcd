//! `groundcrew netpol` end to end on the shared corpus (microservices-demo with its upstream
//! policies, the netpol-recipes) and on scenario manifests: connectivity lines and formats,
//! eval verdicts and exit codes, diff.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use common::*;

fn demo(which: &str) -> String {
    shared()
        .join(format!("corpus/microservices-demo/rendered/{which}.yaml"))
        .to_string_lossy()
        .into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn microservices_demo_connectivity_follows_its_upstream_policies() {
    let out = run(&["netpol", "connectivity", &demo("helm-networkpolicies")]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let ob = |s: &str| format!("onlineboutique/{s}[Deployment]");
    // redis-cart: only the cart service, only on Redis' port.
    let into_redis: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains(&format!("=> {}", ob("redis-cart"))))
        .collect();
    assert_eq!(
        into_redis,
        [&format!("{} => {} : TCP 6379", ob("cartservice"), ob("redis-cart")).as_str()]
    );
    assert!(
        lines.contains(
            &format!(
                "{} => {} : TCP 50051",
                ob("checkoutservice"),
                ob("paymentservice")
            )
            .as_str()
        )
    );
    // The frontend takes traffic from anywhere, the outside included.
    assert!(
        lines.contains(
            &format!(
                "0.0.0.0-255.255.255.255 => {} : All Connections",
                ob("frontend")
            )
            .as_str()
        )
    );
    // Nothing else reaches the payment service.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(&format!("=> {}", ob("paymentservice"))))
            .count(),
        1
    );
    // The namespace is not in the rendering: said on stderr.
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("namespace onlineboutique is not in the input")
    );

    let json = json(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-networkpolicies"),
        "-f",
        "json",
    ]));
    let first = &json.as_array().unwrap()[0];
    assert!(first["src"].is_string() && first["dst"].is_string() && first["conn"].is_string());
    assert_eq!(json.as_array().unwrap().len(), lines.len());
    let csv = stdout(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-networkpolicies"),
        "-f",
        "csv",
    ]));
    assert!(csv.starts_with("src,dst,conn\n"));
    let md = stdout(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-networkpolicies"),
        "-f",
        "markdown",
    ]));
    assert!(md.starts_with("| src | dst | conn |"));
    let dot = stdout(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-networkpolicies"),
        "-f",
        "dot",
    ]));
    assert!(dot.starts_with("digraph connectivity {") && dot.contains("label=\"TCP 6379\""));
    // --focus lists only the workload's connections.
    let focus = stdout(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-networkpolicies"),
        "--focus",
        "onlineboutique/redis-cart",
    ]));
    assert!(focus.lines().all(|l| l.contains("redis-cart")), "{focus}");
    assert_eq!(focus.lines().count(), 3, "{focus}");
}

#[test]
fn eval_explains_and_exits_by_verdict() {
    let file = demo("helm-networkpolicies");
    let ok = run(&[
        "netpol",
        "eval",
        "--src",
        "onlineboutique/cartservice",
        "--dst",
        "onlineboutique/redis-cart",
        "--port",
        "6379",
        &file,
        "-f",
        "json",
    ]);
    assert_eq!(code(&ok), 0);
    let v = json(&ok);
    assert_eq!(v["allowed"], true);
    assert_eq!(
        v["ingress"]["rules"][0],
        "NetworkPolicy onlineboutique/redis-cart ingress[0]"
    );
    let denied = run(&[
        "netpol",
        "eval",
        "--src",
        "onlineboutique/frontend",
        "--dst",
        "onlineboutique/redis-cart",
        "--port",
        "6379",
        &file,
    ]);
    assert_eq!(code(&denied), 1);
    let text = stdout(&denied);
    assert!(
        text.contains("DENIED") && text.contains("no rule matches onlineboutique/frontend"),
        "{text}"
    );
    let port = run(&[
        "netpol",
        "eval",
        "--src",
        "onlineboutique/cartservice",
        "--dst",
        "onlineboutique/redis-cart",
        "--port",
        "6380",
        &file,
    ]);
    assert_eq!(code(&port), 1);
    assert!(stdout(&port).contains("but not TCP 6380"));
    let unknown = run(&[
        "netpol",
        "eval",
        "--src",
        "onlineboutique/nope",
        "--dst",
        "onlineboutique/redis-cart",
        "--port",
        "1",
        &file,
    ]);
    assert_eq!(code(&unknown), 2);
    // An external address as the source.
    let outside = run(&[
        "netpol",
        "eval",
        "--src",
        "203.0.113.9",
        "--dst",
        "onlineboutique/frontend",
        "--port",
        "8080",
        &file,
    ]);
    assert_eq!(code(&outside), 0, "{}", stdout(&outside));
}

#[test]
fn recipe_allow_only_a_port_from_monitoring() {
    // netpol-recipes 09: ingress to app=apiserver only on 5000, only from role=monitoring.
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        shared().join("corpus/netpol-recipes/policies/09-allow-traffic-only-to-a-port--01.yaml"),
        dir.path().join("policy.yaml"),
    )
    .unwrap();
    fs::write(
        dir.path().join("apps.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api, labels: {app: apiserver}}\nspec: {containers: [{name: c, image: 'x:1', ports: [{containerPort: 5000}, {containerPort: 8000}]}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: mon, labels: {role: monitoring}}\nspec: {containers: [{name: c, image: 'x:1'}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other, labels: {role: web}}\nspec: {containers: [{name: c, image: 'x:1'}]}\n",
    )
    .unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let text = stdout(&run(&["netpol", "connectivity", &d]));
    let into_api: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("=> default/api[Pod]"))
        .collect();
    assert_eq!(
        into_api,
        ["default/mon[Pod] => default/api[Pod] : TCP 5000"],
        "{text}"
    );
}

#[test]
fn diff_shows_what_a_policy_change_does() {
    let out = run(&[
        "netpol",
        "diff",
        &demo("helm-default"),
        &demo("helm-networkpolicies"),
        "-f",
        "json",
    ]);
    assert_eq!(code(&out), 0);
    let d = json(&out);
    let changed = d["changed"].as_array().unwrap();
    let cart = changed
        .iter()
        .find(|c| {
            c["src"] == "onlineboutique/frontend[Deployment]"
                && c["dst"] == "onlineboutique/cartservice[Deployment]"
        })
        .unwrap();
    assert_eq!(cart["old"], "All Connections");
    assert_eq!(cart["new"], "TCP 7070");
    assert!(
        d["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["dst"] == "onlineboutique/redis-cart[Deployment]"
                && c["src"] == "onlineboutique/frontend[Deployment]")
    );
    let same = stdout(&run(&[
        "netpol",
        "diff",
        &demo("helm-default"),
        &demo("helm-default"),
    ]));
    assert_eq!(same, "no change in connectivity\n");
}

#[test]
fn exposure_lists_how_workloads_are_reached_from_outside() {
    let list = json(&run(&[
        "netpol",
        "connectivity",
        "--exposure",
        &demo("helm-networkpolicies"),
        "-f",
        "json",
    ]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["workload"], "onlineboutique/frontend[Deployment]");
    assert_eq!(list[0]["exposures"][0]["how"], "LoadBalancer");
    // The Service's port 80 reaches the container's 8080.
    assert_eq!(list[0]["exposures"][0]["ports"][0], "80→8080/TCP");
    assert_eq!(list[0]["fromAnywhere"], "All Connections");
    let insecure = json(&run(&[
        "netpol",
        "connectivity",
        "--exposure",
        "examples/insecure",
        "-f",
        "json",
    ]));
    let web = insecure
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["workload"] == "shop/web[Deployment]")
        .unwrap();
    assert_eq!(web["hostPorts"][0], 80);
    let debug = insecure
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["workload"] == "default/debug[Pod]")
        .unwrap();
    assert_eq!(debug["hostNetwork"], true);
    // The hardened twin exposes nothing: its Services are ClusterIP, no host network or port.
    let hardened = json(&run(&[
        "netpol",
        "connectivity",
        "--exposure",
        "examples/hardened",
        "-f",
        "json",
    ]));
    assert!(hardened.as_array().unwrap().is_empty(), "{hardened}");
}

#[test]
fn exposure_resolves_named_target_ports_per_workload() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("app.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: NodePort, selector: {tier: web}, ports: [{port: 80, targetPort: http}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: blue, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {tier: web}}\n    spec:\n      containers: [{name: c, image: 'x:1', ports: [{name: http, containerPort: 8080}]}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: green, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {tier: web}}\n    spec:\n      containers: [{name: c, image: 'x:1', ports: [{name: web, containerPort: 9090}]}]\n",
    )
    .unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let list = json(&run(&[
        "netpol",
        "connectivity",
        "--exposure",
        &d,
        "-f",
        "json",
    ]));
    let ports = |w: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|x| x["workload"] == w)
            .unwrap()["exposures"][0]["ports"][0]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ports("shop/blue[Deployment]"), "80→8080/TCP");
    assert_eq!(
        ports("shop/green[Deployment]"),
        "80→http (no such container port)/TCP"
    );
}

#[test]
fn generate_writes_verified_policies_that_the_engine_then_enforces() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("policies");
    let out_str = out_dir.to_string_lossy().into_owned();
    let out = run(&[
        "netpol",
        "generate",
        &demo("helm-default"),
        "--output-dir",
        &out_str,
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let summary = stdout(&out);
    assert!(
        summary.contains(
            "Verification (the input with these policies, read back by the engine): passed"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("16 of 16 inferred flows allowed"),
        "{summary}"
    );
    assert!(
        summary.contains("emailservice:5000 -> Service emailservice port 5000 -> TCP 8080"),
        "{summary}"
    );
    let yaml = fs::read_to_string(out_dir.join("onlineboutique.yaml")).unwrap();
    assert!(yaml.contains("name: default-deny"));
    // The manifests plus the generated policies: the checkout service reaches the payment
    // service on its port, the cart service does not reach the frontend, and nothing leaves
    // the cluster.
    let listing = stdout(&run(&[
        "netpol",
        "connectivity",
        &demo("helm-default"),
        &out_str,
    ]));
    let ob = |s: &str| format!("onlineboutique/{s}[Deployment]");
    assert!(
        listing.contains(&format!(
            "{} => {} : TCP 50051",
            ob("checkoutservice"),
            ob("paymentservice")
        )),
        "{listing}"
    );
    assert!(
        !listing.contains(&format!("{} => {}", ob("cartservice"), ob("frontend"))),
        "{listing}"
    );
    assert!(
        listing.contains(&format!(
            "0.0.0.0-255.255.255.255 => {} : TCP 8080",
            ob("frontend")
        )),
        "{listing}"
    );
    assert!(!listing.contains("] => 0.0.0.0"), "{listing}");

    // Without --output-dir: the YAML on stdout, the summary on stderr.
    let out = run(&["netpol", "generate", &demo("helm-default")]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), yaml);
    assert!(String::from_utf8_lossy(&out.stderr).contains("passed"));
}

#[test]
fn generate_reports_unreadable_input_and_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "kind: [unclosed\n").unwrap();
    fs::write(
        dir.path().join("app.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: x}\nspec:\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: c, image: 'x:1'}]\n",
    )
    .unwrap();
    let out = run(&["netpol", "generate", &dir.path().to_string_lossy()]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.yaml:2:1:"), "{err}");
    assert!(stdout(&out).contains("name: default-deny"));
}

/// The verification's report lists what it finds denied in workload order: the same run
/// after run (it followed a hash map's order, which changes from run to run, before).
#[test]
fn generate_reports_the_same_run_after_run() {
    let report = || {
        let dir = tempfile::tempdir().unwrap();
        let out_dir = dir.path().join("p");
        let out = run(&[
            "netpol",
            "generate",
            "../shared/corpus",
            "--output-dir",
            &out_dir.to_string_lossy(),
        ]);
        let text = String::from_utf8(out.stdout).unwrap();
        text.replace(&*out_dir.to_string_lossy(), "OUT")
    };
    let first = report();
    assert!(first.contains("denied but needed"), "{first}");
    for _ in 0..4 {
        assert_eq!(report(), first);
    }
}
