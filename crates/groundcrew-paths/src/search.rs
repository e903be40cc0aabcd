//! Paths through the graph: one breadth-first search backwards from each target group
//! gives every vertex its shortest way to the nearest goal of the group, so each entry
//! (an exposed entry point, or any workload when the attacker starts inside) gets its
//! best path per target in time linear in the graph — no enumeration of simple paths.

use std::collections::VecDeque;

use groundcrew_inventory::RecordId;
use groundcrew_netpol::sorted;

use crate::graph::{Goal, Graph, Move, Target, Vertex};

const UNREACHED: u32 = u32::MAX;

/// The next move from a vertex towards the nearest goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    None,
    Edge(u32),
    /// To another workload (endpoint index).
    Lateral(u32),
}

/// Distances and next moves towards one target group.
pub struct Towards {
    pub target: Target,
    pub dist: Vec<u32>,
    pub next: Vec<Next>,
}

/// Where the attacker starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Internet,
    Cluster,
}

impl Start {
    pub fn name(self) -> &'static str {
        match self {
            Start::Internet => "internet",
            Start::Cluster => "cluster",
        }
    }
}

/// One move of a path, as vertices and the move between them.
#[derive(Debug, Clone)]
pub enum Hop {
    Edge(u32),
    Lateral { from: usize, to: usize },
}

/// A path found: where it starts, the moves, and the goal reached.
#[derive(Debug, Clone)]
pub struct Found {
    pub start: Start,
    pub hops: Vec<Hop>,
    pub goal: Goal,
    pub score: f64,
}

pub fn towards(g: &Graph<'_, '_>, target: Target) -> Towards {
    let n = g.vertices.len();
    let mut dist = vec![UNREACHED; n];
    let mut next = vec![Next::None; n];
    let mut queue = VecDeque::new();
    for (i, v) in g.vertices.iter().enumerate() {
        if let Vertex::Goal(goal) = v
            && goal.target() == target
        {
            dist[i] = 0;
            queue.push_back(i as u32);
        }
    }
    // The flat senders are all reached from the first flat receiver reached.
    let mut flat_taken = false;
    while let Some(v) = queue.pop_front() {
        let d = dist[v as usize] + 1;
        for &e in &g.in_edges[v as usize] {
            let u = g.edges[e as usize].from as usize;
            if dist[u] == UNREACHED {
                dist[u] = d;
                next[u] = Next::Edge(e);
                queue.push_back(u as u32);
            }
        }
        if let Vertex::Workload(w) = g.vertices[v as usize] {
            let flat = !flat_taken && g.flat.accepts(w);
            flat_taken |= flat;
            let senders: &[usize] = if flat { &g.flat.senders } else { &[] };
            let listed = g.lateral_in[w].iter().map(|&s| s as usize);
            for src in sorted::union(listed, senders.iter().copied()) {
                let u = src + 2;
                if dist[u] == UNREACHED {
                    dist[u] = d;
                    next[u] = Next::Lateral(w as u32);
                    queue.push_back(u as u32);
                }
            }
        }
    }
    Towards { target, dist, next }
}

/// The moves from `from` to the nearest goal of `t`, and that goal.
fn follow(g: &Graph<'_, '_>, t: &Towards, from: u32) -> Option<(Vec<Hop>, Goal)> {
    if t.dist[from as usize] == UNREACHED {
        return None;
    }
    let mut hops = Vec::new();
    let mut v = from;
    loop {
        if let Vertex::Goal(goal) = &g.vertices[v as usize] {
            return Some((hops, goal.clone()));
        }
        match t.next[v as usize] {
            Next::Edge(e) => {
                hops.push(Hop::Edge(e));
                v = g.edges[e as usize].to;
            }
            Next::Lateral(w) => {
                let Vertex::Workload(src) = g.vertices[v as usize] else {
                    return None;
                };
                hops.push(Hop::Lateral {
                    from: src,
                    to: w as usize,
                });
                v = w + 2;
            }
            Next::None => return None,
        }
    }
}

