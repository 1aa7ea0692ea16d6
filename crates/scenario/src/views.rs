//! What the web app shows, as plain data computed from the cluster: resource lists,
//! the secret, pod, container, node tmpfs and etcd views, and the timeline.

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_cluster::kubelet::{EnvSource, RunState};
use kubeplay_cluster::tmpfs::{mode_string, Inode};
use kubeplay_cluster::{container_view, Cluster};
use kubeplay_kubectl::printers::{age, pod_ready, pod_status};
use serde::Serialize;

/// A row of the pods list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodRow {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// READY column.
    pub ready: String,
    /// STATUS column.
    pub status: String,
    /// Node or `<none>`.
    pub node: String,
    /// AGE column.
    pub age: String,
}

/// A row of the secrets list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretRow {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Type.
    pub type_: String,
    /// Number of keys.
    pub data: usize,
    /// AGE.
    pub age: String,
}

/// All pods, as `kubectl get pods -A` shows them.
pub fn pod_rows(c: &Cluster) -> Vec<PodRow> {
    c.store()
        .pods()
        .map(|p: &Pod| PodRow {
            namespace: p.metadata.namespace.clone().unwrap_or_default(),
            name: p.metadata.name.clone().unwrap_or_default(),
            ready: pod_ready(p),
            status: pod_status(p),
            node: p.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "<none>".to_owned()),
            age: age(p.metadata.creation_timestamp.as_ref(), c.now_ms()),
        })
        .collect()
}

/// All secrets, as `kubectl get secrets -A` shows them.
pub fn secret_rows(c: &Cluster) -> Vec<SecretRow> {
    c.store()
        .secrets()
        .map(|s| SecretRow {
            namespace: s.metadata.namespace.clone().unwrap_or_default(),
            name: s.metadata.name.clone().unwrap_or_default(),
            type_: s.type_.clone().unwrap_or_else(|| "Opaque".to_owned()),
            data: s.data.as_ref().map_or(0, |d| d.len()),
            age: age(s.metadata.creation_timestamp.as_ref(), c.now_ms()),
        })
        .collect()
}

/// One key of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretKey {
    /// Key.
    pub key: String,
    /// Size in bytes.
    pub bytes: usize,
    /// The value as stored in `data` (base64).
    pub base64: String,
    /// The decoded value (invalid UTF-8 replaced).
    pub decoded: String,
}

/// A secret in detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Type.
    pub type_: String,
    /// `immutable: true`.
    pub immutable: bool,
    /// Keys in order.
    pub keys: Vec<SecretKey>,
    /// The pods that reference it (same namespace).
    pub used_by: Vec<String>,
}

/// The secret view.
pub fn secret_view(c: &Cluster, ns: &str, name: &str) -> Option<SecretView> {
    use base64::Engine as _;
    let s = c.store().secret(ns, name)?;
    let keys = s
        .data
        .iter()
        .flatten()
        .map(|(k, v)| SecretKey {
            key: k.clone(),
            bytes: v.0.len(),
            base64: base64::engine::general_purpose::STANDARD.encode(&v.0),
            decoded: String::from_utf8_lossy(&v.0).into_owned(),
        })
        .collect();
    let used_by = c
        .store()
        .pods()
        .filter(|p| p.metadata.namespace.as_deref() == Some(ns) && references(p, name))
        .filter_map(|p| p.metadata.name.clone())
        .collect();
    Some(SecretView {
        namespace: ns.to_owned(),
        name: name.to_owned(),
        type_: s.type_.clone().unwrap_or_else(|| "Opaque".to_owned()),
        immutable: s.immutable == Some(true),
        keys,
        used_by,
    })
}

