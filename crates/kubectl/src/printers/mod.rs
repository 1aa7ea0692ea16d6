//! kubectl's printers: tables, ages, the pod STATUS column, `-o yaml|json|name`.
//!
//! Mirrors `pkg/printers/internalversion/printers.go` (printPod, printSecret, ...),
//! `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go` (HumanDuration) and
//! `staging/src/k8s.io/cli-runtime/pkg/printers/{json,yaml,tabwriter}.go`.

use kubeplay_api::k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::Value;

mod columns;
mod workload;
mod yaml;

pub use columns::Columns;
pub use workload::{selector_string, workload_wide_cells};

/// `duration.HumanDuration` for a duration in ms.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".to_owned();
    }
    if seconds < 0 {
        return "0s".to_owned();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = hours / 24;
        let d = days % 365;
        return if d == 0 { format!("{}y", days / 365) } else { format!("{}y{d}d", days / 365) };
    }
    format!("{}y", hours / 24 / 365)
}

/// `translateTimestampSince`: the AGE of a timestamp at virtual time `now_ms`.
pub fn age(t: Option<&Time>, now_ms: u64) -> String {
    let Some(t) = t else { return "<unknown>".to_owned() };
    let now = kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64;
    human_duration(now - t.0.as_millisecond())
}

/// The READY, STATUS and RESTARTS columns of `kubectl get pods` as `printPod` computes them in
/// one pass (pkg/printers/internalversion/printers.go, v1.33): init containers first (sidecars
/// that started count as ready), then the app containers from last to first; RESTARTS adds
/// `(AGE ago)` of the newest `lastState.terminated.finishedAt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodColumns {
    /// READY: `ready/total`.
    pub ready: String,
    /// STATUS.
    pub status: String,
    /// RESTARTS, e.g. `3 (25s ago)`.
    pub restarts: String,
}

/// `printPod`'s READY, STATUS and RESTARTS at virtual time `now_ms`.
pub fn pod_columns(pod: &Pod, now_ms: u64) -> PodColumns {
    let status = pod.status.as_ref();
    let spec = pod.spec.as_ref();
    let init_specs = spec.and_then(|s| s.init_containers.as_deref()).unwrap_or_default();
    let sidecar = |name: &str| init_specs.iter().any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"));
    let total = spec.map_or(0, |s| s.containers.len()) + init_specs.iter().filter(|c| sidecar(&c.name)).count();
    let mut reason = status.and_then(|s| s.phase.clone()).unwrap_or_default();
    if let Some(r) = status.and_then(|s| s.reason.clone()).filter(|r| !r.is_empty()) {
        reason = r;
    }
    let finished = |c: &ContainerStatus| {
        c.last_state
            .as_ref()
            .and_then(|l| l.terminated.as_ref())
            .and_then(|t| t.finished_at.as_ref())
            .map(|t| t.0.as_millisecond())
    };
    let (mut restarts, mut sidecar_restarts, mut ready) = (0i32, 0i32, 0usize);
    let (mut last_restart, mut last_sidecar_restart): (Option<i64>, Option<i64>) = (None, None);
    let mut initializing = false;
    let inits = init_specs.len();
    for (i, c) in status.and_then(|s| s.init_container_statuses.as_ref()).into_iter().flatten().enumerate() {
        restarts += c.restart_count;
        last_restart = last_restart.max(finished(c));
        let is_sidecar = sidecar(&c.name);
        if is_sidecar {
            sidecar_restarts += c.restart_count;
            last_sidecar_restart = last_sidecar_restart.max(finished(c));
        }
        let state = c.state.as_ref();
        let term = state.and_then(|s| s.terminated.as_ref());
        if term.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if is_sidecar && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = term {
            reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None if t.signal.unwrap_or(0) != 0 => format!("Init:Signal:{}", t.signal.unwrap_or(0)),
                None => format!("Init:ExitCode:{}", t.exit_code),
            };
        } else if let Some(w) = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{w}");
        } else {
            reason = format!("Init:{i}/{inits}");
        }
        initializing = true;
        break;
    }
    let initialized = status
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Initialized" && c.status == "True"));
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in status.and_then(|s| s.container_statuses.as_ref()).into_iter().flatten().rev() {
            restarts += c.restart_count;
            last_restart = last_restart.max(finished(c));
            let state = c.state.as_ref();
            if let Some(r) = state.and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.as_deref()).filter(|r| !r.is_empty()) {
                reason = r.to_owned();
            } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_owned(),
                    None if t.signal.unwrap_or(0) != 0 => format!("Signal:{}", t.signal.unwrap_or(0)),
                    None => format!("ExitCode:{}", t.exit_code),
                };
            } else if c.ready && state.and_then(|s| s.running.as_ref()).is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let ready_cond = status
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
            reason = if ready_cond { "Running" } else { "NotReady" }.to_owned();
        }
    }
    if pod.metadata.deletion_timestamp.is_some() && !matches!(reason.as_str(), "Succeeded" | "Failed") {
        reason = "Terminating".to_owned();
    }
    let restarts = match last_restart {
        Some(t) if restarts != 0 => {
            let now = kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64;
            format!("{restarts} ({} ago)", human_duration(now - t))
        }
        _ => restarts.to_string(),
    };
    PodColumns { ready: format!("{ready}/{total}"), status: reason, restarts }
}

