//! The streaming pipeline: a reader thread splits files into chunks and hands them over in
//! numbered batches; one worker per core takes batches and parses and evaluates them;
//! results are committed per file, in input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use groundcrew_controls::{Check, InventoryReport};
use groundcrew_findings::Finding;
use groundcrew_inventory::{
    Inventory, Object, RecordId, RecordSet, Rejected, Segmented, Source, objects_from_document,
};
use groundcrew_yaml::split::{Chunk, ChunkKind, SplitError, SplitSummary, split_json, split_yaml};
use groundcrew_yaml::{
    Limits, LoadError, Node, Pos, Value, is_blank_json, parse_json, parse_yaml_document,
};
use rayon::prelude::*;

use crate::evaluate::{BatchObjects, BatchResults, ObjectChecks, evaluate};
use crate::{
    ControlRun, InputError, InputFile, InputFormat, InputSummary, Phases, ScanOptions, ScanOutput,
    Skipped,
};

/// Text bytes per batch handed to the parallel stage.
const BATCH_BYTES: usize = 1 << 18;

/// One step of the stream the reader hands over, in input order.
enum Item {
    Chunk {
        file: usize,
        chunk: Chunk,
    },
    FileDone {
        file: usize,
        result: Result<SplitSummary, SplitError>,
    },
}

/// An item once parsed and evaluated: what the commit needs of it (not the text).
enum Done {
    Chunk {
        file: usize,
        outcome: ChunkOutcome,
    },
    FileDone {
        file: usize,
        result: Result<SplitSummary, SplitError>,
    },
}

/// Items are handed over in batches of about [`BATCH_BYTES`] of text; a batch may span
/// files, so that many small files keep both cores as busy as one large file does.
struct Batcher<'t> {
    tx: &'t SyncSender<Batch>,
    items: Vec<Item>,
    bytes: usize,
    seq: usize,
}

impl Batcher<'_> {
    fn push(&mut self, item: Item) {
        if let Item::Chunk { chunk, .. } = &item {
            self.bytes += chunk.text.len();
        }
        self.items.push(item);
        if self.bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.items.is_empty() {
            self.bytes = 0;
            let items = std::mem::take(&mut self.items);
            let _ = self.tx.send(Batch {
                seq: self.seq,
                items,
            });
            self.seq += 1;
        }
    }
}

/// What one chunk produced.
enum ChunkOutcome {
    /// Comments or markers only: not a document.
    Empty,
    Error(LoadError),
    /// `objects` evaluated objects, their results added to the batch's [`BatchResults`];
    /// the documents or items not taken as objects (skipped, or input errors).
    Objects {
        objects: usize,
        rejected: Vec<Rejected>,
        /// The index in a `*List` whose items were read one by one.
        item: Option<u32>,
    },
    /// The rest of a YAML document streamed item by item: whether it was a `*List`.
    ListWrapper {
        is_list: bool,
    },
}

pub(crate) fn run(options: &ScanOptions) -> ScanOutput {
    let started = Instant::now();
    let files = &options.inputs;
    let workers = rayon::current_num_threads().max(1);
    let (tx, rx) = sync_channel::<Batch>(workers);
    // Every worker holds the receiver: when the last one stops, the reader's sends fail.
    let rx = Arc::new(Mutex::new(rx));
    let (done_tx, done_rx) = sync_channel::<Parsed>(workers * 2);
    let state = std::thread::scope(|scope| {
        scope.spawn(move || read_files(files, &tx));
        // Each worker takes whole batches, so no core waits for another at a batch's end.
        for _ in 0..workers {
            let rx = Arc::clone(&rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || parse_batches(&rx, &done_tx, options));
        }
        drop(rx);
        drop(done_tx);
        // Batches finish out of order; they are committed in input order.
        let mut state = Committed::new(options.controls.len());
        let mut current = None;
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for parsed in done_rx {
            waiting.insert(parsed.seq, parsed);
            while let Some(parsed) = waiting.remove(&next) {
                state.commit_batch(parsed.done, parsed.results, &mut current, options);
                next += 1;
            }
        }
        state
    });
    let mut phases = Phases::default();
    phases.done("read, parse and per-object controls", started);
    state.finish(options, phases)
}

