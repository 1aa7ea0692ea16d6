//! Deleting a pod stops its processes as the v1.33 kubelet does: the API server's grace period
//! (pkg/registry/core/pod/strategy.go `CheckGracefulDelete`, apiserver registry/rest/delete.go
//! `BeforeDelete`), the `Killing` event (pkg/kubelet/kuberuntime/kuberuntime_container.go
//! `killContainer`), the effective grace period (pkg/kubelet/pod_workers.go
//! `calculateEffectiveGracePeriod`), the stop signal and SIGKILL at its end (containerd
//! internal/cri/server/container_stop.go) and the removal of the pod object once nothing runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kubeplay_api::store::time_at;
use kubeplay_api::Kind;
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::{container_view, ApiCall, Cluster};

fn pod(name: &str, image: &str, extra_spec: &str, command: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra_spec}  containers:\n  - name: c\n    image: {image}\n{command}"
    )
}

fn delete_with(c: &mut Cluster, name: &str, grace: Option<i64>) {
    c.call(ApiCall::Delete {
        kind: Kind::Pod,
        namespace: "default".into(),
        name: name.into(),
        grace_period_seconds: grace,
        propagation: None,
    })
    .unwrap();
}

fn running(c: &Cluster, name: &str) -> bool {
    container_view(c, "default", name, Some("c")).is_ok_and(|v| matches!(v.state, RunState::Running { .. }))
}

/// Steps until the pod's container is running and returns the time.
fn start(c: &mut Cluster, name: &str) -> u64 {
    step_until(c, 120_000, |c| running(c, name)).expect("the container starts")
}

/// The node's record of the container (kept while the kubelet still has the pod).
fn node_state(c: &Cluster, name: &str) -> Option<RunState> {
    c.nodes()
        .iter()
        .flat_map(|n| n.workers.values())
        .find(|w| w.pod.metadata.name.as_deref() == Some(name))
        .and_then(|w| w.containers.first().map(|c| c.state.clone()))
}

fn killing(c: &Cluster) -> Vec<(u64, String)> {
    c.events().iter().filter(|e| e.reason == "Killing").map(|e| (e.time_ms, e.message.clone())).collect()
}

/// `sleep` as PID 1 has no SIGTERM handler, so the kernel drops the signal: the container runs
/// through the 30 s default grace period and is killed with SIGKILL (137, `Error`); the pod is
/// `Terminating` (deletionTimestamp = now + 30 s, deletionGracePeriodSeconds 30) until then.
#[test]
fn sleep_ignores_sigterm_and_is_killed_when_the_grace_period_ends() {
    let mut c = cluster(1);
    apply(&mut c, &pod("sleeper", "busybox:1.36", "", "    command: [\"sleep\", \"3600\"]\n"));
    start(&mut c, "sleeper");
    let t = c.now_ms();
    delete(&mut c, Kind::Pod, "default", "sleeper");
    let p = c.store().pod("default", "sleeper").expect("still there while terminating");
    assert_eq!(p.metadata.deletion_timestamp, Some(time_at(t + 30_000)));
    assert_eq!(p.metadata.deletion_grace_period_seconds, Some(30));
    // Still running one step before the end of the grace period.
    step_until(&mut c, t + 40_000, |c| c.next_event_ms().is_none_or(|n| n >= t + 30_000)).unwrap();
    assert!(running(&c, "sleeper"), "{:?}", node_state(&c, "sleeper"));
    assert_eq!(killing(&c), [(t, "Stopping container c".to_owned())]);
    let killed = step_until(&mut c, t + 40_000, |c| !matches!(node_state(c, "sleeper"), Some(RunState::Running { .. })));
    assert_eq!(killed, Some(t + 30_000));
    let Some(RunState::Terminated { exit_code, reason, finished_ms, .. }) = node_state(&c, "sleeper") else {
        panic!("{:?}", node_state(&c, "sleeper"))
    };
    assert_eq!((exit_code, reason.as_str(), finished_ms), (137, "Error", t + 30_000));
    let gone = step_until(&mut c, t + 40_000, |c| c.store().pod("default", "sleeper").is_none());
    assert_eq!(gone, Some(t + 30_000));
    assert!(c.nodes().iter().all(|n| n.workers.is_empty()));
}

/// nginx handles its stop signal (the image's STOPSIGNAL SIGQUIT: graceful shutdown) and exits 0
/// at once; the pod is removed right after, long before its grace period ends.
#[test]
fn nginx_exits_on_its_stop_signal() {
    let mut c = cluster(2);
    apply(&mut c, &pod("web", "nginx:1.27", "", ""));
    start(&mut c, "web");
    let t = c.now_ms();
    delete(&mut c, Kind::Pod, "default", "web");
    let stopped = step_until(&mut c, t + 40_000, |c| !matches!(node_state(c, "web"), Some(RunState::Running { .. })));
    assert_eq!(stopped, Some(t + 100));
    let Some(RunState::Terminated { exit_code, reason, .. }) = node_state(&c, "web") else { panic!() };
    assert_eq!((exit_code, reason.as_str()), (0, "Completed"));
    assert_eq!(step_until(&mut c, t + 40_000, |c| c.store().pod("default", "web").is_none()), Some(t + 100));
}

