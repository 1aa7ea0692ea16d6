//! Scenarios: a YAML file that sets up a playground (settings, manifests, console commands,
//! editor text), explains a concept in English and Korean, and lists goals that check
//! themselves against the cluster. Lessons and trainers' workshop files use the same format.
//!
//! A commented example (see also `docs/scenarios.md`):
//!
//! ```yaml
//! id: workshop-volume              # letters, digits, '-'; becomes the recipe's `lesson`
//! title: {en: Mount a secret, ko: 시크릿 마운트하기}
//! text:
//!   en: |
//!     Create the secret `mysecret`, then apply the pod in the editor.
//!   ko: |
//!     시크릿 `mysecret`을 만들고 에디터의 파드를 apply 하세요.
//! settings:                        # all optional; these are the defaults
//!   nodes: 1
//!   seed: 1
//!   strategy: Watch                # Watch | Cache | Get (the kubelet's secret manager)
//!   syncPeriod: 60s                # kubelet syncFrequency
//!   cacheTTL: 60s                  # TTL of the Cache strategy
//! start: |                         # manifests applied at start (kubectl apply -f)
//!   apiVersion: v1
//!   kind: Namespace
//!   metadata: {name: team-a}
//! setup: |                         # console commands run at start (after `start`)
//!   echo -n admin > username.txt
//! runAtStart: idle                 # optional: `idle` or a duration such as 30s
//! editor: |                        # text put in the editor, NOT applied
//!   apiVersion: v1
//!   kind: Pod
//!   ...
//! script: |                        # optional reference solution (console commands);
//!   kubectl create secret generic mysecret --from-literal=password=s3cret   # run by `kubeplay check`,
//!   kubectl apply -f pod.yaml      # never at start, and left out of share links
//! goals:
//! - text: {en: mypod is Running, ko: mypod가 Running 상태}
//!   pod: mypod
//!   phase: Running
//! - text: {en: the password file has mode 0400, ko: password 파일의 권한이 0400}
//!   file: /etc/foo/password
//!   pod: mypod
//!   container: mypod               # optional: the first container by default
//!   mode: "0400"                   # a quoted octal string, or a number (256)
//! ```
//!
//! Goal kinds (every goal also takes `namespace`, default `default`): `pod` (+`phase`,
//! `status`, `absent`), `file` (+`pod`, `container`, `mode`, `content`, `absent`), `env`
//! (+`pod`, `container`, `value`, `equalsSecret: {name, key}`, `absent`), `event: {reason,
//! type, pod, message}`, `secret` (+`keys`, `data`, `type`, `absent`), `secretImmutable`,
//! `noFileOfSecret` (+`visibleTo`, `container`), `tmpfsHolds: {name, key}` (+`absent`),
//! `etcdContains`, `commandRun` (+`output`). Unknown or misplaced keys are errors naming
//! their path, e.g. `goals[2].fille: unknown field`.

use std::collections::BTreeMap;

use kubeplay_api::yaml;
use kubeplay_cluster::kubelet::{container_files, RunState, PODS_DIR};
use kubeplay_cluster::tmpfs::Inode;
use kubeplay_cluster::{Cluster, Settings, Strategy};
use kubeplay_kubectl::shell::split_commands;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::playground::Playground;
use crate::recipe::{Action, Recipe, RecipeError};

/// The largest scenario file accepted, in bytes.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;
/// The most goals a scenario may list.
pub const MAX_GOALS: usize = 100;
/// The longest virtual duration a setting or `runAtStart` may name (one day).
pub const MAX_DURATION_MS: u64 = 24 * 3_600_000;

/// A text in English and Korean.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Korean (empty means "use the English text").
    #[serde(default)]
    pub ko: String,
}

impl Text {
    /// The text in `lang` (`"ko"` or anything else for English), falling back to English.
    pub fn get(&self, lang: &str) -> &str {
        if lang.starts_with("ko") && !self.ko.trim().is_empty() {
            &self.ko
        } else {
            &self.en
        }
    }
}

/// What the playground looks like right after the start actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    /// Nothing has run yet (step 0).
    Beginning,
    /// Run until idle (pods started, or waiting on retries that change nothing).
    Idle,
    /// Let this much virtual time pass.
    After {
        /// Milliseconds of virtual time.
        ms: u64,
    },
}

