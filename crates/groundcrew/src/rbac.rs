//! `groundcrew rbac`: reads the inputs into an inventory (no controls), builds the RBAC
//! model and answers.

use std::io::Write;
use std::time::Instant;

use anyhow::{Result, anyhow, bail};
use groundcrew_rbac::{Escalations, Question, Rbac, SubjectKey};
use groundcrew_report::render::rbac as render;

use crate::cli::RbacCommand;
use crate::load::load;

pub(crate) fn timing(label: &str, since: Instant) {
    if std::env::var_os("GROUNDCREW_TIMINGS").is_some() {
        eprintln!(
            "timing: {label}: {:.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
            peak_rss()
        );
    }
}

/// The phases a scan recorded, one line each, under the scan's own timing line.
pub(crate) fn timing_phases(phases: &groundcrew_engine::Phases) {
    if std::env::var_os("GROUNDCREW_TIMINGS").is_some() {
        for (phase, took) in &phases.0 {
            eprintln!("timing:   {phase}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}

/// `, peak RSS N MiB so far` (Linux), for the timing lines.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| format!(", peak RSS {:.0} MiB so far", kb / 1024.0))
        .unwrap_or_default()
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

pub(crate) fn check_format(format: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&format) {
        Ok(())
    } else {
        bail!(
            "unknown format \"{format}\" (expected {})",
            allowed.join(" or ")
        )
    }
}

pub fn run(command: RbacCommand) -> Result<u8> {
    let started = Instant::now();
    let (text, failed) = match command {
        RbacCommand::WhoCan {
            verb,
            resource,
            api_group,
            namespace,
            name,
            format,
            inputs,
        } => {
            check_format(&format, &["pretty", "json"])?;
            let question = Question::new(
                &verb,
                &resource,
                api_group.as_deref(),
                namespace.as_deref(),
                name.as_deref(),
            )
            .map_err(|e| anyhow!(e))?;
            let (output, failed) = load(&inputs.paths, &inputs.excludes)?;
            timing("load", started);
            let answered = Instant::now();
            let rbac = Rbac::new(&output.inventory);
            let answer = rbac.who_can(&question, inputs.include_defaults);
            timing("who-can (model + answer)", answered);
            let text = match format.as_str() {
                "json" => json(&answer)?,
                _ => render::who_can_pretty(&answer),
            };
            (text, failed)
        }
        RbacCommand::Permissions {
            subject,
            format,
            inputs,
        } => {
            check_format(&format, &["pretty", "json"])?;
            let subject = SubjectKey::parse(&subject).map_err(|e| anyhow!(e))?;
            let (output, failed) = load(&inputs.paths, &inputs.excludes)?;
            let rbac = Rbac::new(&output.inventory);
            let p = rbac.permissions(&subject, inputs.include_defaults);
            let text = match format.as_str() {
                "json" => json(&p)?,
                _ => render::permissions_pretty(&p),
            };
            (text, failed)
        }
        RbacCommand::Escalations {
            format,
            subject,
            inputs,
        } => {
            check_format(&format, &["pretty", "json"])?;
            let subject = subject
                .map(|s| SubjectKey::parse(&s).map_err(|e| anyhow!(e)))
                .transpose()?;
            let (output, failed) = load(&inputs.paths, &inputs.excludes)?;
            timing("load", started);
            let analysed = Instant::now();
            let rbac = Rbac::new(&output.inventory);
            timing("RBAC model", analysed);
            let mut escalations = Escalations::compute(&rbac, inputs.include_defaults);
            timing("escalations (model + chains)", analysed);
            if let Some(s) = &subject {
                escalations.paths.retain(|p| p.subject == *s);
            }
            let text = match format.as_str() {
                "json" => json(&escalations)?,
                _ => render::escalations_pretty(&escalations),
            };
            (text, failed)
        }
        RbacCommand::Graph {
            format,
            subject,
            namespace,
            inputs,
        } => {
            let format = match format.as_str() {
                "dot" => render::GraphFormat::Dot,
                "mermaid" => render::GraphFormat::Mermaid,
                other => bail!("unknown format \"{other}\" (expected dot or mermaid)"),
            };
            let subject = subject
                .map(|s| SubjectKey::parse(&s).map_err(|e| anyhow!(e)))
                .transpose()?;
            let (output, failed) = load(&inputs.paths, &inputs.excludes)?;
            let rbac = Rbac::new(&output.inventory);
            let escalations = Escalations::compute(&rbac, inputs.include_defaults);
            let text = render::graph(
                &rbac,
                &escalations,
                format,
                subject.as_ref(),
                namespace.as_deref(),
                inputs.include_defaults,
            );
            (text, failed)
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(if failed { 2 } else { 0 })
}
