//! Output snapshots of every report format on the insecure example (insta). Review changes
//! with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn output(format: &str) -> String {
    let out = run(&["scan", "examples/insecure", "--format", format]);
    assert_eq!(code(&out), 1);
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn pretty_report() {
    insta::assert_snapshot!(output("pretty"));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(output("markdown"));
}

#[test]
fn junit_report() {
    insta::assert_snapshot!(output("junit"));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(output("json"));
}

#[test]
fn sarif_report() {
    insta::assert_snapshot!(output("sarif"));
}
