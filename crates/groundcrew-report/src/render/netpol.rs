//! Renderers of the NetworkPolicy answers: connectivity lines (`src => dst : conn`, the
//! format netpol-analyzer and `roxctl netpol` use), JSON, CSV, Markdown, DOT, and `eval`
//! verdicts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use groundcrew_netpol::explain::Verdict;
use groundcrew_netpol::{Connection, Network, Node, Reach};

use super::json::json_str;
use serde::Serialize;

/// Connectivity output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnFormat {
    Pretty,
    Json,
    Csv,
    Markdown,
    Dot,
}

impl std::str::FromStr for ConnFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "pretty" | "txt" => ConnFormat::Pretty,
            "json" => ConnFormat::Json,
            "csv" => ConnFormat::Csv,
            "markdown" | "md" => ConnFormat::Markdown,
            "dot" => ConnFormat::Dot,
            _ => {
                return Err(format!(
                    "unknown format \"{s}\" (expected pretty, json, csv, markdown or dot)"
                ));
            }
        })
    }
}

#[cfg_attr(test, derive(Serialize))]
struct Line {
    src: String,
    dst: String,
    conn: String,
}

/// The connections as lines, workloads by name and external ranges by address.
fn lines(net: &Network<'_>, connections: &[Connection]) -> Vec<Line> {
    let key = |n: Node| node_key(net, n);
    let mut sorted: Vec<&Connection> = connections.iter().collect();
    sorted.sort_by_cached_key(|c| (key(c.src), key(c.dst)));
    sorted
        .into_iter()
        .map(|c| Line {
            src: net.node_display(c.src),
            dst: net.node_display(c.dst),
            conn: c.conn.to_string(),
        })
        .collect()
}

/// The connections as a DOT graph: workloads grouped by namespace, external ranges apart.
fn dot(net: &Network<'_>, connections: &[Connection]) -> String {
    let lines = lines(net, connections);
    let mut out = String::new();
    out.push_str("digraph connectivity {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10, shape=box];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    // Workloads grouped by namespace; external ranges apart.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_ns: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in connections {
        for n in [c.src, c.dst] {
            let name = net.node_display(n);
            let ns = match n {
                Node::Workload(e) => net.endpoints[e].namespace.to_string(),
                Node::External(_) => String::new(),
            };
            if !ids.contains_key(&name) {
                ids.insert(name.clone(), ids.len());
                by_ns.entry(ns).or_default().push(name);
            }
        }
    }
    for (i, (ns, names)) in by_ns.iter().enumerate() {
        if ns.is_empty() {
            for n in names {
                let _ = writeln!(
                    out,
                    "  n{} [label=\"{n}\", shape=ellipse, color=red];",
                    ids[n]
                );
            }
            continue;
        }
        let _ = writeln!(out, "  subgraph cluster_{i} {{\n    label=\"{ns}\";");
        for n in names {
            let label = n.split_once('/').map_or(n.as_str(), |(_, rest)| rest);
            let _ = writeln!(out, "    n{} [label=\"{label}\"];", ids[n]);
        }
        out.push_str("  }\n");
    }
    for l in &lines {
        let _ = writeln!(
            out,
            "  n{} -> n{} [label=\"{}\"];",
            ids[&l.src], ids[&l.dst], l.conn
        );
    }
    out.push_str("}\n");
    out
}

/// Sources handed to the cores at a time by [`write_connectivity`], at most.
const SOURCES_PER_WINDOW: usize = 256;
/// The lines (pairs) a window of [`diff`]'s sides should hold at most: in a flat network of
/// thousands of workloads each source has a line per workload, and both sides hold a window.
const DIFF_LINES_PER_WINDOW: usize = 1 << 17;
/// The text a window of [`write_connectivity`] should not outgrow.
const WINDOW_BYTES: usize = 16 << 20;

