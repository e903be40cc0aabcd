use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC605",
        name: "objects-in-default-namespace",
        title: "The default namespace should not be used",
        severity: Severity::Low,
        category: "cluster",
        description: "Fails for every namespaced object other than a workload (workloads are GC307's) whose namespace is `default` or unset — Services, ConfigMaps, Secrets, Roles, bindings, Ingresses and so on. The objects Kubernetes itself keeps there (the `kubernetes` Service and Endpoints, the `kube-root-ca.crt` ConfigMap, the `default` ServiceAccount) pass. Together with GC307 this is Kubescape's C-0212.",
        rationale: "The default namespace carries no boundary: RBAC, quotas, network policies and Pod Security labels are rarely set on it, and everything there shares them.",
        remediation: "Move the object to a dedicated namespace.",
        references: References {
            kubescape: &["C-0212"],
            cis: &["5.7.4"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
        passing_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let id = &ctx.object.id;
    let Some(ns) = id.namespace.as_deref() else {
        return;
    };
    if ctx.pod.is_some() {
        return;
    }
    out.relevant();
    let builtin = matches!(
        (&*id.kind, &*id.name),
        ("Service" | "Endpoints" | "EndpointSlice", "kubernetes")
            | ("ConfigMap", "kube-root-ca.crt")
            | ("ServiceAccount", "default")
    );
    if ns == "default" && !builtin {
        out.fail(
            FieldPath::keys(&["metadata", "namespace"]),
            format!("{} is in the default namespace", id.kind),
        );
    }
}
