//! Issue 10's benchmark: 10,000 crash-looping pods (each mounting its own secret and running
//! `ls -l /etc/foo`, which exits 0, under `restartPolicy: Always`) on 100 nodes, run for one
//! virtual hour: every restart runs the process in kubeplay's shell, writes its log and goes
//! through the crash-loop back-off (10 s doubling to 5 min). One measured run (this is not a
//! timed test): wall time, events/s, steps/s, restarts, peak memory (/proc/self/status VmHWM).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use kubeplay_api::{decode_manifest, Object};
use kubeplay_cluster::{load, ApiCall, Cluster, RunEnd, Settings};

const NODES: u16 = 100;
const HOUR_MS: u64 = 3_600_000;

fn pods() -> usize {
    std::env::var("PODS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let pods = pods();
    let objs: Vec<Object> = (0..pods)
        .flat_map(|i| {
            decode_manifest(&load::crash_looping_pair(i), "crash.yaml").docs.into_iter().map(|d| d.result.expect("decodes"))
        })
        .collect();
    let before_kb = vm_hwm_kb().unwrap_or(0);
    let t = Instant::now();
    let mut c = Cluster::new(Settings { nodes: NODES, seed: 7, ..Settings::default() }).expect("cluster");
    c.set_record_notes(false);
    for o in objs {
        c.call(ApiCall::Apply { object: Box::new(o), namespace: "default".into() }).expect("applied");
    }
    assert_eq!(c.run_until(HOUR_MS), RunEnd::Limit);
    let wall = t.elapsed().as_secs_f64();
    let restarts: i64 = c
        .store()
        .pods()
        .flat_map(|p| p.status.iter().flat_map(|s| s.container_statuses.iter().flatten()))
        .map(|s| i64::from(s.restart_count))
        .sum();
    let crash_looping = c
        .store()
        .pods()
        .filter(|p| p.status.iter().flat_map(|s| s.container_statuses.iter().flatten()).any(|s| s.restart_count > 0))
        .count();
    assert_eq!(crash_looping, pods, "every pod restarted at least once");
    let events = c.events().len();
    println!("crash_loop: {pods} crash-looping pods on {NODES} nodes for one virtual hour");
    println!(
        "  wall {wall:.2} s, {events} events ({:.0} events/s), {} steps ({:.0} steps/s), {restarts} restarts ({:.1} per pod)",
        events as f64 / wall,
        c.steps(),
        c.steps() as f64 / wall,
        restarts as f64 / pods as f64
    );
    let mut by_reason: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in c.events() {
        *by_reason.entry(e.reason).or_default() += 1;
    }
    let reasons: Vec<String> = by_reason.iter().map(|(r, n)| format!("{r} {n}")).collect();
    println!("  events by reason: {}", reasons.join(", "));
    if let Some(kb) = vm_hwm_kb() {
        println!("  peak RSS (VmHWM) {:.0} MiB (before the run: {:.0} MiB)", kb as f64 / 1024.0, before_kb as f64 / 1024.0);
    }
}
