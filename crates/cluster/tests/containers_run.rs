//! Containers run: each container's process runs in the simulation, writes its log, exits with
//! its code and is restarted as the v1.33 kubelet does it. Each test names the Kubernetes source
//! it mirrors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::{container_view, Cluster};

/// The log lines of a container written so far.
fn log(c: &Cluster, pod: &str, container: &str) -> Vec<String> {
    container_view(c, "default", pod, Some(container)).map(|v| v.log.into_iter().map(|l| l.text).collect()).unwrap_or_default()
}

/// `(exit code, reason)` of a terminated container (current state, else last state).
fn terminated(c: &Cluster, pod: &str, container: &str) -> Option<(i32, String)> {
    let v = container_view(c, "default", pod, Some(container)).ok()?;
    match (v.state, v.last_state) {
        (RunState::Terminated { exit_code, reason, .. }, _) | (_, Some(RunState::Terminated { exit_code, reason, .. })) => {
            Some((exit_code, reason))
        }
        _ => None,
    }
}

fn pod(name: &str, policy: &str, image: &str, command: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {policy}\n  containers:\n  - name: c\n    image: {image}\n{command}"
    )
}

/// The Secrets concept page's dotfiles example: `ls -l` hides the dotfile, the container exits
/// 0 and, under the default `restartPolicy: Always`, is restarted with the kubelet's crash-loop
/// back-off (pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff, pkg/kubelet/kubelet.go:
/// 10 s doubling to 300 s).
#[test]
fn dotfiles_pod_lists_nothing_and_crash_loops_at_the_real_backoff_times() {
    let mut c = cluster(3);
    apply(&mut c, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: dotfile-secret\ndata:\n  .secret-file: dmFsdWUtMg0KDQo=\n");
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: secret-dotfiles-pod\nspec:\n  volumes:\n  - name: secret-volume\n    secret:\n      secretName: dotfile-secret\n  containers:\n  - name: dotfile-test-container\n    image: registry.k8s.io/busybox\n    command:\n    - ls\n    - \"-l\"\n    - \"/etc/secret-volume\"\n    volumeMounts:\n    - name: secret-volume\n      readOnly: true\n      mountPath: \"/etc/secret-volume\"\n",
    );
    let ct = "dotfile-test-container";
    step_until(&mut c, 60_000, |c| terminated(c, "secret-dotfiles-pod", ct).is_some()).expect("the first run ends");
    // ls -l of a directory holding only dotfiles: just the total.
    assert_eq!(log(&c, "secret-dotfiles-pod", ct), ["total 0"]);
    assert_eq!(terminated(&c, "secret-dotfiles-pod", ct), Some((0, "Completed".to_owned())));
    // The back-off between restarts: 10 s, 20 s, 40 s, 80 s (each restart waits at least that
    // long after the previous exit; the pod worker requeues a failed sync after 10–15 s).
    let first = container_view(&c, "default", "secret-dotfiles-pod", Some(ct)).unwrap();
    let RunState::Terminated { finished_ms, .. } = first.state else { panic!("{:?}", first.state) };
    let mut exits = vec![(0, finished_ms)];
    let mut starts = Vec::new();
    let mut last = Some((0, std::mem::discriminant(&first.state)));
    while c.now_ms() < 400_000 {
        let Some(r) = c.step() else { break };
        let Ok(v) = container_view(&c, "default", "secret-dotfiles-pod", Some(ct)) else { continue };
        let key = (v.restart_count, std::mem::discriminant(&v.state));
        if Some(key) != last {
            match v.state {
                RunState::Running { started_ms } => starts.push((v.restart_count, started_ms)),
                RunState::Terminated { finished_ms, .. } => exits.push((v.restart_count, finished_ms)),
                RunState::Waiting { .. } => {}
            }
            last = Some(key);
        }
        let _ = r;
    }
    let messages = messages(&c, "default", "secret-dotfiles-pod", "BackOff");
    assert!(messages
        .iter()
        .all(|m| m.starts_with(&format!("Back-off restarting failed container {ct} in pod secret-dotfiles-pod_default("))));
    assert!(!messages.is_empty());
    // Restart n+1 starts after exit n plus the back-off of that moment.
    let waits: Vec<u64> =
        exits.iter().filter_map(|(n, end)| starts.iter().find(|(m, _)| *m == n + 1).map(|(_, s)| s - end)).collect();
    assert!(waits.len() >= 4, "{exits:?} {starts:?}");
    assert!(waits[0] < 5_000, "the first restart is immediate: {waits:?}");
    for (w, backoff) in waits.iter().skip(1).zip([10_000, 20_000, 40_000, 80_000]) {
        assert!(*w >= backoff && *w < backoff + 20_000, "{waits:?}");
    }
    let v = container_view(&c, "default", "secret-dotfiles-pod", Some(ct)).unwrap();
    assert!(v.restart_count >= 4, "{}", v.restart_count);
    assert_eq!(phase(&c, "default", "secret-dotfiles-pod"), "Running");
    // While waiting, the state is CrashLoopBackOff with the kubelet's message.
    step_until(&mut c, 2_000_000, |c| {
        waiting(c, "default", "secret-dotfiles-pod", ct).is_some_and(|(r, _)| r == "CrashLoopBackOff")
    })
    .expect("CrashLoopBackOff");
    let (_, msg) = waiting(&c, "default", "secret-dotfiles-pod", ct).unwrap();
    let msg = msg.unwrap();
    assert!(
        msg.starts_with("back-off ")
            && msg.contains(&format!(" restarting failed container={ct} pod=secret-dotfiles-pod_default(")),
        "{msg}"
    );
}

