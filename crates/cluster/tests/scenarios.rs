//! Scenario tests through the public API: manifests in, exactly what a container sees
//! (files, modes, contents, env), pod status and event messages out. Each test names the
//! Kubernetes e2e test or source file it mirrors (see
//! /work/shared/reference/kubernetes-secrets-facts.md section 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kubeplay_api::Kind;
use kubeplay_cluster::events::go_duration;
use kubeplay_cluster::kubelet::PODS_DIR;
use kubeplay_cluster::{Cluster, History, RunEnd, Session, Settings, Strategy, TtlSource};

const AGNHOST: &str = "registry.k8s.io/e2e-test-images/agnhost:2.53";

/// The k8s.io docs' `mysecret` (username admin, password 1f2d1e2e67df).
const MYSECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
";

/// The docs' `mypod` mounting `mysecret` at /etc/foo; `extra` goes under `secret:`.
fn mypod(extra: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: \"/etc/foo\"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
{extra}"
    )
}

/// doSecretE2EWithoutMapping / WithMapping (secrets_volume.go): one agnhost container with
/// `secret-volume` at /etc/secret-volume. `source` is the volume source block (indented 4).
fn e2e_pod(ns: &str, name: &str, pod_extra: &str, source: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: {ns}
spec:
  restartPolicy: Never
{pod_extra}  containers:
  - name: secret-volume-test
    image: {AGNHOST}
    args: [mounttest, --file_content=/etc/secret-volume/data-1, --file_mode=/etc/secret-volume/data-1]
    volumeMounts:
    - name: secret-volume
      mountPath: /etc/secret-volume
      readOnly: true
  volumes:
  - name: secret-volume
{source}"
    )
}

fn secret_for_test(ns: &str, name: &str) -> String {
    secret_yaml(ns, name, &SECRET_FOR_TEST, "")
}

fn run_idle(c: &mut Cluster) {
    assert_eq!(c.run_until_idle(3_600_000), RunEnd::Idle, "the cluster should settle");
}

/// Checks the Pulling → Pulled → Created → Started sequence of a fresh image pull for one
/// container, with kuberuntime/image_manager's exact words.
fn assert_pulled_and_started(c: &Cluster, ns: &str, pod: &str, container: &str, image: &str) {
    let ev = events_of(c, ns, pod);
    let i = ev.iter().position(|e| e.2 == "Pulling" && e.3 == format!("Pulling image \"{image}\"")).expect("Pulling");
    let pulled = &ev[i + 1];
    assert_eq!((pulled.1, pulled.2), ("Normal", "Pulled"));
    let d = go_duration(pulled.0 - ev[i].0);
    let head = format!("Successfully pulled image \"{image}\" in {d} ({d} including waiting). Image size: ");
    let size = pulled.3.strip_prefix(&head).and_then(|r| r.strip_suffix(" bytes.")).unwrap_or_else(|| panic!("{}", pulled.3));
    assert!(size.parse::<u64>().is_ok(), "{size}");
    assert_eq!((ev[i + 2].1, ev[i + 3].1), ("Normal", "Normal"));
    assert_eq!((ev[i + 2].2, ev[i + 2].3.as_str()), ("Created", format!("Created container: {container}").as_str()));
    assert_eq!((ev[i + 3].2, ev[i + 3].3.as_str()), ("Started", format!("Started container {container}").as_str()));
    assert_eq!(ev[i + 2].0, pulled.0);
}

// ---------------------------------------------------------------------------------------
// The seed examples (kubernetes.io docs, concepts/configuration/secret.md)
// ---------------------------------------------------------------------------------------

/// Docs "Using Secrets as files from a Pod": every key is a file, mode 0644 (SetDefaults_SecretVolumeSource).
#[test]
fn seed_mysecret_as_files() {
    let mut c = cluster(1);
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod(""));
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/password", "0644", "1f2d1e2e67df"), ("/etc/foo/username", "0644", "admin")])
    );
    assert_eq!(phase(&c, "default", "mypod"), "Running");
    assert_eq!(reasons(&c, "default", "mypod"), ["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
    let ev = events_of(&c, "default", "mypod");
    assert_eq!(ev[0], (5, "Normal", "Scheduled", "Successfully assigned default/mypod to node-1".to_owned()));
    assert_eq!(ev[1].0, 15, "the kubelet admits the pod 10 ms after binding and mounts at once");
    assert_pulled_and_started(&c, "default", "mypod", "mypod", "redis");
    // pkg/volume/util/atomic_writer.go: ..data → timestamped dir; one symlink per key.
    let (node, w) = c.worker("default", "mypod").unwrap();
    let dir = format!("{PODS_DIR}/{}/volumes/kubernetes.io~secret/foo", w.pod.metadata.uid.as_deref().unwrap());
    let ts = node.fs.readlink(&format!("{dir}/..data")).unwrap().to_owned();
    assert!(ts.starts_with("..2026_01_01_00_00_00."), "{ts}");
    assert_eq!(node.fs.readlink(&format!("{dir}/username")), Some("..data/username"));
    assert_eq!(node.fs.readlink(&format!("{dir}/password")), Some("..data/password"));
    assert_eq!(node.fs.read_dir(&dir), vec![ts.as_str(), "..data", "password", "username"]);
}

/// Docs "Projection of Secret keys to specific paths": only the listed key, at its path.
#[test]
fn seed_items_project_one_key_to_a_nested_path() {
    let mut c = cluster(1);
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod("      items:\n      - key: username\n        path: my-group/my-username\n"));
    run_idle(&mut c);
    assert_eq!(files(&c, "default", "mypod", "mypod"), expect(&[("/etc/foo/my-group/my-username", "0644", "admin")]));
    // atomic_writer.go: one top-level symlink for the first path element only.
    let (node, w) = c.worker("default", "mypod").unwrap();
    let dir = format!("{PODS_DIR}/{}/volumes/kubernetes.io~secret/foo", w.pod.metadata.uid.as_deref().unwrap());
    assert_eq!(node.fs.readlink(&format!("{dir}/my-group")), Some("..data/my-group"));
    assert!(node.fs.lstat(&format!("{dir}/username")).is_none());
    assert!(node.fs.lstat(&format!("{dir}/password")).is_none());
}

/// Docs "Secret files permissions": defaultMode 256 (0400) → -r--------.
#[test]
fn seed_default_mode_256_is_0400() {
    let mut c = cluster(1);
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod("      defaultMode: 256\n"));
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/password", "0400", "1f2d1e2e67df"), ("/etc/foo/username", "0400", "admin")])
    );
}

/// Docs "Using Secrets as environment variables" (secret-env-pod): SECRET_USERNAME=admin.
#[test]
fn seed_env_pod() {
    let mut c = cluster(1);
    apply(&mut c, MYSECRET);
    apply(
        &mut c,
        "apiVersion: v1
kind: Pod
metadata:
  name: secret-env-pod
spec:
  containers:
  - name: mycontainer
    image: redis
    env:
    - name: SECRET_USERNAME
      valueFrom:
        secretKeyRef:
          name: mysecret
          key: username
    - name: SECRET_PASSWORD
      valueFrom:
        secretKeyRef:
          name: mysecret
          key: password
  restartPolicy: Never
",
    );
    run_idle(&mut c);
    assert_eq!(env(&c, "default", "secret-env-pod", "mycontainer"), ["SECRET_USERNAME=admin", "SECRET_PASSWORD=1f2d1e2e67df"]);
    assert_eq!(phase(&c, "default", "secret-env-pod"), "Running");
    assert!(files(&c, "default", "secret-env-pod", "mycontainer").is_empty());
}

// ---------------------------------------------------------------------------------------
// test/e2e/common/storage/secrets_volume.go
// ---------------------------------------------------------------------------------------

