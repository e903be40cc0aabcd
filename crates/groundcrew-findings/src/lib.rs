//! Findings: the one result type of every analysis (controls today; RBAC, reachability and
//! attack paths later), and the metadata that describes the control behind a finding.

mod control;
mod finding;
mod severity;

pub use control::{ControlMeta, References};
pub use finding::{
    Exception, Finding, FindingRisk, Location, Related, finding_id, finding_id_text,
};
pub use severity::Severity;
