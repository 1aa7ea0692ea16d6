//! Every built-in lesson is reachable: `kubeplay check --lesson ID --solution FILE` with the
//! lesson's reference solution (`crates/scenario/lessons/solutions/ID.sh`) meets every goal,
//! and without a solution it does not.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;

use kubeplay_scenario::lessons;

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
fn every_lesson_passes_check_with_its_solution_and_fails_without() {
    assert_eq!(lessons::SOLUTIONS.len(), lessons::SOURCES.len());
    for (id, _) in lessons::SOURCES {
        let sc = lessons::get(id).expect("lesson");
        let goals = sc.goals.len();
        let path = format!("crates/scenario/lessons/solutions/{id}.sh");
        let (code, out, err) = kubeplay(&["check", "--lesson", id, "--solution", &path]);
        assert_eq!(code, 0, "lesson {id} with its solution:\n{out}\n{err}");
        assert!(out.contains(&format!("{goals} of {goals} goals met")), "lesson {id}:\n{out}");
        assert!(!out.contains('✗'), "lesson {id}:\n{out}");
        let (code, out, err) = kubeplay(&["check", "--lesson", id]);
        assert_eq!(code, 1, "lesson {id} passes without a solution:\n{out}\n{err}");
        assert!(out.contains('✗'), "lesson {id}:\n{out}");
    }
}

#[test]
fn builtin_solution_and_errors() {
    let (code, out, _) = kubeplay(&["check", "--lesson", "etcd-plaintext", "--solution", "builtin"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("etcd-plaintext — etcd stores secrets in plain text"), "{out}");
    let (code, out, _) = kubeplay(&["check", "--lesson", "etcd-plaintext", "--solution", "builtin", "--lang", "ko"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ etcd에 hunter2가 들어 있다"), "{out}");
    let (code, _, err) = kubeplay(&["check", "--lesson", "no-such-lesson"]);
    assert_eq!(code, 1);
    assert!(err.contains("error: no built-in lesson \"no-such-lesson\""), "{err}");
    let (code, _, err) = kubeplay(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("SCENARIO.yaml"), "{err}");
    let (code, _, err) = kubeplay(&["check", "--lesson", "etcd-plaintext", "examples/workshop.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot be used with"), "{err}");
}
