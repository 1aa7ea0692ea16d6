//! Helpers shared by the scenario and property tests: manifests in, what a container
//! sees out. Everything goes through the public API (`decode_manifest`, `ApiCall`,
//! `Cluster::worker`, `kubelet::container_files`, `Cluster::events`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use base64::Engine as _;
use kubeplay_api::{decode_manifest, Kind, Object};
use kubeplay_cluster::kubelet::{container_files, RunState};
use kubeplay_cluster::{ApiCall, ApiResult, Cluster, Event, Session, Settings};

/// Where the service account token volume is mounted (admission adds it to every container).
pub const SA_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// `secretForTest()` of the e2e suites: data-1..3 = "value-N\n".
pub const SECRET_FOR_TEST: [(&str, &str); 3] = [("data-1", "value-1\n"), ("data-2", "value-2\n"), ("data-3", "value-3\n")];

/// A Secret manifest with base64 `data`, as `kubectl create secret generic --dry-run -o yaml` writes it.
pub fn secret_yaml(ns: &str, name: &str, data: &[(&str, &str)], extra: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut s = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: Opaque\n{extra}");
    if !data.is_empty() {
        s.push_str("data:\n");
        for (k, v) in data {
            s.push_str(&format!("  {k}: {}\n", b64.encode(v)));
        }
    }
    s
}

/// Decodes a manifest and returns its objects (panics on any decode error).
pub fn objects(yaml: &str) -> Vec<Object> {
    let m = decode_manifest(yaml, "test.yaml");
    assert!(m.syntax_error.is_none(), "syntax error: {:?}", m.syntax_error);
    m.docs.into_iter().map(|d| d.result.unwrap_or_else(|e| panic!("decode: {e}\n{yaml}"))).collect()
}

/// `kubectl apply -f` of every document into `default` (panics if the API refuses).
pub fn apply(c: &mut Cluster, yaml: &str) {
    for o in objects(yaml) {
        c.call(ApiCall::Apply { object: Box::new(o), namespace: "default".into() }).unwrap_or_else(|e| panic!("apply: {e}"));
    }
}

/// The same through a session (recorded for replay).
pub fn apply_s(s: &mut Session, yaml: &str) {
    for o in objects(yaml) {
        s.call(ApiCall::Apply { object: Box::new(o), namespace: "default".into() }).unwrap_or_else(|e| panic!("apply: {e}"));
    }
}

/// `kubectl apply -f` returning the API result (for calls expected to fail).
pub fn try_apply(c: &mut Cluster, yaml: &str) -> Result<ApiResult, kubeplay_api::Status> {
    let mut last = None;
    for o in objects(yaml) {
        last = Some(c.call(ApiCall::Apply { object: Box::new(o), namespace: "default".into() }));
    }
    last.expect("one document")
}

/// `kubectl delete <kind> <name> -n <ns>`.
pub fn delete(c: &mut Cluster, kind: Kind, ns: &str, name: &str) {
    c.call(ApiCall::Delete { kind, namespace: ns.into(), name: name.into(), grace_period_seconds: None, propagation: None })
        .unwrap_or_else(|e| panic!("delete: {e}"));
}

/// A cluster with default settings and the given seed.
pub fn cluster(seed: u64) -> Cluster {
    Cluster::new(Settings { seed, ..Settings::default() }).expect("cluster")
}

/// What container `container` of `ns/pod` sees: path → (octal mode, content), without the
/// service-account files.
pub fn files(c: &Cluster, ns: &str, pod: &str, container: &str) -> BTreeMap<String, (String, String)> {
    files_with_gid(c, ns, pod, container).into_iter().map(|(p, (m, d, _))| (p, (m, d))).collect()
}

/// Like [`files`], with the owning group.
pub fn files_with_gid(c: &Cluster, ns: &str, pod: &str, container: &str) -> BTreeMap<String, (String, String, u32)> {
    all_files(c, ns, pod, container).into_iter().filter(|(p, _)| !p.starts_with(SA_DIR)).collect()
}

