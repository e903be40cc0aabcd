//! The one place every control is registered. Order here is the order of reports.

use crate::Control;
use crate::controls::{
    api, beyond_objects as beyond, cluster, control_plane as cp, network as net, node,
    pod_security as pss, rbac, references as refs, software, workload as wl,
};

/// Controls that list facts for review rather than misconfigurations: in `all` and their
/// frameworks, not in the default selection.
pub static OPT_IN: &[&str] = &[
    "GC326", "GC328", "GC329", "GC330", "GC331", "GC333", "GC334", "GC335", "GC607", "GC608",
    "GC703", "GC707", "GC804", "GC805", "GC1113", "GC1116",
];

/// The controls a scan runs when neither frameworks nor controls are chosen.
///
/// A test checks that every opt-in control says so in its description.
pub fn default_selection() -> Vec<&'static Control> {
    CONTROLS
        .iter()
        .copied()
        .filter(|c| !OPT_IN.contains(&c.meta.id))
        .collect()
}

/// Every control groundcrew knows.
pub static CONTROLS: &[&Control] = &[
    // Pod Security Standards — baseline
    &pss::host_namespaces::CONTROL,
    &pss::privileged::CONTROL,
    &pss::capabilities_baseline::CONTROL,
    &pss::host_path_volumes::CONTROL,
    &pss::host_ports::CONTROL,
    &pss::host_probes::CONTROL,
    &pss::apparmor::CONTROL,
    &pss::selinux::CONTROL,
    &pss::proc_mount::CONTROL,
    &pss::seccomp_baseline::CONTROL,
    &pss::sysctls::CONTROL,
    &pss::windows_host_process::CONTROL,
    // Pod Security Standards — restricted
    &pss::restricted_volumes::CONTROL,
    &pss::allow_privilege_escalation::CONTROL,
    &pss::run_as_non_root::CONTROL,
    &pss::run_as_user::CONTROL,
    &pss::seccomp_restricted::CONTROL,
    &pss::capabilities_restricted::CONTROL,
    &pss::proc_mount_restricted::CONTROL,
    // Workload hygiene
    &wl::cpu_resources::CONTROL,
    &wl::memory_resources::CONTROL,
    &wl::read_only_root_fs::CONTROL,
    &wl::image_tag::CONTROL,
    &wl::image_pull_policy::CONTROL,
    &wl::automount_token::CONTROL,
    &wl::default_namespace::CONTROL,
    &wl::naked_pods::CONTROL,
    &wl::container_runtime_socket::CONTROL,
    &wl::writable_host_path::CONTROL,
    &wl::sensitive_host_path::CONTROL,
    &wl::liveness_probe::CONTROL,
    &wl::readiness_probe::CONTROL,
    &wl::credentials::CONTROL,
    &wl::sudo::CONTROL,
    &wl::ssh_port::CONTROL,
    &wl::insecure_capabilities::CONTROL,
    &wl::linux_hardening::CONTROL,
    &wl::duplicate_env::CONTROL,
    &wl::deprecated_service_account::CONTROL,
    &wl::selector_mismatch::CONTROL,
    &wl::allowed_registries::CONTROL,
    &wl::untrusted_registries::CONTROL,
    // References between objects
    &wl::secrets_in_env::CONTROL,
    &wl::deprecated_registry::CONTROL,
    &wl::image_digest::CONTROL,
    &wl::rolling_update::CONTROL,
    &wl::cronjob_present::CONTROL,
    &wl::volume_secret::CONTROL,
    &wl::volume_pvc::CONTROL,
    &wl::volume_configmap::CONTROL,
    &wl::may_run_as_root::CONTROL,
    &wl::recommended_labels::CONTROL,
    &wl::k8s_common_labels::CONTROL,
    &wl::external_secrets::CONTROL,
    &refs::service_without_workload::CONTROL,
    &refs::ingress_missing_service::CONTROL,
    &refs::hpa_missing_target::CONTROL,
    &refs::pdb_selects_nothing::CONTROL,
    &refs::statefulset_headless_service::CONTROL,
    &refs::dangling_network_policy::CONTROL,
    &refs::pv_unencrypted::CONTROL,
    &refs::missing_service_account::CONTROL,
    &refs::dangling_route_backend::CONTROL,
    // API versions
    &api::removed_api_version::CONTROL,
    // Cluster configuration
    &cluster::namespace_pod_security::CONTROL,
    &cluster::pod_security_policy::CONTROL,
    &cluster::anonymous_binding::CONTROL,
    &cluster::default_service_account::CONTROL,
    &cluster::default_namespace_objects::CONTROL,
    &cluster::kube_proxy_metrics::CONTROL,
    &cluster::bound_token_mounted::CONTROL,
    &cluster::admission_webhooks::CONTROL,
    &cluster::namespace_review::CONTROL,
    // RBAC
    &rbac::cluster_admin::CONTROL,
    &rbac::escalation_to_cluster_admin::CONTROL,
    &rbac::workload_admin_token::CONTROL,
    &rbac::grants_to_everyone::CONTROL,
    &rbac::system_masters::CONTROL,
    &rbac::default_service_account_grants::CONTROL,
    &rbac::wildcards::CONTROL,
    &rbac::read_secrets::CONTROL,
    &rbac::create_pods::CONTROL,
    &rbac::exec_into_pods::CONTROL,
    &rbac::bind_escalate_impersonate::CONTROL,
    &rbac::node_proxy::CONTROL,
    &rbac::token_creation::CONTROL,
    &rbac::csr_approval::CONTROL,
    &rbac::webhook_configuration::CONTROL,
    &rbac::create_persistent_volumes::CONTROL,
    &rbac::delete_events::CONTROL,
    &rbac::delete_workloads::CONTROL,
    &rbac::coredns_configmap::CONTROL,
    &rbac::access_service_account::CONTROL,
    &rbac::dashboard_access::CONTROL,
    &rbac::binding_missing_role::CONTROL,
    &rbac::binding_missing_service_account::CONTROL,
    // Network segmentation
    &net::namespace_without_network_policy::CONTROL,
    &net::workload_not_isolated::CONTROL,
    &net::default_deny::CONTROL,
    &net::allow_all_rule::CONTROL,
    &net::exposed_without_policy::CONTROL,
    &net::peer_matches_nothing::CONTROL,
    &net::sensitive_workload_open::CONTROL,
    &net::external_facing::CONTROL,
    &net::exposed_sensitive_interface::CONTROL,
    &net::ingress_tls::CONTROL,
    &net::ssh_service::CONTROL,
    &net::aws_load_balancer_tls::CONTROL,
    // Vulnerable and end-of-life software
    &software::argocd_cve_2022_24348::CONTROL,
    &software::grafana_cve_2022_39328::CONTROL,
    &software::kyverno_cve_2022_47633::CONTROL,
    &software::ingress_nginx_end_of_life::CONTROL,
    // Nodes
    &node::outdated_kubelet::CONTROL,
    &node::containerd_cve_2022_23648::CONTROL,
    &node::kubelet_cve_2021_25741::CONTROL,
    &node::container_optimized_os::CONTROL,
    &node::fargate_unused::CONTROL,
    // Control plane (static pods)
    &cp::apiserver_anonymous_auth::CONTROL,
    &cp::apiserver_token_auth_file::CONTROL,
    &cp::apiserver_admission_deny_external_ips::CONTROL,
    &cp::apiserver_kubelet_client_cert::CONTROL,
    &cp::apiserver_kubelet_certificate_authority::CONTROL,
    &cp::apiserver_authorization_always_allow::CONTROL,
    &cp::apiserver_authorization_node::CONTROL,
    &cp::apiserver_authorization_rbac::CONTROL,
    &cp::apiserver_admission_event_rate_limit::CONTROL,
    &cp::apiserver_admission_always_admit::CONTROL,
    &cp::apiserver_admission_always_pull_images::CONTROL,
    &cp::apiserver_admission_service_account::CONTROL,
    &cp::apiserver_admission_namespace_lifecycle::CONTROL,
    &cp::apiserver_admission_node_restriction::CONTROL,
    &cp::apiserver_profiling::CONTROL,
    &cp::apiserver_audit_log_path::CONTROL,
    &cp::apiserver_audit_log_maxage::CONTROL,
    &cp::apiserver_audit_log_maxbackup::CONTROL,
    &cp::apiserver_audit_log_maxsize::CONTROL,
    &cp::apiserver_service_account_lookup::CONTROL,
    &cp::apiserver_service_account_key_file::CONTROL,
    &cp::apiserver_etcd_client_cert::CONTROL,
    &cp::apiserver_tls_cert::CONTROL,
    &cp::apiserver_client_ca_file::CONTROL,
    &cp::apiserver_etcd_cafile::CONTROL,
    &cp::apiserver_encryption_provider_config::CONTROL,
    &cp::apiserver_tls_cipher_suites::CONTROL,
    &cp::apiserver_extend_token_expiration::CONTROL,
    &cp::apiserver_insecure_port::CONTROL,
    &cp::apiserver_secure_port::CONTROL,
    &cp::apiserver_audit_policy_file::CONTROL,
    &cp::controller_manager_terminated_pod_gc::CONTROL,
    &cp::controller_manager_profiling::CONTROL,
    &cp::controller_manager_service_account_credentials::CONTROL,
    &cp::controller_manager_service_account_private_key::CONTROL,
    &cp::controller_manager_root_ca_file::CONTROL,
    &cp::controller_manager_rotate_kubelet_server_cert::CONTROL,
    &cp::controller_manager_bind_address::CONTROL,
    &cp::scheduler_profiling::CONTROL,
    &cp::scheduler_bind_address::CONTROL,
    &cp::etcd_tls::CONTROL,
    &cp::etcd_client_cert_auth::CONTROL,
    &cp::etcd_auto_tls::CONTROL,
    &cp::etcd_peer_tls::CONTROL,
    &cp::etcd_peer_client_cert_auth::CONTROL,
    &cp::etcd_peer_auto_tls::CONTROL,
    // Beyond objects: listed, always not-evaluated
    &beyond::node_files::CONTROL,
    &beyond::kubelet_configuration::CONTROL,
    &beyond::encryption_configuration::CONTROL,
    &beyond::audit_policy_contents::CONTROL,
    &beyond::cloud_provider::CONTROL,
    &beyond::image_vulnerabilities::CONTROL,
    &beyond::image_signatures::CONTROL,
    &beyond::manual_review::CONTROL,
    &beyond::runtime_probes::CONTROL,
];

/// The control an ID names: our ID or name, or a Kubescape ID it covers (every match for a
/// Kubescape ID; ours are unique).
pub fn control_by_id(id: &str) -> Vec<&'static Control> {
    CONTROLS
        .iter()
        .copied()
        .filter(|c| c.meta.is_named(id))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::CONTROLS;

    #[test]
    fn opt_in_controls_exist_and_say_so() {
        for id in super::OPT_IN {
            let c = CONTROLS.iter().find(|c| c.meta.id == *id).unwrap();
            assert!(
                c.meta
                    .description
                    .to_ascii_lowercase()
                    .contains("not in the default selection"),
                "{id} must say it is not in the default selection"
            );
        }
    }

    #[test]
    fn ids_and_names_are_unique() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for c in CONTROLS {
            assert!(ids.insert(c.meta.id), "duplicate id {}", c.meta.id);
            assert!(names.insert(c.meta.name), "duplicate name {}", c.meta.name);
        }
    }
}
