//! Encryption at rest as kube-apiserver v1.33 does it: stored bytes checked with the RustCrypto
//! crates directly (an implementation independent of the transformers), the etcd key as
//! AES-GCM's authenticated data, key rotation, and the read errors.
//!
//! Mirrors `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/{aes,secretbox}`,
//! `value/transformer.go` and `pkg/server/options/encryptionconfig/config.go`.

#![allow(clippy::unwrap_used)]

use aes::cipher::{BlockDecryptMut, KeyIvInit};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::ByteString;
use kubeplay_api::etcd::secret_value;
use kubeplay_api::{Kind, Object, Store};

const KEY1: [u8; 32] = *b"0123456789abcdef0123456789abcdef";
const KEY2: [u8; 32] = *b"fedcba9876543210fedcba9876543210";

fn b64(k: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(k)
}

fn config(provider: &str, keys: &[(&str, &[u8])]) -> String {
    let mut s = format!(
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - {provider}:\n          keys:\n"
    );
    for (n, k) in keys {
        s.push_str(&format!("            - name: {n}\n              secret: {}\n", b64(k)));
    }
    s.push_str("      - identity: {}\n");
    s
}

fn secret(name: &str) -> Object {
    let mut s = Secret::default();
    s.metadata.name = Some(name.to_owned());
    s.data = Some([("mykey".to_owned(), ByteString(b"mydata".to_vec()))].into());
    Object::Secret(s)
}

fn store_with(cfg: &str, seed: u64) -> Store {
    let mut st = Store::new(seed);
    st.restart_apiserver(Some(("/etc/kubernetes/enc/enc.yaml", cfg))).unwrap();
    st
}

#[test]
fn aescbc_is_iv_then_cbc_blocks_under_the_key1_prefix() {
    let mut st = store_with(&config("aescbc", &[("key1", &KEY1)]), 1);
    st.create(secret("secret1"), 0).unwrap();
    let stored = st.secret_stored_value("default", "secret1").unwrap();
    let body = stored.strip_prefix(b"k8s:enc:aescbc:v1:key1:".as_slice()).expect("prefix");
    let plain = secret_value(st.secret("default", "secret1").unwrap());
    // 16-byte IV, then PKCS#7-padded CBC: always 1-16 bytes of padding.
    assert_eq!(body.len(), 16 + 16 * (plain.len() / 16 + 1));
    let (iv, ct) = body.split_at(16);
    let mut buf = ct.to_vec();
    let mut dec = cbc::Decryptor::<aes::Aes256>::new_from_slices(&KEY1, iv).unwrap();
    for block in buf.chunks_exact_mut(16) {
        dec.decrypt_block_mut(aes::Block::from_mut_slice(block));
    }
    let pad = usize::from(*buf.last().unwrap());
    assert!(buf[buf.len() - pad..].iter().all(|&b| usize::from(b) == pad), "PKCS#7 padding");
    assert_eq!(&buf[..buf.len() - pad], plain.as_slice());
    assert!(!stored.windows(6).any(|w| w == b"mydata"), "the value is not in etcd in the clear");
}

#[test]
fn aesgcm_binds_the_value_to_its_etcd_key_and_aescbc_does_not() {
    let mut st = store_with(&config("aesgcm", &[("key1", &KEY1)]), 1);
    st.create(secret("a"), 0).unwrap();
    st.create(secret("b"), 0).unwrap();
    let a = st.secret_stored_value("default", "a").unwrap();
    let body = a.strip_prefix(b"k8s:enc:aesgcm:v1:key1:".as_slice()).unwrap();
    let (nonce, ct) = body.split_at(12);
    let plain = secret_value(st.secret("default", "a").unwrap());
    assert_eq!(ct.len(), plain.len() + 16, "ciphertext then a 16-byte tag");
    let gcm = aes_gcm::Aes256Gcm::new_from_slice(&KEY1).unwrap();
    let opened =
        gcm.decrypt(aes_gcm::Nonce::from_slice(nonce), Payload { msg: ct, aad: b"/registry/secrets/default/a" }).unwrap();
    assert_eq!(opened, plain);
    assert!(gcm.decrypt(aes_gcm::Nonce::from_slice(nonce), Payload { msg: ct, aad: b"" }).is_err());
    // Copy a's ciphertext under b's key: GCM refuses it (store.go authenticatedDataString).
    assert!(st.etcd_put_secret("default", "b", a.clone()));
    let err = st.get(Kind::Secret, "default", "b").unwrap_err();
    assert_eq!(
        err.kubectl_message(),
        "Error from server (InternalError): Internal error occurred: cipher: message authentication failed"
    );

    // aescbc has no authenticated data: the copied value reads fine under the other key.
    let mut cbc = store_with(&config("aescbc", &[("key1", &KEY1)]), 1);
    cbc.create(secret("a"), 0).unwrap();
    cbc.create(secret("b"), 0).unwrap();
    let a = cbc.secret_stored_value("default", "a").unwrap();
    assert!(cbc.etcd_put_secret("default", "b", a));
    assert!(cbc.get(Kind::Secret, "default", "b").is_ok());
}

