//! `kubectl describe secret|pod` and the event tables.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (describeSecret,
//! describePod, describeContainers, describeVolumes, DescribeEvents): tabwriter with
//! padding 2, two spaces of indent per level.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::core::v1::{Pod, Secret};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kubeplay_cluster::{Cluster, Event};

use crate::printers::{age, human_duration};
use crate::tabwriter;

fn map_lines(label: &str, m: Option<&BTreeMap<String, String>>, skip: &[&str], out: &mut String) {
    let entries: Vec<(&String, &String)> = m.into_iter().flatten().filter(|(k, _)| !skip.contains(&k.as_str())).collect();
    if entries.is_empty() {
        out.push_str(&format!("{label}:\t<none>\n"));
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        let head = if i == 0 { format!("{label}:") } else { String::new() };
        out.push_str(&format!("{head}\t{k}={v}\n"));
    }
}

/// `kubectl describe secret`: sizes, never values (except a service account token).
pub fn secret(s: &Secret) -> String {
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", s.metadata.name.as_deref().unwrap_or("")));
    out.push_str(&format!("Namespace:\t{}\n", s.metadata.namespace.as_deref().unwrap_or("")));
    map_lines("Labels", s.metadata.labels.as_ref(), &[], &mut out);
    map_lines("Annotations", s.metadata.annotations.as_ref(), &[crate::apply::LAST_APPLIED], &mut out);
    let type_ = s.type_.as_deref().unwrap_or("Opaque");
    out.push_str(&format!("\nType:\t{type_}\n"));
    out.push_str("\nData\n====\n");
    for (k, v) in s.data.iter().flatten() {
        if type_ == "kubernetes.io/service-account-token" && k == "token" {
            out.push_str(&format!("{k}:\t{}\n", String::from_utf8_lossy(&v.0)));
        } else {
            out.push_str(&format!("{k}:\t{} bytes\n", v.0.len()));
        }
    }
    tabwriter::format(&out, 0, 2)
}

/// RFC 1123 with numeric zone, as describe prints times: `Thu, 01 Jan 2026 00:00:00 +0000`.
fn rfc1123z(t: Option<&Time>) -> String {
    t.map(|t| t.0.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()).unwrap_or_else(|| "<unset>".to_owned())
}

