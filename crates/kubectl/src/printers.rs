//! kubectl's printers: tables, ages, the pod STATUS column, `-o yaml|json|name`.
//!
//! Mirrors `pkg/printers/internalversion/printers.go` (printPod, printSecret, ...),
//! `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go` (HumanDuration) and
//! `staging/src/k8s.io/cli-runtime/pkg/printers/{json,yaml,tabwriter}.go`.

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::Value;

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

/// The STATUS column of `kubectl get pods` (printPod).
pub fn pod_status(pod: &Pod) -> String {
    let status = pod.status.as_ref();
    let mut reason = status.and_then(|s| s.phase.clone()).unwrap_or_default();
    if let Some(r) = status.and_then(|s| s.reason.clone()).filter(|r| !r.is_empty()) {
        reason = r;
    }
    let mut initializing = false;
    let inits = pod.spec.as_ref().and_then(|s| s.init_containers.as_ref()).map_or(0, Vec::len);
    for (i, c) in status.and_then(|s| s.init_container_statuses.as_ref()).into_iter().flatten().enumerate() {
        let state = c.state.as_ref();
        if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            if t.exit_code == 0 {
                continue;
            }
            reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None => format!("Init:ExitCode:{}", t.exit_code),
            };
        } else if let Some(w) = state.and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.as_deref()).filter(|r| !r.is_empty() && *r != "PodInitializing") {
            reason = format!("Init:{w}");
        } else {
            reason = format!("Init:{i}/{inits}");
        }
        initializing = true;
        break;
    }
    if !initializing {
        let mut has_running = false;
        for c in status.and_then(|s| s.container_statuses.as_ref()).into_iter().flatten().rev() {
            let state = c.state.as_ref();
            if let Some(r) = state.and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.as_deref()).filter(|r| !r.is_empty()) {
                reason = r.to_owned();
            } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_owned(),
                    None => format!("ExitCode:{}", t.exit_code),
                };
            } else if c.ready && state.and_then(|s| s.running.as_ref()).is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            let ready = status
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
            reason = if ready { "Running" } else { "NotReady" }.to_owned();
        }
    }
    if pod.metadata.deletion_timestamp.is_some() && !matches!(reason.as_str(), "Succeeded" | "Failed") {
        reason = "Terminating".to_owned();
    }
    reason
}

/// The READY column: ready containers / containers.
pub fn pod_ready(pod: &Pod) -> String {
    let total = pod.spec.as_ref().map_or(0, |s| s.containers.len());
    let ready = pod.status.as_ref().and_then(|s| s.container_statuses.as_ref()).map_or(0, |cs| cs.iter().filter(|c| c.ready).count());
    format!("{ready}/{total}")
}

/// A table as kubectl's tabwriter prints it (padding 3, left-aligned, no trailing spaces).
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                let pad = widths[i] - c.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Go's `json.MarshalIndent(v, "", "    ")` plus a newline: keys sorted, 4-space indent, `<>&` escaped.
pub fn to_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    let _ = serde::Serialize::serialize(v, &mut ser);
    let s = String::from_utf8_lossy(&buf).replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
    s + "\n"
}

/// `sigs.k8s.io/yaml.Marshal`: JSON → YAML (go-yaml v2 style), keys sorted, lists not indented.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_value(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_value(v: &Value, indent: usize, out: &mut String, in_seq: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            let mut first = true;
            for (k, val) in m {
                if !(first && in_seq) {
                    out.push_str(&pad);
                }
                first = false;
                out.push_str(&yaml_scalar_str(k));
                out.push(':');
                match val {
                    Value::Object(vm) if !vm.is_empty() => {
                        out.push('\n');
                        yaml_value(val, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        yaml_value(val, indent, out, false);
                    }
                    _ => {
                        out.push(' ');
                        yaml_inline(val, indent + 2, out);
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for item in a {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => yaml_value(item, indent + 2, out, true),
                    Value::Array(x) if !x.is_empty() => {
                        out.push('\n');
                        yaml_value(item, indent + 2, out, false);
                    }
                    _ => {
                        yaml_inline(item, indent + 2, out);
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            yaml_inline(other, indent, out);
            out.push('\n');
        }
    }
}

fn yaml_inline(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            if s.contains('\n') && !s.chars().any(|c| c.is_control() && c != '\n') && !s.starts_with(' ') {
                // go-yaml v2 literal block: |- without a final newline, | with one.
                let (body, chomp) = match s.strip_suffix('\n') {
                    Some(b) if !b.ends_with('\n') => (b, "|"),
                    Some(_) => (s.as_str(), "|+"),
                    None => (s.as_str(), "|-"),
                };
                out.push_str(chomp);
                let pad = " ".repeat(indent);
                for line in body.split('\n') {
                    out.push('\n');
                    if !line.is_empty() {
                        out.push_str(&pad);
                        out.push_str(line);
                    }
                }
            } else {
                out.push_str(&yaml_scalar_str(s));
            }
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// A string scalar, quoted when go-yaml would read it as something else.
fn yaml_scalar_str(s: &str) -> String {
    let reserved = matches!(
        s,
        "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "y" | "Y" | "yes"
            | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF"
    );
    let numeric = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o") || s.starts_with('.');
    let special = s.starts_with([' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'])
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control());
    let timestamp = s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' && s[..4].bytes().all(|b| b.is_ascii_digit());
    if reserved || numeric || special || timestamp {
        if s.chars().any(|c| c.is_control()) || s.contains('\'') && !s.contains('"') {
            return serde_json::to_string(s).unwrap_or_default();
        }
        if timestamp || reserved || numeric {
            return format!("\"{s}\"");
        }
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_owned()
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
        let t = table(&[vec!["NAME".into(), "TYPE".into(), "DATA".into(), "AGE".into()], vec!["my-secret".into(), "Opaque".into(), "1".into(), "5s".into()]]);
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

/// Parses a Go duration as kubectl flags take it (`90s`, `2m`, `1h30m`, `500ms`); ms.
pub fn parse_duration(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        let ms = number * factor;
        if !(0.0..=1e15).contains(&ms) {
            return None;
        }
        total = total.checked_add(ms as u64)?;
    }
    Some(total)
}

/// A virtual time as the event log shows it: `+1m2.345s` since the cluster started.
pub fn event_time(ms: u64) -> String {
    format!("+{}", kubeplay_cluster::events::go_duration(ms))
}
