//! Policy and reporting: exceptions (files and inline annotations), scoring, and the report
//! model every renderer reads.

mod date;
pub mod exceptions;
mod glob;
mod model;
pub mod render;
mod scoring;

pub use date::{Date, today_utc};
pub use exceptions::{ExceptionError, ExceptionRule, ExceptionSet, load_exceptions};
pub use model::{
    AttackPaths, ControlStatus, ControlSummary, FrameworkScore, InputErrorOut, Report,
    ReportFinding, ReportInputs, SkippedOut, Summary, attach_paths, build_report,
};
pub use render::Format;
