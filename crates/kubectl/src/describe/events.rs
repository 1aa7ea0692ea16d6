//! The events of an object: describe.go DescribeEvents and the recorder's folding of repeats.

use kubeplay_cluster::Event;

use crate::printers::human_duration;

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

/// DescribeEvents: `<none>`, or the folded events sorted by their last occurrence (SortableEvents
/// orders by LastTimestamp), ages as translateTimestampSince, `(xN over D)` for repeats.
pub(crate) fn events_block<'a>(events: impl Iterator<Item = &'a Event>, now_ms: u64) -> String {
    let mut folded = fold(events);
    folded.sort_by_key(|f| f.last.time_ms);
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

/// The rows of `kubectl get events` (header first; none at all when there are no events).
pub fn events_rows(cluster: &kubeplay_cluster::Cluster, ns: Option<&str>, wide: bool) -> Vec<Vec<String>> {
    let mut evs: Vec<&kubeplay_cluster::Event> =
        cluster.events().iter().filter(|e| ns.is_none_or(|n| e.object.namespace == n)).collect();
    // Event names are "<object>.<timestamp hex>": the server lists them by object, then time.
    evs.sort_by(|a, b| (&a.object.namespace, &a.object.name).cmp(&(&b.object.namespace, &b.object.name)));
    let folded = fold(evs.into_iter());
    if folded.is_empty() {
        return Vec::new();
    }
    let now = cluster.now_ms();
    let mut rows = vec![events_header(ns.is_none(), wide)];
    rows.extend(folded.iter().map(|f| event_row(f, now, ns.is_none(), wide)));
    rows
}

/// The header of the events table (printers.go eventColumnDefinitions; NAMESPACE with `-A`).
pub fn events_header(all_ns: bool, wide: bool) -> Vec<String> {
    let mut header: Vec<String> = if wide {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
    } else {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    if all_ns {
        header.insert(0, "NAMESPACE".to_owned());
    }
    header
}

/// One (folded) event's row at virtual time `now` (ms).
pub fn event_row(f: &Folded<'_>, now: u64, all_ns: bool, wide: bool) -> Vec<String> {
    let now = now as i64;
    let e = f.last;
    let last = human_duration(now - e.time_ms as i64);
    // printers.go printEvent: OBJECT is `<kind in lower case>/<name>` of the involved object.
    let obj = format!("{}/{}", e.object.kind.to_ascii_lowercase(), e.object.name);
    let mut row = if wide {
        vec![
            last,
            e.type_.as_str().into(),
            e.reason.into(),
            obj,
            e.field_path.clone().unwrap_or_default(),
            format!("{}{}", e.source, if e.source == "kubelet" { format!(", {}", "node-1") } else { String::new() }),
            e.message.trim().to_owned(),
            human_duration(now - f.first_ms as i64),
            f.count.to_string(),
            format!("{}.{:016x}", e.object.name, f.first_ms),
        ]
    } else {
        vec![last, e.type_.as_str().into(), e.reason.into(), obj, e.message.trim().to_owned()]
    };
    if all_ns {
        row.insert(0, e.object.namespace.clone());
    }
    row
}

#[cfg(test)]
mod tests {
    use kubeplay_cluster::events::ObjectRef;
    use kubeplay_cluster::EventType;

    use super::*;

    fn ev(time_ms: u64, reason: &'static str) -> Event {
        Event {
            time_ms,
            step: 0,
            type_: EventType::Warning,
            reason,
            object: ObjectRef { kind: "Pod", namespace: "default".into(), name: "p".into() },
            message: format!("{reason} happened"),
            source: "kubelet",
            field_path: None,
        }
    }

    /// DescribeEvents sorts by LastTimestamp (SortableEvents): a repeated event whose last occurrence
    /// is the newest moves below the events recorded between its first and last occurrence.
    #[test]
    fn folded_events_sort_by_their_last_occurrence() {
        let events = [ev(0, "FailedMount"), ev(1_000, "Other"), ev(5_000, "FailedMount")];
        let out = crate::tabwriter::format(&events_block(events.iter(), 10_000), 0, 2);
        assert_eq!(
            out,
            "Events:
  Type     Reason       Age               From     Message
  ----     ------       ----              ----     -------
  Warning  Other        9s                kubelet  Other happened
  Warning  FailedMount  5s (x2 over 10s)  kubelet  FailedMount happened
"
        );
    }
}
