//! The RBAC semantics of the Kubernetes documentation, scenario by scenario, including the
//! cases peer tools are known to get wrong (../shared/reference/rbac-semantics.md).

use groundcrew_inventory::{Inventory, inventory_from_yaml};
use groundcrew_rbac::{Escalations, Position, Question, Rbac, SubjectKey};

fn inventory(yaml: &str) -> Inventory {
    inventory_from_yaml("test.yaml", yaml).expect("valid YAML")
}

fn role(kind: &str, ns: Option<&str>, name: &str, rules: &str) -> String {
    let ns = ns.map(|n| format!(", namespace: {n}")).unwrap_or_default();
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: {name}{ns}}}\nrules: {rules}"
    )
}

fn binding(
    kind: &str,
    ns: Option<&str>,
    name: &str,
    role_kind: &str,
    role: &str,
    subjects: &str,
) -> String {
    let ns = ns.map(|n| format!(", namespace: {n}")).unwrap_or_default();
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: {name}{ns}}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: {role_kind}, name: {role}}}\nsubjects: {subjects}"
    )
}

fn who(
    rbac: &Rbac<'_>,
    verb: &str,
    resource: &str,
    ns: Option<&str>,
) -> (Vec<String>, Vec<String>) {
    let q = Question::new(verb, resource, None, ns, None).expect("question");
    let answer = rbac.who_can(&q, false);
    (
        answer
            .subjects
            .iter()
            .map(|s| s.subject.to_string())
            .collect(),
        answer
            .partial
            .iter()
            .map(|p| format!("{} in {}", p.subject.subject, p.namespaces.join(",")))
            .collect(),
    )
}

fn reaches(rbac: &Rbac<'_>, subject: &str) -> Vec<String> {
    let subject = SubjectKey::parse(subject).expect("subject");
    Escalations::compute(rbac, false)
        .paths
        .iter()
        .filter(|p| p.subject == subject)
        .map(|p| p.reaches.to_string())
        .collect()
}

const ALICE: &str = "[{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]";

