//! Deployments through the console: `kubectl create deployment` (checked against a kubectl v1.33
//! client's `--dry-run=client -o yaml`), `get deploy,rs` (printers.go printDeployment /
//! printReplicaSet), `describe deployment|replicaset` (describe.go), `scale`, `set env --from`,
//! `rollout restart|status|history|undo` (rollout/, polymorphichelpers/rollout_status.go,
//! history.go, rollback.go, objectrestarter.go) and `delete --cascade`.
//!
//! The story of issue 18: a Deployment reads a secret through env, the secret changes, the pods
//! keep the old value, `kubectl rollout restart` starts new pods that read the new one.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use kubeplay_cluster::{container_view, Settings};
use kubeplay_kubectl::Console;

fn console() -> Console {
    Console::new(Settings::default()).expect("console")
}

fn out(c: &mut Console, cmd: &str) -> String {
    let o = c.run(cmd);
    format!("{}{}", o.stdout, o.stderr)
}

/// The running (not terminating) pods of the Deployment and the PASSWORD their container sees.
fn passwords(c: &Console) -> Vec<(String, String)> {
    let cluster = c.session.cluster();
    cluster
        .store()
        .pods_in("default")
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter_map(|p| {
            let name = p.metadata.name.clone()?;
            let view = container_view(cluster, "default", &name, None).ok()?;
            let pw = view.env.iter().find(|(k, _)| k == "PASSWORD")?.1.clone();
            Some((name, pw))
        })
        .collect()
}

#[test]
fn create_deployment_builds_what_kubectl_builds() {
    let mut c = console();
    // Printed by kubectl v1.33.1: kubectl create deployment web --image=nginx:1.27 --replicas=3 --dry-run=client -o yaml
    assert_eq!(
        out(&mut c, "kubectl create deployment web --image=nginx:1.27 --replicas=3 --dry-run=client -o yaml"),
        "apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        name: nginx
        resources: {}
status: {}
"
    );
    assert_eq!(out(&mut c, "kubectl create deployment web"), "error: required flag(s) \"image\" not set\n");
    assert_eq!(
        out(&mut c, "kubectl create deployment --image=nginx"),
        "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"
    );
    assert_eq!(out(&mut c, "kubectl create deployment web --image=nginx:1.27"), "deployment.apps/web created\n");
    assert_eq!(
        out(&mut c, "kubectl create deployment web --image=nginx:1.27"),
        "Error from server (AlreadyExists): deployments.apps \"web\" already exists\n"
    );
}

#[test]
fn get_describe_scale_and_history() {
    let mut c = console();
    out(&mut c, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
    assert_eq!(
        out(&mut c, "kubectl get deploy"),
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/3     0            0           0s\n"
    );
    let status = out(&mut c, "kubectl rollout status deployment/web");
    assert!(status.ends_with("deployment \"web\" successfully rolled out\n"), "{status}");
    assert!(
        status.contains("Waiting for deployment \"web\" rollout to finish: 0 of 3 updated replicas are available...\n"),
        "{status}"
    );
    let rs = c.session.cluster().store().replica_sets_in("default").next().unwrap().metadata.name.clone().unwrap();
    assert_eq!(
        out(&mut c, "kubectl get deploy,rs -o wide"),
        format!(
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\nweb    3/3     3            3           2s    nginx        nginx:1.27   app=web\n\n\
NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR\n{rs}   3         3         3       2s    nginx        nginx:1.27   app=web,pod-template-hash={}\n",
            rs.trim_start_matches("web-")
        )
    );
    let d = out(&mut c, "kubectl describe deployment web");
    for line in [
        "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n",
        "  Available      True    MinimumReplicasAvailable\n",
        "  Progressing    True    NewReplicaSetAvailable\n",
        "OldReplicaSets:  <none>\n",
    ] {
        assert!(d.contains(line), "{line:?} in\n{d}");
    }
    assert!(d.contains(&format!("NewReplicaSet:   {rs} (3/3 replicas created)\n")), "{d}");
    assert!(d.contains(&format!("Scaled up replica set {rs} from 0 to 3")), "{d}");
    let r = out(&mut c, &format!("kubectl describe rs {rs}"));
    assert!(r.contains("Controlled By:  Deployment/web\n"), "{r}");
    assert!(r.contains("Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"), "{r}");
    assert_eq!(out(&mut c, "kubectl scale deployment/web --replicas=1"), "deployment.apps/web scaled\n");
    assert_eq!(out(&mut c, "kubectl scale deployment/web"), "error: required flag(s) \"replicas\" not set\n");
    out(&mut c, "kubectl rollout status deployment/web");
    out(&mut c, "kubeplay idle");
    assert_eq!(c.session.cluster().store().pods_in("default").count(), 1);
    assert_eq!(
        out(&mut c, "kubectl rollout history deployment/web"),
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n"
    );
    assert_eq!(out(&mut c, "kubectl rollout undo deployment/web"), "error: unable to find specified revision 0 in history\n");
}

/// The acceptance story: env from a secret is read once, at container start.
#[test]
fn rollout_restart_picks_up_a_changed_secret() {
    let mut c = console();
    out(&mut c, "kubectl create secret generic db-creds --from-literal=password=old");
    out(&mut c, "kubectl create deployment web --image=nginx:1.27 --replicas=2");
    assert_eq!(out(&mut c, "kubectl set env deployment/web --from=secret/db-creds"), "deployment.apps/web env updated\n");
    out(&mut c, "kubectl rollout status deployment/web");
    let before = passwords(&c);
    assert_eq!(before.len(), 2);
    assert!(before.iter().all(|(_, pw)| pw == "old"), "{before:?}");
    out(
        &mut c,
        "kubectl create secret generic db-creds --from-literal=password=new --dry-run=client -o yaml | kubectl apply -f -",
    );
    out(&mut c, "sleep 120");
    assert_eq!(passwords(&c), before, "env vars are not updated in running containers");
    assert_eq!(out(&mut c, "kubectl rollout restart deployment/web"), "deployment.apps/web restarted\n");
    let template = c.session.cluster().store().deployment("default", "web").unwrap().spec.clone().unwrap().template;
    assert!(template.metadata.unwrap().annotations.unwrap().contains_key("kubectl.kubernetes.io/restartedAt"));
    let status = out(&mut c, "kubectl rollout status deployment/web");
    assert!(status.ends_with("deployment \"web\" successfully rolled out\n"), "{status}");
    out(&mut c, "kubeplay idle");
    let after = passwords(&c);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|(_, pw)| pw == "new"), "{after:?}");
    assert!(after.iter().all(|(n, _)| !before.iter().any(|(b, _)| b == n)), "new pods: {after:?} vs {before:?}");
    assert_eq!(
        out(&mut c, "kubectl rollout history deployment/web"),
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    assert_eq!(out(&mut c, "kubectl rollout undo deployment/web"), "deployment.apps/web rolled back\n");
}