/// How much a path is worth: the goal's value, halved when the attacker must already be in
/// the cluster, 5% less per move beyond the shortest possible, 20% more when the entry
/// workload lures attackers (a sensitive interface, authentication turned off) and 5% more
/// for each weakness of it (may run as root, writable root filesystem); at most 100.
fn score(g: &Graph<'_, '_>, start: Start, hops: &[Hop], goal: &Goal) -> f64 {
    let (factor, minimum) = match start {
        Start::Internet => (1.0, 3),
        Start::Cluster => (0.5, 2),
    };
    let extra = hops.len().saturating_sub(minimum) as i32;
    let mut s = goal.value() * factor * 0.95f64.powi(extra);
    if let Some(w) = first_workload(g, hops) {
        if start == Start::Internet && g.lures.contains_key(&w) {
            s *= 1.2;
        }
        let weaknesses = g.weaknesses.get(&w).map_or(0, Vec::len);
        s *= 1.05f64.powi(weaknesses as i32);
    }
    (s.min(100.0) * 10.0).round() / 10.0
}

/// The workload a path enters first.
pub fn first_workload(g: &Graph<'_, '_>, hops: &[Hop]) -> Option<usize> {
    hops.iter().find_map(|h| match h {
        Hop::Edge(e) => match g.vertices[g.edges[*e as usize].to as usize] {
            Vertex::Workload(w) => Some(w),
            _ => None,
        },
        Hop::Lateral { from, .. } => Some(*from),
    })
}

/// The best path per entry and target group, most valuable first.
pub fn paths(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target]) -> Vec<Found> {
    let searches: Vec<Towards> = targets.iter().map(|&t| towards(g, t)).collect();
    let mut found = Vec::new();
    for &start in starts {
        let root = match start {
            Start::Internet => Vertex::Internet,
            Start::Cluster => Vertex::Cluster,
        };
        let Some(root) = g.find(&root) else { continue };
        for &e in &g.out_edges[root as usize] {
            let first = g.edges[e as usize].to;
            for t in &searches {
                let Some((mut rest, goal)) = follow(g, t, first) else {
                    continue;
                };
                // A compromised sensitive workload is already the loss; not a path.
                if start == Start::Cluster && rest.len() == 1 && matches!(goal, Goal::Sensitive(_))
                {
                    continue;
                }
                let mut hops = vec![Hop::Edge(e)];
                hops.append(&mut rest);
                let score = score(g, start, &hops, &goal);
                found.push(Found {
                    start,
                    hops,
                    goal,
                    score,
                });
            }
        }
    }
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.hops.len().cmp(&b.hops.len()))
    });
    found
}

/// Everything reachable from one workload, compromised: for each vertex reached, the moves
/// that reach it (breadth first, so the fewest).
pub fn blast_radius(g: &Graph<'_, '_>, workload: usize) -> Vec<(u32, Vec<Hop>)> {
    let n = g.vertices.len();
    let mut parent: Vec<Option<(u32, Hop)>> = vec![None; n];
    let start = workload as u32 + 2;
    let mut seen = vec![false; n];
    seen[start as usize] = true;
    let mut queue = VecDeque::from([start]);
    let mut order = Vec::new();
    // The flat receivers are all reached from the first flat sender reached.
    let mut flat_taken = false;
    while let Some(v) = queue.pop_front() {
        order.push(v);
        let mut visit = |u: u32, hop: Hop, queue: &mut VecDeque<u32>| {
            if !seen[u as usize] {
                seen[u as usize] = true;
                parent[u as usize] = Some((v, hop));
                queue.push_back(u);
            }
        };
        for &e in &g.out_edges[v as usize] {
            visit(g.edges[e as usize].to, Hop::Edge(e), &mut queue);
        }
        if let Vertex::Workload(w) = g.vertices[v as usize] {
            let flat = !flat_taken && g.flat.sends(w);
            flat_taken |= flat;
            let receivers: &[usize] = if flat { &g.flat.receivers } else { &[] };
            let listed = g.lateral_out[w].iter().map(|&d| d as usize);
            for d in sorted::union(listed, receivers.iter().copied()) {
                visit(d as u32 + 2, Hop::Lateral { from: w, to: d }, &mut queue);
            }
        }
    }
    order
        .into_iter()
        .skip(1)
        .map(|v| {
            let mut hops = Vec::new();
            let mut at = v;
            while let Some((p, hop)) = &parent[at as usize] {
                hops.push(hop.clone());
                at = *p;
            }
            hops.reverse();
            (v, hops)
        })
        .collect()
}

