//! A growable list kept in fixed-size segments: appending never moves what is already
//! stored, so the committed results of a large scan do not pass through the double-size
//! copies of a doubling `Vec`, and the final `Vec` is allocated once, at its exact size.

/// Items per segment.
const SEGMENT: usize = 4096;

pub(crate) struct Segmented<T> {
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
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, item: T) {
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
    pub(crate) fn truncate(&mut self, len: usize) {
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
    pub(crate) fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len);
        all.extend(self);
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