/// Every file the container sees, service-account files included.
pub fn all_files(c: &Cluster, ns: &str, pod: &str, container: &str) -> BTreeMap<String, (String, String, u32)> {
    let Some((node, w)) = c.worker(ns, pod) else { return BTreeMap::new() };
    let Some(ct) = w.containers.iter().find(|x| x.name == container) else { return BTreeMap::new() };
    container_files(node, w, ct)
        .into_iter()
        .map(|(p, (m, d, g))| (p, (format!("{m:04o}"), String::from_utf8_lossy(&d).into_owned(), g)))
        .collect()
}

/// Expected files as a map.
pub fn expect(entries: &[(&str, &str, &str)]) -> BTreeMap<String, (String, String)> {
    entries.iter().map(|(p, m, d)| (p.to_string(), (m.to_string(), d.to_string()))).collect()
}

/// The container's environment as `NAME=value` lines, in the order the kubelet built it.
pub fn env(c: &Cluster, ns: &str, pod: &str, container: &str) -> Vec<String> {
    let (_, w) = c.worker(ns, pod).expect("worker");
    let ct = w.containers.iter().find(|x| x.name == container).expect("container");
    ct.env.iter().map(|e| format!("{}={}", e.name, e.value)).collect()
}

/// The container's state on the node.
pub fn state(c: &Cluster, ns: &str, pod: &str, container: &str) -> RunState {
    let (_, w) = c.worker(ns, pod).expect("worker");
    w.containers.iter().find(|x| x.name == container).expect("container").state.clone()
}

/// `status.phase` in the API.
pub fn phase(c: &Cluster, ns: &str, pod: &str) -> String {
    c.store().pod(ns, pod).and_then(|p| p.status.as_ref()).and_then(|s| s.phase.clone()).unwrap_or_default()
}

/// The waiting reason and message of a container in the API status.
pub fn waiting(c: &Cluster, ns: &str, pod: &str, container: &str) -> Option<(String, Option<String>)> {
    let st = c.store().pod(ns, pod)?.status.as_ref()?;
    let cs = st.container_statuses.as_ref()?.iter().find(|s| s.name == container)?;
    let w = cs.state.as_ref()?.waiting.as_ref()?;
    Some((w.reason.clone().unwrap_or_default(), w.message.clone()))
}

/// Events about one pod as `(time_ms, type, reason, message)`.
pub fn events_of(c: &Cluster, ns: &str, pod: &str) -> Vec<(u64, &'static str, &'static str, String)> {
    c.events()
        .iter()
        .filter(|e| e.object.namespace == ns && e.object.name == pod)
        .map(|e| (e.time_ms, e.type_.as_str(), e.reason, e.message.clone()))
        .collect()
}

/// Reasons of the events about one pod, in order.
pub fn reasons(c: &Cluster, ns: &str, pod: &str) -> Vec<&'static str> {
    events_of(c, ns, pod).into_iter().map(|e| e.2).collect()
}

/// Messages of events with one reason.
pub fn messages(c: &Cluster, ns: &str, pod: &str, reason: &str) -> Vec<String> {
    events_of(c, ns, pod).into_iter().filter(|e| e.2 == reason).map(|e| e.3).collect()
}

/// A printable log line per event (for determinism checks).
pub fn log_line(e: &Event) -> String {
    format!(
        "{} {} {} {} {}/{} {:?} {}",
        e.time_ms,
        e.type_.as_str(),
        e.reason,
        e.source,
        e.object.namespace,
        e.object.name,
        e.field_path,
        e.message
    )
}

/// Steps one task at a time until `pred` holds (or the clock passes `limit_ms`); returns the
/// virtual time of the step that made it hold.
pub fn step_until(c: &mut Cluster, limit_ms: u64, mut pred: impl FnMut(&Cluster) -> bool) -> Option<u64> {
    if pred(c) {
        return Some(c.now_ms());
    }
    while let Some(r) = c.step() {
        if pred(c) {
            return Some(r.time_ms);
        }
        if r.time_ms > limit_ms {
            return None;
        }
    }
    None
}