/// A pod by namespace and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRef {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// A container of a pod (`None`: the pod's first container).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRef {
    /// The pod.
    pub pod: PodRef,
    /// The container name.
    pub container: Option<String>,
}

/// A key of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretKeyRef {
    /// Secret name (same namespace as the goal).
    pub name: String,
    /// Key.
    pub key: String,
}

/// What a file goal expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileExpect {
    /// The file exists (any content, any mode).
    Exists,
    /// No such file in the container.
    Absent,
    /// The file exists and its mode and/or content are these.
    Is {
        /// Permission bits, e.g. `0o400`.
        mode: Option<u32>,
        /// Exact content.
        content: Option<String>,
    },
}

/// What an environment goal expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvExpect {
    /// The variable is set (any value).
    Exists,
    /// The variable is not set.
    Absent,
    /// The variable has this value.
    Value(String),
    /// The variable equals a secret's key as the secret is stored now.
    EqualsSecret(SecretKeyRef),
}

/// A checkable statement about the playground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The pod exists, with this phase and/or STATUS column (`kubectl get pods`).
    Pod {
        /// The pod.
        pod: PodRef,
        /// `status.phase`, e.g. `Running`.
        phase: Option<String>,
        /// The STATUS column, e.g. `ContainerCreating`.
        status: Option<String>,
    },
    /// The pod does not exist (deleted and gone from the node).
    PodAbsent(PodRef),
    /// A file inside a started container.
    File {
        /// Where.
        at: ContainerRef,
        /// Absolute path in the container.
        path: String,
        /// What is expected.
        expect: FileExpect,
    },
    /// An environment variable of a started container.
    Env {
        /// Where.
        at: ContainerRef,
        /// Variable name.
        name: String,
        /// What is expected.
        expect: EnvExpect,
    },
    /// An event with this reason happened (ever, in the event log).
    Event {
        /// Reason, e.g. `FailedMount`.
        reason: String,
        /// `Normal` or `Warning`.
        type_: Option<String>,
        /// The pod it is about (with the goal's namespace).
        pod: Option<PodRef>,
        /// Text the message contains.
        message: Option<String>,
    },
    /// A secret exists with these keys, decoded values and type (or is absent).
    Secret {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// Keys it must have (at least these).
        keys: Vec<String>,
        /// Keys with their exact decoded values.
        data: BTreeMap<String, String>,
        /// `type`, e.g. `kubernetes.io/dockerconfigjson`.
        type_: Option<String>,
        /// The secret must not exist.
        absent: bool,
    },
    /// The secret exists and has `immutable: true`.
    SecretImmutable {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// The pod is running and none of its files (in one container, or any) holds a value of the secret.
    NoFileOfSecret {
        /// Namespace of the secret.
        namespace: String,
        /// The secret.
        secret: String,
        /// Where to look.
        visible_to: ContainerRef,
    },
    /// Some node's tmpfs holds a file with exactly this secret value (or, `absent`, none does).
    TmpfsHolds {
        /// Namespace of the secret.
        namespace: String,
        /// The secret key.
        key: SecretKeyRef,
        /// Expect that no node holds it.
        absent: bool,
    },
    /// A value stored in etcd contains this text (secret data as etcd holds it: plain bytes).
    EtcdContains(String),
    /// The console transcript has a command containing this text (with output containing `output`).
    CommandRun {
        /// Text the command contains.
        command: String,
        /// Text its output (stdout + stderr) contains.
        output: Option<String>,
    },
}

/// A goal: its text and its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// What the learner should achieve.
    pub text: Text,
    /// How it is checked.
    pub check: Check,
}

/// The result of evaluating a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalResult {
    /// The goal's text.
    pub text: Text,
    /// Whether it holds now.
    pub met: bool,
    /// What was found (English, for the learner and for `kubeplay check`).
    pub detail: String,
}

/// A scenario (see the module documentation for the file format).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Identifier (the recipe's `lesson`).
    pub id: String,
    /// Title.
    pub title: Text,
    /// The explanation.
    pub text: Text,
    /// Cluster settings.
    pub settings: Settings,
    /// Manifests applied at start.
    pub start: String,
    /// Console commands run at start (after `start`).
    pub setup: String,
    /// Where the starting state stops.
    pub start_at: StartAt,
    /// Text put in the editor (not applied).
    pub editor: String,
    /// The reference solution: console commands (run by `kubeplay check`, not at start).
    pub script: Option<String>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// The file as JSON without `script` (what a share link carries).
    shareable: Value,
}

