//! The playground's time machine: stepping back restores the nearest snapshot and replays the
//! recipe from there, and lands on exactly the state a replay of the truncated recipe gives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubeplay_scenario::{Playground, Recipe, Settings};

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ndata:\n  username: YWRtaW4=\n";

fn pod(name: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\n")
}

/// Everything a learner can see of a playground, for comparison.
fn seen(pg: &Playground) -> String {
    format!(
        "steps {}\nnow {}\nevents {:?}\ntranscript {:?}\nfiles {:?}\nlast apply {:?}\netcd {:?}\nposition {}\nactions {}",
        pg.steps(),
        pg.cluster().now_ms(),
        pg.cluster().events(),
        pg.transcript(),
        pg.console().dir_files("."),
        pg.last_apply(),
        pg.cluster().store().etcd(),
        pg.recipe().position,
        pg.recipe().actions.len(),
    )
}

/// The state `from_recipe` gives for the recipe cut at step `n`.
fn replayed_at(pg: &Playground, n: u64) -> Playground {
    let mut recipe: Recipe = pg.recipe().clone();
    recipe.actions.retain(|a| a.at() <= n);
    recipe.position = n;
    recipe.position_ms = 0;
    Playground::from_recipe(recipe).expect("replay")
}

#[test]
fn an_action_after_a_jump_in_time_replays_at_its_own_time() {
    let mut pg = Playground::new(Settings { seed: 9, ..Settings::default() }).expect("new");
    pg.set_editor(SECRET.to_owned());
    pg.apply_editor();
    pg.run_until_idle();
    // Nothing is due for a while: the jump only moves the clock, without a step of its own.
    let idle_steps = pg.steps();
    let jumped_to = pg.cluster().now_ms() + 3_000;
    pg.run_for(3_000);
    assert_eq!((pg.steps(), pg.cluster().now_ms()), (idle_steps, jumped_to));
    pg.set_editor(pod("mypod"));
    pg.apply_editor();
    pg.step();
    pg.step();
    let scheduled = pg.cluster().events().iter().find(|e| e.reason == "Scheduled").expect("scheduled").time_ms;
    assert!(scheduled >= jumped_to, "the pod was scheduled at {scheduled} ms, before it was created at {jumped_to} ms");
    let live = seen(&pg);
    // Step back and forward, a replay of the recipe, and a share link all keep the pod's time.
    pg.step_back();
    pg.step();
    assert_eq!(seen(&pg), live);
    assert_eq!(seen(&Playground::from_recipe(pg.recipe().clone()).expect("replay")), live);
    // A jump at the end of the session is kept too (the clock stands past the last step).
    pg.run_for(1_000_000);
    let (steps, now) = (pg.steps(), pg.cluster().now_ms());
    let reloaded = Playground::from_recipe(Recipe::from_json(&pg.recipe().to_json()).expect("json")).expect("replay");
    assert_eq!((reloaded.steps(), reloaded.cluster().now_ms()), (steps, now));
}

#[test]
fn stepping_back_across_an_apply_and_a_command_equals_a_replay_of_the_cut_recipe() {
    let mut pg = Playground::new(Settings { seed: 5, ..Settings::default() }).expect("new");
    pg.command("echo hello > note.txt");
    pg.set_editor(SECRET.to_owned());
    pg.apply_editor();
    pg.step();
    pg.step();
    pg.set_editor(pod("mypod"));
    pg.apply_editor();
    pg.step();
    pg.command("kubectl create secret generic other --from-literal=a=b > out.txt");
    pg.step();
    pg.step();
    pg.command("cat note.txt >> out.txt");
    pg.step();
    // A command that lets time pass, then more steps.
    pg.command("kubectl wait --for=condition=Ready pod/mypod");
    let before = pg.steps();
    pg.command("sleep 600");
    assert!(pg.steps() > before + 2, "{before} -> {}", pg.steps());
    pg.step();
    pg.step();
    let end = pg.steps();
    for n in (0..end).rev() {
        let mut back = pg.clone();
        back.go_to_step(n);
        assert_eq!(seen(&back), seen(&replayed_at(&pg, n)), "going back to step {n}");
    }
    // Step back one at a time, all the way.
    let mut back = pg.clone();
    while back.steps() > 0 {
        let n = back.steps() - 1;
        back.step_back();
        assert_eq!(seen(&back), seen(&replayed_at(&pg, n)), "stepping back to step {n}");
    }
    // Back to step 0 (after the first command and both applies), then forward again.
    let mut again = pg.clone();
    again.go_to_step(0);
    assert_eq!(again.transcript().len(), 1, "{:?}", pg.recipe().actions);
    assert_eq!(again.recipe().actions.len(), 3);
    assert_eq!(again.console().read_file("note.txt").ok().as_deref(), Some("hello\n"));
    assert!(again.console().read_file("out.txt").is_err());
    again.go_to_step(5);
    assert_eq!(again.steps(), 5);
}

