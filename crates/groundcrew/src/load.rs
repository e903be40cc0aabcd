//! Reading inputs into an inventory without running controls, for the analysis commands
//! (`rbac`, `netpol`).

use anyhow::Result;
use groundcrew_engine::{ScanOptions, ScanOutput, resolve_inputs, scan};
use groundcrew_yaml::Limits;

use crate::config::{Config, find_config, load_config};

/// Reads every input; input errors are reported on stderr (file:line:column) and make the
/// exit code 2, after the answer for what could be read.
pub fn load(paths: &[String], extra_excludes: &[String]) -> Result<(ScanOutput, bool)> {
    load_with(paths, extra_excludes, false)
}

/// As [`load`], running the default controls too (their findings are joined with attack
/// paths).
pub fn load_scanned(paths: &[String], extra_excludes: &[String]) -> Result<(ScanOutput, bool)> {
    read(
        paths,
        extra_excludes,
        false,
        groundcrew_controls::default_selection(),
    )
}

/// As [`load`]; with `addresses`, the records keep the addresses workloads and ConfigMaps
/// name (for `netpol generate`).
pub fn load_with(
    paths: &[String],
    extra_excludes: &[String],
    addresses: bool,
) -> Result<(ScanOutput, bool)> {
    read(paths, extra_excludes, addresses, Vec::new())
}

fn read(
    paths: &[String],
    extra_excludes: &[String],
    addresses: bool,
    controls: Vec<&'static groundcrew_controls::Control>,
) -> Result<(ScanOutput, bool)> {
    let config = match find_config() {
        Some(path) => load_config(&path)?,
        None => Config::default(),
    };
    let mut excludes = config.exclude.clone();
    excludes.extend(extra_excludes.iter().cloned());
    let (files, source_errors) = resolve_inputs(paths, &excludes);
    let output = scan(&ScanOptions {
        inputs: files,
        controls,
        control_inputs: config.inputs.clone(),
        limits: Limits::default(),
        strict: false,
        addresses,
        attack_paths: false,
    });
    let mut failed = false;
    for e in source_errors {
        eprintln!("error: {}: {}", e.path, e.message);
        failed = true;
    }
    for e in &output.inputs.errors {
        let at = groundcrew_report::render::input_place(&e.file, e.line, Some(e.column));
        eprintln!("error: {at}: {}", e.message);
        failed = true;
    }
    Ok((output, failed))
}
