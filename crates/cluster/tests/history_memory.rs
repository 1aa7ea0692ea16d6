//! How much memory one snapshot of the time machine costs, measured as the growth of the
//! process's resident memory (`VmRSS`, Linux) while 100 clones of a cluster are held, divided
//! by 100. File contents on the tmpfs are `Rc<[u8]>`, shared between a cluster and its
//! snapshots, so they are not copied. Run with
//! `cargo test -p kubeplay-cluster --test history_memory -- --nocapture` to see the numbers
//! quoted in `src/history.rs`. (The workspace forbids `unsafe`, so no counting allocator.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kubeplay_cluster::{Cluster, History, Session, Settings};

/// Resident memory of this process in bytes, where the OS tells it.
fn rss_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Average resident bytes of one clone of `c` (the cost of one snapshot), if measurable.
fn snapshot_bytes(c: &Cluster) -> Option<usize> {
    const N: usize = 100;
    let before = rss_bytes()?;
    let copies: Vec<Cluster> = (0..N).map(|_| c.clone()).collect();
    let after = rss_bytes()?;
    drop(copies);
    Some(after.saturating_sub(before) / N)
}

const MYSECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
";

fn mypod(name: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: /etc/foo
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
"
    )
}

// One test only: the allocation counter is global, and tests in one binary run in parallel.
#[test]
fn snapshot_memory_is_measured_and_bounded() {
    let fresh = Cluster::default();
    let Some(empty) = snapshot_bytes(&fresh) else {
        println!("no /proc/self/status: snapshot memory not measured here");
        return;
    };

    let mut one = Cluster::default();
    common::apply(&mut one, MYSECRET);
    common::apply(&mut one, &mypod("mypod"));
    one.run_until_idle(600_000);
    let docs = snapshot_bytes(&one).unwrap_or(0);

    let mut many = Cluster::new(Settings { nodes: 3, ..Settings::default() }).unwrap();
    common::apply(&mut many, MYSECRET);
    for i in 0..20 {
        common::apply(&mut many, &mypod(&format!("mypod-{i}")));
    }
    many.run_until_idle(600_000);
    let twenty = snapshot_bytes(&many).unwrap_or(0);
    let per_pod = twenty.saturating_sub(docs) / 19;

    println!("bytes per snapshot: fresh cluster {empty}, docs' mysecret+mypod {docs}, 20 pods on 3 nodes {twenty} (~{per_pod} per pod)");
    // Bounds an order of magnitude above today's numbers: a regression that copies the
    // tmpfs contents or the whole event history per pod twice over shows up here.
    assert!(empty < 256 * 1024, "fresh cluster snapshot {empty} B");
    assert!(docs < 512 * 1024, "docs scenario snapshot {docs} B");
    assert!(per_pod < 256 * 1024, "{per_pod} B per pod");

    // A history keeps at most MAX_SNAPSHOTS of them, however long it runs.
    let mut s = Session::new(Settings::default()).unwrap();
    let mut h: History<Cluster> = History::new(s.cluster().clone());
    common::apply_s(&mut s, MYSECRET);
    common::apply_s(&mut s, &mypod("mypod"));
    while s.next_event_ms().is_some_and(|t| t <= 6 * 3_600_000) {
        s.step();
        h.record(s.cluster().steps(), s.calls().len(), s.cluster());
    }
    assert!(h.len() <= kubeplay_cluster::history::MAX_SNAPSHOTS);
}
