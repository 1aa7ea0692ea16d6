//! The file as written (raw structs deserialized with their paths), checked into a [`Scenario`].

use std::collections::BTreeMap;

use kubeplay_api::yaml;
use kubeplay_cluster::{Settings, Strategy};
use serde::Deserialize;
use serde_json::Value;

use super::goals::{
    CanIAsk, Check, ContainerRef, DeploymentExpect, EnvExpect, FileExpect, Goal, PodRef, SecretKeyRef, SecretShows,
};
use super::model::{Scenario, StartAt, MAX_DURATION_MS, MAX_GOALS, MAX_SCENARIO_BYTES};
use super::text::Text;
use crate::error::{Error, Result};

/// How many private registries a scenario may declare.
const MAX_REGISTRIES: usize = 16;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawScenario {
    id: String,
    title: Text,
    text: Text,
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    start: String,
    #[serde(default)]
    setup: String,
    #[serde(default)]
    run_at_start: Option<String>,
    #[serde(default)]
    editor: String,
    #[serde(default)]
    script: Option<String>,
    #[serde(default)]
    goals: Vec<RawGoal>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawSettings {
    nodes: Option<u16>,
    seed: Option<u64>,
    strategy: Option<Strategy>,
    sync_period: Option<String>,
    #[serde(rename = "cacheTTL")]
    cache_ttl: Option<String>,
    /// An EncryptionConfiguration (YAML text) the API server starts with.
    encryption_provider_config: Option<String>,
    /// An audit Policy (YAML text) the API server starts with (`--audit-policy-file`).
    audit_policy: Option<String>,
    /// Private registries and the one user each accepts.
    registries: Option<Vec<kubeplay_cluster::PrivateRegistry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    reason: String,
    #[serde(rename = "type")]
    type_: Option<String>,
    pod: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawGoal {
    text: Text,
    namespace: Option<String>,
    pod: Option<String>,
    container: Option<String>,
    phase: Option<String>,
    status: Option<String>,
    absent: Option<bool>,
    file: Option<String>,
    mode: Option<Value>,
    content: Option<String>,
    env: Option<String>,
    value: Option<String>,
    equals_secret: Option<SecretKeyRef>,
    event: Option<RawEvent>,
    secret: Option<String>,
    keys: Option<Vec<String>>,
    data: Option<BTreeMap<String, String>>,
    #[serde(rename = "type")]
    type_: Option<String>,
    secret_immutable: Option<String>,
    no_file_of_secret: Option<String>,
    visible_to: Option<String>,
    tmpfs_holds: Option<SecretKeyRef>,
    secret_shows: Option<SecretShows>,
    etcd_contains: Option<String>,
    command_run: Option<String>,
    output: Option<String>,
    etcd_stored: Option<String>,
    prefix: Option<String>,
    encryption_keys: Option<Vec<String>>,
    provider: Option<String>,
    audit_logged: Option<String>,
    leaks: Option<bool>,
    can_i: Option<String>,
    #[serde(rename = "as")]
    as_: Option<String>,
    as_groups: Option<Vec<String>>,
    allowed: Option<bool>,
    deployment: Option<String>,
    revision: Option<Value>,
    rolled_out: Option<bool>,
    pods_env: Option<BTreeMap<String, String>>,
}

/// Parses a duration such as `60s`, `1m30s`, `500ms`, `2h` into milliseconds, as Go's
/// `time.ParseDuration` reads it (the same parser as kubectl's flags), at most 24 hours.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    kubeplay_kubectl::printers::parse_duration(s.trim()).filter(|ms| *ms <= MAX_DURATION_MS)
}

fn parse_mode(v: &Value) -> Option<u32> {
    let m = match v {
        Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
        Value::String(s) => {
            let t = s.trim();
            let t = t.strip_prefix("0o").unwrap_or(t);
            if t.is_empty() || !t.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            u32::from_str_radix(t, 8).ok()?
        }
        _ => return None,
    };
    (m <= 0o7777).then_some(m)
}

struct Ctx<'a> {
    doc: &'a yaml::Doc,
}

impl Ctx<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> Error {
        let pos = self.doc.pos_of(path);
        Error::Field { path: path.to_owned(), message: message.into(), line: pos.line, col: pos.col }
    }
}