/// Writes every connection `reach` allows (to or from `focus` only, when given), without
/// holding them all: sources are taken in output order (workloads by name, then external
/// ranges) a window at a time, each window's lines made on all cores, then written.
/// Returns the number of connections. DOT, which lists its nodes first, is made whole.
pub fn write_connectivity(
    reach: &Reach<'_, '_>,
    focus: Option<usize>,
    format: ConnFormat,
    w: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    use rayon::prelude::*;
    let net = reach.net;
    if format == ConnFormat::Dot {
        let all = reach.connections(focus);
        w.write_all(dot(net, &all).as_bytes())?;
        return Ok(all.len());
    }
    // Each node's place in output order (nodes whose keys are equal share the first's), so
    // that lines sort by numbers rather than by names made again and again.
    let mut ordered: Vec<(Node, (u8, String, usize))> =
        reach.sources().map(|n| (n, node_key(net, n))).collect();
    ordered.sort_by(|a, b| a.1.cmp(&b.1));
    let mut rank = vec![0usize; net.endpoints.len() + net.externals.len()];
    let slot = |n: Node| net.node_slot(n);
    // Sources with equal keys form one group: their lines interleave by destination.
    let mut groups: Vec<Vec<Node>> = Vec::new();
    for (i, (node, key)) in ordered.iter().enumerate() {
        let same = i > 0 && ordered[i - 1].1 == *key;
        rank[slot(*node)] = if same {
            rank[slot(ordered[i - 1].0)]
        } else {
            i
        };
        if same {
            if let Some(group) = groups.last_mut() {
                group.push(*node);
            }
        } else {
            groups.push(vec![*node]);
        }
    }
    drop(ordered);
    // Each node's name made once, not twice per line.
    let names = net.node_names();
    let line = |out: &mut Vec<u8>, c: &Connection| {
        let (src, dst, conn) = (&names[slot(c.src)], &names[slot(c.dst)], &c.conn);
        let _ = match format {
            ConnFormat::Json => {
                out.extend_from_slice(b"  {\n    \"src\": ");
                json_str(out, src);
                out.extend_from_slice(b",\n    \"dst\": ");
                json_str(out, dst);
                out.extend_from_slice(b",\n    \"conn\": ");
                json_str(out, &conn.to_string());
                out.extend_from_slice(b"\n  }");
                Ok(())
            }
            ConnFormat::Csv => writeln!(out, "{src},{dst},\"{conn}\""),
            ConnFormat::Markdown => writeln!(out, "| {src} | {dst} | {conn} |"),
            ConnFormat::Pretty | ConnFormat::Dot => writeln!(out, "{src} => {dst} : {conn}"),
        };
    };
    match format {
        ConnFormat::Csv => w.write_all(b"src,dst,conn\n")?,
        ConnFormat::Markdown => w.write_all(b"| src | dst | conn |\n|---|---|---|\n")?,
        _ => {}
    }
    let mut count = 0;
    // Windows start small and double up to SOURCES_PER_WINDOW while their text stays under
    // WINDOW_BYTES; they shrink when it grows past (sources that each reach thousands of
    // workloads on hundreds of ports make megabytes apiece).
    let mut next = 0;
    let mut sources = 16;
    while next < groups.len() {
        let window = &groups[next..(next + sources).min(groups.len())];
        next += window.len();
        let made: Vec<(Vec<u8>, usize)> = window
            .par_iter()
            .map(|group| {
                let mut lines: Vec<Connection> = group
                    .iter()
                    .flat_map(|&s| reach.connections_from(s, focus))
                    .collect();
                lines.sort_by_key(|c| rank[slot(c.dst)]);
                let mut out = Vec::new();
                for c in &lines {
                    if format == ConnFormat::Json {
                        out.extend_from_slice(b",\n");
                    }
                    line(&mut out, c);
                }
                (out, lines.len())
            })
            .collect();
        let bytes: usize = made.iter().map(|(text, _)| text.len()).sum();
        sources = if bytes > WINDOW_BYTES {
            (sources * WINDOW_BYTES / bytes).max(2)
        } else {
            (sources * 2).min(SOURCES_PER_WINDOW)
        };
        for (text, n) in made {
            // JSON: each element after a comma, but the very first after the bracket.
            let text = match format {
                ConnFormat::Json if count == 0 && n > 0 => {
                    w.write_all(b"[\n")?;
                    &text[2..]
                }
                _ => &text[..],
            };
            w.write_all(text)?;
            count += n;
        }
    }
    if format == ConnFormat::Json {
        w.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
    }
    Ok(count)
}

