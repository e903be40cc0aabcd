use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::Analysis;

use super::{Hit, allowed_verb, report_grants};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1103",
        name: "read-secrets",
        title: "Access to Secrets should be minimal",
        severity: Severity::High,
        category: "rbac",
        description: "Fails for every subject of a binding whose role allows `get`, `list` or `watch` on `secrets` (core group) for every name — in the binding's namespace, or cluster-wide (CIS 5.1.2). A rule limited by `resourceNames` to the Secrets a workload needs passes: that is the least-privilege form (Kubescape C-0015/C-0186 flag it too). `secrets` in another API group (a CRD) is not the core resource and is not counted.",
        rationale: "Secrets hold credentials: service-account tokens, database passwords, TLS keys. Reading them is how one compromised identity becomes many.",
        remediation: "Grant `get` on the named Secrets the subject needs (`resourceNames`), and no `list` or `watch` (they return every Secret's content).",
        references: References {
            kubescape: &["C-0015", "C-0186"],
            cis: &["5.1.2"],
            nsa: &["Authentication and authorization: least privilege"],
            mitre: &["T1552.007"],
            pss: &[],
        },
        failing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [secrets]\n  verbs: [get, list]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
        passing_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules:\n- apiGroups: ['']\n  resources: [secrets]\n  verbs: [get]\n  resourceNames: [api-db]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    report_grants(a, out, |rule, scope| {
        if !rule.resource_names.is_empty() {
            return None;
        }
        let verb = allowed_verb(rule, scope, &["list", "watch", "get"], "", "secrets", None)?;
        Hit::new(format!("{verb} every Secret"))
    });
}
