//! The AES transformers of `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/aes/aes.go`
//! (CBC with PKCS#7 padding, GCM with a random 12-byte nonce) and `aes_extended_nonce.go`
//! (GCM under a key derived per write with HKDF-SHA256, as KMS v2 uses it).
//!
//! Layouts after the `k8s:enc:…:<key>:` prefix, as v1.33 writes them:
//! - CBC: `IV(16) ‖ ciphertext`, padding always 1–16 bytes; no authenticated data.
//! - GCM: `nonce(12) ‖ ciphertext ‖ tag(16)`, the etcd key as authenticated data.
//! - extended-nonce GCM: `info(32) ‖ nonce(12) ‖ ciphertext ‖ tag(16)`, key = HKDF-Expand(seed, info).

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm};
use rand_chacha::rand_core::RngCore;
use rand_chacha::ChaCha8Rng;

/// AES-192-GCM (Go's `cipher.NewGCM` over a 24-byte key).
type Aes192Gcm = AesGcm<aes::Aes192, aes_gcm::aead::consts::U12>;

/// `aes.BlockSize`.
const BLOCK: usize = 16;
/// GCM's standard nonce size (`newGCM` refuses anything else).
const NONCE: usize = 12;
/// `commonSize`: the extended-nonce info and derived key size.
pub const COMMON_SIZE: usize = 32;

/// aes.go `errInvalidBlockSize`.
const ERR_BLOCK_SIZE: &str = "the stored data is not a multiple of the block size";
/// aes.go `errInvalidPKCS7Data`.
const ERR_PKCS7_DATA: &str = "invalid PKCS7 data (empty or not padded)";
/// aes.go `errInvalidPKCS7Padding`.
const ERR_PKCS7_PADDING: &str = "invalid padding on input";
/// aes.go: data shorter than the IV/nonce.
const ERR_SHORT: &str = "the stored data was shorter than the required size";
/// Go `crypto/cipher` `errOpen`.
const ERR_OPEN: &str = "cipher: message authentication failed";

/// CBC over whole blocks (`$mode` Encryptor/Decryptor, `$method` its block method) with the
/// AES variant the key length selects: 16, 24 or 32 bytes (validated before a transformer exists).
macro_rules! cbc_blocks {
    ($mode:ident, $method:ident, $key:expr, $iv:expr, $body:expr) => {{
        macro_rules! arm {
            ($aes:ty) => {
                if let Ok(mut m) = cbc::$mode::<$aes>::new_from_slices($key, $iv) {
                    for chunk in $body.chunks_exact_mut(BLOCK) {
                        m.$method(aes::cipher::generic_array::GenericArray::from_mut_slice(chunk));
                    }
                }
            };
        }
        match $key.len() {
            16 => arm!(aes::Aes128),
            24 => arm!(aes::Aes192),
            _ => arm!(aes::Aes256),
        }
    }};
}

/// `cbc.TransformToStorage`: a random IV, PKCS#7 padding, CBC.
pub fn cbc_encrypt(key: &[u8], data: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut iv = [0u8; BLOCK];
    rng.fill_bytes(&mut iv);
    let padding = BLOCK - data.len() % BLOCK;
    let mut buf = Vec::with_capacity(BLOCK + data.len() + padding);
    buf.extend_from_slice(&iv);
    buf.extend_from_slice(data);
    buf.extend(std::iter::repeat_n(padding as u8, padding));
    let body = &mut buf[BLOCK..];
    // Key sizes are validated (16, 24 or 32 bytes) before a transformer is built.
    cbc_blocks!(Encryptor, encrypt_block_mut, key, &iv, body);
    buf
}

/// `cbc.TransformFromStorage`, with aes.go's errors.
pub fn cbc_decrypt(key: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < BLOCK {
        return Err(ERR_SHORT.to_owned());
    }
    let (iv, body) = data.split_at(BLOCK);
    if body.len() % BLOCK != 0 {
        return Err(ERR_BLOCK_SIZE.to_owned());
    }
    let mut result = body.to_vec();
    cbc_blocks!(Decryptor, decrypt_block_mut, key, iv, &mut result);
    // Go indexes result[len-1] here; an empty body panics there and is recovered as an
    // internal error by the API server's handler. kubeplay reports the PKCS7 error instead.
    let Some(&c) = result.last() else { return Err(ERR_PKCS7_DATA.to_owned()) };
    let padding = usize::from(c);
    if padding == 0 || padding > result.len() {
        return Err(ERR_PKCS7_DATA.to_owned());
    }
    let size = result.len() - padding;
    if result[size..].iter().any(|&b| b != c) {
        return Err(ERR_PKCS7_PADDING.to_owned());
    }
    result.truncate(size);
    Ok(result)
}

fn gcm_seal(key: &[u8], nonce: &[u8; NONCE], data: &[u8], aad: &[u8]) -> Vec<u8> {
    let p = Payload { msg: data, aad };
    let n = aes_gcm::Nonce::from_slice(nonce);
    let r = match key.len() {
        16 => Aes128Gcm::new_from_slice(key).map(|c| c.encrypt(n, p)),
        24 => Aes192Gcm::new_from_slice(key).map(|c| c.encrypt(n, p)),
        _ => Aes256Gcm::new_from_slice(key).map(|c| c.encrypt(n, p)),
    };
    match r {
        Ok(Ok(ct)) => ct,
        _ => Vec::new(),
    }
}

