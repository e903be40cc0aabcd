use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC707",
        name: "aws-load-balancer-tls",
        title: "AWS load balancers should terminate TLS with a certificate (for review)",
        severity: Severity::Low,
        category: "network",
        description: "Fails for every LoadBalancer Service without the `service.beta.kubernetes.io/aws-load-balancer-ssl-cert` annotation (and, when it has one, without `aws-load-balancer-ssl-ports`), the CIS EKS Benchmark 5.5.1 check. Clusters outside AWS have no use for it: not in the default selection (use `--control GC707`).",
        rationale: "A load balancer that forwards plain TCP leaves encryption to every backend; a certificate on the load balancer guarantees HTTPS for clients.",
        remediation: "Annotate the Service with `service.beta.kubernetes.io/aws-load-balancer-ssl-cert: <ACM ARN>` and `service.beta.kubernetes.io/aws-load-balancer-ssl-ports: \"443\"`.",
        references: References {
            kubescape: &["C-0231"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Service\nspec:\n  type: LoadBalancer\n",
        passing_example: "kind: Service\nmetadata:\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/abc\n    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: \"443\"\nspec:\n  type: LoadBalancer\n",
    },
    check: Check::Object(check),
    requires: None,
};

const CERT: &str = "service.beta.kubernetes.io/aws-load-balancer-ssl-cert";
const PORTS: &str = "service.beta.kubernetes.io/aws-load-balancer-ssl-ports";

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let root = &ctx.object.root;
    if &*ctx.object.id.kind != "Service"
        || root.get_path(&["spec", "type"]).and_then(Node::as_str) != Some("LoadBalancer")
    {
        return;
    }
    out.relevant();
    let annotation = |k: &str| {
        root.get_path(&["metadata", "annotations"])
            .and_then(|a| a.get(k))
            .and_then(Node::as_str)
            .filter(|v| !v.is_empty())
    };
    let path = FieldPath::keys(&["metadata", "annotations"]);
    if annotation(CERT).is_none() {
        out.fail(
            path.key(CERT),
            "LoadBalancer Service has no TLS certificate annotation",
        );
    } else if annotation(PORTS).is_none() {
        out.fail(
            path.key(PORTS),
            "LoadBalancer Service does not say which ports use TLS",
        );
    }
}
