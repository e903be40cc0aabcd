//! Input files: paths as the user gave them, directories walked, stdin.

use std::path::Path;
use std::sync::Arc;

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Yaml,
    Json,
    /// Decide from the content (stdin).
    Sniff,
}

/// One file to scan. `display` is the path as the user gave it (relative stays relative);
/// `-` is stdin.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub display: Arc<str>,
    pub stdin: bool,
    pub format: InputFormat,
}

/// A path that could not be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SourceError {
    pub path: String,
    pub message: String,
}

fn format_of(path: &str) -> InputFormat {
    if path.to_ascii_lowercase().ends_with(".json") {
        InputFormat::Json
    } else {
        InputFormat::Yaml
    }
}

fn is_manifest(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml" | "json")
    )
}

fn exclude_matcher(excludes: &[String]) -> Result<Gitignore, SourceError> {
    let mut b = GitignoreBuilder::new(".");
    for pattern in excludes {
        b.add_line(None, pattern).map_err(|e| SourceError {
            path: pattern.clone(),
            message: format!("invalid exclude pattern: {e}"),
        })?;
    }
    b.build().map_err(|e| SourceError {
        path: String::new(),
        message: e.to_string(),
    })
}

/// Expands the user's paths into files, in a stable order: explicit files as given,
/// directories walked recursively (`.yaml`, `.yml`, `.json`; `.git` and excluded paths
/// skipped; sorted by path). Returns the files and the paths that could not be used.
pub fn resolve_inputs(paths: &[String], excludes: &[String]) -> (Vec<InputFile>, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let matcher = match exclude_matcher(excludes) {
        Ok(m) => m,
        Err(e) => {
            errors.push(e);
            Gitignore::empty()
        }
    };
    let excluded = |p: &Path, dir: bool| {
        let rel = p.strip_prefix("./").unwrap_or(p);
        matcher.matched_path_or_any_parents(rel, dir).is_ignore()
    };
    for path in paths {
        if path == "-" {
            files.push(InputFile {
                display: "-".into(),
                stdin: true,
                format: InputFormat::Sniff,
            });
            continue;
        }
        let p = Path::new(path);
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                errors.push(SourceError {
                    path: path.clone(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        if meta.is_file() {
            files.push(InputFile {
                display: path.as_str().into(),
                stdin: false,
                format: format_of(path),
            });
            continue;
        }
        let walker = WalkBuilder::new(p)
            .standard_filters(false)
            .hidden(false)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                    if is_dir || !is_manifest(e.path()) || excluded(e.path(), false) {
                        continue;
                    }
                    let display = e.path().to_string_lossy().to_string();
                    files.push(InputFile {
                        format: format_of(&display),
                        display: display.into(),
                        stdin: false,
                    });
                }
                Err(e) => errors.push(SourceError {
                    path: path.clone(),
                    message: e.to_string(),
                }),
            }
        }
    }
    (files, errors)
}