impl Scenario {
    /// Parses and checks a scenario file (YAML or JSON).
    pub fn parse(text: &str) -> Result<Scenario> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(Error::ScenarioTooLarge(format!("{} bytes; at most {MAX_SCENARIO_BYTES}", text.len())));
        }
        let stream = yaml::load(text);
        if let Some(e) = stream.error {
            return Err(Error::Syntax { message: e.message, line: e.pos.line });
        }
        let mut docs = stream.docs.into_iter();
        let Some(doc) = docs.next() else {
            return Err(Error::Syntax { message: "the file holds no scenario".to_owned(), line: 1 });
        };
        if let Some(extra) = docs.next() {
            return Err(Error::Syntax { message: "a scenario file holds one document".to_owned(), line: extra.pos.line });
        }
        let ctx = Ctx { doc: &doc };
        let raw: RawScenario = serde_path_to_error::deserialize(doc.value.clone()).map_err(|e| {
            let mut path = e.path().to_string();
            if path == "." {
                path.clear();
            }
            let inner = e.inner().to_string();
            // serde_path_to_error's path already ends with an unknown field's name.
            if inner.starts_with("unknown field `") {
                return ctx.err(&path, "unknown field");
            }
            ctx.err(if path.is_empty() { "(top level)" } else { &path }, inner)
        })?;
        let mut shareable = doc.value.clone();
        if let Some(m) = shareable.as_object_mut() {
            m.remove("script");
        }
        Self::from_raw(raw, &ctx, shareable)
    }

    fn from_raw(raw: RawScenario, ctx: &Ctx<'_>, shareable: Value) -> Result<Scenario> {
        if raw.id.is_empty() || raw.id.len() > 63 || !raw.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ctx.err("id", "must be 1 to 63 letters, digits, '-' or '_'"));
        }
        let mut settings = Settings::default();
        let rs = raw.settings;
        if let Some(n) = rs.nodes {
            if n == 0 || n > 100 {
                return Err(ctx.err("settings.nodes", "must be 1 to 100"));
            }
            settings.nodes = n;
        }
        if let Some(s) = rs.seed {
            settings.seed = s;
        }
        if let Some(s) = rs.strategy {
            settings.strategy = s;
        }
        if let Some(d) = rs.sync_period {
            settings.sync_period_ms = parse_duration_ms(&d).filter(|&ms| ms > 0).ok_or_else(|| {
                ctx.err("settings.syncPeriod", format!("{d:?} is not a duration such as 60s or 1m30s (at most 24h)"))
            })?;
        }
        if let Some(d) = rs.cache_ttl {
            settings.cache_ttl_ms = parse_duration_ms(&d).ok_or_else(|| {
                ctx.err("settings.cacheTTL", format!("{d:?} is not a duration such as 60s or 1m30s (at most 24h)"))
            })?;
        }
        if let Some(text) = rs.encryption_provider_config {
            // Checked as kube-apiserver checks it at start (the same loader restarts use).
            let mut probe = kubeplay_cluster::Settings { encryption_provider_config: Some(text.clone()), ..settings.clone() };
            probe.nodes = 1;
            kubeplay_cluster::Cluster::new(probe).map_err(|e| ctx.err("settings.encryptionProviderConfig", e.to_string()))?;
            settings.encryption_provider_config = Some(text);
        }
        if let Some(text) = rs.audit_policy {
            // Checked as kube-apiserver checks `--audit-policy-file` at start.
            kubeplay_api::audit::policy::load(&text, kubeplay_cluster::AUDIT_POLICY_PATH)
                .map_err(|e| ctx.err("settings.auditPolicy", e))?;
            settings.audit_policy = Some(text);
        }
        for (i, r) in rs.registries.iter().flatten().enumerate() {
            let host = r.host();
            if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c.is_ascii_uppercase()) {
                return Err(ctx.err(
                    &format!("settings.registries[{i}].server"),
                    "must be a registry host such as registry.example.com or localhost:5000",
                ));
            }
            if r.username.is_empty() || r.password.is_empty() || r.username.contains(':') {
                return Err(ctx.err(
                    &format!("settings.registries[{i}]"),
                    "needs a username (without ':') and a password: the registry asks for basic auth",
                ));
            }
        }
        if rs.registries.as_ref().is_some_and(|r| r.len() > MAX_REGISTRIES) {
            return Err(ctx.err("settings.registries", format!("at most {MAX_REGISTRIES} registries")));
        }
        settings.registries = rs.registries.unwrap_or_default();
        let start_at = match raw.run_at_start.as_deref().map(str::trim) {
            None => StartAt::Beginning,
            Some("idle") => StartAt::Idle,
            Some(d) => StartAt::After {
                ms: parse_duration_ms(d)
                    .ok_or_else(|| ctx.err("runAtStart", format!("{d:?} is neither `idle` nor a duration such as 30s")))?,
            },
        };
        if raw.goals.len() > MAX_GOALS {
            return Err(ctx.err("goals", format!("{} goals; at most {MAX_GOALS}", raw.goals.len())));
        }
        let goals = raw
            .goals
            .into_iter()
            .enumerate()
            .map(|(i, g)| goal_from_raw(g, &format!("goals[{i}]"), ctx))
            .collect::<Result<Vec<_>>>()?;
        let sc = Scenario {
            id: raw.id,
            title: raw.title,
            text: raw.text,
            settings,
            start: raw.start,
            setup: raw.setup,
            start_at,
            editor: raw.editor,
            script: raw.script,
            goals,
            shareable,
        };
        Ok(sc)
    }
}

