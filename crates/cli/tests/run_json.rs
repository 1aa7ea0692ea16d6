//! `kubeplay run --output json` reports each container's run: state, reason, exit code,
//! restart count and log lines (tests/contract/run/04.json is the dotfiles pod).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;

#[test]
fn containers_report_state_exit_code_restarts_and_logs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/tests/contract/run/04.json")).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("kubeplay-run-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("dotfiles.yaml");
    std::fs::write(&file, case["manifests"].as_str().unwrap()).unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
            .args(["run", "--output", "json", "--until", "5m", file.to_str().unwrap()])
            .output()
            .expect("run kubeplay");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let first = run();
    assert_eq!(first, run(), "same input and seed, same output");
    let v: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let c = &v["pods"][0]["containers"][0];
    assert_eq!(c["state"], "waiting");
    assert_eq!(c["reason"], "CrashLoopBackOff");
    assert_eq!(c["exitCode"], 0);
    assert!(c["restartCount"].as_i64().unwrap() >= 4, "{c}");
    assert_eq!(c["logs"], serde_json::json!(["total 0"]));
    std::fs::remove_dir_all(&dir).ok();
}

/// The benchmark load: `kubeplay generate` writes the pairs in files of 5,000 and
/// `kubeplay run --generate-pods` applies the same text, so both runs print the same JSON.
#[test]
fn generated_load_runs_the_same_from_files_and_from_the_flag() {
    let dir = std::env::temp_dir().join(format!("kubeplay-generate-{}", std::process::id()));
    let kubeplay = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(args).output().expect("run kubeplay");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let listed = String::from_utf8(kubeplay(&["generate", "--pods", "3", dir.to_str().unwrap()])).unwrap();
    let file = dir.join("pairs-00001.yaml");
    assert_eq!(listed, format!("{}\n", file.display()));
    let from_flag = kubeplay(&["run", "--nodes", "2", "--output", "json", "--generate-pods", "3"]);
    let from_file = kubeplay(&["run", "--nodes", "2", "--output", "json", file.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&from_flag).unwrap();
    let w: serde_json::Value = serde_json::from_slice(&from_file).unwrap();
    assert_eq!(v["pods"], w["pods"]);
    let pods = v["pods"].as_array().unwrap();
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p["phase"] == "Running"), "{}", v["pods"]);
    assert_eq!(v["errors"], serde_json::json!([]));
    std::fs::remove_dir_all(&dir).ok();
}
