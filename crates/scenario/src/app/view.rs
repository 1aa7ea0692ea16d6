//! What each panel shows, as plain structs computed natively from the [`State`]: the
//! editor, clock, timeline, resources, secret, pod, container, node, etcd, console,
//! lessons, goals and settings. The web crate renders these and nothing else.

use kubeplay_cluster::{Settings, Strategy};

use super::markup::{complete_with, linkify, Completion, Segment};
use super::state::State;
use crate::i18n::Lang;
use crate::scenario::{GoalResult, Text};
use crate::views::{self, ContainerView, NodeView, PodRow, SecretRow, SecretView, TimelineRow};

/// The most pods the pod picker lists.
pub const PICKER_PODS: usize = 500;
/// The most entries the node view lists.
pub const NODE_ENTRIES: usize = 5000;
/// The most etcd keys listed at once (a filter narrows them).
pub const ETCD_SHOWN: usize = 200;

/// A `namespace/name` selection.
pub type ObjectKey = (String, String);

/// One document's outcome under the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyResult {
    /// 1-based line of the document (or its error).
    pub line: usize,
    /// `secret/mysecret created`, or the error.
    pub text: String,
    /// Whether it failed.
    pub error: bool,
}

/// The editor pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorView {
    /// The text.
    pub text: String,
    /// Lines the gutter numbers.
    pub line_count: usize,
    /// Lines with an error from the last apply.
    pub error_lines: Vec<usize>,
    /// The outcome of the last apply.
    pub results: Vec<ApplyResult>,
}

/// The clock in the time toolbar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockView {
    /// Virtual time now as a duration, e.g. `+1m13.4s`.
    pub now: String,
    /// Steps done.
    pub steps: u64,
}

/// A node row of the resources view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow {
    /// Name.
    pub name: String,
    /// Pods on it.
    pub pods: usize,
    /// Bytes of its tmpfs in use.
    pub tmpfs_bytes: usize,
}

/// The resources view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcesView {
    /// Namespace names.
    pub namespaces: Vec<String>,
    /// Secrets, as `kubectl get secrets -A`.
    pub secrets: Vec<SecretRow>,
    /// Pods, as `kubectl get pods -A`.
    pub pods: Vec<PodRow>,
    /// Deployments → ReplicaSets → Pods ([`crate::workload_view`]).
    pub workloads: Vec<crate::workload_view::WorkloadRow>,
    /// Nodes.
    pub nodes: Vec<NodeRow>,
}

/// The pod view: the pod shown, the picker's choices, `kubectl describe pod`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    /// The pod shown.
    pub key: ObjectKey,
    /// `namespace/name` of the pods to pick from.
    pub choices: Vec<String>,
    /// `kubectl describe pod` output.
    pub describe: String,
}

/// The container view: the pod shown, the picker's choices, its containers from the inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainersView {
    /// The pod shown.
    pub key: ObjectKey,
    /// `namespace/name` of the pods to pick from.
    pub choices: Vec<String>,
    /// Its containers.
    pub containers: Vec<ContainerView>,
}

/// An etcd key and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdRow {
    /// The key, e.g. `/registry/secrets/default/mysecret`.
    pub key: String,
    /// The stored value: JSON in plain text, or for a Secret written through an encrypting
    /// provider its `k8s:enc:<provider>:v1:<key>:` prefix and ciphertext (non-printable bytes as `.`).
    pub value: String,
    /// Shown open (secrets are).
    pub open: bool,
    /// For a Secret: the stored bytes as `etcdctl get KEY | hexdump -C` prints them (protobuf
    /// behind `k8s\x00` with the values readable in the clear, or the encrypted value).
    pub hexdump: Option<String>,
}

/// The etcd view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdView {
    /// The rows shown (at most [`ETCD_SHOWN`]).
    pub rows: Vec<EtcdRow>,
    /// How many keys match the filter.
    pub matching: usize,
    /// The provider new Secret writes go through when the API server encrypts them
    /// (`aescbc`, `aesgcm`, `secretbox`, `kms`); `None` without encryption at rest.
    pub encrypted_with: Option<String>,
}

