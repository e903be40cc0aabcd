//! Sets of (protocol, port): per protocol, sorted disjoint inclusive ranges.

use std::fmt;

use groundcrew_inventory::Protocol;
use smallvec::{SmallVec, smallvec};

/// A protocol's ranges. Most sets hold one to a few per protocol (every port, one port, a
/// handful): held inline, a set is made and freed without allocating — reachability makes
/// one per pair of workloads.
type Ranges = SmallVec<[(u16, u16); 4]>;

const PROTOCOLS: [Protocol; 3] = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp];

fn slot(p: Protocol) -> usize {
    match p {
        Protocol::Tcp => 0,
        Protocol::Udp => 1,
        Protocol::Sctp => 2,
    }
}

/// A set of connections: for TCP, UDP and SCTP, the ports (1–65535) allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PortSet {
    ranges: [Ranges; 3],
}

/// The union of two protocols' range lists (each sorted, disjoint and apart), in one pass.
fn merged(x: &[(u16, u16)], y: &[(u16, u16)]) -> Ranges {
    let mut out = Ranges::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() || j < y.len() {
        let next = if j == y.len() || (i < x.len() && x[i].0 <= y[j].0) {
            i += 1;
            x[i - 1]
        } else {
            j += 1;
            y[j - 1]
        };
        match out.last_mut() {
            Some((_, end)) if u32::from(next.0) <= u32::from(*end) + 1 => {
                *end = (*end).max(next.1);
            }
            _ => out.push(next),
        }
    }
    out
}

impl PortSet {
    pub fn empty() -> Self {
        PortSet::default()
    }

    /// Every port of every protocol.
    pub fn all() -> Self {
        let full: Ranges = smallvec![(1, u16::MAX)];
        PortSet {
            ranges: [full.clone(), full.clone(), full],
        }
    }

    /// Every port of one protocol.
    pub fn all_of(protocol: Protocol) -> Self {
        let mut s = PortSet::empty();
        s.add(protocol, 1, u16::MAX);
        s
    }

    pub fn single(protocol: Protocol, first: u16, last: u16) -> Self {
        let mut s = PortSet::empty();
        s.add(protocol, first, last);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.iter().all(SmallVec::is_empty)
    }

    pub fn is_all(&self) -> bool {
        self.ranges.iter().all(|r| r.as_slice() == [(1, u16::MAX)])
    }

    /// Adds `first..=last` of `protocol`, merging ranges. The ranges of a protocol stay
    /// sorted, disjoint and apart (no two adjacent), so the ones this range touches are
    /// found by binary search and merged in place.
    pub fn add(&mut self, protocol: Protocol, first: u16, last: u16) {
        if first > last || last == 0 {
            return;
        }
        let first = first.max(1);
        let r = &mut self.ranges[slot(protocol)];
        // The first range that ends at or after the port before `first`, and the first that
        // starts after the port after `last`: those between touch the new range.
        let lo = r.partition_point(|&(_, b)| u32::from(b) + 1 < u32::from(first));
        let hi = r.partition_point(|&(a, _)| u32::from(a) <= u32::from(last) + 1);
        if lo == hi {
            r.insert(lo, (first, last));
            return;
        }
        r[lo] = (r[lo].0.min(first), r[hi - 1].1.max(last));
        r.drain(lo + 1..hi);
    }

    pub fn union_with(&mut self, other: &PortSet) {
        for p in PROTOCOLS {
            let (mine, theirs) = (&self.ranges[slot(p)], &other.ranges[slot(p)]);
            match theirs.as_slice() {
                [] => {}
                [(a, b)] => self.add(p, *a, *b),
                _ if mine.is_empty() => self.ranges[slot(p)] = theirs.clone(),
                _ => self.ranges[slot(p)] = merged(mine, theirs),
            }
        }
    }

    pub fn intersect(&self, other: &PortSet) -> PortSet {
        let mut out = PortSet::empty();
        for p in PROTOCOLS {
            let (x, y) = (&self.ranges[slot(p)], &other.ranges[slot(p)]);
            let (mut i, mut j) = (0, 0);
            while i < x.len() && j < y.len() {
                let lo = x[i].0.max(y[j].0);
                let hi = x[i].1.min(y[j].1);
                if lo <= hi {
                    out.ranges[slot(p)].push((lo, hi));
                }
                if x[i].1 < y[j].1 {
                    i += 1;
                } else {
                    j += 1;
                }
            }
        }
        out
    }

