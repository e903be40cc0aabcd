use std::collections::HashMap;

use std::sync::Arc;

use groundcrew_yaml::{Node, Pos};

use crate::intern::intern;
use crate::workload::pod_template;
use crate::{InlineIgnore, Object, ObjectId, Source};

/// Index of a record in the [`Inventory`].
pub type RecordId = u32;

/// What the run keeps of an object once its tree is gone: identity, source, labels, inline
/// exceptions, and the few facts cross-object analyses need.
#[derive(Debug, Clone)]
pub struct ObjectRecord {
    pub id: Arc<ObjectId>,
    pub source: Option<Source>,
    /// Interned label keys and values.
    pub labels: Vec<(Arc<str>, Arc<str>)>,
    pub inline_ignore: Option<Box<InlineIgnore>>,
    pub facts: Facts,
}

/// Kind-specific facts kept for cross-object analyses.
#[derive(Debug, Clone, Default)]
pub enum Facts {
    #[default]
    None,
    Workload(WorkloadFacts),
    ServiceAccount {
        /// `automountServiceAccountToken` of the ServiceAccount.
        automount: Option<bool>,
    },
}

/// What a workload's pod template says about its service account.
#[derive(Debug, Clone)]
pub struct WorkloadFacts {
    /// `serviceAccountName` (or the deprecated `serviceAccount`), `default` when unset.
    pub service_account: Box<str>,
    /// The pod spec's `automountServiceAccountToken`.
    pub automount: Option<bool>,
    /// The field path of `automountServiceAccountToken` and where it (or its nearest parent)
    /// is written.
    pub automount_path: Box<str>,
    pub automount_pos: Pos,
}

impl ObjectRecord {
    pub fn from_object(object: &Object) -> Self {
        let facts = if let Some(pod) = pod_template(object) {
            let service_account = pod
                .spec
                .get("serviceAccountName")
                .or_else(|| pod.spec.get("serviceAccount"))
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty())
                .unwrap_or("default");
            let path = pod.spec_path.key("automountServiceAccountToken");
            let (automount_pos, _) = path.locate(&object.root);
            let automount_path = path.to_string().into();
            Facts::Workload(WorkloadFacts {
                service_account: service_account.into(),
                automount: pod
                    .spec
                    .get("automountServiceAccountToken")
                    .and_then(Node::as_bool),
                automount_path,
                automount_pos,
            })
        } else if &*object.id.kind == "ServiceAccount" {
            Facts::ServiceAccount {
                automount: object
                    .root
                    .get("automountServiceAccountToken")
                    .and_then(Node::as_bool),
            }
        } else {
            Facts::None
        };
        ObjectRecord {
            id: object.id.clone(),
            source: object.source.clone(),
            labels: object
                .labels()
                .map(|(k, v)| (intern(k), intern(v)))
                .collect(),
            inline_ignore: object.inline_ignore().map(Box::new),
            facts,
        }
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }
}

/// (namespace, kind, name): how objects refer to each other.
type NameKey = (Option<Arc<str>>, Arc<str>, Arc<str>);

/// Every object of a run, indexed once by kind and by (namespace, kind, name).
#[derive(Debug, Default)]
pub struct Inventory {
    records: Vec<ObjectRecord>,
    by_kind: HashMap<Arc<str>, Vec<RecordId>>,
    by_name: HashMap<NameKey, RecordId>,
}

impl Inventory {
    pub fn new(records: Vec<ObjectRecord>) -> Self {
        let mut by_kind: HashMap<Arc<str>, Vec<RecordId>> = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            let i = i as RecordId;
            by_kind.entry(r.id.kind.clone()).or_default().push(i);
            by_name.insert(
                (r.id.namespace.clone(), r.id.kind.clone(), r.id.name.clone()),
                i,
            );
        }
        Inventory {
            records,
            by_kind,
            by_name,
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn records(&self) -> &[ObjectRecord] {
        &self.records
    }

    pub fn get(&self, id: RecordId) -> &ObjectRecord {
        &self.records[id as usize]
    }

    /// Records of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = (RecordId, &ObjectRecord)> {
        self.by_kind
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|&i| (i, &self.records[i as usize]))
    }

    /// The object of `kind` named `name` in `namespace`.
    pub fn find(&self, namespace: Option<&str>, kind: &str, name: &str) -> Option<&ObjectRecord> {
        self.by_name
            .get(&(namespace.map(Into::into), kind.into(), name.into()))
            .map(|&i| &self.records[i as usize])
    }

    /// Whether any object of the run has this kind.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.by_kind.contains_key(kind)
    }
}
