use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC317",
        name: "insecure-capabilities",
        title: "Containers must not add insecure capabilities",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every entry of `securityContext.capabilities.add`, in any container list, that is in the `insecureCapabilities` input (default: ALL, BPF, DAC_READ_SEARCH, MAC_ADMIN, MAC_OVERRIDE, NET_ADMIN, NET_RAW, PERFMON, SETPCAP, SYS_ADMIN, SYS_BOOT, SYS_MODULE, SYS_PTRACE, SYS_RAWIO). A `CAP_` prefix is ignored.",
        rationale: "These capabilities let a process load kernel modules, trace other processes, reconfigure the network or bypass file permissions — the building blocks of container escapes.",
        remediation: "Remove the capability; drop ALL and add back only what the process needs.",
        references: References {
            kubescape: &["C-0046", "C-0057"],
            cis: &["5.2.8", "5.2.9"],
            nsa: &["Pod security: capabilities"],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      add: [\"NET_ADMIN\"]\n",
        passing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      drop: [\"ALL\"]\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let added = c
            .sc("capabilities")
            .and_then(|k| k.get("add"))
            .map(Node::items)
            .unwrap_or(&[]);
        for (i, cap) in added.iter().enumerate() {
            let name = cap.display_scalar();
            let bare = name.strip_prefix("CAP_").unwrap_or(&name);
            if ctx
                .inputs
                .insecure_capabilities
                .iter()
                .any(|k| k.eq_ignore_ascii_case(bare))
            {
                // Kubescape's C-0057 ("privileged container") counts SYS_ADMIN too.
                let matching: &'static [&'static str] = if bare.eq_ignore_ascii_case("SYS_ADMIN") {
                    &["C-0046", "C-0057"]
                } else {
                    &["C-0046"]
                };
                out.fail_as(
                    matching,
                    c.sc_path(&["capabilities", "add"]).index(i),
                    format!("{} adds insecure capability {name}", c.describe()),
                );
            }
        }
    }
}