/// A console transcript entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// The command.
    pub command: String,
    /// Standard output with object links.
    pub stdout: Vec<Segment>,
    /// Standard error.
    pub stderr: String,
}

/// A lesson in the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRow {
    /// Id.
    pub id: &'static str,
    /// Title.
    pub title: Text,
    /// All goals met once.
    pub done: bool,
    /// The lesson being followed.
    pub current: bool,
}

/// The goals panel of the lesson or scenario followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalsView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// Its explanation.
    pub text: Text,
    /// Each goal now.
    pub results: Vec<GoalResult>,
    /// Every goal is met.
    pub all_met: bool,
}

/// A field of the settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsField {
    /// Number of nodes.
    Nodes,
    /// `Watch`, `Cache` or `Get`.
    Strategy,
    /// syncFrequency in seconds.
    SyncSeconds,
    /// Cache TTL in seconds.
    TtlSeconds,
    /// The seed.
    Seed,
}

/// Sets a settings field from the form's text. A number that does not parse (or is
/// negative) leaves the field as it was; an unknown strategy means `Watch`.
pub fn set_field(settings: &mut Settings, field: SettingsField, value: &str) {
    if field == SettingsField::Strategy {
        settings.strategy = match value {
            "Cache" => Strategy::Cache,
            "Get" => Strategy::Get,
            _ => Strategy::Watch,
        };
        return;
    }
    let Ok(v) = value.trim().parse::<f64>() else { return };
    if !v.is_finite() || v < 0.0 {
        return;
    }
    let v = v as u64;
    match field {
        SettingsField::Nodes => settings.nodes = v.min(1000) as u16,
        SettingsField::SyncSeconds => settings.sync_period_ms = v.saturating_mul(1000),
        SettingsField::TtlSeconds => settings.cache_ttl_ms = v.saturating_mul(1000),
        SettingsField::Seed => settings.seed = v,
        SettingsField::Strategy => {}
    }
}

/// The strategy's name as the form shows it (`Watch`, `Cache`, `Get`).
pub fn strategy_name(s: Strategy) -> &'static str {
    match s {
        Strategy::Watch => "Watch",
        Strategy::Cache => "Cache",
        Strategy::Get => "Get",
    }
}

/// The one-line summary of settings, e.g. ` — 1 node(s), Watch, sync 60s, TTL 60s, seed 1`.
pub fn settings_summary(s: &Settings) -> String {
    format!(
        " — {} node(s), {}, sync {}s, TTL {}s, seed {}",
        s.nodes,
        strategy_name(s.strategy),
        s.sync_period_ms / 1000,
        s.cache_ttl_ms / 1000,
        s.seed
    )
}

/// The virtual time in ms for a "jump to" field in seconds (0 to 24 h), if it is one.
pub fn jump_target_ms(seconds: &str) -> Option<u64> {
    let s = seconds.trim().parse::<f64>().ok()?;
    (0.0..=86_400.0).contains(&s).then_some((s * 1000.0) as u64)
}

/// A node tree entry as one line: mode, indented name, and ` -> target` or `  (N B)`.
pub fn tree_line(e: &views::TreeEntry) -> String {
    let name = e.path.rsplit('/').next().unwrap_or("");
    let indent = "  ".repeat(e.depth.saturating_sub(1));
    let tail = match &e.target {
        Some(t) => format!(" -> {t}"),
        None if e.kind == '-' => format!("  ({} B)", e.bytes),
        None => String::new(),
    };
    format!("{} {indent}{name}{tail}\n", e.mode)
}

impl State {
    /// The editor pane.
    pub fn editor(&self) -> EditorView {
        let text = self.playground().recipe().editor.clone();
        let line_count = text.lines().count().max(1) + usize::from(text.ends_with('\n'));
        let last = self.playground().last_apply();
        EditorView {
            line_count,
            error_lines: last.iter().filter(|d| d.error).map(|d| d.line).collect(),
            results: last.iter().map(|d| ApplyResult { line: d.line, text: d.text.clone(), error: d.error }).collect(),
            text,
        }
    }

