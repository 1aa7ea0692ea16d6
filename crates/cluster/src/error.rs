//! The crate's error.

use kubeplay_api::Status;

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
}
