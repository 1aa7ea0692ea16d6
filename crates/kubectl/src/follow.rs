//! Commands that keep printing while the simulation runs, until Ctrl+C: `kubectl get -w` and
//! `kubectl logs -f`.
//!
//! A real kubectl blocks on a watch or a log stream; here virtual time moves only when the
//! learner steps, plays or applies, so the console keeps the command's [`Follow`] and asks it
//! after each of those what the command would have printed meanwhile ([`Follow::poll`]).
//!
//! - `get -w` mirrors `staging/src/k8s.io/kubectl/pkg/cmd/get/get.go` `watch()`: the current
//!   list first, then one row per watch event (ADDED, MODIFIED, DELETED) through the same
//!   tabwriter, whose remembered widths keep the rows aligned with the first table
//!   ([`crate::printers::table_remembering`]); the header is printed once, with the first row
//!   (`cli-runtime/pkg/printers/tableprinter.go` `printedHeaders`). A DELETED event shows the
//!   object's last state. Writes that land in the same step are seen together: one row per
//!   object that changed, in its state after the step.
//! - `logs -f` mirrors the kubelet's follow (`pkg/kubelet/kuberuntime/logs/logs.go` ReadLogs):
//!   it prints the lines the container writes as the clock reaches them and ends when that
//!   container instance stops (a restart starts a new instance that the stream does not follow).

use std::collections::BTreeMap;

use kubeplay_api::{Kind, Object};
use kubeplay_cluster::container_log::rfc3339_nano_fixed;
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::Cluster;

use crate::cmd::common::matches_selector;
use crate::describe::{self, event_row, events_header, events_rows};
use crate::printers::{table_remembering, Columns};

/// What the terminal shows when the learner presses Ctrl+C (the tty's echo of the interrupt).
pub const INTERRUPT_ECHO: &str = "^C\n";

/// A command still running in the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Follow {
    /// `kubectl get TYPE [NAME] -w`.
    Watch(Watch),
    /// `kubectl get events -w`.
    Events(EventWatch),
    /// `kubectl logs -f`.
    Logs(LogFollow),
    /// A watch on what never changes here (`kubectl get nodes -w`): quiet until Ctrl+C.
    Quiet,
}

/// What a poll printed, and whether the command ended by itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Poll {
    /// New output.
    pub text: String,
    /// The command finished (its log stream closed); the prompt comes back.
    pub done: bool,
}

impl Follow {
    /// What the command printed since the last poll.
    pub fn poll(&mut self, cluster: &Cluster) -> Poll {
        match self {
            Follow::Watch(w) => Poll { text: w.poll(cluster), done: false },
            Follow::Events(w) => Poll { text: w.poll(cluster), done: false },
            Follow::Logs(l) => l.poll(cluster),
            Follow::Quiet => Poll::default(),
        }
    }
}

/// A watch on one kind of object, as `kubectl get -w` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    kind: Kind,
    /// `None`: every namespace (`-A`) or a cluster-scoped kind.
    namespace: Option<String>,
    /// `kubectl get pod NAME… -w`: only those objects (empty: all).
    names: Vec<String>,
    /// `-l`: the label selector of a list watch.
    selector: Option<String>,
    cols: Columns,
    widths: Vec<usize>,
    printed_headers: bool,
    /// The store's resourceVersion at the last poll (nothing to do while it stays).
    store_rv: u64,
    /// Each watched object as last seen, by (namespace, name).
    seen: BTreeMap<(String, String), Object>,
}

impl Watch {
    /// Starts a watch and returns it with the table printed first (empty when nothing matches:
    /// the printer prints no header without rows, and a watch prints no "No resources found").
    pub fn start(
        cluster: &Cluster,
        kind: Kind,
        namespace: Option<&str>,
        names: Vec<String>,
        selector: Option<&str>,
        cols: Columns,
    ) -> (Self, String) {
        let mut w = Watch {
            kind,
            namespace: namespace.map(str::to_owned),
            names,
            selector: selector.map(str::to_owned),
            cols,
            widths: Vec::new(),
            printed_headers: false,
            store_rv: cluster.store().resource_version(),
            seen: BTreeMap::new(),
        };
        let now = cluster.now_ms();
        let objects = w.current(cluster);
        let rows: Vec<Vec<String>> = objects.iter().map(|o| cols.row(o, now)).collect();
        let text = w.print(rows);
        w.seen = objects.into_iter().map(|o| ((o.namespace().to_owned(), o.name().to_owned()), o)).collect();
        (w, text)
    }

    /// The watched objects as the store holds them now.
    fn current(&self, cluster: &Cluster) -> Vec<Object> {
        let store = cluster.store();
        if self.names.is_empty() {
            let mut all = store.list(self.kind, self.namespace.as_deref());
            if let Some(sel) = &self.selector {
                all.retain(|o| matches_selector(o.meta().labels.as_ref(), sel));
            }
            return all;
        }
        let ns = self.namespace.as_deref().unwrap_or("");
        self.names.iter().filter_map(|n| store.get(self.kind, ns, n).ok()).collect()
    }

    /// Rows through the remembering tabwriter, the header before the first row ever printed.
    fn print(&mut self, rows: Vec<Vec<String>>) -> String {
        if rows.is_empty() {
            return String::new();
        }
        let mut table = Vec::with_capacity(rows.len() + 1);
        if !self.printed_headers {
            table.push(self.cols.header(self.kind));
            self.printed_headers = true;
        }
        table.extend(rows);
        table_remembering(&table, &mut self.widths)
    }

