//! `.groundcrew.yaml`: one configuration per run (`--config FILE`, else searched upward from
//! the current directory). Unknown keys and bad values are errors with file and line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};
use groundcrew_controls::{
    ControlInputs, KubeVersion, ResourceBounds, SensitiveWorkloads, Severity, parse_quantity,
};
use groundcrew_report::ExceptionRule;
use groundcrew_report::exceptions::rules_from_node;
use groundcrew_yaml::{Limits, Node, parse_yaml_document};
use regex::Regex;

pub const CONFIG_NAME: &str = ".groundcrew.yaml";

/// Everything the configuration file can set.
#[derive(Default)]
pub struct Config {
    pub frameworks: Vec<String>,
    pub controls: Vec<String>,
    pub fail_on: Option<Severity>,
    pub min_score: Option<f64>,
    pub kube_version: Option<KubeVersion>,
    pub exclude: Vec<String>,
    pub exceptions: Vec<ExceptionRule>,
    pub inputs: ControlInputs,
}

/// `.groundcrew.yaml` in the current directory or the nearest parent.
pub fn find_config() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join(CONFIG_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, node: &Node, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow!("{}:{}:{}: {msg}", self.file, node.pos.line, node.pos.col)
    }

    fn strings(&self, node: &Node, key: &str) -> Result<Vec<String>> {
        let items = node
            .as_seq()
            .ok_or_else(|| self.err(node, format!("{key} must be a list")))?;
        items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.err(i, format!("{key} entries must be strings")))
            })
            .collect()
    }

    fn quantity(&self, node: &Node, key: &str) -> Result<f64> {
        let text = node.display_scalar();
        parse_quantity(&text).ok_or_else(|| {
            self.err(
                node,
                format!("{key}: \"{text}\" is not a Kubernetes quantity"),
            )
        })
    }

    /// `sensitiveWorkloads: {labels, images, ports, names}`; each key given replaces its
    /// default list.
    fn sensitive_workloads(&self, node: &Node) -> Result<SensitiveWorkloads> {
        let map = node
            .as_map()
            .ok_or_else(|| self.err(node, "sensitiveWorkloads must be a mapping"))?;
        let mut s = ControlInputs::default().sensitive_workloads;
        for e in &map.entries {
            match &*e.key {
                "labels" => s.labels = self.strings(&e.value, "labels")?,
                "images" => s.images = self.strings(&e.value, "images")?,
                "names" => s.names = self.strings(&e.value, "names")?,
                "ports" => {
                    let items = e
                        .value
                        .as_seq()
                        .ok_or_else(|| self.err(&e.value, "ports must be a list"))?;
                    s.ports = items
                        .iter()
                        .map(|p| {
                            p.as_i64()
                                .and_then(|n| u16::try_from(n).ok())
                                .ok_or_else(|| self.err(p, "ports entries must be port numbers"))
                        })
                        .collect::<Result<_>>()?;
                }
                other => {
                    return Err(anyhow!(
                        "{}:{}:{}: unknown key \"{other}\" in sensitiveWorkloads (expected labels, images, ports, names)",
                        self.file,
                        e.key_pos.line,
                        e.key_pos.col
                    ));
                }
            }
        }
        Ok(s)
    }

    /// CPU in cores, memory in bytes.
    fn bounds(&self, node: &Node, key: &str) -> Result<ResourceBounds> {
        let map = node
            .as_map()
            .ok_or_else(|| self.err(node, format!("{key} must be a mapping")))?;
        let mut b = ResourceBounds::default();
        for e in &map.entries {
            let v = Some(self.quantity(&e.value, &e.key)?);
            match &*e.key {
                "requestMin" => b.request_min = v,
                "requestMax" => b.request_max = v,
                "limitMin" => b.limit_min = v,
                "limitMax" => b.limit_max = v,
                other => {
                    return Err(anyhow!(
                        "{}:{}:{}: unknown key \"{other}\" in {key} (expected requestMin, requestMax, limitMin, limitMax)",
                        self.file,
                        e.key_pos.line,
                        e.key_pos.col
                    ));
                }
            }
        }
        Ok(b)
    }
}

