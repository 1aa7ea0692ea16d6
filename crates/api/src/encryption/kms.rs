//! KMS v2 envelope encryption (`staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/envelope/kmsv2/envelope.go`)
//! with a simulated KMS plugin that holds the key encryption key (KEK).
//!
//! At API server start a 32-byte seed is generated and sent to the plugin's `Encrypt`; every
//! write derives a fresh AES-GCM key from the seed (`HKDF_SHA256_XNONCE_AES_GCM_SEED`), and the
//! stored value is the `EncryptedObject` protobuf (`kmsv2/v2/api.proto`): `encryptedData = 1`,
//! `keyID = 2`, `encryptedDEKSource = 3`, `annotations = 4`, `encryptedDEKSourceType = 5`.
//!
//! The plugin is kubeplay's: a real one is a gRPC server on the `endpoint` socket backed by a
//! cloud KMS or an HSM. It wraps the seed with AES-256-GCM under its KEK (`nonce ‖ ct ‖ tag`) and
//! reports a key ID derived from the KEK (`sha256:` + the first 8 bytes of SHA-256(KEK) in hex).

use rand_chacha::rand_core::RngCore;
use rand_chacha::ChaCha8Rng;
use sha2::Digest;

use super::aes;

/// `EncryptedDEKSourceType_HKDF_SHA256_XNONCE_AES_GCM_SEED` (api.proto).
pub const HKDF_SHA256_XNONCE_AES_GCM_SEED: u64 = 1;

/// A simulated KMS v2 plugin: its KEK never leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmsPlugin {
    kek: [u8; 32],
}

impl KmsPlugin {
    /// A plugin with a KEK drawn from `rng`.
    pub fn new(rng: &mut ChaCha8Rng) -> Self {
        let mut kek = [0u8; 32];
        rng.fill_bytes(&mut kek);
        KmsPlugin { kek }
    }
    /// The `keyID` the plugin's `Status` and `Encrypt` report.
    pub fn key_id(&self) -> String {
        let h = sha2::Sha256::digest(self.kek);
        let hex: String = h.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
    /// `Encrypt(seed)`: the wrapped seed.
    pub fn encrypt(&self, plaintext: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
        aes::gcm_encrypt(&self.kek, plaintext, b"", rng)
    }
    /// `Decrypt(ciphertext, keyID)`.
    pub fn decrypt(&self, ciphertext: &[u8], key_id: &str) -> Result<Vec<u8>, String> {
        if key_id != self.key_id() {
            return Err(format!("kubeplay kms plugin: unknown keyID {key_id:?}"));
        }
        aes::gcm_decrypt(&self.kek, ciphertext, b"")
    }
}

/// The write state of a KMS v2 provider after API server start (`envelopekmsv2.State`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DekState {
    /// The seed the write keys derive from (only in the API server's memory).
    pub seed: [u8; 32],
    /// The seed as the plugin wrapped it (stored with every value).
    pub encrypted_seed: Vec<u8>,
    /// The plugin's key ID when the seed was generated.
    pub key_id: String,
}

impl DekState {
    /// `GenerateTransformer`: a new seed, wrapped by the plugin.
    pub fn generate(plugin: &KmsPlugin, rng: &mut ChaCha8Rng) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        let encrypted_seed = plugin.encrypt(&seed, rng);
        DekState { seed, encrypted_seed, key_id: plugin.key_id() }
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn field_bytes(out: &mut Vec<u8>, field: u64, b: &[u8]) {
    varint(out, field << 3 | 2);
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// `EncryptedObject` as it is decoded from storage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncryptedObject {
    /// Field 1.
    pub encrypted_data: Vec<u8>,
    /// Field 2.
    pub key_id: String,
    /// Field 3.
    pub encrypted_dek_source: Vec<u8>,
    /// Field 5.
    pub encrypted_dek_source_type: u64,
}

impl EncryptedObject {
    /// `proto.Marshal`: fields in number order, empty ones left out.
    pub fn marshal(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encrypted_data.len() + 128);
        field_bytes(&mut out, 1, &self.encrypted_data);
        field_bytes(&mut out, 2, self.key_id.as_bytes());
        field_bytes(&mut out, 3, &self.encrypted_dek_source);
        if self.encrypted_dek_source_type != 0 {
            varint(&mut out, 5 << 3);
            varint(&mut out, self.encrypted_dek_source_type);
        }
        out
    }