fn references(p: &Pod, secret: &str) -> bool {
    let Some(spec) = &p.spec else { return false };
    let in_volumes = spec.volumes.iter().flatten().any(|v| {
        v.secret.as_ref().and_then(|s| s.secret_name.as_deref()) == Some(secret)
            || v.projected
                .iter()
                .flat_map(|pr| pr.sources.iter().flatten())
                .any(|s| s.secret.as_ref().is_some_and(|x| x.name == secret))
    });
    let in_env = spec.containers.iter().any(|c| {
        c.env
            .iter()
            .flatten()
            .any(|e| e.value_from.as_ref().and_then(|v| v.secret_key_ref.as_ref()).is_some_and(|r| r.name == secret))
            || c.env_from.iter().flatten().any(|e| e.secret_ref.as_ref().is_some_and(|r| r.name == secret))
    });
    in_volumes || in_env || spec.image_pull_secrets.iter().flatten().any(|s| s.name == secret)
}

/// A file as a container sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Absolute path in the container.
    pub path: String,
    /// `-rw-r--r--`.
    pub mode: String,
    /// `0644`.
    pub octal: String,
    /// 420.
    pub decimal: u32,
    /// Group id (fsGroup when set).
    pub gid: u32,
    /// Content.
    pub content: String,
    /// A subPath-mounted key its secret or ConfigMap no longer holds: subPath files never update.
    pub stale: Option<Stale>,
}

/// A value a container got at start that its secret or ConfigMap no longer holds (env vars and
/// subPath mounts are set once, at container start: `pkg/kubelet/kubelet_pods.go`
/// makeEnvironmentVariables, and a subPath bind mount of one file the atomic writer never swaps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Stale {
    /// The source holds this value now.
    Now(String),
    /// The key or the whole object is gone.
    Gone,
}

impl Stale {
    /// Compares what the container got with what its source holds now (`None`: not from a
    /// secret or ConfigMap key; `Some(None)`: the key or object is gone).
    fn of(got: &str, now: Option<Option<String>>) -> Option<Stale> {
        match now? {
            Some(v) if v == got => None,
            Some(v) => Some(Stale::Now(v)),
            None => Some(Stale::Gone),
        }
    }
}

/// What key `key` of secret (or ConfigMap) `name` in `ns` holds now, if it exists.
fn key_now(c: &Cluster, ns: &str, secret: bool, name: &str, key: &str) -> Option<String> {
    if secret {
        c.store().secret(ns, name).and_then(|s| s.data.as_ref()?.get(key)).map(|v| String::from_utf8_lossy(&v.0).into_owned())
    } else {
        c.store().config_map(ns, name).and_then(|m| m.data.as_ref()?.get(key).cloned())
    }
}

/// What the source of env var `var` holds now (`None`: not from a secret or ConfigMap).
fn env_now(c: &Cluster, ns: &str, var: &str, src: Option<&EnvSource>) -> Option<Option<String>> {
    let (secret, name, key) = match src? {
        EnvSource::SecretKeyRef { name, key } => (true, name, key.as_str()),
        EnvSource::ConfigMapKeyRef { name, key } => (false, name, key.as_str()),
        EnvSource::SecretRef { name, prefix } => (true, name, var.strip_prefix(prefix.as_str())?),
        EnvSource::ConfigMapRef { name, prefix } => (false, name, var.strip_prefix(prefix.as_str())?),
        _ => return None,
    };
    Some(key_now(c, ns, secret, name, key))
}

/// What the key behind a subPath mount of a secret or ConfigMap volume holds now (`None`: the
/// mount is not one key of such a volume).
fn sub_path_now(c: &Cluster, ns: &str, pod: &str, volume: &str, sub_path: &str) -> Option<Option<String>> {
    let spec = c.store().pod(ns, pod)?.spec.as_ref()?;
    let v = spec.volumes.as_ref()?.iter().find(|v| v.name == volume)?;
    let (secret, name, items) = match (&v.secret, &v.config_map) {
        (Some(s), _) => (true, s.secret_name.as_deref()?, s.items.as_ref()),
        (None, Some(m)) => (false, m.name.as_str(), m.items.as_ref()),
        (None, None) => return None,
    };
    let key = match items {
        Some(items) => items.iter().find(|i| i.path == sub_path)?.key.as_str(),
        None => sub_path,
    };
    Some(key_now(c, ns, secret, name, key))
}

/// An environment variable and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvRow {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
    /// Where it came from, e.g. `secret mysecret, key username`.
    pub source: String,
    /// Set at container start from a key that holds something else now (or is gone).
    pub stale: Option<Stale>,
}

