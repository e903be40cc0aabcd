//! Per-object evaluation: every selected per-object control over one loaded object.

use groundcrew_controls::{Check, Control, ControlInputs, FindingTexts, ObjectCtx, Report};
use groundcrew_findings::Finding;
use groundcrew_inventory::{Object, ObjectRecord};

/// What stays of an object after evaluation.
pub(crate) struct Evaluated {
    pub record: ObjectRecord,
    pub findings: Vec<Finding>,
    /// Each finding's control, as its index in the selection (the report orders by it).
    pub ranks: Vec<u16>,
    /// Indexes (into the selected controls) of the controls this object was relevant to.
    pub relevant: Vec<u16>,
}

/// The selected per-object checks that can run with the inputs, with their indexes in the
/// selection: listed once per worker rather than sorted out for every object.
pub(crate) struct ObjectChecks {
    checks: Vec<ObjectCheck>,
}

struct ObjectCheck {
    index: u16,
    control: &'static Control,
    check: fn(&ObjectCtx<'_>, &mut Report<'_>),
    /// Only for objects with a pod template.
    pod_only: bool,
    /// The paths and messages of its findings so far, on this worker.
    texts: FindingTexts,
}

impl ObjectChecks {
    pub(crate) fn new(controls: &[&'static Control], inputs: &ControlInputs) -> Self {
        let checks = controls
            .iter()
            .enumerate()
            .filter(|(_, control)| control.can_run(inputs))
            .filter_map(|(i, &control)| {
                let (check, pod_only) = match control.check {
                    Check::Object(check) => (check, false),
                    Check::PodTemplate(check) => (check, true),
                    _ => return None,
                };
                Some(ObjectCheck {
                    index: i as u16,
                    control,
                    check,
                    pod_only,
                    texts: FindingTexts::default(),
                })
            })
            .collect();
        ObjectChecks { checks }
    }
}

pub(crate) fn evaluate(
    object: &Object,
    checks: &mut ObjectChecks,
    inputs: &ControlInputs,
    addresses: bool,
) -> Evaluated {
    let ctx = ObjectCtx::new(object, inputs);
    let mut findings = Vec::new();
    let mut ranks = Vec::new();
    let mut relevant = Vec::with_capacity(checks.checks.len());
    let has_pod = ctx.pod.is_some();
    for c in &mut checks.checks {
        if c.pod_only && !has_pod {
            continue;
        }
        let mut report = Report::new(&c.control.meta, object, &mut findings, &mut c.texts);
        (c.check)(&ctx, &mut report);
        if report.is_relevant() {
            relevant.push(c.index);
        }
        if findings.len() > ranks.len() {
            ranks.resize(findings.len(), c.index);
        }
    }
    let mut record = ObjectRecord::from_parts(object, ctx.pod.as_ref());
    if addresses {
        record.collect_addresses(object, ctx.pod.as_ref());
    }
    Evaluated {
        record,
        findings,
        ranks,
        relevant,
    }
}
