//! Native tests of the reducer: every action, and the views the panels render.

use super::*;
use crate::i18n::Lang;
use crate::{examples, lessons, link, Problem, Recipe, Settings, Strategy};

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ndata:\n  username: YWRtaW4=\n";
const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\n";

/// A state with the secret and the pod applied (nothing stepped yet).
fn applied() -> State {
    let mut s = State::default();
    s.apply(Action::SetEditor(format!("{SECRET}---\n{POD}")));
    s.apply(Action::Apply);
    s
}

fn pod_status(s: &State) -> String {
    s.resources().pods.first().map(|p| p.status.clone()).unwrap_or_default()
}

#[test]
fn set_editor_and_examples() {
    let mut s = State::default();
    let fx = s.apply(Action::SetEditor("kind: Secret\n".into()));
    assert_eq!(s.editor().text, "kind: Secret\n");
    assert_eq!(s.editor().line_count, 2);
    assert!(fx.save_recipe.is_some_and(|j| j.contains("kind: Secret")));
    let mut e = State::default();
    e.apply(Action::AddExample(examples::EXAMPLES[0].id.into()));
    assert_eq!(e.editor().text, examples::EXAMPLES[0].text);
    e.apply(Action::AddExample(examples::EXAMPLES[1].id.into()));
    assert_eq!(e.editor().text, format!("{}\n---\n{}", examples::EXAMPLES[0].text.trim_end(), examples::EXAMPLES[1].text));
    e.apply(Action::AddExample("no-such-example".into()));
    assert!(e.editor().text.ends_with(examples::EXAMPLES[1].text));
}

#[test]
fn apply_yaml_shows_results_and_errors_at_their_line() {
    let s = applied();
    let ed = s.editor();
    assert_eq!(ed.results.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["secret/mysecret created", "pod/mypod created"]);
    assert!(ed.error_lines.is_empty());
    let r = s.resources();
    assert_eq!(r.secrets.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["mysecret"]);
    assert_eq!(pod_status(&s), "Pending");
    let mut bad = State::default();
    bad.apply(Action::SetEditor("apiVersion: v1\nkind: Secret\nmetadata:\n  name: Bad_Name\n".into()));
    bad.apply(Action::Apply);
    assert_eq!(bad.editor().error_lines, [4]);
    assert!(bad.editor().results[0].error);
}

#[test]
fn step_back_and_go_to_step() {
    let mut s = applied();
    assert_eq!(s.clock().steps, 0);
    s.apply(Action::Step);
    s.apply(Action::Step);
    assert_eq!(s.clock().steps, 2);
    assert!(s.timeline_len() > 0);
    s.apply(Action::StepBack);
    assert_eq!(s.clock().steps, 1);
    s.apply(Action::RunIdle);
    assert_eq!(pod_status(&s), "Running");
    assert!(s.is_idle());
    let last = s.clock().steps;
    s.apply(Action::GoToStep(1));
    assert_eq!(s.clock().steps, 1);
    assert_ne!(pod_status(&s), "Running");
    s.apply(Action::GoToStep(last));
    assert_eq!(pod_status(&s), "Running");
}

#[test]
fn jump_to_a_time_forward_and_back() {
    let mut s = applied();
    s.apply(Action::JumpTo(30_000));
    assert_eq!(s.clock().now, "+30.0s");
    assert_eq!(pod_status(&s), "Running");
    s.apply(Action::JumpTo(0));
    let at_zero = s.clock().steps;
    assert!(s.playground().cluster().events().iter().all(|e| e.time_ms == 0 && e.step <= at_zero));
    assert_eq!(jump_target_ms(" 1.5 "), Some(1_500));
    assert_eq!(jump_target_ms("-1"), None);
    assert_eq!(jump_target_ms("86401"), None);
    assert_eq!(jump_target_ms("x"), None);
}

