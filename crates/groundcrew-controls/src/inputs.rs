use std::fmt;
use std::str::FromStr;

use regex::Regex;

use crate::controls::workload::split_image;
use crate::substrings::Substrings;

/// The Kubernetes version that version-dependent checks follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The newest version whose Pod Security policy the official test vectors cover.
    pub const DEFAULT: KubeVersion = KubeVersion {
        major: 1,
        minor: 35,
    };
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for KubeVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        let parse = |p: Option<&str>| p.and_then(|x| x.parse::<u32>().ok());
        match (parse(parts.next()), parse(parts.next())) {
            (Some(major), Some(minor)) => Ok(KubeVersion { major, minor }),
            _ => Err(format!(
                "invalid Kubernetes version \"{s}\" (expected MAJOR.MINOR, e.g. 1.35)"
            )),
        }
    }
}

/// Optional bounds for CPU (in cores) or memory (in bytes) of a container.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResourceBounds {
    pub request_min: Option<f64>,
    pub request_max: Option<f64>,
    pub limit_min: Option<f64>,
    pub limit_max: Option<f64>,
}

/// Values that configurable controls read. Every field has a documented default; the
/// configuration file (`controlInputs:`) replaces them.
#[derive(Debug, Clone)]
pub struct ControlInputs {
    pub kube_version: KubeVersion,
    /// Capabilities that must not be added (GC317).
    pub insecure_capabilities: Vec<String>,
    /// Substrings of environment variable and ConfigMap key names that hold credentials
    /// (case-insensitive) (GC314).
    pub sensitive_key_names: Vec<String>,
    /// Key names never reported, even when they contain a sensitive substring.
    pub sensitive_key_names_allowed: Vec<String>,
    /// Patterns of values that are credentials whatever their key (GC314).
    pub sensitive_values: Vec<Regex>,
    /// Values never reported.
    pub sensitive_values_allowed: Vec<String>,
    /// Host paths that must not be mounted; a path matches itself and everything below it,
    /// except `/`, which matches only itself (GC311).
    pub sensitive_host_paths: Vec<String>,
    /// Container runtime socket paths (GC309).
    pub runtime_sockets: Vec<String>,
    pub cpu: ResourceBounds,
    pub memory: ResourceBounds,
    /// Registries (or repository prefixes) images may come from (GC322); empty: not evaluated.
    pub allowed_registries: Vec<String>,
    /// Registries images must not come from (GC323); empty: not evaluated.
    pub untrusted_registries: Vec<String>,
    /// Interfaces that must not be reachable from outside the cluster (GC704): matched,
    /// case-insensitively, against workload names and image repositories.
    pub sensitive_interfaces: Vec<String>,
    /// What marks a workload as sensitive (databases, payment services): used by GC708 and,
    /// later, by the reachability and attack-path analyses.
    pub sensitive_workloads: SensitiveWorkloads,
    /// Label keys of which a workload should carry at least one (GC333).
    pub recommended_labels: Vec<String>,
    /// The Kubernetes recommended `app.kubernetes.io/*` label keys (GC334).
    pub k8s_recommended_labels: Vec<String>,
    /// Report grants of unmodified Kubernetes default bindings too (RBAC controls).
    pub rbac_include_defaults: bool,
    /// Matchers compiled from the fields above on first use (none when cloned).
    pub compiled: Compiled,
}

/// Matchers compiled from [`ControlInputs`] the first time a check asks, so that a check
/// run on every object matches each value once against all patterns.
#[derive(Debug, Default)]
pub struct Compiled {
    sensitive_values: std::sync::OnceLock<Option<regex::RegexSet>>,
    sensitive_key_names: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// A clone starts empty: the clone's inputs may be changed before it is used.
impl Clone for Compiled {
    fn clone(&self) -> Self {
        Compiled::default()
    }
}

impl ControlInputs {
    /// Whether `value` matches one of [`ControlInputs::sensitive_values`].
    pub fn value_is_sensitive(&self, value: &str) -> bool {
        let set = self.compiled.sensitive_values.get_or_init(|| {
            regex::RegexSet::new(self.sensitive_values.iter().map(Regex::as_str)).ok()
        });
        match set {
            Some(set) => set.is_match(value),
            None => self.sensitive_values.iter().any(|re| re.is_match(value)),
        }
    }

    /// Whether `name` contains one of [`ControlInputs::sensitive_key_names`], ignoring
    /// ASCII case.
    pub fn name_is_sensitive(&self, name: &str) -> bool {
        let names = self.compiled.sensitive_key_names.get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&self.sensitive_key_names)
                .ok()
        });
        match names {
            Some(names) => names.is_match(name),
            None => {
                let lower = name.to_ascii_lowercase();
                self.sensitive_key_names
                    .iter()
                    .any(|k| lower.contains(&k.to_ascii_lowercase()))
            }
        }
    }
}

