//! Generated names and uids: `uuid.NewUUID()` for `metadata.uid` and `names.SimpleNameGenerator`
//! (`apiserver/pkg/storage/names/generate.go`) for `generateName` suffixes, drawn from the store's
//! uid stream ([`crate::rng`]).

use super::Store;

impl Store {
    /// The next number of the uid and name generation stream.
    pub fn next_random(&mut self) -> u64 {
        self.uids.next_u64()
    }

    pub(super) fn new_uid(&mut self) -> String {
        let a = self.next_random();
        let b = self.next_random();
        uuid_v4(a, b)
    }

    /// `names.SimpleNameGenerator`: 5 characters from `bcdfghjklmnpqrstvwxz2456789`.
    pub fn random_suffix(&mut self) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut r = self.next_random();
        (0..5)
            .map(|_| {
                let c = ALPHABET[(r % ALPHABET.len() as u64) as usize] as char;
                r /= ALPHABET.len() as u64;
                c
            })
            .collect()
    }
}

/// A uid derived from a name alone (FNV-1a, then splitmix), for the bootstrap objects the store
/// starts with: they must not draw from the uid stream.
pub(super) fn name_uid(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mix = |mut x: u64| {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    };
    let (a, b) = (mix(h), mix(h ^ 1));
    uuid_v4(a, b)
}

/// Two random words in the RFC 4122 version 4 layout, as the API server's `uuid.NewUUID()` looks.
fn uuid_v4(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}
