//! `kubectl get -w` and `kubectl logs -f`: what they keep printing while the simulation runs,
//! until Ctrl+C.
//!
//! Sources (v1.33): staging/src/k8s.io/kubectl/pkg/cmd/get/get.go `watch()` (the list first, then
//! one row per watch event through one tabwriter; `you may only specify a single resource type`
//! from cli-runtime's resource.Builder SingleResourceType; `watch is only supported on individual
//! resources ...`), github.com/liggitt/tabwriter `RememberWidths` (columns only widen across
//! flushes), cli-runtime/pkg/printers/tableprinter.go (`printedHeaders`: no header for an empty
//! list, the header with the first row printed), pkg/cmd/logs/logs.go (`--max-log-requests` 5 and
//! its error) and pkg/kubelet/kuberuntime/logs/logs.go (a followed log ends when its container stops).
#![allow(clippy::expect_used, clippy::panic)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::{apply_manifest, Console, Mode};

const SECRET: &str = "kubectl create secret generic dotfile-secret --from-literal=.secret-file=value-2\n";
const DOTFILES_POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: secret-dotfiles-pod
spec:
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command:
    - ls
    - "-l"
    - "/etc/secret-volume"
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
"#;

fn console(setup: &str) -> Console {
    let mut c = Console::new(Settings::default()).expect("console");
    for e in c.run_script(setup) {
        assert_eq!(e.output.status, 0, "{}: {}", e.command, e.output.stderr);
    }
    c
}

/// Steps until virtual time `until_ms`, collecting what the running command printed.
fn run_until(c: &mut Console, until_ms: u64) -> String {
    let mut text = String::new();
    while c.session.next_event_ms().is_some_and(|t| t <= until_ms) {
        c.session.step();
        text.push_str(&c.poll_follow());
    }
    c.session.run_until(until_ms);
    text.push_str(&c.poll_follow());
    text
}

fn apply(c: &mut Console, yaml: &str) {
    for d in apply_manifest(&mut c.session, yaml, "editor", Mode::Apply, "default") {
        assert!(!d.error, "{d:?}");
    }
}

/// A pod running `sh -c SCRIPT` in busybox.
fn sh_pod(name: &str, script: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: demo\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"{script}\"]\n")
}

#[test]
fn watch_from_an_empty_list_prints_the_header_with_the_first_row_and_keeps_columns_aligned() {
    let mut c = console(SECRET);
    let first = c.run("kubectl get pods -w");
    // An empty list prints nothing, not even "No resources found" (watch() never says it).
    assert_eq!(first.combined(), "");
    assert!(c.following());
    apply(&mut c, DOTFILES_POD);
    let mut t = c.poll_follow();
    t.push_str(&run_until(&mut c, 60_000));
    let want = "\
NAME                  READY   STATUS    RESTARTS   AGE
secret-dotfiles-pod   0/1     Pending   0          0s
secret-dotfiles-pod   0/1     Pending   0          0s
secret-dotfiles-pod   0/1     ContainerCreating   0          0s
secret-dotfiles-pod   0/1     ContainerCreating   0          0s
secret-dotfiles-pod   1/1     Running             0          1s
secret-dotfiles-pod   0/1     Completed           0          1s
secret-dotfiles-pod   1/1     Running             1 (3s ago)   4s
secret-dotfiles-pod   0/1     Completed           1 (3s ago)   4s
secret-dotfiles-pod   0/1     CrashLoopBackOff    1 (1s ago)   5s
secret-dotfiles-pod   1/1     Running             2 (14s ago)   18s
secret-dotfiles-pod   0/1     Completed           2 (14s ago)   18s
secret-dotfiles-pod   0/1     CrashLoopBackOff    2 (1s ago)    19s
secret-dotfiles-pod   1/1     Running             3 (28s ago)   46s
secret-dotfiles-pod   0/1     Completed           3 (28s ago)   46s
secret-dotfiles-pod   0/1     CrashLoopBackOff    3 (1s ago)    47s
";
    assert_eq!(t, want);
    // Ctrl+C: the terminal's echo, and the prompt is back.
    assert_eq!(c.interrupt().as_deref(), Some("^C\n"));
    assert!(!c.following());
    assert_eq!(c.interrupt(), None);
    assert_eq!(run_until(&mut c, 120_000), "");
}

#[test]
fn watch_starts_with_the_current_table_and_shows_a_deleted_pod_last_state() {
    let mut c = console("");
    apply(&mut c, &sh_pod("sleeper", "sleep 3600"));
    run_until(&mut c, 5_000);
    let first = c.run("kubectl get pod sleeper -w");
    assert_eq!(first.stdout, "NAME      READY   STATUS    RESTARTS   AGE\nsleeper   1/1     Running   0          5s\n");
    // Nothing changes while the container sleeps: the watch stays quiet.
    assert_eq!(run_until(&mut c, 60_000), "");
    c.session
        .call(kubeplay_cluster::ApiCall::Delete {
            kind: kubeplay_api::Kind::Pod,
            namespace: "default".into(),
            name: "sleeper".into(),
            grace_period_seconds: Some(2),
            propagation: None,
        })
        .expect("delete");
    let mut t = c.poll_follow();
    // The delete set deletionTimestamp while the container still runs: READY stays 1/1.
    assert_eq!(t, "sleeper   1/1     Terminating   0          60s\n");
    t.push_str(&run_until(&mut c, 70_000));
    // Graceful deletion: Terminating rows, the last one the DELETED event's (the pod's last state).
    let rows: Vec<&str> = t.lines().collect();
    assert_eq!(rows.len(), 3, "{t}");
    assert!(rows[2].starts_with("sleeper   0/1     Terminating"), "{t}");
    assert!(rows.iter().all(|r| r.starts_with("sleeper   ") && r.contains("Terminating")), "{t}");
    assert!(c.session.cluster().store().pod("default", "sleeper").is_none());
    assert!(c.following(), "a watch runs until Ctrl+C, even with nothing left to show");
}

