//! Issue 13's operation benchmarks at 10,000 pods (each mounting its own secret, 100 nodes),
//! fed the same text `kubeplay run --generate-pods` applies: (b) one `step()` (median, p99),
//! (c) stepping back 1,000 steps in the playground's time machine, (d) one secret update fanned
//! out to 10,000 mounting pods, (e) decode + validate of a 1 MiB Secret and of a 500-object
//! manifest, (f) the UI's view models. A plain harness (no criterion): each figure is a median
//! over a few repetitions, printed as `name: value` lines that `scripts/bench.sh` collects.
//! Run with `cargo bench -p kubeplay-scenario --bench ten_thousand` (`-- e` runs only (e), etc.).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use kubeplay_cluster::{load, Cluster, RunEnd, Session, Settings};
use kubeplay_kubectl::{apply_manifest, Mode};
use kubeplay_scenario::{views, Playground};

const PODS: usize = 10_000;
const NODES: u16 = 100;

fn settings() -> Settings {
    Settings { nodes: NODES, seed: 7, ..Settings::default() }
}

fn vm_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0)
}

fn mib(kb: u64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}

/// Median of `xs` (sorted in place).
fn median(xs: &mut [Duration]) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// A session with `pods` generated pairs applied at time 0 (not yet run).
fn applied(pods: usize) -> Session {
    let mut s = Session::new(settings()).expect("session");
    for (name, text) in load::files(pods) {
        let out = apply_manifest(&mut s, &text, &name, Mode::Apply, "default");
        assert!(out.iter().all(|d| !d.error), "{:?}", out.iter().find(|d| d.error));
    }
    s
}

/// (b) Every step of the 10k run timed on its own: median, p99, max.
fn step(cluster: &mut Cluster) {
    cluster.set_record_notes(false);
    let mut times = Vec::with_capacity(80_000);
    let t0 = Instant::now();
    while !cluster.is_idle() && times.len() < 1_000_000 {
        let t = Instant::now();
        if cluster.step().is_none() {
            break;
        }
        times.push(t.elapsed());
    }
    let wall = t0.elapsed();
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
    println!("b.steps: {}", times.len());
    println!("b.step_median: {}", us(p(0.5)));
    println!("b.step_p99: {}", us(p(0.99)));
    println!("b.step_max: {}", us(p(1.0)));
    println!(
        "a.sim_wall: {} ({} events, {:.0} events/s)",
        ms(wall),
        cluster.events().len(),
        cluster.events().len() as f64 / wall.as_secs_f64()
    );
}

/// (c) The playground at 10k pods, 2,100 steps in: back 1,000 steps (twice, from different
/// places), and one step back.
fn step_back() {
    let mut pg = Playground::new(settings()).expect("playground");
    for (_, text) in load::files(PODS) {
        pg.set_editor(text);
        pg.apply_editor();
    }
    let rss0 = vm_kb("VmRSS:");
    pg.go_to_step(2_100);
    println!("c.snapshots_at_2100: {} (RSS {} → {})", pg.snapshots(), mib(rss0), mib(vm_kb("VmRSS:")));
    // No clones of the playground (one is gigabytes at 10k pods): back, then forward again.
    let (mut one, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        pg.go_to_step(2_100);
        let t = Instant::now();
        pg.step_back();
        one.push(t.elapsed());
        let t = Instant::now();
        pg.go_to_step(1_099);
        a.push(t.elapsed());
        assert_eq!(pg.steps(), 1_099);
    }
    for _ in 0..3 {
        pg.go_to_step(1_100);
        let t = Instant::now();
        pg.go_to_step(100);
        b.push(t.elapsed());
    }
    println!("c.step_back_1_step_from_2100: {}", ms(median(&mut one)));
    println!("c.step_back_1000_from_2099: {}", ms(median(&mut a)));
    println!("c.step_back_1000_from_1100: {}", ms(median(&mut b)));
}

