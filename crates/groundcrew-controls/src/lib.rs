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

pub use context::{Check, Control, InventoryReport, ObjectCtx, Report, RequiredInput};
pub use controls::network::exposed_sensitive_interface::sensitive as sensitive_interface;
pub use controls::workload::parse_quantity;
pub use escape::hands_over_node;
pub use frameworks::{Framework, FrameworkEntry, FrameworkError, frameworks};
pub use groundcrew_findings::{ControlMeta, References, Severity};
pub use inputs::{ControlInputs, KubeVersion, ResourceBounds, SensitiveWorkloads};
pub use registry::{CONTROLS, OPT_IN, control_by_id, default_selection};
