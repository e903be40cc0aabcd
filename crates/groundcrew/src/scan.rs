//! `groundcrew scan`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use groundcrew_controls::{
    CONTROLS, Control, KubeVersion, Severity, controls_named, default_selection, framework,
};
use groundcrew_engine::{ScanOptions, resolve_inputs, scan};
use groundcrew_report::render::render_to;
use groundcrew_report::{Format, Report, build_report, load_exceptions, today_utc};
use groundcrew_yaml::Limits;

use crate::cli::ScanArgs;
use crate::config::{Config, find_config, load_config};
use crate::outputs::{ReportFiles, end_report};

/// Controls for the frameworks and control IDs asked for; every control when neither.
fn select_controls(framework_names: &[String], ids: &[String]) -> Result<Vec<&'static Control>> {
    if framework_names.is_empty() && ids.is_empty() {
        return Ok(default_selection());
    }
    let mut wanted: Vec<&'static str> = Vec::new();
    for name in framework_names {
        wanted.extend(framework(name)?.entries.iter().map(|e| e.control));
    }
    for id in ids {
        wanted.extend(controls_named(id)?.iter().map(|c| c.meta.id));
    }
    Ok(CONTROLS
        .iter()
        .copied()
        .filter(|c| wanted.contains(&c.meta.id))
        .collect())
}

struct Output {
    format: Format,
    file: Option<String>,
}

fn parse_outputs(args: &ScanArgs) -> Result<Vec<Output>> {
    let mut outputs = Vec::new();
    for spec in &args.formats {
        let (fmt, file) = match spec.split_once('=') {
            Some((f, file)) if !file.is_empty() => (f, Some(file.to_string())),
            Some((f, _)) => (f, None),
            None => (spec.as_str(), None),
        };
        outputs.push(Output {
            format: fmt.parse().map_err(|e: String| anyhow!(e))?,
            file,
        });
    }
    if outputs.is_empty() {
        outputs.push(Output {
            format: Format::Pretty,
            file: None,
        });
    }
    if let Some(file) = &args.output {
        if outputs.len() != 1 {
            bail!("--output takes a single --format; use --format FMT=FILE for several");
        }
        outputs[0].file = Some(file.clone());
    }
    if outputs.iter().filter(|o| o.file.is_none()).count() > 1 {
        bail!("at most one --format may go to stdout; give the others a file (--format FMT=FILE)");
    }
    Ok(outputs)
}