/// Why a scenario file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// Not YAML.
    #[error("{message} (line {line})")]
    Syntax {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
    },
    /// A field is unknown, missing, misplaced or has a bad value.
    #[error("{path}: {message} (line {line}, column {col})")]
    Field {
        /// Path such as `goals[2].fille`.
        path: String,
        /// What is wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
    },
    /// Too large.
    #[error("the scenario is too large ({0})")]
    TooLarge(String),
    /// The starting state cannot be built.
    #[error("the scenario's starting state cannot be built: {0}")]
    Start(#[from] RecipeError),
}

/// The module's result type.
pub type Result<T, E = ScenarioError> = std::result::Result<T, E>;

// ---------------------------------------------------------------------------------------
// The file as written (raw), checked into the types above.

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
    etcd_contains: Option<String>,
    command_run: Option<String>,
    output: Option<String>,
}

/// Parses a duration such as `60s`, `1m30s`, `500ms`, `2h` into milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 || digits > 9 {
            return None;
        }
        let n: u64 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?;
        let (unit_ms, len) = if rest.starts_with("ms") {
            (1, 2)
        } else if rest.starts_with('s') {
            (1_000, 1)
        } else if rest.starts_with('m') {
            (60_000, 1)
        } else if rest.starts_with('h') {
            (3_600_000, 1)
        } else {
            return None;
        };
        rest = rest.get(len..)?;
        total = total.checked_add(n.checked_mul(unit_ms)?)?;
    }
    (total <= MAX_DURATION_MS).then_some(total)
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
    fn err(&self, path: &str, message: impl Into<String>) -> ScenarioError {
        let pos = self.doc.pos_of(path);
        ScenarioError::Field { path: path.to_owned(), message: message.into(), line: pos.line, col: pos.col }
    }
}

impl Scenario {
    /// Parses and checks a scenario file (YAML or JSON).
    pub fn parse(text: &str) -> Result<Scenario> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError::TooLarge(format!("{} bytes; at most {MAX_SCENARIO_BYTES}", text.len())));
        }
        let stream = yaml::load(text);
        if let Some(e) = stream.error {
            return Err(ScenarioError::Syntax { message: e.message, line: e.pos.line });
        }
        let mut docs = stream.docs.into_iter();
        let Some(doc) = docs.next() else {
            return Err(ScenarioError::Syntax { message: "the file holds no scenario".to_owned(), line: 1 });
        };
        if let Some(extra) = docs.next() {
            return Err(ScenarioError::Syntax { message: "a scenario file holds one document".to_owned(), line: extra.pos.line });
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

    /// The recipe of the starting state: settings, `start` applied and `setup` run at step 0,
    /// then stepped as `runAtStart` says; `lesson` is the scenario id and the editor holds `editor`.
    pub fn to_recipe(&self) -> Result<Recipe> {
        let mut actions = Vec::new();
        if !self.start.trim().is_empty() {
            actions.push(Action::Apply { at: 0, text: self.start.clone() });
        }
        for line in split_commands(&self.setup) {
            actions.push(Action::Command { at: 0, line });
        }
        let recipe = Recipe {
            settings: self.settings.clone(),
            editor: self.editor.clone(),
            actions,
            position: 0,
            lesson: Some(self.id.clone()),
            ..Recipe::default()
        };
        if self.start_at == StartAt::Beginning {
            recipe.check()?;
            return Ok(recipe);
        }
        let mut pg = Playground::from_recipe(recipe)?;
        match self.start_at {
            StartAt::Beginning => {}
            StartAt::Idle => pg.run_until_idle(),
            StartAt::After { ms } => pg.run_for(ms),
        }
        Ok(pg.recipe().clone())
    }

    /// A playground in the starting state.
    pub fn start(&self) -> Result<Playground> {
        Ok(Playground::from_recipe(self.to_recipe()?)?)
    }

    /// Like [`Scenario::to_recipe`], carrying the scenario itself (without `script`) so a
    /// share link shows its text and goals in any kubeplay (for files that are not built-in lessons).
    pub fn to_shared_recipe(&self) -> Result<Recipe> {
        let mut r = self.to_recipe()?;
        r.scenario = Some(serde_json::to_string(&self.shareable).unwrap_or_default());
        r.check()?;
        Ok(r)
    }

    /// The scenario a recipe follows: the one it carries, else the built-in lesson it names.
    pub fn of_recipe(recipe: &Recipe) -> Option<Result<Scenario>> {
        if let Some(text) = &recipe.scenario {
            return Some(Scenario::parse(text));
        }
        let id = recipe.lesson.as_deref()?;
        crate::lessons::get(id).map(Ok)
    }

    /// The console commands of the reference solution, one per entry (here-documents included).
    pub fn script_commands(&self) -> Vec<String> {
        self.script.as_deref().map(split_commands).unwrap_or_default()
    }

    /// Evaluates every goal against the playground now.
    pub fn evaluate(&self, pg: &Playground) -> Vec<GoalResult> {
        self.goals
            .iter()
            .map(|g| {
                let (met, detail) = check(&g.check, pg);
                GoalResult { text: g.text.clone(), met, detail }
            })
            .collect()
    }

    /// Whether every goal holds now.
    pub fn all_met(&self, pg: &Playground) -> bool {
        self.evaluate(pg).iter().all(|r| r.met)
    }
}

