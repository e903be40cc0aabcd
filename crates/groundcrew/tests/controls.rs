//! Every control has a manifest that fails it and one that passes it, written from the
//! Kubernetes documentation; edge cases peers get wrong (init and ephemeral containers,
//! pod-level vs container-level settings, CronJob paths) included.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use common::*;

/// A Pod in namespace `t` with the given spec (flow-style YAML).
fn pod(spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p, namespace: t, ownerReferences: [{{kind: ReplicaSet, name: r}}]}}\nspec: {spec}\n"
    )
}

fn c(extra: &str) -> String {
    format!("{{name: c, image: 'x:1'{extra}}}")
}

fn svc(selector: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: t}}\nspec: {{selector: {selector}, ports: [{{port: 80}}]}}\n"
    )
}

fn deploy(labels: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: t}}\nspec: {{selector: {{matchLabels: {{app: web}}}}, template: {{metadata: {{labels: {labels}}}, spec: {{containers: [{}]}}}}}}\n",
        c("")
    )
}

fn ingress(service: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: i, namespace: t}}\nspec: {{rules: [{{http: {{paths: [{{path: /, pathType: Prefix, backend: {{service: {{name: {service}, port: {{number: 80}}}}}}}}]}}}}]}}\n"
    )
}

fn hpa(target: &str) -> String {
    format!(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: h, namespace: t}}\nspec: {{scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {target}}}, maxReplicas: 3}}\n"
    )
}

fn pdb(selector: &str) -> String {
    format!(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: p, namespace: t}}\nspec: {{minAvailable: 1, selector: {selector}}}\n"
    )
}

fn sts() -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db, namespace: t}}\nspec: {{serviceName: db, selector: {{matchLabels: {{app: db}}}}, template: {{metadata: {{labels: {{app: db}}}}, spec: {{containers: [{}]}}}}}}\n",
        c("")
    )
}

