//! Target (a): a pasted manifest (YAML or JSON) decoded as `kubectl apply -f` does and sent to
//! the API server's defaulting, admission and validation; every error is formatted as kubectl
//! prints it.

use kubeplay_api::{decode_manifest, DecodeError, Store};

/// Decodes `data` as a manifest file and applies each document to a fresh store.
pub fn run(data: &[u8]) {
    let text = crate::text(data);
    let m = decode_manifest(&text, "fuzz.yaml");
    let mut store = Store::new(7);
    for d in m.docs {
        match d.result {
            Ok(obj) => {
                let name = obj.name().to_owned();
                match store.apply(obj.clone(), "default", 0) {
                    Ok(_) => {
                        // Applying the same object again is a no-op or an update, never a panic.
                        let _ = store.apply(obj, "default", 1);
                        let _ = name;
                    }
                    Err(s) => {
                        let _ = s.with_source("creating", "fuzz.yaml").kubectl_message();
                    }
                }
            }
            Err(DecodeError::Client(msg)) => {
                let _ = msg.to_string();
            }
            Err(DecodeError::Server(s)) => {
                let _ = s.with_source("creating", "fuzz.yaml").kubectl_message();
            }
        }
    }
    if let Some((_, e)) = m.syntax_error {
        let _ = e.to_string();
    }
    let _ = store.etcd();
}