/// secrets_volume.go #1 "should be consumable from pods in volume": value-1, -rw-r--r--.
#[test]
fn e2e_volume_default_mode() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "secret-test-1"));
    apply(&mut c, &e2e_pod("default", "pod-secrets-1", "", "    secret:\n      secretName: secret-test-1\n"));
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "pod-secrets-1", "secret-volume-test"),
        expect(&[
            ("/etc/secret-volume/data-1", "0644", "value-1\n"),
            ("/etc/secret-volume/data-2", "0644", "value-2\n"),
            ("/etc/secret-volume/data-3", "0644", "value-3\n"),
        ])
    );
    assert_pulled_and_started(&c, "default", "pod-secrets-1", "secret-volume-test", AGNHOST);
}

/// secrets_volume.go #2 "with defaultMode set": 0400 → -r--------.
#[test]
fn e2e_volume_default_mode_0400() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(&mut c, &e2e_pod("default", "p", "", "    secret:\n      secretName: s\n      defaultMode: 0400\n"));
    run_idle(&mut c);
    let f = files(&c, "default", "p", "secret-volume-test");
    assert_eq!(f["/etc/secret-volume/data-1"], ("0400".to_owned(), "value-1\n".to_owned()));
    assert_eq!(f.len(), 3);
    assert!(f.values().all(|(m, _)| m == "0400"));
}

/// secrets_volume.go #3 "as non-root with defaultMode and fsGroup set": 0440 + fsGroup 1001 → -r--r-----,
/// group 1001 (pkg/volume/volume_linux.go changeFilePermission: Lchown to fsGroup, mode | 0440).
#[test]
fn e2e_volume_fs_group_0440() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &e2e_pod(
            "default",
            "p",
            "  securityContext:\n    fsGroup: 1001\n    runAsUser: 1000\n",
            "    secret:\n      secretName: s\n      defaultMode: 0440\n",
        ),
    );
    run_idle(&mut c);
    let f = files_with_gid(&c, "default", "p", "secret-volume-test");
    assert_eq!(f["/etc/secret-volume/data-1"], ("0440".to_owned(), "value-1\n".to_owned(), 1001));
    assert!(f.values().all(|(m, _, g)| m == "0440" && *g == 1001));
}

/// volume_linux.go changeFilePermission on a read-only volume: 0400 + fsGroup → 0440 (group-readable),
/// 0644 stays 0644, both owned by group fsGroup.
#[test]
fn fs_group_makes_0400_group_readable() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &e2e_pod(
            "default",
            "p",
            "  securityContext:\n    fsGroup: 2000\n",
            "    secret:\n      secretName: s\n      defaultMode: 0400\n      items:\n      - key: data-1\n        path: ro\n      - key: data-2\n        path: rw\n        mode: 0644\n",
        ),
    );
    run_idle(&mut c);
    let f = files_with_gid(&c, "default", "p", "secret-volume-test");
    assert_eq!(f.len(), 2);
    assert_eq!(f["/etc/secret-volume/ro"], ("0440".to_owned(), "value-1\n".to_owned(), 2000));
    assert_eq!(f["/etc/secret-volume/rw"], ("0644".to_owned(), "value-2\n".to_owned(), 2000));
}

/// secrets_volume.go #4 "in volume with mappings": only new-path-data-1, -rw-r--r--.
#[test]
fn e2e_volume_with_mappings() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &e2e_pod(
            "default",
            "p",
            "",
            "    secret:\n      secretName: s\n      items:\n      - key: data-1\n        path: new-path-data-1\n",
        ),
    );
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "p", "secret-volume-test"),
        expect(&[("/etc/secret-volume/new-path-data-1", "0644", "value-1\n")])
    );
}

/// secrets_volume.go #5 "with mappings and Item Mode set": items[0].mode 0400 → -r--------.
#[test]
fn e2e_volume_with_item_mode() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &e2e_pod(
            "default",
            "p",
            "",
            "    secret:\n      secretName: s\n      items:\n      - key: data-1\n        path: new-path-data-1\n        mode: 0400\n",
        ),
    );
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "p", "secret-volume-test"),
        expect(&[("/etc/secret-volume/new-path-data-1", "0400", "value-1\n")])
    );
}

