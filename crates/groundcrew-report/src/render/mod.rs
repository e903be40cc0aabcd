//! Renderers: one file per output format, each reading only the [`Report`].

mod junit;
mod markdown;
mod pretty;
mod sarif;

use std::str::FromStr;

use crate::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pretty,
    Json,
    Sarif,
    Junit,
    Markdown,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pretty" => Ok(Format::Pretty),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "junit" => Ok(Format::Junit),
            "markdown" | "md" => Ok(Format::Markdown),
            _ => Err(format!(
                "unknown format \"{s}\" (expected pretty, json, sarif, junit or markdown)"
            )),
        }
    }
}

/// Renders the report. `color` applies to the pretty format only.
pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Pretty => pretty::render(report, color),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report)
                .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize report: {e}\"}}"));
            s.push('\n');
            s
        }
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// `file:line:col`, or `(cluster)` for objects without a file.
pub(crate) fn place(f: &crate::ReportFinding) -> String {
    match &f.location {
        Some(l) => format!("{}:{}:{}", l.file, l.line, l.column),
        None => "(cluster)".into(),
    }
}

pub(crate) fn resource(f: &crate::ReportFinding) -> String {
    f.resource.to_string()
}

pub(crate) fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1}%"))
}
