//! kubeplay's API server: the Kubernetes v1.33 object model (k8s-openapi), manifest
//! decoding with kubectl's and the API server's errors, validation, and the store.
//!
//! Nothing here touches the outside world: text goes in, objects and errors come out.

pub mod audit;
pub mod authentication;
pub mod authorization;
pub mod decode;
pub mod defaults;
pub mod encryption;
pub mod etcd;
pub mod field;
pub mod gobase64;
pub mod object;
pub mod patch;
pub mod quantity;
pub mod rng;
pub mod serviceaccount;
pub mod status;
pub mod store;
pub mod validation;
pub mod yaml;

pub use decode::{decode_manifest, DecodeError, Decoded, Manifest};
pub use field::FieldError;
pub use k8s_openapi;
pub use object::{Kind, Object};
pub use status::{Reason, Status};
pub use store::{ApplyOutcome, Change, ChangeOp, Store};

/// The crate's error: a manifest that could not be read, or an API error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A document could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The API server refused the request.
    #[error(transparent)]
    Api(#[from] Status),
}
