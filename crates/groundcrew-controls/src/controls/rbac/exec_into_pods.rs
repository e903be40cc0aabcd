use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, report_grants_ranked};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1105",
        name: "exec-into-pods",
        title: "Exec, attach and port-forward into pods should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `pods/exec` or `pods/attach` (Kubescape C-0002) or `pods/portforward` (C-0063) with `create` — or `get`, which API servers before the `AuthorizePodWebsocketUpgradeCreatePermission` feature (default since 1.31) also accepted for the WebSocket upgrade. `pods` alone does not grant the subresources, and `*/exec` does.",
        rationale: "Exec and attach run commands in a container with its service-account token and mounted Secrets at hand; port-forward reaches services that no NetworkPolicy would let through.",
        remediation: "Keep exec, attach and port-forward to break-glass identities; use logs, metrics and ephemeral debug containers under review instead.",
        references: References {
            kubescape: &["C-0002", "C-0063"],
            cis: &[],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1609"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: debug, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods/exec]\n  verbs: [create]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debug}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: debug, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [pods, pods/log]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debug}\nsubjects:\n- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    // `create` (what current API servers check) names the finding before `get`.
    let with = |verb: &'static str| {
        move |rule: &groundcrew_inventory::PolicyRule, scope: &groundcrew_rbac::Scope| {
            ["exec", "attach", "portforward"]
                .into_iter()
                .find_map(|sub| {
                    allowed_verb(rule, scope, &[verb], "", "pods", Some(sub))?;
                    let ids: &'static [&'static str] = if sub == "portforward" {
                        &["C-0063"]
                    } else {
                        &["C-0002"]
                    };
                    Hit::as_(ids, format!("{verb} pods/{sub}"))
                })
        }
    };
    let (create, get) = (with("create"), with("get"));
    report_grants_ranked(a, out, &[&create, &get]);
}
