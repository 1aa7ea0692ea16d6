//! The Deployment and ReplicaSet controllers and the garbage collector, against the v1.33
//! sources they mirror: pkg/controller/deployment/{sync,rolling,recreate,progress}.go,
//! pkg/controller/deployment/util/deployment_util.go, pkg/controller/replicaset/replica_set.go,
//! pkg/controller/controller_utils.go (ComputeHash, the pod events) and
//! pkg/controller/garbagecollector/garbagecollector.go.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{apply, objects};
use kubeplay_api::{Kind, Object};
use kubeplay_cluster::{ApiCall, Cluster, Propagation, Settings};

const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

fn cluster() -> Cluster {
    Cluster::new(Settings { nodes: 2, ..Settings::default() }).unwrap()
}

fn idle(c: &mut Cluster) {
    c.run_until_idle(c.now_ms() + 600_000);
}

fn replica_sets(c: &Cluster) -> Vec<kubeplay_api::k8s_openapi::api::apps::v1::ReplicaSet> {
    c.store().replica_sets_in("default").cloned().collect()
}

fn pod_names(c: &Cluster) -> Vec<String> {
    c.store()
        .pods_in("default")
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter_map(|p| p.metadata.name.clone())
        .collect()
}

fn events(c: &Cluster, reason: &str) -> Vec<String> {
    c.events().iter().filter(|e| e.reason == reason).map(|e| format!("{} {}: {}", e.source, e.object.name, e.message)).collect()
}

/// `ComputeHash` yields ten characters of `rand.SafeEncodeString`'s digit alphabet ("456789bcdf").
fn is_hash(s: &str) -> bool {
    !s.is_empty() && s.len() <= 10 && s.chars().all(|c| "456789bcdf".contains(c))
}

/// Updates the Deployment's pod template with `f` (as `kubectl apply` of an edited manifest would).
fn edit_template(c: &mut Cluster, f: impl FnOnce(&mut kubeplay_api::k8s_openapi::api::core::v1::PodTemplateSpec)) {
    let mut d = c.store().deployment("default", "web").cloned().unwrap();
    f(&mut d.spec.as_mut().unwrap().template);
    d.metadata.resource_version = None;
    c.call(ApiCall::Update { object: Box::new(Object::Deployment(d)) }).unwrap();
}

/// v1.33 defaults (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment): RollingUpdate, 25%/25%,
/// revisionHistoryLimit 10, progressDeadlineSeconds 600; generation 1.
#[test]
fn a_deployment_is_defaulted_as_upstream() {
    let mut c = cluster();
    apply(&mut c, WEB);
    let d = c.store().deployment("default", "web").unwrap();
    let v = serde_json::to_value(d).unwrap();
    assert_eq!(v["spec"]["strategy"]["type"], "RollingUpdate");
    assert_eq!(v["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
    assert_eq!(v["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"], "25%");
    assert_eq!(v["spec"]["revisionHistoryLimit"], 10);
    assert_eq!(v["spec"]["progressDeadlineSeconds"], 600);
    assert_eq!(v["metadata"]["generation"], 1);
    assert_eq!(v["spec"]["template"]["spec"]["restartPolicy"], "Always");
}

/// apps validation: the selector must select the template's labels, with the API server's text.
#[test]
fn a_selector_that_misses_the_template_is_refused() {
    let mut c = cluster();
    let bad = WEB.replace("      labels:\n        app: web", "      labels:\n        app: api");
    let err = common::try_apply(&mut c, &bad).unwrap_err();
    assert_eq!(
        err.kubectl_message(),
        "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"
    );
    let no_selector = WEB.replace("  selector:\n    matchLabels:\n      app: web\n", "");
    let err = common::try_apply(&mut c, &no_selector).unwrap_err();
    assert_eq!(
        err.kubectl_message(),
        "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"
    );
}

/// sync.go getNewReplicaSet + replica_set.go manageReplicas: one ReplicaSet `web-<hash>` with
/// revision 1 and the pod-template-hash label, three pods `web-<hash>-<5 chars>`, the events
/// `ScalingReplicaSet` and `SuccessfulCreate`, and a complete, available Deployment.
#[test]
fn a_deployment_creates_its_replica_set_and_pods() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let name = rs.metadata.name.clone().unwrap();
    let hash = name.strip_prefix("web-").unwrap();
    assert!(is_hash(hash), "{name}");
    let labels = rs.metadata.labels.clone().unwrap();
    assert_eq!(labels.get("pod-template-hash").map(String::as_str), Some(hash));
    let ann = rs.metadata.annotations.clone().unwrap();
    assert_eq!(ann.get("deployment.kubernetes.io/revision").map(String::as_str), Some("1"));
    assert_eq!(ann.get("deployment.kubernetes.io/desired-replicas").map(String::as_str), Some("3"));
    assert_eq!(ann.get("deployment.kubernetes.io/max-replicas").map(String::as_str), Some("4"));
    let owner = &rs.metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!((owner.kind.as_str(), owner.name.as_str(), owner.controller), ("Deployment", "web", Some(true)));
    let pods = pod_names(&c);
    assert_eq!(pods.len(), 3);
    for p in &pods {
        let suffix = p.strip_prefix(&format!("{name}-")).unwrap_or_else(|| panic!("{p}"));
        assert_eq!(suffix.len(), 5);
        assert!(suffix.chars().all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch)), "{p}");
    }
    assert_eq!(
        events(&c, "ScalingReplicaSet"),
        vec![format!("deployment-controller web: Scaled up replica set {name} from 0 to 3")]
    );
    let created = events(&c, "SuccessfulCreate");
    assert_eq!(created.len(), 3);
    for p in &pods {
        assert!(created.contains(&format!("replicaset-controller {name}: Created pod: {p}")), "{created:?}");
    }
    let d = c.store().deployment("default", "web").unwrap();
    let st = d.status.clone().unwrap();
    assert_eq!(
        (st.replicas, st.updated_replicas, st.ready_replicas, st.available_replicas),
        (Some(3), Some(3), Some(3), Some(3))
    );
    assert_eq!(d.metadata.annotations.as_ref().unwrap().get("deployment.kubernetes.io/revision").map(String::as_str), Some("1"));
    let conds: Vec<(String, String, String)> = st
        .conditions
        .unwrap()
        .into_iter()
        .map(|c| (c.type_, c.reason.unwrap_or_default(), c.message.unwrap_or_default()))
        .collect();
    assert!(conds.contains(&(
        "Available".into(),
        "MinimumReplicasAvailable".into(),
        "Deployment has minimum availability.".into()
    )));
    assert!(conds.contains(&(
        "Progressing".into(),
        "NewReplicaSetAvailable".into(),
        format!("ReplicaSet \"{name}\" has successfully progressed.")
    )));
}

