//! Shared by the CPU and memory controls.

use groundcrew_inventory::PodTemplate;

use super::quantity::parse_quantity;
use super::resourced;
use crate::{Report, ResourceBounds};

/// The Kubescape IDs each kind of failure matches: out of bounds (the control's own), no
/// request, no limit, neither.
pub(crate) struct ResourceIds {
    pub bounds: &'static [&'static str],
    pub no_request: &'static [&'static str],
    pub no_limit: &'static [&'static str],
    pub neither: &'static [&'static str],
}

pub(crate) fn check_resource(
    pod: &PodTemplate<'_>,
    resource: &str,
    bounds: &ResourceBounds,
    ids: &ResourceIds,
    out: &mut Report<'_>,
) {
    for c in resourced(pod) {
        // Paths are made only for what fails.
        let path = |section: &str| c.path.join(&["resources", section, resource]);
        let mut missing = Vec::new();
        for (section, min, max) in [
            ("requests", bounds.request_min, bounds.request_max),
            ("limits", bounds.limit_min, bounds.limit_max),
        ] {
            let value = c.node.get_path(&["resources", section, resource]);
            let Some(value) = value.filter(|v| !v.is_null()) else {
                missing.push(section);
                continue;
            };
            let text = value.display_scalar();
            let Some(q) = parse_quantity(&text) else {
                out.fail_as(
                    ids.bounds,
                    path(section),
                    format!(
                        "{} {resource} {section} \"{text}\" is not a quantity",
                        c.describe()
                    ),
                );
                continue;
            };
            if min.is_some_and(|m| q < m) || max.is_some_and(|m| q > m) {
                out.fail_as(
                    ids.bounds,
                    path(section),
                    format!(
                        "{} {resource} {section} {text} is outside the configured bounds",
                        c.describe()
                    ),
                );
            }
        }
        match missing.as_slice() {
            [] => {}
            [section] => {
                let (noun, matching) = if *section == "requests" {
                    ("request", ids.no_request)
                } else {
                    ("limit", ids.no_limit)
                };
                out.fail_as(
                    matching,
                    path(section),
                    format!("{} has no {resource} {noun}", c.describe()),
                );
            }
            _ => out.fail_as(
                ids.neither,
                c.path.key("resources"),
                format!(
                    "{} has no {resource} request and no {resource} limit",
                    c.describe()
                ),
            ),
        }
    }
}
