use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC603",
        name: "binding-to-anonymous",
        title: "Nothing should be granted to anonymous or unauthenticated users",
        severity: Severity::Critical,
        category: "cluster",
        description: "Fails for every subject of a RoleBinding or ClusterRoleBinding that is the user `system:anonymous` or the group `system:unauthenticated`, whatever role it grants. The Kubernetes defaults that grant `system:public-info-viewer` to `system:unauthenticated` are recognised by name and content and pass. (Grants to `system:authenticated`, and what each role allows, come with the RBAC analysis.)",
        rationale: "Anonymous requests are on by default on many API servers; a grant to these subjects is a grant to anyone who can reach the API, as in the exposed-dashboard breaches.",
        remediation: "Remove the subject from the binding; grant to named users, groups or service accounts instead.",
        references: References {
            kubescape: &["C-0262"],
            cis: &[],
            nsa: &["Authentication and authorization: anonymous access"],
            mitre: &["T1078"],
            pss: &[],
        },
        failing_example: "kind: ClusterRoleBinding\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}\n",
        passing_example: "kind: ClusterRoleBinding\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}\n",
    },
    check: Check::Object(check),
    requires: None,
};

/// The default ClusterRoleBinding `system:public-info-viewer` (version and health
/// endpoints), as Kubernetes creates it.
fn is_default_public_info(ctx: &ObjectCtx<'_>) -> bool {
    let root = &ctx.object.root;
    &*ctx.object.id.kind == "ClusterRoleBinding"
        && &*ctx.object.id.name == "system:public-info-viewer"
        && root.get_path(&["roleRef", "name"]).and_then(Node::as_str)
            == Some("system:public-info-viewer")
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if !matches!(&*ctx.object.id.kind, "RoleBinding" | "ClusterRoleBinding") {
        return;
    }
    out.relevant();
    if is_default_public_info(ctx) {
        return;
    }
    let role = ctx
        .object
        .root
        .get_path(&["roleRef", "name"])
        .and_then(Node::as_str)
        .unwrap_or("?");
    let subjects = ctx
        .object
        .root
        .get("subjects")
        .map(Node::items)
        .unwrap_or(&[]);
    for (i, s) in subjects.iter().enumerate() {
        let kind = s.get("kind").and_then(Node::as_str);
        let name = s.get("name").and_then(Node::as_str);
        let anonymous = matches!(
            (kind, name),
            (Some("User"), Some("system:anonymous"))
                | (Some("Group"), Some("system:unauthenticated"))
        );
        if anonymous {
            out.fail(
                FieldPath::keys(&["subjects"]).index(i),
                format!("grants {role} to {}", name.unwrap_or("")),
            );
        }
    }
}
