use std::sync::Arc;

use groundcrew_findings::{ControlMeta, References, Related, Severity};
use groundcrew_rbac::{Analysis, Position};

use super::related;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1120",
        name: "escalation-to-cluster-admin",
        title: "No subject should be able to make itself cluster-admin",
        severity: Severity::Critical,
        category: "rbac",
        description: "Fails for every subject that does not hold cluster-admin but can reach it through a chain of steps, each a permission it (or an identity it becomes) holds: impersonating users, groups or service accounts; `bind` (with creating bindings) or `escalate` (with updating a role it is bound to); creating pods or pod controllers in a namespace (to run as its service accounts); creating tokens or reading legacy token Secrets of service accounts; exec, attach or ephemeral containers into pods that mount a stronger token; approving a client certificate for `system:masters`. Each step's result is computed from what the permission yields — `bind` limited to `view` does not reach cluster-admin. The finding's location is the first step's binding; `related` lists every binding and role of the chain; `groundcrew rbac escalations` prints it step by step.",
        rationale: "An escalation chain makes a modest-looking grant equivalent to cluster-admin: the identity behind it is one compromise away from owning the cluster.",
        remediation: "Break the chain at its cheapest step: usually the first grant, or the strong service account the chain passes through.",
        references: References {
            kubescape: &[],
            cis: &["5.1.8"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1078", "T1068"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [groups]\n  verbs: [impersonate]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: support}\nrules:\n- apiGroups: ['']\n  resources: [groups]\n  verbs: [impersonate]\n  resourceNames: [auditors]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: support}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let rbac = &a.rbac;
    for b in &rbac.bindings {
        out.relevant(b.record);
    }
    // Bindings by identity, to find those a chain names (the first, should one be declared
    // twice).
    let mut by_id: groundcrew_inventory::FastMap<(&str, Option<&str>, &str), usize> =
        groundcrew_inventory::FastMap::default();
    for (i, e) in rbac.bindings.iter().enumerate() {
        let id = &rbac.inventory.get(e.record).id;
        by_id
            .entry((&*id.kind, id.namespace.as_deref(), &*id.name))
            .or_insert(i);
    }
    let find = |kind: &str, namespace: Option<&str>, name: &str| {
        by_id.get(&(kind, namespace, name)).copied()
    };
    for path in &a.escalations().paths {
        if path.reaches != Position::ClusterAdmin || !path.escalation {
            continue;
        }
        // The first step's binding: where the subject's chain starts.
        let Some(first) = path.steps.first() else {
            continue;
        };
        let Some(binding) = first.via.as_ref().and_then(|v| v.binding.as_ref()) else {
            continue;
        };
        let Some(b) = find(&binding.kind, binding.namespace.as_deref(), &binding.name) else {
            continue;
        };
        let entry = &rbac.bindings[b];
        let record = rbac.inventory.get(entry.record);
        let mut all: Vec<Related> = Vec::new();
        for step in &path.steps {
            for via in step.via.iter().chain(&step.also_via) {
                let Some(bref) = &via.binding else { continue };
                if let Some(i) = find(&bref.kind, bref.namespace.as_deref(), &bref.name) {
                    for r in related(rbac, i as u32, rbac.bindings[i].role) {
                        if !all.iter().any(|x| x.resource == r.resource) {
                            all.push(r);
                        }
                    }
                }
            }
        }
        let chain: Vec<String> = path
            .steps
            .iter()
            .map(|s| format!("{} → {}", s.action, s.to))
            .collect();
        let pos = entry
            .facts
            .subjects
            .iter()
            .find(|s| {
                groundcrew_rbac::SubjectKey::from_binding(&s.kind, &s.name, s.namespace.as_deref())
                    .as_ref()
                    == Some(&path.subject)
            })
            .map_or(record.pos(), |s| s.pos);
        out.fail_subject(
            entry.record,
            record,
            Arc::new(path.subject.object_id()),
            "",
            pos,
            format!(
                "{} can make itself cluster-admin in {} step{}: {}",
                path.subject,
                path.steps.len(),
                if path.steps.len() == 1 { "" } else { "s" },
                chain.join("; ")
            ),
            all,
            None,
        );
    }
}
