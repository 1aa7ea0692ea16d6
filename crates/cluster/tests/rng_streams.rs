//! One seed, one stream per component: a pod on node 2 does not shift node 1's random draws.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kubeplay_cluster::{Cluster, Settings};

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  k: dg==
";

fn pod(name: &str, node: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  nodeSelector:
    kubernetes.io/hostname: {node}
  containers:
  - name: c
    image: redis
    volumeMounts:
    - name: v
      mountPath: /etc/v
  volumes:
  - name: v
    secret:
      secretName: s
"
    )
}

/// The `..data` target of pod `a`'s secret volume and the times of its events.
fn pod_a_draws(with_b: bool) -> (String, Vec<u64>) {
    let mut c = Cluster::new(Settings { nodes: 2, seed: 42, ..Settings::default() }).unwrap();
    common::apply(&mut c, SECRET);
    common::apply(&mut c, &pod("a", "node-1"));
    if with_b {
        common::apply(&mut c, &pod("b", "node-2"));
    }
    c.run_until_idle(600_000);
    let (node, w) = c.worker("default", "a").expect("pod a runs");
    let vol = w.volumes.iter().find(|v| v.name == "v").expect("volume v");
    let ts = node.fs.readlink(&format!("{}/..data", vol.host_dir)).expect("..data").to_owned();
    let times = c.events().iter().filter(|e| e.object.name == "a").map(|e| e.time_ms).collect();
    (ts, times)
}

#[test]
fn a_pod_on_another_node_does_not_shift_this_nodes_stream() {
    let alone = pod_a_draws(false);
    let beside_b = pod_a_draws(true);
    assert!(alone.0.starts_with("..2026_"), "{}", alone.0);
    assert_eq!(alone, beside_b);
}
