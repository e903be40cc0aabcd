use serde::Serialize;

use crate::Severity;

/// Equivalent entries in other catalogs. Kubescape IDs are listed only where the semantics
/// really match.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct References {
    pub kubescape: &'static [&'static str],
    pub cis: &'static [&'static str],
    pub nsa: &'static [&'static str],
    pub mitre: &'static [&'static str],
    pub pss: &'static [&'static str],
}

impl References {
    pub const NONE: References = References {
        kubescape: &[],
        cis: &[],
        nsa: &[],
        mitre: &[],
        pss: &[],
    };
}

/// Everything a user reads about a control; the documentation is generated from it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ControlMeta {
    /// Stable ID, e.g. `GC102`.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `privileged-containers`.
    pub name: &'static str,
    /// One-line title.
    pub title: &'static str,
    pub severity: Severity,
    /// Category folder, e.g. `pod-security`.
    pub category: &'static str,
    /// What the control checks, exactly, with the fields it reads.
    pub description: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix a failure.
    pub remediation: &'static str,
    pub references: References,
    /// A manifest fragment that fails the control.
    pub failing_example: &'static str,
    /// The same fragment, fixed.
    pub passing_example: &'static str,
}

impl ControlMeta {
    /// Whether `id` names this control: its own ID or name, or a Kubescape ID it covers.
    pub fn is_named(&self, id: &str) -> bool {
        self.id.eq_ignore_ascii_case(id)
            || self.name == id
            || self
                .references
                .kubescape
                .iter()
                .any(|k| k.eq_ignore_ascii_case(id))
    }
}
