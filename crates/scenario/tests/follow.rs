//! A console command that keeps running (`kubectl get -w`, `kubectl logs -f`) in the playground:
//! it prints as the learner steps, plays, jumps or applies, stops on Ctrl+C (recorded in the
//! recipe), and replays, links and step-back reproduce its output exactly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubeplay_scenario::{Action, Playground, Recipe, RecipeAction, Settings, State};

const SECRET_CMD: &str = "kubectl create secret generic dotfile-secret --from-literal=.secret-file=value-2";
const DOTFILES_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: secret-dotfiles-pod\nspec:\n  volumes:\n  - name: secret-volume\n    secret:\n      secretName: dotfile-secret\n  containers:\n  - name: dotfile-test-container\n    image: registry.k8s.io/busybox\n    command:\n    - ls\n    - \"-l\"\n    - \"/etc/secret-volume\"\n    volumeMounts:\n    - name: secret-volume\n      readOnly: true\n      mountPath: \"/etc/secret-volume\"\n";

/// A playground watching pods while the dotfiles pod is applied and stepped `steps` times.
fn watching(steps: usize) -> Playground {
    let mut pg = Playground::new(Settings::default()).expect("new");
    pg.command(SECRET_CMD);
    pg.command("kubectl get pods -w");
    pg.set_editor(DOTFILES_POD.to_owned());
    pg.apply_editor();
    for _ in 0..steps {
        pg.step();
    }
    pg
}

#[test]
fn a_watch_prints_as_the_learner_applies_and_steps_until_ctrl_c() {
    let mut pg = watching(0);
    assert!(pg.following());
    // The apply (the "other terminal") shows at once: the pod ADDED, Pending.
    assert_eq!(
        pg.transcript()[1].output.stdout,
        "NAME                  READY   STATUS    RESTARTS   AGE\nsecret-dotfiles-pod   0/1     Pending   0          0s\n"
    );
    for _ in 0..20 {
        pg.step();
    }
    pg.run_for(30_000);
    let out = &pg.transcript()[1].output.stdout;
    assert!(out.contains("ContainerCreating") && out.contains("CrashLoopBackOff"), "{out}");
    pg.interrupt();
    assert!(!pg.following());
    assert!(pg.transcript()[1].output.stdout.ends_with("s\n^C\n"), "{}", pg.transcript()[1].output.stdout);
    assert!(matches!(pg.recipe().actions.last(), Some(RecipeAction::Interrupt { .. })));
    // Nothing more is printed once stopped; a second Ctrl+C records nothing.
    let before = pg.transcript().to_vec();
    let actions = pg.recipe().actions.len();
    pg.run_for(60_000);
    pg.interrupt();
    assert_eq!(pg.transcript(), &before[..]);
    assert_eq!(pg.recipe().actions.len(), actions);
}

#[test]
fn a_new_command_interrupts_the_running_one_first() {
    let mut pg = watching(5);
    pg.command("kubectl get pods");
    assert!(pg.transcript()[1].output.stdout.ends_with("^C\n"), "{:?}", pg.transcript()[1].output.stdout);
    assert!(!pg.following());
    assert!(pg.transcript()[2].output.stdout.starts_with("NAME"));
}

#[test]
fn replays_links_and_step_back_reproduce_the_streamed_output() {
    let mut pg = watching(12);
    pg.run_for(25_000);
    pg.interrupt();
    pg.command("kubectl logs secret-dotfiles-pod");
    // From the recipe (a link, a reload): the same transcript, byte for byte.
    let json = pg.recipe().to_json();
    assert!(json.contains(r#""t":"interrupt""#), "{json}");
    let again = Playground::from_recipe(Recipe::from_json(&json).expect("recipe")).expect("replay");
    assert_eq!(again.transcript(), pg.transcript());
    assert_eq!(again.following(), pg.following());
    // Step back into the watch: it runs again, with what it had printed by then ...
    let mut back = pg.clone();
    back.go_to_step(8);
    let fresh = watching(8);
    assert!(back.following());
    assert_eq!(back.transcript(), fresh.transcript());
    // ... and stepping forward prints the same rows as the first time.
    let mut fwd = back.clone();
    let mut fresh_fwd = fresh.clone();
    for _ in 0..10 {
        fwd.step();
        fresh_fwd.step();
    }
    assert_eq!(fwd.transcript(), fresh_fwd.transcript());
}

#[test]
fn ctrl_c_is_an_action_of_the_reducer() {
    let mut st = State::default();
    st.apply(Action::Command(SECRET_CMD.to_owned()));
    st.apply(Action::Command("kubectl get pods -w".to_owned()));
    assert!(st.following());
    let fx = st.apply(Action::Interrupt);
    assert!(!st.following());
    assert!(fx.save_recipe.is_some_and(|r| r.contains("interrupt")));
    assert!(st.playground().transcript().last().is_some_and(|e| e.output.stdout.ends_with("^C\n")));
}