/// `sh -c env` prints the container's whole environment to its log: the secret's env var and
/// the kubelet's service links (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables,
/// pkg/kubelet/envvars/envvars.go).
#[test]
fn sh_c_env_logs_the_secret_and_the_service_variables() {
    let mut c = cluster(4);
    apply(&mut c, &secret_yaml("default", "backend-user", &[("backend-username", "admin")], ""));
    apply(
        &mut c,
        &pod(
            "env-single-secret",
            "Never",
            "busybox",
            "    command: [\"/bin/sh\", \"-c\", \"env\"]\n    env:\n    - name: SECRET_USERNAME\n      valueFrom:\n        secretKeyRef:\n          name: backend-user\n          key: backend-username\n",
        ),
    );
    c.run_until_idle(600_000);
    let lines = log(&c, "env-single-secret", "c");
    for want in [
        "SECRET_USERNAME=admin",
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
        "HOSTNAME=env-single-secret",
    ] {
        assert!(lines.iter().any(|l| l == want), "{want} in {lines:?}");
    }
    assert_eq!(terminated(&c, "env-single-secret", "c"), Some((0, "Completed".to_owned())));
    assert_eq!(phase(&c, "default", "env-single-secret"), "Succeeded");
}

/// restartPolicy Never with `exit 1`: Terminated `Error`, exit code 1, pod Failed, no restart
/// (pkg/kubelet/container/helpers.go ShouldContainerBeRestarted, kubelet_pods.go getPhase).
#[test]
fn never_with_exit_1_fails_the_pod() {
    let mut c = cluster(5);
    apply(&mut c, &pod("fail", "Never", "busybox", "    command: [sh, -c, \"echo bye; exit 1\"]\n"));
    c.run_until_idle(600_000);
    assert_eq!(terminated(&c, "fail", "c"), Some((1, "Error".to_owned())));
    assert_eq!(phase(&c, "default", "fail"), "Failed");
    assert_eq!(log(&c, "fail", "c"), ["bye"]);
    assert_eq!(container_view(&c, "default", "fail", None).unwrap().restart_count, 0);
}

/// restartPolicy OnFailure: exit 0 ends the pod Succeeded; a failure is restarted.
#[test]
fn on_failure_restarts_only_failures() {
    let mut c = cluster(6);
    apply(&mut c, &pod("ok", "OnFailure", "busybox", "    command: [sh, -c, \"exit 0\"]\n"));
    apply(&mut c, &pod("bad", "OnFailure", "busybox", "    command: [sh, -c, \"exit 3\"]\n"));
    c.run_until(120_000);
    assert_eq!(phase(&c, "default", "ok"), "Succeeded");
    assert_eq!(container_view(&c, "default", "ok", None).unwrap().restart_count, 0);
    assert_eq!(phase(&c, "default", "bad"), "Running");
    assert_eq!(terminated(&c, "bad", "c"), Some((3, "Error".to_owned())));
    assert!(container_view(&c, "default", "bad", None).unwrap().restart_count >= 2);
}

