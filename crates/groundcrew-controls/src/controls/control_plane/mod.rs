//! Control-plane configuration (GC9xx): the command-line flags of the kube-apiserver,
//! kube-controller-manager, kube-scheduler and etcd, read from their static-pod manifests
//! (`/etc/kubernetes/manifests/*.yaml`) or the same Pods in `kube-system` — CIS Kubernetes
//! Benchmark sections 1.2–1.4, 2 and 3.2. Each control states one [`Rule`] about one
//! [`Component`]; the Pods of other components are not relevant to it.

pub mod apiserver_admission_always_admit;
pub mod apiserver_admission_always_pull_images;
pub mod apiserver_admission_deny_external_ips;
pub mod apiserver_admission_event_rate_limit;
pub mod apiserver_admission_namespace_lifecycle;
pub mod apiserver_admission_node_restriction;
pub mod apiserver_admission_service_account;
pub mod apiserver_anonymous_auth;
pub mod apiserver_audit_log_maxage;
pub mod apiserver_audit_log_maxbackup;
pub mod apiserver_audit_log_maxsize;
pub mod apiserver_audit_log_path;
pub mod apiserver_audit_policy_file;
pub mod apiserver_authorization_always_allow;
pub mod apiserver_authorization_node;
pub mod apiserver_authorization_rbac;
pub mod apiserver_client_ca_file;
pub mod apiserver_encryption_provider_config;
pub mod apiserver_etcd_cafile;
pub mod apiserver_etcd_client_cert;
pub mod apiserver_extend_token_expiration;
pub mod apiserver_insecure_port;
pub mod apiserver_kubelet_certificate_authority;
pub mod apiserver_kubelet_client_cert;
pub mod apiserver_profiling;
pub mod apiserver_secure_port;
pub mod apiserver_service_account_key_file;
pub mod apiserver_service_account_lookup;
pub mod apiserver_tls_cert;
pub mod apiserver_tls_cipher_suites;
pub mod apiserver_token_auth_file;
pub mod controller_manager_bind_address;
pub mod controller_manager_profiling;
pub mod controller_manager_root_ca_file;
pub mod controller_manager_rotate_kubelet_server_cert;
pub mod controller_manager_service_account_credentials;
pub mod controller_manager_service_account_private_key;
pub mod controller_manager_terminated_pod_gc;
pub mod etcd_auto_tls;
pub mod etcd_client_cert_auth;
pub mod etcd_peer_auto_tls;
pub mod etcd_peer_client_cert_auth;
pub mod etcd_peer_tls;
pub mod etcd_tls;
pub mod scheduler_bind_address;
pub mod scheduler_profiling;

use groundcrew_inventory::ContainerView;
use groundcrew_yaml::{FieldPath, Node};

use crate::{ObjectCtx, Report};

/// A control-plane program, recognised by the first word of a container's command (or
/// args) — `kube-apiserver`, `/usr/local/bin/kube-apiserver` — or, failing that, by the
/// container's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
}

impl Component {
    const ALL: [Component; 4] = [
        Component::ApiServer,
        Component::ControllerManager,
        Component::Scheduler,
        Component::Etcd,
    ];

    const fn bit(self) -> u8 {
        1 << self as u8
    }

    pub const fn program(self) -> &'static str {
        match self {
            Component::ApiServer => "kube-apiserver",
            Component::ControllerManager => "kube-controller-manager",
            Component::Scheduler => "kube-scheduler",
            Component::Etcd => "etcd",
        }
    }
}

