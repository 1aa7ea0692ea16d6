//! The secretbox transformer (`staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/secretbox/secretbox.go`):
//! NaCl secretbox (XSalsa20-Poly1305) with a random 24-byte nonce; stored as
//! `nonce(24) ‖ Poly1305 tag(16) ‖ ciphertext`, with no authenticated data.

use crypto_secretbox::aead::{Aead, KeyInit};
use crypto_secretbox::XSalsa20Poly1305;
use rand_chacha::rand_core::RngCore;
use rand_chacha::ChaCha8Rng;

/// secretbox.go `nonceSize`.
const NONCE: usize = 24;
/// `secretbox.Overhead`.
const OVERHEAD: usize = 16;

/// `TransformToStorage`: `secretbox.Seal(nonce[:], data, &nonce, &key)`.
pub fn encrypt(key: &[u8], data: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut nonce = [0u8; NONCE];
    rng.fill_bytes(&mut nonce);
    let mut out = nonce.to_vec();
    if let Ok(c) = XSalsa20Poly1305::new_from_slice(key) {
        if let Ok(sealed) = c.encrypt(crypto_secretbox::Nonce::from_slice(&nonce), data) {
            out.extend(sealed);
        }
    }
    out
}

/// `TransformFromStorage`, with secretbox.go's errors (its text for a failed `Open` is literal).
pub fn decrypt(key: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < OVERHEAD + NONCE {
        return Err("the stored data was shorter than the required size".to_owned());
    }
    let (nonce, sealed) = data.split_at(NONCE);
    XSalsa20Poly1305::new_from_slice(key)
        .ok()
        .and_then(|c| c.decrypt(crypto_secretbox::Nonce::from_slice(nonce), sealed).ok())
        .ok_or_else(|| "output array was not large enough for encryption".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn round_trip_and_layout() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let ct = encrypt(&[9u8; 32], b"mydata", &mut rng);
        assert_eq!(ct.len(), 24 + 16 + 6);
        assert_eq!(decrypt(&[9u8; 32], &ct).unwrap(), b"mydata");
        assert_eq!(decrypt(&[8u8; 32], &ct).unwrap_err(), "output array was not large enough for encryption");
    }
}