fn goal_from_raw(g: RawGoal, path: &str, ctx: &Ctx<'_>) -> Result<Goal> {
    let ns = g.namespace.clone().unwrap_or_else(|| "default".to_owned());
    // The kind is chosen by its main key; every other key given must belong to that kind.
    let mains: [(&str, bool); 15] = [
        ("file", g.file.is_some()),
        ("env", g.env.is_some()),
        ("event", g.event.is_some()),
        ("secret", g.secret.is_some()),
        ("secretImmutable", g.secret_immutable.is_some()),
        ("noFileOfSecret", g.no_file_of_secret.is_some()),
        ("tmpfsHolds", g.tmpfs_holds.is_some()),
        ("secretShows", g.secret_shows.is_some()),
        ("etcdContains", g.etcd_contains.is_some()),
        ("commandRun", g.command_run.is_some()),
        ("etcdStored", g.etcd_stored.is_some()),
        ("encryptionKeys", g.encryption_keys.is_some()),
        ("auditLogged", g.audit_logged.is_some()),
        ("canI", g.can_i.is_some()),
        ("deployment", g.deployment.is_some()),
    ];
    let given: Vec<&str> = mains.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect();
    let kind = match given.as_slice() {
        [] if g.pod.is_some() => "pod",
        [] => {
            return Err(ctx.err(
                path,
                "a goal needs one of: pod, file, env, event, secret, secretImmutable, noFileOfSecret, tmpfsHolds, secretShows, etcdContains, commandRun, etcdStored, encryptionKeys, auditLogged, canI, deployment",
            ))
        }
        [k] => *k,
        [a, b, ..] => return Err(ctx.err(&format!("{path}.{b}"), format!("a goal checks one thing; this one already has `{a}`"))),
    };
    let allowed: &[&str] = match kind {
        "pod" => &["pod", "phase", "status", "absent"],
        "file" => &["file", "pod", "container", "mode", "content", "absent"],
        "env" => &["env", "pod", "container", "value", "equalsSecret", "absent"],
        "event" => &["event"],
        "secret" => &["secret", "keys", "data", "type", "absent"],
        "secretImmutable" => &["secretImmutable"],
        "noFileOfSecret" => &["noFileOfSecret", "visibleTo", "container"],
        "tmpfsHolds" => &["tmpfsHolds", "absent"],
        "secretShows" => &["secretShows", "absent"],
        "etcdContains" => &["etcdContains"],
        "etcdStored" => &["etcdStored", "prefix"],
        "encryptionKeys" => &["encryptionKeys", "provider"],
        "auditLogged" => &["auditLogged", "leaks"],
        "canI" => &["canI", "as", "asGroups", "allowed"],
        "deployment" => &["deployment", "revision", "rolledOut", "podsEnv", "container"],
        _ => &["commandRun", "output"],
    };
    let present: [(&str, bool); 23] = [
        ("pod", g.pod.is_some()),
        ("container", g.container.is_some()),
        ("phase", g.phase.is_some()),
        ("status", g.status.is_some()),
        ("absent", g.absent.is_some()),
        ("mode", g.mode.is_some()),
        ("content", g.content.is_some()),
        ("value", g.value.is_some()),
        ("equalsSecret", g.equals_secret.is_some()),
        ("keys", g.keys.is_some()),
        ("data", g.data.is_some()),
        ("type", g.type_.is_some()),
        ("visibleTo", g.visible_to.is_some()),
        ("output", g.output.is_some()),
        ("prefix", g.prefix.is_some()),
        ("provider", g.provider.is_some()),
        ("leaks", g.leaks.is_some()),
        ("as", g.as_.is_some()),
        ("asGroups", g.as_groups.is_some()),
        ("allowed", g.allowed.is_some()),
        ("revision", g.revision.is_some()),
        ("rolledOut", g.rolled_out.is_some()),
        ("podsEnv", g.pods_env.is_some()),
    ];
    if let Some((bad, _)) = present.iter().find(|(n, p)| *p && !allowed.contains(n)) {
        return Err(ctx.err(&format!("{path}.{bad}"), format!("not used by a `{kind}` goal (it takes {})", allowed.join(", "))));
    }
    let absent = g.absent == Some(true);
    let need_pod = |what: &str| -> Result<PodRef> {
        match &g.pod {
            Some(p) if !p.is_empty() => Ok(PodRef { namespace: ns.clone(), name: p.clone() }),
            _ => Err(ctx.err(&format!("{path}.pod"), format!("a `{what}` goal needs the pod it looks into"))),
        }
    };
    let conflict = |a: &str, b: &str| ctx.err(&format!("{path}.{b}"), format!("cannot be combined with `{a}`"));
    let check = match kind {
        "pod" => {
            let pod = need_pod("pod")?;
            if absent {
                if g.phase.is_some() {
                    return Err(conflict("absent", "phase"));
                }
                if g.status.is_some() {
                    return Err(conflict("absent", "status"));
                }
                Check::PodAbsent(pod)
            } else {
                Check::Pod { pod, phase: g.phase, status: g.status }
            }
        }
        "file" => {
            let file = g.file.unwrap_or_default();
            if !file.starts_with('/') {
                return Err(ctx.err(&format!("{path}.file"), "must be an absolute path in the container"));
            }
            let mode = match &g.mode {
                Some(v) => Some(parse_mode(v).ok_or_else(|| {
                    ctx.err(&format!("{path}.mode"), "must be an octal string such as \"0400\" or a number such as 256")
                })?),
                None => None,
            };
            let expect = if absent {
                if mode.is_some() {
                    return Err(conflict("absent", "mode"));
                }
                if g.content.is_some() {
                    return Err(conflict("absent", "content"));
                }
                FileExpect::Absent
            } else if mode.is_none() && g.content.is_none() {
                FileExpect::Exists
            } else {
                FileExpect::Is { mode, content: g.content }
            };
            Check::File { at: ContainerRef { pod: need_pod("file")?, container: g.container }, path: file, expect }
        }
        "env" => {
            let expect = match (absent, g.value, g.equals_secret) {
                (true, Some(_), _) => return Err(conflict("absent", "value")),
                (true, _, Some(_)) => return Err(conflict("absent", "equalsSecret")),
                (_, Some(_), Some(_)) => return Err(conflict("value", "equalsSecret")),
                (true, None, None) => EnvExpect::Absent,
                (false, Some(v), None) => EnvExpect::Value(v),
                (false, None, Some(r)) => EnvExpect::EqualsSecret(r),
                (false, None, None) => EnvExpect::Exists,
            };
            Check::Env {
                at: ContainerRef { pod: need_pod("env")?, container: g.container },
                name: g.env.unwrap_or_default(),
                expect,
            }
        }
        "event" => {
            let e = g.event.ok_or_else(|| ctx.err(path, "missing event"))?;
            if let Some(t) = &e.type_ {
                if t != "Normal" && t != "Warning" {
                    return Err(ctx.err(&format!("{path}.event.type"), "must be Normal or Warning"));
                }
            }
            Check::Event {
                reason: e.reason,
                type_: e.type_,
                pod: e.pod.map(|name| PodRef { namespace: ns.clone(), name }),
                message: e.message,
            }
        }
        "secret" => {
            if absent && (g.keys.is_some() || g.data.is_some() || g.type_.is_some()) {
                return Err(conflict(
                    "absent",
                    if g.keys.is_some() {
                        "keys"
                    } else if g.data.is_some() {
                        "data"
                    } else {
                        "type"
                    },
                ));
            }
            Check::Secret {
                namespace: ns,
                name: g.secret.unwrap_or_default(),
                keys: g.keys.unwrap_or_default(),
                data: g.data.unwrap_or_default(),
                type_: g.type_,
                absent,
            }
        }
        "secretImmutable" => Check::SecretImmutable { namespace: ns, name: g.secret_immutable.unwrap_or_default() },
        "noFileOfSecret" => {
            let Some(pod) = g.visible_to else {
                return Err(ctx.err(&format!("{path}.visibleTo"), "a `noFileOfSecret` goal needs `visibleTo: <pod>`"));
            };
            Check::NoFileOfSecret {
                namespace: ns.clone(),
                secret: g.no_file_of_secret.unwrap_or_default(),
                visible_to: ContainerRef { pod: PodRef { namespace: ns, name: pod }, container: g.container },
            }
        }
        "tmpfsHolds" => {
            Check::TmpfsHolds { namespace: ns, key: g.tmpfs_holds.ok_or_else(|| ctx.err(path, "missing tmpfsHolds"))?, absent }
        }
        "secretShows" => {
            let shows = g.secret_shows.ok_or_else(|| ctx.err(path, "missing secretShows"))?;
            if shows.value.is_empty() {
                return Err(ctx.err(&format!("{path}.secretShows.value"), "must not be empty"));
            }
            Check::SecretShows { namespace: ns, shows, absent }
        }
        "etcdContains" => {
            let t = g.etcd_contains.unwrap_or_default();
            if t.is_empty() {
                return Err(ctx.err(&format!("{path}.etcdContains"), "must not be empty"));
            }
            Check::EtcdContains(t)
        }
        "etcdStored" => match g.prefix {
            Some(prefix) if !prefix.is_empty() => {
                Check::EtcdStored { namespace: ns, name: g.etcd_stored.unwrap_or_default(), prefix }
            }
            _ => {
                return Err(
                    ctx.err(&format!("{path}.prefix"), "an `etcdStored` goal needs the `prefix` the stored value starts with")
                )
            }
        },
        "encryptionKeys" => {
            const PROVIDERS: [&str; 5] = ["aescbc", "aesgcm", "secretbox", "kms", "identity"];
            if let Some(p) = g.provider.as_deref().filter(|p| !PROVIDERS.contains(p)) {
                return Err(ctx.err(&format!("{path}.provider"), format!("{p:?} is not one of {}", PROVIDERS.join(", "))));
            }
            Check::EncryptionKeys { provider: g.provider, keys: g.encryption_keys.unwrap_or_default() }
        }
        "auditLogged" => match g.leaks {
            Some(leaks) => Check::AuditLogged { namespace: ns, name: g.audit_logged.unwrap_or_default(), leaks },
            None => return Err(ctx.err(&format!("{path}.leaks"), "an `auditLogged` goal needs `leaks: true` or `leaks: false`")),
        },
        "canI" => {
            let text = g.can_i.unwrap_or_default();
            let Some((verb, resource, group, name)) = super::security::parse_can_i(&text) else {
                return Err(
                    ctx.err(&format!("{path}.canI"), format!("{text:?} is not `VERB RESOURCE[/NAME]` such as `get secrets/db`"))
                );
            };
            let (Some(user), Some(allowed)) = (g.as_.filter(|u| !u.is_empty()), g.allowed) else {
                return Err(ctx.err(path, "a `canI` goal needs `as: USER` and `allowed: true` or `allowed: false`"));
            };
            let ask = CanIAsk { user, groups: g.as_groups.unwrap_or_default(), verb, resource, group, name, namespace: ns };
            Check::CanI { ask, allowed }
        }
        "deployment" => {
            let revision = match &g.revision {
                None => None,
                Some(Value::Number(n)) if n.as_u64().is_some_and(|r| r > 0) => Some(n.to_string()),
                Some(Value::String(r)) if r.parse::<u64>().is_ok_and(|r| r > 0) => Some(r.clone()),
                Some(_) => return Err(ctx.err(&format!("{path}.revision"), "must be a revision number such as 2")),
            };
            Check::Deployment(DeploymentExpect {
                namespace: ns,
                name: g.deployment.unwrap_or_default(),
                revision,
                rolled_out: g.rolled_out == Some(true),
                pods_env: g.pods_env.unwrap_or_default(),
                container: g.container,
            })
        }
        _ => Check::CommandRun { command: g.command_run.unwrap_or_default(), output: g.output },
    };
    Ok(Goal { text: g.text, check })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("60s"), Some(60_000));
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("500ms"), Some(500));
        assert_eq!(parse_duration_ms("2h"), Some(7_200_000));
        assert_eq!(parse_duration_ms("25h"), None);
        assert_eq!(parse_duration_ms("60"), None);
        assert_eq!(parse_duration_ms("s"), None);
        assert_eq!(parse_duration_ms("99999999999999s"), None);
    }

    #[test]
    fn modes() {
        assert_eq!(parse_mode(&Value::from("0400")), Some(0o400));
        assert_eq!(parse_mode(&Value::from(256)), Some(0o400));
        assert_eq!(parse_mode(&Value::from("0800")), None);
        assert_eq!(parse_mode(&Value::from(true)), None);
    }
}