/// A batch of items in input order, numbered.
struct Batch {
    seq: usize,
    items: Vec<Item>,
}

/// What a worker made of a batch.
struct Parsed {
    seq: usize,
    done: Vec<Done>,
    /// The results of the batch's objects, in order.
    results: BatchResults,
}

/// A worker: parses and evaluates batches until the reader is done.
fn parse_batches(rx: &Mutex<Receiver<Batch>>, done_tx: &SyncSender<Parsed>, options: &ScanOptions) {
    let files = &options.inputs;
    let mut checks = ObjectChecks::new(&options.controls, &options.control_inputs);
    loop {
        let received = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(Batch { seq, items }) = received else {
            return;
        };
        let mut results = BatchResults::default();
        // Each chunk's text is freed as soon as it is evaluated.
        let done = items
            .into_iter()
            .map(|item| match item {
                Item::Chunk { file, chunk } => {
                    // This thread's copy of the file's name (every record and finding
                    // holds it): clones of one copy on both cores would move its count
                    // between them.
                    let name = groundcrew_inventory::intern(&files[file].display);
                    Done::Chunk {
                        file,
                        outcome: process_chunk(&chunk, &name, options, &mut checks, &mut results),
                    }
                }
                Item::FileDone { file, result } => Done::FileDone { file, result },
            })
            .collect();
        if done_tx.send(Parsed { seq, done, results }).is_err() {
            return;
        }
    }
}

fn read_files(files: &[InputFile], tx: &SyncSender<Batch>) {
    let mut batcher = Batcher {
        tx,
        items: Vec::new(),
        bytes: 0,
        seq: 0,
    };
    for (file, input) in files.iter().enumerate() {
        let result = split_file(input, true, &mut |chunk| {
            batcher.push(Item::Chunk { file, chunk })
        });
        batcher.push(Item::FileDone { file, result });
    }
    batcher.flush();
}

fn split_file(
    input: &InputFile,
    stream_lists: bool,
    emit: &mut dyn FnMut(Chunk),
) -> Result<SplitSummary, SplitError> {
    if input.stdin {
        // Streamed like a file (a large dump piped in is never held whole): the text read
        // to tell JSON from YAML is read again in front of the rest.
        let mut stdin = std::io::stdin().lock();
        let mut head = Vec::new();
        let first = loop {
            let mut block = [0u8; 1 << 12];
            let n = match stdin.read(&mut block) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if n == 0 {
                break None;
            }
            head.extend_from_slice(&block[..n]);
            if let Some(b) = block[..n]
                .iter()
                .copied()
                .find(|b| !(b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF))
            {
                break Some(b);
            }
        };
        let json = match input.format {
            InputFormat::Json => true,
            InputFormat::Yaml => false,
            InputFormat::Sniff => first.is_some_and(|b| b == b'{' || b == b'['),
        };
        let reader = BufReader::with_capacity(1 << 16, std::io::Cursor::new(head).chain(stdin));
        return if json {
            split_json(reader, emit)
        } else {
            split_yaml(reader, stream_lists, emit)
        };
    }
    let file = File::open(&*input.display)?;
    let reader = BufReader::with_capacity(1 << 16, file);
    match input.format {
        InputFormat::Json => split_json(reader, emit),
        _ => split_yaml(reader, stream_lists, emit),
    }
}

fn parse_chunk(chunk: &Chunk, limits: &Limits) -> Result<Option<Node>, LoadError> {
    match chunk.kind {
        ChunkKind::YamlDocument | ChunkKind::YamlListItem(_) | ChunkKind::YamlListWrapper => {
            parse_yaml_document(&chunk.text, chunk.start.line, limits)
        }
        ChunkKind::JsonDocument | ChunkKind::JsonListItem(_) => {
            if is_blank_json(&chunk.text) {
                return Ok(None);
            }
            parse_json(&chunk.text, chunk.start, limits).map(Some)
        }
    }
}

