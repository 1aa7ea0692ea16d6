//! `kubeplay run --audit`: the audit log of applying the manifests, one JSON event per line as
//! kube-apiserver's `--audit-log-path` writes it; without `--audit-policy-file`, the docs'
//! minimal policy (every request at Metadata, docs `tasks/debug/debug-cluster/audit.md`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;

#[test]
fn run_audit_prints_json_lines_and_the_policy_file_decides_the_level() {
    let dir = std::env::temp_dir().join(format!("kubeplay-run-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret.yaml");
    std::fs::write(&file, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: s3cr3t\n").unwrap();
    let policy = dir.join("policy.yaml");
    std::fs::write(
        &policy,
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Request\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
            .args(["run", "--audit"])
            .args(extra)
            .arg(file.to_str().unwrap())
            .output()
            .expect("run kubeplay");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let meta = run(&[]);
    let events: Vec<serde_json::Value> = meta.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // apply: GET (404) then POST (201), each RequestReceived and ResponseComplete.
    let seen: Vec<(String, String)> =
        events.iter().map(|e| (e["verb"].as_str().unwrap().to_owned(), e["stage"].as_str().unwrap().to_owned())).collect();
    assert_eq!(
        seen,
        [("get", "RequestReceived"), ("get", "ResponseComplete"), ("create", "RequestReceived"), ("create", "ResponseComplete")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(events.iter().all(|e| e["level"] == "Metadata"));
    assert!(!meta.contains("czNjcjN0"), "no value at Metadata");
    assert_eq!(meta, run(&[]), "same seed, same log");
    let req = run(&["--audit-policy-file", policy.to_str().unwrap()]);
    assert_eq!(req.lines().count(), 2);
    assert!(req.contains(r#""data":{"password":"czNjcjN0"}"#), "the secret leaks at Request: {req}");
    std::fs::remove_dir_all(&dir).ok();
}
