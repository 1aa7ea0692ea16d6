//! The change log: every write takes the next `resourceVersion` and is recorded as a watch
//! event (`staging/src/k8s.io/apimachinery/pkg/watch/watch.go` EventType; etcd3 revisions as
//! resourceVersions, `apiserver/pkg/storage/etcd3/store.go`).

use crate::object::Kind;

use super::Store;

/// What happened to an object, for watchers (`watch.EventType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ChangeOp {
    /// `ADDED`.
    Added,
    /// `MODIFIED`.
    Modified,
    /// `DELETED`.
    Deleted,
}

/// One write, as a watch would deliver it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The kind written.
    pub kind: Kind,
    /// Its namespace (empty for namespaces).
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Added, modified or deleted.
    pub op: ChangeOp,
    /// The resourceVersion of the write.
    pub resource_version: u64,
}

impl Store {
    /// The latest resourceVersion written.
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    /// Takes the writes made since the last call, oldest first.
    pub fn drain_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    pub(super) fn bump(&mut self, kind: Kind, namespace: &str, name: &str, op: ChangeOp) -> u64 {
        self.resource_version += 1;
        self.changes.push(Change {
            kind,
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            op,
            resource_version: self.resource_version,
        });
        self.resource_version
    }
}
