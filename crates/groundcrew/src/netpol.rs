//! `groundcrew netpol`: reads the inputs into an inventory (no controls), builds the
//! network model and answers.

use std::io::Write;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use groundcrew_inventory::Protocol;
use groundcrew_netpol::explain::explain;
use groundcrew_netpol::generate::{GenerateOptions, generate, verify};
use groundcrew_netpol::{Network, Node, Reach};
use groundcrew_report::render::netpol::{self as render, ConnFormat};

use crate::cli::NetpolCommand;
use crate::load::{load, load_with};
use crate::rbac::{check_format, json, timing};

/// Notes about assumptions, on stderr so that the listing stays diffable.
fn notes(net: &Network<'_>) {
    for ns in &net.undefined_namespaces {
        eprintln!(
            "note: namespace {ns} is not in the input: assumed to carry only the label kubernetes.io/metadata.name={ns}"
        );
    }
    let host: Vec<String> = net
        .endpoints
        .iter()
        .filter(|e| e.host_network)
        .map(|e| e.display())
        .collect();
    if !host.is_empty() {
        let shown = host.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        let more = if host.len() > 5 {
            format!(" and {} more", host.len() - 5)
        } else {
            String::new()
        };
        let (noun, verb, them) = if host.len() == 1 {
            ("workload", "uses", "it")
        } else {
            ("workloads", "use", "them")
        };
        eprintln!(
            "note: {} {noun} {verb} the host network ({shown}{more}): NetworkPolicies do not apply to {them}, and pod selectors do not match {them}",
            host.len()
        );
    }
}

fn node(net: &Network<'_>, spec: &str) -> Result<Node> {
    if spec.parse::<std::net::IpAddr>().is_ok() {
        return net
            .external_of(spec)
            .map(Node::External)
            .ok_or_else(|| anyhow!("{spec}: not an address groundcrew models"));
    }
    net.find(spec).map(Node::Workload).map_err(|e| anyhow!(e))
}

pub fn run(command: NetpolCommand) -> Result<u8> {
    let started = Instant::now();
    let mut stdout = std::io::stdout().lock();
    match command {
        NetpolCommand::Connectivity {
            paths,
            format,
            focus,
            exposure,
            excludes,
        } => {
            if exposure {
                check_format(&format, &["pretty", "json"])?;
                let (output, failed) = load(&paths, &excludes)?;
                let net = Network::new(&output.inventory);
                let list = render::exposure(&net);
                let text = match format.as_str() {
                    "json" => json(&list)?,
                    _ => render::exposure_pretty(&list),
                };
                stdout.write_all(text.as_bytes())?;
                stdout.flush()?;
                return Ok(if failed { 2 } else { 0 });
            }
            let format: ConnFormat = format.parse().map_err(|e: String| anyhow!(e))?;
            let (output, failed) = load(&paths, &excludes)?;
            timing("load", started);
            let built = Instant::now();
            let net = Network::new(&output.inventory);
            let reach = Reach::new(&net);
            timing("network model", built);
            let focus = focus
                .map(|f| net.find(&f).map_err(|e| anyhow!(e)))
                .transpose()?;
            let listed = Instant::now();
            notes(&net);
            // Written as they are found, source by source: a large cluster's million
            // connections are never held at once.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            let connections = render::write_connectivity(&reach, focus, format, &mut out)?;
            out.flush()?;
            timing(&format!("{connections} connections written"), listed);
            Ok(if failed { 2 } else { 0 })
        }
        NetpolCommand::Diff {
            old,
            new,
            format,
            excludes,
        } => {
            check_format(&format, &["pretty", "json"])?;
            let (old_output, old_failed) = load(std::slice::from_ref(&old), &excludes)?;
            let (new_output, new_failed) = load(std::slice::from_ref(&new), &excludes)?;
            let failed = old_failed || new_failed;
            let (old_net, new_net) = (
                Network::new(&old_output.inventory),
                Network::new(&new_output.inventory),
            );
            let (old_reach, new_reach) = (Reach::new(&old_net), Reach::new(&new_net));
            // Both sides walked in name order side by side: neither's connections are all
            // held.
            let diff = render::diff(&old_reach, &new_reach);
            let text = match format.as_str() {
                "json" => json(&diff)?,
                _ => render::diff_pretty(&diff),
            };
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(if failed { 2 } else { 0 })
        }
        NetpolCommand::Generate {
            paths,
            output_dir,
            format,
            namespaces,
            ingress_namespace,
            dns_namespace,
            dns_labels,
            excludes,
        } => {
            let dns_labels = dns_labels
                .iter()
                .map(|l| {
                    l.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .ok_or_else(|| anyhow!("--dns-label {l}: expected KEY=VALUE"))
                })
                .collect::<Result<Vec<_>>>()?;
            check_format(&format, &["pretty", "json"])?;
            let (output, failed) = load_with(&paths, &excludes, true)?;
            timing("load", started);
            let built = Instant::now();
            let net = Network::new(&output.inventory);
            let generated = generate(
                &net,
                GenerateOptions {
                    namespaces,
                    ingress_namespace,
                    dns_namespace,
                    dns_labels,
                },
            );
            timing("generate", built);
            let checked = Instant::now();
            let verification = verify(&net, &generated.plan, &generated.files)
                .map_err(|e| anyhow!("reading the generated policies back: {e}"))?;
            timing("verify", checked);
            notes(&net);
            let out = render::generate_out(&net, &generated, &verification);
            let summary = match format.as_str() {
                "json" => json(&out)?,
                _ => render::generate_summary(&out),
            };
            match output_dir {
                Some(dir) => {
                    let dir = std::path::Path::new(&dir);
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                    for (ns, text) in &generated.files {
                        let path = dir.join(format!("{ns}.yaml"));
                        std::fs::write(&path, text)
                            .with_context(|| format!("writing {}", path.display()))?;
                        eprintln!("wrote {}", path.display());
                    }
                    stdout.write_all(summary.as_bytes())?;
                }
                None => {
                    for (_, text) in &generated.files {
                        stdout.write_all(text.as_bytes())?;
                    }
                    eprint!("{summary}");
                }
            }
            stdout.flush()?;
            Ok(if failed {
                2
            } else if verification.passed() {
                0
            } else {
                1
            })
        }
        NetpolCommand::Eval {
            src,
            dst,
            port,
            protocol,
            format,
            paths,
            excludes,
        } => {
            check_format(&format, &["pretty", "json"])?;
            let protocol =
                Protocol::parse(Some(&protocol.to_ascii_uppercase())).ok_or_else(|| {
                    anyhow!("unknown protocol \"{protocol}\" (expected TCP, UDP or SCTP)")
                })?;
            if port == 0 {
                return Err(anyhow!("--port must be between 1 and 65535"));
            }
            let (output, failed) = load(&paths, &excludes)?;
            let net = Network::new(&output.inventory);
            let (s, d) = (node(&net, &src)?, node(&net, &dst)?);
            let answered = Instant::now();
            let verdict = explain(&net, s, d, protocol, port);
            timing("eval", answered);
            let text = match format.as_str() {
                "json" => json(&verdict)?,
                _ => render::verdict_pretty(&verdict),
            };
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(if failed {
                2
            } else if verdict.allowed {
                0
            } else {
                1
            })
        }
    }
}
