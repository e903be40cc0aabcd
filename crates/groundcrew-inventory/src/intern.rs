//! A string interner for the values that repeat across objects (apiVersion, kind,
//! namespace, label keys and values, findings' paths and messages), so that 100k records
//! share a few copies of each.
//!
//! Each thread interns into its own table and keeps its own copies: a string is held once
//! per thread that met it (the two parse workers, for most). One table for all threads
//! meant a lock on every string a thread had not seen, and, worse, each copy's reference
//! count written by every core that cloned it — the count's cache line moved between the
//! cores on nearly every clone. Nothing relies on two threads' copies being the same
//! allocation: interned strings are compared by value.

use std::cell::RefCell;
use std::sync::Arc;

use std::hash::{BuildHasher, Hasher};

use crate::hash::{FastBuild, FastMap, FastSet};
use crate::selector::LabelSet;

thread_local! {
    static SEEN: RefCell<FastSet<Arc<str>>> = RefCell::new(FastSet::default());
    /// Label sets this thread has made, by the hash of their text: a set seen before is
    /// found without interning its strings again.
    static SEEN_SETS: RefCell<FastMap<u64, LabelSet>> = RefCell::new(FastMap::default());
}

/// This thread's copy of a set of labels (in the order given), its keys and values
/// interned. The labels are read twice (hashed, then compared or interned), without
/// collecting them first.
pub fn intern_labels<'s>(labels: impl Iterator<Item = (&'s str, &'s str)> + Clone) -> LabelSet {
    let mut h = FastBuild::default().build_hasher();
    let mut count = 0;
    for (k, v) in labels.clone() {
        // Each part terminated, so that ("ab", "c") and ("a", "bc") differ.
        h.write(k.as_bytes());
        h.write_u8(0xff);
        h.write(v.as_bytes());
        h.write_u8(0xff);
        count += 1;
    }
    let hash = h.finish();
    SEEN_SETS.with(|seen| {
        if let Some(existing) = seen.borrow().get(&hash)
            && existing.len() == count
            && existing
                .iter()
                .zip(labels.clone())
                .all(|((k, v), (k2, v2))| &**k == k2 && &**v == v2)
        {
            return existing.clone();
        }
        let mut pairs = Vec::with_capacity(count);
        pairs.extend(labels.map(|(k, v)| (intern(k), intern(v))));
        let set: LabelSet = pairs.into();
        // On a hash collision the newer set takes the place: the older stays valid where
        // it is held, it is only no longer found.
        seen.borrow_mut().insert(hash, set.clone());
        set
    })
}

/// This thread's copy of `s`.
pub fn intern(s: &str) -> Arc<str> {
    SEEN.with(|seen| {
        if let Some(existing) = seen.borrow().get(s) {
            return existing.clone();
        }
        let copy: Arc<str> = s.into();
        seen.borrow_mut().insert(copy.clone());
        copy
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_per_thread() {
        let here = intern("apps/v1");
        let there = std::thread::spawn(|| intern("apps/v1")).join().unwrap();
        assert_eq!(here, there);
        assert!(Arc::ptr_eq(&here, &intern("apps/v1")));
        assert!(!Arc::ptr_eq(&here, &intern("v1")));
    }

    #[test]
    fn one_copy_of_each_label_set_per_thread() {
        let app = [("app", "web"), ("tier", "front")];
        let here = intern_labels(app.into_iter());
        let there = std::thread::spawn(move || intern_labels(app.into_iter()))
            .join()
            .unwrap();
        assert_eq!(here, there);
        assert!(Arc::ptr_eq(&here[0].1, &intern("web")));
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
