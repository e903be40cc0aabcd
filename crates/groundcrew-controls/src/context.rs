use std::sync::Arc;

use groundcrew_findings::{ControlMeta, Finding, Location};
use groundcrew_inventory::{
    FastMap, FastSet, Inventory, Object, ObjectRecord, PodTemplate, Source, pod_template,
};
use groundcrew_yaml::{FieldPath, Pos};

use crate::ControlInputs;

/// A registered control: its metadata, its check, and the control input it cannot run
/// without (if any).
pub struct Control {
    pub meta: ControlMeta,
    pub check: Check,
    pub requires: Option<RequiredInput>,
}

/// A control input a control needs; while it is empty the control is `not-evaluated`.
#[derive(Clone, Copy)]
pub struct RequiredInput {
    /// The key under `controlInputs:` in the configuration.
    pub name: &'static str,
    pub is_set: fn(&ControlInputs) -> bool,
}

impl Control {
    /// Whether the control can decide anything with these inputs: it needs no data that
    /// objects lack, and the inputs it needs are set.
    pub fn can_run(&self, inputs: &ControlInputs) -> bool {
        !matches!(self.check, Check::Unavailable(_))
            && self.requires.is_none_or(|r| (r.is_set)(inputs))
    }

    /// Why the control cannot run with these inputs, if it cannot.
    pub fn missing_input(&self, inputs: &ControlInputs) -> Option<String> {
        if let Check::Unavailable(reason) = self.check {
            return Some(reason.to_string());
        }
        self.requires
            .filter(|r| !(r.is_set)(inputs))
            .map(|r| format!("needs controlInputs.{} (not set)", r.name))
    }
}

/// How a control looks at the inventory.
#[derive(Clone, Copy)]
pub enum Check {
    /// Looks at one object at a time, while its tree is loaded.
    Object(fn(&ObjectCtx<'_>, &mut Report<'_>)),
    /// As [`Check::Object`], for a check that only looks at pod templates (workloads): not
    /// called for other objects, which it could neither pass nor fail (a test runs every
    /// such check on objects without one and holds it to that).
    PodTemplate(fn(&ObjectCtx<'_>, &mut Report<'_>)),
    /// Looks across objects, through the inventory's indexes, after loading.
    Inventory(fn(&Inventory, &ControlInputs, &mut InventoryReport<'_>)),
    /// Reads the RBAC model (roles with aggregation and defaults, bindings, escalation
    /// chains), built once per scan.
    Rbac(fn(&groundcrew_rbac::Analysis<'_>, &ControlInputs, &mut InventoryReport<'_>)),
    /// Reads the network model (workloads, namespaces, NetworkPolicies and what each
    /// selects, external ranges), built once per scan.
    Network(fn(&groundcrew_netpol::Network<'_>, &ControlInputs, &mut InventoryReport<'_>)),
    /// Needs data no Kubernetes object carries (node host files, cloud provider APIs,
    /// image scan results): listed in the catalog so the gap shows, always `not-evaluated`
    /// with this reason.
    Unavailable(&'static str),
}

/// What a per-object check sees: the object, its pod template (computed once per object, for
/// workloads), and the control inputs.
pub struct ObjectCtx<'a> {
    pub object: &'a Object,
    pub pod: Option<PodTemplate<'a>>,
    pub inputs: &'a ControlInputs,
    /// Which control-plane programs the pod's containers run (a bit per component), worked
    /// out once for the forty-odd control-plane controls that each ask.
    pub(crate) control_plane: std::cell::OnceCell<u8>,
}

impl<'a> ObjectCtx<'a> {
    pub fn new(object: &'a Object, inputs: &'a ControlInputs) -> Self {
        ObjectCtx {
            object,
            pod: pod_template(object),
            inputs,
            control_plane: std::cell::OnceCell::new(),
        }
    }
}

/// Where a per-object check reports: whether the object is relevant to the control, and
/// each failure with its field path.
pub struct Report<'a> {
    control: &'static ControlMeta,
    object: &'a Object,
    relevant: bool,
    findings: &'a mut Vec<Finding>,
    texts: &'a mut FindingTexts,
}

/// One control's finding paths and messages, interned, as one worker met them: a control
/// fails at a few paths with a few messages, over and over, so they are found in a table
/// of that control's alone, and a path found there is never written out again.
#[derive(Default)]
pub struct FindingTexts {
    paths: FastMap<FieldPath, Arc<str>>,
    messages: FastSet<Arc<str>>,
}

impl FindingTexts {
    fn path(&mut self, path: FieldPath) -> Arc<str> {
        if let Some(text) = self.paths.get(&path) {
            return text.clone();
        }
        let text = groundcrew_inventory::intern(&path.text());
        self.paths.insert(path, text.clone());
        text
    }

