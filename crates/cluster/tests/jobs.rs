//! The Job controller against the v1.33 sources it mirrors: pkg/controller/job/job_controller.go
//! (syncJob, manageJob, trackJobStatusAndRemoveFinalizers, enactJobFinished, recordJobFinished),
//! pkg/controller/job/backoff_utils.go (the pod-failure back-off), pkg/registry/batch/job/strategy.go
//! (generateSelector), pkg/apis/batch/v1/defaults.go and pkg/apis/batch/validation/validation.go.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{apply, objects, try_apply};
use kubeplay_api::k8s_openapi::api::batch::v1::Job;
use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::{Kind, Object};
use kubeplay_cluster::{container_view, ApiCall, Cluster, Propagation, Settings};

fn cluster() -> Cluster {
    Cluster::new(Settings { nodes: 2, ..Settings::default() }).unwrap()
}

fn idle(c: &mut Cluster) {
    c.run_until_idle(c.now_ms() + 900_000);
}

fn job_yaml(name: &str, extra_spec: &str, policy: &str, command: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{extra_spec}  template:\n    spec:\n      restartPolicy: {policy}\n      containers:\n      - name: main\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", {command:?}]\n"
    )
}

fn job(c: &Cluster, name: &str) -> Job {
    c.store().job("default", name).cloned().expect("the job exists")
}

fn job_pods(c: &Cluster, name: &str) -> Vec<Pod> {
    c.store()
        .pods_in("default")
        .filter(|p| p.metadata.labels.as_ref().and_then(|l| l.get("job-name")).map(String::as_str) == Some(name))
        .cloned()
        .collect()
}

fn events(c: &Cluster, reason: &str) -> Vec<String> {
    c.events()
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| format!("{} {}/{}: {}", e.source, e.object.kind, e.object.name, e.message))
        .collect()
}

fn conditions(j: &Job) -> Vec<(String, String, String, String)> {
    j.status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .map(|c| (c.type_.clone(), c.status.clone(), c.reason.clone().unwrap_or_default(), c.message.clone().unwrap_or_default()))
        .collect()
}

/// SetDefaults_Job and generateSelector: completions/parallelism 1, backoffLimit 6,
/// NonIndexed, suspend false, podReplacementPolicy TerminatingOrFailed, manualSelector false;
/// the four generated labels on the template and `batch.kubernetes.io/controller-uid` in the
/// selector; generation 1.
#[test]
fn a_job_gets_v1_33_defaults_and_its_generated_selector() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("pi", "", "Never", "echo done"));
    let j = job(&c, "pi");
    let spec = j.spec.clone().unwrap();
    let uid = j.metadata.uid.clone().unwrap();
    assert_eq!((spec.completions, spec.parallelism, spec.backoff_limit), (Some(1), Some(1), Some(6)));
    assert_eq!(spec.completion_mode.as_deref(), Some("NonIndexed"));
    assert_eq!(spec.suspend, Some(false));
    assert_eq!(spec.pod_replacement_policy.as_deref(), Some("TerminatingOrFailed"));
    assert_eq!(spec.manual_selector, Some(false));
    assert_eq!(j.metadata.generation, Some(1));
    let labels = spec.template.metadata.unwrap().labels.unwrap();
    assert_eq!(labels.get("job-name").map(String::as_str), Some("pi"));
    assert_eq!(labels.get("batch.kubernetes.io/job-name").map(String::as_str), Some("pi"));
    assert_eq!(labels.get("controller-uid"), Some(&uid));
    assert_eq!(labels.get("batch.kubernetes.io/controller-uid"), Some(&uid));
    let selector = spec.selector.unwrap().match_labels.unwrap();
    assert_eq!(selector.into_iter().collect::<Vec<_>>(), vec![("batch.kubernetes.io/controller-uid".to_owned(), uid)]);
}

/// validateJobSpec: the template's restartPolicy must be OnFailure or Never; SetDefaults_PodSpec
/// has made an unset one `Always`, which is reported as Required.
#[test]
fn a_job_needs_restart_policy_on_failure_or_never() {
    let mut c = cluster();
    let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bad\nspec:\n  backoffLimit: -1\n  template:\n    spec:\n      containers:\n      - name: main\n        image: busybox:1.36\n";
    let err = try_apply(&mut c, yaml).unwrap_err();
    assert_eq!(
        err.message,
        "Job.batch \"bad\" is invalid: [spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"]"
    );
    assert_eq!(
        err.kubectl_message(),
        "The Job \"bad\" is invalid: \n* spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
    );
    let err = try_apply(&mut c, &job_yaml("bad", "", "Always", "true")).unwrap_err();
    assert_eq!(
        err.message,
        "Job.batch \"bad\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
    );
}

