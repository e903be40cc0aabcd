use groundcrew_yaml::{FieldPath, Node};

use crate::Object;
use crate::kinds::WORKLOAD_KINDS;

/// Which list of a pod spec a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    Container,
    InitContainer,
    EphemeralContainer,
}

impl ContainerKind {
    pub const ALL: [ContainerKind; 3] = [
        ContainerKind::Container,
        ContainerKind::InitContainer,
        ContainerKind::EphemeralContainer,
    ];

    /// The pod spec field that holds this list.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::InitContainer => "initContainers",
            ContainerKind::EphemeralContainer => "ephemeralContainers",
        }
    }

    /// How messages name it: "container", "init container"...
    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Container => "container",
            ContainerKind::InitContainer => "init container",
            ContainerKind::EphemeralContainer => "ephemeral container",
        }
    }
}

/// One container of a pod template, with its field path.
#[derive(Debug, Clone)]
pub struct ContainerView<'a> {
    pub kind: ContainerKind,
    pub index: usize,
    pub node: &'a Node,
    /// e.g. `spec.jobTemplate.spec.template.spec.containers[0]`
    pub path: FieldPath,
    /// The first string of `command`, or without one of `args`: the program it runs (read
    /// once here; dozens of control-plane checks ask every container for it).
    pub first_word: Option<&'a str>,
    /// `name`, `image` and `securityContext`, looked up once here: most checks and every
    /// finding's message ask for one of them.
    name: &'a str,
    image: Option<&'a str>,
    security_context: Option<&'a Node>,
}

impl<'a> ContainerView<'a> {
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The `image` reference, when it is a string.
    pub fn image(&self) -> Option<&'a str> {
        self.image
    }

    pub fn security_context(&self) -> Option<&'a Node> {
        self.security_context
    }

    /// A field of the container's securityContext.
    pub fn sc(&self, key: &str) -> Option<&'a Node> {
        self.security_context()?.get(key)
    }

    pub fn sc_path(&self, keys: &[&str]) -> FieldPath {
        self.path.key("securityContext").join(keys)
    }

    /// `container "nginx"`, for messages.
    pub fn describe(&self) -> String {
        format!("{} \"{}\"", self.kind.noun(), self.name())
    }
}

/// The pod template of a workload: the pod spec, the pod metadata (labels, annotations) and
/// every container of every list.
#[derive(Debug, Clone)]
pub struct PodTemplate<'a> {
    pub spec: &'a Node,
    /// e.g. `spec.template.spec`
    pub spec_path: FieldPath,
    /// The pod's metadata: the object's own for a Pod, the template's otherwise.
    pub metadata: Option<&'a Node>,
    pub metadata_path: FieldPath,
    pub containers: Vec<ContainerView<'a>>,
    /// `spec.securityContext`, looked up once here.
    security_context: Option<&'a Node>,
}

impl<'a> PodTemplate<'a> {
    pub fn security_context(&self) -> Option<&'a Node> {
        self.security_context
    }

    /// A field of the pod-level securityContext.
    pub fn sc(&self, key: &str) -> Option<&'a Node> {
        self.security_context()?.get(key)
    }

    pub fn sc_path(&self, keys: &[&str]) -> FieldPath {
        self.spec_path.key("securityContext").join(keys)
    }

    pub fn annotations(&self) -> impl Iterator<Item = (&'a str, &'a Node)> {
        self.metadata
            .and_then(|m| m.get("annotations"))
            .and_then(Node::as_map)
            .into_iter()
            .flat_map(|m| m.iter())
    }

    /// `spec.os.name` is `windows`.
    pub fn is_windows(&self) -> bool {
        self.spec
            .get_path(&["os", "name"])
            .and_then(Node::as_str)
            .is_some_and(|n| n == "windows")
    }

    /// `spec.hostUsers` is `false`: the pod runs in its own user namespace.
    pub fn uses_user_namespace(&self) -> bool {
        self.spec.get("hostUsers").and_then(Node::as_bool) == Some(false)
    }

    pub fn volumes(&self) -> impl Iterator<Item = (usize, &'a Node)> {
        self.spec
            .get("volumes")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
    }

    pub fn volume_path(&self, index: usize) -> FieldPath {
        self.spec_path.key("volumes").index(index)
    }

    /// The volume named `name`, with its index.
    pub fn volume(&self, name: &str) -> Option<(usize, &'a Node)> {
        self.volumes()
            .find(|(_, v)| v.get("name").and_then(Node::as_str) == Some(name))
    }
}

/// The pod template of a workload object (Pod, Deployment, ..., CronJob, PodTemplate), or
/// `None` for other kinds or a workload with no pod spec.
pub fn pod_template(object: &Object) -> Option<PodTemplate<'_>> {
    let (_, keys) = WORKLOAD_KINDS
        .iter()
        .find(|(k, _)| *k == &*object.id.kind)?;
    let spec = object.root.get_path(keys)?;
    spec.as_map()?;
    let spec_path = FieldPath::keys(keys);
    let (metadata, metadata_path) = if keys.len() == 1 {
        (object.root.get("metadata"), FieldPath::keys(&["metadata"]))
    } else {
        let parent = &keys[..keys.len() - 1];
        let meta_keys: Vec<&str> = parent.iter().copied().chain(["metadata"]).collect();
        (
            object.root.get_path(&meta_keys),
            FieldPath::keys(&meta_keys),
        )
    };
    let mut containers = Vec::new();
    for kind in ContainerKind::ALL {
        let list_path = spec_path.key(kind.field());
        let list = spec.get(kind.field()).map(Node::items).unwrap_or(&[]);
        for (index, node) in list.iter().enumerate() {
            let first_string = |key: &str| node.get(key)?.items().iter().find_map(Node::as_str);
            containers.push(ContainerView {
                kind,
                index,
                node,
                path: list_path.index(index),
                first_word: first_string("command").or_else(|| first_string("args")),
                name: node.get("name").and_then(Node::as_str).unwrap_or(""),
                image: node.get("image").and_then(Node::as_str),
                security_context: node.get("securityContext"),
            });
        }
    }
    Some(PodTemplate {
        spec,
        spec_path,
        metadata,
        metadata_path,
        containers,
        security_context: spec.get("securityContext"),
    })
}
