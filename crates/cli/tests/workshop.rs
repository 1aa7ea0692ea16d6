//! `kubeplay check` and `kubeplay link` on the example workshop scenario.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;

fn kubeplay(args: &[&str]) -> (i32, String, String) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(args).current_dir(root).output().expect("run kubeplay");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_passes_with_the_solution() {
    let (code, out, err) = kubeplay(&["check", "examples/workshop.yaml", "--solution", "examples/workshop-solution.sh"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("✓ /etc/db/password is readable by its owner only (0400)"), "{out}");
    assert!(out.contains("5 of 5 goals met"), "{out}");
    assert!(!out.contains('✗'), "{out}");
}

#[test]
fn check_fails_without_a_solution() {
    let (code, out, _) = kubeplay(&["check", "examples/workshop.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("✗ web is Running"), "{out}");
    assert!(out.contains("0 of 5 goals met"), "{out}");
    let (_, out, _) = kubeplay(&["check", "--lang", "ko", "examples/workshop.yaml"]);
    assert!(out.contains("✗ web이 Running 상태다"), "{out}");
}

#[test]
fn check_reports_format_errors_with_their_path() {
    let dir = std::env::temp_dir().join(format!("kubeplay-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "id: x\ntitle: {en: X}\ntext: {en: X}\ngoals:\n- text: {en: a}\n  fille: /etc/foo\n  pod: p\n")
        .expect("write");
    let (code, _, err) = kubeplay(&["check", bad.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(err.contains("goals[0].fille: unknown field"), "{err}");
}

#[test]
fn link_prints_a_link_that_opens_the_scenario() {
    let (code, out, err) = kubeplay(&["link", "examples/workshop.yaml", "--base", "https://example.com/kubeplay/"]);
    assert_eq!(code, 0, "{err}");
    let url = out.trim();
    let frag = url.strip_prefix("https://example.com/kubeplay/#").expect("base then fragment");
    let recipe = kubeplay_scenario::link::decode(frag).expect("decode");
    assert_eq!(recipe.lesson.as_deref(), Some("workshop-db-credentials"));
    let sc = kubeplay_scenario::lessons::of_recipe(&recipe).expect("scenario").expect("parse");
    assert_eq!(sc.goals.len(), 5);
    assert!(sc.script.is_none());
    assert!(url.len() < 4_000, "{} characters", url.len());
    let (_, out, _) = kubeplay(&["link", "examples/workshop.yaml"]);
    assert!(out.starts_with("http://127.0.0.1:8080/#v1."), "{out}");
}