    /// The clock.
    pub fn clock(&self) -> ClockView {
        let c = self.playground().cluster();
        ClockView { now: super::duration(c.now_ms()), steps: c.steps() }
    }

    /// How many events the timeline holds.
    pub fn timeline_len(&self) -> usize {
        self.playground().cluster().events().len()
    }

    /// Timeline row `i` (rows are built for the visible part of the list only).
    pub fn timeline_row(&self, i: usize) -> Option<TimelineRow> {
        views::timeline_row(self.playground().cluster(), i)
    }

    /// The explanation of event `selected` (else the last event) in `lang`.
    pub fn explanation(&self, selected: Option<usize>, lang: Lang) -> Option<String> {
        let count = self.timeline_len();
        let shown = selected.filter(|i| *i < count).or_else(|| count.checked_sub(1))?;
        self.timeline_row(shown).map(|r| if lang == Lang::Ko { r.explain_ko } else { r.explain_en })
    }

    /// The resources view.
    pub fn resources(&self) -> ResourcesView {
        let c = self.playground().cluster();
        ResourcesView {
            namespaces: c.store().namespaces().map(|n| n.metadata.name.clone().unwrap_or_default()).collect(),
            secrets: views::secret_rows(c),
            pods: views::pod_rows(c),
            workloads: crate::workload_view::workload_rows(c),
            nodes: c
                .nodes()
                .iter()
                .map(|n| NodeRow { name: n.name.clone(), pods: n.workers.len(), tmpfs_bytes: n.tmpfs_bytes() })
                .collect(),
        }
    }

    /// The secret shown: `selected` if it exists, else the first secret.
    pub fn secret(&self, selected: Option<&ObjectKey>) -> Option<SecretView> {
        let store = self.playground().cluster().store();
        let (ns, name) = selected.filter(|(ns, n)| store.secret(ns, n).is_some()).cloned().or_else(|| {
            store
                .secrets()
                .next()
                .map(|s| (s.metadata.namespace.clone().unwrap_or_default(), s.metadata.name.clone().unwrap_or_default()))
        })?;
        views::secret_view(self.playground().cluster(), &ns, &name)
    }

    /// The pod shown: `selected` if it exists, else the first pod.
    fn pick_pod(&self, selected: Option<&ObjectKey>) -> Option<ObjectKey> {
        let store = self.playground().cluster().store();
        selected.filter(|(ns, n)| store.pod(ns, n).is_some()).cloned().or_else(|| {
            store
                .pods()
                .next()
                .map(|p| (p.metadata.namespace.clone().unwrap_or_default(), p.metadata.name.clone().unwrap_or_default()))
        })
    }

    fn pod_choices(&self) -> Vec<String> {
        let store = self.playground().cluster().store();
        store
            .pods()
            .take(PICKER_PODS)
            .map(|x| format!("{}/{}", x.metadata.namespace.as_deref().unwrap_or(""), x.metadata.name.as_deref().unwrap_or("")))
            .collect()
    }

    /// The pod view (`kubectl describe pod`).
    pub fn pod(&self, selected: Option<&ObjectKey>) -> Option<PodView> {
        let key = self.pick_pod(selected)?;
        let describe = views::describe_pod(self.playground().cluster(), &key.0, &key.1)?;
        Some(PodView { choices: self.pod_choices(), describe, key })
    }

    /// The container view of the pod shown.
    pub fn containers(&self, selected: Option<&ObjectKey>) -> Option<ContainersView> {
        let key = self.pick_pod(selected)?;
        let containers = views::container_views(self.playground().cluster(), &key.0, &key.1);
        Some(ContainersView { choices: self.pod_choices(), containers, key })
    }

    /// The node view: `selected`, else the first node.
    pub fn node(&self, selected: Option<&str>) -> Option<NodeView> {
        let c = self.playground().cluster();
        let name = selected.map(str::to_owned).or_else(|| c.nodes().first().map(|n| n.name.clone()))?;
        views::node_view(c, &name, NODE_ENTRIES)
    }

