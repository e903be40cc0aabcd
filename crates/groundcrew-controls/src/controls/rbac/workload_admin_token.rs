use std::collections::HashMap;

use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Facts;
use groundcrew_rbac::{Analysis, Position, SubjectKey};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1121",
        name: "workload-admin-token",
        title: "Workloads should not mount the token of a service account that is, or can become, cluster-admin",
        severity: Severity::Critical,
        category: "rbac",
        description: "Fails for every workload whose pods mount their service account's token (`automountServiceAccountToken` of the pod, else of the ServiceAccount, else true) while that service account holds administrative rights — every verb on every resource, cluster-wide or in a namespace (Kubescape C-0272) — or can reach cluster-admin through an escalation chain (C-0267: cluster takeover). Whoever compromises the container owns what the token can do.",
        rationale: "A container compromise turns into a cluster compromise when the container holds an admin token: the Tesla cryptojacking path.",
        remediation: "Give the workload its own service account with the narrowest role, or set `automountServiceAccountToken: false` when it does not call the API.",
        references: References {
            kubescape: &["C-0272", "C-0267"],
            cis: &["5.1.6"],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ops, namespace: tools}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: shell, namespace: tools}\nspec:\n  serviceAccountName: ops\n  containers:\n  - {name: shell, image: 'registry.example.com/shell:1.0'}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ops, namespace: tools}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: shell, namespace: tools}\nspec:\n  serviceAccountName: ops\n  automountServiceAccountToken: false\n  containers:\n  - {name: shell, image: 'registry.example.com/shell:1.0'}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    // Service account → what it is (admin) or can become (cluster-admin by escalation).
    let mut strong: HashMap<&SubjectKey, (&'static [&'static str], String)> = HashMap::new();
    for p in &a.escalations().paths {
        let kind: &'static [&'static str] = if p.escalation {
            &["C-0267"]
        } else {
            &["C-0272"]
        };
        let what = match (&p.reaches, p.escalation) {
            (Position::ClusterAdmin, false) => "holds cluster-admin rights".to_string(),
            (Position::ClusterAdmin, true) => {
                format!(
                    "can make itself cluster-admin in {} step{}",
                    p.steps.len(),
                    if p.steps.len() == 1 { "" } else { "s" }
                )
            }
            (Position::NamespaceAdmin(ns), false) => format!("holds every right in namespace {ns}"),
            _ => continue,
        };
        strong.entry(&p.subject).or_insert((kind, what));
    }
    if strong.is_empty() {
        for (i, r) in a.rbac.inventory.records().enumerate() {
            if matches!(r.facts, Facts::Workload(_)) {
                out.relevant(i as u32);
            }
        }
        return;
    }
    let inventory = a.rbac.inventory;
    for (i, record) in inventory.records().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        let ns = record.id.namespace.as_deref().unwrap_or("default");
        let key = SubjectKey::service_account(ns, &w.service_account);
        let Some((kubescape, what)) = strong.get(&key) else {
            continue;
        };
        if inventory.token_mounted(ns, w) {
            out.fail_as(
                kubescape,
                i,
                record,
                &w.automount_path,
                w.automount_pos,
                format!(
                    "mounts the token of {key}, which {what} (see `groundcrew rbac escalations`)"
                ),
            );
        }
    }
}
