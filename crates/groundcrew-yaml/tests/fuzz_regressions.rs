//! Replays every saved fuzzing input (and hand-made hostile inputs) through the splitters and
//! parsers, as the scanner reads files: none may panic, none may run away.
//! New crashers found by `cargo +nightly fuzz run loader` go into `tests/fuzz-regressions/`.

#![allow(clippy::unwrap_used)]

use groundcrew_yaml::split::{split_json, split_yaml};
use groundcrew_yaml::{Limits, Pos, parse_json, parse_yaml_document};

#[test]
fn saved_inputs_do_not_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let limits = Limits::default();
        let _ = split_yaml(&data[..], true, |c| {
            let _ = parse_yaml_document(&c.text, c.start.line, &limits);
        });
        let _ = split_json(&data[..], |c| {
            let _ = parse_json(&c.text, c.start, &limits);
        });
        if let Ok(text) = std::str::from_utf8(&data) {
            let _ = parse_json(text, Pos::new(1, 1), &limits);
            let _ = parse_yaml_document(text, 1, &limits);
        }
        n += 1;
    }
    assert!(n >= 5);
}
