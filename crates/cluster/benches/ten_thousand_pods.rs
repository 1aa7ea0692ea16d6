//! 10,000 pods, each mounting its own secret, on 100 nodes: everything applied at virtual
//! time 0, then run until idle. Prints one measured run (wall time, events/s, steps/s, peak
//! memory from /proc/self/status VmHWM) and then lets criterion time the same run.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use kubeplay_api::{decode_manifest, Object};
use kubeplay_cluster::{ApiCall, Cluster, RunEnd, Settings};

const PODS: usize = 10_000;
const NODES: u16 = 100;

/// The manifests, decoded once (decoding is not what is measured). One secret and its pod per
/// manifest: a single text would exceed the decoder's 3 MiB request limit.
fn objects() -> Vec<Object> {
    let objs: Vec<Object> = (0..PODS)
        .flat_map(|i| {
            let text = format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\ndata:\n  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n---\n\
                 apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sleep, infinity]\n    \
                 volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n      readOnly: true\n  volumes:\n  - name: foo\n    secret:\n      secretName: s{i}\n"
            );
            decode_manifest(&text, "bench.yaml").docs.into_iter().map(|d| d.result.expect("decodes"))
        })
        .collect();
    assert_eq!(objs.len(), 2 * PODS);
    objs
}

/// Applies everything at time 0 and runs until idle; returns the cluster.
fn run(objs: &[Object]) -> Cluster {
    let mut c = Cluster::new(Settings { nodes: NODES, seed: 7, ..Settings::default() }).expect("cluster");
    c.set_record_notes(false);
    for o in objs {
        c.call(ApiCall::Apply { object: Box::new(o.clone()), namespace: "default".into() }).expect("applied");
    }
    assert_eq!(c.run_until_idle(24 * 3_600_000), RunEnd::Idle);
    c
}

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn one_measured_run(objs: &[Object]) {
    let before_kb = vm_hwm_kb().unwrap_or(0);
    let t = Instant::now();
    let c = run(objs);
    let wall = t.elapsed();
    let running = c.store().pods().filter(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")).count();
    assert_eq!(running, PODS);
    let spread: Vec<usize> = c.nodes().iter().map(|n| n.workers.len()).collect();
    let events = c.events().len();
    let secs = wall.as_secs_f64();
    println!(
        "ten_thousand_pods: {PODS} pods on {NODES} nodes, all Running; pods per node min {} max {}",
        spread.iter().min().unwrap(),
        spread.iter().max().unwrap()
    );
    println!(
        "  wall {:.3} s, {} events ({:.0} events/s), {} steps ({:.0} steps/s), virtual time {} ms",
        secs,
        events,
        events as f64 / secs,
        c.steps(),
        c.steps() as f64 / secs,
        c.now_ms()
    );
    if let Some(kb) = vm_hwm_kb() {
        println!("  peak RSS (VmHWM) {:.1} MiB (before the run: {:.1} MiB)", kb as f64 / 1024.0, before_kb as f64 / 1024.0);
    }
}

fn bench(cr: &mut Criterion) {
    let objs = objects();
    one_measured_run(&objs);
    let mut g = cr.benchmark_group("cluster");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    g.bench_function("ten_thousand_pods_apply_and_run_until_idle", |b| b.iter(|| run(&objs)));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
