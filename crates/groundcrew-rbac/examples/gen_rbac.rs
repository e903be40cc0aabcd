//! Writes a deterministic RBAC-heavy input for benchmarks: the Kubernetes defaults bound as a
//! cluster would bind them, thousands of Roles, ClusterRoles and bindings, aggregated
//! ClusterRoles, and escalation chains of a chosen depth.
//!
//!   cargo run --release -p groundcrew-rbac --example gen_rbac -- NAMESPACES DEPTH > rbac.yaml
//!   cargo run --release -p groundcrew-rbac --example gen_rbac -- crowded ACCOUNTS > crowded.yaml

use std::fmt::Write as _;

/// `namespaces` namespaces of 4 Roles, 6 RoleBindings and 5 ServiceAccounts each; 1 aggregated
/// ClusterRole per 10 namespaces with 10 contributing ClusterRoles; a chain of `depth` steps
/// per 50 namespaces (impersonate → create pods → token request → ... → cluster-admin).
pub fn generate(namespaces: usize, depth: usize) -> String {
    let mut out = String::with_capacity(namespaces * 4096);
    let rb = "apiVersion: rbac.authorization.k8s.io/v1";
    // The defaults a cluster binds (roles come from groundcrew's built-in data).
    for (name, role, subject) in [
        (
            "cluster-admin",
            "cluster-admin",
            "{kind: Group, name: 'system:masters'}",
        ),
        (
            "system:basic-user",
            "system:basic-user",
            "{kind: Group, name: 'system:authenticated'}",
        ),
        (
            "system:discovery",
            "system:discovery",
            "{kind: Group, name: 'system:authenticated'}",
        ),
        (
            "system:kube-controller-manager",
            "system:kube-controller-manager",
            "{kind: User, name: 'system:kube-controller-manager'}",
        ),
        (
            "system:kube-scheduler",
            "system:kube-scheduler",
            "{kind: User, name: 'system:kube-scheduler'}",
        ),
    ] {
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: ClusterRoleBinding\nmetadata: {{name: '{name}'}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: '{role}'}}\nsubjects: [{subject}]"
        );
    }
    for c in [
        "attachdetach-controller",
        "cronjob-controller",
        "daemon-set-controller",
        "deployment-controller",
        "job-controller",
        "namespace-controller",
        "replicaset-controller",
        "statefulset-controller",
        "generic-garbage-collector",
        "clusterrole-aggregation-controller",
    ] {
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: ClusterRoleBinding\nmetadata: {{name: 'system:controller:{c}'}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:controller:{c}'}}\nsubjects: [{{kind: ServiceAccount, name: {c}, namespace: kube-system}}]"
        );
    }
    for a in 0..namespaces.div_ceil(10) {
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: ClusterRole\nmetadata: {{name: agg-{a}}}\naggregationRule:\n  clusterRoleSelectors: [{{matchLabels: {{example.com/aggregate-to: agg-{a}}}}}]\nrules: []"
        );
        for p in 0..10 {
            let _ = writeln!(
                out,
                "---\n{rb}\nkind: ClusterRole\nmetadata:\n  name: part-{a}-{p}\n  labels: {{example.com/aggregate-to: agg-{a}, rbac.authorization.k8s.io/aggregate-to-view: '{}'}}\nrules:\n- {{apiGroups: [example.com], resources: [widgets{p}], verbs: [get, list, watch]}}",
                p == 0
            );
        }
    }
    for n in 0..namespaces {
        let ns = format!("team-{n:05}");
        let _ = writeln!(
            out,
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{pod-security.kubernetes.io/enforce: {}}}",
            if n % 3 == 0 { "baseline" } else { "privileged" }
        );
        for s in 0..5 {
            let _ = writeln!(
                out,
                "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: app-{s}, namespace: {ns}}}"
            );
        }
        let roles = [
            (
                "reader",
                "[{apiGroups: [''], resources: [pods, services, configmaps], verbs: [get, list, watch]}]",
            ),
            (
                "deployer",
                "[{apiGroups: [apps], resources: [deployments, statefulsets], verbs: [get, list, create, update, patch]}, {apiGroups: [''], resources: [configmaps], verbs: ['*']}]",
            ),
            (
                "secrets",
                "[{apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [app-0-db]}]",
            ),
            (
                "debugger",
                "[{apiGroups: [''], resources: [pods/exec, pods/log], verbs: [create, get]}]",
            ),
        ];
        for (name, rules) in roles {
            let _ = writeln!(
                out,
                "---\n{rb}\nkind: Role\nmetadata: {{name: {name}, namespace: {ns}}}\nrules: {rules}"
            );
        }
        let bindings = [
            (
                "readers",
                "Role",
                "reader",
                format!("{{kind: Group, name: team-{}}}", n % 40),
            ),
            (
                "deploy",
                "Role",
                "deployer",
                format!("{{kind: ServiceAccount, name: app-0, namespace: {ns}}}"),
            ),
            (
                "db",
                "Role",
                "secrets",
                "{kind: ServiceAccount, name: app-1}".to_string(),
            ),
            (
                "oncall",
                "Role",
                "debugger",
                format!("{{kind: User, name: oncall-{}}}", n % 25),
            ),
            (
                "edit",
                "ClusterRole",
                "edit",
                format!("{{kind: Group, name: devs-{}}}", n % 60),
            ),
            (
                "agg",
                "ClusterRole",
                &*format!("agg-{}", n / 10),
                "{kind: ServiceAccount, name: app-2}".to_string(),
            ),
        ];
        for (name, kind, role, subject) in bindings {
            let _ = writeln!(
                out,
                "---\n{rb}\nkind: RoleBinding\nmetadata: {{name: {name}, namespace: {ns}}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: {kind}, name: '{role}'}}\nsubjects: [{subject}]"
            );
        }
        let _ = writeln!(
            out,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-3, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: a}}}}\n  template:\n    metadata: {{labels: {{app: a}}}}\n    spec:\n      serviceAccountName: app-3\n      containers: [{{name: a, image: 'registry.example.com/a:1.0'}}]"
        );
    }
    // Chains: user chain-K impersonates SA s0 in chain namespace K; each SA i can create
    // pods in the next namespace (whose SA i+1 has the next right), alternating pod
    // creation and token requests; the last is bound to cluster-admin.
    for k in 0..namespaces.div_ceil(50) {
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: ClusterRole\nmetadata: {{name: chain-{k}-impersonate}}\nrules: [{{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [s0]}}]"
        );
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: RoleBinding\nmetadata: {{name: chain-{k}, namespace: chain-{k}-0}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: chain-{k}-impersonate}}\nsubjects: [{{kind: User, name: chain-{k}}}]"
        );
        for i in 0..depth {
            let ns = format!("chain-{k}-{i}");
            let next = format!("chain-{k}-{}", i + 1);
            let _ = writeln!(
                out,
                "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{pod-security.kubernetes.io/enforce: restricted}}"
            );
            let _ = writeln!(
                out,
                "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: s{i}, namespace: {ns}}}"
            );
            let rule = if i % 2 == 0 {
                "{apiGroups: [''], resources: [pods], verbs: [create]}".to_string()
            } else {
                format!(
                    "{{apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [s{}]}}",
                    i + 1
                )
            };
            let _ = writeln!(
                out,
                "---\n{rb}\nkind: Role\nmetadata: {{name: step, namespace: {next}}}\nrules: [{rule}]"
            );
            let _ = writeln!(
                out,
                "---\n{rb}\nkind: RoleBinding\nmetadata: {{name: step, namespace: {next}}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: step}}\nsubjects: [{{kind: ServiceAccount, name: s{i}, namespace: {ns}}}]"
            );
        }
        let last = format!("chain-{k}-{depth}");
        let _ = writeln!(
            out,
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {last}\n  labels: {{pod-security.kubernetes.io/enforce: restricted}}"
        );
        let _ = writeln!(
            out,
            "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: s{depth}, namespace: {last}}}"
        );
        let _ = writeln!(
            out,
            "---\n{rb}\nkind: ClusterRoleBinding\nmetadata: {{name: chain-{k}-admin}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}}\nsubjects: [{{kind: ServiceAccount, name: s{depth}, namespace: {last}}}]"
        );
    }
    out
}

