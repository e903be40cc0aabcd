//! A process-wide string interner for the values that repeat across objects (apiVersion,
//! kind, namespace, label keys and values), so that 100k records share one copy of each.
//! Each thread keeps its own cache of the shared copies it has seen, so that the common
//! case takes no lock.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};

use std::hash::{BuildHasher, Hasher};

use crate::hash::{FastBuild, FastMap, FastSet};
use crate::selector::LabelSet;

static STRINGS: OnceLock<Mutex<FastSet<Arc<str>>>> = OnceLock::new();
static LABEL_SETS: OnceLock<Mutex<FastSet<LabelSet>>> = OnceLock::new();

thread_local! {
    static SEEN: RefCell<FastSet<Arc<str>>> = RefCell::new(FastSet::default());
    /// Label sets this thread has seen, by the hash of their text: a set seen before is
    /// found without interning its strings again.
    static SEEN_SETS: RefCell<FastMap<u64, LabelSet>> = RefCell::new(FastMap::default());
}

/// The shared copy of a set of labels (in the order given), its keys and values interned.
pub fn intern_labels<'s>(labels: impl Iterator<Item = (&'s str, &'s str)>) -> LabelSet {
    let pairs: Vec<(&str, &str)> = labels.collect();
    let mut h = FastBuild::default().build_hasher();
    for (k, v) in &pairs {
        // Each part terminated, so that ("ab", "c") and ("a", "bc") differ.
        h.write(k.as_bytes());
        h.write_u8(0xff);
        h.write(v.as_bytes());
        h.write_u8(0xff);
    }
    let hash = h.finish();
    SEEN_SETS.with(|seen| {
        if let Some(existing) = seen.borrow().get(&hash)
            && existing.len() == pairs.len()
            && existing
                .iter()
                .zip(&pairs)
                .all(|((k, v), (k2, v2))| &**k == *k2 && &**v == *v2)
        {
            return existing.clone();
        }
        let interned: Vec<(Arc<str>, Arc<str>)> =
            pairs.iter().map(|(k, v)| (intern(k), intern(v))).collect();
        let set = LABEL_SETS.get_or_init(|| Mutex::new(FastSet::default()));
        let mut set = set
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let shared = match set.get(interned.as_slice()) {
            Some(existing) => existing.clone(),
            None => {
                let shared: LabelSet = interned.into();
                set.insert(shared.clone());
                shared
            }
        };
        // On a hash collision the newer set takes the place: this is only a cache.
        seen.borrow_mut().insert(hash, shared.clone());
        shared
    })
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

    #[test]
    fn one_copy_of_each_label_set_across_threads() {
        let app = [("app", "web"), ("tier", "front")];
        let here = intern_labels(app.into_iter());
        let there = std::thread::spawn(move || intern_labels(app.into_iter()))
            .join()
            .unwrap();
        assert!(Arc::ptr_eq(&here, &there));
        assert_eq!(here.len(), 2);
        assert_eq!(&*here[1].1, "front");
        // Another value, or fewer labels: another set.
        let other = intern_labels([("app", "web"), ("tier", "back")].into_iter());
        assert!(!Arc::ptr_eq(&here, &other));
        let fewer = intern_labels([("app", "web")].into_iter());
        assert_eq!(fewer.len(), 1);
        assert!(intern_labels(std::iter::empty()).is_empty());
        // Seen before on this thread: found again, the same copy.
        assert!(Arc::ptr_eq(&here, &intern_labels(app.into_iter())));
        // The same text split differently is another set.
        let ab = intern_labels([("ab", "c")].into_iter());
        let a = intern_labels([("a", "bc")].into_iter());
        assert_eq!((&*ab[0].0, &*a[0].0), ("ab", "a"));
    }
}