/// What a control requires of the component's flags. A flag is `--name=value`,
/// `--name value` or a bare `--name` (true).
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// The flag is set to exactly this value (an absent flag fails: the default differs).
    Is(&'static str, &'static str),
    /// The flag is not set to this value (absent passes: the default is safe).
    IsNot(&'static str, &'static str),
    /// When set, the flag is `0` (absent passes).
    ZeroOrAbsent(&'static str),
    /// Every one of these flags is set.
    Present(&'static [&'static str]),
    /// The flag is not set.
    Absent(&'static str),
    /// The comma-separated list flag contains the item.
    ListHas(&'static str, &'static str),
    /// The comma-separated list flag does not contain the item (absent passes).
    ListLacks(&'static str, &'static str),
    /// The flag is set to a whole number of at least this much.
    AtLeast(&'static str, i64),
    /// Every item of the comma-separated list flag is one of these (absent fails).
    ListWithin(&'static str, &'static [&'static str]),
}

/// A parsed flag: its value and the index of the word in `command` + `args`.
struct Flag<'a> {
    value: &'a str,
    word: Word,
}

#[derive(Clone, Copy)]
struct Word {
    in_args: bool,
    index: usize,
}

struct Invocation<'a> {
    container: FieldPath,
    words: Vec<(&'a str, Word)>,
}

impl<'a> Invocation<'a> {
    fn flag(&self, name: &str) -> Option<Flag<'a>> {
        let mut found = None;
        for (i, (w, at)) in self.words.iter().enumerate() {
            let Some(rest) = w.strip_prefix(name) else {
                continue;
            };
            if let Some(value) = rest.strip_prefix('=') {
                found = Some(Flag { value, word: *at });
            } else if rest.is_empty() {
                let value = match self.words.get(i + 1) {
                    Some((next, _)) if !next.starts_with('-') => next,
                    _ => "true",
                };
                found = Some(Flag { value, word: *at });
            }
        }
        // The last occurrence wins, as with Go's flag package.
        found
    }

    fn path(&self, word: Word) -> FieldPath {
        self.container
            .key(if word.in_args { "args" } else { "command" })
            .index(word.index)
    }

    /// Where to point when a flag is missing: the command (or args) list.
    fn list_path(&self) -> FieldPath {
        let in_args = self.words.first().is_some_and(|(_, w)| w.in_args);
        self.container.key(if in_args { "args" } else { "command" })
    }
}

fn words<'a>(node: &'a Node, key: &str, in_args: bool) -> Vec<(&'a str, Word)> {
    node.get(key)
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(index, w)| w.as_str().map(|s| (s, Word { in_args, index })))
        .collect()
}

/// Whether `word` is `program` or a path ending in `/program`.
fn is_program(word: &str, program: &str) -> bool {
    word.strip_suffix(program)
        .is_some_and(|dir| dir.is_empty() || dir.ends_with('/'))
}

/// Whether a container runs `program`: the first word of its command (or, without one, of
/// its args) names it, or — when that first word is a flag or there is none — the
/// container's name is the program's.
fn runs(c: &ContainerView<'_>, program: &str) -> bool {
    match c.first_word {
        Some(w) if !w.starts_with('-') => is_program(w, program),
        _ => c.name() == program,
    }
}

/// The component's invocations in a Pod (static pods are Pods; a Deployment running a
/// control-plane program is read the same way). Every workload goes through this for each
/// of the control-plane controls: which programs its containers run is worked out once per
/// object, so a pod that runs none is turned away by a bit test.
fn invocations<'a>(ctx: &'a ObjectCtx<'_>, component: Component) -> Vec<Invocation<'a>> {
    let Some(pod) = ctx.pod.as_ref() else {
        return Vec::new();
    };
    let running = *ctx.control_plane.get_or_init(|| {
        Component::ALL
            .into_iter()
            .filter(|c| pod.containers.iter().any(|x| runs(x, c.program())))
            .fold(0, |bits, c| bits | c.bit())
    });
    if running & component.bit() == 0 {
        return Vec::new();
    }
    let program = component.program();
    pod.containers
        .iter()
        .filter(|c| runs(c, program))
        .map(|c| {
            let mut all = words(c.node, "command", false);
            all.extend(words(c.node, "args", true));
            Invocation {
                container: c.path.clone(),
                words: all,
            }
        })
        .collect()
}