/// Parses and evaluates one chunk; its objects' results are added to `results`.
fn process_chunk(
    chunk: &Chunk,
    file: &Arc<str>,
    options: &ScanOptions,
    checks: &mut ObjectChecks,
    results: &mut BatchResults,
) -> ChunkOutcome {
    let root = match parse_chunk(chunk, &options.limits) {
        // An empty document (`---` with nothing, or only comments, after it: what Helm
        // renders for a template that produced nothing) holds nothing to check; kubectl
        // skips it too. It is neither counted nor warned about.
        Ok(Some(root))
            if matches!(root.value, Value::Null) && chunk.kind == ChunkKind::YamlDocument =>
        {
            return ChunkOutcome::Empty;
        }
        Ok(Some(root)) => root,
        Ok(None) => return ChunkOutcome::Empty,
        Err(e) => return ChunkOutcome::Error(e),
    };
    let (objects, rejected, item) = match chunk.kind {
        ChunkKind::YamlListWrapper => {
            let is_list = root
                .get("kind")
                .and_then(Node::as_str)
                .is_some_and(|k| k.ends_with("List"));
            return ChunkOutcome::ListWrapper { is_list };
        }
        ChunkKind::JsonListItem(i) | ChunkKind::YamlListItem(i) => {
            let source = Source {
                file: file.clone(),
                document: 0,
                item: Some(i as u32),
                pos: root.pos,
            };
            match Object::from_root(root, Some(source)) {
                Ok(o) => (vec![o], Vec::new(), Some(i as u32)),
                Err(e) => (Vec::new(), vec![e], Some(i as u32)),
            }
        }
        _ => {
            let (o, s) = objects_from_document(root, file, 0);
            (o, s, None)
        }
    };
    for o in &objects {
        evaluate(
            o,
            checks,
            &options.control_inputs,
            options.addresses,
            results,
        );
    }
    ChunkOutcome::Objects {
        objects: objects.len(),
        rejected,
        item,
    }
}

/// Where a file's results start, to roll them back when the file turns out to be a
/// template (or a JSON object that is not a `*List` after all).
#[derive(Default, Clone, Copy)]
struct FileMark {
    records: usize,
    findings: usize,
    errors: usize,
    skipped: usize,
    documents: usize,
    objects: usize,
}

/// Results committed so far, in input order.
struct Committed {
    inputs: InputSummary,
    records: Segmented<groundcrew_inventory::ObjectRecord>,
    /// With each finding's control rank (its index in the selection).
    findings: Segmented<Ranked>,
    /// Per selected control, the records it applied to.
    relevant: Vec<RecordSet>,
    /// The current file: where its results start, its next document index, whether a
    /// document failed to load.
    mark: FileMark,
    document: u32,
    had_error: bool,
    /// A streamed YAML document turned out not to be a `*List`: read the file again whole.
    reread: bool,
}

const TEMPLATE_REASON: &str =
    "Helm/Go template: render it first (helm template, kustomize build) and scan the output";

impl Committed {
    fn new(controls: usize) -> Self {
        Committed {
            inputs: InputSummary::default(),
            records: Segmented::default(),
            findings: Segmented::default(),
            relevant: vec![RecordSet::default(); controls],
            mark: FileMark::default(),
            document: 0,
            had_error: false,
            reread: false,
        }
    }

    fn error(&mut self, file: &Arc<str>, pos: Pos, message: String) {
        self.inputs.errors.push(InputError {
            file: file.clone(),
            line: pos.line,
            column: pos.col,
            message,
        });
    }

    fn start_file(&mut self) {
        self.mark = FileMark {
            records: self.records.len(),
            findings: self.findings.len(),
            errors: self.inputs.errors.len(),
            skipped: self.inputs.skipped.len(),
            documents: self.inputs.documents,
            objects: self.inputs.objects,
        };
        self.document = 0;
        self.had_error = false;
        self.reread = false;
    }

    /// Drops everything the current file committed.
    fn roll_back_file(&mut self) {
        let m = self.mark;
        self.records.truncate(m.records);
        self.findings.truncate(m.findings);
        self.inputs.errors.truncate(m.errors);
        self.inputs.skipped.truncate(m.skipped);
        self.inputs.documents = m.documents;
        self.inputs.objects = m.objects;
        let first = m.records as RecordId;
        for set in &mut self.relevant {
            set.remove_from(first);
        }
        self.document = 0;
        self.had_error = false;
        self.reread = false;
    }