    fn message(&mut self, message: String) -> Arc<str> {
        if let Some(text) = self.messages.get(message.as_str()) {
            return text.clone();
        }
        let text = groundcrew_inventory::intern(&message);
        self.messages.insert(text.clone());
        text
    }
}

pub(crate) fn location(source: Option<&Source>, pos: Pos) -> Option<Location> {
    source.map(|s| Location {
        file: s.file.clone(),
        line: pos.line,
        column: pos.col,
    })
}

impl<'a> Report<'a> {
    /// `texts` holds the control's finding paths and messages so far: the caller keeps it
    /// from one object to the next.
    pub fn new(
        control: &'static ControlMeta,
        object: &'a Object,
        findings: &'a mut Vec<Finding>,
        texts: &'a mut FindingTexts,
    ) -> Self {
        Report {
            control,
            object,
            relevant: false,
            findings,
            texts,
        }
    }

    /// The object is one the control applies to (whether it passes or fails).
    pub fn relevant(&mut self) {
        self.relevant = true;
    }

    pub fn is_relevant(&self) -> bool {
        self.relevant
    }

    /// The field at `path` (or, when it is absent, its nearest existing parent) fails.
    pub fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.fail_matching(path, message, None);
    }

    /// As [`Report::fail`], for a failure that matches only `kubescape` of the control's
    /// Kubescape references.
    pub fn fail_as(
        &mut self,
        kubescape: &'static [&'static str],
        path: FieldPath,
        message: impl Into<String>,
    ) {
        self.fail_matching(path, message, Some(kubescape));
    }

    fn fail_matching(
        &mut self,
        path: FieldPath,
        message: impl Into<String>,
        kubescape: Option<&'static [&'static str]>,
    ) {
        self.relevant = true;
        let (pos, _) = path.locate(&self.object.root);
        let finding = Finding::from_texts(
            self.control,
            self.object.id.clone(),
            location(self.object.source.as_ref(), pos),
            self.texts.path(path),
            self.texts.message(message.into()),
        );
        self.findings.push(Finding {
            kubescape,
            ..finding
        });
    }
}

/// Where a cross-object check reports.
pub struct InventoryReport<'a> {
    control: &'static ControlMeta,
    pub(crate) relevant: Vec<u32>,
    findings: &'a mut Vec<(u32, Finding)>,
}

impl<'a> InventoryReport<'a> {
    pub fn new(control: &'static ControlMeta, findings: &'a mut Vec<(u32, Finding)>) -> Self {
        InventoryReport {
            control,
            relevant: Vec::new(),
            findings,
        }
    }

    /// Record `record` (an inventory index) as relevant.
    pub fn relevant(&mut self, record: u32) {
        self.relevant.push(record);
    }

    pub fn take_relevant(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.relevant)
    }

    /// Record `record` (inventory index) fails at `path`, written at `pos`.
    pub fn fail(
        &mut self,
        record: u32,
        object: &ObjectRecord,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
    ) {
        self.fail_matching(None, record, object, path, pos, message);
    }

    /// Record `record` fails as a whole: the finding points at the object itself.
    pub fn fail_object(&mut self, record: u32, object: &ObjectRecord, message: impl Into<String>) {
        self.fail(record, object, "", object.pos(), message);
    }

    /// A failure about something that is not an object of the input (an RBAC subject),
    /// found at `record` (the binding), where `pos` is written; `related` are the objects
    /// that make it true.
    #[allow(clippy::too_many_arguments)]
    pub fn fail_subject(
        &mut self,
        record: u32,
        object: &ObjectRecord,
        subject: std::sync::Arc<groundcrew_inventory::ObjectId>,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
        related: Vec<groundcrew_findings::Related>,
        kubescape: Option<&'static [&'static str]>,
    ) {
        self.relevant.push(record);
        let finding = Finding::new(
            self.control,
            subject,
            location(object.source.as_ref(), pos),
            path.to_string(),
            message.into(),
        );
        self.findings.push((
            record,
            Finding {
                kubescape,
                related: related.into_boxed_slice(),
                ..finding
            },
        ));
    }

    /// As [`InventoryReport::fail`], for a failure that matches only `kubescape` of the
    /// control's Kubescape references.
    pub fn fail_as(
        &mut self,
        kubescape: &'static [&'static str],
        record: u32,
        object: &ObjectRecord,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
    ) {
        self.fail_matching(Some(kubescape), record, object, path, pos, message);
    }

    fn fail_matching(
        &mut self,
        kubescape: Option<&'static [&'static str]>,
        record: u32,
        object: &ObjectRecord,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
    ) {
        let resource = object.id.clone();
        self.fail_subject(
            record,
            object,
            resource,
            path,
            pos,
            message,
            Vec::new(),
            kubescape,
        );
    }
}