/// One namespace of `accounts` service accounts, each with a legacy token Secret and a
/// Deployment that mounts its token, each granted (by its own RoleBinding) pod creation,
/// Secret reads and `pods/exec` in the namespace; one of them is bound to cluster-admin.
/// Every account can become every other in one step, in three ways.
pub fn crowded(accounts: usize) -> String {
    let mut out = String::with_capacity(accounts * 1024);
    let rb = "apiVersion: rbac.authorization.k8s.io/v1";
    out.push_str("apiVersion: v1\nkind: Namespace\nmetadata: {name: ci, labels: {pod-security.kubernetes.io/enforce: restricted}}\n");
    let _ = writeln!(
        out,
        "---\n{rb}\nkind: Role\nmetadata: {{name: runner, namespace: ci}}\nrules:\n- {{apiGroups: [''], resources: [pods, pods/exec, secrets], verbs: [create, get]}}"
    );
    let _ = writeln!(
        out,
        "---\n{rb}\nkind: ClusterRoleBinding\nmetadata: {{name: admin}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}}\nsubjects: [{{kind: ServiceAccount, name: sa-0, namespace: ci}}]"
    );
    for i in 0..accounts {
        let _ = writeln!(
            out,
            "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: sa-{i}, namespace: ci}}\n---\n{rb}\nkind: RoleBinding\nmetadata: {{name: runner-{i}, namespace: ci}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner}}\nsubjects: [{{kind: ServiceAccount, name: sa-{i}, namespace: ci}}]\n---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata: {{name: sa-{i}-token, namespace: ci, annotations: {{kubernetes.io/service-account.name: sa-{i}}}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{i}, namespace: ci}}\nspec:\n  selector: {{matchLabels: {{app: app-{i}}}}}\n  template:\n    metadata: {{labels: {{app: app-{i}}}}}\n    spec:\n      serviceAccountName: sa-{i}\n      containers: [{{name: app, image: 'registry.example/app:1'}}]"
        );
    }
    out
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "crowded") {
        let accounts = args
            .get(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("usage: gen_rbac crowded ACCOUNTS"));
        print!("{}", crowded(accounts));
        return;
    }
    let args: Vec<usize> = args
        .iter()
        .map(|a| {
            a.parse()
                .unwrap_or_else(|_| panic!("usage: gen_rbac NAMESPACES DEPTH"))
        })
        .collect();
    let namespaces = args.first().copied().unwrap_or(2000);
    let depth = args.get(1).copied().unwrap_or(8);
    print!("{}", generate(namespaces, depth));
}