    fn poll(&mut self, cluster: &Cluster) -> String {
        let rv = cluster.store().resource_version();
        if rv == self.store_rv {
            return String::new();
        }
        self.store_rv = rv;
        let now = cluster.now_ms();
        let mut rows = Vec::new();
        let mut still = BTreeMap::new();
        for o in self.current(cluster) {
            let key = (o.namespace().to_owned(), o.name().to_owned());
            let before = self.seen.remove(&key);
            if before.as_ref().is_none_or(|b| b.meta().resource_version != o.meta().resource_version) {
                rows.push((o.meta().resource_version.clone(), self.cols.row(&o, now)));
            }
            still.insert(key, o);
        }
        // What is left was deleted: the DELETED event carries the object's last state.
        for gone in std::mem::replace(&mut self.seen, still).into_values() {
            rows.push((Some(rv.to_string()), self.cols.row(&gone, now)));
        }
        // Watch events come in resourceVersion order.
        rows.sort_by_key(|(v, _)| v.as_deref().and_then(|v| v.parse::<u64>().ok()).unwrap_or(u64::MAX));
        self.print(rows.into_iter().map(|(_, r)| r).collect())
    }
}

/// `kubectl get events -w`: a row for every event recorded since (a repeat is the same Event
/// object counted again, a MODIFIED watch event: its row shows the new count with `-o wide`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventWatch {
    namespace: Option<String>,
    wide: bool,
    widths: Vec<usize>,
    printed_headers: bool,
    /// Events already printed (the cluster's event log only grows).
    seen: usize,
}

impl EventWatch {
    /// Starts the watch and returns it with the table printed first.
    pub fn start(cluster: &Cluster, namespace: Option<&str>, wide: bool) -> (Self, String) {
        let rows = events_rows(cluster, namespace, wide);
        let mut w = EventWatch {
            namespace: namespace.map(str::to_owned),
            wide,
            widths: Vec::new(),
            printed_headers: !rows.is_empty(),
            seen: cluster.events().len(),
        };
        let text = if rows.is_empty() { String::new() } else { table_remembering(&rows, &mut w.widths) };
        (w, text)
    }

    fn poll(&mut self, cluster: &Cluster) -> String {
        let events = cluster.events();
        let from = self.seen.min(events.len());
        self.seen = events.len();
        let now = cluster.now_ms();
        let all_ns = self.namespace.is_none();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (i, e) in events.iter().enumerate().skip(from) {
            if self.namespace.as_deref().is_some_and(|n| e.object.namespace != n) {
                continue;
            }
            let same = events[..=i].iter().filter(|x| {
                x.object == e.object
                    && x.reason == e.reason
                    && x.message == e.message
                    && x.type_ == e.type_
                    && x.field_path == e.field_path
            });
            if let Some(f) = describe::fold(same).first() {
                rows.push(event_row(f, now, all_ns, self.wide));
            }
        }
        if rows.is_empty() {
            return String::new();
        }
        if !self.printed_headers {
            rows.insert(0, events_header(all_ns, self.wide));
            self.printed_headers = true;
        }
        table_remembering(&rows, &mut self.widths)
    }
}

/// `kubectl logs -f`: the log streams still open, one per container followed.
#[derive(Debug, Clone, PartialEq)]
pub struct LogFollow {
    streams: Vec<LogStream>,
    timestamps: bool,
}

/// One container instance's log being followed.
#[derive(Debug, Clone, PartialEq)]
pub struct LogStream {
    namespace: String,
    pod: String,
    uid: String,
    container: String,
    /// The instance followed: the container's restart count when the stream opened.
    instance: i32,
    /// Lines printed so far.
    printed: usize,
}

impl LogFollow {
    /// A follow of the given streams; `None` when none of them is still running (the kubelet
    /// closes a followed stream at once when its container is not running).
    pub fn new(streams: Vec<LogStream>, timestamps: bool) -> Option<Self> {
        (!streams.is_empty()).then_some(LogFollow { streams, timestamps })
    }

    fn poll(&mut self, cluster: &Cluster) -> Poll {
        let now = cluster.now_ms();
        let mut text = String::new();
        let timestamps = self.timestamps;
        self.streams.retain_mut(|s| {
            let Some((_, w)) = cluster.worker(&s.namespace, &s.pod) else { return false };
            if w.pod.metadata.uid.as_deref() != Some(s.uid.as_str()) {
                return false;
            }
            let Some(c) = w.containers.iter().find(|c| c.name == s.container) else { return false };
            let (log, open) = if c.restart_count == s.instance {
                (Some(&c.log), matches!(c.state, RunState::Running { .. }))
            } else {
                // The followed instance exited and the container restarted: its log is the previous one.
                (c.previous_log.as_ref().filter(|_| c.restart_count == s.instance + 1), false)
            };
            if let Some(log) = log {
                for l in log.visible(now).skip(s.printed) {
                    if timestamps {
                        text.push_str(&rfc3339_nano_fixed(l.at_ms));
                        text.push(' ');
                    }
                    text.push_str(&l.text);
                    text.push('\n');
                    s.printed += 1;
                }
            }
            open
        });
        Poll { text, done: self.streams.is_empty() }
    }
}

impl LogStream {
    /// The stream of container `container` of pod `namespace/pod` from the lines visible now
    /// on, if that container is running (only a running container's log is followed).
    pub fn open(cluster: &Cluster, namespace: &str, pod: &str, container: &str) -> Option<Self> {
        let (_, w) = cluster.worker(namespace, pod)?;
        let c = w.containers.iter().find(|c| c.name == container)?;
        let printed = c.log.visible(cluster.now_ms()).count();
        matches!(c.state, RunState::Running { .. }).then(|| LogStream {
            namespace: namespace.to_owned(),
            pod: pod.to_owned(),
            uid: w.pod.metadata.uid.clone().unwrap_or_default(),
            container: container.to_owned(),
            instance: c.restart_count,
            printed,
        })
    }
}
