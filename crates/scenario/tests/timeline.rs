//! Issue 16 item 1: every step of the docs' `mysecret` + `mypod` example is visible in the
//! timeline (the steps inside the kubelet beside the Events), explained, filterable, with times
//! as durations; the explanation follows the current step, and a step that only moves the clock
//! says what it waited for.
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_scenario::app::{duration, Entry, TimelineFilter};
use kubeplay_scenario::i18n::Lang;
use kubeplay_scenario::{Action, State};

/// The Secrets concept page's example (concepts/configuration/secret, "Using a Secret as files").
const DOCS: &str = "apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
---
apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: \"/etc/foo\"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
";

fn applied() -> State {
    let mut s = State::default();
    s.apply(Action::SetEditor(DOCS.to_owned()));
    s.apply(Action::Apply);
    s
}

fn reasons(s: &State, filter: TimelineFilter) -> Vec<String> {
    s.timeline_entries(filter).into_iter().filter_map(|e| s.timeline_entry(e)).map(|r| r.reason).collect()
}

#[test]
fn steps_two_to_four_each_add_an_explained_entry_inside_the_kubelet() {
    let mut s = applied();
    s.apply(Action::Step);
    assert_eq!(reasons(&s, TimelineFilter::All), ["Scheduled"]);
    let mut seen = s.timeline_entries(TimelineFilter::All).len();
    let want = [(2, "PodAdmitted", "admitted it"), (3, "FilesWritten", "..data"), (4, "FilesWritten", "kube-api-access-")];
    for (step, reason, says) in want {
        s.apply(Action::Step);
        let entries = s.timeline_entries(TimelineFilter::All);
        assert!(entries.len() > seen, "step {step} adds an entry");
        seen = entries.len();
        let last = s.timeline_entry(*entries.last().expect("entry")).expect("row");
        assert_eq!((last.step, last.reason.as_str(), last.inside), (step, reason, true));
        let explain = s.step_explanation(None, Lang::En).expect("explanation");
        assert!(explain.starts_with("Inside the kubelet: "), "{explain}");
        assert!(explain.contains(says), "step {step}: {explain}");
        let ko = s.step_explanation(None, Lang::Ko).expect("Korean");
        assert!(ko.starts_with("kubelet 내부: "), "{ko}");
    }
    // Step 3 also shows the secret manager's lookup, before the files are written.
    let inside = reasons(&s, TimelineFilter::Inside);
    assert_eq!(inside, ["PodAdmitted", "SecretCacheHit", "FilesWritten", "FilesWritten"]);
    assert_eq!(reasons(&s, TimelineFilter::Events), ["Scheduled"], "the Events filter lists what kubectl get events does");
}

#[test]
fn the_explanation_follows_the_current_step_and_a_clicked_entry() {
    let mut s = applied();
    s.apply(Action::RunIdle);
    let all = s.timeline_entries(TimelineFilter::All);
    // Run until idle ends on periodic syncs that change nothing: the explanation says so.
    let now = s.step_explanation(None, Lang::En).expect("explanation");
    assert!(now.contains("only moved the clock") && now.contains("nothing changed"), "{now}");
    assert!(now.contains("next periodic sync of default/mypod on node-1"), "{now}");
    let ko = s.step_explanation(None, Lang::Ko).expect("Korean");
    assert!(ko.contains("시계만 움직였습니다"), "{ko}");
    // Clicking the Scheduled event goes to its step and explains it.
    let scheduled = all.iter().copied().find(|e| matches!(e, Entry::Event(0))).expect("Scheduled");
    let row = s.timeline_entry(scheduled).expect("row");
    s.apply(Action::GoToStep(row.step));
    let explain = s.step_explanation(Some(scheduled), Lang::En).expect("explanation");
    assert_eq!(explain, row.explain_en);
    // A step later, the old selection no longer applies: the new step is explained.
    s.apply(Action::Step);
    assert_eq!(s.step_explanation(Some(scheduled), Lang::En).as_deref().map(|e| e.contains("admitted")), Some(true));
    // Jumping to a time explains the step reached.
    s.apply(Action::JumpTo(1_500));
    let at = s.step_explanation(None, Lang::En).expect("explanation");
    assert!(at.contains("mypod"), "{at}");
}

#[test]
fn the_container_start_is_visible_inside() {
    let mut s = applied();
    s.apply(Action::RunIdle);
    let inside = reasons(&s, TimelineFilter::Inside);
    for r in ["EnvResolved", "ProcessStart", "PodSync", "Unchanged"] {
        assert!(inside.iter().any(|x| x == r), "{r} in {inside:?}");
    }
    let start = s
        .timeline_entries(TimelineFilter::Inside)
        .into_iter()
        .filter_map(|e| s.timeline_entry(e))
        .find(|r| r.reason == "ProcessStart")
        .expect("ProcessStart");
    assert_eq!(start.message, "container mypod of default/mypod runs docker-entrypoint.sh redis-server");
    assert_eq!(start.time, "+1.0s");
}

#[test]
fn a_secret_update_reaches_the_watch_then_the_files() {
    let mut s = applied();
    s.apply(Action::RunIdle);
    s.apply(Action::Command("kubectl patch secret mysecret -p '{\"stringData\":{\"password\":\"new\"}}'".into()));
    let inside = reasons(&s, TimelineFilter::Inside);
    assert_eq!(inside.last().map(String::as_str), Some("WatchEvent"));
    s.apply(Action::RunIdle);
    let rows: Vec<_> = s.timeline_entries(TimelineFilter::Inside).into_iter().filter_map(|e| s.timeline_entry(e)).collect();
    let swap = rows.iter().find(|r| r.reason == "DataSwapped").expect("..data swapped");
    assert!(swap.message.contains("updated volume \"foo\" of pod default/mypod: new ..2026_01_01_"), "{}", swap.message);
    assert!(swap.explain_en.contains("swapped ..data to it in one rename"), "{}", swap.explain_en);
}

#[test]
fn times_read_as_durations() {
    assert_eq!(duration(0), "+0ms");
    assert_eq!(duration(15), "+15ms");
    assert_eq!(duration(1_081), "+1.0s");
    assert_eq!(duration(73_416), "+1m13.4s");
    assert_eq!(duration(140_167), "+2m20.1s");
    assert_eq!(duration(3_723_456), "+1h2m3.4s");
}
