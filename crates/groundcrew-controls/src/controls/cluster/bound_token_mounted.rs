use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC609",
        name: "bound-token-mounted",
        title: "Workloads should not mount the token of a service account that has role bindings",
        severity: Severity::Medium,
        category: "cluster",
        description: "Fails for every workload whose pods get their service account's token mounted — the pod spec's `automountServiceAccountToken` when set, else the ServiceAccount's, else true — while some RoleBinding or ClusterRoleBinding of the input grants that service account a role. What the role allows is the RBAC analysis's business; here, any grant counts.",
        rationale: "A mounted token with permissions is the step from a compromised container to the Kubernetes API: whatever the role allows, the attacker can do.",
        remediation: "Set `automountServiceAccountToken: false` on the pod spec unless the workload calls the API; when it does, bind the narrowest role and prefer a projected token with a short expiry.",
        references: References {
            kubescape: &["C-0261"],
            cis: &["5.1.6"],
            nsa: &["Authentication and authorization: service accounts"],
            mitre: &["T1528"],
            pss: &[],
        },
        failing_example: "kind: RoleBinding\nsubjects:\n- {kind: ServiceAccount, name: api}\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: api\n",
        passing_example: "kind: RoleBinding\nsubjects:\n- {kind: ServiceAccount, name: api}\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: api\n      automountServiceAccountToken: false\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    // (namespace, service account) → the first binding that grants it a role.
    let mut bound: std::collections::HashMap<(&str, &str), (&str, &str)> =
        std::collections::HashMap::new();
    for r in inventory.records() {
        let Facts::Binding(b) = &r.facts else {
            continue;
        };
        for s in &b.subjects {
            if &*s.kind == "ServiceAccount"
                && let Some(ns) = s.namespace.as_deref()
            {
                bound
                    .entry((ns, &s.name))
                    .or_insert((&r.id.kind, &r.id.name));
            }
        }
    }
    for (i, record) in inventory.records().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        let ns = record.id.namespace.as_deref().unwrap_or("default");
        let Some((kind, name)) = bound.get(&(ns, &*w.service_account)) else {
            continue;
        };
        if inventory.token_mounted(ns, w) {
            out.fail(
                i,
                record,
                &w.automount_path,
                w.automount_pos,
                format!(
                    "mounts the token of ServiceAccount {}, which {kind} {name} grants a role",
                    w.service_account
                ),
            );
        }
    }
}
