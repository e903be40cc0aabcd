//! The controls catalog.
//!
//! A control is one file under `src/controls/<category>/`: its [`ControlMeta`] (ID, severity,
//! documentation, references) beside its check. Every control is registered once, in
//! [`registry`]. Frameworks are data (`frameworks/*.yaml`), compiled in.

mod context;
mod controls;
mod escape;
mod frameworks;
mod inputs;
mod registry;
mod substrings;

pub use context::{
    Check, Control, FindingTexts, InventoryReport, ObjectCtx, Report, RequiredInput,
};
pub use controls::network::exposed_sensitive_interface::SensitiveInterfaces;
pub use controls::workload::parse_quantity;
pub use escape::hands_over_node;
pub use frameworks::{
    Framework, FrameworkEntry, FrameworkError, UnknownName, controls_named, framework, frameworks,
};
pub use groundcrew_findings::{ControlMeta, References, Severity};
pub use inputs::{
    Compiled, ControlInputs, KubeVersion, ResourceBounds, SensitiveWorkloads, WorkloadMatcher,
};
pub use registry::{CONTROLS, OPT_IN, control_by_id, default_selection};