/// A workload is sensitive when any of these match: a pod template label (`key=value`, or
/// `key` for any value), an image repository substring, a container port, a workload name
/// substring (all case-insensitive).
#[derive(Debug, Clone, Default)]
pub struct SensitiveWorkloads {
    pub labels: Vec<String>,
    pub images: Vec<String>,
    pub ports: Vec<u16>,
    pub names: Vec<String>,
}

impl SensitiveWorkloads {
    /// The patterns compiled for matching many workloads.
    pub fn matcher(&self) -> WorkloadMatcher<'_> {
        WorkloadMatcher {
            labels: &self.labels,
            images: Substrings::new(&self.images),
            ports: &self.ports,
            names: Substrings::new(&self.names),
        }
    }
}

/// [`SensitiveWorkloads`] ready to match.
pub struct WorkloadMatcher<'s> {
    labels: &'s [String],
    images: Substrings<'s>,
    ports: &'s [u16],
    names: Substrings<'s>,
}

impl WorkloadMatcher<'_> {
    /// Why the workload is sensitive, if it is: the first label pattern it carries, else
    /// the first image pattern (in input order) one of its image repositories contains,
    /// else the first of its ports listed, else the first name pattern its name contains.
    pub fn matches(
        &self,
        name: &str,
        labels: &[(std::sync::Arc<str>, std::sync::Arc<str>)],
        images: &[std::sync::Arc<str>],
        ports: &[groundcrew_inventory::ContainerPort],
    ) -> Option<String> {
        for l in self.labels {
            let (key, value) = match l.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (l.as_str(), None),
            };
            let hit = labels.iter().any(|(k, v)| {
                k.eq_ignore_ascii_case(key) && value.is_none_or(|want| v.eq_ignore_ascii_case(want))
            });
            if hit {
                return Some(format!("label {l}"));
            }
        }
        // The first pattern in input order; for it, the first image that contains it.
        let mut best: Option<(usize, &str)> = None;
        for image in images {
            if let Some(p) = self.images.first_in(split_image(image).0)
                && best.is_none_or(|(b, _)| p < b)
            {
                best = Some((p, image));
            }
        }
        if let Some((_, image)) = best {
            return Some(format!("image {image}"));
        }
        if let Some(p) = ports.iter().find(|p| self.ports.contains(&p.port)) {
            return Some(format!("port {}", p.port));
        }
        self.names
            .first_in(name)
            .map(|n| format!("name ({})", self.names.pattern(n)))
    }
}

