//! A process-wide string interner for the values that repeat across objects (apiVersion,
//! kind, namespace, label keys and values), so that 100k records share one copy of each.

use std::sync::{Arc, Mutex, OnceLock};

use crate::hash::FastSet;

static STRINGS: OnceLock<Mutex<FastSet<Arc<str>>>> = OnceLock::new();

/// The shared copy of `s`.
pub fn intern(s: &str) -> Arc<str> {
    let set = STRINGS.get_or_init(|| Mutex::new(FastSet::default()));
    let mut set = set
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(existing) = set.get(s) {
        return existing.clone();
    }
    let shared: Arc<str> = s.into();
    set.insert(shared.clone());
    shared
}
