//! Built-in Kubernetes resources: their API group and whether they are namespaced, so that
//! `who-can get deployments` knows to ask about `apps`, and that a RoleBinding can never
//! grant a cluster-scoped resource.

/// (resource, group, namespaced). Aggregated and custom APIs are not listed: name their
/// group with `--api-group`.
const RESOURCES: &[(&str, &str, bool)] = &[
    ("bindings", "", true),
    ("componentstatuses", "", false),
    ("configmaps", "", true),
    ("endpoints", "", true),
    ("events", "", true),
    ("limitranges", "", true),
    ("namespaces", "", false),
    ("nodes", "", false),
    ("persistentvolumeclaims", "", true),
    ("persistentvolumes", "", false),
    ("pods", "", true),
    ("podtemplates", "", true),
    ("replicationcontrollers", "", true),
    ("resourcequotas", "", true),
    ("secrets", "", true),
    ("serviceaccounts", "", true),
    ("services", "", true),
    // Impersonation targets (verb `impersonate`).
    ("users", "", false),
    ("groups", "", false),
    ("uids", "authentication.k8s.io", false),
    ("userextras", "authentication.k8s.io", false),
    (
        "mutatingwebhookconfigurations",
        "admissionregistration.k8s.io",
        false,
    ),
    (
        "validatingwebhookconfigurations",
        "admissionregistration.k8s.io",
        false,
    ),
    (
        "validatingadmissionpolicies",
        "admissionregistration.k8s.io",
        false,
    ),
    (
        "validatingadmissionpolicybindings",
        "admissionregistration.k8s.io",
        false,
    ),
    (
        "mutatingadmissionpolicies",
        "admissionregistration.k8s.io",
        false,
    ),
    (
        "mutatingadmissionpolicybindings",
        "admissionregistration.k8s.io",
        false,
    ),
    ("customresourcedefinitions", "apiextensions.k8s.io", false),
    ("apiservices", "apiregistration.k8s.io", false),
    ("controllerrevisions", "apps", true),
    ("daemonsets", "apps", true),
    ("deployments", "apps", true),
    ("replicasets", "apps", true),
    ("statefulsets", "apps", true),
    ("selfsubjectreviews", "authentication.k8s.io", false),
    ("tokenreviews", "authentication.k8s.io", false),
    ("localsubjectaccessreviews", "authorization.k8s.io", true),
    ("selfsubjectaccessreviews", "authorization.k8s.io", false),
    ("selfsubjectrulesreviews", "authorization.k8s.io", false),
    ("subjectaccessreviews", "authorization.k8s.io", false),
    ("horizontalpodautoscalers", "autoscaling", true),
    ("cronjobs", "batch", true),
    ("jobs", "batch", true),
    ("certificatesigningrequests", "certificates.k8s.io", false),
    ("clustertrustbundles", "certificates.k8s.io", false),
    ("signers", "certificates.k8s.io", false),
    ("leases", "coordination.k8s.io", true),
    ("endpointslices", "discovery.k8s.io", true),
    ("flowschemas", "flowcontrol.apiserver.k8s.io", false),
    (
        "prioritylevelconfigurations",
        "flowcontrol.apiserver.k8s.io",
        false,
    ),
    ("ingressclasses", "networking.k8s.io", false),
    ("ingresses", "networking.k8s.io", true),
    ("ipaddresses", "networking.k8s.io", false),
    ("networkpolicies", "networking.k8s.io", true),
    ("servicecidrs", "networking.k8s.io", false),
    ("runtimeclasses", "node.k8s.io", false),
    ("poddisruptionbudgets", "policy", true),
    ("podsecuritypolicies", "policy", false),
    ("clusterrolebindings", "rbac.authorization.k8s.io", false),
    ("clusterroles", "rbac.authorization.k8s.io", false),
    ("rolebindings", "rbac.authorization.k8s.io", true),
    ("roles", "rbac.authorization.k8s.io", true),
    ("deviceclasses", "resource.k8s.io", false),
    ("resourceclaims", "resource.k8s.io", true),
    ("resourceclaimtemplates", "resource.k8s.io", true),
    ("resourceslices", "resource.k8s.io", false),
    ("priorityclasses", "scheduling.k8s.io", false),
    ("csidrivers", "storage.k8s.io", false),
    ("csinodes", "storage.k8s.io", false),
    ("csistoragecapacities", "storage.k8s.io", true),
    ("storageclasses", "storage.k8s.io", false),
    ("volumeattachments", "storage.k8s.io", false),
    ("volumeattributesclasses", "storage.k8s.io", false),
];

/// The controllers whose objects run pods: whoever creates or changes them chooses what the
/// pods run and as which service account. (group, resource)
pub const POD_CONTROLLERS: &[(&str, &str)] = &[
    ("apps", "deployments"),
    ("apps", "daemonsets"),
    ("apps", "statefulsets"),
    ("apps", "replicasets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
    ("", "replicationcontrollers"),
];

/// A built-in resource: its group and scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownResource {
    pub group: &'static str,
    pub namespaced: bool,
}

/// The built-in resource named `resource` (plural, lower case). `events` is answered as the
/// core group's (it is also served by `events.k8s.io`).
pub fn known_resource(resource: &str) -> Option<KnownResource> {
    RESOURCES
        .iter()
        .find(|(r, _, _)| *r == resource)
        .map(|&(_, group, namespaced)| KnownResource { group, namespaced })
}

/// Whether `resource` in `group` is namespaced; unknown resources are assumed namespaced
/// (most custom resources are).
pub fn is_namespaced(group: &str, resource: &str) -> bool {
    RESOURCES
        .iter()
        .find(|(r, g, _)| *r == resource && *g == group)
        .is_none_or(|&(_, _, namespaced)| namespaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_scopes() {
        assert_eq!(known_resource("deployments").map(|r| r.group), Some("apps"));
        assert_eq!(known_resource("pods").map(|r| r.group), Some(""));
        assert!(!is_namespaced("", "nodes"));
        assert!(is_namespaced("", "secrets"));
        assert!(!is_namespaced("rbac.authorization.k8s.io", "clusterroles"));
        assert!(is_namespaced("example.com", "widgets"));
        assert!(known_resource("widgets").is_none());
    }
}