#[test]
fn watch_refuses_what_kubectl_refuses() {
    let mut c = console("");
    for (cmd, want) in [
        ("kubectl get pods,secrets -w", "error: you may only specify a single resource type\n"),
        (
            "kubectl get pod/a secret/b -w",
            "error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n",
        ),
        ("kubectl get pod nope -w", "Error from server (NotFound): pods \"nope\" not found\n"),
    ] {
        let o = c.run(cmd);
        assert_eq!(o.stderr, want, "{cmd}");
        assert_eq!(o.status, 1, "{cmd}");
        assert!(!c.following(), "{cmd}");
    }
}

#[test]
fn events_watch_prints_each_new_event() {
    let mut c = console(SECRET);
    assert_eq!(c.run("kubectl get events -w").combined(), "");
    apply(&mut c, DOTFILES_POD);
    let t = run_until(&mut c, 3_000);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.first().copied(), Some("LAST SEEN   TYPE     REASON      OBJECT                    MESSAGE"), "{t}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Scheduled") && l.contains("Successfully assigned default/secret-dotfiles-pod to node-1")),
        "{t}"
    );
    assert!(lines.iter().any(|l| l.contains("Started")), "{t}");
    // Each event once, in the order they happened.
    let reasons: Vec<&str> = lines.iter().skip(1).filter_map(|l| l.split_whitespace().nth(2)).collect();
    let log: Vec<&str> = c.session.cluster().events().iter().map(|e| e.reason).collect();
    assert_eq!(reasons, log);
}

#[test]
fn logs_follow_prints_lines_as_the_clock_reaches_them_and_ends_with_the_container() {
    let mut c = console("");
    apply(&mut c, &sh_pod("counter", "echo one; sleep 2; echo two; sleep 2; echo three"));
    run_until(&mut c, 1);
    while !c.session.cluster().events().iter().any(|e| e.reason == "Started") {
        c.session.step();
    }
    let started = c.session.cluster().now_ms();
    run_until(&mut c, started + 1_000);
    let first = c.run("kubectl logs -f counter");
    assert_eq!(first.stdout, "one\n");
    assert!(c.following());
    let mut t = String::new();
    while c.following() && c.session.step().is_some() {
        let got = c.poll_follow();
        if !got.is_empty() {
            t.push_str(&format!("[{}] {got}", c.session.cluster().now_ms() / 1000));
        }
    }
    // Each line appears once the clock passed the moment it was written; then the stream
    // closes with the container (the prompt comes back without Ctrl+C).
    assert!(t.contains("two\n") && t.ends_with("three\n"), "{t}");
    assert!(!t.contains("one"), "{t}");
    assert!(!c.following());
    // A container that already stopped: the log, and the stream closes at once.
    assert_eq!(c.run("kubectl logs -f counter").stdout, "one\ntwo\nthree\n");
    assert!(!c.following());
}

#[test]
fn logs_follow_by_selector_streams_every_pod_up_to_five() {
    let mut c = console("");
    for i in 0..6 {
        apply(&mut c, &sh_pod(&format!("p{i}"), "sleep 3600"));
    }
    run_until(&mut c, 5_000);
    let o = c.run("kubectl logs -f -l app=demo");
    assert_eq!(
        o.stderr,
        "error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n"
    );
    assert!(!c.following());
    // Without -f the same selector prints (the last 10 lines of) each log and returns.
    let o = c.run("kubectl logs -l app=demo");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(!c.following());
}

#[test]
fn a_script_interrupts_a_running_command_before_the_next_one() {
    let mut c = console("");
    let entries = c.run_script("kubectl get pods -w\nkubectl get pods\n");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].output.stdout, "^C\n");
    assert_eq!(entries[1].output.stderr, "No resources found in default namespace.\n");
    assert!(!c.following());
}

#[test]
fn label_selectors_filter_get_and_its_watch() {
    let mut c = console("");
    apply(&mut c, &sh_pod("labelled", "sleep 3600"));
    apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n");
    run_until(&mut c, 5_000);
    let names =
        |out: &str| out.lines().skip(1).filter_map(|l| l.split_whitespace().next().map(str::to_owned)).collect::<Vec<_>>();
    assert_eq!(names(&c.run("kubectl get pods -l app=demo").stdout), ["labelled"]);
    assert_eq!(names(&c.run("kubectl get pods -l app!=demo").stdout), ["plain"]);
    assert_eq!(names(&c.run("kubectl get pods -l '!app'").stdout), ["plain"]);
    assert_eq!(c.run("kubectl get pods -l app=nope").stderr, "No resources found in default namespace.\n");
    assert_eq!(names(&c.run("kubectl get pods -w -l app=demo").stdout), ["labelled"]);
}
