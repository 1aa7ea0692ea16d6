//! Issue 15's hostile inputs, timed from input to error (each must answer within 100 ms):
//! a deflate-bomb share link, a billion-laughs manifest, a 10 MiB paste, one object over the
//! API server's 3 MiB request limit, a 50-level nested manifest and a 100,000-character console
//! line, each through the playground as a learner would meet it. The inputs are the ones
//! `tests/hostile_inputs.rs` checks the messages of.
//! Run with `nice cargo bench -p kubeplay-scenario --bench hostile`; figures in docs/reliability.md.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubeplay_scenario::{link, Playground, Settings, State};

fn deflate_bomb_link(inflated_bytes: usize) -> String {
    let json = format!("{{\"v\":1,\"editor\":\"\"{}}}", " ".repeat(inflated_bytes));
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 1);
    format!("#{}{}", link::PREFIX, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated))
}

fn billion_laughs() -> String {
    let mut y = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nl0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        y.push_str(&format!("l{i}: &l{i} [*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p}]\n"));
    }
    y
}

fn nested_manifest(levels: usize) -> String {
    let mut y = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: deep\nstringData:\n");
    for i in 0..levels {
        y.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    y.push_str(&format!("{}v\n", "  ".repeat(levels + 1)));
    y
}

fn big_secret(value_bytes: usize) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n  big: {}\n", "QUFB".repeat(value_bytes / 4))
}

/// Applies `text` from the editor of a fresh playground; the one outcome must be an error.
fn apply_fails(pg: &mut Playground, text: &str) {
    pg.set_editor(text.to_owned());
    let out = pg.apply_editor();
    assert!(out.iter().any(|d| d.error), "{out:?}");
}

fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    let bomb = deflate_bomb_link(64 * 1024 * 1024);
    g.bench_function("deflate_bomb_link", |b| {
        b.iter(|| {
            let (state, _) = State::load(Some(&bomb), None);
            assert!(state.error().is_some());
        })
    });
    let fresh = || Playground::new(Settings::default()).expect("playground");
    for (name, text) in [
        ("billion_laughs_yaml", billion_laughs()),
        ("paste_10_mib", big_secret(10 * 1024 * 1024)),
        ("object_over_3_mib_413", big_secret(3 * 1024 * 1024 + 1024)),
        ("nested_50_levels", nested_manifest(50)),
    ] {
        g.bench_function(name, |b| b.iter_batched(fresh, |mut pg| apply_fails(&mut pg, &text), BatchSize::SmallInput));
    }
    let line = format!("kubectl create secret generic s --from-literal=k={}", "x".repeat(100_000));
    g.bench_function("console_line_100k", |b| {
        b.iter_batched(
            fresh,
            |mut pg| {
                let out = pg.command(&line);
                assert_eq!(out.status, 2);
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