#[test]
fn console_lines_are_split_into_commands() {
    let mut s = State::default();
    s.apply(Action::Command("kubectl create secret generic s1 --from-literal=a=b\nkubectl get secret s1".into()));
    let c = s.console();
    assert_eq!(c.len(), 2);
    assert_eq!(
        c[0].stdout,
        vec![
            Segment::Text(String::new()),
            Segment::Secret { namespace: "default".into(), name: "s1".into() },
            Segment::Text(" created\n".into())
        ]
    );
    assert!(c[1].stdout.iter().any(|x| matches!(x, Segment::Text(t) if t.contains("s1"))));
    assert_eq!(s.history(), ["kubectl create secret generic s1 --from-literal=a=b", "kubectl get secret s1"]);
    s.apply(Action::Command("kubectl get nothing".into()));
    s.apply(Action::Command("kubectl create secret generic zeta1".into()));
    assert!(!s.console()[2].stderr.is_empty());
    // kubectl's completion offers resource types by their plural names.
    assert_eq!(s.complete("kubectl get sec").input, "kubectl get secrets");
    // An ambiguous prefix lists the choices (only secrets after `describe secret`).
    let both = s.complete("kubectl describe secret ");
    assert_eq!((both.input.as_str(), both.hint.as_deref()), ("kubectl describe secret ", Some("s1  zeta1")));
    assert_eq!(s.complete("kubectl describe secret ze").input, "kubectl describe secret zeta1");
    // `clear` wipes the screen, not the history.
    s.apply(Action::Command("clear".into()));
    assert!(s.console().is_empty());
    s.apply(Action::Command("kubectl get secret s1".into()));
    assert_eq!(s.console().len(), 1);
    assert_eq!(s.console()[0].command, "kubectl get secret s1");
    assert_eq!(s.history().len(), 6);
    assert!(heredoc_open("cat <<EOF > a.txt\nhello"));
    assert!(!heredoc_open("cat <<EOF > a.txt\nhello\nEOF"));
    assert!(!heredoc_open("kubectl get pods"));
}

#[test]
fn views_of_a_running_pod() {
    let mut s = applied();
    s.apply(Action::RunIdle);
    let sec = s.secret(None).expect("secret");
    assert_eq!((sec.name.as_str(), sec.used_by.clone()), ("mysecret", vec!["mypod".to_owned()]));
    assert!(s.secret(Some(&("default".into(), "gone".into()))).is_some_and(|v| v.name == "mysecret"));
    let pod = s.pod(None).expect("pod");
    assert_eq!(pod.key, ("default".to_owned(), "mypod".to_owned()));
    assert_eq!(pod.choices, ["default/mypod"]);
    assert!(pod.describe.starts_with("Name:"), "{}", pod.describe);
    let cs = s.containers(None).expect("containers");
    let f = cs.containers[0].files.iter().find(|f| f.path == "/etc/foo/username").expect("file");
    assert_eq!((f.mode.as_str(), f.content.as_str()), ("-rw-r--r--", "admin"));
    // The full environment `env` prints in the container, each variable with where it came from.
    let env: Vec<(&str, &str)> = cs.containers[0].env.iter().map(|e| (e.name.as_str(), e.source.as_str())).collect();
    assert_eq!(env.first(), Some(&("PATH", "image")));
    assert!(env.contains(&("HOSTNAME", "runtime: the pod name")), "{env:?}");
    assert!(env.contains(&("KUBERNETES_SERVICE_HOST", "kubelet: service links")), "{env:?}");
    let node = s.node(None).expect("node");
    assert_eq!(node.name, "node-1");
    assert!(node.entries.iter().any(|e| tree_line(e).contains("..data -> ")));
    let etcd = s.etcd("/registry/secrets/");
    assert_eq!(etcd.matching, 1);
    assert!(etcd.rows[0].open && etcd.rows[0].value.contains("mysecret"));
    // The real stored bytes: protobuf behind k8s\0, the value readable in the dump's text column.
    let dump = etcd.rows[0].hexdump.as_deref().expect("a secret's hexdump");
    assert!(dump.contains("k8s."), "{dump}");
    let text: String = dump.lines().filter_map(|l| l.split_once('|').map(|(_, t)| t.trim_end_matches('|'))).collect();
    assert!(text.contains("admin"), "{dump}");
    assert_eq!(s.resources().nodes[0].pods, 1);
    assert!(s.explanation(None, Lang::En).is_some());
    assert_ne!(s.explanation(Some(0), Lang::Ko), s.explanation(Some(0), Lang::En));
    assert!(State::default().explanation(None, Lang::En).is_none());
}