/// (control, failing manifest, passing manifest)
fn cases() -> Vec<(&'static str, String, String)> {
    vec![
        ("GC101", pod(&format!("{{hostIPC: true, containers: [{}]}}", c(""))), pod(&format!("{{hostIPC: false, containers: [{}]}}", c("")))),
        ("GC102", pod(&format!("{{containers: [{}], ephemeralContainers: [{}]}}", c(""), c(", securityContext: {privileged: true}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {privileged: false}")))),
        ("GC103", pod(&format!("{{initContainers: [{}], containers: [{}]}}", c(", securityContext: {capabilities: {add: [NET_RAW]}}"), c(""))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {add: [CHOWN, KILL]}}")))),
        ("GC104", pod(&format!("{{volumes: [{{name: h, hostPath: {{path: /data}}}}], containers: [{}]}}", c(""))), pod(&format!("{{volumes: [{{name: h, emptyDir: {{}}}}], containers: [{}]}}", c("")))),
        ("GC105", pod(&format!("{{containers: [{}]}}", c(", ports: [{containerPort: 80, hostPort: 8080}]"))), pod(&format!("{{containers: [{}]}}", c(", ports: [{containerPort: 80, hostPort: 0}]")))),
        ("GC106", pod(&format!("{{containers: [{}]}}", c(", lifecycle: {preStop: {httpGet: {host: evil, port: 80}}}"))), pod(&format!("{{containers: [{}]}}", c(", livenessProbe: {tcpSocket: {host: '', port: 80}}")))),
        ("GC107", pod(&format!("{{securityContext: {{appArmorProfile: {{type: Unconfined}}}}, containers: [{}]}}", c(""))), pod(&format!("{{securityContext: {{appArmorProfile: {{type: Localhost, localhostProfile: p}}}}, containers: [{}]}}", c("")))),
        ("GC108", pod(&format!("{{containers: [{}]}}", c(", securityContext: {seLinuxOptions: {user: system_u}}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {seLinuxOptions: {type: container_init_t, level: 's0:c1'}}")))),
        ("GC109", pod(&format!("{{containers: [{}]}}", c(", securityContext: {procMount: Unmasked}"))), pod(&format!("{{hostUsers: false, containers: [{}]}}", c(", securityContext: {procMount: Unmasked}")))),
        ("GC110", pod(&format!("{{containers: [{}]}}", c(", securityContext: {seccompProfile: {type: Unconfined}}"))), pod(&format!("{{containers: [{}]}}", c("")))),
        ("GC111", pod(&format!("{{securityContext: {{sysctls: [{{name: kernel.msgmax, value: '1'}}]}}, containers: [{}]}}", c(""))), pod(&format!("{{securityContext: {{sysctls: [{{name: net.ipv4.tcp_keepalive_time, value: '1'}}]}}, containers: [{}]}}", c("")))),
        ("GC112", pod(&format!("{{containers: [{}]}}", c(", securityContext: {windowsOptions: {hostProcess: true}}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {windowsOptions: {hostProcess: false}}")))),
        ("GC201", pod(&format!("{{volumes: [{{name: g, gitRepo: {{repository: r}}}}], containers: [{}]}}", c(""))), pod(&format!("{{volumes: [{{name: e}}, {{name: p, projected: {{sources: []}}}}], containers: [{}]}}", c("")))),
        ("GC202", pod(&format!("{{containers: [{}], initContainers: [{}]}}", c(", securityContext: {allowPrivilegeEscalation: false}"), c(""))), pod(&format!("{{os: {{name: windows}}, containers: [{}]}}", c("")))),
        ("GC203", pod(&format!("{{securityContext: {{runAsNonRoot: true}}, containers: [{}]}}", c(", securityContext: {runAsNonRoot: false}"))), pod(&format!("{{securityContext: {{runAsNonRoot: true}}, containers: [{}]}}", c("")))),
        ("GC204", pod(&format!("{{securityContext: {{runAsUser: 1000}}, containers: [{}]}}", c(", securityContext: {runAsUser: 0}"))), pod(&format!("{{securityContext: {{runAsUser: 5}}, containers: [{}]}}", c(", securityContext: {runAsUser: 1000}")))),
        ("GC205", pod(&format!("{{securityContext: {{seccompProfile: {{type: RuntimeDefault}}}}, containers: [{}]}}", c(", securityContext: {seccompProfile: {type: Unconfined}}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}")))),
        ("GC206", pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}")))),
        ("GC207", pod(&format!("{{hostUsers: false, containers: [{}]}}", c(", securityContext: {procMount: Unmasked}"))), pod(&format!("{{hostUsers: false, containers: [{}]}}", c(", securityContext: {procMount: Default}")))),
        ("GC301", pod(&format!("{{containers: [{}]}}", c(", resources: {limits: {cpu: 1}}"))), pod(&format!("{{containers: [{}]}}", c(", resources: {requests: {cpu: 100m}, limits: {cpu: 1}}")))),
        ("GC302", pod(&format!("{{initContainers: [{}], containers: [{}]}}", c(""), c(", resources: {requests: {memory: 1Mi}, limits: {memory: 2Mi}}"))), pod(&format!("{{containers: [{}]}}", c(", resources: {requests: {memory: 1Mi}, limits: {memory: 2Mi}}")))),
        ("GC303", pod(&format!("{{containers: [{}]}}", c(""))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {readOnlyRootFilesystem: true}")))),
        ("GC304", pod("{containers: [{name: c, image: 'registry.example.com:5000/app'}]}"), pod("{containers: [{name: c, image: 'registry.example.com:5000/app@sha256:abc'}]}")),
        ("GC305", pod("{containers: [{name: c, image: 'app:latest', imagePullPolicy: IfNotPresent}]}"), pod("{containers: [{name: c, image: 'app:latest'}]}")),
        ("GC306", pod(&format!("{{serviceAccountName: s, containers: [{}]}}", c(""))), format!("apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: s, namespace: t}}\nautomountServiceAccountToken: false\n---\n{}", pod(&format!("{{serviceAccountName: s, containers: [{}]}}", c(""))))),
        ("GC307", pod(&format!("{{containers: [{}]}}", c(""))).replace("namespace: t, ", ""), pod(&format!("{{containers: [{}]}}", c("")))),
        ("GC308", pod(&format!("{{containers: [{}]}}", c(""))).replace("ownerReferences: [{kind: ReplicaSet, name: r}]", "labels: {}"), pod(&format!("{{containers: [{}]}}", c("")))),
        ("GC309", pod(&format!("{{volumes: [{{name: s, hostPath: {{path: /run/containerd/containerd.sock}}}}], containers: [{}]}}", c(""))), pod(&format!("{{volumes: [{{name: s, hostPath: {{path: /opt/data}}}}], containers: [{}]}}", c("")))),
        ("GC310", pod(&format!("{{volumes: [{{name: h, hostPath: {{path: /opt}}}}], containers: [{}]}}", c(", volumeMounts: [{name: h, mountPath: /h}]"))), pod(&format!("{{volumes: [{{name: h, hostPath: {{path: /opt}}}}], containers: [{}]}}", c(", volumeMounts: [{name: h, mountPath: /h, readOnly: true}]")))),
        ("GC311", pod(&format!("{{volumes: [{{name: h, hostPath: {{path: /var/lib/kubelet/pki}}}}], containers: [{}]}}", c(""))), pod(&format!("{{volumes: [{{name: h, hostPath: {{path: /opt/cache}}}}], containers: [{}]}}", c("")))),
        ("GC312", pod(&format!("{{initContainers: [{}], containers: [{}]}}", c(", restartPolicy: Always"), c(", livenessProbe: {exec: {command: [t]}}"))), pod(&format!("{{initContainers: [{}], containers: [{}]}}", c(""), c(", livenessProbe: {exec: {command: [t]}}")))),
        ("GC313", pod(&format!("{{containers: [{}]}}", c(""))), format!("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j, namespace: t}}\nspec: {{template: {{spec: {{containers: [{}]}}}}}}\n", c(""))),
        ("GC314", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, namespace: t}\ndata: {key.pem: \"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\"}\n".to_string(), pod(&format!("{{containers: [{}]}}", c(", env: [{name: API_TOKEN, valueFrom: {secretKeyRef: {name: s, key: k}}}, {name: LOG, value: debug}]")))),
        ("GC315", pod(&format!("{{containers: [{}]}}", c(", args: ['-c', 'sudo -u app run']"))), pod(&format!("{{containers: [{}]}}", c(", args: ['-c', 'pseudo-run']")))),
        ("GC316", pod(&format!("{{containers: [{}]}}", c(", ports: [{containerPort: 2222}]"))), pod(&format!("{{containers: [{}]}}", c(", ports: [{containerPort: 8022}]")))),
        ("GC317", pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {add: [CAP_SYS_PTRACE]}}"))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {add: [CHOWN]}}")))),
        ("GC318", pod(&format!("{{containers: [{}]}}", c(""))), pod(&format!("{{containers: [{}]}}", c(", securityContext: {capabilities: {drop: [NET_RAW]}}")))),
        ("GC319", pod(&format!("{{containers: [{}]}}", c(", env: [{name: A, value: '1'}, {name: B, value: '2'}, {name: A, value: '3'}]"))), pod(&format!("{{containers: [{}], initContainers: [{}]}}", c(", env: [{name: A, value: '1'}]"), c(", env: [{name: A, value: '2'}]")))),
        ("GC320", pod(&format!("{{serviceAccount: s, containers: [{}]}}", c(""))), pod(&format!("{{serviceAccountName: s, containers: [{}]}}", c("")))),
        ("GC321", deploy("{app: api}"), deploy("{app: web, tier: fe}")),
        ("GC322", pod("{containers: [{name: c, image: 'registry.example.com.evil.io/app:1'}]}"), pod("{containers: [{name: c, image: 'registry.example.com/team/app:1'}], initContainers: [{name: i, image: 'busybox:1.36'}]}")),
        ("GC323", pod("{containers: [{name: c, image: 'registry.example.com/app:1'}], initContainers: [{name: i, image: 'busybox:1.36'}]}"), pod("{containers: [{name: c, image: 'registry.example.com/app:1'}]}")),
        ("GC501", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: t}\nspec: {minAvailable: 1}\n".to_string(), "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: t}\nspec: {minAvailable: 1}\n".to_string()),
        ("GC401", format!("{}---\n{}", svc("{app: webb}"), deploy("{app: web, tier: fe}")), format!("{}---\n{}", svc("{app: web}"), deploy("{app: web, tier: fe}"))),
        ("GC402", ingress("missing"), format!("{}---\n{}", ingress("web"), svc("{app: web}"))),
        ("GC403", hpa("missing"), format!("{}---\n{}", hpa("web"), deploy("{app: web}"))),
        ("GC404", format!("{}---\n{}", pdb("{matchExpressions: [{key: app, operator: In, values: [api]}]}"), deploy("{app: web}")), format!("{}---\n{}", pdb("{matchExpressions: [{key: app, operator: In, values: [web, api]}]}"), deploy("{app: web}"))),
        ("GC405", sts(), format!("{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: db, namespace: t}}\nspec: {{clusterIP: None, selector: {{app: db}}}}\n", sts())),
    ]
}