    /// `proto.Unmarshal` then `ValidateEncryptedObject` (envelope.go), with their errors.
    pub fn unmarshal(data: &[u8]) -> Result<Self, String> {
        let mut o = EncryptedObject::default();
        let mut i = 0usize;
        let bad = || "proto: cannot parse invalid wire-format data".to_owned();
        let read_varint = |i: &mut usize| -> Option<u64> {
            let mut v = 0u64;
            for shift in (0..64).step_by(7) {
                let b = *data.get(*i)?;
                *i += 1;
                v |= u64::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return Some(v);
                }
            }
            None
        };
        while i < data.len() {
            let key = read_varint(&mut i).ok_or_else(bad)?;
            match key & 7 {
                0 => {
                    let v = read_varint(&mut i).ok_or_else(bad)?;
                    if key >> 3 == 5 {
                        o.encrypted_dek_source_type = v;
                    }
                }
                2 => {
                    let len = usize::try_from(read_varint(&mut i).ok_or_else(bad)?).map_err(|_| bad())?;
                    let end = i.checked_add(len).filter(|&e| e <= data.len()).ok_or_else(bad)?;
                    let b = &data[i..end];
                    match key >> 3 {
                        1 => o.encrypted_data = b.to_vec(),
                        2 => o.key_id = String::from_utf8_lossy(b).into_owned(),
                        3 => o.encrypted_dek_source = b.to_vec(),
                        _ => {}
                    }
                    i = end;
                }
                _ => return Err(bad()),
            }
        }
        if o.encrypted_dek_source_type != HKDF_SHA256_XNONCE_AES_GCM_SEED && o.encrypted_dek_source_type != 0 {
            return Err(format!("unknown encryptedDEKSourceType: {}", o.encrypted_dek_source_type));
        }
        if o.encrypted_data.is_empty() {
            return Err("encrypted data is empty".to_owned());
        }
        if o.encrypted_dek_source.is_empty() {
            return Err("failed to validate encrypted DEK source: encrypted DEK source is empty".to_owned());
        }
        if o.key_id.is_empty() {
            return Err("failed to validate key id: keyID is empty".to_owned());
        }
        Ok(o)
    }
}

/// `envelopeTransformer.TransformToStorage`.
pub fn encrypt(state: &DekState, data: &[u8], aad: &[u8], rng: &mut ChaCha8Rng) -> Result<Vec<u8>, String> {
    let encrypted_data = aes::extended_nonce_encrypt(&state.seed, data, aad, rng)?;
    Ok(EncryptedObject {
        encrypted_data,
        key_id: state.key_id.clone(),
        encrypted_dek_source: state.encrypted_seed.clone(),
        encrypted_dek_source_type: HKDF_SHA256_XNONCE_AES_GCM_SEED,
    }
    .marshal())
}

/// `envelopeTransformer.TransformFromStorage`: the plugin unwraps the seed, then the data is opened.
/// Stale when the value was written under another key ID than the current state's.
pub fn decrypt(state: &DekState, plugin: &KmsPlugin, data: &[u8], aad: &[u8]) -> Result<(Vec<u8>, bool), String> {
    let o = EncryptedObject::unmarshal(data)?;
    let seed = if o.encrypted_dek_source == state.encrypted_seed {
        state.seed.to_vec()
    } else {
        plugin.decrypt(&o.encrypted_dek_source, &o.key_id).map_err(|e| format!("failed to decrypt DEK, error: {e}"))?
    };
    let out = aes::extended_nonce_decrypt(&seed, &o.encrypted_data, aad)?;
    Ok((out, o.key_id != state.key_id))
}
