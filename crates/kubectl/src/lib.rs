//! The kubectl console: kubeplay's shell with a virtual working directory, and the subset of
//! `kubectl` that the Kubernetes Secrets documentation uses, one module per command with its
//! own flags, printing what kubectl v1.33 prints.

pub mod apply;
pub mod audit;
pub mod cmd;
pub mod complete;
pub mod console;
pub mod describe;
pub mod error;
pub mod etcdctl;
pub mod flags;
pub mod follow;
pub mod hash;
pub mod jsonpath;
pub mod printers;
pub mod tabwriter;
pub mod token_inspect;
pub mod view;
pub mod workload_view;
pub mod x509;

pub use apply::{apply_manifest, DocOutcome, Mode};
pub use console::{Console, Entry};
pub use error::Error;
pub use kubeplay_shell::{heredoc_delimiter, split_commands, Output};
