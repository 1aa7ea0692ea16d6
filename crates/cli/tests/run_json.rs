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

#[test]
fn config_maps_are_reported_with_their_data_and_what_the_pod_read() {
    let dir = std::env::temp_dir().join(format!("kubeplay-run-json-cm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cm.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\ndata:\n  lives: \"3\"\nbinaryData:\n  logo: AAEC\nimmutable: true\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/busybox\n    command: [sleep, \"3600\"]\n    env:\n    - name: LIVES\n      valueFrom:\n        configMapKeyRef: {name: game, key: lives}\n    volumeMounts:\n    - {name: v, mountPath: /etc/game}\n  volumes:\n  - name: v\n    configMap: {name: game}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(["run", "--output", "json", "--until", "1m", file.to_str().unwrap()])
        .output()
        .expect("run kubeplay");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cms = v["configMaps"].as_array().unwrap();
    let game = cms.iter().find(|c| c["name"] == "game").expect("the game config map");
    assert_eq!(game["namespace"], "default");
    assert_eq!(game["data"], serde_json::json!({"lives": "3"}));
    assert_eq!(game["binaryData"], serde_json::json!({"logo": 3}));
    assert_eq!(game["immutable"], true);
    // Every namespace's root CA config map is there too, as in a real cluster.
    assert!(cms.iter().any(|c| c["name"] == "kube-root-ca.crt" && c["namespace"] == "kube-system"));
    let c = &v["pods"][0]["containers"][0];
    assert_eq!(c["env"]["LIVES"], "3");
    assert_eq!(c["files"]["/etc/game/lives"]["content"], "3");
    assert_eq!(c["files"]["/etc/game/lives"]["mode"], "0644");
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

/// Issue 18: deployments and replica sets with their status (the Deployment controller's counts
/// and conditions, the ReplicaSet's owner, revision and pod-template-hash).
#[test]
fn deployments_and_replica_sets_are_reported_with_their_status() {
    let dir = std::env::temp_dir().join(format!("kubeplay-run-json-deploy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("web.yaml");
    std::fs::write(
        &file,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
    )
    .unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(["run", "--output", "json", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["deployments"][0];
    assert_eq!((d["name"].as_str(), d["replicas"].as_i64(), d["availableReplicas"].as_i64()), (Some("web"), Some(2), Some(2)));
    assert_eq!(d["revision"], "1");
    assert!(d["conditions"].as_array().unwrap().iter().any(|c| c["type"] == "Available" && c["status"] == "True"), "{d}");
    let rs = &v["replicaSets"][0];
    assert_eq!(rs["owner"], "Deployment/web");
    let hash = rs["podTemplateHash"].as_str().unwrap();
    assert_eq!(rs["name"].as_str().unwrap(), format!("web-{hash}"));
    assert_eq!((rs["replicas"].as_i64(), rs["readyReplicas"].as_i64()), (Some(2), Some(2)));
    assert_eq!(v["pods"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 18: jobs with their status, as `kubectl get job -o json` holds it — a Job of two
/// completions that reads a secret through env completes (SuccessCriteriaMet, then Complete with
/// a completionTime), a Job whose pod exits 1 with backoffLimit 0 fails (FailureTarget, then
/// Failed with BackoffLimitExceeded, and no completionTime): pkg/controller/job/job_controller.go.
#[test]
fn jobs_are_reported_with_their_status() {
    let dir = std::env::temp_dir().join(format!("kubeplay-run-json-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("jobs.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\nstringData:\n  password: s3cr3t\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\nspec:\n  completions: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: report\n        image: busybox:1.36\n        command: [sh, -c, \"echo password=$DB_PASSWORD\"]\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: password}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: broken\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: [sh, -c, \"exit 1\"]\n",
    )
    .unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(["run", "--output", "json", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]));
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!(jobs.iter().map(|j| j["name"].as_str().unwrap()).collect::<Vec<_>>(), ["broken", "report"]);
    let conds = |j: &serde_json::Value| {
        j["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!("{} {} {}", c["type"].as_str().unwrap(), c["status"].as_str().unwrap(), c["reason"].as_str().unwrap())
            })
            .collect::<Vec<_>>()
    };
    let report = &jobs[1];
    assert_eq!(report["namespace"], "default");
    assert_eq!((report["completions"].as_i64(), report["parallelism"].as_i64()), (Some(2), Some(1)));
    assert_eq!(report["backoffLimit"], 6);
    assert_eq!((report["active"].as_i64(), report["succeeded"].as_i64(), report["failed"].as_i64()), (Some(0), Some(2), Some(0)));
    assert_eq!(conds(report), ["SuccessCriteriaMet True CompletionsReached", "Complete True CompletionsReached"]);
    let start = report["startTime"].as_str().unwrap();
    let done = report["completionTime"].as_str().unwrap();
    assert!(start.ends_with('Z') && start.len() == 20 && done >= start, "{start} {done}");
    let broken = &jobs[0];
    assert_eq!((broken["completions"].as_i64(), broken["backoffLimit"].as_i64()), (Some(1), Some(0)));
    assert_eq!((broken["active"].as_i64(), broken["succeeded"].as_i64(), broken["failed"].as_i64()), (Some(0), Some(0), Some(1)));
    assert_eq!(conds(broken), ["FailureTarget True BackoffLimitExceeded", "Failed True BackoffLimitExceeded"]);
    assert!(broken["startTime"].is_string());
    assert!(broken["completionTime"].is_null(), "{broken}");
    // The report Job's two pods read the secret when they started.
    let pods = v["pods"].as_array().unwrap();
    let report_pods: Vec<_> = pods.iter().filter(|p| p["name"].as_str().unwrap().starts_with("report-")).collect();
    assert_eq!(report_pods.len(), 2);
    for p in report_pods {
        assert_eq!(p["phase"], "Succeeded", "{p}");
        assert_eq!(p["containers"][0]["logs"], serde_json::json!(["password=s3cr3t"]));
    }
    std::fs::remove_dir_all(&dir).ok();
}