#[test]
fn every_control_has_failing_and_passing_fixtures() {
    let ids: Vec<String> = json(&run(&["controls", "list", "--format", "json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let cases = cases();
    for id in &ids {
        assert!(
            cases.iter().any(|(c, _, _)| c == id),
            "no fixtures for {id}"
        );
    }
    let root = tempfile::tempdir().unwrap();
    for (control, failing, passing) in cases {
        let dir = root.path().join(control);
        fs::create_dir(&dir).unwrap();
        // Controls that need a control input get it from a configuration beside the fixture.
        fs::write(
            dir.join(".groundcrew.yaml"),
            "controlInputs:\n  allowedRegistries: [registry.example.com/team, docker.io/library]\n  untrustedRegistries: [docker.io]\n",
        )
        .unwrap();
        for (name, text, should_fail) in [("fail", &failing, true), ("pass", &passing, false)] {
            let file = dir.join(format!("{control}-{name}.yaml"));
            fs::write(&file, text).unwrap();
            let out = run_in(
                &dir,
                &[
                    "scan",
                    file.file_name().unwrap().to_str().unwrap(),
                    "--control",
                    control,
                    "--format",
                    "json",
                ],
            );
            assert_ne!(code(&out), 2, "{control} {name}: input error\n{text}");
            let r = json(&out);
            let failed = failed_controls(&r).iter().any(|c| c == control);
            assert_eq!(
                failed, should_fail,
                "{control} {name}:\n{text}\n{}",
                r["findings"]
            );
            if !should_fail {
                assert_ne!(r["controls"][0]["status"], "failed");
            }
        }
    }
}

#[test]
fn cronjob_paths_and_locations() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("cj.yaml"),
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj, namespace: t}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: x:1\n            securityContext:\n              privileged: true\n",
    )
    .unwrap();
    let r = json(&run_in(
        dir.path(),
        &["scan", "cj.yaml", "--control", "GC102", "--format", "json"],
    ));
    let f = &r["findings"][0];
    assert_eq!(
        f["path"],
        "spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged"
    );
    assert_eq!(f["location"]["line"], 14);
    assert_eq!(f["location"]["column"], 15);
}