fn node_key(net: &Network<'_>, n: Node) -> (u8, String, usize) {
    match n {
        Node::Workload(e) => (0, net.endpoints[e].display(), 0),
        Node::External(x) => (1, String::new(), x),
    }
}

pub fn verdict_pretty(v: &Verdict) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} → {} on {} {}: {}",
        v.src,
        v.dst,
        v.protocol,
        v.port,
        if v.allowed { "ALLOWED" } else { "DENIED" }
    );
    let mark = |b: bool| if b { "allows" } else { "denies" };
    let _ = writeln!(
        out,
        "  egress of {}: {} — {}",
        v.src,
        mark(v.egress.allowed),
        v.egress.reason
    );
    let _ = writeln!(
        out,
        "  ingress of {}: {} — {}",
        v.dst,
        mark(v.ingress.allowed),
        v.ingress.reason
    );
    for n in &v.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}

#[derive(Debug, Serialize)]
pub struct Changed {
    pub src: String,
    pub dst: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Serialize)]
pub struct ConnectivityDiff {
    pub added: Vec<Changed>,
    pub removed: Vec<Changed>,
    pub changed: Vec<Changed>,
}

/// Connections added, removed and changed from `old` to `new` (by source and destination
/// name; `changed`: the ports differ), walking both sides in (source, destination)
/// name order a window of sources at a time: neither side's connections are all held, and
/// only the lines that differ are written out (most pairs of a large diff are the same).
pub fn diff(old: &Reach<'_, '_>, new: &Reach<'_, '_>) -> ConnectivityDiff {
    let none = || String::from("No Connections");
    let mut d = ConnectivityDiff {
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    let (old_names, new_names) = (SideNames::new(old), SideNames::new(new));
    let mut olds = OrderedLines::new(old, &old_names).peekable();
    let mut news = OrderedLines::new(new, &new_names).peekable();
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(o), Some(n)) => (o.0, o.1).cmp(&(n.0, n.1)),
        };
        match order {
            std::cmp::Ordering::Less => {
                if let Some((src, dst, conn)) = olds.next() {
                    d.removed.push(Changed {
                        src: src.to_string(),
                        dst: dst.to_string(),
                        old: conn.to_string(),
                        new: none(),
                    });
                }
            }
            std::cmp::Ordering::Greater => {
                if let Some((src, dst, conn)) = news.next() {
                    d.added.push(Changed {
                        src: src.to_string(),
                        dst: dst.to_string(),
                        old: none(),
                        new: conn.to_string(),
                    });
                }
            }
            std::cmp::Ordering::Equal => {
                // Port sets are canonical (sorted, merged ranges): unequal sets read
                // differently.
                if let (Some((src, dst, o)), Some((_, _, n))) = (olds.next(), news.next())
                    && o != n
                {
                    d.changed.push(Changed {
                        src: src.to_string(),
                        dst: dst.to_string(),
                        old: o.to_string(),
                        new: n.to_string(),
                    });
                }
            }
        }
    }
    d
}

/// A side's names, made once: every node's, and the sources grouped by name in name order.
struct SideNames {
    /// By node: the workloads, then the external ranges.
    nodes: Vec<String>,
    /// Sources grouped by name, in name order (a group's sources in their order).
    groups: Vec<(usize, Vec<Node>)>,
}

impl SideNames {
    fn new(reach: &Reach<'_, '_>) -> Self {
        let nodes = reach.net.node_names();
        let mut named: Vec<(usize, Node)> = reach
            .sources()
            .map(|n| (reach.net.node_slot(n), n))
            .collect();
        // Stable: sources of one name keep their order.
        named.sort_by(|a, b| nodes[a.0].cmp(&nodes[b.0]));
        let mut groups: Vec<(usize, Vec<Node>)> = Vec::new();
        for (index, node) in named {
            match groups.last_mut() {
                Some((last, sources)) if nodes[*last] == nodes[index] => sources.push(node),
                _ => groups.push((index, vec![node])),
            }
        }
        SideNames { nodes, groups }
    }

    fn name(&self, reach: &Reach<'_, '_>, n: Node) -> &str {
        &self.nodes[reach.net.node_slot(n)]
    }
}

