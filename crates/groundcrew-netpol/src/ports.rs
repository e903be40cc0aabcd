//! Sets of (protocol, port): per protocol, sorted disjoint inclusive ranges.

use std::fmt;

use groundcrew_inventory::Protocol;

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
    ranges: [Vec<(u16, u16)>; 3],
}

impl PortSet {
    pub fn empty() -> Self {
        PortSet::default()
    }

    /// Every port of every protocol.
    pub fn all() -> Self {
        let full = vec![(1, u16::MAX)];
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
        self.ranges.iter().all(Vec::is_empty)
    }

    pub fn is_all(&self) -> bool {
        self.ranges.iter().all(|r| r.as_slice() == [(1, u16::MAX)])
    }

    /// Adds `first..=last` of `protocol`, merging ranges.
    pub fn add(&mut self, protocol: Protocol, first: u16, last: u16) {
        if first > last || last == 0 {
            return;
        }
        let first = first.max(1);
        let r = &mut self.ranges[slot(protocol)];
        r.push((first, last));
        r.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(r.len());
        for &(a, b) in r.iter() {
            match merged.last_mut() {
                Some((_, e)) if u32::from(a) <= u32::from(*e) + 1 => *e = (*e).max(b),
                _ => merged.push((a, b)),
            }
        }
        *r = merged;
    }

    pub fn union_with(&mut self, other: &PortSet) {
        for p in PROTOCOLS {
            for &(a, b) in &other.ranges[slot(p)] {
                self.add(p, a, b);
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
}
