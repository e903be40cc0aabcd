//! `groundcrew controls ...` and `groundcrew frameworks ...`, and the generated docs.

use std::fmt::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use groundcrew_controls::{
    CONTROLS, Check, Control, ControlInputs, ControlMeta, OPT_IN, frameworks,
};
use serde_json::json;

use crate::cli::{ControlsCommand, FrameworksCommand};

/// `println!` that reports a closed pipe (`groundcrew controls list | head`) as an error
/// instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

fn refs_json(m: &ControlMeta) -> serde_json::Value {
    json!({
        "kubescape": m.references.kubescape,
        "cis": m.references.cis,
        "nsa": m.references.nsa,
        "mitre": m.references.mitre,
        "pss": m.references.pss,
    })
}

fn frameworks_of(id: &str) -> Vec<(String, String)> {
    frameworks()
        .map(|all| {
            all.iter()
                .filter(|f| f.name != "all")
                .filter_map(|f| {
                    f.entries
                        .iter()
                        .find(|e| e.control == id)
                        .map(|e| (f.name.clone(), e.section.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn controls(command: ControlsCommand) -> Result<u8> {
    match command {
        ControlsCommand::List { format } => {
            match format.as_str() {
                "json" => {
                    let list: Vec<_> = CONTROLS
                        .iter()
                        .map(|c| {
                            let m = &c.meta;
                            json!({
                                "id": m.id, "name": m.name, "title": m.title,
                                "severity": m.severity, "category": m.category,
                                "default": !OPT_IN.contains(&m.id),
                                "decidable": !matches!(c.check, Check::Unavailable(_)),
                                "needs": needs(c),
                                "references": refs_json(m),
                                "frameworks": frameworks_of(m.id).into_iter().map(|(f, s)| json!({"name": f, "section": s})).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    outln!("{}", serde_json::to_string_pretty(&list)?)?;
                }
                "table" => {
                    outln!(
                        "{:<7} {:<9} {:<13} {:<34} KUBESCAPE",
                        "ID",
                        "SEVERITY",
                        "CATEGORY",
                        "NAME"
                    )?;
                    for c in CONTROLS {
                        let m = &c.meta;
                        outln!(
                            "{:<7} {:<9} {:<13} {:<34} {}",
                            m.id,
                            m.severity,
                            m.category,
                            m.name,
                            m.references.kubescape.join(",")
                        )?;
                    }
                }
                other => bail!("unknown format \"{other}\" (expected table or json)"),
            }
            Ok(0)
        }
        ControlsCommand::Show { id } => {
            for c in groundcrew_controls::controls_named(&id)? {
                out!("{}", control_markdown(c))?;
            }
            Ok(0)
        }
        ControlsCommand::Docs { out, check } => write_docs(Path::new(&out), check),
    }
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}

/// The Markdown page of one control, generated from its metadata.
/// What a control needs that a plain scan does not give it: data no object carries, or a
/// control input without a default.
fn needs(c: &Control) -> Option<String> {
    c.missing_input(&ControlInputs::default())
}

pub fn control_markdown(c: &Control) -> String {
    let m = &c.meta;
    let mut s = String::new();
    let _ = writeln!(s, "# {} {} — {}\n", m.id, m.name, m.title);
    let _ = writeln!(s, "- **Severity:** {}", m.severity);
    let _ = writeln!(s, "- **Category:** {}", m.category);
    if OPT_IN.contains(&m.id) {
        let _ = writeln!(
            s,
            "- **Selection:** not in the default selection (`--control {}` or a framework that lists it)",
            m.id
        );
    }
    if let Some(n) = needs(c) {
        let _ = writeln!(s, "- **Status without it:** not-evaluated — {n}");
    }
    let fws = frameworks_of(m.id);
    if !fws.is_empty() {
        let names: Vec<String> = fws.iter().map(|(f, sec)| format!("{f} ({sec})")).collect();
        let _ = writeln!(s, "- **Frameworks:** {}", names.join("; "));
    }
    let _ = writeln!(s, "\n## What it checks\n\n{}\n", m.description);
    let _ = writeln!(s, "## Why it matters\n\n{}\n", m.rationale);
    let _ = writeln!(s, "## How to fix\n\n{}\n", m.remediation);
    let _ = writeln!(
        s,
        "## Example that fails\n\n```yaml\n{}```\n",
        m.failing_example
    );
    let _ = writeln!(s, "## Fixed\n\n```yaml\n{}```\n", m.passing_example);
    let r = &m.references;
    let _ = writeln!(s, "## References\n");
    let _ = writeln!(s, "- Kubescape: {}", list(r.kubescape));
    let _ = writeln!(s, "- CIS Kubernetes Benchmark: {}", list(r.cis));
    let _ = writeln!(s, "- NSA/CISA: {}", list(r.nsa));
    let _ = writeln!(s, "- MITRE ATT&CK: {}", list(r.mitre));
    let _ = writeln!(s, "- Pod Security Standards: {}", list(r.pss));
    s
}

fn doc_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut index = String::from(
        "# Controls\n\nGenerated by `groundcrew controls docs` from each control's metadata; do not edit by hand.\n",
    );
    let mut categories: Vec<&str> = CONTROLS.iter().map(|c| c.meta.category).collect();
    categories.dedup();
    let mut seen = Vec::new();
    for category in categories {
        if seen.contains(&category) {
            continue;
        }
        seen.push(category);
        let _ = writeln!(
            index,
            "\n## {category}\n\n| ID | Name | Severity | Kubescape |\n|---|---|---|---|"
        );
        for c in CONTROLS.iter().filter(|c| c.meta.category == category) {
            let m = &c.meta;
            let file = format!("{}-{}.md", m.id, m.name);
            let _ = writeln!(
                index,
                "| [{}]({file}) | {} | {} | {} |",
                m.id,
                m.name,
                m.severity,
                list(m.references.kubescape)
            );
        }
    }
    for c in CONTROLS {
        let m = &c.meta;
        files.push((format!("{}-{}.md", m.id, m.name), control_markdown(c)));
    }
    if let Ok(all) = frameworks() {
        index.push_str("\n## Frameworks\n");
        for f in all.iter().filter(|f| f.name != "all") {
            let _ = writeln!(
                index,
                "\n### {} — {}\n\n{}\n",
                f.name, f.title, f.description
            );
            for e in &f.entries {
                let name = CONTROLS
                    .iter()
                    .find(|c| c.meta.id == e.control)
                    .map(|c| c.meta.name)
                    .unwrap_or("");
                let _ = writeln!(
                    index,
                    "- {}: [{}]({}-{name}.md)",
                    e.section, e.control, e.control
                );
            }
        }
    }
    files.push(("index.md".into(), index));
    files
}

fn write_docs(dir: &Path, check: bool) -> Result<u8> {
    let files = doc_files();
    if check {
        let mut stale = Vec::new();
        for (name, text) in &files {
            if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
                stale.push(name.clone());
            }
        }
        if stale.is_empty() {
            return Ok(0);
        }
        eprintln!(
            "stale control docs in {}: {} (run `groundcrew controls docs`)",
            dir.display(),
            stale.join(", ")
        );
        return Ok(1);
    }
    std::fs::create_dir_all(dir).map_err(|e| anyhow!("{}: {e}", dir.display()))?;
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).map_err(|e| anyhow!("{name}: {e}"))?;
    }
    outln!("wrote {} files to {}", files.len(), dir.display())?;
    Ok(0)
}

pub fn frameworks_command(command: FrameworksCommand) -> Result<u8> {
    let all = groundcrew_controls::frameworks().map_err(|e| anyhow!("{e}"))?;
    match command {
        FrameworksCommand::List => {
            for f in all {
                outln!(
                    "{:<16} {:>3} controls  {}",
                    f.name,
                    f.entries.len(),
                    f.title
                )?;
            }
        }
        FrameworksCommand::Show { name } => {
            let f = groundcrew_controls::framework(&name)?;
            outln!("{} — {}\n{}\n", f.name, f.title, f.description)?;
            for e in &f.entries {
                let m = CONTROLS
                    .iter()
                    .find(|c| c.meta.id == e.control)
                    .map(|c| &c.meta);
                outln!(
                    "  {:<40} {:<7} {}",
                    e.section,
                    e.control,
                    m.map(|m| m.title).unwrap_or("")
                )?;
            }
        }
    }
    Ok(0)
}
