//! Frameworks: named sets of controls with their section numbers, defined as data in
//! `frameworks/*.yaml` and compiled into the binary.

use std::sync::OnceLock;

use groundcrew_yaml::{Limits, Node, parse_yaml_document};

use crate::CONTROLS;

/// One control of a framework, with the framework's own section for it.
#[derive(Debug, Clone)]
pub struct FrameworkEntry {
    pub control: &'static str,
    pub section: String,
}

#[derive(Debug, Clone)]
pub struct Framework {
    pub name: String,
    pub title: String,
    pub description: String,
    pub entries: Vec<FrameworkEntry>,
}

#[derive(Debug, thiserror::Error)]
#[error("framework {file}: {message}")]
pub struct FrameworkError {
    pub file: &'static str,
    pub message: String,
}

const SOURCES: &[(&str, &str)] = &[
    (
        "pss-baseline.yaml",
        include_str!("../frameworks/pss-baseline.yaml"),
    ),
    (
        "pss-restricted.yaml",
        include_str!("../frameworks/pss-restricted.yaml"),
    ),
    ("nsa.yaml", include_str!("../frameworks/nsa.yaml")),
    ("mitre.yaml", include_str!("../frameworks/mitre.yaml")),
    ("cis.yaml", include_str!("../frameworks/cis.yaml")),
    ("soc2.yaml", include_str!("../frameworks/soc2.yaml")),
    ("devops.yaml", include_str!("../frameworks/devops.yaml")),
];

fn parse(file: &'static str, text: &str) -> Result<Framework, FrameworkError> {
    let err = |message: String| FrameworkError { file, message };
    let root = parse_yaml_document(text, 1, &Limits::default())
        .map_err(|e| err(e.to_string()))?
        .ok_or_else(|| err("empty".into()))?;
    let s = |key: &str| -> Result<String, FrameworkError> {
        root.get(key)
            .and_then(Node::as_str)
            .map(str::to_string)
            .ok_or_else(|| err(format!("missing {key}")))
    };
    let mut entries = Vec::new();
    for item in root.get("controls").map(Node::items).unwrap_or(&[]) {
        let id = item.get("id").and_then(Node::as_str).unwrap_or("");
        let Some(control) = CONTROLS.iter().find(|c| c.meta.id == id) else {
            return Err(err(format!("unknown control {id} at {}", item.pos)));
        };
        let section = item
            .get("section")
            .map(|n| n.display_scalar().into_owned())
            .unwrap_or_default();
        entries.push(FrameworkEntry {
            control: control.meta.id,
            section,
        });
    }
    Ok(Framework {
        name: s("name")?,
        title: s("title")?,
        description: s("description")?,
        entries,
    })
}

/// Every framework, `all` last (every control, in registry order).
///
/// # Errors
/// Only if the compiled-in framework data is broken (a test guards against it).
pub fn frameworks() -> Result<&'static [Framework], &'static FrameworkError> {
    static FRAMEWORKS: OnceLock<Result<Vec<Framework>, FrameworkError>> = OnceLock::new();
    FRAMEWORKS
        .get_or_init(|| {
            let mut list = SOURCES
                .iter()
                .map(|(file, text)| parse(file, text))
                .collect::<Result<Vec<_>, _>>()?;
            list.push(Framework {
                name: "all".into(),
                title: "All controls".into(),
                description: "Every control groundcrew has.".into(),
                entries: CONTROLS
                    .iter()
                    .map(|c| FrameworkEntry {
                        control: c.meta.id,
                        section: c.meta.category.to_string(),
                    })
                    .collect(),
            });
            Ok(list)
        })
        .as_ref()
        .map(Vec::as_slice)
}

/// A name the catalog does not know.
#[derive(Debug, thiserror::Error)]
pub enum UnknownName {
    #[error("unknown framework \"{name}\" (known: {known})")]
    Framework { name: String, known: String },
    #[error("unknown control \"{0}\" (see `groundcrew controls list`)")]
    Control(String),
    #[error(transparent)]
    Broken(&'static FrameworkError),
}

/// The framework called `name`.
///
/// # Errors
/// An unknown name (the message lists the known ones), or broken framework data.
pub fn framework(name: &str) -> Result<&'static Framework, UnknownName> {
    let all = frameworks().map_err(UnknownName::Broken)?;
    all.iter()
        .find(|f| f.name == name)
        .ok_or_else(|| UnknownName::Framework {
            name: name.to_string(),
            known: all
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The controls `id` names (see [`crate::control_by_id`]), at least one.
///
/// # Errors
/// An ID, name or Kubescape ID no control has.
pub fn controls_named(id: &str) -> Result<Vec<&'static crate::Control>, UnknownName> {
    let found = crate::control_by_id(id);
    if found.is_empty() {
        return Err(UnknownName::Control(id.to_string()));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::frameworks;

    #[test]
    fn compiled_frameworks_load() {
        let fw = frameworks().expect("framework data");
        assert!(fw.iter().any(|f| f.name == "pss-restricted"));
        for f in fw {
            assert!(!f.entries.is_empty(), "{} is empty", f.name);
        }
    }
}
