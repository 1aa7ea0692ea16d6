//! The crate's error: one enum, a variant per step that failed. The texts of the variants
//! that reach users (mount and container-config events) are the kubelet's, byte for byte.

use kubeplay_api::Status;

use crate::kubelet::manager::GetError;

/// The crate's error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A setting is out of range.
    #[error("invalid cluster setting {name}: {why}")]
    Setting {
        /// Which setting.
        name: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The API server refused a call.
    #[error(transparent)]
    Api(#[from] Status),
    /// The kubelet's secret or config map manager could not get an object.
    #[error(transparent)]
    Get(#[from] GetError),
    /// The atomic writer's `validatePath` refused a payload path (`pkg/volume/util/atomic_writer.go`).
    #[error("invalid path: {why}")]
    PayloadPath {
        /// The path as the payload named it.
        path: String,
        /// The rule it breaks, as the kubelet words it.
        why: String,
    },
    /// A volume's `items` name a key the secret or config map lacks (`MakePayload`).
    #[error("{what}: {key}")]
    VolumeKey {
        /// The kubelet's words: `references non-existent secret key` or
        /// `configmap references non-existent config key`.
        what: &'static str,
        /// The missing key.
        key: String,
    },
    /// An env var's `secretKeyRef` / `configMapKeyRef` names a key the object lacks
    /// (`makeEnvironmentVariables`: CreateContainerConfigError).
    #[error("couldn't find key {key} in {kind} {namespace}/{name}")]
    EnvKey {
        /// The missing key.
        key: String,
        /// `Secret` or `ConfigMap`.
        kind: &'static str,
        /// The object's namespace.
        namespace: String,
        /// The object's name.
        name: String,
    },
    /// A downward API field path kubeplay (or the kubelet) does not know.
    #[error("unsupported fieldPath: {path}")]
    FieldPath {
        /// The field path.
        path: String,
    },
    /// A projected volume's sources failed: `utilerrors.NewAggregate(errs).Error()` prints one
    /// distinct message alone and several as `[a, b]` (apimachinery/pkg/util/errors).
    #[error("{}", aggregate(.0))]
    Projected(Vec<Error>),
    /// No node fits the pod (the FailedScheduling message of `framework.FitError` with the
    /// NodeAffinity reason, then the preemption summary).
    #[error(
        "0/{total} nodes are available: {total} node(s) didn't match Pod's node affinity/selector. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
    )]
    Unschedulable {
        /// The number of nodes.
        total: usize,
    },
    /// A pod named by a caller does not exist.
    #[error("pod {namespace}/{name} not found")]
    PodNotFound {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// A pod exists but no node's kubelet has it yet (not scheduled, or not admitted yet).
    #[error("pod {namespace}/{name} is not running on a node yet")]
    PodNotOnNode {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// A pod has no container of that name on its node.
    #[error("container {container:?} of pod {namespace}/{name} not found")]
    ContainerNotFound {
        /// Namespace.
        namespace: String,
        /// Pod name.
        name: String,
        /// The container asked for.
        container: String,
    },
}

/// The text of an aggregate of errors (duplicates were dropped when it was built).
fn aggregate(errs: &[Error]) -> String {
    match errs {
        [one] => one.to_string(),
        many => format!("[{}]", many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
    }
}
