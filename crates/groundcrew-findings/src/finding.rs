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
    pub resource: ObjectId,
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
    /// Stable across runs: derived from control, resource and path.
    pub id: String,
    pub control: &'static ControlMeta,
    pub resource: ObjectId,
    /// The offending field, or its nearest existing parent. `None` for objects read from an
    /// API server.
    pub location: Option<Location>,
    /// Field path in Kubernetes notation.
    pub path: String,
    pub message: String,
    pub exception: Option<Exception>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        control: &'static ControlMeta,
        resource: ObjectId,
        location: Option<Location>,
        path: String,
        message: String,
    ) -> Self {
        Finding {
            id: finding_id(control.id, &resource, &path),
            control,
            resource,
            location,
            path,
            message,
            exception: None,
            related: Vec::new(),
        }
    }

    pub fn excepted(&self) -> bool {
        self.exception.is_some()
    }
}

/// A stable ID: 64-bit FNV-1a over control, resource identity and path, as 16 hex digits.
pub fn finding_id(control: &str, resource: &ObjectId, path: &str) -> String {
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
        for b in part.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