#[test]
fn secretbox_is_nonce_then_tag_then_ciphertext() {
    use crypto_secretbox::aead::Aead as _;
    let mut st = store_with(&config("secretbox", &[("key1", &KEY1)]), 1);
    st.create(secret("s"), 0).unwrap();
    let stored = st.secret_stored_value("default", "s").unwrap();
    let body = stored.strip_prefix(b"k8s:enc:secretbox:v1:key1:".as_slice()).unwrap();
    let (nonce, sealed) = body.split_at(24);
    let c = <crypto_secretbox::XSalsa20Poly1305 as crypto_secretbox::aead::KeyInit>::new_from_slice(&KEY1).unwrap();
    let plain = c.decrypt(crypto_secretbox::Nonce::from_slice(nonce), sealed).unwrap();
    assert_eq!(plain, secret_value(st.secret("default", "s").unwrap()));
}

#[test]
fn rotation_as_the_docs_describe_it() {
    // 1. key1 encrypts.
    let mut st = store_with(&config("aescbc", &[("key1", &KEY1)]), 7);
    st.create(secret("s"), 0).unwrap();
    // 2. key2 added second, restart: reads still fine, writes still key1.
    st.restart_apiserver(Some(("enc.yaml", &config("aescbc", &[("key1", &KEY1), ("key2", &KEY2)])))).unwrap();
    assert!(st.secret_stored_value("default", "s").unwrap().starts_with(b"k8s:enc:aescbc:v1:key1:"));
    // 3. key2 first, restart: the old value is read stale through key1.
    st.restart_apiserver(Some(("enc.yaml", &config("aescbc", &[("key2", &KEY2), ("key1", &KEY1)])))).unwrap();
    assert!(st.read_secret("default", "s").unwrap().1, "read through a non-first key: stale");
    // 4. kubectl replace of the unchanged object rewrites it with key2 (GuaranteedUpdate on a stale read).
    let obj = st.get(Kind::Secret, "default", "s").unwrap();
    let rv = obj.meta().resource_version.clone();
    let new = st.update(obj).unwrap();
    assert_ne!(new.meta().resource_version, rv, "a stale object is written again");
    assert!(st.secret_stored_value("default", "s").unwrap().starts_with(b"k8s:enc:aescbc:v1:key2:"));
    assert!(!st.read_secret("default", "s").unwrap().1);
    // An unchanged, fresh object is not written again.
    let again = st.update(st.get(Kind::Secret, "default", "s").unwrap()).unwrap();
    assert_eq!(again.meta().resource_version, new.meta().resource_version);
    // 5. key1 removed: still readable.
    st.restart_apiserver(Some(("enc.yaml", &config("aescbc", &[("key2", &KEY2)])))).unwrap();
    assert!(st.get(Kind::Secret, "default", "s").is_ok());
}

#[test]
fn read_errors_are_v133s_internal_errors() {
    let mut st = store_with(&config("aescbc", &[("key1", &KEY1)]), 1);
    st.create(secret("s"), 0).unwrap();
    let msg = |st: &Store| st.get(Kind::Secret, "default", "s").unwrap_err().kubectl_message();
    st.restart_apiserver(Some(("enc.yaml", &config("aescbc", &[("key2", &KEY2)])))).unwrap();
    assert_eq!(
        msg(&st),
        "Error from server (InternalError): Internal error occurred: no matching key was found for the provided AES transformer"
    );
    let identity_only = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n";
    st.restart_apiserver(Some(("enc.yaml", identity_only))).unwrap();
    assert_eq!(msg(&st), "Error from server (InternalError): Internal error occurred: no matching prefix found");
    st.restart_apiserver(None).unwrap();
    assert_eq!(
        msg(&st),
        "Error from server (InternalError): Internal error occurred: identity transformer tried to read encrypted data"
    );
    st.restart_apiserver(Some(("enc.yaml", &config("aescbc", &[("key1", &KEY2)])))).unwrap();
    let wrong = msg(&st);
    assert!(
        wrong.ends_with("invalid padding on input") || wrong.ends_with("invalid PKCS7 data (empty or not padded)"),
        "{wrong}"
    );
    let list = st.list_checked(Kind::Secret, Some("default")).unwrap_err();
    assert!(list.message.starts_with("Internal error occurred: unable to transform key \"/registry/secrets/default/s\": "));
}

