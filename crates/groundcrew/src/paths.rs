//! `groundcrew paths`: reads the inputs, builds the network model, the RBAC model and the
//! attack graph, and lists paths (or one workload's blast radius).

use std::io::Write;
use std::time::Instant;

use anyhow::{Result, anyhow};
use groundcrew_controls::{ControlInputs, Severity};
use groundcrew_inventory::Inventory;
use groundcrew_netpol::{Network, Reach};
use groundcrew_paths::{Classification, Graph, Listed, Start, Target, blast_radius, listed};
use groundcrew_report::render::paths as render;

use crate::cli::PathsArgs;
use crate::config::{Config, find_config, load_config};
use crate::load::load_scanned;
use crate::rbac::{check_format, json, timing};

/// The control inputs of the configuration file, if there is one.
pub fn control_inputs() -> Result<ControlInputs> {
    Ok(match find_config() {
        Some(path) => load_config(&path)?,
        None => Config::default(),
    }
    .inputs)
}

/// The models the attack graph reads, built once.
pub struct Models<'a> {
    pub net: Network<'a>,
    pub rbac: groundcrew_rbac::Analysis<'a>,
    pub class: Classification,
}

impl<'a> Models<'a> {
    pub fn new(inventory: &'a Inventory, inputs: &ControlInputs) -> Self {
        let net = Network::new(inventory);
        let rbac = groundcrew_rbac::Analysis::new(inventory, inputs.rbac_include_defaults);
        let class = groundcrew_engine::classify(&net, inputs);
        Models { net, rbac, class }
    }
}

fn starts(from: &[String]) -> Result<Vec<Start>> {
    if from.is_empty() {
        return Ok(vec![Start::Internet, Start::Cluster]);
    }
    from.iter()
        .map(|f| match f.as_str() {
            "internet" => Ok(Start::Internet),
            "cluster" => Ok(Start::Cluster),
            _ => Err(anyhow!("--from {f}: expected internet or cluster")),
        })
        .collect()
}

fn targets(to: &[String]) -> Result<Vec<Target>> {
    if to.is_empty() {
        return Ok(Target::ALL.to_vec());
    }
    to.iter()
        .map(|t| {
            Target::parse(t).ok_or_else(|| {
                anyhow!(
                    "--to {t}: expected cluster-admin, node, secrets, namespace-admin or sensitive"
                )
            })
        })
        .collect()
}