#[test]
fn controls_without_their_input_are_not_evaluated_never_passed() {
    let out = run(&["scan", "examples/hardened", "--format", "json"]);
    assert_eq!(
        code(&out),
        0,
        "not-evaluated controls do not change the exit code"
    );
    let r = json(&out);
    let c = r["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "GC322")
        .unwrap();
    assert_eq!(c["status"], "not-evaluated");
    assert_eq!(
        c["reason"],
        "needs controlInputs.allowedRegistries (not set)"
    );
    assert_eq!(c["complianceScore"], serde_json::Value::Null);
    assert!(r["summary"]["controlsNotEvaluated"].as_u64().unwrap() >= 2);
    let pretty = run(&["scan", "examples/hardened"]);
    assert!(
        String::from_utf8_lossy(&pretty.stdout)
            .contains("GC322 allowed-registries: needs controlInputs.allowedRegistries")
    );
    let junit = run(&["scan", "examples/hardened", "--format", "junit"]);
    assert!(String::from_utf8_lossy(&junit.stdout).contains(
        "<skipped message=\"not evaluated: needs controlInputs.allowedRegistries (not set)\"/>"
    ));
}

#[test]
fn removed_apis_follow_the_target_version() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("cj.yaml"),
        "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c, namespace: t}\n",
    )
    .unwrap();
    let at = |v: &str| {
        let r = json(&run_in(
            dir.path(),
            &[
                "scan",
                "cj.yaml",
                "--control",
                "GC501",
                "--kube-version",
                v,
                "--format",
                "json",
            ],
        ));
        failed_controls(&r).len()
    };
    assert_eq!(at("1.24"), 0);
    assert_eq!(at("1.25"), 1);
    assert_eq!(at("v1.35"), 1);
    assert_eq!(
        code(&run_in(
            dir.path(),
            &["scan", "cj.yaml", "--kube-version", "one.two"]
        )),
        2
    );
}