#[test]
fn rolebinding_to_clusterrole_applies_in_its_namespace_only() {
    let inv = inventory(
        &[
            role(
                "ClusterRole",
                None,
                "secret-reader",
                "[{apiGroups: [''], resources: [secrets], verbs: [get, list]}]",
            ),
            binding(
                "RoleBinding",
                Some("team-a"),
                "read",
                "ClusterRole",
                "secret-reader",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(
        who(&rbac, "list", "secrets", Some("team-a")).0,
        ["User alice"]
    );
    assert!(who(&rbac, "list", "secrets", Some("team-b")).0.is_empty());
    let (full, partial) = who(&rbac, "list", "secrets", None);
    assert!(full.is_empty());
    assert_eq!(partial, ["User alice in team-a"]);
    assert_eq!(reaches(&rbac, "User:alice"), ["secrets:team-a"]);
}

#[test]
fn rolebinding_never_grants_cluster_scoped_resources() {
    let inv = inventory(
        &[
            role(
                "ClusterRole",
                None,
                "proxy",
                "[{apiGroups: [''], resources: [nodes/proxy], verbs: [get]}]",
            ),
            binding(
                "RoleBinding",
                Some("team-a"),
                "p",
                "ClusterRole",
                "proxy",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    let (full, partial) = who(&rbac, "get", "nodes/proxy", None);
    assert!(full.is_empty() && partial.is_empty());
    assert!(reaches(&rbac, "User:alice").is_empty());
}

#[test]
fn clusterrolebinding_grants_everywhere_and_nodes_proxy_reaches_node() {
    let inv = inventory(
        &[
            role(
                "ClusterRole",
                None,
                "proxy",
                "[{apiGroups: [''], resources: [nodes/proxy], verbs: [get]}]",
            ),
            binding(
                "ClusterRoleBinding",
                None,
                "p",
                "ClusterRole",
                "proxy",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(who(&rbac, "get", "nodes/proxy", None).0, ["User alice"]);
    // `nodes` does not cover `nodes/proxy`, nor the reverse.
    assert!(who(&rbac, "get", "nodes", None).0.is_empty());
    assert_eq!(reaches(&rbac, "User:alice"), ["node"]);
}

#[test]
fn bind_is_checked_on_roles_not_on_rolebindings() {
    // Checkov's CKV_K8S_157 looks for `bind` on rolebindings: that grants nothing.
    let wrong = role(
        "Role",
        Some("t"),
        "r",
        "[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, bind]}]",
    );
    let inv = inventory(
        &[
            wrong,
            binding("RoleBinding", Some("t"), "b", "Role", "r", ALICE),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
    // `bind` on clusterroles, checked in the RoleBinding's namespace, plus creating
    // RoleBindings: alice can bind cluster-admin in t.
    let right = role(
        "Role",
        Some("t"),
        "r",
        "[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]",
    );
    let inv = inventory(
        &[
            right,
            binding("RoleBinding", Some("t"), "b", "Role", "r", ALICE),
        ]
        .join("\n---\n"),
    );
    // …and, t enforcing no Pod Security, as namespace admin run privileged pods: the node.
    assert_eq!(
        reaches(&Rbac::new(&inv), "User:alice"),
        ["node", "namespace-admin:t"]
    );
}

#[test]
fn bind_limited_by_resource_names_reaches_only_that_role() {
    let rules = "[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "binder", rules),
            binding(
                "ClusterRoleBinding",
                None,
                "b",
                "ClusterRole",
                "binder",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert!(
        reaches(&rbac, "User:alice").is_empty(),
        "{:?}",
        reaches(&rbac, "User:alice")
    );
    // Unlimited, it reaches cluster-admin in one step.
    let rules = "[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "binder", rules),
            binding(
                "ClusterRoleBinding",
                None,
                "b",
                "ClusterRole",
                "binder",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
}

#[test]
fn creating_bindings_without_bind_or_escalate_gains_nothing() {
    let inv = inventory(&[
        role("ClusterRole", None, "c", "[{apiGroups: ['*'], resources: [clusterrolebindings, rolebindings], verbs: [create]}]"),
        binding("ClusterRoleBinding", None, "b", "ClusterRole", "c", ALICE),
    ].join("\n---\n"));
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn impersonation_with_core_group_and_a_second_rule() {
    // Trivy's KSV043 needs apiGroups `*`; Checkov's CKV2_K8S_3 misses a second rule.
    let rules = "[{apiGroups: [''], resources: [pods], verbs: [get]}, {apiGroups: [''], resources: [groups], verbs: [impersonate]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "imp", rules),
            binding("ClusterRoleBinding", None, "b", "ClusterRole", "imp", ALICE),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(who(&rbac, "impersonate", "groups", None).0, ["User alice"]);
    let paths = Escalations::compute(&rbac, false);
    let p = &paths.paths[0];
    assert_eq!(p.reaches, Position::ClusterAdmin);
    assert_eq!(p.steps.len(), 2);
    assert!(
        p.steps[0]
            .action
            .contains("impersonate Group system:masters"),
        "{}",
        p.steps[0].action
    );
    // Impersonation limited to one group reaches only that group's permissions.
    let rules =
        "[{apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [auditors]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "imp", rules),
            binding("ClusterRoleBinding", None, "b", "ClusterRole", "imp", ALICE),
            binding(
                "ClusterRoleBinding",
                None,
                "a",
                "ClusterRole",
                "view",
                "[{kind: Group, name: auditors}]",
            ),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn api_groups_are_not_ignored() {
    let inv = inventory(
        &[
            role(
                "ClusterRole",
                None,
                "op",
                "[{apiGroups: [metal3.io], resources: ['*'], verbs: ['*']}]",
            ),
            binding("ClusterRoleBinding", None, "b", "ClusterRole", "op", ALICE),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert!(who(&rbac, "get", "secrets", None).0.is_empty());
    assert!(reaches(&rbac, "User:alice").is_empty());
}

#[test]
fn aggregation_is_computed_from_the_manifests() {
    let inv = inventory(&[
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: widget-secrets\n  labels: {rbac.authorization.k8s.io/aggregate-to-edit: 'true'}\nrules: [{apiGroups: [''], resources: [nodes/proxy], verbs: [get]}]".to_string(),
        binding("ClusterRoleBinding", None, "a", "ClusterRole", "admin", ALICE),
        binding("ClusterRoleBinding", None, "v", "ClusterRole", "view", "[{kind: User, name: bob}]"),
    ].join("\n---\n"));
    let rbac = Rbac::new(&inv);
    // admin ← edit ← widget-secrets: transitively.
    assert_eq!(who(&rbac, "get", "nodes/proxy", None).0, ["User alice"]);
    // admin's defaults: edit's pods/exec and view's pods.
    assert_eq!(who(&rbac, "create", "pods/exec", None).0, ["User alice"]);
    let (viewers, _) = who(&rbac, "list", "pods", None);
    assert_eq!(viewers, ["User alice", "User bob"]);
    // view does not read secrets.
    assert_eq!(who(&rbac, "get", "secrets", None).0, ["User alice"]);
}

/// An aggregated ClusterRole keeps the rules it is written with: in a dump of a live
/// cluster they are what the aggregation controller filled in, and the roles it aggregated
/// need not be in the dump; roles that aggregate each other pass those rules on. (Taking
/// only what the selectors match granted nothing in both cases.)
#[test]
fn aggregated_roles_keep_their_own_rules() {
    let aggregated = |name: &str, label: &str, selects: &str, resource: &str| {
        format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {name}\n  labels: {{group: '{label}'}}\naggregationRule:\n  clusterRoleSelectors: [{{matchLabels: {{group: '{selects}'}}}}]\nrules: [{{apiGroups: [''], resources: [{resource}], verbs: [get]}}]"
        )
    };
    // Exported from a cluster without the roles it aggregates.
    let inv = inventory(
        &[
            aggregated("monitoring", "m", "aggregate-to-monitoring", "secrets"),
            binding(
                "ClusterRoleBinding",
                None,
                "m",
                "ClusterRole",
                "monitoring",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(who(&rbac, "get", "secrets", None).0, ["User alice"]);
    // Two roles that aggregate each other: each grants both.
    let inv = inventory(
        &[
            aggregated("a", "x", "y", "secrets"),
            aggregated("b", "y", "x", "configmaps"),
            binding("ClusterRoleBinding", None, "a", "ClusterRole", "a", ALICE),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(who(&rbac, "get", "secrets", None).0, ["User alice"]);
    assert_eq!(who(&rbac, "get", "configmaps", None).0, ["User alice"]);
}

#[test]
fn defaults_are_known_and_missing_roles_grant_nothing() {
    let inv = inventory(
        &[
            binding("RoleBinding", Some("t"), "e", "ClusterRole", "edit", ALICE),
            binding(
                "RoleBinding",
                Some("t"),
                "m",
                "ClusterRole",
                "no-such-role",
                "[{kind: User, name: bob}]",
            ),
            // A ClusterRoleBinding cannot refer to a Role.
            role(
                "Role",
                Some("t"),
                "r",
                "[{apiGroups: [''], resources: [secrets], verbs: [get]}]",
            ),
            binding(
                "ClusterRoleBinding",
                None,
                "x",
                "Role",
                "r",
                "[{kind: User, name: carol}]",
            ),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(
        who(&rbac, "create", "deployments", Some("t")).0,
        ["User alice"]
    );
    assert!(rbac.bindings.iter().filter(|b| b.role.is_none()).count() == 2);
    assert_eq!(who(&rbac, "get", "secrets", Some("t")).0, ["User alice"]);
}

#[test]
fn service_account_subjects_and_groups() {
    let inv = inventory(
        &[
            // Namespace defaults to the binding's.
            binding(
                "RoleBinding",
                Some("t"),
                "a",
                "ClusterRole",
                "view",
                "[{kind: ServiceAccount, name: app}]",
            ),
            binding(
                "RoleBinding",
                Some("t"),
                "g",
                "ClusterRole",
                "edit",
                "[{kind: Group, name: 'system:serviceaccounts:t'}]",
            ),
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other, namespace: u}"
                .to_string(),
        ]
        .join("\n---\n"),
    );
    let rbac = Rbac::new(&inv);
    assert_eq!(
        who(&rbac, "list", "pods", Some("t")).0,
        ["Group system:serviceaccounts:t", "ServiceAccount t/app"]
    );
    let p = rbac.permissions(
        &SubjectKey::parse("system:serviceaccount:t:app").expect("sa"),
        false,
    );
    assert!(p.scopes.iter().any(|s| {
        s.rules.iter().any(|r| {
            r.resource.as_deref() == Some("pods") && r.verbs.contains(&"create".to_string())
        })
    }));
    let p = rbac.permissions(
        &SubjectKey::parse("ServiceAccount:u:other").expect("sa"),
        false,
    );
    assert!(p.scopes.is_empty());
}

#[test]
fn pod_creation_reaches_the_namespace_service_accounts() {
    let creator = role(
        "Role",
        Some("apps"),
        "deployer",
        "[{apiGroups: [apps], resources: [deployments], verbs: [create]}]",
    );
    let weak = binding(
        "RoleBinding",
        Some("apps"),
        "w",
        "ClusterRole",
        "view",
        "[{kind: ServiceAccount, name: web}]",
    );
    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels: {pod-security.kubernetes.io/enforce: restricted}".to_string();
    let base = [
        creator.clone(),
        binding("RoleBinding", Some("apps"), "d", "Role", "deployer", ALICE),
        weak.clone(),
        ns.clone(),
    ];
    let rbac_inv = inventory(&base.join("\n---\n"));
    // Weak service accounts: nothing stronger (view reads no secrets), and Pod Security
    // restricts privileged pods.
    assert!(reaches(&Rbac::new(&rbac_inv), "User:alice").is_empty());
    // A cluster-admin service account in the namespace: two steps to cluster-admin.
    let strong = binding(
        "ClusterRoleBinding",
        None,
        "s",
        "ClusterRole",
        "cluster-admin",
        "[{kind: ServiceAccount, name: ops, namespace: apps}]",
    );
    let inv = inventory(&[base.join("\n---\n"), strong].join("\n---\n"));
    let rbac = Rbac::new(&inv);
    let paths = Escalations::compute(&rbac, false);
    let p = paths
        .paths
        .iter()
        .find(|p| p.subject == SubjectKey::user("alice"))
        .expect("a path");
    assert_eq!(p.reaches, Position::ClusterAdmin);
    assert_eq!(p.steps.len(), 2);
    assert!(p.steps[0].action.contains("ServiceAccount apps/ops"));
    // Without Pod Security enforcement, pod creation is a way onto the node.
    let inv = inventory(
        &[
            creator,
            binding("RoleBinding", Some("apps"), "d", "Role", "deployer", ALICE),
            weak,
        ]
        .join("\n---\n"),
    );
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["node"]);
}

#[test]
fn escalate_and_update_own_role() {
    let rules = "[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update], resourceNames: [self-admin]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "self-admin", rules),
            binding(
                "ClusterRoleBinding",
                None,
                "b",
                "ClusterRole",
                "self-admin",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
    // Escalate without update does nothing.
    let rules =
        "[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "self-admin", rules),
            binding(
                "ClusterRoleBinding",
                None,
                "b",
                "ClusterRole",
                "self-admin",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn token_requests_and_legacy_token_secrets() {
    let inv = inventory(&[
        role("Role", Some("ops"), "tok", "[{apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [deployer]}]"),
        binding("RoleBinding", Some("ops"), "t", "Role", "tok", ALICE),
        binding("ClusterRoleBinding", None, "d", "ClusterRole", "cluster-admin", "[{kind: ServiceAccount, name: deployer, namespace: ops}]"),
    ].join("\n---\n"));
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
    let inv = inventory(&[
        role("Role", Some("ops"), "sec", "[{apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [deployer-token]}]"),
        binding("RoleBinding", Some("ops"), "t", "Role", "sec", ALICE),
        binding("ClusterRoleBinding", None, "d", "ClusterRole", "cluster-admin", "[{kind: ServiceAccount, name: deployer, namespace: ops}]"),
        "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata:\n  name: deployer-token\n  namespace: ops\n  annotations: {kubernetes.io/service-account.name: deployer}".to_string(),
    ].join("\n---\n"));
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
}

#[test]
fn non_resource_urls_with_a_trailing_star() {
    let inv = inventory(&[
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: m}\nrules: [{nonResourceURLs: ['/metrics*'], verbs: [get]}]".to_string(),
        binding("ClusterRoleBinding", None, "b", "ClusterRole", "m", ALICE),
    ].join("\n---\n"));
    let rbac = Rbac::new(&inv);
    assert_eq!(who(&rbac, "get", "/metrics/slis", None).0, ["User alice"]);
    assert!(who(&rbac, "get", "/healthz", None).0.is_empty());
}

#[test]
fn resource_names_never_grant_list() {
    let inv = inventory(&[
        role("Role", Some("t"), "one", "[{apiGroups: [''], resources: [secrets], verbs: [get, list], resourceNames: [tls]}]"),
        binding("RoleBinding", Some("t"), "b", "Role", "one", ALICE),
    ].join("\n---\n"));
    let rbac = Rbac::new(&inv);
    assert!(who(&rbac, "list", "secrets", Some("t")).0.is_empty());
    let q = Question::new("get", "secrets", None, Some("t"), Some("tls")).expect("q");
    assert_eq!(rbac.who_can(&q, false).subjects.len(), 1);
    assert!(reaches(&rbac, "User:alice").is_empty());
}

#[test]
fn bootstrap_defaults_are_recognised() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/k8s-bootstrap-rbac"
    );
    let mut text = String::new();
    for f in ["cluster-roles.yaml", "cluster-role-bindings.yaml"] {
        let t = std::fs::read_to_string(format!("{dir}/{f}")).expect("the shared corpus");
        let docs: Vec<&str> = t.split("\n---\n").filter(|d| d.contains("kind:")).collect();
        if !text.is_empty() {
            text.push_str("\n---\n");
        }
        text.push_str(&docs.join("\n---\n"));
    }
    let inv = inventory(&text);
    let rbac = Rbac::new(&inv);
    let modified: Vec<&str> = rbac
        .roles
        .iter()
        .filter(|r| r.record.is_some() && !r.is_default)
        .map(|r| &*r.name)
        .collect();
    assert!(
        modified.is_empty(),
        "not recognised as defaults: {modified:?}"
    );
    let bindings: Vec<String> = rbac
        .bindings
        .iter()
        .filter(|b| !b.is_default)
        .map(|b| inv.get(b.record).id.to_string())
        .collect();
    assert!(
        bindings.is_empty(),
        "not recognised as defaults: {bindings:?}"
    );
    assert!(Escalations::compute(&rbac, false).paths.is_empty());
    // With the defaults included, system:masters holds cluster-admin.
    let all = Escalations::compute(&rbac, true);
    assert!(
        all.paths
            .iter()
            .any(|p| p.subject == SubjectKey::group("system:masters")
                && p.reaches == Position::ClusterAdmin)
    );
}

#[test]
fn resource_names_star_is_a_literal_name() {
    // Trivy's KSV051/052 treat `resourceNames: ["*"]` as "any role"; Kubernetes matches the
    // name `*` literally, so this binds nothing real.
    let rules = "[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: ['*']}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "binder", rules),
            binding(
                "ClusterRoleBinding",
                None,
                "b",
                "ClusterRole",
                "binder",
                ALICE,
            ),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn approving_a_client_certificate_reaches_cluster_admin() {
    let rules = "[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create]}, {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}, {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: [kubernetes.io/kube-apiserver-client]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "csr", rules),
            binding("ClusterRoleBinding", None, "b", "ClusterRole", "csr", ALICE),
        ]
        .join("\n---\n"),
    );
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
    // Approval for the kubelet-serving signer alone issues no client identity.
    let rules = "[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create]}, {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}, {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: [kubernetes.io/kubelet-serving]}]";
    let inv = inventory(
        &[
            role("ClusterRole", None, "csr", rules),
            binding("ClusterRoleBinding", None, "b", "ClusterRole", "csr", ALICE),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn exec_into_pods_that_mount_a_strong_token() {
    let deployment = |automount: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: ops, namespace: tools}}\nspec:\n  template:\n    spec:\n      serviceAccountName: ops\n      {automount}containers: [{{name: c, image: 'x:1'}}]"
        )
    };
    let base = [
        role(
            "Role",
            Some("tools"),
            "debug",
            "[{apiGroups: [''], resources: [pods/exec], verbs: [create]}]",
        ),
        binding("RoleBinding", Some("tools"), "d", "Role", "debug", ALICE),
        binding(
            "ClusterRoleBinding",
            None,
            "ops",
            "ClusterRole",
            "cluster-admin",
            "[{kind: ServiceAccount, name: ops, namespace: tools}]",
        ),
    ];
    let inv = inventory(&[base.join("\n---\n"), deployment("")].join("\n---\n"));
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
    // The same pods without the token mounted: nothing to take.
    let inv = inventory(
        &[
            base.join("\n---\n"),
            deployment("automountServiceAccountToken: false\n      "),
        ]
        .join("\n---\n"),
    );
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn mutating_webhooks_reach_the_node() {
    let inv = inventory(&[
        role("ClusterRole", None, "hooks", "[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create]}]"),
        binding("ClusterRoleBinding", None, "b", "ClusterRole", "hooks", ALICE),
    ].join("\n---\n"));
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["node"]);
    // Validating webhooks cannot change what runs.
    let inv = inventory(&[
        role("ClusterRole", None, "hooks", "[{apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create]}]"),
        binding("ClusterRoleBinding", None, "b", "ClusterRole", "hooks", ALICE),
    ].join("\n---\n"));
    assert!(reaches(&Rbac::new(&inv), "User:alice").is_empty());
}

#[test]
fn group_grants_reach_every_member() {
    // A grant to system:serviceaccounts:ops is a grant to every service account of ops:
    // impersonating one of them yields it.
    let inv = inventory(&[
        role("Role", Some("ops"), "imp", "[{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [runner]}]"),
        binding("RoleBinding", Some("ops"), "i", "Role", "imp", ALICE),
        binding("ClusterRoleBinding", None, "g", "ClusterRole", "cluster-admin", "[{kind: Group, name: 'system:serviceaccounts:ops'}]"),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: runner, namespace: ops}".to_string(),
    ].join("\n---\n"));
    assert_eq!(reaches(&Rbac::new(&inv), "User:alice"), ["cluster-admin"]);
}

/// Namespace `ci` (Pod Security `restricted`, so creating pods is no way to the node) with
/// service accounts `a` (granted `view`) and `b` (bound to cluster-admin), a Deployment
/// `web` running as `b` with its token mounted, user `bob` bound to cluster-admin, and
/// alice granted `rules` by a role of `kind` (a Role in `ci`, or a ClusterRole bound
/// cluster-wide), plus `extra` objects. Returns the steps of alice's chain to
/// cluster-admin, as (action, to).
fn alice_to_cluster_admin(kind: &str, rules: &str, extra: &[String]) -> Vec<(String, String)> {
    let (role_ns, binding_kind) = match kind {
        "Role" => (Some("ci"), "RoleBinding"),
        _ => (None, "ClusterRoleBinding"),
    };
    let sa = |name: &str| {
        format!("apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: {name}, namespace: ci}}")
    };
    let mut docs = vec![
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: ci, labels: {pod-security.kubernetes.io/enforce: restricted}}".to_string(),
        sa("a"),
        sa("b"),
        binding("RoleBinding", Some("ci"), "a-view", "ClusterRole", "view", "[{kind: ServiceAccount, name: a, namespace: ci}]"),
        binding("ClusterRoleBinding", None, "b-admin", "ClusterRole", "cluster-admin", "[{kind: ServiceAccount, name: b, namespace: ci}]"),
        binding("ClusterRoleBinding", None, "bob-admin", "ClusterRole", "cluster-admin", "[{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ci}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      serviceAccountName: b\n      containers: [{name: web, image: 'nginx:1.27'}]".to_string(),
        role(kind, role_ns, "alice", rules),
        binding(binding_kind, role_ns, "alice", kind, "alice", ALICE),
    ];
    docs.extend(extra.iter().cloned());
    let inv = inventory(&docs.join("\n---\n"));
    let rbac = Rbac::new(&inv);
    let alice = SubjectKey::parse("User:alice").expect("subject");
    let paths = Escalations::compute(&rbac, false);
    let path = paths
        .paths
        .iter()
        .find(|p| p.subject == alice && p.reaches == Position::ClusterAdmin)
        .unwrap_or_else(|| panic!("alice reaches cluster-admin with {rules}"));
    path.steps
        .iter()
        .map(|s| (s.action.clone(), s.to.to_string()))
        .collect()
}

#[test]
fn each_way_to_become_another_identity_names_that_identity() {
    // Each move that reaches every identity of a kind alike (every service account of a
    // namespace, every user, every token Secret...) names, in the chain, the one identity
    // it was used for, and that identity's own grant ends the chain.
    let admin = "cluster-admin";
    let cases: [(&str, &str, Vec<String>, &str, &str); 8] = [
        ("Role", "[{apiGroups: [''], resources: [pods], verbs: [create]}]", vec![],
         "create pods in namespace ci that run as ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [apps], resources: [deployments], verbs: [create]}]", vec![],
         "create deployments in namespace ci that run as ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}]", vec![],
         "impersonate ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [''], resources: [serviceaccounts/token], verbs: [create]}]", vec![],
         "create a token for ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [''], resources: [secrets], verbs: [create, get]}]", vec![],
         "create a service-account-token Secret for ServiceAccount ci/b and read it", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [''], resources: [secrets], verbs: [get]}]",
         vec!["apiVersion: v1\nkind: Secret\nmetadata: {name: b-token, namespace: ci, annotations: {kubernetes.io/service-account.name: b}}\ntype: kubernetes.io/service-account-token".to_string()],
         "read Secret ci/b-token, the token of ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("Role", "[{apiGroups: [''], resources: [pods/exec], verbs: [create]}]", vec![],
         "pods/exec into the pods of Deployment ci/web, which mount the token of ServiceAccount ci/b", "ServiceAccount ci/b"),
        ("ClusterRole", "[{apiGroups: [''], resources: [users], verbs: [impersonate]}]", vec![],
         "impersonate User bob", "User bob"),
    ];
    for (kind, rules, extra, action, to) in cases {
        let steps = alice_to_cluster_admin(kind, rules, &extra);
        assert_eq!(steps.len(), 2, "{rules}: {steps:?}");
        assert_eq!(steps[0], (action.to_string(), to.to_string()), "{rules}");
        assert_eq!(steps[1].1, admin, "{rules}");
    }
    // A mutating webhook reaches the node itself, and every workload's service account.
    let steps = alice_to_cluster_admin(
        "ClusterRole",
        "[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create]}]",
        &[],
    );
    assert_eq!(
        steps[0].0,
        "register a mutating admission webhook that rewrites the pods of Deployment ci/web to run its code with ServiceAccount ci/b"
    );
}

#[test]
fn a_limited_impersonation_grant_is_named_for_the_identities_it_lists() {
    // Two grants allow impersonating ci/b: one names it, one allows every service account.
    // Each service account's step names the grant that allows it first; ci/a is reached
    // only through the unrestricted one. (ci/b reads the Secrets of x, ci/a those of ci.)
    let inv = inventory(&[
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: ci}".to_string(),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b, namespace: ci}".to_string(),
        role("ClusterRole", None, "a-one", "[{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [b]}]"),
        role("ClusterRole", None, "b-all", "[{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}]"),
        binding("RoleBinding", Some("ci"), "one", "ClusterRole", "a-one", ALICE),
        binding("RoleBinding", Some("ci"), "all", "ClusterRole", "b-all", ALICE),
        binding("RoleBinding", Some("ci"), "a-secrets", "ClusterRole", "secrets", "[{kind: ServiceAccount, name: a, namespace: ci}]"),
        binding("RoleBinding", Some("x"), "b-secrets", "ClusterRole", "secrets", "[{kind: ServiceAccount, name: b, namespace: ci}]"),
        role("ClusterRole", None, "secrets", "[{apiGroups: [''], resources: [secrets], verbs: [list]}]"),
    ].join("\n---\n"));
    let rbac = Rbac::new(&inv);
    let alice = SubjectKey::parse("User:alice").expect("subject");
    let paths = Escalations::compute(&rbac, false);
    let first_grant = |reaches: &Position| {
        let path = paths
            .paths
            .iter()
            .find(|p| p.subject == alice && &p.reaches == reaches)
            .unwrap_or_else(|| panic!("alice reaches {reaches}"));
        (
            path.steps[0].action.clone(),
            path.steps[0].via.as_ref().map(|v| v.role.name.clone()),
        )
    };
    assert_eq!(
        first_grant(&Position::Secrets("x".into())),
        (
            "impersonate ServiceAccount ci/b".to_string(),
            Some("a-one".to_string())
        )
    );
    assert_eq!(
        first_grant(&Position::Secrets("ci".into())),
        (
            "impersonate ServiceAccount ci/a".to_string(),
            Some("b-all".to_string())
        )
    );
}

#[test]
fn a_namespace_of_many_service_accounts_that_may_all_create_pods() {
    // 400 service accounts, each granted pod creation in its namespace, one of them bound to
    // cluster-admin: every other one reaches cluster-admin in two steps, through that one.
    let mut docs = vec![
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: ci, labels: {pod-security.kubernetes.io/enforce: restricted}}".to_string(),
        role("Role", Some("ci"), "runner", "[{apiGroups: [''], resources: [pods], verbs: [create]}]"),
        binding("ClusterRoleBinding", None, "admin", "ClusterRole", "cluster-admin", "[{kind: ServiceAccount, name: sa-0399, namespace: ci}]"),
    ];
    for i in 0..400 {
        docs.push(format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: sa-{i:04}, namespace: ci}}"
        ));
        docs.push(binding(
            "RoleBinding",
            Some("ci"),
            &format!("rb-{i:04}"),
            "Role",
            "runner",
            &format!("[{{kind: ServiceAccount, name: sa-{i:04}, namespace: ci}}]"),
        ));
    }
    let inv = inventory(&docs.join("\n---\n"));
    let paths = Escalations::compute(&Rbac::new(&inv), false);
    let to_admin: Vec<_> = paths
        .paths
        .iter()
        .filter(|p| p.reaches == Position::ClusterAdmin)
        .collect();
    assert_eq!(to_admin.len(), 400);
    for p in to_admin {
        if p.subject.name.as_ref() == "sa-0399" {
            assert_eq!(p.steps.len(), 1);
            continue;
        }
        assert_eq!(p.steps.len(), 2, "{}", p.subject);
        assert_eq!(
            p.steps[0].action,
            "create pods in namespace ci that run as ServiceAccount ci/sa-0399"
        );
    }
}