    /// Commits a parsed batch in input order; `current` is the file being committed.
    fn commit_batch(
        &mut self,
        batch: Vec<Done>,
        results: BatchResults,
        current: &mut Option<usize>,
        options: &ScanOptions,
    ) {
        let files = &options.inputs;
        let mut results = results.into_objects();
        for item in batch {
            let file = match &item {
                Done::Chunk { file, .. } | Done::FileDone { file, .. } => *file,
            };
            if *current != Some(file) {
                self.start_file();
                *current = Some(file);
            }
            match item {
                Done::Chunk { outcome, .. } => {
                    self.commit(&files[file].display, outcome, &mut results);
                }
                Done::FileDone { result, .. } => {
                    self.finish_file(&files[file], result, options);
                    *current = None;
                }
            }
        }
    }

    /// Commits one chunk's outcome of the current file, taking its objects' results out of
    /// `results`.
    fn commit(&mut self, file: &Arc<str>, outcome: ChunkOutcome, results: &mut BatchObjects) {
        match outcome {
            ChunkOutcome::Empty => {}
            ChunkOutcome::Error(e) => {
                self.inputs.documents += 1;
                self.document += 1;
                self.had_error = true;
                self.error(file, e.pos, e.message);
            }
            ChunkOutcome::ListWrapper { is_list } => {
                // Its items came before it; the document is complete.
                self.document += 1;
                if !is_list {
                    self.reread = true;
                }
            }
            ChunkOutcome::Objects {
                objects,
                rejected,
                item,
            } => {
                // A list item belongs to the document still open; its first item counts it.
                if item.is_none() || item == Some(0) {
                    self.inputs.documents += 1;
                }
                let doc = self.document;
                if item.is_none() {
                    self.document += 1;
                }
                for r in rejected {
                    match r {
                        Rejected::NotAnObject(s) => self.inputs.skipped.push(Skipped {
                            file: file.clone(),
                            line: s.pos.line,
                            reason: format!("not a Kubernetes object: {}", s.reason),
                        }),
                        Rejected::Invalid(e) => {
                            self.had_error = true;
                            self.error(file, e.pos, e.message);
                        }
                    }
                }
                for _ in 0..objects {
                    // The worker counted the objects it added: each is there.
                    let Some(mut e) = results.next_object() else {
                        break;
                    };
                    if let Some(src) = e.record.source.as_mut() {
                        src.document = doc;
                    }
                    let id = self.records.len() as RecordId;
                    self.inputs.objects += 1;
                    self.records.push(e.record);
                    for (f, rank) in e.findings {
                        self.findings.push(Ranked {
                            record: id,
                            rank,
                            finding: f,
                        });
                    }
                    for control in e.relevant {
                        self.relevant[control as usize].insert(id);
                    }
                }
            }
        }
    }

    /// Replaces the file's results with those of reading it again without splitting lists.
    /// `what` is the document that turned out not to be a `*List`. Stdin, already consumed,
    /// cannot be read again: that is an input error, never a silent pass.
    fn read_again_whole(&mut self, input: &InputFile, options: &ScanOptions, what: &str) {
        self.roll_back_file();
        if input.stdin {
            self.error(
                &input.display,
                Pos::new(1, 1),
                format!("{what} but no *List kind cannot be read from stdin; pass it as a file"),
            );
            return;
        }
        match reread_whole(input, options) {
            Ok(outcomes) => {
                for (outcome, results) in outcomes {
                    self.commit(&input.display, outcome, &mut results.into_objects());
                }
            }
            Err(e) => self.error(&input.display, Pos::new(0, 0), format!("cannot read: {e}")),
        }
    }

