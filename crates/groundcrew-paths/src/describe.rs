//! Paths as readable steps, each naming the object (and file:line) that makes it possible.

use groundcrew_findings::Severity;
use groundcrew_inventory::{Facts, RecordId};
use serde::Serialize;

use crate::graph::{Goal, Graph, Move, Vertex};
use crate::search::{Found, Hop};

/// An object a step points to.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub api_version: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
}

/// One step of a path.
#[derive(Debug, Clone, Serialize)]
pub struct StepOut {
    /// `entry`, `workload`, `service-account`, `rbac`, `node`, `target`.
    pub kind: &'static str,
    /// Short label for pictures and the one-line form: `LoadBalancer Service ns/web:80`.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// `file:line:column` of the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub reason: String,
}

/// A path as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PathOut {
    pub id: String,
    pub severity: Severity,
    pub score: f64,
    pub entry: &'static str,
    pub target: String,
    pub steps: Vec<StepOut>,
    /// The scan findings on the path's objects (ids as in the scan report), when joined.
    pub findings: Vec<String>,
    /// The controls of those findings (for the one-line summary).
    #[serde(skip)]
    pub finding_controls: Vec<String>,
    #[serde(skip)]
    pub records: Vec<RecordId>,
}

/// Severity of a path score.
pub fn severity(score: f64) -> Severity {
    if score >= 85.0 {
        Severity::Critical
    } else if score >= 65.0 {
        Severity::High
    } else if score >= 40.0 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

fn object(g: &Graph<'_, '_>, r: RecordId) -> (Option<ObjectRef>, Option<String>) {
    let record = g.inventory().get(r);
    let id = &record.id;
    let location = record
        .source
        .as_ref()
        .map(|s| format!("{}:{}:{}", s.file, s.pos.line, s.pos.col));
    (
        Some(ObjectRef {
            api_version: id.api_version.to_string(),
            kind: id.kind.to_string(),
            namespace: id.namespace.as_ref().map(|n| n.to_string()),
            name: id.name.to_string(),
        }),
        location,
    )
}

fn at(g: &Graph<'_, '_>, r: RecordId, pos: groundcrew_yaml::Pos) -> Option<String> {
    g.inventory()
        .get(r)
        .source
        .as_ref()
        .map(|s| format!("{}:{}:{}", s.file, pos.line, pos.col))
}

fn qualified(g: &Graph<'_, '_>, r: RecordId) -> String {
    let id = &g.inventory().get(r).id;
    match &id.namespace {
        Some(ns) => format!("{} {ns}/{}", id.kind, id.name),
        None => format!("{} {}", id.kind, id.name),
    }
}

pub fn goal_name(g: &Graph<'_, '_>, goal: &Goal) -> String {
    match goal {
        Goal::ClusterAdmin => "cluster-admin".into(),
        Goal::Node => "node".into(),
        Goal::AllSecrets => "secrets (all namespaces)".into(),
        Goal::NamespaceAdmin(ns) => format!("namespace-admin:{ns}"),
        Goal::Secrets(ns) => format!("secrets:{ns}"),
        Goal::Sensitive(e) => format!("sensitive:{}", g.net.endpoints[*e].display()),
    }
}

fn workload_step(g: &Graph<'_, '_>, w: usize, reason: String) -> StepOut {
    let endpoint = &g.net.endpoints[w];
    let (object, location) = object(g, endpoint.record);
    let mut label = format!("{} {}/{}", endpoint.kind, endpoint.namespace, endpoint.name);
    let mut reason = reason;
    if let Some(lures) = g.lures.get(&w) {
        label = format!("{label} ({})", lures.join("; "));
        reason = format!("{reason}; {}", lures.join("; "));
    }
    if let Some(weak) = g.weaknesses.get(&w) {
        reason = format!("{reason}; {}", weak.join(", "));
    }
    StepOut {
        kind: "workload",
        label,
        object,
        location,
        reason,
    }
}

fn steps_of(g: &Graph<'_, '_>, hop: &Hop, out: &mut Vec<StepOut>) {
    let inventory = g.inventory();
    match hop {
        Hop::Lateral { from, to } => {
            let conn = g.reach.connection(
                groundcrew_netpol::Node::Workload(*from),
                groundcrew_netpol::Node::Workload(*to),
            );
            out.push(workload_step(
                g,
                *to,
                format!(
                    "{} can connect to it on {conn} (NetworkPolicies allow it)",
                    g.net.endpoints[*from].display()
                ),
            ));
        }
        Hop::Edge(e) => {
            let edge = &g.edges[*e as usize];
            match (&edge.how, &g.vertices[edge.to as usize]) {
                (Move::Expose, Vertex::Entry(r)) => {
                    let (object, location) = object(g, *r);
                    let record = inventory.get(*r);
                    let how = match &record.facts {
                        Facts::Service(s) => s.service_type.to_string(),
                        _ => String::new(),
                    };
                    let ports = match &record.facts {
                        Facts::Service(s) => s
                            .service_ports
                            .iter()
                            .map(|p| format!(":{}", p.port))
                            .collect::<Vec<_>>()
                            .join(","),
                        _ => String::new(),
                    };
                    let label = format!("{how} {}{ports}", qualified(g, *r))
                        .trim()
                        .to_string();
                    out.push(StepOut {
                        kind: "entry",
                        reason: format!("{label} brings traffic from outside the cluster"),
                        label,
                        object,
                        location,
                    });
                }
                (Move::Serve { ports, service }, Vertex::Workload(w)) => {
                    out.push(workload_step(
                        g,
                        *w,
                        format!(
                            "{} sends traffic to it and its ingress admits {ports}",
                            qualified(g, *service)
                        ),
                    ));
                }
                (Move::HostExposed(how), Vertex::Workload(w)) => {
                    let endpoint = &g.net.endpoints[*w];
                    out.push(StepOut {
                        kind: "entry",
                        label: format!("node address of {}", endpoint.display()),
                        object: None,
                        location: None,
                        reason: how.to_string(),
                    });
                    out.push(workload_step(g, *w, how.to_string()));
                }
                (Move::Compromise, Vertex::Workload(w)) => {
                    out.push(workload_step(
                        g,
                        *w,
                        "the attacker runs code in one of its pods".into(),
                    ));
                }
                (Move::Token | Move::NodeToken { .. }, Vertex::Account(ns, name)) => {
                    let found = inventory.find_id(Some(ns), "ServiceAccount", name);
                    let (object, location) = match found {
                        Some(r) => object(g, r),
                        None => (
                            Some(ObjectRef {
                                api_version: "v1".into(),
                                kind: "ServiceAccount".into(),
                                namespace: Some(ns.to_string()),
                                name: name.to_string(),
                            }),
                            None,
                        ),
                    };
                    let from = match g.vertices[edge.from as usize] {
                        Vertex::Workload(w) => Some(w),
                        _ => None,
                    };
                    let (reason, location) = match (&edge.how, from) {
                        (
                            Move::NodeToken {
                                workload,
                                daemonset,
                            },
                            _,
                        ) => (
                            format!(
                                "the node runs pods of {}{} that mount its token",
                                g.net.endpoints[*workload].display(),
                                if *daemonset {
                                    " (a DaemonSet: every node)"
                                } else {
                                    " (not pinned to nodes)"
                                }
                            ),
                            location,
                        ),
                        (_, Some(w)) => {
                            let record = g.net.endpoints[w].record;
                            let loc = match &inventory.get(record).facts {
                                Facts::Workload(f) => at(g, record, f.automount_pos),
                                _ => None,
                            };
                            (
                                format!(
                                    "{} mounts its token (automountServiceAccountToken not false)",
                                    g.net.endpoints[w].display()
                                ),
                                loc.or(location),
                            )
                        }
                        _ => ("its token".into(), location),
                    };
                    out.push(StepOut {
                        kind: "service-account",
                        label: format!("ServiceAccount {ns}/{name}"),
                        object,
                        location,
                        reason,
                    });
                }
                (Move::Rbac(i), Vertex::Goal(goal)) => {
                    let path = &g.rbac.escalations().paths[*i];
                    for step in &path.steps {
                        let grant = step.via.as_ref();
                        let (object, location, label) = match grant {
                            Some(gr) => {
                                let r = gr.binding.as_ref().unwrap_or(&gr.role);
                                let obj =
                                    inventory.find_id(r.namespace.as_deref(), &r.kind, &r.name);
                                let (object, location) = match obj {
                                    Some(id) => object(g, id),
                                    None => (
                                        Some(ObjectRef {
                                            api_version: "rbac.authorization.k8s.io/v1".into(),
                                            kind: r.kind.clone(),
                                            namespace: r.namespace.clone(),
                                            name: r.name.clone(),
                                        }),
                                        None,
                                    ),
                                };
                                let label = match &gr.binding {
                                    Some(b) => format!(
                                        "{} {} → {} {}",
                                        b.kind, b.name, gr.role.kind, gr.role.name
                                    ),
                                    None => format!("{} {}", gr.role.kind, gr.role.name),
                                };
                                (object, location, label)
                            }
                            None => (None, None, step.action.clone()),
                        };
                        out.push(StepOut {
                            kind: "rbac",
                            label,
                            object,
                            location,
                            reason: format!("{}: {} → {}", step.from, step.action, step.to),
                        });
                    }
                    out.push(goal_step(g, goal, "what the RBAC chain reaches".into()));
                }
                (Move::Escape, Vertex::AnyNode) => {
                    let Vertex::Workload(w) = g.vertices[edge.from as usize] else {
                        return;
                    };
                    let record = g.net.endpoints[w].record;
                    let counted = g.escapes.get(&w).map(Vec::as_slice).unwrap_or(&[]);
                    let (reasons, location) = match &inventory.get(record).facts {
                        Facts::Workload(f) => {
                            let facts: Vec<_> =
                                counted.iter().filter_map(|&i| f.escapes.get(i)).collect();
                            (
                                facts
                                    .iter()
                                    .map(|x| x.reason.to_string())
                                    .collect::<Vec<_>>(),
                                facts.first().and_then(|x| at(g, record, x.pos)),
                            )
                        }
                        _ => (Vec::new(), None),
                    };
                    let (object, _) = object(g, record);
                    out.push(StepOut {
                        kind: "node",
                        label: "node (container escape)".into(),
                        object,
                        location,
                        reason: format!("its pods can take over the node: {}", reasons.join("; ")),
                    });
                }
                (Move::Sensitive(why), Vertex::Goal(goal)) => {
                    out.push(goal_step(g, goal, why.to_string()));
                }
                _ => {}
            }
        }
    }
}

fn goal_step(g: &Graph<'_, '_>, goal: &Goal, reason: String) -> StepOut {
    let (object, location) = match goal {
        Goal::Sensitive(e) => object(g, g.net.endpoints[*e].record),
        _ => (None, None),
    };
    StepOut {
        kind: "target",
        label: goal_name(g, goal),
        object,
        location,
        reason,
    }
}

/// The readable form of a found path.
pub fn describe(g: &Graph<'_, '_>, found: &Found, id: String) -> PathOut {
    let mut steps = vec![StepOut {
        kind: "entry",
        label: found.start.name().into(),
        object: None,
        location: None,
        reason: match found.start {
            crate::search::Start::Internet => "anyone on the internet".into(),
            crate::search::Start::Cluster => "a compromised pod anywhere in the cluster".into(),
        },
    }];
    for hop in &found.hops {
        steps_of(g, hop, &mut steps);
    }
    PathOut {
        id,
        severity: severity(found.score),
        score: found.score,
        entry: found.start.name(),
        target: goal_name(g, &found.goal),
        steps,
        findings: Vec::new(),
        finding_controls: Vec::new(),
        records: crate::search::records(&crate::search::objects(g, &found.hops)),
    }
}

/// `internet → LoadBalancer Service ns/web:80 → Deployment ns/web → ... → cluster-admin`.
pub fn one_line(path: &PathOut) -> String {
    path.steps
        .iter()
        .map(|s| s.label.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}