/// A side's connections as `(source, destination, ports)` in name order, one per pair of
/// names (of two workloads with the same name, the later one's, as in a map of the lines
/// would), made a window of sources at a time on all cores.
struct OrderedLines<'r, 'n, 'a> {
    reach: &'r Reach<'n, 'a>,
    names: &'r SideNames,
    next_group: usize,
    /// Groups made at a time: as many as keep a window within [`DIFF_LINES_PER_WINDOW`]
    /// lines when every source reaches every destination (two at least, for both cores).
    window: usize,
    ready: std::collections::VecDeque<(&'r str, &'r str, groundcrew_netpol::PortSet)>,
}

impl<'r, 'n, 'a> OrderedLines<'r, 'n, 'a> {
    fn new(reach: &'r Reach<'n, 'a>, names: &'r SideNames) -> Self {
        let destinations = reach.net.endpoints.len() + reach.net.externals.len();
        let window = (DIFF_LINES_PER_WINDOW / destinations.max(1)).clamp(2, SOURCES_PER_WINDOW);
        OrderedLines {
            reach,
            names,
            next_group: 0,
            window,
            ready: std::collections::VecDeque::new(),
        }
    }
}

impl<'r> Iterator for OrderedLines<'r, '_, '_> {
    type Item = (&'r str, &'r str, groundcrew_netpol::PortSet);

    fn next(&mut self) -> Option<Self::Item> {
        use rayon::prelude::*;
        while self.ready.is_empty() && self.next_group < self.names.groups.len() {
            let end = (self.next_group + self.window).min(self.names.groups.len());
            let (reach, names) = (self.reach, self.names);
            let made: Vec<Vec<Self::Item>> = names.groups[self.next_group..end]
                .par_iter()
                .map(|(name, sources)| {
                    let src = names.nodes[*name].as_str();
                    let mut lines: Vec<(&'r str, groundcrew_netpol::PortSet)> = sources
                        .iter()
                        .flat_map(|&s| reach.connections_from(s, None))
                        .map(|c| (names.name(reach, c.dst), c.conn))
                        .collect();
                    // Stable, then the last of each destination name kept.
                    lines.sort_by(|a, b| a.0.cmp(b.0));
                    let mut kept: Vec<Self::Item> = Vec::with_capacity(lines.len());
                    for (dst, conn) in lines {
                        match kept.last_mut() {
                            Some(last) if last.1 == dst => last.2 = conn,
                            _ => kept.push((src, dst, conn)),
                        }
                    }
                    kept
                })
                .collect();
            self.ready.extend(made.into_iter().flatten());
            self.next_group = end;
        }
        self.ready.pop_front()
    }
}

pub fn diff_pretty(d: &ConnectivityDiff) -> String {
    let mut out = String::new();
    for c in &d.added {
        let _ = writeln!(out, "+ {} => {} : {}", c.src, c.dst, c.new);
    }
    for c in &d.removed {
        let _ = writeln!(out, "- {} => {} : {}", c.src, c.dst, c.old);
    }
    for c in &d.changed {
        let _ = writeln!(out, "~ {} => {} : {} → {}", c.src, c.dst, c.old, c.new);
    }
    if out.is_empty() {
        out.push_str("no change in connectivity\n");
    }
    out
}

/// How one workload can be reached from outside the cluster.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExposureOut {
    pub workload: String,
    /// `{how, via, service}`: NodePort/LoadBalancer Services, Ingresses, Gateway routes.
    pub exposures: Vec<ExposedBy>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host_network: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub host_ports: Vec<u16>,
    /// What it accepts from every external address (`0.0.0.0/0`), per its ingress policies.
    pub from_anywhere: String,
    /// What it accepts from every namespace.
    pub from_every_namespace: String,
}

#[derive(Debug, Serialize)]
pub struct ExposedBy {
    pub how: &'static str,
    pub via: String,
    pub service: String,
    /// The Service's ports and the container ports they reach on this workload
    /// (`80→8080/TCP`); a named target port the workload lacks reaches nothing.
    pub ports: Vec<String>,
}

