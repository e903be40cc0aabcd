use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_rbac::{Analysis, SubjectKind};

use super::{fail_subjects, reported_bindings};
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1119",
        name: "binding-missing-service-account",
        title: "Bindings should name service accounts that exist",
        severity: Severity::Low,
        category: "rbac",
        description: "Fails for every ServiceAccount subject of a binding whose namespace the input defines (a Namespace object, or ServiceAccounts of that namespace) but not that service account. `default`, which Kubernetes creates in every namespace, always exists. Namespaces the input knows nothing about are not decided.",
        rationale: "A grant to a service account that does not exist yet is handed to whoever creates it first — with `create serviceaccounts` in that namespace, a way to the binding's role.",
        remediation: "Create the ServiceAccount with the manifests that bind it, or remove the subject.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
        passing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: api, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: api}\n",
    },
    check: Check::Rbac(check),
    requires: None,
};

fn check(a: &Analysis<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let rbac = &a.rbac;
    let inventory = rbac.inventory;
    let defined = |ns: &str| {
        inventory.find(None, "Namespace", ns).is_some()
            || inventory
                .in_namespace(Some(ns))
                .any(|(_, r)| &*r.id.kind == "ServiceAccount")
    };
    for b in reported_bindings(a) {
        let entry = &rbac.bindings[b as usize];
        out.relevant(entry.record);
        fail_subjects(
            a,
            out,
            b,
            &|s| {
                let ns = s.namespace.as_deref()?;
                let missing = s.kind == SubjectKind::ServiceAccount
                    && &*s.name != "default"
                    && defined(ns)
                    && inventory
                        .find(Some(ns), "ServiceAccount", &s.name)
                        .is_none();
                missing.then(|| format!("{s} is not defined, though namespace {ns} is"))
            },
            None,
        );
    }
}
