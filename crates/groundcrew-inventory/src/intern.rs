//! A process-wide string interner for the values that repeat across objects (apiVersion,
//! kind, namespace, label keys and values), so that 100k records share one copy of each.
//! Each thread keeps its own cache of the shared copies it has seen, so that the common
//! case takes no lock.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};

use crate::hash::FastSet;

static STRINGS: OnceLock<Mutex<FastSet<Arc<str>>>> = OnceLock::new();

thread_local! {
    static SEEN: RefCell<FastSet<Arc<str>>> = RefCell::new(FastSet::default());
}

/// The shared copy of `s`.
pub fn intern(s: &str) -> Arc<str> {
    SEEN.with(|seen| {
        if let Some(existing) = seen.borrow().get(s) {
            return existing.clone();
        }
        let shared = intern_shared(s);
        seen.borrow_mut().insert(shared.clone());
        shared
    })
}

fn intern_shared(s: &str) -> Arc<str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_across_threads() {
        let here = intern("apps/v1");
        let there = std::thread::spawn(|| intern("apps/v1")).join().unwrap();
        assert!(Arc::ptr_eq(&here, &there));
        assert!(Arc::ptr_eq(&here, &intern("apps/v1")));
        assert!(!Arc::ptr_eq(&here, &intern("v1")));
    }
}