#[test]
fn lesson_start_goals_completion_and_leave() {
    let mut s = State::default();
    let fx = s.apply(Action::StartLesson("create-from-literals".into()));
    assert_eq!(fx.show_error, None);
    let g = s.goals_view().expect("goals");
    assert_eq!(g.id, "create-from-literals");
    assert!(!g.all_met && fx.lesson_completed.is_none());
    assert!(s.lessons(&[]).iter().any(|l| l.current && l.id == "create-from-literals"));
    assert!(s.lessons(&["secret-volume".into()]).iter().any(|l| l.done && l.id == "secret-volume"));
    let script = lessons::solution("create-from-literals").expect("solution").to_owned();
    s.apply(Action::Command(script));
    let fx = s.apply(Action::RunIdle);
    assert!(s.goals_view().is_some_and(|g| g.all_met));
    assert_eq!(fx.lesson_completed.as_deref(), Some("create-from-literals"));
    let steps = s.clock().steps;
    let fx = s.apply(Action::LeaveLesson);
    assert!(s.goals_view().is_none() && fx.lesson_completed.is_none());
    assert_eq!(s.clock().steps, steps, "leaving keeps the cluster");
    let fx = s.apply(Action::StartLesson("no-such-lesson".into()));
    assert_eq!(fx.show_error.as_deref(), Some("no lesson \"no-such-lesson\""));
    assert_eq!(s.error(), fx.show_error.as_deref());
    s.apply(Action::Step);
    assert_eq!(s.error(), None, "the next action clears the error");
}

#[test]
fn settings_change_replays_and_bad_settings_keep_the_state() {
    let mut s = applied();
    s.apply(Action::RunIdle);
    let mut set = s.settings();
    set_field(&mut set, SettingsField::Nodes, "3");
    set_field(&mut set, SettingsField::Strategy, "Cache");
    set_field(&mut set, SettingsField::SyncSeconds, "30");
    set_field(&mut set, SettingsField::TtlSeconds, "5");
    set_field(&mut set, SettingsField::Seed, "7");
    set_field(&mut set, SettingsField::Seed, "-1");
    set_field(&mut set, SettingsField::Seed, "x");
    assert_eq!(
        set,
        Settings {
            nodes: 3,
            seed: 7,
            strategy: Strategy::Cache,
            cache_ttl_ms: 5_000,
            sync_period_ms: 30_000,
            ..Settings::default()
        }
    );
    assert_eq!(settings_summary(&set), " — 3 node(s), Cache, sync 30s, TTL 5s, seed 7");
    let fx = s.apply(Action::SetSettings(set.clone()));
    assert_eq!(fx.show_error, None);
    assert_eq!(s.settings(), set);
    assert_eq!(s.resources().nodes.len(), 3);
    assert_eq!(s.resources().pods.len(), 1);
    let mut zero = set.clone();
    set_field(&mut zero, SettingsField::Nodes, "0");
    let fx = s.apply(Action::SetSettings(zero));
    assert!(fx.show_error.is_some_and(|e| e.contains("nodes must be 1 to 100")));
    assert_eq!(s.settings(), set, "the state stays as it was");
}

#[test]
fn links_good_and_broken_and_load() {
    let mut s = applied();
    s.apply(Action::Step);
    let frag = s.share_fragment();
    let mut other = State::default();
    let fx = other.apply(Action::OpenLink(format!("#{frag}")));
    assert_eq!(fx.show_error, None);
    assert_eq!(other.clock().steps, 1);
    assert_eq!(other.editor().text, s.editor().text);
    let fx = other.apply(Action::OpenLink("#v1.!!!".into()));
    assert!(fx.show_error.as_deref().is_some_and(|e| e.starts_with("the link is damaged or cut off")), "{fx:?}");
    assert_eq!(other.resources().secrets.len(), 0, "a broken link leaves an empty playground");
    let (loaded, fx) = State::load(Some(&frag), None);
    assert_eq!((loaded.clock().steps, fx.show_error), (1, None));
    let (loaded, fx) = State::load(Some("#hello"), None);
    assert_eq!(fx.show_error.as_deref(), Some("not a kubeplay link (it should start with #v1.)"));
    assert_eq!(loaded.error(), fx.show_error.as_deref());
    let saved = s.playground().recipe().to_json();
    let (loaded, fx) = State::load(None, Some(&saved));
    assert_eq!((loaded.clock().steps, fx.show_error, fx.save_recipe), (1, None, Some(saved)));
    let (loaded, fx) = State::load(None, Some("{not json"));
    // Not dropped silently any more (issue 15): reported and kept aside.
    assert_eq!(loaded.clock().steps, 0);
    assert!(fx.show_error.is_some() && fx.keep_unrestorable.as_deref() == Some("{not json"));
    let r = link::decode(&frag).expect("decode");
    assert_eq!(Recipe::from_json(&r.to_json()), Ok(r));
}