/// A container that exits 0 completes the Job: one pod `pi-xxxxx` (SuccessfulCreate "Created
/// pod: …"), the interim SuccessCriteriaMet condition then Complete (CompletionsReached "Reached
/// expected number of succeeded pods"), completionTime, succeeded 1, the `Completed` "Job
/// completed" event, and the pod's tracking finalizer removed.
#[test]
fn a_job_whose_container_exits_0_completes() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("pi", "", "Never", "echo 3.14159"));
    idle(&mut c);
    let j = job(&c, "pi");
    let pods = job_pods(&c, "pi");
    assert_eq!(pods.len(), 1);
    let pod = pods[0].metadata.name.clone().unwrap();
    assert!(pod.starts_with("pi-") && pod.len() == 8, "{pod}");
    assert_eq!(pods[0].status.as_ref().unwrap().phase.as_deref(), Some("Succeeded"));
    assert_eq!(pods[0].metadata.finalizers, None, "the job-tracking finalizer is removed once counted");
    let owner = &pods[0].metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!((owner.api_version.as_str(), owner.kind.as_str(), owner.controller), ("batch/v1", "Job", Some(true)));
    let reached = ("CompletionsReached".to_owned(), "Reached expected number of succeeded pods".to_owned());
    assert_eq!(
        conditions(&j),
        vec![
            ("SuccessCriteriaMet".into(), "True".into(), reached.0.clone(), reached.1.clone()),
            ("Complete".into(), "True".into(), reached.0, reached.1),
        ]
    );
    let st = j.status.unwrap();
    assert_eq!((st.active, st.succeeded, st.failed, st.ready, st.terminating), (None, Some(1), None, Some(0), Some(0)));
    assert!(st.start_time.is_some() && st.completion_time.is_some());
    assert_eq!(st.uncounted_terminated_pods, Some(Default::default()));
    assert_eq!(events(&c, "SuccessfulCreate"), vec![format!("job-controller Job/pi: Created pod: {pod}")]);
    assert_eq!(events(&c, "Completed"), vec!["job-controller Job/pi: Job completed".to_owned()]);
    let log = container_view(&c, "default", &pod, Some("main")).unwrap().log;
    assert_eq!(log.into_iter().map(|l| l.text).collect::<Vec<_>>(), ["3.14159"]);
}

/// backoffLimit 2, restartPolicy Never, a container that exits 1: three pods fail (the third
/// failure exceeds the limit), created 10 s and 20 s after the previous failure
/// (backoff_utils.go), then FailureTarget and Failed with BackoffLimitExceeded "Job has reached
/// the specified backoff limit" and the Warning event of that reason.
#[test]
fn a_failing_job_stops_after_backoff_limit_with_backoff_limit_exceeded() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("fail", "  backoffLimit: 2\n", "Never", "exit 1"));
    idle(&mut c);
    let j = job(&c, "fail");
    let pods = job_pods(&c, "fail");
    assert_eq!(pods.len(), 3, "{:?}", pods.iter().map(|p| p.metadata.name.clone()).collect::<Vec<_>>());
    assert!(pods.iter().all(|p| p.status.as_ref().unwrap().phase.as_deref() == Some("Failed")));
    let msg = "Job has reached the specified backoff limit".to_owned();
    assert_eq!(
        conditions(&j),
        vec![
            ("FailureTarget".into(), "True".into(), "BackoffLimitExceeded".into(), msg.clone()),
            ("Failed".into(), "True".into(), "BackoffLimitExceeded".into(), msg.clone()),
        ]
    );
    let st = j.status.clone().unwrap();
    assert_eq!((st.active, st.succeeded, st.failed), (None, None, Some(3)));
    assert_eq!(st.completion_time, None);
    assert_eq!(events(&c, "BackoffLimitExceeded"), vec![format!("job-controller Job/fail: {msg}")]);
    assert_eq!(events(&c, "SuccessfulCreate").len(), 3);
    // The pod-failure back-off: each new pod waits 10 s, then 20 s, after the last failure.
    let mut created: Vec<i64> = pods.iter().map(|p| p.metadata.creation_timestamp.as_ref().unwrap().0.as_second()).collect();
    created.sort();
    assert!(created[1] - created[0] >= 10 && created[2] - created[1] >= 20, "{created:?}");
    // A finished Job is left alone: nothing more happens.
    let before = c.events().len();
    idle(&mut c);
    assert_eq!(c.events().len(), before);
}

