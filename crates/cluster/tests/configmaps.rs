//! ConfigMaps in the kubelet: the config map manager (`pkg/kubelet/configmap/configmap_manager.go`
//! over the same generic `pkg/kubelet/util/manager` as secrets, with its Watch / Cache / Get
//! strategies), the configMap volume plugin (`pkg/volume/configmap/configmap.go`: items, modes,
//! optional, the atomic writer) and env (`pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables).
//! Mirrors test/e2e/common/storage/configmap_volume.go and test/e2e/common/node/configmap.go.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kubeplay_api::Kind;
use kubeplay_cluster::{Cluster, Settings, Strategy};

/// `configmap-test-volume` as configmap_volume.go's newConfigMap builds it (data-1..3).
fn config_map(data: &[(&str, &str)], extra: &str) -> String {
    let mut s = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n{extra}data:\n");
    for (k, v) in data {
        s.push_str(&format!("  {k}: {v:?}\n"));
    }
    s
}

/// A pod that mounts `cm` at /etc/cm (with `volume_extra` under `configMap:`) and reads
/// `data-1` into `CM_DATA_1`.
fn pod(volume_extra: &str, env_optional: bool) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: registry.k8s.io/busybox
    command: [sleep, \"3600\"]
    env:
    - name: CM_DATA_1
      valueFrom:
        configMapKeyRef:
          name: cm
          key: data-1
          optional: {env_optional}
    volumeMounts:
    - name: v
      mountPath: /etc/cm
  volumes:
  - name: v
    configMap:
      name: cm
{volume_extra}"
    )
}

/// configmap_volume.go "updates should be reflected in volume": the volume follows the update at
/// the next pod resync (Watch), the env keeps the value read at the container's start.
#[test]
fn an_update_reaches_the_volume_but_not_the_env() {
    let mut c = cluster(3);
    apply(&mut c, &config_map(&[("data-1", "value-1")], ""));
    apply(&mut c, &pod("", false));
    c.run_until(5_000);
    assert_eq!(files(&c, "default", "p", "c"), expect(&[("/etc/cm/data-1", "0644", "value-1")]));
    apply(&mut c, &config_map(&[("data-1", "value-2")], ""));
    let t = step_until(&mut c, 200_000, |c| files(c, "default", "p", "c")["/etc/cm/data-1"].1 == "value-2")
        .expect("the update reaches the volume");
    // syncFrequency (1 min) × jitter [1, 1.5) after the admission at 15 ms.
    assert!((60_015..90_015).contains(&t), "{t}");
    assert!(env(&c, "default", "p", "c").contains(&"CM_DATA_1=value-1".to_owned()));
}

/// configmap_volume.go "should be consumable from pods in volume with mappings and Item mode set":
/// only the listed key, at its path, with its mode; `defaultMode` for the rest.
#[test]
fn items_and_modes_shape_the_volume() {
    let mut c = cluster(1);
    apply(&mut c, &config_map(&[("data-1", "value-1"), ("data-2", "value-2")], ""));
    apply(
        &mut c,
        &pod(
            "      defaultMode: 0440\n      items:\n      - key: data-2\n        path: path/to/data-2\n        mode: 0400\n",
            false,
        ),
    );
    c.run_until(5_000);
    assert_eq!(files(&c, "default", "p", "c"), expect(&[("/etc/cm/path/to/data-2", "0400", "value-2")]));
    apply(&mut c, &pod("      defaultMode: 0440\n", false).replace("name: p\n", "name: q\n"));
    c.run_until(10_000);
    assert_eq!(
        files(&c, "default", "q", "c"),
        expect(&[("/etc/cm/data-1", "0440", "value-1"), ("/etc/cm/data-2", "0440", "value-2")])
    );
}

/// A missing config map: the volume fails with the configmap plugin's NotFound (the watch
/// manager's `configmap "cm" not found`, singular as watch_based_manager.go builds it), retried
/// with backoff; once it exists the pod starts.
#[test]
fn a_missing_config_map_blocks_the_mount_until_it_exists() {
    let mut c = cluster(2);
    apply(&mut c, &pod("", false));
    c.run_until(20_000);
    let msgs = messages(&c, "default", "p", "FailedMount");
    assert!(!msgs.is_empty());
    assert!(msgs.iter().all(|m| m == "MountVolume.SetUp failed for volume \"v\" : configmap \"cm\" not found"), "{msgs:?}");
    assert_eq!(phase(&c, "default", "p"), "Pending");
    apply(&mut c, &config_map(&[("data-1", "value-1")], ""));
    c.run_until(300_000);
    assert_eq!(phase(&c, "default", "p"), "Running");
    assert!(env(&c, "default", "p", "c").contains(&"CM_DATA_1=value-1".to_owned()));
}

/// `optional: true` on the volume and the key ref: a missing config map mounts an empty volume
/// and leaves the variable out (configmap.go SetUpAt, makeEnvironmentVariables).
#[test]
fn optional_config_map_may_be_missing() {
    let mut c = cluster(5);
    apply(&mut c, &pod("      optional: true\n", true));
    c.run_until(10_000);
    assert_eq!(phase(&c, "default", "p"), "Running");
    assert!(files(&c, "default", "p", "c").is_empty());
    assert!(!env(&c, "default", "p", "c").iter().any(|e| e.starts_with("CM_DATA_1=")));
    assert!(messages(&c, "default", "p", "FailedMount").is_empty());
}

/// A key the config map lacks, referenced by env: CreateContainerConfigError with the kubelet's
/// `couldn't find key data-1 in ConfigMap default/cm`.
#[test]
fn a_missing_key_fails_the_container_config() {
    let mut c = cluster(4);
    apply(&mut c, &config_map(&[("other", "x")], ""));
    apply(&mut c, &pod("", false));
    c.run_until(10_000);
    let (reason, message) = waiting(&c, "default", "p", "c").expect("waiting");
    assert_eq!(reason, "CreateContainerConfigError");
    assert_eq!(message.as_deref(), Some("couldn't find key data-1 in ConfigMap default/cm"));
}

/// Immutable config maps: the update is refused, and the watch manager stops watching an
/// immutable object (watch_based_manager.go objectCache.Get), so a deletion is not noticed.
#[test]
fn an_immutable_config_map_is_never_refetched() {
    let mut c = cluster(6);
    apply(&mut c, &config_map(&[("data-1", "value-1")], "immutable: true\n"));
    apply(&mut c, &pod("", false));
    c.run_until(5_000);
    let err = try_apply(&mut c, &config_map(&[("data-1", "value-2")], "immutable: true\n")).unwrap_err();
    assert_eq!(err.message, "ConfigMap \"cm\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
    delete(&mut c, Kind::ConfigMap, "default", "cm");
    c.run_until(400_000);
    assert!(messages(&c, "default", "p", "FailedMount").is_empty());
    assert_eq!(files(&c, "default", "p", "c"), expect(&[("/etc/cm/data-1", "0644", "value-1")]));
}

/// The Get strategy reads the API server at every sync: the plugin's NotFound is then the API
/// server's plural `configmaps "cm" not found`.
#[test]
fn get_strategy_reports_the_api_servers_not_found() {
    let mut c = Cluster::new(Settings { strategy: Strategy::Get, ..Settings::default() }).unwrap();
    apply(&mut c, &pod("", false));
    c.run_until(20_000);
    let msgs = messages(&c, "default", "p", "FailedMount");
    assert!(!msgs.is_empty());
    assert!(msgs.iter().all(|m| m == "MountVolume.SetUp failed for volume \"v\" : configmaps \"cm\" not found"), "{msgs:?}");
}