#[test]
fn reset_clears_everything() {
    let mut s = applied();
    s.apply(Action::StartLesson("secret-volume".into()));
    s.apply(Action::Step);
    let fx = s.apply(Action::Reset);
    assert_eq!(s.clock().steps, 0);
    assert!(s.goals_view().is_none() && s.editor().text.is_empty() && s.console().is_empty());
    assert_eq!(fx.save_recipe, Some(Recipe::default().to_json()));
}

#[test]
fn a_link_opens_beside_the_saved_work_and_restore_brings_it_back() {
    // issue 15: opening a share link (even a broken one) must not lose the saved session.
    let mut mine = State::default();
    mine.apply(Action::SetEditor("apiVersion: v1\nkind: Secret\nmetadata: {name: mine}\n".into()));
    let saved = mine.apply(Action::Apply).save_recipe.expect("saved");
    let mut other = State::default();
    other.apply(Action::Command("kubectl create secret generic theirs --from-literal=k=v".into()));
    let frag = link::encode(other.playground().recipe());

    for fragment in [frag.as_str(), "#v1.garbage"] {
        let (mut s, fx) = State::load_beside(Some(fragment), Some(&saved), None);
        assert_eq!(fx.set_aside.as_deref(), Some(saved.as_str()), "{fragment}");
        assert!(s.has_previous());
        assert_ne!(fx.save_recipe.as_deref(), Some(saved.as_str()));
        // Working in the link's session keeps the saved work aside.
        s.apply(Action::Step);
        assert!(s.has_previous());
        let fx = s.apply(Action::RestorePrevious);
        assert_eq!(fx.save_recipe.as_deref(), Some(saved.as_str()));
        assert!(s.editor().text.contains("name: mine"));
        // The link's session is now the one kept aside, so the user can switch back.
        assert!(s.has_previous() && fx.set_aside.is_some_and(|j| j != saved));
    }
    // The same when the link opens in the running app (a hash change).
    let mut s = State::load(None, Some(&saved)).0;
    let fx = s.apply(Action::OpenLink("#v1.garbage".into()));
    assert!(s.has_previous() && fx.set_aside.as_deref() == Some(saved.as_str()) && fx.show_error.is_some());
    s.apply(Action::RestorePrevious);
    assert!(s.editor().text.contains("name: mine"));
    // After a reload the set-aside copy is offered again; an empty saved session sets nothing aside.
    let (s, fx) = State::load_beside(None, Some(&Recipe::default().to_json()), Some(&saved));
    assert!(s.has_previous() && fx.set_aside.is_none());
    let (s, fx) = State::load_beside(Some(&frag), Some(&Recipe::default().to_json()), None);
    assert!(!s.has_previous() && fx.set_aside.is_none());
    // A link of the very session that is saved sets nothing aside.
    let (s, _) = State::load_beside(Some(&link::encode(&Recipe::from_json(&saved).expect("json"))), Some(&saved), None);
    assert!(!s.has_previous());
}