/// secrets_volume.go #6 "regardless of a different secret existing with same name in different namespace".
#[test]
fn e2e_same_name_secret_in_other_namespace_is_not_seen() {
    let mut c = cluster(3);
    apply(&mut c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: secret-namespace-1\n");
    apply(&mut c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e2e\n");
    apply(
        &mut c,
        &secret_yaml(
            "secret-namespace-1",
            "secret-test",
            &[("this_should_not_match_content_of_other_secret", "similar but different")],
            "",
        ),
    );
    apply(&mut c, &secret_for_test("e2e", "secret-test"));
    apply(&mut c, &e2e_pod("e2e", "p", "", "    secret:\n      secretName: secret-test\n"));
    run_idle(&mut c);
    let f = files(&c, "e2e", "p", "secret-volume-test");
    assert_eq!(f["/etc/secret-volume/data-1"], ("0644".to_owned(), "value-1\n".to_owned()));
    assert_eq!(f.len(), 3);
    // And a pod in a namespace without the secret never sees the other namespace's copy.
    apply(&mut c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lonely\n");
    apply(&mut c, &e2e_pod("lonely", "p", "", "    secret:\n      secretName: secret-test\n"));
    c.run_until(c.now_ms() + 60_000);
    assert!(files(&c, "lonely", "p", "secret-volume-test").is_empty());
    assert_eq!(phase(&c, "lonely", "p"), "Pending");
    assert_eq!(
        messages(&c, "lonely", "p", "FailedMount")[0],
        "MountVolume.SetUp failed for volume \"secret-volume\" : secret \"secret-test\" not found"
    );
}

/// secrets_volume.go #7 "should be consumable in multiple volumes in a pod".
#[test]
fn e2e_multiple_volumes_of_one_secret() {
    let mut c = cluster(3);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &format!(
            "apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: Never
  containers:
  - name: secret-volume-test
    image: {AGNHOST}
    volumeMounts:
    - name: secret-volume
      mountPath: /etc/secret-volume
      readOnly: true
    - name: secret-volume-2
      mountPath: /etc/secret-volume-2
      readOnly: true
  volumes:
  - name: secret-volume
    secret:
      secretName: s
  - name: secret-volume-2
    secret:
      secretName: s
"
        ),
    );
    run_idle(&mut c);
    let f = files(&c, "default", "p", "secret-volume-test");
    assert_eq!(f.len(), 6);
    assert_eq!(f["/etc/secret-volume/data-1"], ("0644".to_owned(), "value-1\n".to_owned()));
    assert_eq!(f["/etc/secret-volume-2/data-1"], ("0644".to_owned(), "value-1\n".to_owned()));
}

/// The pod of the "optional updates should be reflected in volume" tests (secrets_volume.go #8,
/// projected_secret.go #8): three optional volumes, one container per volume.
fn optional_updates_pod(projected: bool) -> String {
    let (root, vols) = if projected {
        (
            "/etc/projected-secret-volumes",
            ["del", "upd", "create"]
                .iter()
                .map(|s| format!("  - name: {s}s-volume\n    projected:\n      sources:\n      - secret:\n          name: s-test-opt-{s}\n          optional: true\n"))
                .collect::<String>(),
        )
    } else {
        (
            "/etc/secret-volumes",
            ["del", "upd", "create"]
                .iter()
                .map(|s| format!("  - name: {s}s-volume\n    secret:\n      secretName: s-test-opt-{s}\n      optional: true\n"))
                .collect::<String>(),
        )
    };
    let containers: String = [("dels", "del", "delete/data-1"), ("upds", "upd", "update/data-3"), ("creates", "create", "create/data-1")]
        .iter()
        .map(|(c, v, file)| {
            let dir = file.split('/').next().unwrap();
            format!(
                "  - name: {c}-volume-test\n    image: {AGNHOST}\n    args: [mounttest, --break_on_expected_content=false, --retry_time=120, --file_content_in_loop={root}/{file}]\n    volumeMounts:\n    - name: {v}s-volume\n      mountPath: {root}/{dir}\n      readOnly: true\n"
            )
        })
        .collect();
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-secrets\nspec:\n  containers:\n{containers}  volumes:\n{vols}")
}

fn optional_updates(projected: bool) {
    let root = if projected { "/etc/projected-secret-volumes" } else { "/etc/secret-volumes" };
    let mut c = cluster(5);
    apply(&mut c, &secret_yaml("default", "s-test-opt-del", &[("data-1", "value-1")], ""));
    apply(&mut c, &secret_yaml("default", "s-test-opt-upd", &[("data-1", "value-1")], ""));
    apply(&mut c, &optional_updates_pod(projected));
    run_idle(&mut c);
    // Before: the pod runs although s-test-opt-create is missing (optional → empty volume).
    assert_eq!(phase(&c, "default", "pod-secrets"), "Running");
    assert!(messages(&c, "default", "pod-secrets", "FailedMount").is_empty());
    assert_eq!(
        files(&c, "default", "pod-secrets", "dels-volume-test"),
        expect(&[(&format!("{root}/delete/data-1"), "0644", "value-1")])
    );
    assert_eq!(
        files(&c, "default", "pod-secrets", "upds-volume-test"),
        expect(&[(&format!("{root}/update/data-1"), "0644", "value-1")])
    );
    assert!(files(&c, "default", "pod-secrets", "creates-volume-test").is_empty());
    // Delete one, update one (data-1 removed, data-3 added), create the third.
    let t0 = c.now_ms();
    delete(&mut c, Kind::Secret, "default", "s-test-opt-del");
    apply(&mut c, &secret_yaml("default", "s-test-opt-upd", &[("data-3", "value-3")], ""));
    apply(&mut c, &secret_yaml("default", "s-test-opt-create", &[("data-1", "value-1")], ""));
    // Nothing changes until the pod's next resync (Watch strategy: the data is already on the node).
    assert_eq!(files(&c, "default", "pod-secrets", "dels-volume-test").len(), 1);
    // After: within one resync period (syncFrequency 1m, jitter 0.5 → < 1.5 min).
    c.run_until(t0 + 90_000);
    assert_eq!(
        files(&c, "default", "pod-secrets", "creates-volume-test"),
        expect(&[(&format!("{root}/create/data-1"), "0644", "value-1")])
    );
    assert_eq!(
        files(&c, "default", "pod-secrets", "upds-volume-test"),
        expect(&[(&format!("{root}/update/data-3"), "0644", "value-3")])
    );
    assert!(files(&c, "default", "pod-secrets", "dels-volume-test").is_empty());
    // Files were updated in place: no restart, no new container events, no mount failures.
    assert_eq!(phase(&c, "default", "pod-secrets"), "Running");
    assert_eq!(messages(&c, "default", "pod-secrets", "Started").len(), 3);
    assert!(messages(&c, "default", "pod-secrets", "FailedMount").is_empty());
}

/// secrets_volume.go #8 "optional updates should be reflected in volume".
#[test]
fn e2e_optional_updates_secret_volume() {
    optional_updates(false);
}

/// projected_secret.go #8 "optional updates should be reflected in volume".
#[test]
fn e2e_optional_updates_projected_volume() {
    optional_updates(true);
}

/// secrets_volume.go #10 "Should fail non-optional pod creation due to secret object does not exist":
/// Pending/ContainerCreating, `FailedMount` at the volume manager's exponential backoff
/// (pkg/util/goroutinemap/exponentialbackoff: 500 ms, ×2, cap 2m2s), exact operation_generator text.
#[test]
fn e2e_missing_secret_fails_mount_with_backoff() {
    let mut c = cluster(1);
    apply(&mut c, &mypod(""));
    c.run_until(400_000);
    assert_eq!(phase(&c, "default", "mypod"), "Pending");
    assert_eq!(waiting(&c, "default", "mypod", "mypod"), Some(("ContainerCreating".to_owned(), None)));
    let failed: Vec<_> = events_of(&c, "default", "mypod").into_iter().filter(|e| e.2 == "FailedMount").collect();
    assert!(failed
        .iter()
        .all(|e| e.1 == "Warning" && e.3 == "MountVolume.SetUp failed for volume \"foo\" : secret \"mysecret\" not found"));
    let first = failed[0].0;
    assert_eq!(first, 15);
    let rel: Vec<u64> = failed.iter().map(|e| e.0 - first).collect();
    assert_eq!(rel, [0, 500, 1_500, 3_500, 7_500, 15_500, 31_500, 63_500, 127_500, 249_500, 371_500]);
    // Scheduling is unaffected; no image is pulled while the volume is missing.
    assert_eq!(reasons(&c, "default", "mypod")[0], "Scheduled");
    assert!(messages(&c, "default", "mypod", "Pulling").is_empty());
    assert!(files(&c, "default", "mypod", "mypod").is_empty());
}

/// secrets_volume.go #11 "... due to the key in the secret object does not exist" (secret.go MakePayload).
#[test]
fn e2e_missing_key_fails_mount() {
    let mut c = cluster(1);
    apply(&mut c, &secret_for_test("default", "s-test-opt-create"));
    apply(
        &mut c,
        "apiVersion: v1
kind: Pod
metadata:
  name: pod-secrets
spec:
  containers:
  - name: creates-volume-test
    image: registry.k8s.io/e2e-test-images/agnhost:2.53
    volumeMounts:
    - name: creates-volume
      mountPath: /etc/secret-volumes/create
      readOnly: true
  volumes:
  - name: creates-volume
    secret:
      secretName: s-test-opt-create
      optional: false
      items:
      - key: data_4
        path: \"value-4\\n\"
",
    );
    c.run_until(300_000);
    assert_eq!(phase(&c, "default", "pod-secrets"), "Pending");
    assert_eq!(waiting(&c, "default", "pod-secrets", "creates-volume-test"), Some(("ContainerCreating".to_owned(), None)));
    let msgs = messages(&c, "default", "pod-secrets", "FailedMount");
    assert_eq!(msgs.len(), 10);
    assert!(msgs
        .iter()
        .all(|m| m == "MountVolume.SetUp failed for volume \"creates-volume\" : references non-existent secret key: data_4"));
}

/// The same missing key with `optional: true` is skipped (MakePayload `if optional { continue }`).
#[test]
fn optional_volume_skips_missing_item_key() {
    let mut c = cluster(1);
    apply(&mut c, &secret_for_test("default", "s"));
    apply(
        &mut c,
        &e2e_pod(
            "default",
            "p",
            "",
            "    secret:\n      secretName: s\n      optional: true\n      items:\n      - key: data_4\n        path: x-path\n      - key: data-2\n        path: y-path\n",
        ),
    );
    run_idle(&mut c);
    assert_eq!(files(&c, "default", "p", "secret-volume-test"), expect(&[("/etc/secret-volume/y-path", "0644", "value-2\n")]));
    assert_eq!(phase(&c, "default", "p"), "Running");
}

/// A missing secret created later: the next mount retry (backoff schedule) succeeds, then the pod
/// worker's WaitForAttachAndMount notices at its next 300 ms poll (volume_manager.go) and the pod starts.
#[test]
fn secret_created_later_lets_the_pod_start() {
    let mut c = cluster(1);
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    assert_eq!(messages(&c, "default", "mypod", "FailedMount").len(), 4); // 15, 515, 1515, 3515
    apply(&mut c, MYSECRET);
    // The next retry is due at 7515 ms.
    c.run_until(7_514);
    assert!(files(&c, "default", "mypod", "mypod").is_empty());
    c.run_until(7_515);
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/password", "0644", "1f2d1e2e67df"), ("/etc/foo/username", "0644", "admin")])
    );
    run_idle(&mut c);
    assert_eq!(phase(&c, "default", "mypod"), "Running");
    let ev = events_of(&c, "default", "mypod");
    let pulling = ev.iter().find(|e| e.2 == "Pulling").unwrap();
    // WaitForAttachAndMount started at 15 ms and polls every 300 ms: 15 + 25 × 300 = 7515.
    assert_eq!(pulling.0, 7_515);
    assert_pulled_and_started(&c, "default", "mypod", "mypod", "redis");
    assert_eq!(messages(&c, "default", "mypod", "FailedMount").len(), 4);
}

// ---------------------------------------------------------------------------------------
// test/e2e/common/storage/projected_secret.go
// ---------------------------------------------------------------------------------------

/// projected_secret.go #1–#5: defaults, defaultMode, fsGroup, mappings, and projected.defaultMode with mappings.
#[test]
fn e2e_projected_secret_modes() {
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, u32)]);
    let cases: &[Case<'_>] = &[
        // #1 consumable from pods in volume
        ("", "", &[("data-1", "0644", 0), ("data-2", "0644", 0), ("data-3", "0644", 0)]),
        // #2 defaultMode 0400
        ("", "      defaultMode: 0400\n", &[("data-1", "0400", 0), ("data-2", "0400", 0), ("data-3", "0400", 0)]),
        // #3 non-root, defaultMode 0440, fsGroup 1001
        (
            "  securityContext:\n    fsGroup: 1001\n    runAsUser: 1000\n",
            "      defaultMode: 0440\n",
            &[("data-1", "0440", 1001), ("data-2", "0440", 1001), ("data-3", "0440", 1001)],
        ),
        // #4 with mappings
        ("", "ITEMS", &[("new-path-data-1", "0644", 0)]),
        // #5 with mappings and projected.defaultMode 0400 (the item mode line is commented out upstream)
        ("", "      defaultMode: 0400\nITEMS", &[("new-path-data-1", "0400", 0)]),
    ];
    for (i, (pod_extra, mode, want)) in cases.iter().enumerate() {
        let mut c = cluster(11);
        apply(&mut c, &secret_for_test("default", "projected-secret-test"));
        let items = "          items:\n          - key: data-1\n            path: new-path-data-1\n";
        let source = format!(
            "    projected:\n{}      sources:\n      - secret:\n          name: projected-secret-test\n{}",
            mode.replace("ITEMS", ""),
            if mode.contains("ITEMS") { items } else { "" }
        );
        let pod =
            e2e_pod("default", "pod-projected-secrets", pod_extra, &source).replace("secret-volume", "projected-secret-volume");
        apply(&mut c, &pod);
        run_idle(&mut c);
        let got = files_with_gid(&c, "default", "pod-projected-secrets", "projected-secret-volume-test");
        let want: std::collections::BTreeMap<String, (String, String, u32)> = want
            .iter()
            .map(|(f, m, g)| {
                let key = if *f == "new-path-data-1" { "data-1" } else { f };
                let v = SECRET_FOR_TEST.iter().find(|(k, _)| *k == key).unwrap().1;
                (format!("/etc/projected-secret-volume/{f}"), (m.to_string(), v.to_owned(), *g))
            })
            .collect();
        assert_eq!(got, want, "case #{}", i + 1);
        assert_eq!(phase(&c, "default", "pod-projected-secrets"), "Running", "case #{}", i + 1);
    }
}

