//! The scan engine: sources → inventory → analyses → findings.
//!
//! [`scan`] streams every input file through the splitter on a reader thread, parses and
//! evaluates documents in parallel (rayon) while the tree of each object is loaded, keeps
//! only compact [`ObjectRecord`]s, then runs the cross-object checks on the indexed
//! [`Inventory`]. Output order is input order, whatever the thread count.

mod attack;
mod evaluate;
mod pipeline;
mod sources;

use std::sync::Arc;

use groundcrew_controls::{Control, ControlInputs};
use groundcrew_findings::Finding;
use groundcrew_inventory::{Inventory, RecordId, RecordSet, Segmented};
use groundcrew_yaml::Limits;

pub use attack::classify;
pub use sources::{InputFile, InputFormat, SourceError, resolve_inputs};

/// What to scan and how.
pub struct ScanOptions {
    pub inputs: Vec<InputFile>,
    /// Controls to run, in report order.
    pub controls: Vec<&'static Control>,
    pub control_inputs: ControlInputs,
    pub limits: Limits,
    /// Treat template files as input errors instead of skipping them.
    pub strict: bool,
    /// Keep the addresses workloads and ConfigMaps name (for `netpol generate`).
    pub addresses: bool,
    /// Run the attack-path analysis after the controls, on their models.
    pub attack_paths: bool,
}

/// An input that could not be read, with where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A document or file that was skipped on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: Arc<str>,
    pub line: u32,
    pub reason: String,
}

/// Counts of what was read.
#[derive(Debug, Default, Clone)]
pub struct InputSummary {
    pub files: usize,
    pub documents: usize,
    pub objects: usize,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<InputError>,
}

/// Which records a control applied to.
pub struct ControlRun {
    pub control: &'static Control,
    /// The records the control applied to.
    pub relevant: RecordSet,
    /// Why the control could not run (a control input it needs is not set).
    pub not_evaluated: Option<String>,
}

/// Everything a scan produced, before policy (exceptions, scoring) is applied.
pub struct ScanOutput {
    pub inputs: InputSummary,
    pub inventory: Inventory,
    /// Findings in report order (by record in input order, then by control in selection
    /// order), kept in segments (no copy into one list on a large scan).
    pub findings: Segmented<Finding>,
    /// The record each finding is about: `finding_records[i]` is the record of
    /// `findings[i]`.
    pub finding_records: Vec<RecordId>,
    pub controls: Vec<ControlRun>,
    /// Every attack path weighed (id, score, records), and the best described, when asked.
    pub attack_paths: Option<groundcrew_paths::Weighed>,
    /// How long each phase of the scan took, in order (for `GROUNDCREW_TIMINGS`).
    pub phases: Phases,
}

/// The wall time of each phase of a scan, in order.
#[derive(Debug, Default, Clone)]
pub struct Phases(pub Vec<(&'static str, std::time::Duration)>);

impl Phases {
    /// Records that `phase`, begun at `since`, is done; returns the time it ended.
    pub fn done(&mut self, phase: &'static str, since: std::time::Instant) -> std::time::Instant {
        let now = std::time::Instant::now();
        self.0.push((phase, now - since));
        now
    }
}

/// Runs the selected controls over every input.
pub fn scan(options: &ScanOptions) -> ScanOutput {
    pipeline::run(options)
}