/// `port→target/PROTO` for each Service port, named target ports resolved on `endpoint`.
fn service_ports(
    net: &Network<'_>,
    service: groundcrew_inventory::RecordId,
    e: usize,
) -> Vec<String> {
    let groundcrew_inventory::Facts::Service(s) = &net.inventory.get(service).facts else {
        return Vec::new();
    };
    s.service_ports
        .iter()
        .map(|p| {
            let target = match &p.target {
                groundcrew_inventory::PortRef::Number(n) => Some(*n),
                groundcrew_inventory::PortRef::Name(name) => net.endpoints[e]
                    .ports
                    .iter()
                    .find(|c| c.protocol == p.protocol && c.name.as_deref() == Some(&**name))
                    .map(|c| c.port),
            };
            match (target, &p.target) {
                (Some(t), _) => format!("{}→{t}/{}", p.port, p.protocol.as_str()),
                (None, groundcrew_inventory::PortRef::Name(name)) => {
                    format!(
                        "{}→{name} (no such container port)/{}",
                        p.port,
                        p.protocol.as_str()
                    )
                }
                (None, _) => format!("{}/{}", p.port, p.protocol.as_str()),
            }
        })
        .collect()
}

/// Every workload exposed outside the cluster (by a Service, Ingress, Gateway route, host
/// network or host port), with what its policies let in from outside and from every
/// namespace.
pub fn exposure(net: &Network<'_>) -> Vec<ExposureOut> {
    let index = net.inventory.exposure();
    let mut out = Vec::new();
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        let exposures: Vec<ExposedBy> = index
            .get(&endpoint.record)
            .into_iter()
            .flatten()
            .map(|x| ExposedBy {
                how: x.how.as_str(),
                via: net.inventory.get(x.via).id.to_string(),
                service: net.inventory.get(x.service).id.to_string(),
                ports: service_ports(net, x.service, e),
            })
            .collect();
        let host_ports = match &net.inventory.get(endpoint.record).facts {
            groundcrew_inventory::Facts::Workload(w) => w.host_ports.clone(),
            _ => Vec::new(),
        };
        if exposures.is_empty() && !endpoint.host_network && host_ports.is_empty() {
            continue;
        }
        let (anywhere, _) = net.from_outside(e);
        out.push(ExposureOut {
            workload: endpoint.display(),
            exposures,
            host_network: endpoint.host_network,
            host_ports,
            from_anywhere: anywhere.to_string(),
            from_every_namespace: net.from_every_namespace(e).to_string(),
        });
    }
    out.sort_by(|a, b| a.workload.cmp(&b.workload));
    out
}