/// Two 900 KiB secrets applied (issue 15): 3.6 MB of recipe text, over the 3 MiB a load accepts.
fn two_big_secrets() -> String {
    let big = "a".repeat(900 * 1024);
    (1..=2)
        .map(|i| format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big{i}\nstringData:\n  k: {big}\n"))
        .collect::<Vec<_>>()
        .join("---\n")
}

#[test]
fn a_session_too_large_to_save_says_so_and_keeps_the_last_good_copy() {
    let mut s = applied();
    let good = s.apply(Action::Step).save_recipe.expect("a small session is saved");
    s.apply(Action::SetEditor(two_big_secrets()));
    let fx = s.apply(Action::Apply);
    assert_eq!(s.resources().secrets.len(), 3, "the apply itself works");
    assert_eq!(fx.save_recipe, None, "nothing is saved over the last good copy");
    assert!(fx.save_refused.as_deref().is_some_and(|w| w.contains("at most 3145728")), "{:?}", fx.save_refused);
    // The last good copy restores; a session back under the limit saves again.
    let (back, fx) = State::load(None, Some(&good));
    assert!(back.error().is_none() && fx.keep_unrestorable.is_none());
    assert!(back.resources().secrets.iter().any(|x| x.name == "mysecret"));
    let fx = s.apply(Action::Reset);
    assert!(fx.save_recipe.is_some() && fx.save_refused.is_none());
}

#[test]
fn a_saved_session_that_cannot_be_restored_is_kept_aside_and_reported() {
    let big = Recipe { editor: "x".repeat(crate::recipe::MAX_TEXT_BYTES + 1), ..Recipe::default() };
    for saved in [big.to_json(), "{not json".to_owned(), r#"{"v":99}"#.to_owned()] {
        let (s, fx) = State::load(None, Some(&saved));
        assert_eq!(fx.keep_unrestorable.as_deref(), Some(saved.as_str()), "kept under its own key");
        assert_eq!(s.problem(), Problem::SavedSession);
        assert!(s.error().is_some_and(|e| !e.is_empty()));
        assert!(fx.show_error.is_some());
    }
    // A broken link is a link problem, and sets nothing aside as unrestorable.
    let (s, fx) = State::load(Some("#v1.garbage"), Some(&big.to_json()));
    assert_eq!(s.problem(), Problem::Link);
    assert!(fx.keep_unrestorable.is_none());
    // A good saved session, or none, reports nothing.
    let (s, fx) = State::load(None, None);
    assert!(s.error().is_none() && fx.keep_unrestorable.is_none());
}

#[test]
fn the_welcome_shows_on_a_first_visit_until_a_start_is_picked() {
    // Nothing saved, no link: the welcome, and nothing saved yet (a reload shows it again).
    let (mut s, fx) = State::load(None, None);
    assert!(s.welcome());
    assert_eq!(fx.save_recipe, None);
    // Closing it for an empty editor saves the empty session, so the next load has no welcome.
    let fx = s.apply(Action::DismissWelcome);
    assert!(!s.welcome());
    let saved = fx.save_recipe.expect("saved");
    assert!(!State::load(None, Some(&saved)).0.welcome());
    // Any other first action closes it too: the first lesson, or the docs' example.
    let first = lessons::first().expect("a first lesson");
    assert_eq!(first.id, lessons::list()[0].id);
    let (mut s, _) = State::load(None, None);
    s.apply(Action::StartLesson(first.id.to_owned()));
    assert!(!s.welcome());
    assert_eq!(s.scenario().map(|x| x.id.as_str()), Some(first.id));
    let (mut s, _) = State::load(None, None);
    s.apply(Action::AddExample("secret".into()));
    s.apply(Action::AddExample("volume-pod".into()));
    assert!(!s.welcome());
    assert!(s.editor().text.contains("name: mysecret") && s.editor().text.contains("name: mypod"));
    // A share link or saved work never gets the welcome.
    let link = link::encode(&Recipe::default());
    assert!(!State::load(Some(&link), None).0.welcome());
    assert!(!State::load(None, Some(&Recipe::default().to_json())).0.welcome());
}

/// The audit view: off without a policy; with the lesson's leaky policy the secret's create is
/// listed newest first and flagged as carrying the secret's data; the filter narrows the rows.
#[test]
fn audit_view_lists_events_and_flags_the_leak() {
    let mut s = State::default();
    let off = s.audit("");
    assert!(!off.enabled && off.rows.is_empty());
    s.apply(Action::Command(
        "cat > audit.yaml <<EOF\napiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Request\n  resources: [{group: \"\", resources: [secrets]}]\n- level: Metadata\nEOF\nkubeplay apiserver --audit-policy-file=audit.yaml\nkubectl create secret generic db --from-literal=password=s3cr3t\nkubectl get configmaps".into(),
    ));
    let v = s.audit("");
    assert!(v.enabled);
    assert_eq!((v.rules, v.matching, v.leaking), (2, 2, 1));
    assert_eq!(v.rows[0].summary, "list configmaps -n default");
    assert_eq!((v.rows[0].level, v.rows[0].leaks_secret), ("Metadata", false));
    assert_eq!(v.rows[1].summary, "create secrets default/db");
    assert_eq!((v.rows[1].level, v.rows[1].stage, v.rows[1].code), ("Request", "ResponseComplete", Some(201)));
    assert!(v.rows[1].leaks_secret && v.rows[1].line.contains("czNjcjN0"));
    assert_eq!(v.rows[1].user, "kubernetes-admin");
    assert_eq!(s.audit("configmaps").matching, 1);
}
