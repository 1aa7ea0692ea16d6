//! The garbage collector (`pkg/controller/garbagecollector/garbagecollector.go`): dependents
//! follow their owners through `ownerReferences`.
//!
//! - **Background** (the default of `kubectl delete`): the owner is gone at once; the collector
//!   then deletes every dependent whose owners are all gone (`attemptToDeleteItem`: "item doesn't
//!   have any solid owner"), and so on down (Deployment → ReplicaSets → Pods).
//! - **Orphan** (`--cascade=orphan`): the owner waits with the `orphan` finalizer while the
//!   collector removes its reference from every dependent (`orphanDependents`), then the
//!   finalizer goes and so does the owner.
//! - **Foreground** (`--cascade=foreground`): the owner waits with `foregroundDeletion` while its
//!   dependents are deleted (those with dependents of their own in foreground too); when none is
//!   left the finalizer goes (`processDeletingDependentsItem`).
//!
//! One pass handles one namespace (kubeplay's objects with owners are all namespaced).

use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kubeplay_api::{Kind, Object};

use crate::ctx::Ctx;

/// `metav1.FinalizerOrphanDependents`.
pub const ORPHAN: &str = "orphan";
/// `metav1.FinalizerDeleteDependents`.
pub const FOREGROUND: &str = "foregroundDeletion";

/// The kinds that own or depend, owners first.
const KINDS: [Kind; 4] = [Kind::Deployment, Kind::ReplicaSet, Kind::Job, Kind::Pod];

struct Node {
    kind: Kind,
    name: String,
    uid: String,
    refs: Vec<OwnerReference>,
    deleting: bool,
    finalizers: Vec<String>,
}

fn node(kind: Kind, meta: &ObjectMeta) -> Node {
    Node {
        kind,
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        refs: meta.owner_references.clone().unwrap_or_default(),
        deleting: meta.deletion_timestamp.is_some(),
        finalizers: meta.finalizers.clone().unwrap_or_default(),
    }
}

/// One pass over a namespace.
pub(crate) fn sync(ctx: &mut Ctx<'_>, ns: &str) {
    let nodes: Vec<Node> =
        KINDS.iter().flat_map(|k| ctx.store.list(*k, Some(ns)).into_iter().map(|o| node(*k, o.meta()))).collect();
    let exists = |uid: &str| nodes.iter().any(|n| n.uid == uid);
    let dependents_of = |uid: String| nodes.iter().filter(move |n| n.refs.iter().any(|r| r.uid == uid));
    for owner in nodes.iter().filter(|n| n.deleting) {
        if owner.finalizers.iter().any(|f| f == ORPHAN) {
            for dep in dependents_of(owner.uid.clone()) {
                let refs: Vec<OwnerReference> = dep.refs.iter().filter(|r| r.uid != owner.uid).cloned().collect();
                ctx.store.set_owner_references(dep.kind, ns, &dep.name, (!refs.is_empty()).then_some(refs));
                ctx.note(|| format!("garbage collector: orphaned {} {ns}/{}", dep.kind.as_str(), dep.name));
            }
            let _ = ctx.store.remove_finalizer(owner.kind, ns, &owner.name, ORPHAN);
            ctx.changed();
        } else if owner.finalizers.iter().any(|f| f == FOREGROUND) {
            let deps: Vec<&Node> = dependents_of(owner.uid.clone()).collect();
            if deps.is_empty() {
                let _ = ctx.store.remove_finalizer(owner.kind, ns, &owner.name, FOREGROUND);
                ctx.note(|| format!("garbage collector: {} {ns}/{} has no dependents left", owner.kind.as_str(), owner.name));
                ctx.changed();
                continue;
            }
            for dep in deps.into_iter().filter(|d| !d.deleting) {
                let has_dependents = dependents_of(dep.uid.clone()).next().is_some();
                delete(ctx, ns, dep, has_dependents);
            }
        }
    }
    // Dependents none of whose owners exist any more.
    for dep in nodes.iter().filter(|n| !n.deleting && !n.refs.is_empty()) {
        if dep.refs.iter().all(|r| !exists(&r.uid)) {
            delete(ctx, ns, dep, false);
        }
    }
}

/// Deletes a dependent: in foreground when its owner waits and it has dependents of its own,
/// else as a plain `DELETE` (pods gracefully).
fn delete(ctx: &mut Ctx<'_>, ns: &str, dep: &Node, foreground: bool) {
    let done = match (dep.kind, foreground) {
        (Kind::Pod, _) => ctx.store.delete_pod_gracefully(ns, &dep.name, None, ctx.now_ms).is_ok(),
        (k, true) => ctx.store.delete_with_finalizer(k, ns, &dep.name, FOREGROUND, ctx.now_ms).is_ok(),
        (k, false) => {
            matches!(
                ctx.store.delete(k, ns, &dep.name),
                Ok(Object::Deployment(_) | Object::ReplicaSet(_) | Object::Job(_) | Object::Pod(_))
            )
        }
    };
    if done {
        ctx.note(|| format!("garbage collector: deleted {} {ns}/{}", dep.kind.as_str(), dep.name));
        ctx.changed();
    }
}
