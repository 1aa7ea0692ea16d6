//! The resources view's workload tree (Deployment → ReplicaSets → Pods) through a rollout
//! restart, computed natively as the web renders it.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;
use kubeplay_scenario::workload_view::{workload_rows, WorkloadKind};

#[test]
fn the_tree_groups_pods_under_their_replica_set_and_deployment() {
    let mut c = Console::new(Settings::default()).expect("console");
    c.run_script("kubectl create deployment web --image=nginx:1.27 --replicas=2\nkubectl rollout status deployment/web\n");
    let rows = workload_rows(c.session.cluster());
    let shape: Vec<(WorkloadKind, usize)> = rows.iter().map(|r| (r.kind, r.depth)).collect();
    assert_eq!(
        shape,
        vec![(WorkloadKind::Deployment, 0), (WorkloadKind::ReplicaSet, 1), (WorkloadKind::Pod, 2), (WorkloadKind::Pod, 2)]
    );
    assert_eq!((rows[0].name.as_str(), rows[0].ready.as_str()), ("web", "2/2"));
    assert_eq!(rows[1].detail, "revision 1");
    assert!(rows[2].name.starts_with(&format!("{}-", rows[1].name)));
    assert_eq!(rows[2].detail, "Running");

    c.run_script("kubectl rollout restart deployment/web\nkubectl rollout status deployment/web\n");
    let rows = workload_rows(c.session.cluster());
    let rs: Vec<(&str, &str, bool)> = rows
        .iter()
        .filter(|r| r.kind == WorkloadKind::ReplicaSet)
        .map(|r| (r.detail.as_str(), r.ready.as_str(), r.current))
        .collect();
    assert_eq!(
        rs,
        vec![("revision 2", "2/2", true), ("revision 1", "0/0", false)],
        "newest revision first, the old one scaled to 0"
    );
    let new_rs = rows.iter().find(|r| r.kind == WorkloadKind::ReplicaSet && r.current).unwrap().name.clone();
    let running: Vec<&str> =
        rows.iter().filter(|r| r.kind == WorkloadKind::Pod && r.detail == "Running").map(|r| r.name.as_str()).collect();
    assert_eq!(running.len(), 2);
    assert!(running.iter().all(|n| n.starts_with(&format!("{new_rs}-"))), "{running:?}");
}
