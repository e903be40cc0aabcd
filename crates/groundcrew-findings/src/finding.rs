use std::sync::Arc;

use groundcrew_inventory::ObjectId;
use serde::Serialize;

use crate::ControlMeta;

/// Where in a file: 1-based line and column (Unicode code points).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

/// Another object that makes a finding true (the binding behind an RBAC finding, ...).
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub resource: Arc<ObjectId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub role: String,
}

/// Why a finding is excepted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Exception {
    /// `annotation` or the exceptions file that matched.
    pub source: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One failed check on one resource.
#[derive(Debug, Clone)]
pub struct Finding {
    pub control: &'static ControlMeta,
    pub resource: Arc<ObjectId>,
    /// The offending field, or its nearest existing parent. `None` for objects read from an
    /// API server.
    pub location: Option<Location>,
    /// Field path in Kubernetes notation.
    /// Interned: the same paths recur across thousands of findings.
    pub path: Arc<str>,
    /// Interned as well: most messages recur (100k findings of a large scan hold about
    /// 13k distinct messages).
    pub message: Arc<str>,
    pub exception: Option<Box<Exception>>,
    /// Boxed: most findings have none, and an empty boxed slice is two words, not three.
    pub related: Box<[Related]>,
    /// The Kubescape controls this particular failure matches, when the control covers
    /// several with different meanings (hostPID vs hostNetwork); `None`: all of the
    /// control's.
    pub kubescape: Option<&'static [&'static str]>,
    /// The finding's risk from the attack paths through its object, when computed.
    pub risk: Option<FindingRisk>,
}

/// A finding's risk (0–100: severity combined with the most valuable attack path through
/// its object) and the numbers of those paths (`P<n>` in reports).
#[derive(Debug, Clone)]
pub struct FindingRisk {
    pub risk: u32,
    /// Shared by the findings of one object (the paths through it).
    pub paths: std::sync::Arc<[u32]>,
}

impl FindingRisk {
    /// The path ids as reports write them: `P1`, `P2`...
    pub fn path_ids(&self) -> Vec<String> {
        self.paths.iter().map(|n| format!("P{n}")).collect()
    }
}

impl Finding {
    pub fn new(
        control: &'static ControlMeta,
        resource: Arc<ObjectId>,
        location: Option<Location>,
        path: String,
        message: String,
    ) -> Self {
        Self::from_texts(
            control,
            resource,
            location,
            groundcrew_inventory::intern(&path),
            groundcrew_inventory::intern(&message),
        )
    }

    /// As [`Finding::new`], with path and message already interned by the caller.
    pub fn from_texts(
        control: &'static ControlMeta,
        resource: Arc<ObjectId>,
        location: Option<Location>,
        path: Arc<str>,
        message: Arc<str>,
    ) -> Self {
        Finding {
            control,
            resource,
            location,
            path,
            message,
            exception: None,
            related: Box::default(),
            kubescape: None,
            risk: None,
        }
    }

    /// The finding's references: the control's, with the Kubescape IDs narrowed to those
    /// this failure matches.
    pub fn references(&self) -> crate::References {
        match self.kubescape {
            Some(kubescape) => crate::References {
                kubescape,
                ..self.control.references
            },
            None => self.control.references,
        }
    }

    pub fn excepted(&self) -> bool {
        self.exception.is_some()
    }

    /// Stable across runs: derived from control, resource and path.
    pub fn id(&self) -> String {
        finding_id(self.control.id, &self.resource, &self.path)
    }
}

/// The JSON contract of a finding (see docs/json-report.md).
///
/// The JSON report writes findings without this (`finding_fields_into` in
/// groundcrew-report's `render/json.rs`): a field added here goes there too (a test there
/// compares the two writers).
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id())?;
        m.serialize_entry("control", self.control.id)?;
        m.serialize_entry("name", self.control.name)?;
        m.serialize_entry("severity", &self.control.severity)?;
        m.serialize_entry("references", &self.references())?;
        m.serialize_entry("resource", &*self.resource)?;
        m.serialize_entry("location", &self.location)?;
        m.serialize_entry("path", &self.path)?;
        m.serialize_entry("message", &self.message)?;
        m.serialize_entry("remediation", self.control.remediation)?;
        m.serialize_entry("excepted", &self.excepted())?;
        if let Some(e) = &self.exception {
            m.serialize_entry("exception", &**e)?;
        }
        if !self.related.is_empty() {
            m.serialize_entry("related", &self.related)?;
        }
        if let Some(r) = &self.risk {
            m.serialize_entry("risk", &r.risk)?;
            m.serialize_entry("paths", &r.path_ids())?;
        }
        m.end()
    }
}

/// A stable ID: 64-bit FNV-1a over control, resource identity and path, as 16 hex digits.
pub fn finding_id(control: &str, resource: &ObjectId, path: &str) -> String {
    finding_id_text(control, resource, path)
        .iter()
        .map(|&b| char::from(b))
        .collect()
}

/// [`finding_id`]'s 16 hex digits, as bytes (for writers that append them to a buffer).
pub fn finding_id_text(control: &str, resource: &ObjectId, path: &str) -> [u8; 16] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = finding_hash(control, resource, path);
    let mut text = [0u8; 16];
    for (i, c) in text.iter_mut().enumerate() {
        *c = HEX[((hash >> (60 - 4 * i)) & 0xf) as usize];
    }
    text
}

fn finding_hash(control: &str, resource: &ObjectId, path: &str) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let ns = resource.namespace.as_deref().unwrap_or("");
    for part in [
        control,
        &resource.api_version,
        &resource.kind,
        ns,
        &resource.name,
        path,
    ] {
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
        // Each part ends with a zero byte (xor with zero changes nothing).
        h = h.wrapping_mul(PRIME);
    }
    h
}