    /// Decides, now that the whole file has been read, whether its results stand.
    fn finish_file(
        &mut self,
        input: &InputFile,
        result: Result<SplitSummary, SplitError>,
        options: &ScanOptions,
    ) {
        let file = &input.display;
        self.inputs.files += 1;
        let summary = match result {
            Ok(s) => s,
            Err(e) => {
                self.roll_back_file();
                match e {
                    SplitError::Utf8 { pos } => {
                        self.error(file, pos, "input is not valid UTF-8".into());
                    }
                    SplitError::Io(e) => {
                        self.error(file, Pos::new(0, 0), format!("cannot read: {e}"));
                    }
                }
                return;
            }
        };
        if summary.has_template_actions || (summary.has_template_markers && self.had_error) {
            self.roll_back_file();
            if options.strict {
                self.error(
                    file,
                    Pos::new(1, 1),
                    format!("{TEMPLATE_REASON} (--strict)"),
                );
            } else {
                self.inputs.skipped.push(Skipped {
                    file: file.clone(),
                    line: 1,
                    reason: TEMPLATE_REASON.into(),
                });
            }
            return;
        }
        if self.reread {
            // A large YAML document with top-level items was not a List after all.
            let what = format!(
                "a YAML document larger than {} MiB with a top-level items list",
                groundcrew_yaml::split::LIST_STREAM_BYTES >> 20
            );
            self.read_again_whole(input, options, &what);
            return;
        }
        let Some(wrapper) = &summary.json_wrapper else {
            return;
        };
        match parse_json(wrapper, Pos::new(1, 1), &options.limits) {
            Ok(w)
                if w.get("kind")
                    .and_then(Node::as_str)
                    .is_some_and(|k| k.ends_with("List")) => {}
            Ok(_) => {
                // Not a List after all: an object with a top-level `items` array.
                let what = "a JSON object with a top-level items array";
                self.read_again_whole(input, options, what);
            }
            Err(e) => {
                self.roll_back_file();
                self.error(file, e.pos, e.message);
            }
        }
    }

    fn finish(self, options: &ScanOptions, mut phases: Phases) -> ScanOutput {
        let started = Instant::now();
        let Committed {
            inputs,
            records,
            findings: object_findings,
            relevant,
            ..
        } = self;
        let inventory = Inventory::from_segmented(records);
        let started = phases.done("inventory indexes", started);
        let mut controls: Vec<ControlRun> = options
            .controls
            .iter()
            .zip(relevant)
            .map(|(c, relevant)| ControlRun {
                control: c,
                relevant,
                not_evaluated: c.missing_input(&options.control_inputs),
            })
            .collect();
        // The RBAC and network models are built once (side by side), when a control that
        // reads them is selected or attack paths are asked for; the controls that read only
        // the inventory run beside them, so that no core waits for the slower model.
        let selected = |is: fn(&Check) -> bool| {
            controls
                .iter()
                .any(|r| is(&r.control.check) && r.not_evaluated.is_none())
        };
        let want_rbac = options.attack_paths || selected(|c| matches!(c, Check::Rbac(_)));
        let want_network = options.attack_paths || selected(|c| matches!(c, Check::Network(_)));
        let ((rbac, network), mut produced) = rayon::join(
            || {
                rayon::join(
                    || {
                        want_rbac.then(|| {
                            groundcrew_rbac::Analysis::new(
                                &inventory,
                                options.control_inputs.rbac_include_defaults,
                            )
                        })
                    },
                    || want_network.then(|| groundcrew_netpol::Network::new(&inventory)),
                )
            },
            || run_cross_object(&mut controls, &inventory, Pass::InventoryOnly, options),
        );
        let attack = || match (&network, &rbac) {
            (Some(net), Some(rbac)) if options.attack_paths => {
                Some(crate::attack::analyse(net, rbac, &options.control_inputs))
            }
            _ => None,
        };
        let started = phases.done(
            "RBAC and network models (inventory-only controls beside them)",
            started,
        );
        // The controls that read the models, beside the attack paths, which read them too.
        let (from_models, attack_paths) = rayon::join(
            || {
                let models = Pass::Models {
                    rbac: rbac.as_ref(),
                    network: network.as_ref(),
                };
                run_cross_object(&mut controls, &inventory, models, options)
            },
            attack,
        );
        // Each control ran in one of the two passes: the other gave it nothing.
        for (findings, more) in produced.iter_mut().zip(from_models) {
            findings.extend(more);
        }
        let started = phases.done("model-reading controls (and attack paths)", started);
        // The models are freed beside the merge, which does not need them.
        let ((), (findings, finding_records)) = rayon::join(
            move || drop((rbac, network)),
            || merge_findings(object_findings, produced),
        );
        phases.done("findings in report order", started);
        ScanOutput {
            inputs,
            inventory,
            findings,
            finding_records,
            controls,
            attack_paths,
            phases,
        }
    }
}

