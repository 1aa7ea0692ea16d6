//! `kubectl delete pod` as v1.33 does it: `--grace-period`, `--now`, `--force` as kubectl's
//! pkg/cmd/delete/delete.go `Complete`/`Validate`/`PrintObj` treat them, the wait for the pod to be
//! gone (`--wait=false` skips it), and `Terminating` in `kubectl get pods` while the kubelet stops
//! the containers (pkg/printers/internalversion/printers.go `printPod`: a deletionTimestamp on a pod
//! that is not Succeeded/Failed).
#![allow(clippy::expect_used, clippy::panic)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

fn transcript(console: &mut Console, script: &str) -> String {
    console.run_script(script).iter().map(|e| e.transcript()).filter(|l| !l.starts_with("> ")).collect()
}

fn check(console: &mut Console, script: &str, want: &str) {
    let got = transcript(console, script);
    assert_eq!(got, want, "\n--- got ---\n{got}\n--- want ---\n{want}");
}

const SLEEPER: &str = "cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [\"sleep\", \"3600\"]
EOF
kubectl wait --for=condition=Ready pod/sleeper
";

fn console_with_sleeper() -> Console {
    let mut console = Console::new(Settings::default()).expect("console");
    let out = transcript(&mut console, SLEEPER);
    assert!(out.ends_with("pod/sleeper condition met\n"), "{out}");
    console
}

/// delete.go `Complete` and `Validate`: the flag conflicts are refused before anything is sent.
#[test]
fn flag_conflicts_are_refused() {
    let mut console = console_with_sleeper();
    check(
        &mut console,
        "kubectl delete pod sleeper --now --grace-period=3\nkubectl delete pod sleeper --force --grace-period=3\n",
        "$ kubectl delete pod sleeper --now --grace-period=3\n\
         error: --now and --grace-period cannot be specified together\n\
         $ kubectl delete pod sleeper --force --grace-period=3\n\
         error: --force and --grace-period greater than 0 cannot be specified together\n",
    );
    assert!(console.session.cluster().store().pod("default", "sleeper").is_some());
}

/// Without `--wait=false` kubectl waits until the pod is gone: `sleep` ignores SIGTERM, so that is
/// the 30 s default grace period (the console's clock moves by it); with `--wait=false` the pod
/// shows `Terminating` until then.
#[test]
fn delete_waits_for_the_grace_period_and_get_shows_terminating() {
    let mut console = console_with_sleeper();
    let t = console.session.cluster().now_ms();
    check(
        &mut console,
        "kubectl delete pod sleeper --wait=false\n",
        "$ kubectl delete pod sleeper --wait=false\npod \"sleeper\" deleted\n",
    );
    let got = transcript(&mut console, "kubectl get pods\n");
    let row = got.lines().nth(2).expect("a row");
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols[..4], ["sleeper", "1/1", "Terminating", "0"], "{got}");
    check(&mut console, "kubectl delete pod sleeper\n", "$ kubectl delete pod sleeper\npod \"sleeper\" deleted\n");
    let now = console.session.cluster().now_ms();
    assert!(now >= t + 30_000 && now < t + 31_000, "{t} {now}");
    check(&mut console, "kubectl get pods\n", "$ kubectl get pods\nNo resources found in default namespace.\n");
}

/// `--now` is a grace period of 1 s: SIGKILL one second after the delete.
#[test]
fn now_is_one_second() {
    let mut console = console_with_sleeper();
    let t = console.session.cluster().now_ms();
    check(&mut console, "kubectl delete pod sleeper --now\n", "$ kubectl delete pod sleeper --now\npod \"sleeper\" deleted\n");
    let now = console.session.cluster().now_ms();
    assert!(now >= t + 1_000 && now < t + 2_000, "{t} {now}");
}

/// `--force` alone means `--grace-period=0`: the warning printer's warning on stderr and
/// `force deleted`; the object is gone at once (the console's clock does not move).
#[test]
fn force_deletes_at_once_with_kubectls_warning() {
    let mut console = console_with_sleeper();
    let t = console.session.cluster().now_ms();
    check(
        &mut console,
        "kubectl delete pod sleeper --force\n",
        "$ kubectl delete pod sleeper --force\n\
         Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n\
         pod \"sleeper\" force deleted\n",
    );
    assert_eq!(console.session.cluster().now_ms(), t);
    assert!(console.session.cluster().store().pod("default", "sleeper").is_none());
}
