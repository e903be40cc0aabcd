//! Per-object evaluation: every selected per-object control over one loaded object.

use groundcrew_controls::{Check, Control, ControlInputs, FindingTexts, ObjectCtx, Report};
use groundcrew_findings::Finding;
use groundcrew_inventory::{Object, ObjectRecord};

/// What a worker made of the objects of a batch, one object after another: their records,
/// their findings with each one's control, and the controls each was relevant to. Kept in a
/// few lists per batch rather than a few per object, which the thread that commits them
/// would free one by one.
#[derive(Default)]
pub(crate) struct BatchResults {
    pub records: Vec<Evaluated>,
    pub findings: Vec<Finding>,
    /// Each finding's control, as its index in the selection (the report orders by it).
    pub ranks: Vec<u16>,
    /// Indexes (into the selected controls) of the controls the objects were relevant to.
    pub relevant: Vec<u16>,
}

/// An object's record, and how many of the findings and relevant controls that follow those
/// of the objects before it in [`BatchResults`] are its own.
pub(crate) struct Evaluated {
    pub record: ObjectRecord,
    pub findings: usize,
    pub relevant: usize,
}

impl BatchResults {
    /// Takes the objects out in order.
    pub(crate) fn into_objects(self) -> BatchObjects {
        BatchObjects {
            records: self.records.into_iter(),
            findings: self.findings.into_iter(),
            ranks: self.ranks.into_iter(),
            relevant: self.relevant.into_iter(),
        }
    }
}

/// The objects of a [`BatchResults`], taken out one by one.
pub(crate) struct BatchObjects {
    records: std::vec::IntoIter<Evaluated>,
    findings: std::vec::IntoIter<Finding>,
    ranks: std::vec::IntoIter<u16>,
    relevant: std::vec::IntoIter<u16>,
}

/// One object taken out of a [`BatchResults`].
pub(crate) struct ObjectOut<'p> {
    pub record: ObjectRecord,
    /// Its findings, each with its control's rank.
    pub findings: std::iter::Zip<
        std::iter::Take<&'p mut std::vec::IntoIter<Finding>>,
        std::iter::Take<&'p mut std::vec::IntoIter<u16>>,
    >,
    pub relevant: std::iter::Take<&'p mut std::vec::IntoIter<u16>>,
}

impl BatchObjects {
    /// The next object; its findings and relevant controls must be taken before the next.
    pub(crate) fn next_object(&mut self) -> Option<ObjectOut<'_>> {
        let e = self.records.next()?;
        Some(ObjectOut {
            record: e.record,
            findings: self
                .findings
                .by_ref()
                .take(e.findings)
                .zip(self.ranks.by_ref().take(e.findings)),
            relevant: self.relevant.by_ref().take(e.relevant),
        })
    }
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

/// Evaluates `object`, adding its record, findings and relevant controls to `results`.
pub(crate) fn evaluate(
    object: &Object,
    checks: &mut ObjectChecks,
    inputs: &ControlInputs,
    addresses: bool,
    results: &mut BatchResults,
) {
    let ctx = ObjectCtx::new(object, inputs);
    let BatchResults {
        records,
        findings,
        ranks,
        relevant,
    } = results;
    let (findings_before, relevant_before) = (findings.len(), relevant.len());
    let has_pod = ctx.pod.is_some();
    for c in &mut checks.checks {
        if c.pod_only && !has_pod {
            continue;
        }
        let mut report = Report::new(&c.control.meta, object, findings, &mut c.texts);
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
    records.push(Evaluated {
        record,
        findings: findings.len() - findings_before,
        relevant: relevant.len() - relevant_before,
    });
}