fn gcm_open(key: &[u8], nonce: &[u8], ct: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    let p = Payload { msg: ct, aad };
    let n = aes_gcm::Nonce::from_slice(nonce);
    let r = match key.len() {
        16 => Aes128Gcm::new_from_slice(key).map(|c| c.decrypt(n, p)),
        24 => Aes192Gcm::new_from_slice(key).map(|c| c.decrypt(n, p)),
        _ => Aes256Gcm::new_from_slice(key).map(|c| c.decrypt(n, p)),
    };
    match r {
        Ok(Ok(pt)) => Ok(pt),
        _ => Err(ERR_OPEN.to_owned()),
    }
}

/// `gcm.TransformToStorage`: a random nonce, then the sealed data with the etcd key as
/// authenticated data.
pub fn gcm_encrypt(key: &[u8], data: &[u8], aad: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut nonce = [0u8; NONCE];
    rng.fill_bytes(&mut nonce);
    let mut out = nonce.to_vec();
    out.extend(gcm_seal(key, &nonce, data, aad));
    out
}

/// `gcm.TransformFromStorage`.
pub fn gcm_decrypt(key: &[u8], data: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < NONCE {
        return Err(ERR_SHORT.to_owned());
    }
    let (nonce, ct) = data.split_at(NONCE);
    gcm_open(key, nonce, ct, aad)
}

/// `sha256KDFExpandOnly`: HKDF-Expand(SHA-256, seed, info), 32 bytes (no Extract step).
fn derive(seed: &[u8], info: &[u8]) -> Result<[u8; COMMON_SIZE], String> {
    let kdf = hkdf::Hkdf::<sha2::Sha256>::from_prk(seed).map_err(|e| format!("failed to KDF expand seed with info: {e}"))?;
    let mut key = [0u8; COMMON_SIZE];
    kdf.expand(info, &mut key).map_err(|e| format!("failed to read a derived key from KDF: {e}"))?;
    Ok(key)
}

/// `extendedNonceGCM.TransformToStorage`: 32 random info bytes, a key derived from them, then GCM.
pub fn extended_nonce_encrypt(seed: &[u8], data: &[u8], aad: &[u8], rng: &mut ChaCha8Rng) -> Result<Vec<u8>, String> {
    let mut info = [0u8; COMMON_SIZE];
    rng.fill_bytes(&mut info);
    let key = derive(seed, &info).map_err(|e| format!("failed to derive write key from KDF: {e}"))?;
    let mut out = info.to_vec();
    out.extend(gcm_encrypt(&key, data, aad, rng));
    Ok(out)
}

/// `extendedNonceGCM.TransformFromStorage`.
pub fn extended_nonce_decrypt(seed: &[u8], data: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < COMMON_SIZE {
        return Err(ERR_SHORT.to_owned());
    }
    let (info, rest) = data.split_at(COMMON_SIZE);
    let key = derive(seed, info).map_err(|e| format!("failed to derive read key from KDF: {e}"))?;
    gcm_decrypt(&key, rest, aad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn cbc_round_trip_and_padding_rules() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for n in [0usize, 1, 15, 16, 17, 200] {
            let data = vec![7u8; n];
            let ct = cbc_encrypt(&[1u8; 32], &data, &mut rng);
            assert_eq!(ct.len(), 16 + 16 * (n / 16 + 1), "always 1..16 bytes of padding");
            assert_eq!(cbc_decrypt(&[1u8; 32], &ct).unwrap(), data);
        }
        assert_eq!(cbc_decrypt(&[1u8; 32], &[0u8; 8]).unwrap_err(), ERR_SHORT);
        assert_eq!(cbc_decrypt(&[1u8; 32], &[0u8; 20]).unwrap_err(), ERR_BLOCK_SIZE);
    }

    #[test]
    fn gcm_binds_the_authenticated_data() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for key in [&[2u8; 16][..], &[2u8; 24], &[2u8; 32]] {
            let ct = gcm_encrypt(key, b"hello", b"/registry/secrets/default/a", &mut rng);
            assert_eq!(ct.len(), 12 + 5 + 16);
            assert_eq!(gcm_decrypt(key, &ct, b"/registry/secrets/default/a").unwrap(), b"hello");
            assert_eq!(gcm_decrypt(key, &ct, b"/registry/secrets/default/b").unwrap_err(), ERR_OPEN);
        }
        let ct = extended_nonce_encrypt(&[3u8; 32], b"hi", b"k", &mut rng).unwrap();
        assert_eq!(ct.len(), 32 + 12 + 2 + 16);
        assert_eq!(extended_nonce_decrypt(&[3u8; 32], &ct, b"k").unwrap(), b"hi");
        assert_eq!(extended_nonce_decrypt(&[4u8; 32], &ct, b"k").unwrap_err(), ERR_OPEN);
    }
}
