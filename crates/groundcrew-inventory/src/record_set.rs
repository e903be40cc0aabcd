//! A set of records as a bitset over record ids: a control's relevant records cost one bit
//! per record of the scan, not four bytes per entry.

use crate::RecordId;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSet {
    words: Vec<u64>,
}

impl RecordSet {
    pub fn insert(&mut self, id: RecordId) {
        let (word, bit) = (id as usize / 64, id % 64);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << bit;
    }

    pub fn contains(&self, id: RecordId) -> bool {
        self.words
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    /// The number of records in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Removes every record with an id of `first` or more.
    pub fn remove_from(&mut self, first: RecordId) {
        let (word, bit) = (first as usize / 64, first % 64);
        if word >= self.words.len() {
            return;
        }
        self.words[word] &= (1u64 << bit) - 1;
        self.words.truncate(word + 1);
    }

    /// The records, in id order.
    pub fn iter(&self) -> impl Iterator<Item = RecordId> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as RecordId * 64 + bit)
            })
        })
    }
}

impl FromIterator<RecordId> for RecordSet {
    fn from_iter<I: IntoIterator<Item = RecordId>>(iter: I) -> Self {
        let mut set = RecordSet::default();
        for id in iter {
            set.insert(id);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::RecordSet;

    #[test]
    fn insert_count_iterate_and_truncate() {
        let mut s: RecordSet = [3, 64, 3, 200, 0].into_iter().collect();
        assert_eq!(s.len(), 4);
        assert!(s.contains(64) && !s.contains(65) && !s.contains(10_000));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![0, 3, 64, 200]);
        s.remove_from(64);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![0, 3]);
        s.remove_from(0);
        assert!(s.is_empty());
    }
}