/// projected_secret.go #9: a non-optional missing secret in a projected source fails the whole volume
/// (projected.go collectData aggregates per-source errors); the error reads like a secret volume's.
#[test]
fn e2e_projected_missing_secret_fails_mount() {
    let mut c = cluster(1);
    apply(
        &mut c,
        "apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: redis
    volumeMounts:
    - name: foo
      mountPath: /etc/foo
  volumes:
  - name: foo
    projected:
      sources:
      - secret:
          name: mysecret
      - secret:
          name: mysecret
          items:
          - key: username
            path: again/username
",
    );
    c.run_until(2_000);
    assert_eq!(phase(&c, "default", "p"), "Pending");
    // utilerrors.NewAggregate drops duplicate messages: one error prints alone.
    assert_eq!(
        messages(&c, "default", "p", "FailedMount"),
        ["MountVolume.SetUp failed for volume \"foo\" : secret \"mysecret\" not found"; 3]
    );
    apply(&mut c, MYSECRET);
    run_idle(&mut c);
    assert_eq!(
        files(&c, "default", "p", "c"),
        expect(&[
            ("/etc/foo/again/username", "0644", "admin"),
            ("/etc/foo/password", "0644", "1f2d1e2e67df"),
            ("/etc/foo/username", "0644", "admin")
        ])
    );
}

// ---------------------------------------------------------------------------------------
// test/e2e/common/node/secrets.go and kubelet_pods.go makeEnvironmentVariables
// ---------------------------------------------------------------------------------------

fn env_pod(name: &str, container_env: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: secret-env-test\n    image: busybox:1.36\n    command: [sh, -c, env]\n{container_env}"
    )
}

/// secrets.go #1 "should be consumable from pods in env vars": SECRET_DATA=value-1 (with its newline).
#[test]
fn e2e_env_secret_key_ref() {
    let mut c = cluster(2);
    apply(&mut c, &secret_for_test("default", "secret-test"));
    apply(
        &mut c,
        &env_pod("pod-secrets", "    env:\n    - name: SECRET_DATA\n      valueFrom:\n        secretKeyRef:\n          name: secret-test\n          key: data-1\n"),
    );
    run_idle(&mut c);
    assert_eq!(env(&c, "default", "pod-secrets", "secret-env-test"), ["SECRET_DATA=value-1\n"]);
    assert_eq!(phase(&c, "default", "pod-secrets"), "Succeeded");
    assert_pulled_and_started(&c, "default", "pod-secrets", "secret-env-test", "busybox:1.36");
}

/// secrets.go #2 "should be consumable via the environment": envFrom with and without prefix.
#[test]
fn e2e_env_from_with_prefix() {
    let mut c = cluster(2);
    apply(&mut c, &secret_for_test("default", "secret-test"));
    apply(
        &mut c,
        &env_pod(
            "env-from",
            "    envFrom:\n    - secretRef:\n        name: secret-test\n    - prefix: p-\n      secretRef:\n        name: secret-test\n    env:\n    - name: data-2\n      value: explicit\n",
        ),
    );
    run_idle(&mut c);
    // envFrom in list order, then env (which overrides envFrom's data-2 in place).
    assert_eq!(
        env(&c, "default", "env-from", "secret-env-test"),
        [
            "data-1=value-1\n",
            "data-2=explicit",
            "data-3=value-3\n",
            "p-data-1=value-1\n",
            "p-data-2=value-2\n",
            "p-data-3=value-3\n"
        ]
    );
}

/// kuberuntime_container.go startContainer: generateContainerConfig fails → `Failed` "Error: <msg>",
/// waiting CreateContainerConfigError; retried at the pod worker's back-off (10 s, jitter 0.5).
#[test]
fn missing_env_secret_is_create_container_config_error() {
    let mut c = cluster(2);
    apply(
        &mut c,
        &env_pod("p", "    env:\n    - name: K\n      valueFrom:\n        secretKeyRef:\n          name: x\n          key: k\n"),
    );
    c.run_until(9_000);
    assert_eq!(phase(&c, "default", "p"), "Pending");
    assert_eq!(
        waiting(&c, "default", "p", "secret-env-test"),
        Some(("CreateContainerConfigError".to_owned(), Some("secret \"x\" not found".to_owned())))
    );
    let ev = events_of(&c, "default", "p");
    assert_eq!(reasons(&c, "default", "p"), ["Scheduled", "Pulling", "Pulled", "Failed"]);
    let failed = ev.last().unwrap();
    assert_eq!((failed.1, failed.3.as_str()), ("Warning", "Error: secret \"x\" not found"));
    assert_eq!(failed.0, ev[2].0);
    // The next attempt comes 10–15 s later: the image is present now, then it fails again.
    c.run_until(failed.0 + 15_000);
    let ev = events_of(&c, "default", "p");
    assert_eq!(reasons(&c, "default", "p"), ["Scheduled", "Pulling", "Pulled", "Failed", "Pulled", "Failed"]);
    assert_eq!(ev[4].3, "Container image \"busybox:1.36\" already present on machine");
    let gap = ev[5].0 - failed.0;
    assert!((10_000..15_000).contains(&gap), "{gap}");
    // Creating the secret with the key lets the next retry start the container.
    apply(&mut c, &secret_yaml("default", "x", &[("k", "v")], ""));
    run_idle(&mut c);
    assert_eq!(phase(&c, "default", "p"), "Succeeded");
    assert_eq!(env(&c, "default", "p", "secret-env-test"), ["K=v"]);
    assert_eq!(reasons(&c, "default", "p").iter().rev().take(2).collect::<Vec<_>>(), [&"Started", &"Created"]);
}

