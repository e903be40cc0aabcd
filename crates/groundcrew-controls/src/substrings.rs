//! Sets of substrings matched case-insensitively (ASCII) in one pass over a text: the
//! `sensitiveInterfaces` and `sensitiveWorkloads` patterns run against the name and the
//! image repositories of every workload, so each set is compiled once per analysis.

use aho_corasick::AhoCorasick;

pub struct Substrings<'p> {
    patterns: Vec<&'p str>,
    /// `None` without patterns (nothing matches) or when the set could not be compiled
    /// (far beyond any real configuration's size; then each pattern is tried in turn).
    automaton: Option<AhoCorasick>,
}

impl<'p> Substrings<'p> {
    pub fn new<S: AsRef<str>>(patterns: &'p [S]) -> Self {
        let patterns: Vec<&'p str> = patterns.iter().map(AsRef::as_ref).collect();
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
                .ok()
        };
        Substrings {
            patterns,
            automaton,
        }
    }

    /// The first pattern, in list order, that `text` contains.
    pub fn first_in(&self, text: &str) -> Option<usize> {
        match &self.automaton {
            Some(automaton) => automaton
                .find_overlapping_iter(text)
                .map(|m| m.pattern().as_usize())
                .min(),
            None => self
                .patterns
                .iter()
                .position(|p| contains_ignore_case(text, p)),
        }
    }

    /// The pattern at `index`.
    pub fn pattern(&self, index: usize) -> &'p str {
        self.patterns[index]
    }
}

/// Whether `haystack` contains `needle`, ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::{Substrings, contains_ignore_case};

    #[test]
    fn first_pattern_in_list_order_ignoring_ascii_case() {
        let patterns = ["dashboard", "kubernetes-dashboard", "jupyter"];
        let set = Substrings::new(&patterns);
        // Both the first and the second pattern occur: the first in list order wins, even
        // though the second starts earlier in the text.
        assert_eq!(set.first_in("Kubernetes-Dashboard"), Some(0));
        assert_eq!(set.first_in("my-JUPYTER-hub"), Some(2));
        assert_eq!(set.first_in("grafana"), None);
        assert_eq!(set.pattern(2), "jupyter");
        let none: [&str; 0] = [];
        assert_eq!(Substrings::new(&none).first_in("anything"), None);
        // An empty pattern is contained in every text, as `str::contains` has it.
        assert_eq!(Substrings::new(&["x", ""]).first_in("abc"), Some(1));
    }

    #[test]
    fn the_fallback_matches_the_same_way() {
        assert!(contains_ignore_case("Kubernetes-Dashboard", "dashboard"));
        assert!(contains_ignore_case("abc", ""));
        assert!(!contains_ignore_case("dash", "dashboard"));
        assert!(!contains_ignore_case("grafana", "jupyter"));
    }
}