/// A container from the inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContainerView {
    /// Name.
    pub name: String,
    /// `Running`, `Waiting: CreateContainerConfigError`...
    pub state: String,
    /// The message of a waiting state.
    pub message: Option<String>,
    /// Mounts: (mountPath, volume, read-only, subPath).
    pub mounts: Vec<(String, String, bool, Option<String>)>,
    /// Files (empty until the container has started).
    pub files: Vec<FileEntry>,
    /// Environment (empty until the container has started).
    pub env: Vec<EnvRow>,
    /// Its process: command line as run, state, exit code, restarts, assumption.
    pub process: crate::process_view::ProcessView,
    /// Its logs as `kubectl logs` prints them.
    pub logs: crate::process_view::LogsView,
}

/// The containers of a pod, from the inside (through the one container view every reader uses).
pub fn container_views(c: &Cluster, ns: &str, pod: &str) -> Vec<ContainerView> {
    let Some((_, w)) = c.worker(ns, pod) else { return Vec::new() };
    w.containers
        .iter()
        .filter_map(|rt| container_view(c, ns, pod, Some(&rt.name)).ok())
        .map(|v| {
            let (process, logs) = crate::process_view::process_and_logs(c, &v);
            let (state, message) = match &v.state {
                RunState::Waiting { reason, message } => (format!("Waiting: {reason}"), message.clone()),
                RunState::Running { .. } => ("Running".to_owned(), None),
                RunState::Terminated { reason, .. } => (format!("Terminated: {reason}"), None),
            };
            let files = v
                .files
                .into_iter()
                .map(|(path, (mode, data, gid))| {
                    let content = String::from_utf8_lossy(&data).into_owned();
                    let sub_path =
                        v.mounts.iter().find(|m| m.mount_path == path).and_then(|m| Some((&m.volume, m.sub_path.as_deref()?)));
                    let stale = sub_path.and_then(|(vol, sp)| Stale::of(&content, sub_path_now(c, ns, pod, vol, sp)));
                    FileEntry {
                        path,
                        mode: mode_string('-', mode),
                        octal: format!("{mode:04o}"),
                        decimal: mode,
                        gid,
                        content,
                        stale,
                    }
                })
                .collect();
            // The full environment as `env` in the container prints it; each variable says where it came from.
            let env = v
                .env
                .into_iter()
                .map(|(name, value)| {
                    let from = v.env_sources.iter().find(|e| e.name == name).map(|e| &e.source);
                    let stale = Stale::of(&value, env_now(c, ns, &name, from));
                    let source = match from {
                        Some(EnvSource::Value) => "value".to_owned(),
                        Some(EnvSource::SecretKeyRef { name, key }) => format!("secretKeyRef: secret {name}, key {key}"),
                        Some(EnvSource::ConfigMapKeyRef { name, key }) => format!("configMapKeyRef: {name}, key {key}"),
                        Some(EnvSource::SecretRef { name, prefix }) if prefix.is_empty() => format!("envFrom: secret {name}"),
                        Some(EnvSource::SecretRef { name, prefix }) => format!("envFrom: secret {name} (prefix {prefix})"),
                        Some(EnvSource::ConfigMapRef { name, .. }) => format!("envFrom: configMap {name}"),
                        Some(EnvSource::FieldRef { path }) => format!("fieldRef: {path}"),
                        None if name == "HOSTNAME" => "runtime: the pod name".to_owned(),
                        None if name.starts_with("KUBERNETES_") => "kubelet: service links".to_owned(),
                        None => "image".to_owned(),
                    };
                    EnvRow { name, value, source, stale }
                })
                .collect();
            let mounts = v.mounts.into_iter().map(|m| (m.mount_path, m.volume, m.read_only, m.sub_path)).collect();
            ContainerView { name: v.container, state, message, mounts, files, env, process, logs }
        })
        .collect()
}

/// One entry of the node's kubelet directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeEntry {
    /// Absolute path.
    pub path: String,
    /// Depth below the pods directory.
    pub depth: usize,
    /// `d`, `-` or `l`.
    pub kind: char,
    /// `drwxr-xr-x` / `-rw-r--r--` / `lrwxrwxrwx`.
    pub mode: String,
    /// Size of a file.
    pub bytes: usize,
    /// Symlink target.
    pub target: Option<String>,
}