/// `kubectl describe pod`.
pub fn pod(p: &Pod, cluster: &Cluster) -> String {
    let now = cluster.now_ms();
    let spec = p.spec.clone().unwrap_or_default();
    let status = p.status.clone().unwrap_or_default();
    let ns = p.metadata.namespace.as_deref().unwrap_or("");
    let name = p.metadata.name.as_deref().unwrap_or("");
    let mut o = String::new();
    o.push_str(&format!("Name:\t{name}\n"));
    o.push_str(&format!("Namespace:\t{ns}\n"));
    o.push_str(&format!("Priority:\t{}\n", spec.priority.unwrap_or(0)));
    o.push_str(&format!("Service Account:\t{}\n", spec.service_account_name.as_deref().unwrap_or("default")));
    match &spec.node_name {
        Some(n) => o.push_str(&format!("Node:\t{n}/{}\n", status.host_ip.as_deref().unwrap_or(""))),
        None => o.push_str("Node:\t<none>\n"),
    }
    if status.start_time.is_some() {
        o.push_str(&format!("Start Time:\t{}\n", rfc1123z(status.start_time.as_ref())));
    }
    map_lines("Labels", p.metadata.labels.as_ref(), &[], &mut o);
    map_lines("Annotations", p.metadata.annotations.as_ref(), &[crate::apply::LAST_APPLIED], &mut o);
    if p.metadata.deletion_timestamp.is_some() {
        o.push_str(&format!("Status:\tTerminating (lasts {})\n", human_duration(30_000)));
        o.push_str(&format!("Termination Grace Period:\t{}s\n", spec.termination_grace_period_seconds.unwrap_or(30)));
    } else {
        o.push_str(&format!("Status:\t{}\n", status.phase.as_deref().unwrap_or("Pending")));
    }
    o.push_str(&format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")));
    match status.pod_ips.as_ref().filter(|v| !v.is_empty()) {
        Some(ips) => {
            o.push_str("IPs:\n");
            for ip in ips {
                o.push_str(&format!("  IP:\t{}\n", ip.ip));
            }
        }
        None => o.push_str("IPs:\t<none>\n"),
    }
    o.push_str("Containers:\n");
    for c in &spec.containers {
        let cs = status.container_statuses.iter().flatten().find(|s| s.name == c.name);
        o.push_str(&format!("  {}:\n", c.name));
        if let Some(id) = cs.and_then(|s| s.container_id.as_deref()) {
            o.push_str(&format!("    Container ID:\t{id}\n"));
        }
        o.push_str(&format!("    Image:\t{}\n", c.image.as_deref().unwrap_or("")));
        o.push_str(&format!("    Image ID:\t{}\n", cs.map(|s| s.image_id.as_str()).unwrap_or("")));
        o.push_str("    Port:\t<none>\n    Host Port:\t<none>\n");
        let state = cs.and_then(|s| s.state.as_ref());
        if let Some(w) = state.and_then(|s| s.waiting.as_ref()) {
            o.push_str("    State:\tWaiting\n");
            o.push_str(&format!("      Reason:\t{}\n", w.reason.as_deref().unwrap_or("")));
            if let Some(m) = &w.message {
                o.push_str(&format!("      Message:\t{m}\n"));
            }
        } else if let Some(r) = state.and_then(|s| s.running.as_ref()) {
            o.push_str("    State:\tRunning\n");
            o.push_str(&format!("      Started:\t{}\n", rfc1123z(r.started_at.as_ref())));
        } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            o.push_str("    State:\tTerminated\n");
            o.push_str(&format!("      Reason:\t{}\n", t.reason.as_deref().unwrap_or("")));
            o.push_str(&format!("      Exit Code:\t{}\n", t.exit_code));
        } else {
            o.push_str("    State:\tWaiting\n      Reason:\tContainerCreating\n");
        }
        o.push_str(&format!("    Ready:\t{}\n", if cs.is_some_and(|s| s.ready) { "True" } else { "False" }));
        o.push_str(&format!("    Restart Count:\t{}\n", cs.map_or(0, |s| s.restart_count)));
        let env_from = c.env_from.as_deref().unwrap_or_default();
        if !env_from.is_empty() {
            o.push_str("    Environment Variables from:\n");
            for e in env_from {
                let prefix =
                    e.prefix.as_deref().filter(|p| !p.is_empty()).map(|p| format!(" with prefix '{p}'")).unwrap_or_default();
                if let Some(s) = &e.secret_ref {
                    o.push_str(&format!("      {}\tSecret{prefix}\tOptional: {}\n", s.name, s.optional.unwrap_or(false)));
                }
                if let Some(m) = &e.config_map_ref {
                    o.push_str(&format!("      {}\tConfigMap{prefix}\tOptional: {}\n", m.name, m.optional.unwrap_or(false)));
                }
            }
        }
        let env = c.env.as_deref().unwrap_or_default();
        if env.is_empty() {
            o.push_str("    Environment:\t<none>\n");
        } else {
            o.push_str("    Environment:\n");
            for e in env {
                if let Some(v) = e.value.as_deref().filter(|v| !v.is_empty()) {
                    o.push_str(&format!("      {}:\t{v}\n", e.name));
                } else if let Some(r) = e.value_from.as_ref().and_then(|v| v.secret_key_ref.as_ref()) {
                    o.push_str(&format!(
                        "      {}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                        e.name,
                        r.key,
                        r.name,
                        r.optional.unwrap_or(false)
                    ));
                } else if let Some(r) = e.value_from.as_ref().and_then(|v| v.config_map_key_ref.as_ref()) {
                    o.push_str(&format!(
                        "      {}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                        e.name,
                        r.key,
                        r.name,
                        r.optional.unwrap_or(false)
                    ));
                } else if let Some(f) = e.value_from.as_ref().and_then(|v| v.field_ref.as_ref()) {
                    o.push_str(&format!("      {}:\t ({}:{})\n", e.name, f.api_version.as_deref().unwrap_or("v1"), f.field_path));
                } else {
                    o.push_str(&format!("      {}:\t\n", e.name));
                }
            }
        }
        let mounts = c.volume_mounts.as_deref().unwrap_or_default();
        if mounts.is_empty() {
            o.push_str("    Mounts:\t<none>\n");
        } else {
            o.push_str("    Mounts:\n");
            for m in mounts {
                let sub = m.sub_path.as_deref().filter(|s| !s.is_empty()).map(|s| format!(",path=\"{s}\"")).unwrap_or_default();
                let rw = if m.read_only == Some(true) { "ro" } else { "rw" };
                o.push_str(&format!("      {} from {} ({rw}{sub})\n", m.mount_path, m.name));
            }
        }
    }
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        o.push_str("Conditions:\n  Type\tStatus\n");
        for c in conds {
            // describe.go: w.Write(LEVEL_1, "%v \t%v \n", c.Type, c.Status)
            o.push_str(&format!("  {} \t{} \n", c.type_, c.status));
        }
    }
    let volumes = spec.volumes.as_deref().unwrap_or_default();
    if volumes.is_empty() {
        o.push_str("Volumes:\t<none>\n");
    } else {
        o.push_str("Volumes:\n");
        for v in volumes {
            o.push_str(&format!("  {}:\n", v.name));
            if let Some(s) = &v.secret {
                o.push_str("    Type:\tSecret (a volume populated by a Secret)\n");
                o.push_str(&format!("    SecretName:\t{}\n", s.secret_name.as_deref().unwrap_or("")));
                o.push_str(&format!("    Optional:\t{}\n", s.optional.unwrap_or(false)));
            } else if let Some(c) = &v.config_map {
                o.push_str("    Type:\tConfigMap (a volume populated by a ConfigMap)\n");
                o.push_str(&format!("    Name:\t{}\n", c.name));
                o.push_str(&format!("    Optional:\t{}\n", c.optional.unwrap_or(false)));
            } else if let Some(pr) = &v.projected {
                o.push_str("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
                for src in pr.sources.iter().flatten() {
                    if let Some(t) = &src.service_account_token {
                        o.push_str(&format!("    TokenExpirationSeconds:\t{}\n", t.expiration_seconds.unwrap_or(3600)));
                    }
                    if let Some(c) = &src.config_map {
                        o.push_str(&format!("    ConfigMapName:\t{}\n    Optional:\t{}\n", c.name, c.optional.unwrap_or(false)));
                    }
                    if let Some(s) = &src.secret {
                        o.push_str(&format!("    SecretName:\t{}\n    Optional:\t{}\n", s.name, s.optional.unwrap_or(false)));
                    }
                    if src.downward_api.is_some() {
                        o.push_str("    DownwardAPI:\ttrue\n");
                    }
                }
            } else if v.empty_dir.is_some() {
                o.push_str("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n");
            } else if v.downward_api.is_some() {
                o.push_str("    Type:\tDownwardAPI (a volume populated by information about the pod)\n");
            }
        }
    }
    o.push_str(&format!("QoS Class:\t{}\n", status.qos_class.as_deref().unwrap_or("BestEffort")));
    map_lines("Node-Selectors", spec.node_selector.as_ref(), &[], &mut o);
    // describe.go printTolerationsMultilineWithIndent: key[=value]:effect op=Exists [for Ns]
    let tolerations = spec.tolerations.as_deref().unwrap_or_default();
    if tolerations.is_empty() {
        o.push_str("Tolerations:\t<none>\n");
    }
    for (i, t) in tolerations.iter().enumerate() {
        let mut line = t.key.clone().unwrap_or_default();
        if let Some(v) = t.value.as_deref().filter(|v| !v.is_empty()) {
            line.push_str(&format!("={v}"));
        }
        if let Some(e) = t.effect.as_deref().filter(|e| !e.is_empty()) {
            line.push_str(&format!(":{e}"));
        }
        if t.operator.as_deref() == Some("Exists") && t.value.as_deref().unwrap_or("").is_empty() {
            line.push_str(if line.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(secs) = t.toleration_seconds {
            line.push_str(&format!(" for {secs}s"));
        }
        let head = if i == 0 { "Tolerations:" } else { "" };
        o.push_str(&format!("{head}\t{line}\n"));
    }
    o.push_str(&events_block(cluster.events().iter().filter(|e| e.object.namespace == ns && e.object.name == name), now));
    tabwriter::format(&o, 0, 2)
}

/// Occurrences folded as the event recorder does: same type, reason, source and message.
pub struct Folded<'a> {
    /// The latest occurrence.
    pub last: &'a Event,
    /// The first one's time.
    pub first_ms: u64,
    /// How many.
    pub count: usize,
}

/// Folds repeated events (`(x5 over 2m)` in describe, COUNT in `get events -o wide`).
pub fn fold<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<Folded<'a>> {
    let mut out: Vec<Folded<'a>> = Vec::new();
    for e in events {
        match out.iter_mut().find(|f| {
            f.last.object == e.object
                && f.last.reason == e.reason
                && f.last.message == e.message
                && f.last.type_ == e.type_
                && f.last.field_path == e.field_path
        }) {
            Some(f) => {
                f.last = e;
                f.count += 1;
            }
            None => out.push(Folded { last: e, first_ms: e.time_ms, count: 1 }),
        }
    }
    out
}

fn events_block<'a>(events: impl Iterator<Item = &'a Event>, now_ms: u64) -> String {
    let folded = fold(events);
    if folded.is_empty() {
        return "Events:\t<none>\n".to_owned();
    }
    let mut o = String::from("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for f in folded {
        let last_age = human_duration(now_ms as i64 - f.last.time_ms as i64);
        let age = if f.count > 1 {
            format!("{last_age} (x{} over {})", f.count, human_duration(now_ms as i64 - f.first_ms as i64))
        } else {
            last_age
        };
        o.push_str(&format!(
            "  {}\t{}\t{age}\t{}\t{}\n",
            f.last.type_.as_str(),
            f.last.reason,
            f.last.source,
            f.last.message.trim()
        ));
    }
    o
}

/// The AGE of an object at the cluster's time.
pub fn object_age(t: Option<&Time>, cluster: &Cluster) -> String {
    age(t, cluster.now_ms())
}