/// The same template hashes the same; a changed template hashes differently.
#[test]
fn the_hash_follows_the_template() {
    let mut a = cluster();
    apply(&mut a, WEB);
    idle(&mut a);
    let mut b = Cluster::new(Settings { seed: 99, ..Settings::default() }).unwrap();
    apply(&mut b, WEB);
    idle(&mut b);
    assert_eq!(replica_sets(&a)[0].metadata.name, replica_sets(&b)[0].metadata.name);
    let mut c = cluster();
    apply(&mut c, &WEB.replace("nginx:1.27", "nginx:1.28"));
    idle(&mut c);
    assert_ne!(replica_sets(&a)[0].metadata.name, replica_sets(&c)[0].metadata.name);
}

/// rolling.go with replicas 3, maxSurge 1, maxUnavailable 0: the new ReplicaSet grows one pod at a
/// time and the old one shrinks as new pods become available; revision 2; the old ReplicaSet stays
/// at 0 replicas (revision history).
#[test]
fn a_template_change_rolls_out_one_pod_at_a_time() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    let old = replica_sets(&c)[0].metadata.name.clone().unwrap();
    edit_template(&mut c, |t| {
        t.metadata.get_or_insert_with(Default::default).annotations =
            Some([("kubectl.kubernetes.io/restartedAt".to_owned(), "2026-01-01T00:00:00Z".to_owned())].into());
    });
    idle(&mut c);
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 2);
    let new = rss.iter().find(|r| r.metadata.name.as_deref() != Some(old.as_str())).unwrap();
    let new_name = new.metadata.name.clone().unwrap();
    assert_eq!(
        new.metadata.annotations.as_ref().unwrap().get("deployment.kubernetes.io/revision").map(String::as_str),
        Some("2")
    );
    let scaling = events(&c, "ScalingReplicaSet");
    let expected = [
        format!("Scaled up replica set {old} from 0 to 3"),
        format!("Scaled up replica set {new_name} from 0 to 1"),
        format!("Scaled down replica set {old} from 3 to 2"),
        format!("Scaled up replica set {new_name} from 1 to 2"),
        format!("Scaled down replica set {old} from 2 to 1"),
        format!("Scaled up replica set {new_name} from 2 to 3"),
        format!("Scaled down replica set {old} from 1 to 0"),
    ];
    let got: Vec<&str> = scaling.iter().map(|s| s.split_once(": ").unwrap().1).collect();
    assert_eq!(got, expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(events(&c, "SuccessfulDelete").len(), 3);
    let pods = pod_names(&c);
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.starts_with(&format!("{new_name}-"))), "{pods:?}");
    let old_rs = c.store().replica_set("default", &old).unwrap();
    assert_eq!(old_rs.spec.as_ref().unwrap().replicas, Some(0));
}