    /// The ports of `self` that are not in `other`.
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let mut out = PortSet::empty();
        for p in PROTOCOLS {
            for &(a, b) in &self.ranges[slot(p)] {
                let mut start = u32::from(a);
                let end = u32::from(b);
                for &(x, y) in &other.ranges[slot(p)] {
                    let (x, y) = (u32::from(x), u32::from(y));
                    if y < start || x > end {
                        continue;
                    }
                    if x > start {
                        out.ranges[slot(p)].push((start as u16, (x - 1) as u16));
                    }
                    start = start.max(y + 1);
                }
                if start <= end {
                    out.ranges[slot(p)].push((start as u16, end as u16));
                }
            }
        }
        out
    }

    pub fn contains(&self, protocol: Protocol, port: u16) -> bool {
        self.ranges[slot(protocol)]
            .iter()
            .any(|&(a, b)| a <= port && port <= b)
    }
}

/// `All Connections`, or the allowed sets as `TCP 80,8080-8090,UDP 53` (protocols in the
/// order TCP, UDP, SCTP; ports ascending, ranges merged); `No Connections` when empty.
impl fmt::Display for PortSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_all() {
            return f.write_str("All Connections");
        }
        if self.is_empty() {
            return f.write_str("No Connections");
        }
        let mut first = true;
        for p in PROTOCOLS {
            let r = &self.ranges[slot(p)];
            if r.is_empty() {
                continue;
            }
            if !first {
                f.write_str(",")?;
            }
            first = false;
            write!(f, "{} ", p.as_str())?;
            for (i, &(a, b)) in r.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                if a == b {
                    write!(f, "{a}")?;
                } else {
                    write!(f, "{a}-{b}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_and_display() {
        let mut s = PortSet::empty();
        s.add(Protocol::Tcp, 8080, 8090);
        s.add(Protocol::Tcp, 80, 80);
        s.add(Protocol::Tcp, 8091, 8095);
        s.add(Protocol::Udp, 53, 53);
        assert_eq!(s.to_string(), "TCP 80,8080-8095,UDP 53");
        assert_eq!(PortSet::all().to_string(), "All Connections");
        let t = PortSet::single(Protocol::Tcp, 8085, 9000);
        assert_eq!(s.intersect(&t).to_string(), "TCP 8085-8095");
        assert!(s.intersect(&PortSet::all_of(Protocol::Sctp)).is_empty());
        let mut u = PortSet::all_of(Protocol::Tcp);
        u.union_with(&PortSet::all_of(Protocol::Udp));
        u.union_with(&PortSet::all_of(Protocol::Sctp));
        assert!(u.is_all());
        let all_tcp = PortSet::all_of(Protocol::Tcp);
        let hole = PortSet::single(Protocol::Tcp, 80, 90);
        assert_eq!(all_tcp.difference(&hole).to_string(), "TCP 1-79,91-65535");
        assert!(hole.difference(&all_tcp).is_empty());
    }

    /// A set is three inline range lists, no larger than three vectors were: reachability
    /// and the attack graph hold one per pair of workloads they keep.
    #[test]
    fn a_set_stays_small() {
        assert_eq!(std::mem::size_of::<PortSet>(), 72);
        let mut few = PortSet::all();
        few.add(Protocol::Tcp, 1, 1);
        assert!(few.ranges.iter().all(|r| !r.spilled()));
    }

    /// The ranges a set of ports makes: maximal runs of present ports.
    fn runs(model: &[bool]) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        let mut port = 1;
        while port < model.len() {
            if model[port] {
                let start = port;
                while port + 1 < model.len() && model[port + 1] {
                    port += 1;
                }
                out.push((start as u16, port as u16));
            }
            port += 1;
        }
        out
    }

    /// `add` and `union_with` agree with a port-by-port model over many overlapping,
    /// adjacent, nested and disjoint ranges (near both ends of the port space too).
    #[test]
    fn adding_and_unions_agree_with_a_port_by_port_model() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: u32| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) as u32 % bound) as u16
        };
        let size = usize::from(u16::MAX) + 1;
        for _ in 0..300 {
            let mut set = PortSet::empty();
            let mut model = vec![false; size];
            for _ in 0..40 {
                let mut other = PortSet::empty();
                let mut other_model = vec![false; size];
                for _ in 0..(1 + next(4)) {
                    // Mostly small ports, so that ranges meet; sometimes the top end.
                    let base = if next(8) == 0 { u16::MAX - 60 } else { 0 };
                    let a = base + next(60);
                    let b = a.saturating_add(next(6));
                    other.add(Protocol::Tcp, a, b);
                    for p in a.max(1)..=b {
                        other_model[usize::from(p)] = true;
                    }
                }
                assert_eq!(other.ranges[0].as_slice(), runs(&other_model));
                set.union_with(&other);
                for (m, o) in model.iter_mut().zip(&other_model) {
                    *m |= *o;
                }
                assert_eq!(set.ranges[0].as_slice(), runs(&model));
            }
        }
    }
}