/// Evaluates `rule` on every invocation of `component` in the object.
pub(crate) fn check_rule(
    ctx: &ObjectCtx<'_>,
    out: &mut Report<'_>,
    component: Component,
    rule: Rule,
) {
    let program = component.program();
    for inv in invocations(ctx, component) {
        out.relevant();
        let mut fail_at = |path: FieldPath, message: String| out.fail(path, message);
        match rule {
            Rule::Is(name, want) => match inv.flag(name) {
                Some(f) if f.value == want => {}
                Some(f) => fail_at(
                    inv.path(f.word),
                    format!("{program} sets {name}={} (want {want})", f.value),
                ),
                None => fail_at(
                    inv.list_path(),
                    format!("{program} does not set {name}={want}"),
                ),
            },
            Rule::IsNot(name, bad) => {
                if let Some(f) = inv.flag(name).filter(|f| f.value == bad) {
                    fail_at(inv.path(f.word), format!("{program} sets {name}={bad}"));
                }
            }
            Rule::ZeroOrAbsent(name) => {
                if let Some(f) = inv.flag(name).filter(|f| f.value != "0") {
                    fail_at(
                        inv.path(f.word),
                        format!("{program} sets {name}={}", f.value),
                    );
                }
            }
            Rule::Present(names) => {
                for name in names {
                    if inv.flag(name).is_none_or(|f| f.value.is_empty()) {
                        fail_at(inv.list_path(), format!("{program} does not set {name}"));
                    }
                }
            }
            Rule::Absent(name) => {
                if let Some(f) = inv.flag(name) {
                    fail_at(inv.path(f.word), format!("{program} sets {name}"));
                }
            }
            Rule::ListHas(name, item) => match inv.flag(name) {
                Some(f) if f.value.split(',').any(|v| v.trim() == item) => {}
                Some(f) => fail_at(
                    inv.path(f.word),
                    format!("{program} {name}={} does not include {item}", f.value),
                ),
                None => fail_at(
                    inv.list_path(),
                    format!("{program} does not set {name} (with {item})"),
                ),
            },
            Rule::ListLacks(name, item) => {
                if let Some(f) = inv
                    .flag(name)
                    .filter(|f| f.value.split(',').any(|v| v.trim() == item))
                {
                    fail_at(
                        inv.path(f.word),
                        format!("{program} {name}={} includes {item}", f.value),
                    );
                }
            }
            Rule::AtLeast(name, min) => match inv.flag(name) {
                Some(f) if f.value.trim().parse::<i64>().is_ok_and(|n| n >= min) => {}
                Some(f) => fail_at(
                    inv.path(f.word),
                    format!("{program} sets {name}={} (want at least {min})", f.value),
                ),
                None => fail_at(
                    inv.list_path(),
                    format!("{program} does not set {name} (want at least {min})"),
                ),
            },
            Rule::ListWithin(name, allowed) => match inv.flag(name) {
                Some(f) => {
                    let outside: Vec<&str> = f
                        .value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty() && !allowed.contains(v))
                        .collect();
                    if !outside.is_empty() {
                        fail_at(
                            inv.path(f.word),
                            format!("{program} {name} allows {}", outside.join(", ")),
                        );
                    }
                }
                None => fail_at(
                    inv.list_path(),
                    format!("{program} does not set {name} (the defaults include weak suites)"),
                ),
            },
        }
    }
}

/// Defines a control-plane control: metadata, and a check that applies one [`Rule`] to one
/// [`Component`].
macro_rules! flag_control {
    (
        id: $id:literal,
        name: $name:literal,
        title: $title:literal,
        severity: $severity:ident,
        component: $component:ident,
        rule: $rule:expr,
        description: $description:literal,
        rationale: $rationale:literal,
        remediation: $remediation:literal,
        kubescape: [$($ks:literal),*],
        cis: [$($cis:literal),*],
        failing: $failing:literal,
        passing: $passing:literal $(,)?
    ) => {
        use groundcrew_findings::{ControlMeta, References, Severity};

        use crate::controls::control_plane::{Component, Rule, check_rule};
        use crate::{Check, Control, ObjectCtx, Report};

        pub const CONTROL: Control = Control {
            meta: ControlMeta {
                id: $id,
                name: $name,
                title: $title,
                severity: Severity::$severity,
                category: "control-plane",
                description: $description,
                rationale: $rationale,
                remediation: $remediation,
                references: References {
                    kubescape: &[$($ks),*],
                    cis: &[$($cis),*],
                    nsa: &[],
                    mitre: &[],
                    pss: &[],
                },
                failing_example: $failing,
                passing_example: $passing,
            },
            check: Check::PodTemplate(check),
            requires: None,
        };

        const RULE: Rule = $rule;

        fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
            check_rule(ctx, out, Component::$component, RULE);
        }
    };
}
pub(crate) use flag_control;

#[cfg(test)]
mod tests {
    #[test]
    fn a_program_is_named_by_its_last_path_part() {
        for (word, is) in [
            ("kube-apiserver", true),
            ("/usr/local/bin/kube-apiserver", true),
            ("bin/kube-apiserver", true),
            ("/kube-apiserver", true),
            ("my-kube-apiserver", false),
            ("/usr/bin/my-kube-apiserver", false),
            ("kube-apiserver/", false),
            ("kube-apiserver-proxy", false),
            ("", false),
        ] {
            assert_eq!(super::is_program(word, "kube-apiserver"), is, "{word}");
        }
    }
}
