//! The TTL controller of kube-controller-manager (`pkg/controller/ttl/ttl_controller.go`):
//! it annotates every Node with `node.alpha.kubernetes.io/ttl`, the number of seconds a
//! kubelet using the Cache strategy may serve a cached secret or config map, chosen from the
//! cluster's size. The kubelet reads it through `GetObjectTTLFromNodeFunc`
//! (`pkg/kubelet/util/manager/cache_based_manager.go`) and falls back to one minute without it.

/// The annotation the controller writes and the kubelet reads (`v1.ObjectTTLAnnotationKey`).
pub const TTL_ANNOTATION: &str = "node.alpha.kubernetes.io/ttl";

/// The kubelet's TTL when the node has no annotation (`defaultTTL = time.Minute` in
/// pkg/kubelet/secret/secret_manager.go and configmap_manager.go).
pub const DEFAULT_TTL_MS: u64 = 60_000;

/// One row of `ttlBoundaries`: the TTL while the cluster size stays at most `size_max` (upstream's
/// `sizeMin`, used only when nodes are deleted, is in the comments: kubeplay never deletes nodes).
struct Boundary {
    size_max: u32,
    ttl_seconds: u32,
}

/// `ttlBoundaries` (ttl_controller.go); the ranges overlap so that a cluster whose size
/// hovers around a limit does not flap.
const BOUNDARIES: [Boundary; 5] = [
    Boundary { /* sizeMin 0 */ size_max: 100, ttl_seconds: 0 },
    Boundary { /* sizeMin 90 */ size_max: 500, ttl_seconds: 15 },
    Boundary { /* sizeMin 450 */ size_max: 1000, ttl_seconds: 30 },
    Boundary { /* sizeMin 900 */ size_max: 2000, ttl_seconds: 60 },
    Boundary { /* sizeMin 1800 */ size_max: u32::MAX, ttl_seconds: 300 },
];

/// The TTL in seconds the controller writes on every node of a cluster whose `nodes` nodes
/// were added one by one (`addNode`: the boundary step moves up when the count passes `sizeMax`;
/// `deleteNode` would move it down below `sizeMin`, which kubeplay's fixed node set never does).
pub fn desired_ttl_seconds(nodes: u32) -> u32 {
    let mut step = 0usize;
    for count in 1..=nodes {
        // Bounded: at most BOUNDARIES.len() - 1 moves per added node, and in practice one.
        while BOUNDARIES.get(step).is_some_and(|b| count > b.size_max) && step + 1 < BOUNDARIES.len() {
            step += 1;
        }
    }
    BOUNDARIES.get(step).map_or(0, |b| b.ttl_seconds)
}

/// Where the Cache strategy's TTL comes from in a simulated cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum TtlSource {
    /// The cluster settings' `cacheTtlMs` overrides the node annotation (kubeplay's knob for
    /// showing a TTL; a real kubelet has no such setting). The default, so saved links keep their TTL.
    #[default]
    Override,
    /// The node's `node.alpha.kubernetes.io/ttl` annotation, as the TTL controller set it: what a
    /// real v1.33 cluster does (0 s up to 100 nodes, so Cache then re-reads on every Get).
    Node,
}

impl TtlSource {
    /// Whether this is the default (settings serialise without the field then, so links stay as they were).
    pub fn is_override(&self) -> bool {
        *self == TtlSource::Override
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pkg/controller/ttl/ttl_controller.go ttlBoundaries, walked as addNode walks them.
    #[test]
    fn ttl_follows_the_boundaries_table() {
        for (nodes, ttl) in [(1, 0), (100, 0), (101, 15), (500, 15), (501, 30), (1000, 30), (1001, 60), (2001, 300)] {
            assert_eq!(desired_ttl_seconds(nodes), ttl, "{nodes} nodes");
        }
    }
}