/// Exit codes follow the command: `cat /missing` → 1, an unknown command → 127 (busybox ash's
/// `sh: NAME: not found`), `exit 3` → 3.
#[test]
fn exit_codes_follow_the_command() {
    let mut c = cluster(7);
    for (name, script, code, line) in [
        ("cat", "cat /missing", 1, "cat: /missing: No such file or directory"),
        ("unknown", "frobnicate", 127, "sh: frobnicate: not found"),
        ("three", "echo x; exit 3; echo never", 3, "x"),
    ] {
        apply(&mut c, &pod(name, "Never", "busybox", &format!("    command: [sh, -c, \"{script}\"]\n")));
        c.run_until_idle(600_000);
        assert_eq!(terminated(&c, name, "c").map(|t| t.0), Some(code), "{name}");
        assert_eq!(log(&c, name, "c"), [line], "{name}");
    }
    // The unknown program is reported as what kubeplay does not simulate.
    let v = container_view(&c, "default", "unknown", None).unwrap();
    assert!(v.assumption.unwrap().contains("frobnicate"));
}

/// `sleep N` moves the process's own clock: each line is stamped when it is written, and the
/// process exits when its sleeps are over; a line not yet reached is not in the log.
#[test]
fn sleep_moves_the_process_clock() {
    let mut c = cluster(8);
    apply(&mut c, &pod("sleeper", "Never", "busybox", "    command: [sh, -c, \"echo a; sleep 3600; echo b\"]\n"));
    step_until(&mut c, 60_000, |c| !log(c, "sleeper", "c").is_empty()).unwrap();
    let v = container_view(&c, "default", "sleeper", None).unwrap();
    let RunState::Running { started_ms } = v.state else { panic!("{:?}", v.state) };
    assert_eq!(log(&c, "sleeper", "c"), ["a"]);
    c.run_until(started_ms + 3_599_000);
    assert_eq!(log(&c, "sleeper", "c"), ["a"]);
    assert!(matches!(container_view(&c, "default", "sleeper", None).unwrap().state, RunState::Running { .. }));
    c.run_until(started_ms + 3_600_000);
    let v = container_view(&c, "default", "sleeper", None).unwrap();
    assert_eq!(v.log.iter().map(|l| (l.text.as_str(), l.at_ms - started_ms)).collect::<Vec<_>>(), [("a", 0), ("b", 3_600_000)]);
    assert!(matches!(v.state, RunState::Terminated { exit_code: 0, finished_ms, .. } if finished_ms == started_ms + 3_600_000));
}

