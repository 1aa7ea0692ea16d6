//! The kubectl console: a small POSIX-like shell with a virtual working directory and the
//! subset of `kubectl` that the Kubernetes Secrets documentation uses, printing what
//! kubectl v1.33 prints.

pub mod apply;
pub mod describe;
pub mod exec;
pub mod jsonpath;
pub mod kubectl;
pub mod lexer;
pub mod printers;
pub mod shell;
pub mod tabwriter;
pub mod view;

pub use apply::{apply_manifest, DocOutcome, Mode};
pub use shell::{Console, Entry, Output};
