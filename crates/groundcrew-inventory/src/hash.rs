//! The hasher of the inventory's string-keyed indexes and interner: foldhash with a fixed
//! seed — fast on short strings (it reads eight bytes at a time) and the same from run to
//! run, so that nothing derived from an index's order can change between runs. Keys are
//! not attacker-chosen in a way that matters for a batch scan.

pub type FastBuild = foldhash::fast::FixedState;
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;
pub type FastSet<K> = std::collections::HashSet<K, FastBuild>;