/// makeEnvironmentVariables: a missing key is `couldn't find key k in Secret default/x`.
#[test]
fn missing_env_key_is_create_container_config_error() {
    let mut c = cluster(2);
    apply(&mut c, &secret_yaml("default", "x", &[("other", "v")], ""));
    apply(
        &mut c,
        &env_pod("p", "    env:\n    - name: K\n      valueFrom:\n        secretKeyRef:\n          name: x\n          key: k\n"),
    );
    c.run_until(9_000);
    assert_eq!(messages(&c, "default", "p", "Failed"), ["Error: couldn't find key k in Secret default/x"]);
    assert_eq!(
        waiting(&c, "default", "p", "secret-env-test"),
        Some(("CreateContainerConfigError".to_owned(), Some("couldn't find key k in Secret default/x".to_owned())))
    );
    // envFrom of a missing non-optional secret fails the same way.
    apply(&mut c, &env_pod("q", "    envFrom:\n    - secretRef:\n        name: nope\n"));
    c.run_until(20_000);
    assert_eq!(messages(&c, "default", "q", "Failed"), ["Error: secret \"nope\" not found"]);
}

/// makeEnvironmentVariables: optional refs to a missing secret or key are skipped; the container starts.
#[test]
fn optional_env_refs_are_skipped() {
    let mut c = cluster(2);
    apply(&mut c, &secret_yaml("default", "present", &[("a", "1")], ""));
    apply(
        &mut c,
        &env_pod(
            "p",
            "    envFrom:\n    - secretRef:\n        name: absent\n        optional: true\n    env:\n    - name: MISSING_SECRET\n      valueFrom:\n        secretKeyRef:\n          name: absent\n          key: k\n          optional: true\n    - name: MISSING_KEY\n      valueFrom:\n        secretKeyRef:\n          name: present\n          key: k\n          optional: true\n    - name: A\n      valueFrom:\n        secretKeyRef:\n          name: present\n          key: a\n",
        ),
    );
    run_idle(&mut c);
    assert_eq!(env(&c, "default", "p", "secret-env-test"), ["A=1"]);
    assert_eq!(phase(&c, "default", "p"), "Succeeded");
    assert!(messages(&c, "default", "p", "Failed").is_empty());
}

// ---------------------------------------------------------------------------------------
// Updates: volumes follow at the next resync; env and subPath never do
// (docs concepts/configuration/secret.md "Mounted Secrets are updated automatically",
// pod_workers.go resync with jitter, issue #50345 for subPath)
// ---------------------------------------------------------------------------------------

const UPDATE_POD: &str = "apiVersion: v1
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
      mountPath: /etc/foo
      readOnly: true
    - name: foo
      mountPath: /etc/sub/username
      subPath: username
  volumes:
  - name: foo
    secret:
      secretName: mysecret
";

/// Updates a secret at 5 s and returns when `/etc/foo/username` changed.
fn update_delay(settings: Settings) -> (Cluster, u64) {
    let mut c = Cluster::new(settings).unwrap();
    apply(&mut c, MYSECRET);
    apply(&mut c, UPDATE_POD);
    c.run_until(5_000);
    assert_eq!(phase(&c, "default", "mypod"), "Running");
    apply(&mut c, &secret_yaml("default", "mysecret", &[("username", "root"), ("password", "1f2d1e2e67df")], ""));
    let t = step_until(&mut c, 1_000_000, |c| files(c, "default", "mypod", "mypod")["/etc/foo/username"].1 == "root")
        .expect("the update reaches the volume");
    // The container's environment and the subPath bind never change.
    assert_eq!(env(&c, "default", "mypod", "mypod"), ["SECRET_USERNAME=admin"]);
    let f = files(&c, "default", "mypod", "mypod");
    assert_eq!(f["/etc/sub/username"], ("0644".to_owned(), "admin".to_owned()));
    assert_eq!(f["/etc/foo/username"], ("0644".to_owned(), "root".to_owned()));
    assert_eq!(messages(&c, "default", "mypod", "Started").len(), 1, "no restart");
    (c, t)
}

/// Watch (default): the kubelet's copy follows at once, the volume at the first pod resync
/// (syncFrequency 1 min × jitter [1, 1.5)) after the update.
#[test]
fn watch_update_reaches_volume_at_next_resync_never_env_or_subpath() {
    let (mut c, t) = update_delay(Settings { seed: 4, ..Settings::default() });
    // The first resync was scheduled when the kubelet admitted the pod (15 ms).
    assert!((60_015..90_015).contains(&t), "{t}");
    // Later resyncs and more updates still leave env and subPath alone.
    apply(&mut c, &secret_yaml("default", "mysecret", &[("username", "third")], ""));
    c.run_until(t + 200_000);
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/username", "0644", "third"), ("/etc/sub/username", "0644", "admin")])
    );
    assert_eq!(env(&c, "default", "mypod", "mypod"), ["SECRET_USERNAME=admin"]);
}

/// Cache: syncPod calls RegisterPod on every sync, but cacheBasedManager.RegisterPod calls
/// AddReference only the first time for a pod (pkg/kubelet/util/manager/cache_based_manager.go),
/// so a resync does not drop the cached copy: objectStore.Get serves it until it is older than the
/// TTL (isObjectFresh). Fetched at the first mount (15 ms) with a 300 s TTL, the update reaches the
/// volume at the first resync after 300.015 s (resyncs every 60-90 s), not at the first resync.
#[test]
fn cache_update_reaches_volume_at_first_resync_after_the_ttl() {
    let (_, t) = update_delay(Settings { seed: 4, strategy: Strategy::Cache, cache_ttl_ms: 300_000, ..Settings::default() });
    assert!((300_015..390_015).contains(&t), "{t}");
}

/// With the TTL from the node (pkg/controller/ttl/ttl_controller.go: 0 s up to 100 nodes), a
/// cached object is never fresh (`now.Before(lastUpdateTime + 0)` is false), so Cache reads the API
/// server on every Get and the update arrives at the first resync, whatever `cacheTtlMs` says.
#[test]
fn cache_with_the_ttl_controllers_annotation_refetches_every_get() {
    let settings = Settings {
        seed: 4,
        strategy: Strategy::Cache,
        cache_ttl_ms: 300_000,
        cache_ttl_source: TtlSource::Node,
        ..Settings::default()
    };
    let c = Cluster::new(settings.clone()).unwrap();
    let node = &c.nodes()[0];
    assert_eq!(node.annotations.get("node.alpha.kubernetes.io/ttl").map(String::as_str), Some("0"));
    assert_eq!(node.cache_ttl, (0, TtlSource::Node));
    let (_, t) = update_delay(settings);
    assert!((60_015..90_015).contains(&t), "{t}");
    // 101 nodes: the controller moves to its second boundary (15 s).
    let big = Cluster::new(Settings {
        nodes: 101,
        strategy: Strategy::Cache,
        cache_ttl_source: TtlSource::Node,
        ..Settings::default()
    })
    .unwrap();
    assert_eq!(big.nodes()[100].annotations.get("node.alpha.kubernetes.io/ttl").map(String::as_str), Some("15"));
    assert_eq!(big.nodes()[100].cache_ttl, (15_000, TtlSource::Node));
}

