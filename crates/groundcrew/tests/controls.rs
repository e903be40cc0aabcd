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

fn netpol(selector: &str, types: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: deny-web, namespace: t}}\nspec: {{podSelector: {selector}, policyTypes: {types}}}\n"
    )
}

/// A control-plane static pod running `program` with these flags.
fn static_pod(program: &str, flags: &[&str]) -> String {
    let words: Vec<String> = std::iter::once(program)
        .chain(flags.iter().copied())
        .map(|w| format!("'{w}'"))
        .collect();
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {program}-node1, namespace: kube-system, labels: {{component: {program}, tier: control-plane}}}}\nspec: {{hostNetwork: true, containers: [{{name: {program}, image: 'registry.k8s.io/{program}:v1.35.0', command: [{}]}}]}}\n",
        words.join(", ")
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
        ("GC324", pod(&format!("{{containers: [{}]}}", c(", envFrom: [{secretRef: {name: s}}]"))), pod(&format!("{{volumes: [{{name: s, secret: {{secretName: s}}}}], containers: [{}]}}", c(", envFrom: [{configMapRef: {name: m}}], volumeMounts: [{name: s, mountPath: /s}]")))),
        ("GC325", pod("{containers: [{name: c, image: 'k8s.gcr.io/pause:3.2'}]}"), pod("{containers: [{name: c, image: 'registry.k8s.io/pause:3.10'}]}")),
        ("GC326", pod("{containers: [{name: c, image: 'registry.example.com/app:1.2'}]}"), pod("{containers: [{name: c, image: 'registry.example.com/app:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}]}")),
        ("GC327", deploy("{app: web}").replace("spec: {selector", "spec: {strategy: {type: Recreate}, selector"), deploy("{app: web}")),
        ("GC328", format!("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: j, namespace: t}}\nspec: {{schedule: '@daily', jobTemplate: {{spec: {{template: {{spec: {{containers: [{}]}}}}}}}}}}\n", c("")), format!("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j, namespace: t}}\nspec: {{template: {{spec: {{containers: [{}]}}}}}}\n", c(""))),
        ("GC329", pod(&format!("{{volumes: [{{name: s, secret: {{secretName: s}}}}], containers: [{}]}}", c(", volumeMounts: [{name: s, mountPath: /s}]"))), pod(&format!("{{volumes: [{{name: s, secret: {{secretName: s}}}}], containers: [{}]}}", c("")))),
        ("GC330", pod(&format!("{{volumes: [{{name: d, persistentVolumeClaim: {{claimName: d}}}}], initContainers: [{}], containers: [{}]}}", c(", volumeMounts: [{name: d, mountPath: /d}]"), c(""))), pod(&format!("{{volumes: [{{name: d, emptyDir: {{}}}}], containers: [{}]}}", c(", volumeMounts: [{name: d, mountPath: /d}]")))),
        ("GC331", pod(&format!("{{volumes: [{{name: m, configMap: {{name: m}}}}], containers: [{}]}}", c(", volumeMounts: [{name: m, mountPath: /m}]"))), pod(&format!("{{containers: [{}]}}", c("")))),
        ("GC332", pod(&format!("{{securityContext: {{runAsNonRoot: true, runAsGroup: 0}}, containers: [{}]}}", c(""))), pod(&format!("{{securityContext: {{runAsUser: 1000}}, containers: [{}]}}", c(", securityContext: {runAsGroup: 1000}")))),
        ("GC333", deploy("{team: shop}"), deploy("{team: shop, tier: fe}")),
        ("GC334", deploy("{app: web}"), deploy("{app: web, app.kubernetes.io/instance: web-prod}")),
        ("GC501", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: t}\nspec: {minAvailable: 1}\n".to_string(), "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: t}\nspec: {minAvailable: 1}\n".to_string()),
        ("GC401", format!("{}---\n{}", svc("{app: webb}"), deploy("{app: web, tier: fe}")), format!("{}---\n{}", svc("{app: web}"), deploy("{app: web, tier: fe}"))),
        ("GC402", ingress("missing"), format!("{}---\n{}", ingress("web"), svc("{app: web}"))),
        ("GC403", hpa("missing"), format!("{}---\n{}", hpa("web"), deploy("{app: web}"))),
        ("GC404", format!("{}---\n{}", pdb("{matchExpressions: [{key: app, operator: In, values: [api]}]}"), deploy("{app: web}")), format!("{}---\n{}", pdb("{matchExpressions: [{key: app, operator: In, values: [web, api]}]}"), deploy("{app: web}"))),
        ("GC351", pod("{containers: [{name: c, image: 'quay.io/argoproj/argocd:v2.2.3'}]}"), pod("{containers: [{name: c, image: 'quay.io/argoproj/argocd:v2.2.4'}]}")),
        ("GC352", pod("{containers: [{name: c, image: 'docker.io/grafana/grafana-oss:9.2.0'}]}"), pod("{containers: [{name: c, image: 'grafana/grafana:9.2.4'}, {name: d, image: 'example.com/not-grafana/grafana:9.2.1'}]}")),
        ("GC353", pod("{containers: [{name: c, image: 'ghcr.io/kyverno/kyverno:v1.8.3'}]}"), pod("{containers: [{name: c, image: 'ghcr.io/kyverno/kyverno:v1.8.5'}]}")),
        ("GC354", pod("{containers: [{name: c, image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3@sha256:d56f135b6462cfc476447cfe564b83a45e8bb7da2774963b00d12161112270b7'}]}"), pod("{containers: [{name: c, image: 'docker.io/envoyproxy/envoy:v1.32.1'}]}")),
        ("GC801", "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {kubeletVersion: v1.32.9}}\n".to_string(), "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {kubeletVersion: v1.33.0-eks-1}}\n".to_string()),
        ("GC802", "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {containerRuntimeVersion: 'containerd://1.5.9'}}\n".to_string(), "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {containerRuntimeVersion: 'containerd://1.5.10'}}\n".to_string()),
        ("GC803", format!("apiVersion: v1\nkind: Node\nmetadata: {{name: n1}}\nstatus: {{nodeInfo: {{kubeletVersion: v1.22.1}}}}\n---\n{}", pod(&format!("{{volumes: [{{name: d, emptyDir: {{}}}}], containers: [{}]}}", c(", volumeMounts: [{name: d, mountPath: /d, subPathExpr: $(POD)}]")))), format!("apiVersion: v1\nkind: Node\nmetadata: {{name: n1}}\nstatus: {{nodeInfo: {{kubeletVersion: v1.22.2}}}}\n---\n{}", pod(&format!("{{volumes: [{{name: d, emptyDir: {{}}}}], containers: [{}]}}", c(", volumeMounts: [{name: d, mountPath: /d, subPath: x}]"))))),
        ("GC335", pod(&format!("{{containers: [{}]}}", c(", env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: k}}}]"))), pod(&format!("{{volumes: [{{name: s, csi: {{driver: secrets-store.csi.k8s.io, volumeAttributes: {{secretProviderClass: p}}}}}}], containers: [{}]}}", c(", env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: k}}}]")))),
        ("GC707", svc("{app: web}").replace("spec: {", "spec: {type: LoadBalancer, "), svc("{app: web}").replace("spec: {", "spec: {type: LoadBalancer, ").replace("namespace: t}", "namespace: t, annotations: {service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn, service.beta.kubernetes.io/aws-load-balancer-ssl-ports: '443'}}")),
        ("GC804", "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {osImage: 'Ubuntu 22.04.4 LTS'}}\n".to_string(), "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {osImage: 'Container-Optimized OS from Google'}}\n".to_string()),
        ("GC805", "apiVersion: v1\nkind: Node\nmetadata: {name: ip-1}\nstatus: {nodeInfo: {kubeletVersion: v1.30.4-eks-a737599}}\n".to_string(), "apiVersion: v1\nkind: Node\nmetadata: {name: ip-1}\nstatus: {nodeInfo: {kubeletVersion: v1.30.4-eks-a737599}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: fargate-ip-2}\nstatus: {nodeInfo: {kubeletVersion: v1.30.4-eks-a737599}}\n".to_string()),
        ("GC901", static_pod("kube-apiserver", &["--anonymous-auth=true"]), static_pod("kube-apiserver", &["--anonymous-auth=false"])),
        ("GC902", static_pod("kube-apiserver", &["--token-auth-file=/etc/kubernetes/tokens.csv"]), static_pod("kube-apiserver", &["--anonymous-auth=false"])),
        ("GC903", static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs"])),
        ("GC904", static_pod("kube-apiserver", &["--anonymous-auth=false"]), static_pod("kube-apiserver", &["--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt", "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key"])),
        ("GC905", static_pod("kube-apiserver", &["--anonymous-auth=false"]), static_pod("kube-apiserver", &["--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt"])),
        ("GC906", static_pod("kube-apiserver", &["--authorization-mode=AlwaysAllow"]), static_pod("kube-apiserver", &["--authorization-mode=Node,RBAC"])),
        ("GC907", static_pod("kube-apiserver", &["--authorization-mode=RBAC"]), static_pod("kube-apiserver", &["--authorization-mode=Node,RBAC"])),
        ("GC908", static_pod("kube-apiserver", &["--authorization-mode=Node"]), static_pod("kube-apiserver", &["--authorization-mode=Node,RBAC"])),
        ("GC909", static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction,EventRateLimit"])),
        ("GC910", static_pod("kube-apiserver", &["--enable-admission-plugins=AlwaysAdmit"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"])),
        ("GC911", static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction,AlwaysPullImages"])),
        ("GC912", static_pod("kube-apiserver", &["--disable-admission-plugins=ServiceAccount"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"])),
        ("GC913", static_pod("kube-apiserver", &["--disable-admission-plugins=NamespaceLifecycle"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"])),
        ("GC914", static_pod("kube-apiserver", &["--enable-admission-plugins=AlwaysPullImages"]), static_pod("kube-apiserver", &["--enable-admission-plugins=NodeRestriction"])),
        ("GC915", static_pod("kube-apiserver", &["--profiling=true"]), static_pod("kube-apiserver", &["--profiling=false"])),
        ("GC916", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--audit-log-path=/var/log/kubernetes/audit.log"])),
        ("GC917", static_pod("kube-apiserver", &["--audit-log-maxage=7"]), static_pod("kube-apiserver", &["--audit-log-maxage=30"])),
        ("GC918", static_pod("kube-apiserver", &["--audit-log-maxbackup=2"]), static_pod("kube-apiserver", &["--audit-log-maxbackup=10"])),
        ("GC919", static_pod("kube-apiserver", &["--audit-log-maxsize=10"]), static_pod("kube-apiserver", &["--audit-log-maxsize=100"])),
        ("GC920", static_pod("kube-apiserver", &["--service-account-lookup=false"]), static_pod("kube-apiserver", &["--service-account-lookup=true"])),
        ("GC921", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--service-account-key-file=/etc/kubernetes/pki/sa.pub"])),
        ("GC922", static_pod("kube-apiserver", &["--etcd-servers=https://127.0.0.1:2379"]), static_pod("kube-apiserver", &["--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt", "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key"])),
        ("GC923", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"])),
        ("GC924", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--client-ca-file=/etc/kubernetes/pki/ca.crt"])),
        ("GC925", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt"])),
        ("GC926", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--encryption-provider-config=/etc/kubernetes/enc/config.yaml"])),
        ("GC927", static_pod("kube-apiserver", &["--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA"]), static_pod("kube-apiserver", &["--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"])),
        ("GC928", static_pod("kube-apiserver", &["--profiling=false"]), static_pod("kube-apiserver", &["--service-account-extend-token-expiration=false"])),
        ("GC929", static_pod("kube-apiserver", &["--insecure-port=8080"]), static_pod("kube-apiserver", &["--insecure-port=0"])),
        ("GC930", static_pod("kube-apiserver", &["--secure-port=0"]), static_pod("kube-apiserver", &["--secure-port=6443"])),
        ("GC931", static_pod("kube-apiserver", &["--audit-log-path=/var/log/kubernetes/audit.log"]), static_pod("kube-apiserver", &["--audit-policy-file=/etc/kubernetes/audit-policy.yaml"])),
        ("GC932", static_pod("kube-controller-manager", &["--profiling=false"]), static_pod("kube-controller-manager", &["--terminated-pod-gc-threshold=10"])),
        ("GC933", static_pod("kube-controller-manager", &["--profiling=true"]), static_pod("kube-controller-manager", &["--profiling=false"])),
        ("GC934", static_pod("kube-controller-manager", &["--profiling=false"]), static_pod("kube-controller-manager", &["--use-service-account-credentials=true"])),
        ("GC935", static_pod("kube-controller-manager", &["--profiling=false"]), static_pod("kube-controller-manager", &["--service-account-private-key-file=/etc/kubernetes/pki/sa.key"])),
        ("GC936", static_pod("kube-controller-manager", &["--profiling=false"]), static_pod("kube-controller-manager", &["--root-ca-file=/etc/kubernetes/pki/ca.crt"])),
        ("GC937", static_pod("kube-controller-manager", &["--feature-gates=RotateKubeletServerCertificate=false"]), static_pod("kube-controller-manager", &["--profiling=false"])),
        ("GC938", static_pod("kube-controller-manager", &["--bind-address=0.0.0.0"]), static_pod("kube-controller-manager", &["--bind-address=127.0.0.1"])),
        ("GC939", static_pod("kube-scheduler", &["--profiling=true"]), static_pod("kube-scheduler", &["--profiling=false"])),
        ("GC940", static_pod("kube-scheduler", &["--bind-address=0.0.0.0"]), static_pod("kube-scheduler", &["--bind-address=127.0.0.1"])),
        ("GC941", static_pod("etcd", &["--data-dir=/var/lib/etcd"]), static_pod("etcd", &["--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--key-file=/etc/kubernetes/pki/etcd/server.key"])),
        ("GC942", static_pod("etcd", &["--data-dir=/var/lib/etcd"]), static_pod("etcd", &["--client-cert-auth=true"])),
        ("GC943", static_pod("etcd", &["--auto-tls=true"]), static_pod("etcd", &["--auto-tls=false"])),
        ("GC944", static_pod("etcd", &["--data-dir=/var/lib/etcd"]), static_pod("etcd", &["--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key"])),
        ("GC945", static_pod("etcd", &["--data-dir=/var/lib/etcd"]), static_pod("etcd", &["--peer-client-cert-auth=true"])),
        ("GC946", static_pod("etcd", &["--peer-auto-tls=true"]), static_pod("etcd", &["--peer-auto-tls=false"])),
        ("GC406", format!("{}---\n{}", netpol("{matchLabels: {app: wbe}}", "[Ingress]"), deploy("{app: web}")), format!("{}---\n{}", netpol("{matchLabels: {app: web}}", "[Ingress]"), deploy("{app: web}"))),
        ("GC601", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/warn: restricted}}\n".to_string(), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: restricted}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n".to_string()),
        ("GC602", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {allowPrivilegeEscalation: false, requiredDropCapabilities: [ALL], runAsUser: {rule: MustRunAs, ranges: [{min: 0, max: 65535}]}}\n".to_string(), "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {allowPrivilegeEscalation: false, requiredDropCapabilities: [ALL], runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 65535}]}}\n".to_string()),
        ("GC603", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: t}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: User, name: system:anonymous, apiGroup: rbac.authorization.k8s.io}]\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: system:public-info-viewer}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}\nsubjects: [{kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}, {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}]\n".to_string()),
        ("GC604", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: t}\nautomountServiceAccountToken: true\n".to_string(), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: t}\nautomountServiceAccountToken: false\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: t}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: default}]\n".to_string()),
        ("GC605", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n".to_string(), "apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default}\nspec: {ports: [{port: 443}]}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: t}\n".to_string()),
        ("GC408", format!("apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: api, namespace: t}}\n---\n{}", pod(&format!("{{serviceAccountName: apii, containers: [{}]}}", c("")))), format!("apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: api, namespace: t}}\n---\n{}", pod(&format!("{{serviceAccountName: api, containers: [{}]}}", c(""))))),
        ("GC409", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: t}\nspec: {rules: [{backendRefs: [{name: web, namespace: other, port: 80}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: t}\nspec: {ports: [{port: 80}]}\n".to_string(), "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: t}\nspec: {rules: [{backendRefs: [{name: web, port: 80}, {group: example.com, kind: Bucket, name: b}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: t}\nspec: {ports: [{port: 80}]}\n".to_string()),
        ("GC606", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-proxy, namespace: kube-system}\ndata: {config.conf: \"kind: KubeProxyConfiguration\\nmetricsBindAddress: 0.0.0.0:10249\\n\"}\n".to_string(), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-proxy, namespace: kube-system}\ndata: {config.conf: \"kind: KubeProxyConfiguration\\nmetricsBindAddress: \\\"127.0.0.1:10249\\\"\\n\"}\n".to_string()),
        ("GC607", "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: w}\nwebhooks: []\n".to_string(), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, namespace: t}\n".to_string()),
        ("GC608", "apiVersion: v1\nkind: Namespace\nmetadata: {name: t}\n".to_string(), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, namespace: t}\n".to_string()),
        ("GC706", format!("{}---\n{}", svc("{app: web}").replace("ports: [{port: 80}]", "ports: [{port: 2222, targetPort: 22}]"), deploy("{app: web}")), format!("{}---\n{}", svc("{app: web}").replace("ports: [{port: 80}]", "ports: [{port: 443, targetPort: 22}]"), deploy("{app: web}"))),
        ("GC609", format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {{name: b}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}}\nsubjects: [{{kind: ServiceAccount, name: s, namespace: t}}]\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: s, namespace: t}}\nautomountServiceAccountToken: false\n---\n{}", pod(&format!("{{serviceAccountName: s, automountServiceAccountToken: true, containers: [{}]}}", c("")))), format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {{name: b, namespace: other}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}}\nsubjects: [{{kind: ServiceAccount, name: s}}]\n---\n{}", pod(&format!("{{serviceAccountName: s, containers: [{}]}}", c(""))))),
        ("GC708", deploy("{app: web}").replace("name: web, namespace", "name: payment-api, namespace"), format!("{}---\n{}", netpol("{matchLabels: {app: web}}", "[Ingress]"), deploy("{app: web}").replace("name: web, namespace", "name: payment-api, namespace"))),
        ("GC701", deploy("{app: web}"), format!("{}---\n{}", netpol("{}", "[Ingress]"), deploy("{app: web}"))),
        ("GC709", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n".to_string(), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n".to_string()),
        ("GC712", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n".to_string(), "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n    ports:\n    - {port: 8080}\n".to_string()),
        ("GC713", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n".to_string(), "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n".to_string()),
        ("GC714", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: 'api:1.0'}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: orders-api}}\n".to_string(), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: 'api:1.0'}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n".to_string()),
        ("GC702", format!("{}---\n{}", netpol("{}", "[Ingress]"), deploy("{app: web}")), format!("{}---\n{}", netpol("{}", "[Ingress, Egress]"), deploy("{app: web}"))),
        ("GC703", format!("{}---\n{}", svc("{app: web}").replace("spec: {", "spec: {type: LoadBalancer, "), deploy("{app: web}")), format!("{}---\n{}", svc("{app: web}"), deploy("{app: web}"))),
        ("GC704", format!("{}---\n{}", svc("{app: web}").replace("spec: {", "spec: {type: NodePort, "), deploy("{app: web}").replace("name: web, namespace", "name: jupyter, namespace")), format!("{}---\n{}", svc("{app: web}"), deploy("{app: web}").replace("name: web, namespace", "name: jupyter, namespace"))),
        ("GC407", "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3}\nprovisioner: ebs.csi.aws.com\nparameters: {type: gp3, encrypted: 'false'}\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv1}\nspec: {storageClassName: gp3, capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], csi: {driver: ebs.csi.aws.com, volumeHandle: vol-1}}\n".to_string(), "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3}\nprovisioner: ebs.csi.aws.com\nparameters: {type: gp3, encrypted: 'true'}\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv1}\nspec: {storageClassName: gp3, capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], csi: {driver: ebs.csi.aws.com, volumeHandle: vol-1}}\n".to_string()),
        ("GC705", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: t}\nspec: {tls: [{hosts: ['*.example.com'], secretName: s}], rules: [{host: a.b.example.com}]}\n".to_string(), "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: t}\nspec: {tls: [{hosts: ['*.example.com'], secretName: s}], rules: [{host: shop.example.com}]}\n".to_string()),
        ("GC405", sts(), format!("{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: db, namespace: t}}\nspec: {{clusterIP: None, selector: {{app: db}}}}\n", sts())),
        // RBAC: the catalog examples, which carry the edge cases (resourceNames, core-group
        // impersonation in a second rule, defaults bound without being defined).
        ("GC1101", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-view}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string()),
        ("GC1102", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\nrules:\n- apiGroups: [apps]\n  resources: ['*']\n  verbs: ['*']\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list, create, update, patch]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string()),
        ("GC1103", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [secrets]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [secrets]\n  verbs: [get]\n  resourceNames: [api-db]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string()),
        ("GC1104", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: runner, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: runner, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods, pods/log]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1105", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: debug, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods/exec]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debug}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: debug, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods, pods/log]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debug}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1106", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n- apiGroups: ['']\n  resources: [users, groups]\n  verbs: [impersonate]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1107", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: monitor}\nrules:\n- apiGroups: ['']\n  resources: [nodes/proxy]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: monitor}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitor}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: monitor}\nrules:\n- apiGroups: ['']\n  resources: [nodes/metrics, nodes/stats]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: monitor}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitor}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string()),
        ("GC1108", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tokens, namespace: ops}\nrules:\n- apiGroups: ['']\n  resources: [serviceaccounts/token]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokens}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tokens, namespace: ops}\nrules:\n- apiGroups: ['']\n  resources: [serviceaccounts]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokens}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string()),
        ("GC1109", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: approver}\nrules:\n- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests/approval]\n  verbs: [update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: approver}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: approver}\nrules:\n- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: approver}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1110", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: hooks}\nrules:\n- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [create, update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: hooks}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hooks}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: hooks}\nrules:\n- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: hooks}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hooks}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: build}\n".to_string()),
        ("GC1111", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: storage}\nrules:\n- apiGroups: ['']\n  resources: [persistentvolumes]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: storage}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: storage}\nrules:\n- apiGroups: ['']\n  resources: [persistentvolumeclaims]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: storage}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1112", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: cleanup, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [events]\n  verbs: [delete, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: job, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cleanup}\nsubjects:\n- {kind: ServiceAccount, name: cleanup}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: cleanup, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [events]\n  verbs: [list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: job, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cleanup}\nsubjects:\n- {kind: ServiceAccount, name: cleanup}\n".to_string()),
        ("GC1113", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ops, namespace: shop}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [delete]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ops, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ops, namespace: shop}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ops, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1114", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: dns}\nrules:\n- apiGroups: ['']\n  resources: [configmaps]\n  verbs: [update]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: dns}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: dns}\nrules:\n- apiGroups: ['']\n  resources: [configmaps]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: dns}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1115", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: everyone-views}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: staff-views}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: staff, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1116", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: devs, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: shop-devs, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1117", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops-dashboard}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubernetes-dashboard}\nsubjects:\n- {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: kubernetes-dashboard}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubernetes-dashboard}\nsubjects:\n- {kind: ServiceAccount, name: kubernetes-dashboard, namespace: kubernetes-dashboard}\n".to_string()),
        ("GC1118", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reports, namespace: batch}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reports-reader}\nsubjects:\n- {kind: ServiceAccount, name: reports}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reports, namespace: batch}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: reports}\n".to_string()),
        ("GC1119", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string(), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string()),
        ("GC1120", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [groups]\n  verbs: [impersonate]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [groups]\n  verbs: [impersonate]\n  resourceNames: [auditors]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1122", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops-masters}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:masters, apiGroup: rbac.authorization.k8s.io}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: cluster-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: Group, name: system:masters, apiGroup: rbac.authorization.k8s.io}\n".to_string()),
        ("GC1123", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: default-edit, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects:\n- {kind: ServiceAccount, name: default}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api-edit, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects:\n- {kind: ServiceAccount, name: api}\n".to_string()),
        ("GC1121", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ops, namespace: tools}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: shell, namespace: tools}\nspec:\n  serviceAccountName: ops\n  containers:\n  - {name: shell, image: 'registry.example.com/shell:1.0'}\n".to_string(), "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ops, namespace: tools}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: shell, namespace: tools}\nspec:\n  serviceAccountName: ops\n  automountServiceAccountToken: false\n  containers:\n  - {name: shell, image: 'registry.example.com/shell:1.0'}\n".to_string()),
    ]
}