/// recreate.go: every old pod is gone before the new ReplicaSet is created at full size.
#[test]
fn recreate_kills_everything_first() {
    let mut c = cluster();
    apply(&mut c, &WEB.replace("  replicas: 3\n", "  replicas: 3\n  strategy:\n    type: Recreate\n"));
    idle(&mut c);
    let old = replica_sets(&c)[0].metadata.name.clone().unwrap();
    edit_template(&mut c, |t| t.spec.as_mut().unwrap().containers[0].image = Some("nginx:1.28".into()));
    idle(&mut c);
    let new = replica_sets(&c).into_iter().find(|r| r.metadata.name.as_deref() != Some(old.as_str())).unwrap();
    let new_name = new.metadata.name.unwrap();
    let got: Vec<String> =
        events(&c, "ScalingReplicaSet").into_iter().map(|s| s.split_once(": ").unwrap().1.to_owned()).collect();
    assert_eq!(
        got,
        vec![
            format!("Scaled up replica set {old} from 0 to 3"),
            format!("Scaled down replica set {old} from 3 to 0"),
            format!("Scaled up replica set {new_name} from 0 to 3"),
        ]
    );
    // The new ReplicaSet's first pod was created after the last old pod was removed.
    let first_new = c.events().iter().position(|e| e.reason == "SuccessfulCreate" && e.object.name == new_name).unwrap();
    let old_pods_gone = c.events().iter().rposition(|e| e.reason == "Killing").unwrap();
    assert!(old_pods_gone < first_new);
}

/// replica_set.go: a deleted pod is replaced; scaling down deletes the surplus (SuccessfulDelete).
#[test]
fn the_replica_set_keeps_its_count() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    let victim = pod_names(&c)[0].clone();
    common::delete(&mut c, Kind::Pod, "default", &victim);
    idle(&mut c);
    let pods = pod_names(&c);
    assert_eq!(pods.len(), 3);
    assert!(!pods.contains(&victim));
    assert_eq!(events(&c, "SuccessfulCreate").len(), 4);
    let mut d = c.store().deployment("default", "web").cloned().unwrap();
    d.spec.as_mut().unwrap().replicas = Some(1);
    c.call(ApiCall::Update { object: Box::new(Object::Deployment(d)) }).unwrap();
    idle(&mut c);
    assert_eq!(pod_names(&c).len(), 1);
    assert_eq!(events(&c, "SuccessfulDelete").len(), 2);
    let rs = replica_sets(&c)[0].metadata.name.clone().unwrap();
    assert_eq!(
        events(&c, "ScalingReplicaSet").last().unwrap(),
        &format!("deployment-controller web: Scaled down replica set {rs} from 3 to 1")
    );
}

fn delete_deployment(c: &mut Cluster, propagation: Option<Propagation>) {
    c.call(ApiCall::Delete {
        kind: Kind::Deployment,
        namespace: "default".into(),
        name: "web".into(),
        grace_period_seconds: None,
        propagation,
    })
    .unwrap();
}

/// garbagecollector.go, background (kubectl's default): the Deployment goes at once, then its
/// ReplicaSet, then the pods.
#[test]
fn background_deletion_cascades() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    delete_deployment(&mut c, Some(Propagation::Background));
    assert!(c.store().deployment("default", "web").is_none());
    idle(&mut c);
    assert!(replica_sets(&c).is_empty());
    assert_eq!(c.store().pods_in("default").count(), 0);
}

/// `--cascade=orphan`: the ReplicaSet and pods stay, without an owner reference to the Deployment.
#[test]
fn orphan_deletion_keeps_the_dependents() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    delete_deployment(&mut c, Some(Propagation::Orphan));
    idle(&mut c);
    assert!(c.store().deployment("default", "web").is_none());
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 1);
    assert!(rss[0].metadata.owner_references.is_none());
    assert_eq!(pod_names(&c).len(), 3);
}

/// `--cascade=foreground`: the Deployment stays (deletionTimestamp, finalizer foregroundDeletion)
/// until its ReplicaSet and pods are gone.
#[test]
fn foreground_deletion_waits_for_the_dependents() {
    let mut c = cluster();
    apply(&mut c, WEB);
    idle(&mut c);
    delete_deployment(&mut c, Some(Propagation::Foreground));
    let d = c.store().deployment("default", "web").unwrap();
    assert!(d.metadata.deletion_timestamp.is_some());
    assert_eq!(d.metadata.finalizers.clone().unwrap(), vec!["foregroundDeletion".to_owned()]);
    // At every step: while a ReplicaSet or pod is left, the Deployment is still there.
    let mut steps = 0;
    while c.store().deployment("default", "web").is_some() {
        assert!(c.step().is_some(), "the Deployment waits for ever");
        steps += 1;
        let left = c.store().pods_in("default").count() + replica_sets(&c).len();
        assert!(left == 0 || c.store().deployment("default", "web").is_some(), "deleted with {left} dependents left");
    }
    assert!(steps > 3, "the pods stop first ({steps} steps)");
    assert!(replica_sets(&c).is_empty());
    assert_eq!(c.store().pods_in("default").count(), 0);
}

/// Step back works through the controllers: a replay reaches the same ReplicaSet and pod names.
#[test]
fn controllers_replay_deterministically() {
    let run = || {
        let mut c = cluster();
        for o in objects(WEB) {
            c.call(ApiCall::Apply { object: Box::new(o), namespace: "default".into() }).unwrap();
        }
        idle(&mut c);
        (pod_names(&c), c.events().len(), c.steps())
    };
    assert_eq!(run(), run());
}
