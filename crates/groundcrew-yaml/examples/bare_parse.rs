//! The bare-parse baseline for benchmarks: split a file into documents (YAML) or list items
//! (JSON) on one thread and, on all cores, pull every event from the YAML parser (building
//! no tree) or run the JSON parser. Prints what it did and the elapsed time.
//!
//! `cargo run --release -p groundcrew-yaml --example bare_parse -- FILE [--split-only|--tree]`
//! (`--tree` builds the loader's trees instead: not the baseline, what building them costs)

use std::io::BufReader;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use groundcrew_yaml::split::{Chunk, ChunkKind, split_json, split_yaml};
use groundcrew_yaml::{Limits, parse_json};
use rayon::prelude::*;
use saphyr_parser::Parser;

/// The same allocator as the `groundcrew` binary, so the baseline is comparable.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn events(chunk: &Chunk, limits: &Limits, tree: bool) -> usize {
    match chunk.kind {
        ChunkKind::YamlDocument | ChunkKind::YamlListItem(_) | ChunkKind::YamlListWrapper
            if tree =>
        {
            groundcrew_yaml::parse_yaml_document(&chunk.text, chunk.start.line, limits)
                .ok()
                .flatten()
                .map_or(0, |node| node.count_nodes())
        }
        ChunkKind::YamlDocument | ChunkKind::YamlListItem(_) | ChunkKind::YamlListWrapper => {
            let mut n = 0;
            let mut p = Parser::new_from_str(&chunk.text);
            while let Some(Ok(_)) = p.next_event() {
                n += 1;
            }
            n
        }
        _ => parse_json(&chunk.text, chunk.start, limits).map_or(0, |node| node.count_nodes()),
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: bare_parse FILE [--split-only|--tree]");
        std::process::exit(2);
    };
    let split_only = args.iter().any(|a| a == "--split-only");
    // Not the baseline: the loader's whole tree built, to see what building it costs.
    let tree = args.iter().any(|a| a == "--tree");
    let json = path.ends_with(".json");
    let start = Instant::now();
    let (tx, rx) = sync_channel::<Vec<Chunk>>(4);
    let path2 = path.clone();
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        let mut files = vec![std::path::PathBuf::from(&path2)];
        if files[0].is_dir() {
            files = std::fs::read_dir(&path2)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            files.sort();
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        let mut emit = |c: Chunk| {
            bytes += c.text.len();
            batch.push(c);
            if bytes >= 1 << 21 {
                bytes = 0;
                let _ = tx.send(std::mem::take(&mut batch));
            }
        };
        for f in files {
            let file = BufReader::with_capacity(1 << 16, std::fs::File::open(&f)?);
            // Batches span files, as in the scanner.
            let r = if json {
                split_json(file, &mut emit).map(|_| ())
            } else {
                split_yaml(file, true, &mut emit).map(|_| ())
            };
            r.map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        let _ = tx.send(batch);
        Ok(())
    });
    let limits = Limits::default();
    let mut chunks = 0usize;
    let mut total = 0usize;
    for batch in rx {
        chunks += batch.len();
        if !split_only {
            total += batch
                .par_iter()
                .map(|c| events(c, &limits, tree))
                .sum::<usize>();
        }
    }
    reader
        .join()
        .map_err(|_| std::io::Error::other("reader panicked"))??;
    println!(
        "{} chunks, {} {} in {:.3} s",
        chunks,
        total,
        if json { "nodes" } else { "events" },
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
