//! The timeline: the Kubernetes Events and the steps inside the kubelets between them, in the
//! order they happened, filterable, with times as durations and an explanation that follows the
//! current step.

use kubeplay_cluster::{Cluster, Inside, Internal};

use super::State;
use crate::i18n::Lang;
use crate::views::TimelineRow;

/// Which entries the timeline lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimelineFilter {
    /// Events and internal steps.
    #[default]
    All,
    /// Only the Kubernetes Events (what `kubectl get events` lists).
    Events,
    /// Only the steps inside the kubelet.
    Inside,
}

impl TimelineFilter {
    /// From the filter menu's value (`all`, `events`, `inside`).
    pub fn from_value(v: &str) -> Self {
        match v {
            "events" => TimelineFilter::Events,
            "inside" => TimelineFilter::Inside,
            _ => TimelineFilter::All,
        }
    }
}

/// One timeline entry: a Kubernetes Event or a step inside a kubelet, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// [`Cluster::events`]`[i]`.
    Event(usize),
    /// [`Cluster::internals`]`[i]`.
    Inside(usize),
}

/// A virtual time as a duration since the cluster started, to a tenth of a second
/// (`+15ms`, `+1.0s`, `+1m13.4s`, `+1h2m0.5s`).
pub fn duration(ms: u64) -> String {
    if ms < 1000 {
        return format!("+{ms}ms");
    }
    let tenths = ms / 100;
    let (h, m, s, t) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10);
    match (h, m) {
        (0, 0) => format!("+{s}.{t}s"),
        (0, _) => format!("+{m}m{s}.{t}s"),
        _ => format!("+{h}h{m}m{s}.{t}s"),
    }
}

/// The entries of a cluster in the order they happened, filtered.
fn entries(c: &Cluster, filter: TimelineFilter) -> Vec<Entry> {
    let (events, internals) = (c.events().len(), c.internals());
    let mut out = Vec::with_capacity(events + internals.len());
    let mut j = 0;
    for i in 0..=events {
        while internals.get(j).is_some_and(|x| x.after_events <= i) {
            if filter != TimelineFilter::Events {
                out.push(Entry::Inside(j));
            }
            j += 1;
        }
        if i < events && filter != TimelineFilter::Inside {
            out.push(Entry::Event(i));
        }
    }
    out
}

/// The timeline row of an internal step.
fn inside_row(x: &Internal) -> TimelineRow {
    let e = x.explain();
    TimelineRow {
        step: x.step,
        time: duration(x.time_ms),
        exact: kubeplay_kubectl::printers::event_time(x.time_ms),
        type_: "Inside".to_owned(),
        reason: x.label().to_owned(),
        object: format!("{}/{}", x.object.kind.to_ascii_lowercase(), x.object.name),
        message: x.summary(),
        explain_en: e.en,
        explain_ko: e.ko,
        inside: true,
    }
}

/// Whether an internal step only re-checks (a step made of these changed nothing).
fn quiet(x: &Internal) -> bool {
    matches!(x.what, Inside::Resync | Inside::Unchanged { .. } | Inside::WaitingForVolumes | Inside::SecretLookup { .. })
}

impl State {
    /// The timeline's entries in the order they happened, filtered.
    pub fn timeline_entries(&self, filter: TimelineFilter) -> Vec<Entry> {
        entries(self.playground().cluster(), filter)
    }

    /// The row of one entry.
    pub fn timeline_entry(&self, entry: Entry) -> Option<TimelineRow> {
        let c = self.playground().cluster();
        match entry {
            Entry::Event(i) => crate::views::timeline_row(c, i).map(|mut r| {
                r.time = c.events().get(i).map(|e| duration(e.time_ms)).unwrap_or(r.time);
                r
            }),
            Entry::Inside(i) => c.internals().get(i).map(inside_row),
        }
    }

    /// The explanation of the current step: of `selected` when it belongs to the step the
    /// cluster is at (a clicked entry), else of the step the cluster is at — its last entry, or,
    /// for a step that only moved the clock, what was waited for and that nothing changed.
    pub fn step_explanation(&self, selected: Option<Entry>, lang: Lang) -> Option<String> {
        let c = self.playground().cluster();
        let now = c.steps();
        let pick = |r: TimelineRow| if lang == Lang::Ko { r.explain_ko } else { r.explain_en };
        if let Some(r) = selected.and_then(|e| self.timeline_entry(e)).filter(|r| r.step == now) {
            return Some(pick(r));
        }
        let all = entries(c, TimelineFilter::All);
        let of_step: Vec<Entry> = all.iter().rev().copied().take_while(|e| self.entry_step(*e) == Some(now)).collect();
        let Some(last) = of_step.first().copied() else {
            // Nothing recorded at this step (or before the first): the last entry, if any.
            return all.last().and_then(|e| self.timeline_entry(*e)).map(pick);
        };
        let internals: Vec<&Internal> =
            of_step.iter().filter_map(|e| if let Entry::Inside(i) = e { c.internals().get(*i) } else { None }).collect();
        let clock_only = of_step.iter().all(|e| matches!(e, Entry::Inside(_))) && internals.iter().all(|x| quiet(x));
        if clock_only {
            if let Some(x) = internals.iter().rev().find(|x| matches!(x.what, Inside::Resync | Inside::WaitingForVolumes)) {
                return Some(waited(c, x, now, lang));
            }
        }
        self.timeline_entry(last).map(pick)
    }

    fn entry_step(&self, e: Entry) -> Option<u64> {
        let c = self.playground().cluster();
        match e {
            Entry::Event(i) => c.events().get(i).map(|x| x.step),
            Entry::Inside(i) => c.internals().get(i).map(|x| x.step),
        }
    }
}

/// A step that only moved the clock: what it waited for, that nothing changed, and when the
/// next thing is due.
fn waited(c: &Cluster, x: &Internal, step: u64, lang: Lang) -> String {
    let pod = format!("{}/{}", x.object.namespace, x.object.name);
    let (at, node) = (duration(x.time_ms), &x.node);
    let next = c.next_event_ms().map(duration);
    let waiting = matches!(x.what, Inside::WaitingForVolumes);
    match (lang, waiting) {
        (Lang::En, false) => format!(
            "Step {step} only moved the clock: it waited until {at} for the next periodic sync of {pod} on {node}, which re-checked its volumes; nothing changed.{}",
            next.map(|n| format!(" The next thing due is at {n}.")).unwrap_or_default()
        ),
        (Lang::En, true) => format!(
            "Step {step} only moved the clock: at {at} the pod worker of {pod} on {node} checked again whether every volume is mounted; not yet, so nothing changed.{}",
            next.map(|n| format!(" The next thing due is at {n}.")).unwrap_or_default()
        ),
        (Lang::Ko, false) => format!(
            "{step}단계는 시계만 움직였습니다: {at}까지 {node}에서 {pod}의 다음 주기적 동기화를 기다렸고, 볼륨을 다시 확인했지만 바뀐 것은 없습니다.{}",
            next.map(|n| format!(" 다음 일은 {n}에 있습니다.")).unwrap_or_default()
        ),
        (Lang::Ko, true) => format!(
            "{step}단계는 시계만 움직였습니다: {at}에 {node}의 {pod} 파드 워커가 모든 볼륨이 마운트되었는지 다시 확인했지만 아직이라 바뀐 것은 없습니다.{}",
            next.map(|n| format!(" 다음 일은 {n}에 있습니다.")).unwrap_or_default()
        ),
    }
}