/// The objects a path runs through, each with the kind of move a fix on it takes away
/// (`None`: the object is on the path, but no fix there breaks it — a workload the attacker
/// starts in). One walk serves both the join with findings ([`records`]) and the cut
/// ([`cuts`]).
pub fn objects(g: &Graph<'_, '_>, hops: &[Hop]) -> Vec<(RecordId, Option<Cut>)> {
    let inventory = g.inventory();
    let endpoint = |w: usize| g.net.endpoints[w].record;
    let account = |v: &Vertex| match v {
        Vertex::Account(ns, name) => inventory.find_id(Some(ns), "ServiceAccount", name),
        _ => None,
    };
    let mut out = Vec::new();
    for hop in hops {
        match hop {
            Hop::Lateral { from, to } => {
                out.push((endpoint(*from), Some(Cut::Network)));
                out.push((endpoint(*to), Some(Cut::Network)));
            }
            Hop::Edge(e) => {
                let edge = &g.edges[*e as usize];
                let from = match g.vertices[edge.from as usize] {
                    Vertex::Workload(w) => Some(endpoint(w)),
                    _ => None,
                };
                let to = &g.vertices[edge.to as usize];
                match (&edge.how, to) {
                    (Move::Expose, Vertex::Entry(r)) => out.push((*r, Some(Cut::Network))),
                    (Move::Serve { service, .. }, Vertex::Workload(w)) => {
                        out.push((*service, Some(Cut::Network)));
                        out.push((endpoint(*w), Some(Cut::Network)));
                    }
                    (Move::Compromise, Vertex::Workload(w)) => out.push((endpoint(*w), None)),
                    // Taking the pods off the host network or ports is a pod-security fix.
                    (Move::HostExposed(_), Vertex::Workload(w)) => {
                        out.push((endpoint(*w), Some(Cut::Escape)));
                    }
                    (Move::Token | Move::NodeToken { .. }, Vertex::Account(..)) => {
                        out.extend(account(to).map(|r| (r, Some(Cut::Token))));
                        let workload = match edge.how {
                            Move::NodeToken { workload, .. } => Some(endpoint(workload)),
                            _ => from,
                        };
                        out.extend(workload.map(|w| (w, Some(Cut::Token))));
                    }
                    (Move::Rbac(i), _) => {
                        let start = account(&g.vertices[edge.from as usize]);
                        out.extend(start.map(|r| (r, Some(Cut::Rbac))));
                        let path = &g.rbac.escalations().paths[*i];
                        for step in &path.steps {
                            for grant in step.via.iter().chain(&step.also_via) {
                                for r in grant.binding.iter().chain(std::iter::once(&grant.role)) {
                                    if let Some(id) =
                                        inventory.find_id(r.namespace.as_deref(), &r.kind, &r.name)
                                    {
                                        out.push((id, Some(Cut::Rbac)));
                                    }
                                }
                            }
                        }
                    }
                    (Move::Escape, _) => out.extend(from.map(|r| (r, Some(Cut::Escape)))),
                    _ => {}
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The records a path runs through (entry points, Services, workloads, service accounts,
/// bindings and roles), for joining it with the scan's findings.
pub fn records(objects: &[(RecordId, Option<Cut>)]) -> Vec<RecordId> {
    let mut out: Vec<RecordId> = objects.iter().map(|(r, _)| *r).collect();
    out.dedup();
    out
}

/// The (record, move) pairs of a path that a fix could take away.
pub fn cuts(objects: &[(RecordId, Option<Cut>)]) -> Vec<(RecordId, Cut)> {
    objects
        .iter()
        .filter_map(|(r, c)| c.map(|c| (*r, c)))
        .collect()
}

/// The kind of move a finding's fix can take away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cut {
    /// Exposure and lateral movement: Services, Ingresses, NetworkPolicies.
    Network,
    /// A mounted service-account token.
    Token,
    /// An RBAC grant or escalation step.
    Rbac,
    /// A way out of the container onto the node.
    Escape,
}
