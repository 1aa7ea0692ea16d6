//! Every built-in lesson: it parses, its starting state does not already pass its goals,
//! and its reference solution (`lessons/solutions/<id>.sh`, console commands) makes every goal pass. Plus the scenario
//! format's errors and the share-link round trip.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use kubeplay_cluster::{Settings, Strategy as KStrategy};
use kubeplay_scenario::recipe::{Recipe, RecipeAction, MAX_CLOCK_MS, RECIPE_VERSION};
use kubeplay_scenario::Error as ScenarioError;
use kubeplay_scenario::{lessons, link, Playground, Scenario};
use proptest::prelude::*;

fn report(sc: &Scenario, pg: &Playground) -> String {
    sc.evaluate(pg).iter().map(|r| format!("  [{}] {} — {}\n", if r.met { "x" } else { " " }, r.text.en, r.detail)).collect()
}

#[test]
fn every_lesson_parses_and_is_bilingual() {
    assert_eq!(lessons::all().len(), lessons::SOURCES.len(), "a lesson failed to parse");
    for (id, text) in lessons::SOURCES {
        let sc = Scenario::parse(text).unwrap_or_else(|e| panic!("lesson {id}: {e}"));
        assert_eq!(sc.id, *id);
        assert!(!sc.title.en.trim().is_empty() && !sc.title.ko.trim().is_empty(), "{id}: title");
        assert!(!sc.text.en.trim().is_empty() && !sc.text.ko.trim().is_empty(), "{id}: text");
        assert!(!sc.goals.is_empty(), "{id}: no goals");
        for g in &sc.goals {
            assert!(!g.text.en.trim().is_empty() && !g.text.ko.trim().is_empty(), "{id}: goal text {:?}", g.text);
        }
        assert!(sc.script.is_none(), "{id}: a lesson's solution lives in lessons/solutions/{id}.sh, not in the lesson");
        assert!(lessons::solution(id).is_some_and(|s| !s.trim().is_empty()), "{id}: no reference solution");
        assert_eq!(lessons::get(id).map(|s| s.id), Some(id.to_string()));
    }
    assert_eq!(lessons::list().len(), lessons::SOURCES.len());
}

#[test]
fn no_lesson_starts_solved() {
    for sc in lessons::all() {
        let mut pg = sc.start().unwrap_or_else(|e| panic!("lesson {}: {e}", sc.id));
        assert!(!sc.all_met(&pg), "lesson {} is solved at the start:\n{}", sc.id, report(&sc, &pg));
        // Waiting alone does not solve it either.
        pg.run_until_idle();
        assert!(!sc.all_met(&pg), "lesson {} is solved by just waiting:\n{}", sc.id, report(&sc, &pg));
    }
}

#[test]
fn every_lesson_is_solved_by_its_solution() {
    for sc in lessons::all() {
        let mut pg = sc.start().unwrap_or_else(|e| panic!("lesson {}: {e}", sc.id));
        let mut transcript = String::new();
        for cmd in kubeplay_scenario::split_commands(lessons::solution(&sc.id).expect("solution")) {
            let out = pg.command(&cmd);
            transcript.push_str(&format!("$ {cmd}\n{}", out.combined()));
        }
        pg.run_until_idle();
        assert!(sc.all_met(&pg), "lesson {} not solved by its solution:\n{}\ntranscript:\n{transcript}", sc.id, report(&sc, &pg));
        // The recipe (what a share link carries) rebuilds a state that passes too.
        let link = link::encode(pg.recipe());
        let again = Playground::from_recipe(link::decode(&link).expect("decode")).expect("replay");
        assert!(sc.all_met(&again), "lesson {}: replayed state differs:\n{}", sc.id, report(&sc, &again));
        assert_eq!(again.recipe().lesson.as_deref(), Some(sc.id.as_str()));
    }
}

#[test]
fn lessons_solved_through_the_editor() {
    // secret-volume: apply the editor as given.
    let sc = lessons::get("secret-volume").expect("lesson");
    let mut pg = sc.start().expect("start");
    assert!(pg.recipe().editor.contains("\"secretName\": \"mysecret\""));
    pg.apply_editor();
    pg.run_until_idle();
    pg.command("kubectl exec -n myns mypod -- ls /etc/foo");
    assert!(sc.all_met(&pg), "{}", report(&sc, &pg));

    // file-permissions: the editor's decimal 400 is the trap (0620); fixing it to 256 works.
    let sc = lessons::get("file-permissions").expect("lesson");
    let mut pg = sc.start().expect("start");
    pg.apply_editor();
    pg.run_until_idle();
    let r = sc.evaluate(&pg);
    assert!(!r[0].met && r[0].detail.contains("mode 0620"), "{:?}", r[0]);
    pg.command("kubectl delete pod mypod");
    pg.run_until_idle();
    let fixed = pg.recipe().editor.replace("\"defaultMode\": 400", "\"defaultMode\": 256, \"items\": [{\"key\": \"username\", \"path\": \"username\", \"mode\": 288}, {\"key\": \"password\", \"path\": \"password\"}]");
    pg.set_editor(fixed);
    pg.apply_editor();
    pg.command("kubectl apply -f fsgroup-pod.yaml");
    // Bounded: a resync is always queued, so stepping alone never runs out.
    for _ in 0..10_000 {
        if sc.all_met(&pg) || pg.step().is_none() {
            break;
        }
    }
    assert!(sc.all_met(&pg), "{}", report(&sc, &pg));
}