/// A finding with its object's record and its control's rank (index in the selection),
/// both known where it is made: the report's order, without looking anything up.
struct Ranked {
    record: RecordId,
    rank: u16,
    finding: Finding,
}

impl Ranked {
    /// The finding's place in report order, before its produced order.
    fn key(&self) -> (RecordId, u16) {
        (self.record, self.rank)
    }
}

/// Which of the cross-object controls a pass runs.
#[derive(Clone, Copy)]
enum Pass<'m, 'i> {
    /// Those that read only the inventory (run while the models are built).
    InventoryOnly,
    /// Those that read the RBAC or network model; a model is `None` when it was not built,
    /// and its controls are then not run.
    Models {
        rbac: Option<&'m groundcrew_rbac::Analysis<'i>>,
        network: Option<&'m groundcrew_netpol::Network<'i>>,
    },
}

/// Runs the selected cross-object controls of one pass, each on its own, in parallel. One
/// list of findings per selected control, in selection order (empty for the controls the
/// pass does not run).
fn run_cross_object(
    controls: &mut [ControlRun],
    inventory: &Inventory,
    pass: Pass<'_, '_>,
    options: &ScanOptions,
) -> Vec<Vec<(RecordId, Finding)>> {
    controls
        .par_iter_mut()
        // One control per task: a few take tens of milliseconds, and a core left with none
        // while the other works through a run of them is wall time lost.
        .with_max_len(1)
        .map(|run| {
            let mut produced = Vec::new();
            if run.not_evaluated.is_some() {
                return produced;
            }
            let mut report = InventoryReport::new(&run.control.meta, &mut produced);
            let inputs = &options.control_inputs;
            match (run.control.check, pass) {
                (Check::Inventory(check), Pass::InventoryOnly) => {
                    check(inventory, inputs, &mut report);
                }
                (
                    Check::Rbac(check),
                    Pass::Models {
                        rbac: Some(rbac), ..
                    },
                ) => check(rbac, inputs, &mut report),
                (
                    Check::Network(check),
                    Pass::Models {
                        network: Some(network),
                        ..
                    },
                ) => check(network, inputs, &mut report),
                _ => return produced,
            }
            run.relevant = report.take_relevant().into_iter().collect();
            produced
        })
        .collect()
}

/// Findings in report order and, beside them, the record of each.
struct InOrder {
    findings: Segmented<Finding>,
    records: Vec<RecordId>,
}

