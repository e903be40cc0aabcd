//! Per-object evaluation: every selected per-object control over one loaded object.

use groundcrew_controls::{Check, Control, ControlInputs, ObjectCtx, Report};
use groundcrew_findings::Finding;
use groundcrew_inventory::{Object, ObjectRecord};

/// What stays of an object after evaluation.
pub(crate) struct Evaluated {
    pub record: ObjectRecord,
    pub findings: Vec<Finding>,
    /// Indexes (into the selected controls) of the controls this object was relevant to.
    pub relevant: Vec<u16>,
}

pub(crate) fn evaluate(
    object: &Object,
    controls: &[&'static Control],
    inputs: &ControlInputs,
    addresses: bool,
) -> Evaluated {
    let ctx = ObjectCtx::new(object, inputs);
    let mut findings = Vec::new();
    let mut relevant = Vec::with_capacity(controls.len());
    let has_pod = ctx.pod.is_some();
    for (i, control) in controls.iter().enumerate() {
        let check = match control.check {
            Check::Object(check) => check,
            Check::PodTemplate(check) if has_pod => check,
            _ => continue,
        };
        if !control.can_run(inputs) {
            continue;
        }
        let mut report = Report::new(&control.meta, object, &mut findings);
        check(&ctx, &mut report);
        if report.is_relevant() {
            relevant.push(i as u16);
        }
    }
    let mut record = ObjectRecord::from_parts(object, ctx.pod.as_ref());
    if addresses {
        record.collect_addresses(object, ctx.pod.as_ref());
    }
    Evaluated {
        record,
        findings,
        relevant,
    }
}