/// Where the Cache TTL does add delay: the volume manager's mount retries are not pod syncs, so
/// they read the cached object until the TTL runs out (objectStore.Get isObjectFresh). A missing
/// key fixed at 5 s is picked up by the retry at 7.5 s with Watch and Get, but only by the first
/// retry after the TTL (fetched at 15 ms, TTL 60 s → the retry at 63.515 s) with Cache.
#[test]
fn cache_ttl_delays_mount_retries() {
    let pod = mypod("      items:\n      - key: username\n        path: user\n");
    let mount_time = |strategy: Strategy| {
        let mut c = Cluster::new(Settings { strategy, cache_ttl_ms: 60_000, ..Settings::default() }).unwrap();
        apply(&mut c, &secret_yaml("default", "mysecret", &[("password", "p")], ""));
        apply(&mut c, &pod);
        c.run_until(5_000);
        assert_eq!(
            messages(&c, "default", "mypod", "FailedMount")[0],
            "MountVolume.SetUp failed for volume \"foo\" : references non-existent secret key: username"
        );
        apply(&mut c, &secret_yaml("default", "mysecret", &[("password", "p"), ("username", "admin")], ""));
        step_until(&mut c, 1_000_000, |c| !files(c, "default", "mypod", "mypod").is_empty()).expect("mounted")
    };
    assert_eq!(mount_time(Strategy::Watch), 7_515);
    assert_eq!(mount_time(Strategy::Get), 7_515);
    assert_eq!(mount_time(Strategy::Cache), 63_515);
}

/// Cache: a NotFound is an error, and errors are never served from the cache
/// (`if data.err != nil || !s.isObjectFresh(data)`): a secret created later is seen by the
/// very next mount retry, TTL or not.
#[test]
fn cache_does_not_cache_not_found() {
    let mut c = Cluster::new(Settings { strategy: Strategy::Cache, cache_ttl_ms: 600_000, ..Settings::default() }).unwrap();
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    apply(&mut c, MYSECRET);
    let t = step_until(&mut c, 1_000_000, |c| !files(c, "default", "mypod", "mypod").is_empty()).expect("mounted");
    assert_eq!(t, 7_515);
}

/// Get (NewSimpleSecretManager): every SetUp reads the API server; the first resync applies it.
#[test]
fn get_update_reaches_volume_at_next_resync() {
    let (_, t) = update_delay(Settings { seed: 4, strategy: Strategy::Get, ..Settings::default() });
    assert!((60_015..90_015).contains(&t), "{t}");
}

/// Cache and Get read through the API client: NotFound reads `secrets "x" not found` (plural),
/// unlike the watch manager's `secret "x" not found` (apierrors.NewNotFound(Resource("secret"))).
#[test]
fn get_and_cache_not_found_use_the_api_servers_words() {
    for strategy in [Strategy::Get, Strategy::Cache] {
        let mut c = Cluster::new(Settings { strategy, ..Settings::default() }).unwrap();
        apply(&mut c, &mypod(""));
        apply(
            &mut c,
            &env_pod(
                "e",
                "    env:\n    - name: K\n      valueFrom:\n        secretKeyRef:\n          name: x\n          key: k\n",
            ),
        );
        c.run_until(5_000);
        assert_eq!(
            messages(&c, "default", "mypod", "FailedMount")[0],
            "MountVolume.SetUp failed for volume \"foo\" : secrets \"mysecret\" not found"
        );
        assert_eq!(messages(&c, "default", "e", "Failed"), ["Error: secrets \"x\" not found"]);
    }
}

/// cache_based_manager.go AddReference: registering another pod invalidates the cached object
/// ("This will trigger fetch on the next Get() operation"), so a new pod sees fresh data at once.
#[test]
fn cache_new_pod_refetches_the_secret() {
    let mut c = Cluster::new(Settings { strategy: Strategy::Cache, cache_ttl_ms: 600_000, ..Settings::default() }).unwrap();
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    apply(&mut c, &secret_yaml("default", "mysecret", &[("username", "root")], ""));
    apply(&mut c, &mypod("").replace("name: mypod\nspec", "name: second\nspec"));
    c.run_until(10_000);
    assert_eq!(files(&c, "default", "second", "mypod"), expect(&[("/etc/foo/username", "0644", "root")]));
}

/// Immutable secrets: updates are refused (ValidateSecretUpdate); the watch manager stops watching
/// an immutable object (watch_based_manager.go), so even a deletion is not noticed.
#[test]
fn immutable_secret_is_not_refetched() {
    let mut c = cluster(6);
    apply(&mut c, &(MYSECRET.to_owned() + "immutable: true\n"));
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    let err = try_apply(&mut c, &(secret_yaml("default", "mysecret", &[("username", "root")], "immutable: true\n"))).unwrap_err();
    assert!(err.is_invalid());
    assert_eq!(err.message, "Secret \"mysecret\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
    delete(&mut c, Kind::Secret, "default", "mysecret");
    c.run_until(400_000);
    assert!(messages(&c, "default", "mypod", "FailedMount").is_empty());
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/password", "0644", "1f2d1e2e67df"), ("/etc/foo/username", "0644", "admin")])
    );
    assert_eq!(phase(&c, "default", "mypod"), "Running");
}

/// Cache strategy: cache_based_manager.go has no immutable special case (only the watch manager
/// stops its reflector), so the first pod sync after the TTL (600 s from the fetch at 15 ms)
/// re-reads the API server and the remount fails; the files stay (SetUpAt fails before touching
/// the directory). Before the TTL the cached copy hides the deletion.
#[test]
fn immutable_secret_cache_strategy_notices_deletion_after_the_ttl() {
    let mut c = Cluster::new(Settings { strategy: Strategy::Cache, cache_ttl_ms: 600_000, ..Settings::default() }).unwrap();
    apply(&mut c, &(MYSECRET.to_owned() + "immutable: true\n"));
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    delete(&mut c, Kind::Secret, "default", "mysecret");
    c.run_until(595_000);
    assert!(messages(&c, "default", "mypod", "FailedMount").is_empty());
    c.run_until(700_000);
    let msgs = messages(&c, "default", "mypod", "FailedMount");
    assert!(!msgs.is_empty());
    // The NotFound is an error: every later sync re-reads and fails again.
    assert!(msgs.iter().all(|m| m == "MountVolume.SetUp failed for volume \"foo\" : secrets \"mysecret\" not found"));
    assert_eq!(files(&c, "default", "mypod", "mypod").len(), 2);
    assert_eq!(phase(&c, "default", "mypod"), "Running");
}

/// Deleting a mutable secret: running pods keep their files (SetUpAt returns the error before
/// touching the directory) and each resync reports FailedMount; the pod keeps running.
#[test]
fn deleting_a_secret_leaves_running_pods_files() {
    let mut c = cluster(7);
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod(""));
    c.run_until(5_000);
    delete(&mut c, Kind::Secret, "default", "mysecret");
    c.run_until(200_000);
    assert_eq!(
        files(&c, "default", "mypod", "mypod"),
        expect(&[("/etc/foo/password", "0644", "1f2d1e2e67df"), ("/etc/foo/username", "0644", "admin")])
    );
    assert_eq!(phase(&c, "default", "mypod"), "Running");
    let msgs = messages(&c, "default", "mypod", "FailedMount");
    assert!(msgs.len() >= 2, "one per resync: {msgs:?}");
    assert!(msgs.iter().all(|m| m == "MountVolume.SetUp failed for volume \"foo\" : secret \"mysecret\" not found"));
}

// ---------------------------------------------------------------------------------------
// Containers, scheduling, teardown
// ---------------------------------------------------------------------------------------