#[test]
fn every_control_has_failing_and_passing_fixtures() {
    // Catalog entries for data no object carries have nothing to fail; the Kubescape
    // coverage test checks that they are reported not-evaluated.
    let ids: Vec<String> = json(&run(&["controls", "list", "--format", "json"]))
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["decidable"] == true)
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

/// A peer that selects no workload of its namespace is not reported where the namespace
/// also holds custom resources (an operator's objects may run the pods it selects), and
/// only in that namespace.
#[test]
fn custom_resources_keep_peers_that_select_nothing_from_failing() {
    let policy = |ns: &str| {
        format!(
            "apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api, namespace: {ns}}}\nspec:\n  template:\n    metadata: {{labels: {{app: api}}}}\n    spec:\n      containers: [{{name: api, image: 'api:1.0'}}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: db, namespace: {ns}}}\nspec:\n  podSelector: {{matchLabels: {{app: db}}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{app: orders-api}}}}\n---\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}{}apiVersion: example.com/v1\nkind: OrdersApi\nmetadata: {{name: orders, namespace: shop}}\n",
        policy("shop"),
        policy("plain")
    );
    fs::write(dir.path().join("m.yaml"), text).unwrap();
    let r = json(&run_in(
        dir.path(),
        &["scan", "m.yaml", "--control", "GC714", "--format", "json"],
    ));
    let failing: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["namespace"].as_str().unwrap())
        .collect();
    assert_eq!(failing, ["plain"], "{}", r["findings"]);
}