pub fn exposure_pretty(list: &[ExposureOut]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("No workload is exposed outside the cluster.\n");
    }
    for x in list {
        let mut how: Vec<String> = x
            .exposures
            .iter()
            .map(|e| {
                let ports = if e.ports.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", e.ports.join(", "))
                };
                if e.via == e.service {
                    format!("{} {}{ports}", e.how, e.via)
                } else {
                    format!("{} {} → {}{ports}", e.how, e.via, e.service)
                }
            })
            .collect();
        if x.host_network {
            how.push("host network".into());
        }
        if !x.host_ports.is_empty() {
            how.push(format!(
                "hostPort {}",
                x.host_ports
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        let _ = writeln!(out, "{}", x.workload);
        let _ = writeln!(out, "  exposed by: {}", how.join("; "));
        let _ = writeln!(out, "  from anywhere (0.0.0.0/0): {}", x.from_anywhere);
        let _ = writeln!(out, "  from every namespace: {}", x.from_every_namespace);
    }
    out
}

/// What `netpol generate` did, as text: the namespaces written, each inferred dependency
/// with its evidence, exposure, what could not be used, and the engine's verification.
pub fn generate_summary(g: &GenerateOut) -> String {
    let mut out = String::new();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if g.namespaces.is_empty() {
        out.push_str("No workload to write NetworkPolicies for (system namespaces and the ingress controller's are left out unless named with -n).\n");
        for n in &g.notes {
            let _ = writeln!(out, "  {n}");
        }
        return out;
    }
    let _ = writeln!(
        out,
        "{} NetworkPolicies for {} workload{} in {} namespace{} ({})",
        g.policies,
        g.workloads,
        plural(g.workloads),
        g.namespaces.len(),
        plural(g.namespaces.len()),
        g.namespaces.join(", ")
    );
    let _ = writeln!(out, "\nDependencies ({}):", g.dependencies.len());
    for d in &g.dependencies {
        let _ = writeln!(out, "  {} -> {} : {}", d.src, d.dst, d.conn);
        for r in &d.reasons {
            let _ = writeln!(out, "      {r}");
        }
    }
    if !g.exposed.is_empty() {
        let _ = writeln!(out, "\nExposed ({}):", g.exposed.len());
        for x in &g.exposed {
            let who = match x.from {
                "anywhere" => "from anywhere".to_string(),
                _ => format!(
                    "from the ingress controller (namespace {})",
                    g.ingress_namespace
                ),
            };
            let _ = writeln!(out, "  {} : {} {who}", x.workload, x.conn);
            for r in &x.reasons {
                let _ = writeln!(out, "      {r}");
            }
            if x.ways > x.reasons.len() {
                let _ = writeln!(out, "      and {} more", x.ways - x.reasons.len());
            }
        }
    }
    if !g.notes.is_empty() {
        let _ = writeln!(out, "\nNot turned into rules ({}):", g.notes.len());
        for n in &g.notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    let v = &g.verification;
    let _ = writeln!(
        out,
        "\nVerification (the input with these policies, read back by the engine): {}",
        if v.passed() { "passed" } else { "FAILED" }
    );
    let _ = writeln!(
        out,
        "  {} of {} inferred flows allowed",
        v.flows - v.missing.len(),
        v.flows
    );
    let _ = writeln!(
        out,
        "  {} of {} workload pairs connected; {} connection{} beyond the inferred flows, DNS and exposure",
        v.connected_pairs,
        v.pairs,
        v.unexpected.len(),
        plural(v.unexpected.len())
    );
    const SHOWN: usize = 10;
    for e in v.exposed.iter().take(SHOWN) {
        let _ = writeln!(out, "  reachable from outside: {e}");
    }
    if v.exposed.len() > SHOWN {
        let _ = writeln!(
            out,
            "  ... and {} more workloads reachable from outside (listed under Exposed)",
            v.exposed.len() - SHOWN
        );
    }
    for m in &v.missing {
        let _ = writeln!(out, "  denied but needed: {m}");
    }
    for u in &v.unexpected {
        let _ = writeln!(out, "  allowed but not inferred: {u}");
    }
    out
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateOut {
    pub namespaces: Vec<String>,
    pub policies: usize,
    /// Workloads in the generated namespaces.
    pub workloads: usize,
    /// Where the ingress controller's traffic is admitted from.
    pub ingress_namespace: String,
    pub dependencies: Vec<DependencyOut>,
    pub exposed: Vec<ExposedOut>,
    pub notes: Vec<String>,
    pub verification: groundcrew_netpol::generate::Verification,
}

#[derive(Serialize)]
pub struct DependencyOut {
    pub src: String,
    pub dst: String,
    pub conn: String,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct ExposedOut {
    pub workload: String,
    /// `anywhere` or `ingress-controller`.
    pub from: &'static str,
    pub conn: String,
    /// The ways in (Services, Ingresses or routes to a Service), the first five.
    pub reasons: Vec<String>,
    /// How many ways in there are, listed or not.
    pub ways: usize,
}

/// The `netpol generate` summary as data: `--format json`, and what the text form renders.
pub fn generate_out(
    net: &Network<'_>,
    generated: &groundcrew_netpol::generate::Generated,
    verification: &groundcrew_netpol::generate::Verification,
) -> GenerateOut {
    use groundcrew_netpol::PortSet;
    use groundcrew_netpol::generate::Audience;
    let plan = &generated.plan;
    GenerateOut {
        namespaces: plan
            .namespaces
            .iter()
            .map(|n| n.namespace.clone())
            .collect(),
        policies: plan.namespaces.iter().map(|n| n.policies.len()).sum(),
        workloads: plan.covered.len(),
        ingress_namespace: plan.options.ingress_namespace.clone(),
        dependencies: plan
            .deps
            .flows
            .iter()
            .map(|f| DependencyOut {
                src: net.endpoints[f.src].display(),
                dst: net.endpoints[f.dst].display(),
                conn: PortSet::single(f.protocol, f.port, f.port).to_string(),
                reasons: f.reasons.clone(),
            })
            .collect(),
        exposed: plan
            .deps
            .exposed
            .iter()
            .map(|x| {
                let mut conn = PortSet::empty();
                for (p, n) in &x.ports {
                    conn.add(*p, *n, *n);
                }
                ExposedOut {
                    workload: net.endpoints[x.dst].display(),
                    from: match x.audience {
                        Audience::Anywhere => "anywhere",
                        Audience::IngressController => "ingress-controller",
                    },
                    conn: conn.to_string(),
                    reasons: x.reasons.clone(),
                    ways: x.ways,
                }
            })
            .collect(),
        notes: plan.deps.notes.clone(),
        verification: verification.clone(),
    }
}

#[cfg(test)]
mod tests {
    use groundcrew_inventory::inventory_from_yaml;
    use groundcrew_netpol::{Network, Reach};

    use super::*;

    /// More workloads than a window holds, external ranges, and a workload defined twice
    /// (two sources with the same name, whose lines interleave by destination).
    fn cluster() -> String {
        let mut docs = Vec::new();
        for i in 0..(SOURCES_PER_WINDOW + 40) {
            let ns = ["a", "b", "c"][i % 3];
            let role = if i % 50 == 0 { "client" } else { "server" };
            docs.push(format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: w{i}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: w{i}}}}}\n  template:\n    metadata: {{labels: {{app: w{i}, role: {role}}}}}\n    spec:\n      containers: [{{name: c, image: 'x:1', ports: [{{containerPort: 8080}}]}}]"
            ));
        }
        // The twin listens on a named port the policies admit: a connection to it differs
        // from one to its namesake, so which of the two a diff keeps shows.
        docs.push("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w7, namespace: b}\nspec:\n  selector: {matchLabels: {app: twin}}\n  template:\n    metadata: {labels: {app: twin, role: client}}\n    spec:\n      containers: [{name: c, image: 'x:1', ports: [{name: web, containerPort: 7070}]}]".to_string());
        for ns in ["a", "b", "c"] {
            docs.push(format!(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: only-clients, namespace: {ns}}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - namespaceSelector: {{}}\n      podSelector: {{matchLabels: {{role: client}}}}\n    - ipBlock: {{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}\n    ports: [{{port: 8080}}, {{port: web}}]\n  egress:\n  - to:\n    - podSelector: {{matchLabels: {{role: server}}}}\n      namespaceSelector: {{}}\n    - ipBlock: {{cidr: 192.168.0.0/16}}"
            ));
        }
        docs.join("\n---\n")
    }

    /// Every connection sorted and rendered at once: what the streamed output must equal.
    fn whole(net: &Network<'_>, connections: &[Connection], format: ConnFormat) -> String {
        let lines = lines(net, connections);
        let mut out = String::new();
        match format {
            ConnFormat::Pretty => {
                for l in &lines {
                    let _ = writeln!(out, "{} => {} : {}", l.src, l.dst, l.conn);
                }
            }
            ConnFormat::Json => {
                out = serde_json::to_string_pretty(&lines).unwrap();
                out.push('\n');
            }
            ConnFormat::Csv => {
                out.push_str("src,dst,conn\n");
                for l in &lines {
                    let _ = writeln!(out, "{},{},\"{}\"", l.src, l.dst, l.conn);
                }
            }
            ConnFormat::Markdown => {
                out.push_str("| src | dst | conn |\n|---|---|---|\n");
                for l in &lines {
                    let _ = writeln!(out, "| {} | {} | {} |", l.src, l.dst, l.conn);
                }
            }
            ConnFormat::Dot => out = dot(net, connections),
        }
        out
    }

    /// (src, dst) → conn of every line: the whole map the walked diff must agree with.
    fn connection_map(
        net: &Network<'_>,
        connections: &[Connection],
    ) -> BTreeMap<(String, String), String> {
        lines(net, connections)
            .into_iter()
            .map(|l| ((l.src, l.dst), l.conn))
            .collect()
    }

    /// Connections added, removed and changed from `old` to `new`, map against map.
    fn diff_of_maps(
        old: &BTreeMap<(String, String), String>,
        new: &BTreeMap<(String, String), String>,
    ) -> ConnectivityDiff {
        let none = String::from("No Connections");
        let entry = |(src, dst): &(String, String), o: &String, n: &String| Changed {
            src: src.clone(),
            dst: dst.clone(),
            old: o.clone(),
            new: n.clone(),
        };
        ConnectivityDiff {
            added: new
                .iter()
                .filter(|(k, _)| !old.contains_key(*k))
                .map(|(k, n)| entry(k, &none, n))
                .collect(),
            removed: old
                .iter()
                .filter(|(k, _)| !new.contains_key(*k))
                .map(|(k, o)| entry(k, o, &none))
                .collect(),
            changed: old
                .iter()
                .filter_map(|(k, o)| new.get(k).filter(|n| *n != o).map(|n| entry(k, o, n)))
                .collect(),
        }
    }

    #[test]
    fn streamed_connectivity_and_diff_match_the_whole_lists() {
        let inventory = inventory_from_yaml("cluster.yaml", &cluster()).unwrap();
        let net = Network::new(&inventory);
        let reach = Reach::new(&net);
        let twin = net.find("b/w7[Deployment]").ok();
        for focus in [None, twin] {
            let all = reach.connections(focus);
            assert!(all.len() > SOURCES_PER_WINDOW, "{}", all.len());
            for format in [
                ConnFormat::Pretty,
                ConnFormat::Json,
                ConnFormat::Csv,
                ConnFormat::Markdown,
                ConnFormat::Dot,
            ] {
                let mut streamed = Vec::new();
                let n = write_connectivity(&reach, focus, format, &mut streamed).unwrap();
                assert_eq!(n, all.len());
                let streamed = String::from_utf8(streamed).unwrap();
                let whole = whole(&net, &all, format);
                // The first line that differs, rather than both texts.
                let differs = streamed
                    .lines()
                    .zip(whole.lines())
                    .enumerate()
                    .find(|(_, (a, b))| a != b);
                assert_eq!(differs, None, "{format:?}, focus {focus:?}");
                assert_eq!(streamed, whole, "{format:?}, focus {focus:?}");
            }
        }
        // The diff of two versions, walked side by side, is the diff of their whole maps.
        let changed = cluster()
            .replace(
                "ports: [{port: 8080}, {port: web}]",
                "ports: [{port: 9090}, {port: web}]",
            )
            .replacen("role: client}", "role: server}", 2)
            + "\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w8, namespace: c}\nspec:\n  selector: {matchLabels: {app: w8b}}\n  template:\n    metadata: {labels: {app: w8b, role: client}}\n    spec:\n      containers: [{name: c, image: 'x:1'}]";
        let other = inventory_from_yaml("changed.yaml", &changed).unwrap();
        let other_net = Network::new(&other);
        let other_reach = Reach::new(&other_net);
        let reaches = [&reach, &other_reach];
        let maps = [
            connection_map(&net, &reach.connections(None)),
            connection_map(&other_net, &other_reach.connections(None)),
        ];
        for (a, b) in [(0, 1), (1, 0), (0, 0)] {
            let walked = diff(reaches[a], reaches[b]);
            let whole = diff_of_maps(&maps[a], &maps[b]);
            if a != b {
                assert!(!walked.added.is_empty() && !walked.removed.is_empty());
                assert!(!walked.changed.is_empty());
            }
            assert_eq!(diff_pretty(&walked), diff_pretty(&whole), "{a} -> {b}");
        }
        // Nothing allowed: an empty JSON list, headers only elsewhere.
        let empty = inventory_from_yaml(
            "empty.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        )
        .unwrap();
        let net = Network::new(&empty);
        let reach = Reach::new(&net);
        let mut out = Vec::new();
        let n = write_connectivity(&reach, None, ConnFormat::Json, &mut out).unwrap();
        assert_eq!((n, out.as_slice()), (0, &b"[]\n"[..]));
    }
}