/// Each container sees only its own volumeMounts (kubelet_pods.go makeMounts).
#[test]
fn containers_see_only_their_own_mounts() {
    let mut c = cluster(8);
    apply(&mut c, &secret_yaml("default", "s1", &[("a", "1")], ""));
    apply(&mut c, &secret_yaml("default", "s2", &[("b", "2")], ""));
    apply(
        &mut c,
        "apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: one
    image: busybox:1.36
    volumeMounts:
    - name: va
      mountPath: /etc/a
  - name: other
    image: nginx:1.27
    volumeMounts:
    - name: vb
      mountPath: /etc/b
  volumes:
  - name: va
    secret:
      secretName: s1
  - name: vb
    secret:
      secretName: s2
",
    );
    run_idle(&mut c);
    assert_eq!(files(&c, "default", "two", "one"), expect(&[("/etc/a/a", "0644", "1")]));
    assert_eq!(files(&c, "default", "two", "other"), expect(&[("/etc/b/b", "0644", "2")]));
    assert_eq!(phase(&c, "default", "two"), "Running");
    assert_pulled_and_started(&c, "default", "two", "one", "busybox:1.36");
    assert_pulled_and_started(&c, "default", "two", "other", "nginx:1.27");
    // Both containers also got the service account mount (ServiceAccount admission).
    for ct in ["one", "other"] {
        let all = all_files(&c, "default", "two", ct);
        assert!(all.contains_key(&format!("{SA_DIR}/token")), "{ct}");
    }
}

/// nodeSelector (NodeAffinity filter), spec.nodeName (no scheduler involved) and FailedScheduling
/// (framework.FitError text of pkg/scheduler/framework/types.go, v1.33).
#[test]
fn scheduling_node_selector_node_name_and_failure() {
    let mut c = Cluster::new(Settings { nodes: 3, ..Settings::default() }).unwrap();
    let pod = |name: &str, extra: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}  containers:\n  - name: c\n    image: busybox:1.36\n")
    };
    apply(&mut c, &pod("pinned", "  nodeSelector:\n    kubernetes.io/hostname: node-3\n"));
    apply(&mut c, &pod("named", "  nodeName: node-2\n"));
    apply(&mut c, &pod("nowhere", "  nodeSelector:\n    disktype: ssd\n"));
    apply(&mut c, &pod("free", ""));
    run_idle(&mut c);
    assert_eq!(events_of(&c, "default", "pinned")[0].3, "Successfully assigned default/pinned to node-3");
    assert_eq!(c.worker("default", "pinned").unwrap().0.name, "node-3");
    assert_eq!(c.worker("default", "named").unwrap().0.name, "node-2");
    assert!(!reasons(&c, "default", "named").contains(&"Scheduled"));
    assert_eq!(phase(&c, "default", "named"), "Running");
    // Bound pods count at once: "free" goes to the node that has none.
    assert_eq!(events_of(&c, "default", "free")[0].3, "Successfully assigned default/free to node-1");
    let ev = events_of(&c, "default", "nowhere");
    assert_eq!(
        ev[0],
        (
            5,
            "Warning",
            "FailedScheduling",
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.".to_owned()
        )
    );
    assert_eq!(c.events().iter().find(|e| e.reason == "FailedScheduling").unwrap().source, "default-scheduler");
    assert_eq!(phase(&c, "default", "nowhere"), "Pending");
    assert!(c.worker("default", "nowhere").is_none());
    assert!(c.store().pod("default", "nowhere").unwrap().spec.as_ref().unwrap().node_name.is_none());
}

/// Many pods created at once spread over the nodes (the scheduler cache counts a pod as soon as it
/// is assumed/bound, pkg/scheduler/internal/cache, not when the kubelet admits it).
#[test]
fn simultaneous_pods_spread_over_nodes() {
    let mut c = Cluster::new(Settings { nodes: 3, ..Settings::default() }).unwrap();
    for i in 0..6 {
        apply(&mut c, &format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n"));
    }
    run_idle(&mut c);
    let per_node: Vec<usize> = c.nodes().iter().map(|n| n.workers.len()).collect();
    assert_eq!(per_node, [2, 2, 2]);
}

/// Pod deletion: Killing, then the kubelet removes /var/lib/kubelet/pods/<uid> (volume TearDown of the
/// tmpfs-backed secret volume) and the memory goes back.
#[test]
fn pod_deletion_removes_the_pod_dir_and_frees_tmpfs() {
    let mut c = cluster(9);
    apply(&mut c, MYSECRET);
    apply(&mut c, &mypod(""));
    run_idle(&mut c);
    let uid = c.store().pod("default", "mypod").unwrap().metadata.uid.clone().unwrap();
    let node = &c.nodes()[0];
    let before = node.tmpfs_bytes();
    let ca = kubeplay_api::store::KUBEPLAY_CA_CRT.len();
    let token = all_files(&c, "default", "mypod", "mypod")[&format!("{SA_DIR}/token")].1.len();
    assert_eq!(before, "admin".len() + "1f2d1e2e67df".len() + ca + "default".len() + token);
    assert!(!node.fs.tree(&format!("{PODS_DIR}/{uid}")).is_empty());
    let t = c.now_ms();
    delete(&mut c, Kind::Pod, "default", "mypod");
    assert!(c.store().pod("default", "mypod").unwrap().metadata.deletion_timestamp.is_some());
    run_idle(&mut c);
    assert!(c.store().pod("default", "mypod").is_none());
    let node = &c.nodes()[0];
    assert!(node.fs.tree(&format!("{PODS_DIR}/{uid}")).is_empty());
    assert!(node.fs.lstat(&format!("{PODS_DIR}/{uid}")).is_none());
    assert_eq!(node.tmpfs_bytes(), 0);
    assert!(node.workers.is_empty());
    assert_eq!(node.secrets.registered(), 0);
    let killing: Vec<_> = c.events().iter().filter(|e| e.reason == "Killing").collect();
    assert_eq!(killing.len(), 1);
    assert_eq!((killing[0].time_ms, killing[0].message.as_str()), (t, "Stopping container mypod"));
    assert_eq!(killing[0].field_path.as_deref(), Some("spec.containers{mypod}"));
}

/// ServiceAccount admission's kube-api-access-xxxxx projected volume: token, ca.crt, namespace
/// (plugin/pkg/admission/serviceaccount/admission.go; service_accounts.go "should mount an API token").
#[test]
fn kube_api_access_volume_files() {
    let mut c = cluster(10);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n",
    );
    run_idle(&mut c);
    let all = all_files(&c, "default", "p", "c");
    let keys: Vec<&str> = all.keys().map(String::as_str).collect();
    assert_eq!(keys, [format!("{SA_DIR}/ca.crt"), format!("{SA_DIR}/namespace"), format!("{SA_DIR}/token")]);
    assert_eq!(all[&format!("{SA_DIR}/ca.crt")], ("0644".to_owned(), kubeplay_api::store::KUBEPLAY_CA_CRT.to_owned(), 0));
    let ca = c.store().config_map("default", "kube-root-ca.crt").unwrap().data.as_ref().unwrap()["ca.crt"].clone();
    assert_eq!(all[&format!("{SA_DIR}/ca.crt")].1, ca);
    assert_eq!(all[&format!("{SA_DIR}/namespace")], ("0644".to_owned(), "default".to_owned(), 0));
    let (mode, token, _) = &all[&format!("{SA_DIR}/token")];
    assert_eq!(mode, "0644");
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    use base64::Engine as _;
    let claims: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["sub"], "system:serviceaccount:default:default");
    // The kubelet asks for 3607 s; the API server extends it to a year and warns after 3607 s
    // (pkg/serviceaccount/claims.go ExpirationExtensionSeconds, storage/token.go).
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 31_536_000);
    assert_eq!(claims["kubernetes.io"]["warnafter"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 3607);
    assert!(claims["kubernetes.io"]["serviceaccount"]["uid"].as_str().is_some_and(|u| u.len() == 36));
    assert_eq!(claims["kubernetes.io"]["node"]["uid"].as_str(), Some(c.nodes()[0].uid.as_str()));
    // service_accounts.go projected token perms: fsGroup → token -rw-r----- group fsGroup (0600 | 0440).
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  securityContext:\n    fsGroup: 10000\n  containers:\n  - name: c\n    image: busybox:1.36\n",
    );
    run_idle(&mut c);
    let all = all_files(&c, "default", "q", "c");
    assert_eq!(all[&format!("{SA_DIR}/token")].0, "0640");
    assert_eq!(all[&format!("{SA_DIR}/token")].2, 10000);
    assert_eq!(all[&format!("{SA_DIR}/namespace")], ("0644".to_owned(), "default".to_owned(), 10000));
    // automountServiceAccountToken: false → no volume at all.
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: r\nspec:\n  automountServiceAccountToken: false\n  containers:\n  - name: c\n    image: busybox:1.36\n",
    );
    run_idle(&mut c);
    assert!(all_files(&c, "default", "r", "c").is_empty());
}