/// Default sensitive interfaces: dashboards, notebooks, workflow and ML servers that hand
/// out code execution or cluster credentials to whoever reaches them.
pub const DEFAULT_SENSITIVE_INTERFACES: &[&str] = &[
    "kubernetes-dashboard",
    "kubernetesui/dashboard",
    "jupyter",
    "jupyterhub",
    "notebook",
    "argo-server",
    "argo-workflows",
    "argocd-server",
    "kubeflow",
    "mlflow",
    "ray-head",
    "kuberay",
    "ollama",
    "vllm",
    "text-generation-inference",
    "gradio",
    "streamlit",
    "airflow-webserver",
    "jenkins",
    "kibana",
    "grafana",
    "prometheus",
    "alertmanager",
    "elasticsearch",
    "consul",
    "vault",
    "etcd",
    "weave-scope",
    "portainer",
    "rancher",
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

/// Default credential value patterns: private keys, cloud and SaaS access tokens.
pub const DEFAULT_SENSITIVE_VALUE_PATTERNS: &[&str] = &[
    r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----",
    r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    r"\bAIza[0-9A-Za-z_\-]{35}\b",
    r"\bgh[pousr]_[A-Za-z0-9]{36,}\b",
    r"\bgithub_pat_[A-Za-z0-9_]{40,}\b",
    r"\bxox[baprs]-[0-9A-Za-z\-]{10,}\b",
    r"\b[sr]k_live_[0-9A-Za-z]{20,}\b",
    r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\b",
    r"\bglpat-[0-9A-Za-z_\-]{20}\b",
];

impl Default for ControlInputs {
    fn default() -> Self {
        ControlInputs {
            kube_version: KubeVersion::DEFAULT,
            insecure_capabilities: strings(&[
                "ALL",
                "BPF",
                "DAC_READ_SEARCH",
                "MAC_ADMIN",
                "MAC_OVERRIDE",
                "NET_ADMIN",
                "NET_RAW",
                "PERFMON",
                "SETPCAP",
                "SYS_ADMIN",
                "SYS_BOOT",
                "SYS_MODULE",
                "SYS_PTRACE",
                "SYS_RAWIO",
            ]),
            sensitive_key_names: strings(&[
                "password",
                "passwd",
                "pwd",
                "secret",
                "token",
                "apikey",
                "api_key",
                "api-key",
                "access_key",
                "accesskey",
                "private_key",
                "privatekey",
                "credential",
                "jwt",
                "bearer",
            ]),
            sensitive_key_names_allowed: Vec::new(),
            sensitive_values: DEFAULT_SENSITIVE_VALUE_PATTERNS
                .iter()
                .filter_map(|p| Regex::new(p).ok())
                .collect(),
            sensitive_values_allowed: Vec::new(),
            sensitive_host_paths: strings(&[
                "/",
                "/boot",
                "/dev",
                "/etc",
                "/proc",
                "/root",
                "/sys",
                "/var/lib/kubelet",
                "/var/lib/docker",
                "/var/lib/containerd",
                "/var/lib/etcd",
                "/var/run",
                "/run",
                "/var/log",
                "/home",
            ]),
            runtime_sockets: strings(&[
                "/var/run/docker.sock",
                "/run/docker.sock",
                "/var/run/containerd/containerd.sock",
                "/run/containerd/containerd.sock",
                "/var/run/crio/crio.sock",
                "/run/crio/crio.sock",
                "/var/run/cri-dockerd.sock",
                "/run/cri-dockerd.sock",
                "/var/run/podman/podman.sock",
                "/run/podman/podman.sock",
                "/var/run",
                "/run",
                "/var/run/containerd",
                "/run/containerd",
                "/var/run/crio",
                "/run/crio",
            ]),
            cpu: ResourceBounds::default(),
            memory: ResourceBounds::default(),
            allowed_registries: Vec::new(),
            untrusted_registries: Vec::new(),
            sensitive_interfaces: strings(DEFAULT_SENSITIVE_INTERFACES),
            sensitive_workloads: SensitiveWorkloads {
                labels: strings(&[
                    "tier=database",
                    "tier=db",
                    "data-classification=pci",
                    "data-classification=restricted",
                    "groundcrew.io/sensitive",
                ]),
                images: strings(&[
                    "postgres",
                    "mysql",
                    "mariadb",
                    "mongo",
                    "redis",
                    "cassandra",
                    "cockroach",
                    "elasticsearch",
                    "opensearch",
                    "kafka",
                    "rabbitmq",
                    "etcd",
                    "vault",
                    "minio",
                ]),
                ports: vec![
                    5432, 3306, 27017, 6379, 9042, 26257, 9200, 9092, 5672, 2379, 8200,
                ],
                names: strings(&["payment", "billing", "checkout", "ledger", "wallet"]),
            },
            recommended_labels: strings(&["app", "tier", "phase", "version", "owner", "env"]),
            k8s_recommended_labels: strings(&[
                "app.kubernetes.io/name",
                "app.kubernetes.io/instance",
                "app.kubernetes.io/version",
                "app.kubernetes.io/component",
                "app.kubernetes.io/part-of",
                "app.kubernetes.io/managed-by",
            ]),
            rbac_include_defaults: false,
            compiled: Compiled::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_and_names_match_as_each_pattern_would() {
        let inputs = ControlInputs::default();
        assert!(inputs.value_is_sensitive("key: AKIAABCDEFGHIJKLMNOP"));
        assert!(inputs.value_is_sensitive("-----BEGIN PRIVATE KEY-----\nabc"));
        assert!(!inputs.value_is_sensitive("AKIA-not-a-key"));
        assert!(!inputs.value_is_sensitive(""));
        // Any substring, any ASCII case.
        assert!(inputs.name_is_sensitive("DB_PASSWORD"));
        assert!(inputs.name_is_sensitive("myApiToKen"));
        assert!(!inputs.name_is_sensitive("LOG_LEVEL"));
        // For every default key name, the compiled matcher agrees with a plain search.
        for name in [
            "x_secret_y",
            "PASSWD",
            "Credentials",
            "jwt",
            "Bearer-x",
            "tok",
        ] {
            let lower = name.to_ascii_lowercase();
            let plain = inputs
                .sensitive_key_names
                .iter()
                .any(|k| lower.contains(&k.to_ascii_lowercase()));
            assert_eq!(inputs.name_is_sensitive(name), plain, "{name}");
        }
    }

    #[test]
    fn a_clone_compiles_its_own_patterns() {
        let inputs = ControlInputs::default();
        assert!(inputs.name_is_sensitive("DB_PASSWORD"));
        let mut changed = inputs.clone();
        changed.sensitive_key_names = vec!["level".into()];
        changed.sensitive_values = vec![Regex::new("^debug$").unwrap()];
        assert!(!changed.name_is_sensitive("DB_PASSWORD"));
        assert!(changed.name_is_sensitive("LOG_LEVEL"));
        assert!(changed.value_is_sensitive("debug"));
        assert!(!changed.value_is_sensitive("AKIAABCDEFGHIJKLMNOP"));
        // The original keeps its own.
        assert!(inputs.name_is_sensitive("DB_PASSWORD"));
    }
}
