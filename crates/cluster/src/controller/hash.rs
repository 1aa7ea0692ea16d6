//! The `pod-template-hash` (`pkg/controller/controller_utils.go` `ComputeHash`): FNV-32a over the
//! pod template, plus the collision count when there is one, printed in decimal and made safe
//! with `rand.SafeEncodeString` (`apimachinery/pkg/util/rand/rand.go`).
//!
//! Upstream hashes go-spew's `%#v` dump of the Go `v1.PodTemplateSpec` (`hashutil.DeepHashObject`:
//! every field of every struct, nil pointers included). kubeplay hashes the template's canonical
//! JSON instead (keys sorted, defaults applied), so its hashes have the same shape and the same
//! behaviour (equal templates, equal hashes; any change, a new hash) but not the same values as
//! a real cluster's: docs/fidelity.md.

use kubeplay_api::k8s_openapi::api::core::v1::PodTemplateSpec;

/// `rand.SafeEncodeString`'s alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `hash/fnv` New32a.
pub(crate) fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `rand.SafeEncodeString`: each byte of `s` mapped to `ALPHANUMS[b % 27]`.
pub(crate) fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()])).collect()
}

/// `ComputeHash(template, collisionCount)`.
pub(crate) fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut bytes = serde_json::to_vec(template).unwrap_or_default();
    if let Some(c) = collision_count {
        // binary.LittleEndian.PutUint32 into an 8-byte slice: four bytes, then four zeros.
        let mut extra = [0u8; 8];
        extra[..4].copy_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&extra);
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// hash/fnv's published test vectors for FNV-1a 32 (hash/fnv/fnv_test.go golden32a).
    #[test]
    fn fnv32a_matches_go() {
        assert_eq!(fnv32a(b""), 0x811c9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c292c);
        assert_eq!(fnv32a(b"ab"), 0x4d2505ca);
        assert_eq!(fnv32a(b"abc"), 0x1a47e90b);
    }

    /// rand.SafeEncodeString maps the digit bytes '0'..'9' (48..57) to alphabet[21..27] and
    /// alphabet[0..4]: '0' → '4', …, '9' → 'f'. Every real pod-template-hash (e.g. `5d78f6b8c9`)
    /// uses only these ten characters.
    #[test]
    fn safe_encoding_of_digits() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(safe_encode("4294967295").len(), 10);
    }
}
