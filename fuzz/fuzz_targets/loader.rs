#![no_main]
//! Feeds arbitrary bytes through the splitters and both parsers, as the scanner does.

use groundcrew_yaml::split::{split_json, split_yaml};
use groundcrew_yaml::{Limits, Pos, parse_json, parse_yaml_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_depth: 64,
        max_nodes: 100_000,
    };
    let _ = split_yaml(data, true, |chunk| {
        let _ = parse_yaml_document(&chunk.text, chunk.start.line, &limits);
    });
    let _ = split_json(data, |chunk| {
        let _ = parse_json(&chunk.text, chunk.start, &limits);
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_json(text, Pos::new(1, 1), &limits);
    }
});