/// (d) 10,000 pods mounting one secret, run to idle; then the secret changes and the run
/// goes on until every kubelet wrote the new value (the next resync of each pod).
fn fan_out() {
    let mut s = Session::new(settings()).expect("session");
    let secret = |v: &str| format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: shared\ndata:\n  username: {v}\n");
    assert!(apply_manifest(&mut s, &secret("YWRtaW4="), "s.yaml", Mode::Apply, "default").iter().all(|d| !d.error));
    for k in 0..PODS / load::PAIRS_PER_FILE {
        let text = (k * load::PAIRS_PER_FILE..(k + 1) * load::PAIRS_PER_FILE)
            .map(|i| {
                load::pair(i).split("---\n").nth(1).expect("pod").replace(&format!("secretName: s{i}"), "secretName: shared")
            })
            .collect::<Vec<_>>()
            .join("---\n");
        assert!(apply_manifest(&mut s, &text, "p.yaml", Mode::Apply, "default").iter().all(|d| !d.error));
    }
    assert_eq!(s.run_until_idle(3_600_000), RunEnd::Idle);
    let events0 = s.cluster().events().len();
    let steps0 = s.cluster().steps();
    let t = Instant::now();
    assert!(apply_manifest(&mut s, &secret("cm9vdA=="), "s.yaml", Mode::Apply, "default").iter().all(|d| !d.error));
    let applied = t.elapsed();
    let end = s.run_until_idle(3_600_000);
    let wall = t.elapsed();
    println!(
        "d.secret_update_fan_out_10k: {} (apply {}, then {} steps, {} events, to {:?})",
        ms(wall),
        ms(applied),
        s.cluster().steps() - steps0,
        s.cluster().events().len() - events0,
        end
    );
}

/// (e) decode + validate (client decoding, then the API server's defaulting, admission,
/// validation and storage) of a 1 MiB Secret and of a 500-object manifest.
fn decode() {
    let big = base64_of(1024 * 1024 - 64);
    let secret = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n  blob: {big}\n");
    let many = load::text(0, 250);
    for (label, text) in [("1mib_secret", &secret), ("500_objects", &many)] {
        let mut dec = Vec::new();
        let mut all = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            let m = kubeplay_api::decode_manifest(text, "bench.yaml");
            dec.push(t.elapsed());
            assert!(m.docs.iter().all(|d| d.result.is_ok()));
            let mut s = Session::new(settings()).expect("session");
            let t = Instant::now();
            let out = apply_manifest(&mut s, text, "bench.yaml", Mode::Apply, "default");
            all.push(t.elapsed());
            assert!(out.iter().all(|d| !d.error), "{:?}", out.iter().find(|d| d.error));
        }
        println!("e.decode_{label}: {} ({} bytes)", ms(median(&mut dec)), text.len());
        println!("e.decode_validate_apply_{label}: {}", ms(median(&mut all)));
    }
}

fn base64_of(n: usize) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..n / 3 * 4).map(|i| A[(i * 7) % 64] as char).collect()
}

/// (f) What the UI builds per render at 10k pods: the resources lists, a node's tmpfs, one
/// pod's containers and describe, 50 timeline rows.
fn view_models(c: &Cluster) {
    let mut t = [Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..5 {
        let s = Instant::now();
        assert_eq!(views::pod_rows(c).len(), PODS);
        t[0].push(s.elapsed());
        let s = Instant::now();
        assert!(views::secret_rows(c).len() >= PODS);
        t[1].push(s.elapsed());
        let s = Instant::now();
        assert!(views::node_view(c, "node-1", kubeplay_scenario::app::NODE_ENTRIES).is_some());
        t[2].push(s.elapsed());
        let s = Instant::now();
        assert!(!views::container_views(c, "default", "p1").is_empty());
        assert!(views::describe_pod(c, "default", "p1").is_some());
        t[3].push(s.elapsed());
        let s = Instant::now();
        for i in 0..50 {
            assert!(views::timeline_row(c, c.events().len() - 1 - i).is_some());
        }
        t[4].push(s.elapsed());
    }
    for (name, xs) in
        ["pod_rows", "secret_rows", "node_view", "pod_containers_and_describe", "timeline_50_rows"].iter().zip(t.iter_mut())
    {
        println!("f.{name}: {}", ms(median(xs)));
    }
}

fn main() {
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let want = |k: &str| only.is_empty() || only.iter().any(|o| o == k);
    println!("pods: {PODS}, nodes: {NODES}");
    if want("e") {
        decode();
    }
    if want("b") || want("f") {
        let t = Instant::now();
        let s = applied(PODS);
        println!("a.apply_10k_pairs: {}", ms(t.elapsed()));
        let mut c = s.cluster().clone();
        drop(s);
        step(&mut c);
        view_models(&c);
        println!("peak_rss_so_far: {}", mib(vm_kb("VmHWM:")));
    }
    if want("d") {
        fan_out();
        println!("peak_rss_so_far: {}", mib(vm_kb("VmHWM:")));
    }
    if want("c") {
        step_back();
        println!("peak_rss_so_far: {}", mib(vm_kb("VmHWM:")));
    }
}