/// A node's `/var/lib/kubelet/pods` tree and its tmpfs use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeView {
    /// Node name.
    pub name: String,
    /// Pods on it.
    pub pods: usize,
    /// Bytes of volume content held in memory.
    pub tmpfs_bytes: usize,
    /// The entries, sorted by path.
    pub entries: Vec<TreeEntry>,
}

/// The node tmpfs view (at most `limit` entries).
pub fn node_view(c: &Cluster, node: &str, limit: usize) -> Option<NodeView> {
    let n = c.nodes().iter().find(|n| n.name == node)?;
    let root = kubeplay_cluster::kubelet::PODS_DIR;
    let entries = n
        .fs
        .tree(root)
        .into_iter()
        .take(limit)
        .map(|(path, inode)| {
            let depth = path[root.len()..].matches('/').count();
            match inode {
                Inode::Dir { mode } => {
                    TreeEntry { path: path.to_owned(), depth, kind: 'd', mode: mode_string('d', *mode), bytes: 0, target: None }
                }
                Inode::File { data, mode, .. } => TreeEntry {
                    path: path.to_owned(),
                    depth,
                    kind: '-',
                    mode: mode_string('-', *mode),
                    bytes: data.len(),
                    target: None,
                },
                Inode::Symlink { target } => TreeEntry {
                    path: path.to_owned(),
                    depth,
                    kind: 'l',
                    mode: "lrwxrwxrwx".to_owned(),
                    bytes: target.len(),
                    target: Some(target.clone()),
                },
            }
        })
        .collect();
    Some(NodeView { name: n.name.clone(), pods: n.workers.len(), tmpfs_bytes: n.tmpfs_bytes(), entries })
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// The step after which the event is visible.
    pub step: u64,
    /// `+1.234s`.
    pub time: String,
    /// The exact time, as `kubeplay run --output json` prints it (`+1.081s`), when `time` is rounded.
    pub exact: String,
    /// Normal / Warning.
    pub type_: String,
    /// Reason.
    pub reason: String,
    /// `pod/mypod`, as the OBJECT column of `kubectl get events`.
    pub object: String,
    /// Message.
    pub message: String,
    /// Plain-language explanation (English).
    pub explain_en: String,
    /// Plain-language explanation (Korean).
    pub explain_ko: String,
    /// A step inside the kubelet, not a Kubernetes Event.
    pub inside: bool,
}

/// The timeline row of event `i` (rows are built for the visible part of a list only).
pub fn timeline_row(c: &Cluster, i: usize) -> Option<TimelineRow> {
    let e = c.events().get(i)?;
    let x = e.explain();
    Some(TimelineRow {
        step: e.step,
        time: kubeplay_kubectl::printers::event_time(e.time_ms),
        exact: kubeplay_kubectl::printers::event_time(e.time_ms),
        type_: e.type_.as_str().to_owned(),
        reason: e.reason.to_owned(),
        object: format!("{}/{}", e.object.kind.to_ascii_lowercase(), e.object.name),
        message: e.message.clone(),
        explain_en: x.en,
        explain_ko: x.ko,
        inside: false,
    })
}

/// The whole event timeline, oldest first.
pub fn timeline(c: &Cluster) -> Vec<TimelineRow> {
    (0..c.events().len()).filter_map(|i| timeline_row(c, i)).collect()
}

/// The virtual time now, as the clock shows it (`+1.234s`).
pub fn clock(c: &Cluster) -> String {
    kubeplay_kubectl::printers::event_time(c.now_ms())
}

/// `kubectl describe pod` of a pod, if it exists.
pub fn describe_pod(c: &Cluster, ns: &str, name: &str) -> Option<String> {
    c.store().pod(ns, name).map(|p| kubeplay_kubectl::describe::pod(p, c))
}

/// The directory the node view lists (the kubelet's pods directory).
pub const PODS_DIR: &str = kubeplay_cluster::kubelet::PODS_DIR;
