//! Which of a workload's escape facts hand over the node, by the same configuration the
//! hostPath and capability controls use: for the attack-path analysis.

use groundcrew_inventory::EscapeKind;

use crate::ControlInputs;
use crate::controls::workload::container_runtime_socket::is_runtime_socket;
use crate::controls::workload::sensitive_host_path::is_sensitive;

/// Capabilities with which a process leaves the container (mounts, kernel modules,
/// tracing host processes, raw devices, reading any file).
const ESCAPE_CAPABILITIES: [&str; 6] = [
    "ALL",
    "DAC_READ_SEARCH",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
];

/// Whether a fact hands over the node: always for privileged containers and host
/// namespaces; for a hostPath, when GC311 (`sensitiveHostPaths`) or GC312
/// (`runtimeSockets`) would flag it; for a capability, when it escapes the container.
pub fn hands_over_node(inputs: &ControlInputs, kind: &EscapeKind) -> bool {
    match kind {
        EscapeKind::Always => true,
        EscapeKind::HostPath(path) => {
            is_sensitive(path, &inputs.sensitive_host_paths)
                || is_runtime_socket(path, &inputs.runtime_sockets)
        }
        EscapeKind::Capability(cap) => ESCAPE_CAPABILITIES.contains(&&**cap),
    }
}
