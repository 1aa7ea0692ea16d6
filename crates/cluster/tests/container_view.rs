//! `container_view`: what the docs' `mypod` sees from the inside, and errors that name what is missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::tmpfs::Inode;
use kubeplay_cluster::{container_view, Cluster, Error};

/// The k8s.io docs' `mysecret` and `mypod` (the secret mounted at /etc/foo), plus an env var
/// from `secretKeyRef` as in the docs' "Using Secrets as environment variables".
const DOCS: &str = "apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
---
apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    env:
    - name: SECRET_USERNAME
      valueFrom:
        secretKeyRef:
          name: mysecret
          key: username
    volumeMounts:
    - name: foo
      mountPath: \"/etc/foo\"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
";

fn docs_cluster() -> Cluster {
    let mut c = Cluster::default();
    common::apply(&mut c, DOCS);
    c.run_until_idle(600_000);
    c
}

#[test]
fn the_docs_pod_sees_its_secret_files_and_env() {
    let c = docs_cluster();
    let v = container_view(&c, "default", "mypod", None).unwrap();
    assert_eq!(v.container, "mypod");
    assert!(matches!(v.state, RunState::Running { .. }), "{:?}", v.state);
    assert!(v.ready);

    // Files through the mount: mode 0644 (-rw-r--r--), content decoded.
    let (mode, data, _gid) = v.files.get("/etc/foo/username").expect("username file");
    assert_eq!((*mode, &data[..]), (0o644, &b"admin"[..]));
    assert_eq!(&v.files.get("/etc/foo/password").unwrap().1[..], b"1f2d1e2e67df");
    // The same file in the container's tree is a symlink into ..data, as kubelet lays it out.
    assert_eq!(v.file_tree(&c).readlink("/etc/foo/username"), Some("..data/username"));
    assert!(matches!(v.file_tree(&c).stat("/etc/foo/username"), Some(Inode::File { mode: 0o644, .. })));

    // Env: as `kubectl exec mypod -- env` prints it, in order.
    let names: Vec<&str> = v.env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(&names[..3], ["PATH", "HOSTNAME", "SECRET_USERNAME"]);
    let get = |k: &str| v.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("SECRET_USERNAME"), Some("admin"));
    assert_eq!(get("HOSTNAME"), Some("mypod"));
    assert_eq!(get("KUBERNETES_SERVICE_HOST"), Some("10.96.0.1"));
    assert_eq!(get("KUBERNETES_SERVICE_PORT"), Some("443"));
    assert_eq!(get("HOME"), Some("/root"));
    assert_eq!(v.env_sources.len(), 1);
    assert_eq!(v.mounts.iter().map(|m| (m.mount_path.as_str(), m.volume.as_str())).next(), Some(("/etc/foo", "foo")));
}

#[test]
fn missing_pod_and_container_are_errors_that_name_them() {
    let c = docs_cluster();
    let err = container_view(&c, "default", "nopod", None).unwrap_err();
    assert_eq!(err, Error::PodNotFound { namespace: "default".into(), name: "nopod".into() });
    assert_eq!(err.to_string(), "pod default/nopod not found");
    let err = container_view(&c, "default", "mypod", Some("sidecar")).unwrap_err();
    assert_eq!(err.to_string(), "container \"sidecar\" of pod default/mypod not found");
}

#[test]
fn before_start_the_view_has_state_but_no_files_or_env() {
    let mut c = Cluster::default();
    common::apply(&mut c, DOCS);
    // Not yet on a node: an error that says so.
    let err = container_view(&c, "default", "mypod", None).unwrap_err();
    assert_eq!(err.to_string(), "pod default/mypod is not running on a node yet");
    // Admitted but not started: the waiting state, nothing to look at yet.
    while c.worker("default", "mypod").is_none() {
        c.step().expect("a task");
    }
    let v = container_view(&c, "default", "mypod", Some("mypod")).unwrap();
    assert!(matches!(&v.state, RunState::Waiting { reason, .. } if reason == "ContainerCreating"), "{:?}", v.state);
    assert!(!v.started() && v.env.is_empty() && v.files.is_empty());
}
