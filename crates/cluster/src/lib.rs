//! The kubeplay cluster simulator: an API server store, a scheduler, and kubelets with
//! their secret manager, volume manager, atomic writer and tmpfs, driven by a
//! deterministic discrete-event loop on a virtual clock.
//!
//! State changes only by popping the next task from a queue ordered by (time, sequence):
//! [`Cluster::step`] applies one; [`Cluster::run_until`] and [`Cluster::run_until_idle`]
//! loop on it. One seed drives every random choice: each component (the scheduler, each node, uid
//! generation) draws from its own ChaCha8 stream derived from it ([`kubeplay_api::rng`]).

mod api_calls;
pub mod atomic_writer;
pub mod audit_log;
mod cluster;
pub mod container_log;
pub mod container_view;
pub mod controller;
mod ctx;
mod dispatch;
mod error;
pub mod events;
pub mod history;
pub mod inside;
pub mod kubelet;
pub mod load;
mod queue;
pub mod scheduler;
mod settings;
pub mod shell_fs;
pub mod tmpfs;
pub mod ttl_controller;
mod watch;

pub use api_calls::{ApiCall, ApiResult, Propagation};
pub use cluster::{Cluster, RunEnd, StepReport, MAX_NODES, MAX_STEPS_PER_RUN};
pub use container_view::{container_view, ContainerView};
pub use error::Error;
pub use events::{Event, EventType, Explanation};
pub use history::{History, Rebuilt, RecordedCall, Replay, Session};
pub use inside::{Inside, Internal, Lookup};
pub use kubelet::{manager, manager::Strategy, secret_manager, volume_plugins, Node};
pub use queue::PodId;
pub use settings::{PrivateRegistry, Settings, AUDIT_POLICY_PATH, ENCRYPTION_CONFIG_PATH};
pub use ttl_controller::TtlSource;