#[test]
fn a_far_jump_back_after_thousands_of_steps_starts_from_a_snapshot() {
    let mut pg = Playground::new(Settings { seed: 2, ..Settings::default() }).expect("new");
    let mut text = SECRET.to_owned();
    for i in 0..20 {
        text.push_str("---\n");
        text.push_str(&pod(&format!("p{i}")));
    }
    pg.set_editor(text);
    pg.apply_editor();
    pg.run_for(600_000);
    pg.command("echo mid > mid.txt");
    pg.run_for(3_000_000);
    let total = pg.steps();
    assert!(total > 1_000, "{total} steps");
    assert!(pg.snapshots() > 1, "{} snapshots", pg.snapshots());
    for target in [total - 1, total / 2, total / 3, 1_000, 7] {
        let mut back = pg.clone();
        back.go_to_step(target);
        assert_eq!(back.steps(), target);
        assert!(back.replayed_steps() < total / 4, "going back to {target} replayed {} of {total} steps", back.replayed_steps());
        assert_eq!(seen(&back), seen(&replayed_at(&pg, target)), "going back to step {target}");
    }
}

/// Stepping back across a crash loop: container logs, restart counts and back-off events come
/// back exactly as a replay of the cut recipe gives them.
#[test]
fn stepping_back_across_container_restarts() {
    let mut pg = Playground::new(Settings { seed: 9, ..Settings::default() }).expect("new");
    pg.set_editor("apiVersion: v1\nkind: Pod\nmetadata:\n  name: loop\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sh, -c, \"echo run; sleep 1; exit 2\"]\n".to_owned());
    pg.apply_editor();
    pg.run_for(120_000);
    let restarts = |pg: &Playground| {
        let v = kubeplay_cluster::container_view(pg.cluster(), "default", "loop", Some("c")).ok();
        v.map(|v| (v.restart_count, format!("{:?}", v.log), format!("{:?}", v.last_state)))
    };
    let end = pg.steps();
    assert!(restarts(&pg).is_some_and(|r| r.0 >= 3), "{:?}", restarts(&pg));
    for n in (1..end).rev().step_by(3) {
        let mut back = pg.clone();
        back.go_to_step(n);
        let replay = replayed_at(&pg, n);
        assert_eq!(seen(&back), seen(&replay), "going back to step {n}");
        assert_eq!(restarts(&back), restarts(&replay), "container at step {n}");
    }
}

#[test]
fn a_jump_past_the_tasks_of_a_deleted_pod_replays_at_the_same_time() {
    // The deleted pod's tasks stay queued and are skipped without a step when their time
    // comes: the jump takes no step, and a replay must skip them the same way.
    let mut pg = Playground::new(Settings::default()).expect("new");
    pg.set_editor(pod("gone"));
    pg.apply_editor();
    pg.command("kubectl delete pod gone --wait=false");
    pg.run_for(116_000);
    assert_eq!((pg.steps(), pg.cluster().now_ms()), (0, 116_000));
    pg.set_editor(pod("later"));
    pg.apply_editor();
    pg.step();
    pg.step();
    let live = seen(&pg);
    pg.step_back();
    pg.step();
    assert_eq!(seen(&pg), live);
}