pub fn run(args: ScanArgs) -> Result<u8> {
    let config = match &args.config {
        Some(path) => load_config(Path::new(path))?,
        None => match find_config() {
            Some(path) => load_config(&path)?,
            None => Config::default(),
        },
    };
    let outputs = parse_outputs(&args)?;
    let fail_on: Severity = match &args.fail_on {
        Some(s) => s.parse().map_err(|e: String| anyhow!(e))?,
        None => config.fail_on.unwrap_or(Severity::High),
    };
    let min_score = args.min_score.or(config.min_score);
    if let Some(n) = min_score
        && !(0.0..=100.0).contains(&n)
    {
        bail!("--min-score must be between 0 and 100");
    }
    let kube_version: KubeVersion = match &args.kube_version {
        Some(v) => v.parse().map_err(|e: String| anyhow!(e))?,
        None => config.kube_version.unwrap_or(KubeVersion::DEFAULT),
    };
    let (framework_names, control_ids) = if args.frameworks.is_empty() && args.controls.is_empty() {
        (config.frameworks.clone(), config.controls.clone())
    } else {
        (args.frameworks.clone(), args.controls.clone())
    };
    let controls = select_controls(&framework_names, &control_ids)?;
    let mut rules = config.exceptions.clone();
    for file in &args.exceptions {
        rules.extend(load_exceptions(file).map_err(|e| anyhow!("{e}"))?);
    }
    let mut excludes = config.exclude.clone();
    excludes.extend(args.excludes.iter().cloned());
    let (mut inputs, source_errors) = resolve_inputs(&args.paths, &excludes);
    let report_files = ReportFiles::open(outputs.iter().filter_map(|o| o.file.clone()).collect())?;
    // A report written into a scanned directory is not read back as a manifest.
    let mut own_reports = Vec::new();
    inputs.retain(|input| {
        let report = report_files.is_report(input);
        if report {
            own_reports.push(input.display.to_string());
        }
        !report
    });
    let mut control_inputs = config.inputs.clone();
    control_inputs.kube_version = kube_version;
    control_inputs.rbac_include_defaults |= args.include_defaults;
    let options = ScanOptions {
        inputs,
        controls,
        control_inputs,
        limits: Limits::default(),
        strict: args.strict,
        addresses: false,
        attack_paths: !args.no_paths,
    };
    let scanned = std::time::Instant::now();
    let mut output = scan(&options);
    crate::rbac::timing("scan (with attack paths unless --no-paths)", scanned);
    crate::rbac::timing_phases(&output.phases);
    let attack = output.attack_paths.take();
    let scored_frameworks = if framework_names.is_empty() {
        Vec::new()
    } else {
        framework_names.clone()
    };
    let built = std::time::Instant::now();
    // `records`: the record of each of the report's findings, to join them with the paths.
    let (mut report, inventory, records) = build_report(
        output,
        &rules,
        today_utc(),
        &scored_frameworks,
        kube_version.to_string(),
        outputs.iter().any(|o| o.format == Format::Junit),
    );
    crate::rbac::timing("report model (exceptions, scores)", built);
    // Nothing reads the inventory past this point (the report holds what it shows): it is
    // freed on its own thread while the report is joined and written, so that the pages it
    // gives back can take the report's allocations (with every control and the attack
    // paths, the peak grew by 5-6 MiB after the scan with it, by 6-11 MiB without, in five
    // alternating runs each). The thread is not waited for.
    std::thread::spawn(move || drop(inventory));
    if let Some(weighed) = attack {
        let joined = std::time::Instant::now();
        groundcrew_report::attach_paths(&mut report, &records, weighed);
        crate::rbac::timing("risk and fix-first", joined);
    }
    for file in own_reports {
        report.inputs.skipped += 1;
        report
            .inputs
            .skipped_details
            .push(groundcrew_report::SkippedOut {
                file,
                line: 0,
                reason: "a report this scan writes".into(),
            });
    }
    for e in source_errors {
        report.inputs.errors.insert(
            0,
            groundcrew_report::InputErrorOut {
                file: e.path,
                line: 0,
                column: 0,
                message: e.message,
            },
        );
    }
    let written = std::time::Instant::now();
    write_outputs(&outputs, report_files, &report)?;
    crate::rbac::timing("report written", written);
    let code = exit_code(&report, fail_on, min_score, &scored_frameworks);
    // The process ends next: freeing every object and finding one by one would only add
    // wall time (tens of milliseconds on a 100k-object scan). The OS reclaims it all.
    std::mem::forget(report);
    Ok(code)
}

fn write_outputs(outputs: &[Output], files: ReportFiles, report: &Report) -> Result<()> {
    // The report files were opened in the order of the outputs that name one.
    let to_files = outputs.iter().filter(|o| o.file.is_some());
    for (o, (file, mut f)) in to_files.zip(files.into_files()) {
        // Cut where the report ends even when writing failed: no old report stays behind
        // what was written.
        let written = render_to(o.format, report, false, &mut f);
        let ended = end_report(&mut f);
        written
            .and(ended)
            .with_context(|| format!("cannot write {file}"))?;
    }
    let to_stdout = outputs.iter().find(|o| o.file.is_none());
    // The pretty report opens with the input errors and warnings; with any other format
    // they would be in the report only, and a CI log would show an exit code 2 and no
    // reason: they go to stderr.
    if to_stdout.is_none_or(|o| o.format != Format::Pretty) {
        let color = colored(std::io::stderr().is_terminal());
        for line in groundcrew_report::render::diagnostics(report, color) {
            eprintln!("{line}");
        }
    }
    if let Some(o) = to_stdout {
        let color = colored(std::io::stdout().is_terminal());
        let mut stdout = std::io::stdout().lock();
        render_to(o.format, report, color, &mut stdout)?;
        stdout.flush()?;
    }
    Ok(())
}

/// Colour for a terminal, unless `NO_COLOR` is set (to anything but nothing).
fn colored(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// 2 on input errors; else 1 when a finding at or above `fail_on` is open or a selected
/// framework scores below `min_score`; else 0.
fn exit_code(
    report: &Report,
    fail_on: Severity,
    min_score: Option<f64>,
    selected: &[String],
) -> u8 {
    if !report.inputs.errors.is_empty() {
        return 2;
    }
    let failing = report
        .findings
        .iter()
        .any(|f| !f.excepted() && f.control.severity >= fail_on);
    let below = min_score.is_some_and(|min| {
        report
            .frameworks
            .iter()
            .filter(|f| selected.is_empty() || selected.contains(&f.name))
            .any(|f| f.compliance_score.is_some_and(|s| s < min))
    });
    u8::from(failing || below)
}