/// Servers run until stopped, with the image's entrypoint output (nginx/docker-nginx
/// docker-entrypoint.sh); `busybox` with no command runs `sh`, which exits 0 at once; an image
/// outside the catalogue without a command is assumed to run, and says so.
#[test]
fn servers_run_and_unknown_images_are_assumptions() {
    let mut c = cluster(9);
    apply(&mut c, &pod("web", "Always", "nginx", ""));
    apply(&mut c, &pod("box", "Never", "busybox", ""));
    apply(&mut c, &pod("mystery", "Always", "registry.example.com/team/app:1.0", ""));
    apply(&mut c, &pod("forever", "Always", "busybox:1.36", "    command: [sleep, infinity]\n"));
    c.run_until(600_000);
    let f = container_view(&c, "default", "forever", None).unwrap();
    assert!(matches!(f.state, RunState::Running { .. }) && f.restart_count == 0 && f.assumption.is_none(), "{:?}", f.state);
    let web = container_view(&c, "default", "web", None).unwrap();
    assert!(matches!(web.state, RunState::Running { .. }));
    assert_eq!(web.argv, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    assert_eq!(
        web.log.last().map(|l| l.text.as_str()),
        Some("/docker-entrypoint.sh: Configuration complete; ready for start up")
    );
    assert_eq!(terminated(&c, "box", "c"), Some((0, "Completed".to_owned())));
    assert!(log(&c, "box", "c").is_empty());
    assert_eq!(phase(&c, "default", "box"), "Succeeded");
    let m = container_view(&c, "default", "mystery", None).unwrap();
    assert!(matches!(m.state, RunState::Running { .. }));
    assert!(m.assumption.unwrap().contains("registry.example.com/team/app:1.0"));
}

/// Init containers run one after another, each to exit 0, before the app containers start
/// (kuberuntime_manager.go computeInitContainerActions); `$(VAR)` in args expands from the env.
#[test]
fn init_containers_run_in_order_before_the_app() {
    let mut c = cluster(10);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: init\nspec:\n  initContainers:\n  - name: first\n    image: busybox:1.36\n    command: [sh, -c, \"sleep 5; echo one\"]\n  - name: second\n    image: busybox:1.36\n    env:\n    - {name: WHO, value: two}\n    command: [sh, -c]\n    args: [\"echo $(WHO) $$HOME\"]\n  containers:\n  - name: app\n    image: nginx:1.27\n",
    );
    let ts = |c: &Cluster, n: &str| match container_view(c, "default", "init", Some(n)).ok()?.state {
        RunState::Terminated { started_ms, finished_ms, .. } => Some((started_ms, finished_ms)),
        _ => None,
    };
    step_until(&mut c, 120_000, |c| {
        container_view(c, "default", "init", Some("app")).is_ok_and(|v| matches!(v.state, RunState::Running { .. }))
    })
    .unwrap_or_else(|| panic!("the app starts: {:#?}", c.events().iter().map(log_line).collect::<Vec<_>>()));
    let (s1, f1) = ts(&c, "first").unwrap();
    let (s2, f2) = ts(&c, "second").unwrap();
    assert_eq!(f1 - s1, 5_000);
    assert!(s2 >= f1 && f2 >= s2);
    let RunState::Running { started_ms } = container_view(&c, "default", "init", Some("app")).unwrap().state else { panic!() };
    assert!(started_ms >= f2);
    assert_eq!(log(&c, "init", "first"), ["one"]);
    assert_eq!(log(&c, "init", "second"), ["two /root"]);
    assert_eq!(phase(&c, "default", "init"), "Running");
}

/// A failing init container under restartPolicy Never fails the pod; the app never starts.
#[test]
fn failed_init_container_with_never_fails_the_pod() {
    let mut c = cluster(11);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: badinit\nspec:\n  restartPolicy: Never\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: [sh, -c, \"exit 2\"]\n  containers:\n  - name: app\n    image: nginx:1.27\n",
    );
    c.run_until_idle(600_000);
    assert_eq!(phase(&c, "default", "badinit"), "Failed");
    assert_eq!(terminated(&c, "badinit", "setup"), Some((2, "Error".to_owned())));
    assert!(matches!(container_view(&c, "default", "badinit", Some("app")).unwrap().state, RunState::Waiting { .. }));
}

/// Same seed, same logs and event times — through restarts.
#[test]
fn same_seed_same_logs() {
    let run = || {
        let mut c = cluster(12);
        apply(&mut c, &pod("loop", "Always", "busybox", "    command: [sh, -c, \"echo hi; sleep 2; cat /nope\"]\n"));
        c.run_until(300_000);
        let v = container_view(&c, "default", "loop", None).unwrap();
        (format!("{:?}", v.log), c.events().iter().map(log_line).collect::<Vec<_>>())
    };
    assert_eq!(run(), run());
}

/// An image reference that does not parse: `InspectFailed` with image_manager.go's text, then
/// `Error: InvalidImageName` (kuberuntime_container.go startContainer); the pod stays Pending.
#[test]
fn unparsable_image_is_invalid_image_name() {
    let mut c = cluster(13);
    apply(&mut c, &pod("upper", "Always", "BusyBox", ""));
    c.run_until(30_000);
    let msg = "Failed to apply default image tag \"BusyBox\": couldn't parse image name \"BusyBox\": invalid reference format: repository name must be lowercase";
    assert_eq!(waiting(&c, "default", "upper", "c"), Some(("InvalidImageName".to_owned(), Some(msg.to_owned()))));
    let ev = events_of(&c, "default", "upper");
    assert_eq!(ev.get(1).map(|e| (e.1, e.2, e.3.as_str())), Some(("Warning", "InspectFailed", msg)));
    assert_eq!(ev.get(2).map(|e| (e.1, e.2, e.3.as_str())), Some(("Warning", "Failed", "Error: InvalidImageName")));
    assert_eq!(phase(&c, "default", "upper"), "Pending");
}
