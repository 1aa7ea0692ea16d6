//! One seed rules everything: each component of the simulator draws its random numbers from
//! its own stream, derived from the cluster's seed, so a component's draws never shift
//! another's (a pod on node 2 does not change node 1's backoff jitter).
//!
//! Every generator is portable: the same numbers on 64-bit native and wasm32 (`SmallRng` is
//! not), so the CLI and the browser print the same log.
//!
//! | component                | generator                                                        | draws |
//! |--------------------------|------------------------------------------------------------------|-------|
//! | node *i* (`node-(i+1)`)  | [`stream`]: `ChaCha8Rng::seed_from_u64(seed)`, `set_stream(i)`   | resync and back-off jitter, image pull times, `..YYYY_…` directory suffixes |
//! | the scheduler            | [`stream`]: `ChaCha8Rng::seed_from_u64(seed)`, `set_stream(2³²)` | nothing yet (ties break by node index) |
//! | storage transformers     | [`stream`]: `ChaCha8Rng::seed_from_u64(seed)`, `set_stream(2³²+1)` | AES IVs and nonces, secretbox nonces, KMS v2 seeds, KEKs |
//! | the audit filter         | [`stream`]: `ChaCha8Rng::seed_from_u64(seed)`, `set_stream(2³²+2)`, word position 4·*n* | the *n*-th audited request's `auditID` |
//! | uid and name generation  | [`UidStream`]: the *n*-th value is `splitmix64(seed ^ splitmix64(n))` | object uids, `kube-api-access-xxxxx` suffixes |
//!
//! Node 0's stream is stream 0, i.e. exactly `ChaCha8Rng::seed_from_u64(seed)`: the generator
//! every node shared before streams were split, so single-node runs keep their jitter and
//! directory names byte for byte. Uids are counter-based (value *n* depends only on the seed
//! and *n*) and keep the derivation they always had, because uids are printed by the public
//! contract cases (`kubectl get -o yaml`, service account tokens), which must not change.

use rand_chacha::rand_core::SeedableRng;
pub use rand_chacha::ChaCha8Rng;

/// A component that owns a random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    /// The kubelet of node `i` (0-based).
    Node(u16),
    /// The scheduler.
    Scheduler,
    /// The API server's storage transformers (IVs, nonces, KMS seeds) and the simulated KMS
    /// plugins' KEKs: drawn only when a non-identity provider writes, so runs without
    /// encryption at rest draw nothing here.
    StorageTransformers,
    /// The audit filter's `auditID`s (request *n* reads 16 bytes at word position 4·*n*).
    Audit,
}

impl Component {
    /// The ChaCha stream id of the component (see the module doc's table).
    pub fn stream_id(self) -> u64 {
        match self {
            Component::Node(i) => u64::from(i),
            Component::Scheduler => 1 << 32,
            Component::StorageTransformers => (1 << 32) + 1,
            Component::Audit => (1 << 32) + 2,
        }
    }
}

/// The random stream of `component` in a cluster seeded with `seed`.
pub fn stream(seed: u64, component: Component) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(component.stream_id());
    rng
}

/// `splitmix64`: a tiny, portable mixer.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The API server's uid and name generation stream: the *n*-th value (from 1) is
/// `splitmix64(seed ^ splitmix64(n))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UidStream {
    seed: u64,
    drawn: u64,
}

impl UidStream {
    /// The stream of a cluster seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        UidStream { seed, drawn: 0 }
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.drawn += 1;
        splitmix64(self.seed ^ splitmix64(self.drawn))
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::RngCore;

    use super::*;

    #[test]
    fn node_zero_is_the_plain_seeded_generator_and_streams_differ() {
        let mut plain = ChaCha8Rng::seed_from_u64(7);
        let mut node0 = stream(7, Component::Node(0));
        assert_eq!((plain.next_u64(), plain.next_u64()), (node0.next_u64(), node0.next_u64()));
        let firsts: Vec<u64> =
            [Component::Node(0), Component::Node(1), Component::Scheduler].into_iter().map(|c| stream(7, c).next_u64()).collect();
        for (i, a) in firsts.iter().enumerate() {
            assert!(firsts.iter().skip(i + 1).all(|b| a != b), "{firsts:?}");
        }
        // Portable: fixed values, the same on every target.
        assert_eq!(stream(1, Component::Node(0)).next_u64(), ChaCha8Rng::seed_from_u64(1).next_u64());
        let mut uids = UidStream::new(1);
        let (a, b) = (uids.next_u64(), uids.next_u64());
        assert_ne!(a, b);
        assert_eq!(UidStream::new(1).next_u64(), a);
    }
}