#[test]
fn shared_recipe_carries_the_scenario_without_its_script() {
    let sc = lessons::get("etcd-plaintext").expect("lesson");
    let r = sc.to_shared_recipe().expect("recipe");
    let text = r.scenario.clone().expect("scenario");
    assert!(!text.contains("\"script\""), "{text}");
    let back = link::decode(&link::encode(&r)).expect("decode");
    let sc2 = lessons::of_recipe(&back).expect("some").expect("parse");
    assert_eq!(sc2.goals, sc.goals);
    assert_eq!(sc2.script, None);
    // A recipe naming only a built-in lesson finds it.
    let plain = sc.to_recipe().expect("recipe");
    assert_eq!(lessons::of_recipe(&plain).expect("some").expect("parse").id, "etcd-plaintext");
    assert!(lessons::of_recipe(&Recipe::default()).is_none());
}

fn err(text: &str) -> String {
    match Scenario::parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "id: t\ntitle: {en: T}\ntext: {en: T}\n";

#[test]
fn format_errors_name_the_path() {
    let goals = "goals:\n- text: {en: a}\n  pod: p\n- text: {en: b}\n  pod: p\n- text: {en: c}\n  fille: /etc/foo\n  pod: p\n";
    assert_eq!(err(&format!("{HEAD}{goals}")), "goals[2].fille: unknown field (line 10, column 10)");
    assert_eq!(err(&format!("{HEAD}setings: {{}}\n")), "setings: unknown field (line 4, column 10)");
    assert!(err(&format!("{HEAD}settings: {{nodez: 2}}\n")).starts_with("settings.nodez: unknown field"));
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  event: {{reason: X, typ: Warning}}\n"))
        .starts_with("goals[0].event.typ: unknown field"));
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  file: /x\n  pod: p\n  phase: Running\n"))
        .starts_with("goals[0].phase: not used by a `file` goal"));
    assert!(
        err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  file: /x\n")).starts_with("goals[0].pod: a `file` goal needs the pod")
    );
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  file: /x\n  pod: p\n  mode: \"0900\"\n"))
        .starts_with("goals[0].mode: must be an octal string"));
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  env: X\n  secret: s\n  pod: p\n"))
        .starts_with("goals[0].secret: a goal checks one thing"));
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n")).starts_with("goals[0]: a goal needs one of"));
    assert!(
        err(&format!("{HEAD}settings: {{syncPeriod: soon}}\n")).starts_with("settings.syncPeriod: \"soon\" is not a duration")
    );
    assert!(err(&format!("{HEAD}settings: {{strategy: Often}}\n")).starts_with("settings.strategy: unknown variant `Often`"));
    assert!(err("id: t\ntitle: {en: T}\n").contains("missing field `text`"));
    assert!(matches!(Scenario::parse("id: [\n"), Err(ScenarioError::Syntax { .. })));
    assert!(err(&format!("{HEAD}---\nid: u\n")).contains("one document"));
}

#[test]
fn settings_and_goal_kinds_parse() {
    let text = format!(
        "{HEAD}settings: {{nodes: 3, seed: 9, strategy: Get, syncPeriod: 1m30s, cacheTTL: 10s}}\nrunAtStart: 45s\ngoals:\n\
         - text: {{en: a}}\n  file: /etc/foo/p\n  pod: p\n  mode: 0400\n\
         - text: {{en: b}}\n  env: E\n  pod: p\n  equalsSecret: {{name: s, key: k}}\n\
         - text: {{en: c}}\n  event: {{reason: FailedMount, type: Warning}}\n\
         - text: {{en: d}}\n  pod: p\n  status: ContainerCreating\n"
    );
    let sc = Scenario::parse(&text).expect("parse");
    assert_eq!(
        sc.settings,
        Settings {
            nodes: 3,
            seed: 9,
            strategy: KStrategy::Get,
            cache_ttl_ms: 10_000,
            sync_period_ms: 90_000,
            ..Settings::default()
        }
    );
    use kubeplay_scenario::scenario::{Check, FileExpect};
    assert!(matches!(&sc.goals[0].check, Check::File { expect: FileExpect::Is { mode: Some(0o400), content: None }, .. }));
    assert_eq!(sc.start_at, kubeplay_scenario::scenario::StartAt::After { ms: 45_000 });
    let pg = sc.start().expect("start");
    let r = sc.evaluate(&pg);
    assert!(r.iter().all(|g| !g.met), "{r:?}");
    assert_eq!(r[3].detail, "pod default/p does not exist");
}