/// A process that ends on its own before the grace period is over ends with its own code.
#[test]
fn a_process_that_ends_within_the_grace_period_keeps_its_exit_code() {
    let mut c = cluster(3);
    apply(&mut c, &pod("short", "busybox:1.36", "", "    command: [\"sh\", \"-c\", \"sleep 20; exit 3\"]\n"));
    let started = start(&mut c, "short");
    c.run_until(started + 5_000);
    delete(&mut c, Kind::Pod, "default", "short");
    let stopped = step_until(&mut c, started + 60_000, |c| !matches!(node_state(c, "short"), Some(RunState::Running { .. })));
    assert_eq!(stopped, Some(started + 20_000));
    let Some(RunState::Terminated { exit_code, .. }) = node_state(&c, "short") else { panic!() };
    assert_eq!(exit_code, 3);
}

/// `--grace-period=5` (and the spec's `terminationGracePeriodSeconds`) set the SIGKILL time; a
/// second, shorter delete shortens it (`BeforeDelete`: the first request's time plus the new
/// period; the kubelet kills again with the shorter period and records `Killing` again).
#[test]
fn grace_periods_from_the_request_and_a_shorter_second_delete() {
    let mut c = cluster(4);
    apply(&mut c, &pod("p", "busybox:1.36", "  terminationGracePeriodSeconds: 60\n", "    command: [\"sleep\", \"3600\"]\n"));
    start(&mut c, "p");
    let t = c.now_ms();
    delete(&mut c, Kind::Pod, "default", "p");
    assert_eq!(c.store().pod("default", "p").unwrap().metadata.deletion_grace_period_seconds, Some(60));
    c.run_until(t + 10_000);
    let t2 = c.now_ms();
    delete_with(&mut c, "p", Some(5));
    let meta = &c.store().pod("default", "p").unwrap().metadata;
    assert_eq!(meta.deletion_grace_period_seconds, Some(5));
    assert_eq!(meta.deletion_timestamp, Some(time_at(t + 5_000)));
    // A longer one changes nothing.
    delete_with(&mut c, "p", Some(50));
    assert_eq!(c.store().pod("default", "p").unwrap().metadata.deletion_grace_period_seconds, Some(5));
    let killed = step_until(&mut c, t + 70_000, |c| !matches!(node_state(c, "p"), Some(RunState::Running { .. })));
    assert_eq!(killed, Some(t2 + 5_000));
    let msgs: Vec<u64> = killing(&c).into_iter().map(|(at, _)| at).collect();
    assert_eq!(msgs, [t, t2]);
}

/// `--force --grace-period=0`: the API object goes at once; on the node the kubelet still stops the
/// container with the spec's grace period (calculateEffectiveGracePeriod: 0 means "use the
/// spec's"), and a new pod of the same name is not touched by the old one's removal.
#[test]
fn force_deletion_removes_the_object_at_once_and_the_node_still_stops_the_container() {
    let mut c = cluster(5);
    apply(&mut c, &pod("p", "busybox:1.36", "  terminationGracePeriodSeconds: 10\n", "    command: [\"sleep\", \"3600\"]\n"));
    start(&mut c, "p");
    let t = c.now_ms();
    delete_with(&mut c, "p", Some(0));
    assert!(c.store().pod("default", "p").is_none());
    apply(&mut c, &pod("p", "busybox:1.36", "", "    command: [\"sleep\", \"3600\"]\n"));
    let new_uid = c.store().pod("default", "p").unwrap().metadata.uid.clone();
    let old_gone = step_until(&mut c, t + 30_000, |c| {
        c.nodes().iter().flat_map(|n| n.workers.values()).filter(|w| w.pod.metadata.name.as_deref() == Some("p")).count() == 1
            && c.events().iter().any(|e| e.reason == "Killing")
            && c.now_ms() >= t + 10_000
    });
    assert_eq!(old_gone, Some(t + 10_000));
    assert_eq!(killing(&c), [(t, "Stopping container c".to_owned())]);
    assert_eq!(c.store().pod("default", "p").unwrap().metadata.uid, new_uid);
}

/// `CheckGracefulDelete`: a pod that already ended (`Succeeded`/`Failed`) is deleted at once.
#[test]
fn a_finished_pod_is_deleted_at_once() {
    let mut c = cluster(6);
    apply(&mut c, &pod("done", "busybox:1.36", "  restartPolicy: Never\n", "    command: [\"true\"]\n"));
    step_until(&mut c, 120_000, |c| phase(c, "default", "done") == "Succeeded").expect("it completes");
    delete(&mut c, Kind::Pod, "default", "done");
    assert!(c.store().pod("default", "done").is_none());
    assert!(killing(&c).is_empty());
}

/// A pod deleted after the scheduler bound it but before its kubelet took it is still stopped
/// and removed (the kubelet terminates it when it sees it).
#[test]
fn a_pod_deleted_before_its_kubelet_took_it_is_removed() {
    let mut c = cluster(7);
    apply(&mut c, &pod("early", "busybox:1.36", "", "    command: [\"sleep\", \"3600\"]\n"));
    step_until(&mut c, 1_000, |c| c.events().iter().any(|e| e.reason == "Scheduled")).expect("bound");
    assert!(c.nodes().iter().all(|n| n.workers.is_empty()));
    delete(&mut c, Kind::Pod, "default", "early");
    assert!(c.store().pod("default", "early").is_some_and(|p| p.metadata.deletion_timestamp.is_some()));
    let gone = step_until(&mut c, 120_000, |c| c.store().pod("default", "early").is_none());
    assert!(gone.is_some());
    assert!(c.nodes().iter().all(|n| n.workers.is_empty()));
}