/// Reads and validates a configuration file.
pub fn load_config(path: &Path) -> Result<Config> {
    let display = path.to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{display}: cannot read: {e}"))?;
    let root = parse_yaml_document(text.trim_start_matches('\u{feff}'), 1, &Limits::default())
        .map_err(|e| anyhow!("{display}:{}:{}: {}", e.pos.line, e.pos.col, e.message))?;
    let mut config = Config::default();
    let Some(root) = root else { return Ok(config) };
    let cx = Ctx { file: &display };
    let map = root
        .as_map()
        .ok_or_else(|| cx.err(&root, "the configuration must be a mapping"))?;
    for e in &map.entries {
        let v = &e.value;
        match &*e.key {
            "frameworks" => {
                config.frameworks = cx.strings(v, "frameworks")?;
                for (item, name) in v.items().iter().zip(&config.frameworks) {
                    groundcrew_controls::framework(name).map_err(|e| cx.err(item, e))?;
                }
            }
            "controls" => {
                config.controls = cx.strings(v, "controls")?;
                for (item, id) in v.items().iter().zip(&config.controls) {
                    groundcrew_controls::controls_named(id).map_err(|e| cx.err(item, e))?;
                }
            }
            "failOn" => {
                config.fail_on = Some(
                    v.as_str()
                        .unwrap_or("")
                        .parse()
                        .map_err(|m: String| cx.err(v, m))?,
                );
            }
            "minScore" => {
                let n = match v.value {
                    groundcrew_yaml::Value::Int(i) => i as f64,
                    groundcrew_yaml::Value::Float(f) => f,
                    _ => return Err(cx.err(v, "minScore must be a number from 0 to 100")),
                };
                if !(0.0..=100.0).contains(&n) {
                    return Err(cx.err(v, "minScore must be a number from 0 to 100"));
                }
                config.min_score = Some(n);
            }
            "kubernetesVersion" => {
                config.kube_version = Some(
                    v.display_scalar()
                        .parse()
                        .map_err(|m: String| cx.err(v, m))?,
                );
            }
            "exclude" => config.exclude = cx.strings(v, "exclude")?,
            "exceptions" => {
                let file: Arc<str> = display.as_str().into();
                config.exceptions = rules_from_node(v, &file).map_err(|e| anyhow!("{e}"))?;
            }
            "controlInputs" => load_inputs(&cx, v, &mut config.inputs)?,
            other => {
                return Err(anyhow!(
                    "{display}:{}:{}: unknown key \"{other}\" (expected frameworks, controls, failOn, minScore, kubernetesVersion, exclude, exceptions, controlInputs)",
                    e.key_pos.line,
                    e.key_pos.col
                ));
            }
        }
    }
    Ok(config)
}

fn load_inputs(cx: &Ctx<'_>, node: &Node, inputs: &mut ControlInputs) -> Result<()> {
    let map = node
        .as_map()
        .ok_or_else(|| cx.err(node, "controlInputs must be a mapping"))?;
    for e in &map.entries {
        let v = &e.value;
        match &*e.key {
            "insecureCapabilities" => inputs.insecure_capabilities = cx.strings(v, &e.key)?,
            "sensitiveKeyNames" => inputs.sensitive_key_names = cx.strings(v, &e.key)?,
            "sensitiveKeyNamesAllowed" => {
                inputs.sensitive_key_names_allowed = cx.strings(v, &e.key)?
            }
            "sensitiveValues" => {
                let items = v.as_seq().ok_or_else(|| {
                    cx.err(v, "sensitiveValues must be a list of regular expressions")
                })?;
                let mut res = Vec::new();
                for i in items {
                    let p = i
                        .as_str()
                        .ok_or_else(|| cx.err(i, "patterns must be strings"))?;
                    res.push(
                        Regex::new(p).map_err(|err| {
                            cx.err(i, format!("invalid regular expression: {err}"))
                        })?,
                    );
                }
                inputs.sensitive_values = res;
            }
            "sensitiveValuesAllowed" => inputs.sensitive_values_allowed = cx.strings(v, &e.key)?,
            "sensitiveHostPaths" => inputs.sensitive_host_paths = cx.strings(v, &e.key)?,
            "runtimeSockets" => inputs.runtime_sockets = cx.strings(v, &e.key)?,
            "allowedRegistries" => inputs.allowed_registries = cx.strings(v, &e.key)?,
            "untrustedRegistries" => inputs.untrusted_registries = cx.strings(v, &e.key)?,
            "sensitiveInterfaces" => inputs.sensitive_interfaces = cx.strings(v, &e.key)?,
            "recommendedLabels" => inputs.recommended_labels = cx.strings(v, &e.key)?,
            "sensitiveWorkloads" => inputs.sensitive_workloads = cx.sensitive_workloads(v)?,
            "k8sRecommendedLabels" => inputs.k8s_recommended_labels = cx.strings(v, &e.key)?,
            "rbacIncludeDefaults" => {
                inputs.rbac_include_defaults = v
                    .as_bool()
                    .ok_or_else(|| cx.err(v, "rbacIncludeDefaults must be true or false"))?;
            }
            "cpu" => inputs.cpu = cx.bounds(v, "cpu")?,
            "memory" => inputs.memory = cx.bounds(v, "memory")?,
            other => {
                return Err(anyhow!(
                    "{}:{}:{}: unknown control input \"{other}\" (expected insecureCapabilities, sensitiveKeyNames, sensitiveKeyNamesAllowed, sensitiveValues, sensitiveValuesAllowed, sensitiveHostPaths, runtimeSockets, allowedRegistries, untrustedRegistries, sensitiveInterfaces, sensitiveWorkloads, recommendedLabels, k8sRecommendedLabels, rbacIncludeDefaults, cpu, memory)",
                    cx.file,
                    e.key_pos.line,
                    e.key_pos.col
                ));
            }
        }
    }
    Ok(())
}