fn arb_settings() -> impl Strategy<Value = Settings> {
    (
        1u16..=100,
        any::<u64>(),
        prop_oneof![Just(KStrategy::Watch), Just(KStrategy::Cache), Just(KStrategy::Get)],
        any::<u64>(),
        any::<u64>(),
    )
        .prop_map(|(nodes, seed, strategy, cache_ttl_ms, sync_period_ms)| Settings {
            nodes,
            seed,
            strategy,
            cache_ttl_ms,
            sync_period_ms,
            ..Settings::default()
        })
}

fn arb_recipe() -> impl Strategy<Value = Recipe> {
    let action = prop_oneof![
        (any::<u64>(), 0..=MAX_CLOCK_MS, ".{0,40}").prop_map(|(at, ms, text)| RecipeAction::Apply { at, ms, text }),
        (any::<u64>(), 0..=MAX_CLOCK_MS, ".{0,40}").prop_map(|(at, ms, line)| RecipeAction::Command { at, ms, line }),
        (any::<u64>(), 0..=MAX_CLOCK_MS).prop_map(|(at, ms)| RecipeAction::Interrupt { at, ms }),
    ];
    (
        arb_settings(),
        ".{0,200}",
        proptest::collection::vec(action, 0..8),
        (0u64..=5_000_000, 0..=MAX_CLOCK_MS),
        proptest::option::of("[a-z-]{1,20}"),
        proptest::option::of(".{0,100}"),
    )
        .prop_map(|(settings, editor, actions, (position, position_ms), lesson, scenario)| Recipe {
            v: RECIPE_VERSION,
            settings,
            editor,
            actions,
            position,
            position_ms,
            lesson,
            scenario,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_recipe_survives_a_link(r in arb_recipe()) {
        let link = link::encode(&r);
        prop_assert_eq!(link::decode(&link), Ok(r.clone()));
        prop_assert_eq!(link::decode(&format!("#{link}")), Ok(r));
    }

    #[test]
    fn any_bytes_as_a_link_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = link::decode(&s);
        let _ = link::decode(&format!("v1.{s}"));
    }

    #[test]
    fn any_deflated_bytes_as_a_link_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        use base64::Engine as _;
        let deflated = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
        let frag = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated));
        let _ = link::decode(&frag);
    }

    #[test]
    fn any_text_as_a_scenario_never_panics(s in "(id|title|goals|- text|pod|file|mode|\\{|\\}|:|\\n|  |en|ko|[a-z0-9\"]){0,60}") {
        let _ = Scenario::parse(&s);
    }
}

#[test]
fn secret_shows_finds_the_plain_text_apply_leaves_in_the_annotation() {
    // `start` is applied as `kubectl apply -f` does: the stringData lands in the annotation.
    let text = format!(
        "{HEAD}start: |\n  apiVersion: v1\n  kind: Secret\n  metadata: {{name: applied}}\n  stringData: {{pw: hunter2}}\ngoals:\n\
         - text: {{en: a}}\n  secretShows: {{name: applied, value: hunter2}}\n\
         - text: {{en: b}}\n  secretShows: {{name: created, value: hunter2}}\n  absent: true\n\
         - text: {{en: c}}\n  secretShows: {{name: applied, value: hunter2}}\n  absent: true\n"
    );
    let sc = Scenario::parse(&text).expect("parse");
    let mut pg = sc.start().expect("start");
    let r = sc.evaluate(&pg);
    assert!(r[0].met, "{r:?}");
    assert_eq!(
        r[0].detail,
        "secret applied shows \"hunter2\" in the clear in its annotation kubectl.kubernetes.io/last-applied-configuration"
    );
    assert!(!r[1].met && r[1].detail == "secret default/created does not exist", "{r:?}");
    assert!(!r[2].met, "{r:?}");
    pg.command("kubectl create secret generic created --from-literal=pw=hunter2");
    let r = sc.evaluate(&pg);
    assert!(r[1].met && r[1].detail == "secret created does not show \"hunter2\" in the clear", "{r:?}");
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  secretShows: {{name: s, value: \"\"}}\n"))
        .starts_with("goals[0].secretShows.value: must not be empty"));
    assert!(err(&format!("{HEAD}goals:\n- text: {{en: a}}\n  secretShows: {{name: s, text: x}}\n"))
        .starts_with("goals[0].secretShows.text: unknown field"));
}
