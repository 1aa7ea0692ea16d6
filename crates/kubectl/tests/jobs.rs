//! Jobs through the console: `kubectl create job` (checked against a kubectl v1.33 client's
//! `--dry-run=client -o yaml` and its errors), `get jobs` (printers.go printJob), `describe job`
//! (describe.go describeJob), `logs job/NAME` (logsforobject.go) and `delete job` cascading to
//! its pods.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

fn console() -> Console {
    Console::new(Settings::default()).expect("console")
}

fn out(c: &mut Console, cmd: &str) -> String {
    let o = c.run(cmd);
    format!("{}{}", o.stdout, o.stderr)
}

fn job_pods(c: &Console, job: &str) -> Vec<String> {
    c.session
        .cluster()
        .store()
        .pods_in("default")
        .filter(|p| p.metadata.labels.as_ref().and_then(|l| l.get("job-name")).map(String::as_str) == Some(job))
        .filter_map(|p| p.metadata.name.clone())
        .collect()
}

#[test]
fn create_job_builds_what_kubectl_builds() {
    let mut c = console();
    // Printed by kubectl v1.33.1: kubectl create job pi --image=busybox:1.36 --dry-run=client -o yaml -- sh -c 'echo hi'
    assert_eq!(
        out(&mut c, "kubectl create job pi --image=busybox:1.36 --dry-run=client -o yaml -- sh -c 'echo hi'"),
        "apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: pi
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - sh
        - -c
        - echo hi
        image: busybox:1.36
        name: pi
        resources: {}
      restartPolicy: Never
status: {}
"
    );
    // create_job.go Validate and NameFromCommandArgs, as the v1.33 client prints them.
    assert_eq!(
        out(&mut c, "kubectl create job pi --dry-run=client -o yaml"),
        "error: either --image or --from must be specified\n"
    );
    assert_eq!(
        out(&mut c, "kubectl create job pi x --image=busybox"),
        "error: exactly one NAME is required, got 2\nSee 'kubectl create job -h' for help and examples\n"
    );
    assert_eq!(
        out(&mut c, "kubectl create job pi --image=busybox --from=cronjob/x"),
        "error: either --image or --from must be specified\n"
    );
    // kubeplay's API server serves no CronJobs: the builder cannot map the type.
    assert_eq!(
        out(&mut c, "kubectl create job pi --from=cronjob/nightly"),
        "error: the server doesn't have a resource type \"cronjob\"\n"
    );
    assert!(out(&mut c, "kubectl create job --help").starts_with("Create a job with the specified name.\n"));
}

#[test]
fn a_created_job_runs_and_get_describe_logs_show_it() {
    let mut c = console();
    assert_eq!(out(&mut c, "kubectl create job pi --image=busybox:1.36 -- sh -c 'echo 3.14159'"), "job.batch/pi created\n");
    // Before the Job controller's first sync there is no startTime: DURATION is empty (printJob).
    assert_eq!(
        out(&mut c, "kubectl get jobs"),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1                      0s\n"
    );
    out(&mut c, "kubeplay idle");
    let got = out(&mut c, "kubectl get jobs");
    let mut lines = got.lines();
    assert_eq!(lines.next(), Some("NAME   STATUS     COMPLETIONS   DURATION   AGE"));
    let row: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(&row[..3], ["pi", "Complete", "1/1"], "{got}");
    let wide = out(&mut c, "kubectl get job pi -o wide");
    assert!(
        wide.starts_with("NAME   STATUS     COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES         SELECTOR\n"),
        "{wide}"
    );
    assert!(wide.contains("   pi           busybox:1.36   batch.kubernetes.io/controller-uid="), "{wide}");
    assert_eq!(out(&mut c, "kubectl logs job/pi"), "3.14159\n");
    let pods = job_pods(&c, "pi");
    assert_eq!(pods.len(), 1);
    let d = out(&mut c, "kubectl describe job pi");
    for line in [
        "Name:             pi\n",
        "Namespace:        default\n",
        "Parallelism:      1\n",
        "Completions:      1\n",
        "Completion Mode:  NonIndexed\n",
        "Suspend:          false\n",
        "Backoff Limit:    6\n",
        "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n",
        "Pod Template:\n",
        "  Labels:  batch.kubernetes.io/controller-uid=",
        "           job-name=pi\n",
    ] {
        assert!(d.contains(line), "{line:?} missing from\n{d}");
    }
    assert!(
        d.contains("  Normal  SuccessfulCreate  ") && d.contains(&format!("job-controller  Created pod: {}\n", pods[0])),
        "{d}"
    );
    assert!(d.contains("job-controller  Job completed\n"), "{d}");
    // delete job: background propagation, the garbage collector removes the pod.
    assert_eq!(out(&mut c, "kubectl delete job pi"), "job.batch \"pi\" deleted\n");
    out(&mut c, "kubeplay idle");
    assert!(job_pods(&c, "pi").is_empty());
    assert_eq!(out(&mut c, "kubectl get jobs"), "No resources found in default namespace.\n");
}

#[test]
fn logs_of_a_job_with_several_pods_says_which_pod_it_used() {
    let mut c = console();
    let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: fail\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", \"echo trying; exit 1\"]\n";
    assert_eq!(out(&mut c, &format!("kubectl apply -f - <<'EOF'\n{yaml}EOF")), "job.batch/fail created\n");
    out(&mut c, "kubeplay idle");
    let got = out(&mut c, "kubectl get jobs");
    assert!(got.contains("fail   Failed   0/1"), "{got}");
    let pods = job_pods(&c, "fail");
    assert_eq!(pods.len(), 2);
    let first = {
        let store = c.session.cluster().store();
        let mut ps: Vec<_> = pods.iter().map(|n| store.pod("default", n).unwrap().clone()).collect();
        ps.sort_by_key(|p| p.metadata.creation_timestamp.clone().unwrap().0);
        ps[0].metadata.name.clone().unwrap()
    };
    assert_eq!(out(&mut c, "kubectl logs job/fail"), format!("trying\nFound 2 pods, using pod/{first}\n"));
    let d = out(&mut c, "kubectl describe job fail");
    assert!(d.contains("Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 2 Failed\n"), "{d}");
    assert!(d.contains("  Warning  BackoffLimitExceeded  "), "{d}");
    assert!(d.contains("job-controller  Job has reached the specified backoff limit\n"), "{d}");
}