/// parallelism 2, completions 4: never more than two pods at once, four pods in all, and the
/// Job completes with succeeded 4 (manageJob's wantActive = min(parallelism, completions - succeeded)).
#[test]
fn parallelism_2_completions_4_runs_two_at_a_time() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("par", "  parallelism: 2\n  completions: 4\n", "Never", "echo ok"));
    let mut most = 0;
    while c.now_ms() < 600_000 {
        if c.step().is_none() {
            break;
        }
        let running = job_pods(&c, "par")
            .iter()
            .filter(|p| !matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded" | "Failed")))
            .count();
        most = most.max(running);
        if let Some(st) = c.store().job("default", "par").and_then(|j| j.status.as_ref()) {
            assert!(st.active.unwrap_or(0) <= 2, "{st:?}");
        }
    }
    idle(&mut c);
    assert_eq!(most, 2);
    assert_eq!(job_pods(&c, "par").len(), 4);
    let st = job(&c, "par").status.unwrap();
    assert_eq!(st.succeeded, Some(4));
    assert!(conditions(&job(&c, "par")).iter().any(|(t, s, _, _)| t == "Complete" && s == "True"));
}

/// restartPolicy OnFailure: the container restarts in place and the restarts count towards
/// backoffLimit (pastBackoffLimitOnFailure); the running pod is then deleted and the Job fails.
#[test]
fn on_failure_restarts_count_towards_the_backoff_limit() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("crash", "  backoffLimit: 1\n", "OnFailure", "exit 2"));
    idle(&mut c);
    let j = job(&c, "crash");
    assert!(conditions(&j).iter().any(|(t, _, r, _)| t == "Failed" && r == "BackoffLimitExceeded"), "{:?}", conditions(&j));
    assert_eq!(events(&c, "SuccessfulCreate").len(), 1, "one pod, restarted in place");
    assert_eq!(events(&c, "SuccessfulDelete").len(), 1, "the active pod is deleted when the Job fails");
    assert_eq!(j.status.unwrap().failed, Some(1));
}

/// The Secrets story: a Job's pod reads the secret through env and a volume when it starts; the
/// secret updated afterwards does not change what the finished pod printed, and a new Job's pod
/// sees the new value.
#[test]
fn each_job_pod_sees_the_secret_as_it_was_when_the_pod_started() {
    let mut c = cluster();
    let secret = |v: &str| format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {v}\n");
    apply(&mut c, &secret("old-pass"));
    let job = |name: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      volumes:\n      - name: db\n        secret:\n          secretName: db\n      containers:\n      - name: main\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", \"echo env=$DB_PASSWORD; cat /etc/db/password\"]\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: password\n        volumeMounts:\n        - name: db\n          mountPath: /etc/db\n"
        )
    };
    apply(&mut c, &job("read-1"));
    idle(&mut c);
    apply(&mut c, &secret("new-pass"));
    idle(&mut c);
    apply(&mut c, &job("read-2"));
    idle(&mut c);
    let log = |c: &Cluster, name: &str| {
        let pod = job_pods(c, name)[0].metadata.name.clone().unwrap();
        container_view(c, "default", &pod, Some("main")).unwrap().log.into_iter().map(|l| l.text).collect::<Vec<_>>()
    };
    assert_eq!(log(&c, "read-1"), ["env=old-pass", "old-pass"]);
    assert_eq!(log(&c, "read-2"), ["env=new-pass", "new-pass"]);
}

/// Deleting a Job: kubectl asks for background propagation and the garbage collector deletes its
/// pods; without a policy a batch/v1 Job orphans them (strategy.go DefaultGarbageCollectionPolicy).
#[test]
fn deleting_a_job_deletes_its_pods_unless_orphaned() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("a", "", "Never", "echo a"));
    apply(&mut c, &job_yaml("b", "", "Never", "echo b"));
    idle(&mut c);
    let del = |name: &str, propagation| ApiCall::Delete {
        kind: Kind::Job,
        namespace: "default".into(),
        name: name.into(),
        grace_period_seconds: None,
        propagation,
    };
    c.call(del("a", Some(Propagation::Background))).unwrap();
    c.call(del("b", None)).unwrap();
    idle(&mut c);
    assert!(c.store().job("default", "a").is_none() && c.store().job("default", "b").is_none());
    assert!(job_pods(&c, "a").is_empty(), "the garbage collector deleted a's pod");
    let orphans = job_pods(&c, "b");
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].metadata.owner_references, None);
    let _ = objects;
    let _ = Object::Job;
}