#[test]
fn delete_cascade_flags() {
    let mut c = console();
    out(&mut c, "kubectl create deployment web --image=nginx:1.27 --replicas=2");
    out(&mut c, "kubeplay idle");
    assert_eq!(
        out(&mut c, "kubectl delete deployment web --cascade=sideways"),
        "error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\"\n"
    );
    assert_eq!(out(&mut c, "kubectl delete deployment web --cascade=orphan"), "deployment.apps \"web\" deleted\n");
    out(&mut c, "kubeplay idle");
    let rs = out(&mut c, "kubectl get rs");
    assert!(rs.contains("   2         2         2 "), "{rs}");
    let name = c.session.cluster().store().replica_sets_in("default").next().unwrap().metadata.name.clone().unwrap();
    assert_eq!(out(&mut c, &format!("kubectl delete rs {name}")), format!("replicaset.apps \"{name}\" deleted\n"));
    out(&mut c, "kubeplay idle");
    assert_eq!(out(&mut c, "kubectl get pods"), "No resources found in default namespace.\n");
}

/// The pod-template-hash is the one a v1.33 cluster computes (go-spew's dump of the stored
/// template, pkg/controller/controller_utils.go ComputeHash): the names every tutorial shows.
#[test]
fn pod_names_carry_the_real_pod_template_hash() {
    let mut c = console();
    out(&mut c, "kubectl create deployment nginx --image=nginx");
    out(
        &mut c,
        "kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -- /agnhost netexec --http-port=8080",
    );
    out(&mut c, "kubectl rollout status deployment/nginx");
    let pods = out(&mut c, "kubectl get pods -o name");
    let names: Vec<&str> = pods.lines().collect();
    assert_eq!(names.len(), 2, "{pods}");
    assert!(names.iter().any(|n| n.starts_with("pod/nginx-5869d7778c-")), "{pods}");
    assert!(names.iter().any(|n| n.starts_with("pod/hello-node-c74958b5d-")), "{pods}");
    assert!(out(&mut c, "kubectl get rs").contains("nginx-5869d7778c "));
}

/// `-- COMMAND [args...]` is the container's command; with several images kubectl refuses it
/// (checked against kubectl v1.33's `--dry-run=client` output and errors).
#[test]
fn create_deployment_with_a_command() {
    let mut c = console();
    let yaml = out(&mut c, "kubectl create deployment d --image=busybox --port=80 --dry-run=client -o yaml -- sh -c x");
    assert!(yaml.contains("      - command:\n        - sh\n        - -c\n        - x\n        image: busybox\n"), "{yaml}");
    assert_eq!(
        out(&mut c, "kubectl create deployment d --image=busybox --image=nginx --port=80 -- sh"),
        "error: cannot specify multiple --image options and command\n"
    );
}