/// The STATUS column of `kubectl get pods` (printPod).
pub fn pod_status(pod: &Pod) -> String {
    pod_columns(pod, 0).status
}

/// The READY column: ready containers (and started sidecars) / containers and sidecars.
pub fn pod_ready(pod: &Pod) -> String {
    pod_columns(pod, 0).ready
}

/// A table as kubectl's tabwriter prints it (padding 3, left-aligned, no trailing spaces).
pub fn table(rows: &[Vec<String>]) -> String {
    table_remembering(rows, &mut Vec::new())
}

/// A table flushed through kubectl's tabwriter, which remembers the widest cell of each column
/// across flushes (`printers.GetNewTabWriter`: minwidth 6, padding 3, `tabwriter.RememberWidths`
/// of github.com/liggitt/tabwriter): how `kubectl get -w` keeps its rows aligned with the table
/// printed first, widening a column only when a wider cell comes. `widths` holds the cell
/// widths remembered so far and is updated.
pub fn table_remembering(rows: &[Vec<String>], widths: &mut Vec<usize>) -> String {
    const MIN_WIDTH: usize = 6;
    const PADDING: usize = 3;
    let cols = rows.iter().map(|r| r.len().saturating_sub(1)).max().unwrap_or(0);
    for i in 0..cols {
        let widest = rows.iter().filter(|r| i + 1 < r.len()).map(|r| r[i].chars().count() + PADDING).max().unwrap_or(0);
        let w = widest.max(MIN_WIDTH);
        match widths.get_mut(i) {
            Some(remembered) => *remembered = (*remembered).max(w),
            None => widths.push(w),
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(c.chars().count());
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Go's `json.MarshalIndent(v, "", "    ")` plus a newline: keys sorted, 4-space indent, `<>&` escaped.
///
/// This is how kubectl prints an unstructured object (`kubectl get -o json`: a Go map, keys sorted).
pub fn to_json(v: &Value) -> String {
    to_json_ordered(v, &|_| None)
}

/// The order of the fields of the Go structs kubectl prints for a typed object it built itself
/// (`kubectl create secret ... --dry-run=client -o json`): `json.MarshalIndent` walks struct fields
/// in declaration order (k8s.io/api/core/v1/types.go: `Secret{TypeMeta, ObjectMeta, Immutable, Data,
/// StringData, Type}`; apimachinery meta/v1/types.go: `TypeMeta{Kind, APIVersion}`, `ObjectMeta{Name,
/// GenerateName, Namespace, SelfLink, UID, ResourceVersion, Generation, CreationTimestamp, ...}`).
/// Maps (data, labels, ...) stay sorted, as Go sorts map keys.
pub fn to_json_typed(v: &Value) -> String {
    const TOP: &[&str] = &[
        "kind",
        "apiVersion",
        "metadata",
        "immutable",
        "data",
        "stringData",
        "type",
        "secrets",
        "imagePullSecrets",
        "automountServiceAccountToken",
        "spec",
        "status",
    ];
    const META: &[&str] = &[
        "name",
        "generateName",
        "namespace",
        "selfLink",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "labels",
        "annotations",
        "ownerReferences",
        "finalizers",
        "managedFields",
    ];
    to_json_ordered(v, &|path: &[&str]| match path {
        [] => Some(TOP),
        ["metadata"] => Some(META),
        _ => None,
    })
}

type FieldOrder<'a> = dyn Fn(&[&str]) -> Option<&'static [&'static str]> + 'a;

fn to_json_ordered(v: &Value, order: &FieldOrder<'_>) -> String {
    let mut s = String::new();
    json_value(v, 0, &mut Vec::new(), order, &mut s);
    s.push('\n');
    s
}

fn json_string(s: &str, out: &mut String) {
    let q = serde_json::to_string(s).unwrap_or_default();
    // Go's encoding/json escapes HTML characters and the JS line separators.
    for c in q.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

fn json_value<'a>(v: &'a Value, indent: usize, path: &mut Vec<&'a str>, order: &FieldOrder<'_>, out: &mut String) {
    const IND: &str = "    ";
    match v {
        Value::Object(m) if !m.is_empty() => {
            let mut keys: Vec<&String> = m.keys().collect();
            if let Some(o) = order(path) {
                keys.sort_by_key(|k| (o.iter().position(|f| f == k).unwrap_or(o.len()), k.as_str()));
            }
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&IND.repeat(indent + 1));
                json_string(k, out);
                out.push_str(": ");
                path.push(k.as_str());
                if let Some(val) = m.get(k.as_str()) {
                    json_value(val, indent + 1, path, order, out);
                }
                path.pop();
            }
            out.push('\n');
            out.push_str(&IND.repeat(indent));
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&IND.repeat(indent + 1));
                path.push("[]");
                json_value(item, indent + 1, path, order, out);
                path.pop();
            }
            out.push('\n');
            out.push_str(&IND.repeat(indent));
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => json_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

/// Go's `json.Marshal` (compact, HTML characters escaped), as the jsonpath printer and the
/// docker config of `create secret docker-registry` use it.
pub fn to_json_compact(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::String(s) => json_string(s, &mut out),
        Value::Object(m) => {
            out.push('{');
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, &mut out);
                out.push(':');
                out.push_str(&to_json_compact(val));
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, val) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&to_json_compact(val));
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
    out
}

pub use yaml::to_yaml;

/// Parses a Go duration as kubectl flags take it (`90s`, `2m`, `1h30m`, `500ms`); ms.
pub use kubeplay_shell::parse_go_duration as parse_duration;

/// A virtual time as the event log shows it: `+1m2.345s` since the cluster started.
pub fn event_time(ms: u64) -> String {
    format!("+{}", kubeplay_cluster::events::go_duration(ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(5_000), "5s");
        assert_eq!(human_duration(119_000), "119s");
        assert_eq!(human_duration(125_000), "2m5s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(3 * 3_600_000 + 60_000), "3h1m");
        assert_eq!(human_duration(-5_000), "<invalid>");
    }

    #[test]
    fn tables_pad_by_three() {
        let t = table(&[
            vec!["NAME".into(), "TYPE".into(), "DATA".into(), "AGE".into()],
            vec!["my-secret".into(), "Opaque".into(), "1".into(), "5s".into()],
        ]);
        assert_eq!(t, "NAME        TYPE     DATA   AGE\nmy-secret   Opaque   1      5s\n");
    }

    #[test]
    fn yaml_like_kubectl() {
        let v = json!({"apiVersion": "v1", "data": {"a": "YQ=="}, "kind": "Secret", "metadata": {"creationTimestamp": "2026-01-01T00:00:00Z", "name": "x", "resourceVersion": "5"}, "list": [{"a": 1, "b": "0400"}, "x"]});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\ndata:\n  a: YQ==\nkind: Secret\nlist:\n- a: 1\n  b: \"0400\"\n- x\nmetadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  name: x\n  resourceVersion: \"5\"\n"
        );
    }
}
