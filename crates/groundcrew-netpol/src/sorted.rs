//! Ordered lists combined without sorting them again.

use std::iter::Peekable;

/// The union of two ascending sequences, ascending, each value once: a linear merge (the
/// destinations of a source in a flat network are every workload; sorting them for each
/// source made listing all connections cost a logarithm more per connection).
pub fn union<T, A, B>(a: A, b: B) -> Union<A::IntoIter, B::IntoIter>
where
    T: Ord,
    A: IntoIterator<Item = T>,
    B: IntoIterator<Item = T>,
{
    Union {
        a: a.into_iter().peekable(),
        b: b.into_iter().peekable(),
    }
}

/// See [`union`].
pub struct Union<A: Iterator, B: Iterator> {
    a: Peekable<A>,
    b: Peekable<B>,
}

impl<T: Ord, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Union<A, B> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let order = match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, _) => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => self.a.next(),
            std::cmp::Ordering::Greater => self.b.next(),
            std::cmp::Ordering::Equal => {
                self.b.next();
                self.a.next()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::union;

    #[test]
    fn merges_in_order_each_value_once() {
        let u: Vec<u32> = union([1, 3, 5, 9], [2, 3, 4, 9, 11]).collect();
        assert_eq!(u, [1, 2, 3, 4, 5, 9, 11]);
        assert_eq!(union(Vec::<u32>::new(), [7, 8]).collect::<Vec<_>>(), [7, 8]);
        assert_eq!(union([7, 8], Vec::<u32>::new()).collect::<Vec<_>>(), [7, 8]);
        assert!(union(Vec::<u32>::new(), Vec::new()).next().is_none());
    }
}