    /// The node authorizer's graph for the node shown (the first node when none is selected):
    /// the Secrets its kubelet may read and why.
    pub fn node_graph(&self, selected: Option<&str>) -> Option<crate::node_graph_view::NodeGraphView> {
        let c = self.playground().cluster();
        let name = selected.map(str::to_owned).or_else(|| c.nodes().first().map(|n| n.name.clone()))?;
        crate::node_graph_view::node_graph_view(c, &name)
    }

    /// The etcd keys containing `filter`, with their values.
    pub fn etcd(&self, filter: &str) -> EtcdView {
        let store = self.playground().cluster().store();
        let rows = store.etcd();
        let matching: Vec<(String, String)> = rows.into_iter().filter(|(k, _)| k.contains(filter)).collect();
        let encrypted_with = store
            .encryption_config()
            .and_then(|c| c.secret_providers())
            .and_then(|p| p.first())
            .filter(|p| p.type_name() != "identity")
            .map(|p| p.type_name().to_owned());
        EtcdView {
            encrypted_with,
            matching: matching.len(),
            rows: matching
                .into_iter()
                .take(ETCD_SHOWN)
                .map(|(key, value)| {
                    let secret = key.strip_prefix("/registry/secrets/").and_then(|r| r.split_once('/'));
                    let hexdump = secret.and_then(|(ns, name)| kubeplay_api::etcd::secret_hexdump(store, ns, name));
                    EtcdRow { open: secret.is_some(), key, value, hexdump }
                })
                .collect(),
        }
    }

    /// The console transcript as the screen shows it: what came after the last `clear` (as a
    /// terminal's `clear` wipes the screen; ↑/↓ history keeps every command), output linked to
    /// the objects it names.
    pub fn console(&self) -> Vec<ConsoleEntry> {
        let pg = self.playground();
        let ns = &pg.console().namespace;
        let all = pg.transcript();
        let from = all.iter().rposition(|e| e.command.trim() == "clear").map_or(0, |i| i + 1);
        all.get(from..)
            .unwrap_or_default()
            .iter()
            .map(|e| ConsoleEntry {
                command: e.command.clone(),
                stdout: linkify(&e.output.stdout, ns),
                stderr: e.output.stderr.clone(),
            })
            .collect()
    }

    /// The commands typed so far (for ↑/↓).
    pub fn history(&self) -> Vec<String> {
        self.playground().transcript().iter().map(|e| e.command.clone()).collect()
    }

    /// Whether a console command is still running (`get -w`, `logs -f`): Ctrl+C stops it.
    pub fn following(&self) -> bool {
        self.playground().following()
    }

    /// What Tab does to the console input.
    pub fn complete(&self, input: &str) -> Completion {
        let pg = self.playground();
        complete_with(input, &crate::playground::complete(pg.console(), input))
    }

    /// The lesson menu; `done` lists the lessons completed (from the browser's storage).
    pub fn lessons(&self, done: &[String]) -> Vec<LessonRow> {
        let current = self.scenario().map(|s| s.id.as_str());
        crate::lessons::list()
            .into_iter()
            .map(|i| LessonRow { done: done.iter().any(|d| d == i.id), current: current == Some(i.id), id: i.id, title: i.title })
            .collect()
    }

    /// The goals panel, when a lesson or scenario is followed.
    pub fn goals_view(&self) -> Option<GoalsView> {
        let sc = self.scenario()?;
        let results = self.goals().to_vec();
        Some(GoalsView {
            id: sc.id.clone(),
            title: sc.title.clone(),
            text: sc.text.clone(),
            all_met: !results.is_empty() && results.iter().all(|r| r.met),
            results,
        })
    }

    /// The cluster settings in force.
    pub fn settings(&self) -> Settings {
        self.playground().recipe().settings.clone()
    }
}

/// Whether console input is a command with a here-document still open (Enter adds a line).
pub fn heredoc_open(input: &str) -> bool {
    crate::heredoc_delimiter(input.lines().next().unwrap_or(""))
        .is_some_and(|d| !input.lines().skip(1).any(|l| l.trim_start_matches('\t') == d))
}