fn goal_from_raw(g: RawGoal, path: &str, ctx: &Ctx<'_>) -> Result<Goal> {
    let ns = g.namespace.clone().unwrap_or_else(|| "default".to_owned());
    // The kind is chosen by its main key; every other key given must belong to that kind.
    let mains: [(&str, bool); 9] = [
        ("file", g.file.is_some()),
        ("env", g.env.is_some()),
        ("event", g.event.is_some()),
        ("secret", g.secret.is_some()),
        ("secretImmutable", g.secret_immutable.is_some()),
        ("noFileOfSecret", g.no_file_of_secret.is_some()),
        ("tmpfsHolds", g.tmpfs_holds.is_some()),
        ("etcdContains", g.etcd_contains.is_some()),
        ("commandRun", g.command_run.is_some()),
    ];
    let given: Vec<&str> = mains.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect();
    let kind = match given.as_slice() {
        [] if g.pod.is_some() => "pod",
        [] => {
            return Err(ctx.err(
                path,
                "a goal needs one of: pod, file, env, event, secret, secretImmutable, noFileOfSecret, tmpfsHolds, etcdContains, commandRun",
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
        "etcdContains" => &["etcdContains"],
        _ => &["commandRun", "output"],
    };
    let present: [(&str, bool); 14] = [
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
        "etcdContains" => {
            let t = g.etcd_contains.unwrap_or_default();
            if t.is_empty() {
                return Err(ctx.err(&format!("{path}.etcdContains"), "must not be empty"));
            }
            Check::EtcdContains(t)
        }
        _ => Check::CommandRun { command: g.command_run.unwrap_or_default(), output: g.output },
    };
    Ok(Goal { text: g.text, check })
}

// ---------------------------------------------------------------------------------------
// Evaluation.

/// The started container's files and env, or why it cannot be looked into.
#[allow(clippy::type_complexity)]
fn container(c: &Cluster, at: &ContainerRef) -> Result<(BTreeMap<String, (u32, Vec<u8>)>, Vec<(String, String)>), String> {
    let p = &at.pod;
    if c.store().pod(&p.namespace, &p.name).is_none() {
        return Err(format!("pod {}/{} does not exist", p.namespace, p.name));
    }
    let Some((node, w)) = c.worker(&p.namespace, &p.name) else {
        return Err(format!("pod {} is not running on a node yet", p.name));
    };
    let rt = match &at.container {
        Some(name) => {
            w.containers.iter().find(|x| &x.name == name).ok_or_else(|| format!("pod {} has no container {name}", p.name))?
        }
        None => w.containers.first().ok_or_else(|| format!("pod {} has no containers", p.name))?,
    };
    if !matches!(rt.state, RunState::Running { .. } | RunState::Terminated { .. }) {
        return Err(format!("container {} of pod {} has not started", rt.name, p.name));
    }
    let files = container_files(node, w, rt).into_iter().map(|(path, (mode, data, _))| (path, (mode, data.to_vec()))).collect();
    let env = rt.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect();
    Ok((files, env))
}

fn secret_value(c: &Cluster, ns: &str, r: &SecretKeyRef) -> Option<Vec<u8>> {
    c.store().secret(ns, &r.name)?.data.as_ref()?.get(&r.key).map(|b| b.0.clone())
}

fn check(check: &Check, pg: &Playground) -> (bool, String) {
    let c = pg.cluster();
    match check {
        Check::Pod { pod, phase, status } => {
            let Some(p) = c.store().pod(&pod.namespace, &pod.name) else {
                return (false, format!("pod {}/{} does not exist", pod.namespace, pod.name));
            };
            let now_phase = p.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_else(|| "Pending".to_owned());
            let now_status = kubeplay_kubectl::printers::pod_status(p);
            let ok = phase.as_ref().is_none_or(|x| *x == now_phase) && status.as_ref().is_none_or(|x| *x == now_status);
            (ok, format!("pod {}: phase {now_phase}, STATUS {now_status}", pod.name))
        }
        Check::PodAbsent(pod) => {
            let in_store = c.store().pod(&pod.namespace, &pod.name).is_some();
            let on_node = c.worker(&pod.namespace, &pod.name).is_some();
            match (in_store, on_node) {
                (false, false) => (true, format!("pod {} is gone", pod.name)),
                (true, _) => (false, format!("pod {} still exists", pod.name)),
                (false, true) => (false, format!("pod {} is still being torn down on its node", pod.name)),
            }
        }
        Check::File { at, path, expect } => {
            let (files, _) = match container(c, at) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let file = files.get(path);
            match (expect, file) {
                (FileExpect::Absent, None) => (true, format!("{path} does not exist")),
                (FileExpect::Absent, Some(_)) => (false, format!("{path} exists")),
                (_, None) => (false, format!("{path} does not exist")),
                (FileExpect::Exists, Some((mode, _))) => (true, format!("{path} exists (mode {mode:04o})")),
                (FileExpect::Is { mode, content }, Some((m, data))) => {
                    let text = String::from_utf8_lossy(data);
                    let ok = mode.is_none_or(|x| x == *m) && content.as_ref().is_none_or(|x| x.as_bytes() == data.as_slice());
                    (ok, format!("{path}: mode {m:04o}, content {:?}", short(&text)))
                }
            }
        }
        Check::Env { at, name, expect } => {
            let (_, env) = match container(c, at) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let now = env.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            match (expect, now) {
                (EnvExpect::Absent, None) => (true, format!("{name} is not set")),
                (EnvExpect::Absent, Some(v)) => (false, format!("{name}={}", short(&v))),
                (_, None) => (false, format!("{name} is not set")),
                (EnvExpect::Exists, Some(v)) => (true, format!("{name}={}", short(&v))),
                (EnvExpect::Value(x), Some(v)) => (*x == v, format!("{name}={}", short(&v))),
                (EnvExpect::EqualsSecret(r), Some(v)) => match secret_value(c, &at.pod.namespace, r) {
                    Some(s) => (
                        s == v.as_bytes(),
                        format!(
                            "{name}={}; secret {} key {} is {}",
                            short(&v),
                            r.name,
                            r.key,
                            short(&String::from_utf8_lossy(&s))
                        ),
                    ),
                    None => (false, format!("secret {} has no key {}", r.name, r.key)),
                },
            }
        }
        Check::Event { reason, type_, pod, message } => {
            let found = c.events().iter().rev().find(|e| {
                e.reason == reason.as_str()
                    && type_.as_ref().is_none_or(|t| t == e.type_.as_str())
                    && pod
                        .as_ref()
                        .is_none_or(|p| e.object.kind == "Pod" && e.object.namespace == p.namespace && e.object.name == p.name)
                    && message.as_ref().is_none_or(|m| e.message.contains(m.as_str()))
            });
            match found {
                Some(e) => (true, format!("{} {} {}: {}", e.type_.as_str(), e.reason, e.object.name, short(&e.message))),
                None => (false, format!("no {reason} event yet")),
            }
        }
        Check::Secret { namespace, name, keys, data, type_, absent } => {
            let Some(s) = c.store().secret(namespace, name) else {
                return (*absent, format!("secret {namespace}/{name} does not exist"));
            };
            if *absent {
                return (false, format!("secret {name} exists"));
            }
            let have: BTreeMap<&str, &[u8]> = s.data.iter().flatten().map(|(k, v)| (k.as_str(), v.0.as_slice())).collect();
            let now_type = s.type_.clone().unwrap_or_else(|| "Opaque".to_owned());
            let missing: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !have.contains_key(k)).collect();
            let wrong: Vec<&str> =
                data.iter().filter(|(k, v)| have.get(k.as_str()) != Some(&v.as_bytes())).map(|(k, _)| k.as_str()).collect();
            let type_ok = type_.as_ref().is_none_or(|t| *t == now_type);
            let keys_now: Vec<&str> = have.keys().copied().collect();
            let mut detail = format!("secret {name} ({now_type}) has keys [{}]", keys_now.join(", "));
            if !missing.is_empty() {
                detail.push_str(&format!("; missing [{}]", missing.join(", ")));
            }
            if !wrong.is_empty() {
                detail.push_str(&format!("; other values for [{}]", wrong.join(", ")));
            }
            (missing.is_empty() && wrong.is_empty() && type_ok, detail)
        }
        Check::SecretImmutable { namespace, name } => match c.store().secret(namespace, name) {
            None => (false, format!("secret {namespace}/{name} does not exist")),
            Some(s) if s.immutable == Some(true) => (true, format!("secret {name} is immutable")),
            Some(_) => (false, format!("secret {name} is not immutable")),
        },
        Check::NoFileOfSecret { namespace, secret, visible_to } => {
            let (files, _) = match container_or_all(c, visible_to) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let values: Vec<Vec<u8>> = c
                .store()
                .secret(namespace, secret)
                .and_then(|s| s.data.as_ref())
                .map(|d| d.values().map(|b| b.0.clone()).filter(|v| !v.is_empty()).collect())
                .unwrap_or_default();
            if values.is_empty() {
                return (false, format!("secret {secret} does not exist or holds no data"));
            }
            match files.iter().find(|(_, data)| values.contains(data)) {
                Some((path, _)) => (false, format!("{path} in pod {} holds a value of secret {secret}", visible_to.pod.name)),
                None => (true, format!("pod {} sees no file of secret {secret}", visible_to.pod.name)),
            }
        }
        Check::TmpfsHolds { namespace, key, absent } => {
            let Some(value) = secret_value(c, namespace, key) else {
                return (false, format!("secret {} has no key {}", key.name, key.key));
            };
            let holder = c.nodes().iter().find_map(|n| {
                n.fs.tree(PODS_DIR)
                    .into_iter()
                    .find(|(_, i)| matches!(i, Inode::File { data, .. } if **data == *value.as_slice()))
                    .map(|(p, _)| (n.name.clone(), p.to_owned()))
            });
            match holder {
                Some((node, path)) => (!absent, format!("{node} holds it at {path}")),
                None => (*absent, format!("no node's tmpfs holds the value of {}/{}", key.name, key.key)),
            }
        }
        Check::EtcdContains(text) => {
            let raw = c.store().etcd().iter().any(|(_, v)| v.contains(text.as_str()));
            let data = c.store().secrets().flat_map(|s| s.data.iter().flatten()).any(|(_, v)| contains(&v.0, text.as_bytes()));
            if raw || data {
                (true, format!("etcd holds {:?} in plain text", short(text)))
            } else {
                (false, format!("nothing in etcd contains {:?}", short(text)))
            }
        }
        Check::CommandRun { command, output } => {
            let found = pg.transcript().iter().rev().find(|e| {
                e.command.contains(command.as_str()) && output.as_ref().is_none_or(|o| e.output.combined().contains(o.as_str()))
            });
            match found {
                Some(e) => (true, format!("ran: {}", short(e.command.lines().next().unwrap_or("")))),
                None if output.is_some() => (false, format!("no command with {command:?} printed the expected output yet")),
                None => (false, format!("no command with {command:?} yet")),
            }
        }
    }
}

/// Files of one container, or of all started containers of the pod.
#[allow(clippy::type_complexity)]
fn container_or_all(c: &Cluster, at: &ContainerRef) -> Result<(Vec<(String, Vec<u8>)>, ()), String> {
    if at.container.is_some() {
        return container(c, at).map(|(f, _)| (f.into_iter().map(|(p, (_, d))| (p, d)).collect(), ()));
    }
    let Some((_, w)) = c.worker(&at.pod.namespace, &at.pod.name) else {
        return Err(format!("pod {} is not running on a node yet", at.pod.name));
    };
    let mut all = Vec::new();
    for rt in &w.containers {
        let one = ContainerRef { pod: at.pod.clone(), container: Some(rt.name.clone()) };
        let (f, _) = container(c, &one)?;
        all.extend(f.into_iter().map(|(p, (_, d))| (format!("{}:{p}", rt.name), d)));
    }
    Ok((all, ()))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
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