// ---------------------------------------------------------------------------------------
// Determinism and step back (DESIGN.md "Deterministic", "Step back")
// ---------------------------------------------------------------------------------------

/// A scenario touching most paths: a missing secret created later, env, update, deletion.
fn busy_scenario(seed: u64) -> Cluster {
    let mut c = Cluster::new(Settings { seed, nodes: 2, ..Settings::default() }).unwrap();
    apply(&mut c, &mypod(""));
    apply(&mut c, &env_pod("e", "    env:\n    - name: K\n      valueFrom:\n        secretKeyRef:\n          name: mysecret\n          key: username\n"));
    c.run_until(4_000);
    apply(&mut c, MYSECRET);
    c.run_until(30_000);
    apply(&mut c, &secret_yaml("default", "mysecret", &[("username", "root")], ""));
    c.run_until(100_000);
    delete(&mut c, Kind::Pod, "default", "e");
    run_idle(&mut c);
    c
}

fn fs_dump(c: &Cluster) -> Vec<String> {
    c.nodes().iter().flat_map(|n| n.fs.tree("/var/lib/kubelet").into_iter().map(|(p, i)| format!("{p} {i:?}"))).collect()
}

/// Same seed → byte-identical event log and node filesystems (madsim check_determinism style).
#[test]
fn same_seed_same_log() {
    let a = busy_scenario(42);
    let b = busy_scenario(42);
    let la: Vec<String> = a.events().iter().map(log_line).collect();
    let lb: Vec<String> = b.events().iter().map(log_line).collect();
    assert!(la.len() > 10);
    assert_eq!(la, lb);
    assert_eq!(fs_dump(&a), fs_dump(&b));
    assert_eq!(a.store().etcd(), b.store().etcd());
}

/// Another seed changes only the random parts: pull durations, resync jitter, uids, names.
#[test]
fn different_seed_differs_only_in_random_parts() {
    let a = busy_scenario(1);
    let b = busy_scenario(2);
    let shape = |c: &Cluster| -> Vec<String> {
        c.events()
            .iter()
            .map(|e| {
                let msg = if e.reason == "Pulled" && e.message.starts_with("Successfully pulled") {
                    e.message.split(" in ").next().unwrap().to_owned()
                } else {
                    e.message.clone()
                };
                format!("{} {} {}/{} {msg}", e.type_.as_str(), e.reason, e.object.namespace, e.object.name)
            })
            .collect()
    };
    let mut sa = shape(&a);
    let mut sb = shape(&b);
    // Pods proceed independently, so compare each pod's own sequence.
    sa.sort_by_key(|l| l.split(' ').nth(2).unwrap().to_owned());
    sb.sort_by_key(|l| l.split(' ').nth(2).unwrap().to_owned());
    let per_pod = |v: &[String], pod: &str| v.iter().filter(|l| l.split(' ').nth(2) == Some(pod)).cloned().collect::<Vec<_>>();
    assert_eq!(per_pod(&sa, "default/mypod"), per_pod(&sb, "default/mypod"));
    assert_eq!(per_pod(&sa, "default/e"), per_pod(&sb, "default/e"));
    // ...while the random parts differ.
    let la: Vec<String> = a.events().iter().map(log_line).collect();
    let lb: Vec<String> = b.events().iter().map(log_line).collect();
    assert_ne!(la, lb);
    assert_ne!(a.store().pod("default", "mypod").unwrap().metadata.uid, b.store().pod("default", "mypod").unwrap().metadata.uid);
    // The files the container sees do not depend on the seed.
    assert_eq!(files(&a, "default", "mypod", "mypod"), files(&b, "default", "mypod", "mypod"));
}

/// Session::go_to_step restores an earlier state exactly: events, files, statuses, and the future
/// replays identically.
#[test]
fn go_to_step_restores_an_earlier_state() {
    let mut s = Session::new(Settings { seed: 3, ..Settings::default() }).unwrap();
    let h = History::new(s.cluster().clone());
    apply_s(&mut s, MYSECRET);
    apply_s(&mut s, &mypod(""));
    let mut snaps = Vec::new();
    for _ in 0..6 {
        s.step();
        let c = s.cluster();
        snaps.push((c.steps(), c.events().to_vec(), fs_dump(c), c.store().etcd(), files(c, "default", "mypod", "mypod")));
    }
    // Past the first resync, so the update is recorded after a later step than the snapshots
    // (a call belongs to the step it follows: go_to_step(n) replays calls made right after step n).
    s.run_until(95_000);
    assert!(s.cluster().steps() > 6);
    apply_s(&mut s, &secret_yaml("default", "mysecret", &[("username", "root")], ""));
    s.run_until(200_000);
    assert_eq!(files(s.cluster(), "default", "mypod", "mypod")["/etc/foo/username"].1, "root");
    for (step, events, fs, etcd, f) in snaps.iter().rev() {
        s.go_to_step(&h, *step);
        let c = s.cluster();
        assert_eq!(c.steps(), *step);
        assert_eq!(c.events(), events.as_slice(), "events at step {step}");
        assert_eq!(&fs_dump(c), fs, "fs at step {step}");
        assert_eq!(&c.store().etcd(), etcd, "store at step {step}");
        assert_eq!(&files(c, "default", "mypod", "mypod"), f);
    }
    // Going forward again from step 1 replays the same steps.
    let (_, _, fs6, etcd6, _) = snaps.last().unwrap().clone();
    while s.cluster().steps() < snaps.last().unwrap().0 {
        s.step();
    }
    assert_eq!(fs_dump(s.cluster()), fs6);
    assert_eq!(s.cluster().store().etcd(), etcd6);
    // Step back one at a time.
    let back = s.cluster().steps() - 1;
    s.go_to_step(&h, back);
    assert_eq!(s.cluster().events(), snaps[4].1.as_slice());
}

/// go_to_step across many snapshots (more than SNAPSHOT_EVERY steps) lands on the same state as a
/// straight run.
#[test]
fn go_to_step_far_back_matches_a_straight_run() {
    let build = || {
        let mut s = Session::new(Settings { seed: 8, ..Settings::default() }).unwrap();
        apply_s(&mut s, MYSECRET);
        for i in 0..40 {
            apply_s(&mut s, &mypod("").replace("name: mypod\nspec", &format!("name: p{i}\nspec")));
        }
        s
    };
    let mut h = History::new(Session::new(Settings { seed: 8, ..Settings::default() }).unwrap().cluster().clone());
    let mut a = build();
    while a.next_event_ms().is_some_and(|t| t <= 600_000) {
        a.step();
        h.record(a.cluster().steps(), a.calls().len(), a.cluster());
    }
    a.run_until(600_000);
    assert!(h.nearest(150).is_some_and(|(at, _, _)| at > 0), "a snapshot after step 0 is used");
    assert!(a.cluster().steps() > 300, "{}", a.cluster().steps());
    let mut b = build();
    while b.cluster().steps() < 150 {
        b.step();
    }
    a.go_to_step(&h, 150);
    assert_eq!(a.cluster().events(), b.cluster().events());
    assert_eq!(fs_dump(a.cluster()), fs_dump(b.cluster()));
    assert_eq!(a.cluster().store().etcd(), b.cluster().store().etcd());
}
