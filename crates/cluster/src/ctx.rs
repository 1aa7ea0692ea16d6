//! What a task handler may touch besides its own node: the store, the queue, the event
//! log and the random stream of the step being applied.

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::Store;
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;

use crate::events::{self, Event, EventType};
use crate::inside::{Inside, Internal};
use crate::queue::Queue;
use crate::settings::Settings;

/// What a task handler may touch besides its own node.
pub(crate) struct Ctx<'a> {
    pub(crate) now_ms: u64,
    /// The number of the step being applied.
    pub(crate) step: u64,
    pub(crate) store: &'a mut Store,
    pub(crate) queue: &'a mut Queue,
    pub(crate) events: &'a mut Vec<Event>,
    pub(crate) internals: &'a mut Vec<Internal>,
    pub(crate) rng: &'a mut ChaCha8Rng,
    pub(crate) settings: &'a Settings,
    pub(crate) notes: &'a mut Vec<String>,
    pub(crate) record_notes: bool,
    pub(crate) changed: &'a mut bool,
}

impl Ctx<'_> {
    /// Adds a line to this step's summary (built only when someone reads summaries).
    pub(crate) fn note(&mut self, f: impl FnOnce() -> String) {
        if self.record_notes {
            self.notes.push(f());
        }
    }
    /// Records a step inside the kubelet of `node` about `object` (only when notes are recorded);
    /// its summary is also this step's note.
    pub(crate) fn inside(&mut self, node: &str, object: events::ObjectRef, what: Inside) {
        if self.record_notes {
            let i = Internal {
                time_ms: self.now_ms,
                step: self.step,
                after_events: self.events.len(),
                node: node.to_owned(),
                object,
                what,
            };
            self.notes.push(i.summary());
            self.internals.push(i);
        }
    }
    /// Marks the step as one that changed the cluster (not a mere repeat).
    pub(crate) fn changed(&mut self) {
        *self.changed = true;
    }
    /// The next random number of the cluster's generator.
    pub(crate) fn random(&mut self) -> u64 {
        self.rng.next_u64()
    }
    /// Records a kubelet event about a pod.
    pub(crate) fn event(&mut self, pod: &Pod, field: Option<&str>, type_: EventType, reason: &'static str, message: String) {
        self.event_at(pod_ref(pod), field, type_, reason, message);
    }
    /// Records a kubelet event about the pod `object` (no need to hold the whole pod).
    pub(crate) fn event_at(
        &mut self,
        object: events::ObjectRef,
        field: Option<&str>,
        type_: EventType,
        reason: &'static str,
        message: String,
    ) {
        self.events.push(Event {
            time_ms: self.now_ms,
            step: self.step,
            type_,
            reason,
            object,
            message,
            source: "kubelet",
            field_path: field.map(str::to_owned),
        });
    }
}

/// The `involvedObject` of an event about a pod.
pub(crate) fn pod_ref(pod: &Pod) -> events::ObjectRef {
    events::ObjectRef {
        kind: "Pod",
        namespace: pod.metadata.namespace.clone().unwrap_or_default(),
        name: pod.metadata.name.clone().unwrap_or_default(),
    }
}