pub fn run(args: PathsArgs) -> Result<u8> {
    check_format(&args.format, &["pretty", "json", "mermaid", "dot"])?;
    let fail_on: Option<Severity> = args
        .fail_on
        .as_deref()
        .map(|s| s.parse().map_err(|e| anyhow!("--fail-on: {e}")))
        .transpose()?;
    let starts = starts(&args.from)?;
    let targets = targets(&args.to)?;
    let inputs = control_inputs()?;
    let started = Instant::now();
    let (output, failed) = load_scanned(&args.paths, &args.excludes)?;
    timing("load", started);
    let built = Instant::now();
    let models = Models::new(&output.inventory, &inputs);
    let reach = Reach::new(&models.net);
    let graph = Graph::build(&models.net, &reach, &models.rbac, &models.class);
    timing("graph", built);
    let mut stdout = std::io::stdout().lock();
    if args.workloads {
        check_format(&args.format, &["pretty", "json"])?;
        let stakes = groundcrew_paths::weighed(&graph, &starts, &targets, args.limit).stakes;
        let text = match args.format.as_str() {
            "json" => json(&stakes)?,
            _ => render::stakes_pretty(&stakes),
        };
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(if failed { 2 } else { 0 });
    }
    let searched = Instant::now();
    let mut reached_workloads: Option<Vec<String>> = None;
    let mut listing: Listed = match &args.blast_radius {
        Some(spec) => {
            let w = models.net.find(spec).map_err(|e| anyhow!(e))?;
            let (workloads, paths) = blast(&graph, w);
            reached_workloads = Some(workloads);
            Listed::of(paths, args.limit)
        }
        None => listed(&graph, &starts, &targets, args.limit),
    };
    timing("search", searched);
    // The scan's findings on each path's objects.
    let mut on_record: std::collections::HashMap<groundcrew_inventory::RecordId, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, r) in output.finding_records.iter().enumerate() {
        on_record.entry(*r).or_default().push(i);
    }
    for p in &mut listing.shown {
        let on: Vec<usize> = p
            .records
            .iter()
            .filter_map(|r| on_record.get(r))
            .flatten()
            .copied()
            .collect();
        p.findings = on.iter().map(|&i| output.findings[i].id()).collect();
        let mut controls: Vec<String> = on
            .iter()
            .map(|&i| output.findings[i].control.id.to_string())
            .collect();
        controls.sort();
        controls.dedup();
        p.finding_controls = controls;
    }
    let text = match args.format.as_str() {
        "json" => json(&render::PathsOut {
            paths: &listing.shown,
            total: listing.total(),
            omitted: render::omitted(&listing),
            workloads: reached_workloads.as_deref(),
        })?,
        "mermaid" => render::mermaid(&listing.shown),
        "dot" => render::dot(&listing.shown),
        _ => {
            let mut t = String::new();
            if let (Some(spec), Some(workloads)) = (&args.blast_radius, &reached_workloads) {
                let shown_names: Vec<&str> =
                    workloads.iter().take(10).map(String::as_str).collect();
                let more = if workloads.len() > 10 {
                    format!(" and {} more", workloads.len() - 10)
                } else {
                    String::new()
                };
                let names = if workloads.is_empty() {
                    String::new()
                } else {
                    format!(": {}{more}", shown_names.join(", "))
                };
                t.push_str(&format!(
                    "If {spec} is compromised, the attacker reaches {} other workload{}{names} and {} target{}:\n\n",
                    workloads.len(),
                    if workloads.len() == 1 { "" } else { "s" },
                    listing.total(),
                    if listing.total() == 1 { "" } else { "s" }
                ));
            }
            t.push_str(&render::pretty(&listing));
            t
        }
    };
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    let gate = fail_on.is_some_and(|min| listing.severities().any(|s| s >= min));
    Ok(if failed {
        2
    } else if gate {
        1
    } else {
        0
    })
}

/// The blast radius of workload `w` as paths to each goal it reaches, best first.
fn blast(graph: &Graph<'_, '_>, w: usize) -> (Vec<String>, Vec<groundcrew_paths::PathOut>) {
    let reached = blast_radius(graph, w);
    let mut workloads: Vec<String> = reached
        .iter()
        .filter_map(|(v, _)| match graph.vertices[*v as usize] {
            groundcrew_paths::graph::Vertex::Workload(e) => Some(graph.net.endpoints[e].display()),
            _ => None,
        })
        .collect();
    workloads.sort();
    let mut found: Vec<groundcrew_paths::Found> = reached
        .into_iter()
        .filter_map(|(v, mut hops)| {
            let groundcrew_paths::graph::Vertex::Goal(goal) = &graph.vertices[v as usize] else {
                return None;
            };
            let compromise = graph.out_edges[1]
                .iter()
                .copied()
                .find(|&e| graph.edges[e as usize].to == w as u32 + 2)?;
            hops.insert(0, groundcrew_paths::search::Hop::Edge(compromise));
            Some(groundcrew_paths::Found {
                start: Start::Cluster,
                score: goal.value() * 0.5,
                hops,
                goal: goal.clone(),
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.hops.len().cmp(&b.hops.len()))
    });
    let paths = found
        .iter()
        .enumerate()
        .map(|(i, f)| groundcrew_paths::describe(graph, f, format!("B{}", i + 1)))
        .collect();
    (workloads, paths)
}
