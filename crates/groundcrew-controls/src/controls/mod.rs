//! One module per category, one file per control.

pub mod api;
pub mod beyond_objects;
pub mod cluster;
pub mod control_plane;
pub mod network;
pub mod node;
pub mod pod_security;
pub mod rbac;
pub mod references;
pub mod software;
pub mod workload;

use groundcrew_inventory::PodTemplate;

use crate::{ObjectCtx, Report};

/// The pod template of a workload, marking the object relevant; `None` for other objects.
pub(crate) fn workload<'c, 'a>(
    ctx: &'c ObjectCtx<'a>,
    out: &mut Report<'_>,
) -> Option<&'c PodTemplate<'a>> {
    let pod = ctx.pod.as_ref()?;
    out.relevant();
    Some(pod)
}
