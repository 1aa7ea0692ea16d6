//! Target (f): the API server's configuration decoders: an `EncryptionConfiguration` (loaded,
//! then a value written and read back through its transformers, and arbitrary stored bytes
//! read through them) and RBAC objects (decoded, validated, stored, then consulted by the
//! authorizer).

use kubeplay_api::authentication::UserInfo;
use kubeplay_api::authorization::{self, Attributes};
use kubeplay_api::encryption::{self, KmsPlugins, Transformer};
use kubeplay_api::{decode_manifest, Store};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

/// The first byte picks the decoder: even → EncryptionConfiguration, odd → RBAC manifests.
pub fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 2 == 0 {
        encryption_config(rest);
    } else {
        rbac(rest);
    }
}

/// Loads the config; the part after a NUL byte (if any) is a stored value to read through it.
fn encryption_config(data: &[u8]) {
    let (config, stored) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let text = crate::text(config);
    let mut plugins = KmsPlugins::new();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let Ok(cfg) = encryption::load(&text, "/etc/kubernetes/enc/enc.yaml", &mut plugins, &mut rng) else { return };
    let t = Transformer { providers: cfg.secret_providers(), plugins: &plugins };
    let aad = b"/registry/secrets/default/s";
    let plain = b"k8s\x00plain value";
    if let Ok(sealed) = t.to_storage(plain, aad, &mut rng) {
        let back = t.from_storage(&sealed, aad);
        assert_eq!(
            back.as_ref().map(|(p, _)| p.as_slice()),
            Ok(&plain[..]),
            "a value written through the config did not read back"
        );
    }
    let _ = t.from_storage(stored, aad);
}

/// Decodes RBAC manifests into a store and asks the authorizer about a few requests.
fn rbac(data: &[u8]) {
    let text = crate::text(data);
    let mut store = Store::new(11);
    for d in decode_manifest(&text, "rbac.yaml").docs {
        if let Ok(obj) = d.result {
            let _ = authorization::rbac::validate(&obj);
            if let Err(s) = store.apply(obj, "default", 0) {
                let _ = s.kubectl_message();
            }
        }
    }
    let users = [
        UserInfo { name: "jane".to_owned(), groups: vec!["system:authenticated".to_owned()] },
        UserInfo { name: "system:serviceaccount:default:default".to_owned(), groups: vec!["system:serviceaccounts".to_owned()] },
        UserInfo { name: "system:node:node-1".to_owned(), groups: vec!["system:nodes".to_owned()] },
    ];
    for user in &users {
        for (verb, resource, subresource, name) in [
            ("get", "secrets", "", "mysecret"),
            ("list", "secrets", "", ""),
            ("create", "pods", "exec", "mypod"),
            ("*", "*", "", ""),
        ] {
            let attrs = Attributes { user, verb, group: "", resource, subresource, namespace: "default", name };
            let decision = authorization::authorize(&store, &attrs);
            if !decision.allowed {
                let _ = authorization::forbidden(&attrs, &decision.reason).kubectl_message();
            }
        }
    }
}