impl InOrder {
    fn with_capacity(n: usize) -> Self {
        InOrder {
            findings: Segmented::default(),
            records: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, ranked: Ranked) {
        self.records.push(ranked.record);
        self.findings.push(ranked.finding);
    }
}

/// All findings in report order — by record, then by control in selection order, otherwise
/// as produced. Object-check findings arrive in that order already: the few cross-object
/// ones (`produced`, one list per selected control, in selection order) are sorted and
/// merged in, so the many are only moved once, segment by segment (each freed once moved).
/// Should the object-check findings ever come out of order, all are sorted (stably).
/// Returns the findings and, beside them, the record of each: the report reads them as they
/// are, without moving them again.
fn merge_findings(
    object: Segmented<Ranked>,
    produced: Vec<Vec<(RecordId, Finding)>>,
) -> (Segmented<Finding>, Vec<RecordId>) {
    let mut cross = Vec::with_capacity(produced.iter().map(Vec::len).sum());
    for (rank, findings) in produced.into_iter().enumerate() {
        let rank = u16::try_from(rank).unwrap_or(u16::MAX);
        cross.extend(findings.into_iter().map(|(record, finding)| Ranked {
            record,
            rank,
            finding,
        }));
    }
    // Stable: findings of one record and control keep their produced order.
    cross.sort_by_key(Ranked::key);
    if !object.iter().map(Ranked::key).is_sorted() {
        // Object-check findings first, then cross-object ones, on equal keys.
        let mut all = object.into_vec();
        all.extend(cross);
        all.sort_by_key(Ranked::key);
        let mut in_order = InOrder::with_capacity(all.len());
        all.into_iter().for_each(|f| in_order.push(f));
        return (in_order.findings, in_order.records);
    }
    let mut all = InOrder::with_capacity(object.len() + cross.len());
    let mut cross = cross.into_iter().peekable();
    for finding in object {
        let key = finding.key();
        // Strictly before: on equal keys the object-check finding was produced first.
        while let Some(c) = cross.next_if(|c| c.key() < key) {
            all.push(c);
        }
        all.push(finding);
    }
    for c in cross {
        all.push(c);
    }
    (all.findings, all.records)
}

/// Reads a file again without splitting lists into items (files only: stdin is gone).
/// Each chunk's outcome comes with its objects' results.
fn reread_whole(
    input: &InputFile,
    options: &ScanOptions,
) -> Result<Vec<(ChunkOutcome, BatchResults)>, SplitError> {
    let new_checks = || ObjectChecks::new(&options.controls, &options.control_inputs);
    let run = |chunk: &Chunk, checks: &mut ObjectChecks| {
        let mut results = BatchResults::default();
        let outcome = process_chunk(chunk, &input.display, options, checks, &mut results);
        (outcome, results)
    };
    if input.format == InputFormat::Json {
        let text = std::fs::read_to_string(&*input.display)?;
        let chunk = Chunk {
            text,
            start: Pos::new(1, 1),
            kind: ChunkKind::JsonDocument,
        };
        return Ok(vec![run(&chunk, &mut new_checks())]);
    }
    let mut chunks = Vec::new();
    split_file(input, false, &mut |c| chunks.push(c))?;
    Ok(chunks
        .par_iter()
        .map_init(new_checks, |checks, c| run(c, checks))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use groundcrew_controls::CONTROLS;
    use groundcrew_findings::Finding;
    use groundcrew_inventory::{ObjectId, RecordId, Segmented};

    use super::{Ranked, merge_findings};

    /// A finding of the `control`-th selected control on `record`, told apart by `tag`.
    fn finding(record: RecordId, control: usize, tag: &str) -> (RecordId, Finding) {
        let id = ObjectId {
            api_version: "v1".into(),
            kind: "Pod".into(),
            namespace: None,
            name: Arc::from(format!("p{record}")),
        };
        let meta = &CONTROLS[control].meta;
        let f = Finding::new(meta, Arc::new(id), None, String::new(), tag.to_string());
        (record, f)
    }

    /// An object-check finding, as the commit keeps it.
    fn ranked(record: RecordId, control: usize, tag: &str) -> Ranked {
        let (record, finding) = finding(record, control, tag);
        Ranked {
            record,
            rank: control as u16,
            finding,
        }
    }

    /// The findings' messages in order, each with its record.
    fn order((findings, records): &(Segmented<Finding>, Vec<RecordId>)) -> Vec<String> {
        assert_eq!(findings.len(), records.len());
        findings
            .iter()
            .zip(records)
            .map(|(f, r)| {
                assert_eq!(f.resource.name.strip_prefix('p'), Some(&*r.to_string()));
                f.message.to_string()
            })
            .collect()
    }

    #[test]
    fn cross_object_findings_merge_by_record_then_control() {
        let object: Segmented<_> = [
            ranked(0, 0, "o0a"),
            ranked(0, 0, "o0b"),
            ranked(1, 1, "o1"),
            ranked(3, 0, "o3"),
        ]
        .into_iter()
        .collect();
        // Produced per control (in selection order), records in any order; equal keys
        // keep their order.
        let produced = vec![
            vec![finding(2, 0, "c2"), finding(3, 0, "c3same")],
            vec![finding(0, 1, "c0")],
            vec![
                finding(3, 2, "c3"),
                finding(1, 2, "c1x"),
                finding(1, 2, "c1y"),
            ],
        ];
        let all = merge_findings(object, produced);
        assert_eq!(
            order(&all),
            [
                "o0a", "o0b", "c0", "o1", "c1x", "c1y", "c2", "o3", "c3same", "c3"
            ]
        );
    }

    #[test]
    fn object_findings_out_of_order_are_sorted_stably() {
        let object: Segmented<_> = [
            ranked(1, 0, "o1"),
            ranked(0, 2, "o0b"),
            ranked(0, 1, "o0a"),
            ranked(0, 2, "o0c"),
        ]
        .into_iter()
        .collect();
        let all = merge_findings(object, vec![vec![], vec![finding(0, 1, "c0")]]);
        assert_eq!(order(&all), ["o0a", "c0", "o0b", "o0c", "o1"]);
    }
}
