//! A growable list kept in fixed-size segments: appending never moves what is already
//! stored, so the results of a large scan (the inventory's records, the findings) never
//! pass through the double-size copies of a doubling `Vec`, nor through a final copy into
//! one `Vec` — memory freed by such copies is not given back to the system at once, and
//! would count in the scan's peak.

/// Items per segment.
const SHIFT: u32 = 12;
const SEGMENT: usize = 1 << SHIFT;

#[derive(Debug, Clone)]
pub struct Segmented<T> {
    segments: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Segmented<T> {
    fn default() -> Self {
        Segmented {
            segments: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Segmented<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The item at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.segments
            .get(index >> SHIFT)
            .and_then(|segment| segment.get(index & (SEGMENT - 1)))
    }

    /// The items in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.segments.iter().flatten()
    }

    /// The items in order, to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.segments.iter_mut().flatten()
    }

    /// The items as consecutive slices (each a whole segment but the last).
    pub fn segments(&self) -> impl Iterator<Item = &[T]> {
        self.segments.iter().map(Vec::as_slice)
    }

    pub fn push(&mut self, item: T) {
        match self.segments.last_mut() {
            Some(last) if last.len() < SEGMENT => last.push(item),
            _ => {
                let mut segment = Vec::with_capacity(SEGMENT);
                segment.push(item);
                self.segments.push(segment);
            }
        }
        self.len += 1;
    }

    /// Keeps the first `len` items.
    pub fn truncate(&mut self, len: usize) {
        while self.len > len {
            let Some(last) = self.segments.last_mut() else {
                break;
            };
            let before = self.len - last.len();
            if before >= len {
                self.len = before;
                self.segments.pop();
            } else {
                last.truncate(len - before);
                self.len = len;
            }
        }
    }

    /// One `Vec` of exactly the items, in order; each segment is freed once moved.
    pub fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len);
        all.extend(self);
        all
    }
}

impl<T> std::ops::Index<usize> for Segmented<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.segments[index >> SHIFT][index & (SEGMENT - 1)]
    }
}

impl<T> std::ops::IndexMut<usize> for Segmented<T> {
    fn index_mut(&mut self, index: usize) -> &mut T {
        &mut self.segments[index >> SHIFT][index & (SEGMENT - 1)]
    }
}

impl<'s, T> IntoIterator for &'s Segmented<T> {
    type Item = &'s T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'s, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.segments.iter().flatten()
    }
}

impl<'s, T> IntoIterator for &'s mut Segmented<T> {
    type Item = &'s mut T;
    type IntoIter = std::iter::Flatten<std::slice::IterMut<'s, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.segments.iter_mut().flatten()
    }
}

/// Serialized as the sequence of its items.
impl<T: serde::Serialize> serde::Serialize for Segmented<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<T> FromIterator<T> for Segmented<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut all = Segmented::default();
        for item in items {
            all.push(item);
        }
        all
    }
}

/// The items in order, by value; each segment is freed once moved.
impl<T> IntoIterator for Segmented<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.segments.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::{SEGMENT, Segmented};

    #[test]
    fn push_truncate_and_collect_across_segments() {
        let mut s = Segmented::default();
        for i in 0..(2 * SEGMENT + 10) {
            s.push(i);
        }
        assert_eq!(s.len(), 2 * SEGMENT + 10);
        s.truncate(SEGMENT + 3);
        assert_eq!(s.len(), SEGMENT + 3);
        s.push(7);
        assert_eq!(s[SEGMENT + 2], SEGMENT + 2);
        assert_eq!(s.get(SEGMENT + 3), Some(&7));
        assert_eq!(s.get(SEGMENT + 4), None);
        assert_eq!(s.iter().nth(SEGMENT + 1), Some(&(SEGMENT + 1)));
        let v = s.into_vec();
        assert_eq!(v.len(), SEGMENT + 4);
        assert_eq!(v[SEGMENT + 2], SEGMENT + 2);
        assert_eq!(v[SEGMENT + 3], 7);
        let mut s = Segmented::default();
        s.push(1);
        s.truncate(0);
        assert_eq!(s.into_vec(), Vec::<i32>::new());
    }
}
