//! Pod Security Standards, baseline (GC1xx) and restricted (GC2xx), as Kubernetes defines
//! them in its newest policy version (v1.35); see
//! <https://kubernetes.io/docs/concepts/security/pod-security-standards/>.

pub mod allow_privilege_escalation;
pub mod apparmor;
pub mod capabilities_baseline;
pub mod capabilities_restricted;
pub mod host_namespaces;
pub mod host_path_volumes;
pub mod host_ports;
pub mod host_probes;
pub mod privileged;
pub mod proc_mount;
pub mod proc_mount_restricted;
pub mod restricted_volumes;
pub mod run_as_non_root;
pub mod run_as_user;
pub mod seccomp_baseline;
pub mod seccomp_restricted;
pub mod selinux;
pub mod sysctls;
pub mod windows_host_process;