#[test]
fn config_validation_uses_the_api_servers_texts() {
    let mut st = Store::new(1);
    let short = config("aescbc", &[("key1", b"short")]);
    assert_eq!(
        st.restart_apiserver(Some(("enc.yaml", &short))).unwrap_err(),
        "error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: \"REDACTED\": secret is not of the expected length, got 5, expected one of [16 24 32]"
    );
    let none = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - {}\n";
    assert!(st
        .restart_apiserver(Some(("enc.yaml", none)))
        .unwrap_err()
        .ends_with(": provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity"));
    let v1 = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms:\n          name: myKms\n          endpoint: unix:///tmp/kms.sock\n";
    assert_eq!(
        st.restart_apiserver(Some(("enc.yaml", v1))).unwrap_err(),
        "error while building transformers: KMSv1 is deprecated and will only receive security updates going forward. Use KMSv2 instead.  Set --feature-gates=KMSv1=true to use the deprecated KMSv1 feature."
    );
    let colon = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms:\n          apiVersion: v2\n          name: my:kms\n          endpoint: unix:///tmp/kms.sock\n";
    assert_eq!(
        st.restart_apiserver(Some(("enc.yaml", colon))).unwrap_err(),
        "error while parsing file: resources[0].providers[0].kms.name: Invalid value: \"my:kms\": invalid KMS provider name my:kms, must not contain ':'"
    );
    assert!(st.encryption_config().is_none(), "a config that fails leaves the running one");
}

#[test]
fn kms_v2_envelope_with_the_simulated_plugin() {
    let cfg = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms:\n          apiVersion: v2\n          name: myKms\n          endpoint: unix:///tmp/kms.sock\n      - identity: {}\n";
    let mut st = store_with(cfg, 3);
    st.create(secret("k"), 0).unwrap();
    let stored = st.secret_stored_value("default", "k").unwrap();
    let body = stored.strip_prefix(b"k8s:enc:kms:v2:myKms:".as_slice()).unwrap();
    let o = kubeplay_api::encryption::kms::EncryptedObject::unmarshal(body).unwrap();
    assert_eq!(o.encrypted_dek_source_type, 1, "HKDF_SHA256_XNONCE_AES_GCM_SEED");
    assert!(o.key_id.starts_with("sha256:"));
    // encryptedData = info(32) ‖ nonce(12) ‖ ct ‖ tag(16).
    let plain = secret_value(st.secret("default", "k").unwrap());
    assert_eq!(o.encrypted_data.len(), 32 + 12 + plain.len() + 16);
    assert!(st.get(Kind::Secret, "default", "k").is_ok());
    // Restart: a new seed, the plugin unwraps the old one.
    st.restart_apiserver(Some(("enc.yaml", cfg))).unwrap();
    assert!(st.get(Kind::Secret, "default", "k").is_ok());
}

#[test]
fn same_seed_same_ciphertext_and_no_draws_without_encryption() {
    let cfg = config("aesgcm", &[("key1", &KEY1)]);
    let run = |seed| {
        let mut st = store_with(&cfg, seed);
        st.create(secret("s"), 0).unwrap();
        st.secret_stored_value("default", "s").unwrap()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
    // Without a config the stored value is the protobuf and uids are unchanged by the new stream.
    let mut a = Store::new(5);
    let created = a.create(secret("s"), 0).unwrap();
    assert_eq!(a.secret_stored_value("default", "s").unwrap(), secret_value(a.secret("default", "s").unwrap()));
    let mut b = store_with(&cfg, 5);
    assert_eq!(b.create(secret("s"), 0).unwrap().meta().uid, created.meta().uid);
}
