//! The playground: a console over a cluster session plus the recipe that rebuilds it.
//! Every user action goes through here, so the recipe always describes the state.
//!
//! Time travel: the playground owns the one [`History`] of its whole state ([`Live`]: the
//! console with its files and cluster session, the transcript, the last apply result).
//! Snapshots are kept every K steps (see `kubeplay_cluster::history`); going back restores
//! the nearest snapshot at or before the target and replays the recipe's actions (each with
//! its `at` step) and the steps from there. The session inside the console keeps no history
//! of its own (it is a cluster plus a call log), so snapshots never nest. Steps taken inside
//! a console command (`sleep`, `kubectl wait`) are covered by a snapshot taken after it.

use kubeplay_cluster::{Cluster, History, Replay, RunEnd, Settings, StepReport, MAX_STEPS_PER_RUN};
use kubeplay_kubectl::{apply_manifest, Console, DocOutcome, Entry, Mode, Output};

use crate::error::Error;
use crate::recipe::{Recipe, RecipeAction};

/// The most steps one "run" action may take (a bound on every loop).
pub const MAX_RUN_STEPS: u64 = 2_000_000;
/// How far "run until idle" may go in virtual time (1 hour).
pub const IDLE_LIMIT_MS: u64 = 3_600_000;

/// The state the time machine snapshots and replays: everything but the recipe.
#[derive(Debug, Clone, Default)]
struct Live {
    console: Console,
    transcript: Vec<Entry>,
    last_apply: Vec<DocOutcome>,
}

impl Live {
    /// Performs one recipe action, as the user did.
    fn perform(&mut self, action: &RecipeAction) -> Option<Output> {
        // After a run that only moved the clock, the action came later than its step's time.
        self.console.session.catch_up(action.ms());
        self.follow_tick();
        match action {
            RecipeAction::Apply { text, .. } => {
                self.last_apply = apply_manifest(&mut self.console.session, text, "editor", Mode::Apply, "default");
                // A watch running in the console sees what the apply wrote.
                self.follow_tick();
                None
            }
            RecipeAction::Command { line, .. } => {
                // A new command needs the prompt back: the running one is interrupted first.
                self.interrupt();
                let output = self.console.run(line);
                self.transcript.push(Entry { command: line.clone(), output: output.clone() });
                Some(output)
            }
            RecipeAction::Interrupt { .. } => {
                self.interrupt();
                None
            }
        }
    }

    /// One step; a command running in the console prints what it saw.
    fn step(&mut self) -> Option<StepReport> {
        let r = self.console.session.step();
        if r.is_some() {
            self.follow_tick();
        }
        r
    }

    /// Appends what the running console command printed since it was last asked to its entry.
    fn follow_tick(&mut self) {
        if !self.console.following() {
            return;
        }
        let text = self.console.poll_follow();
        self.append_output(&text);
    }

    /// Ctrl+C on the running console command, shown in its entry.
    fn interrupt(&mut self) {
        if let Some(text) = self.console.interrupt() {
            self.append_output(&text);
        }
    }

    fn append_output(&mut self, text: &str) {
        if let (false, Some(last)) = (text.is_empty(), self.transcript.last_mut()) {
            last.output.stdout.push_str(text);
        }
    }
}

impl Replay for Live {
    type Input = RecipeAction;
    fn steps(&self) -> u64 {
        self.console.session.cluster().steps()
    }
    fn step_once(&mut self) -> bool {
        self.step().is_some()
    }
    fn input_at(input: &RecipeAction) -> u64 {
        input.at()
    }
    fn apply_input(&mut self, input: &RecipeAction) {
        self.perform(input);
    }
    fn rewind(&mut self, target: u64) {
        // Only the cluster goes back: the command's transcript entry and files stay, as the
        // user saw them (the session replays its API calls from a fresh cluster).
        self.console.session.go_to_step_from_start(target);
    }
}

/// A playground session.
#[derive(Debug, Clone)]
pub struct Playground {
    recipe: Recipe,
    live: Live,
    history: History<Live>,
    replayed_steps: u64,
}

impl Default for Playground {
    /// An empty playground with default settings.
    fn default() -> Self {
        let live = Live::default();
        Playground { recipe: Recipe::default(), history: History::new(live.clone()), live, replayed_steps: 0 }
    }
}

impl Playground {
    /// An empty playground with `settings`.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        let recipe = Recipe { settings, ..Recipe::default() };
        Self::from_recipe(recipe)
    }

    /// Rebuilds a playground by replaying a recipe.
    pub fn from_recipe(recipe: Recipe) -> Result<Self, Error> {
        recipe.check()?;
        let console = Console::new(recipe.settings.clone()).map_err(|e| Error::RecipeMalformed(e.to_string()))?;
        let live = Live { console, transcript: Vec::new(), last_apply: Vec::new() };
        let mut pg = Playground {
            recipe: Recipe { actions: Vec::new(), ..recipe.clone() },
            history: History::new(live.clone()),
            live,
            replayed_steps: 0,
        };
        for action in &recipe.actions {
            pg.seek(action.at());
            pg.live.perform(action);
            if pg.steps() > action.at() {
                pg.snapshot();
            }
            pg.recipe.actions.push(action.clone());
        }
        pg.seek(recipe.position);
        pg.live.console.session.catch_up(recipe.position_ms);
        pg.live.follow_tick();
        pg.mark_position();
        Ok(pg)
    }

    /// Records where the timeline stands: the step and the clock (which a run may have moved past it).
    fn mark_position(&mut self) {
        self.recipe.position = self.steps();
        self.recipe.position_ms = self.cluster().now_ms();
    }

    /// Keeps a snapshot if the steps taken since the latest one reached the interval. Called
    /// only right after steps were taken, before any action is recorded at the new step.
    fn snapshot(&mut self) {
        self.history.record(self.steps(), self.recipe.actions.len(), &self.live);
    }

    /// One step forward, recorded in the history.
    fn step_live(&mut self) -> Option<StepReport> {
        let r = self.live.step();
        if r.is_some() {
            self.snapshot();
        }
        r
    }

    /// Steps forward or rewinds the cluster to exactly `target` steps (if it can go that far).
    fn seek(&mut self, target: u64) {
        if self.steps() > target {
            // A console command let time pass beyond `target`.
            self.live.rewind(target);
            self.history.truncate_after(target);
        }
        let mut n = 0;
        while self.steps() < target && n < MAX_RUN_STEPS {
            if self.step_live().is_none() {
                break;
            }
            n += 1;
        }
    }

    /// Steps done so far.
    pub fn steps(&self) -> u64 {
        self.live.console.session.cluster().steps()
    }
    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        self.live.console.session.cluster()
    }
    /// The recipe that rebuilds this state.
    pub fn recipe(&self) -> &Recipe {
        &self.recipe
    }
    /// The console transcript.
    pub fn transcript(&self) -> &[Entry] {
        &self.live.transcript
    }
    /// The per-document outcome of the last apply.
    pub fn last_apply(&self) -> &[DocOutcome] {
        &self.live.last_apply
    }
    /// The console (files, working directory).
    pub fn console(&self) -> &Console {
        &self.live.console
    }
    /// Snapshots kept for stepping back.
    pub fn snapshots(&self) -> usize {
        self.history.len()
    }
    /// Steps replayed by going back in time since this playground was made (a measure of the time machine's work).
    pub fn replayed_steps(&self) -> u64 {
        self.replayed_steps
    }

    /// The same work replayed on a cluster with other settings (nodes, seed, strategy, periods).
    pub fn with_settings(&self, settings: kubeplay_cluster::Settings) -> Result<Playground, Error> {
        let mut recipe = self.recipe.clone();
        recipe.settings = settings;
        Playground::from_recipe(recipe)
    }

    /// Stops following a lesson or scenario (the cluster stays as it is).
    pub fn leave_scenario(&mut self) {
        self.recipe.lesson = None;
        self.recipe.scenario = None;
    }

    /// Replaces the editor text (not applied).
    pub fn set_editor(&mut self, text: String) {
        self.recipe.editor = text;
    }

    /// A new action drops the abandoned future (actions recorded after this step).
    fn record(&mut self, action: RecipeAction) {
        let at = action.at();
        self.recipe.actions.retain(|a| a.at() <= at);
        if self.recipe.actions.len() >= crate::recipe::MAX_ACTIONS {
            self.recipe.actions.remove(0);
        }
        self.recipe.actions.push(action);
    }

    /// Applies the editor text as `kubectl apply -f` would.
    pub fn apply_editor(&mut self) -> &[DocOutcome] {
        let action = RecipeAction::Apply { at: self.steps(), ms: self.cluster().now_ms(), text: self.recipe.editor.clone() };
        self.live.perform(&action);
        self.record(action);
        self.mark_position();
        &self.live.last_apply
    }

    /// Runs a console command (with its here-document lines, if any).
    pub fn command(&mut self, line: &str) -> Output {
        let action = RecipeAction::Command { at: self.steps(), ms: self.cluster().now_ms(), line: line.to_owned() };
        let at = action.at();
        let output = self.live.perform(&action).unwrap_or_default();
        self.record(action);
        if self.steps() > at {
            // The command let time pass (`sleep`, `kubectl wait`) and may have crossed a
            // snapshot point; a snapshot is only ever taken right after steps, before any
            // action recorded at that step.
            self.snapshot();
        }
        self.mark_position();
        output
    }

    /// Whether a console command is still running (`kubectl get -w`, `kubectl logs -f`).
    pub fn following(&self) -> bool {
        self.live.console.following()
    }

    /// Ctrl+C in the console: stops the running command (recorded, so replays stop it too).
    pub fn interrupt(&mut self) {
        if !self.following() {
            return;
        }
        let action = RecipeAction::Interrupt { at: self.steps(), ms: self.cluster().now_ms() };
        self.live.perform(&action);
        self.record(action);
        self.mark_position();
    }

    /// One step forward.
    pub fn step(&mut self) -> Option<StepReport> {
        let r = self.step_live();
        self.mark_position();
        r
    }

    /// Runs until idle (or an hour of virtual time), as `Session::run_until_idle` does, step by step.
    pub fn run_until_idle(&mut self) {
        let limit = self.cluster().now_ms() + IDLE_LIMIT_MS;
        let mut n = 0u64;
        loop {
            if self.cluster().is_idle() || n >= MAX_STEPS_PER_RUN {
                break;
            }
            match self.live.console.session.next_event_ms() {
                Some(t) if t <= limit => {
                    self.step_live();
                    n += 1;
                }
                _ => {
                    self.live.console.session.run_until(limit);
                    self.live.follow_tick();
                    break;
                }
            }
        }
        self.mark_position();
    }

    /// Lets `ms` of virtual time pass.
    pub fn run_for(&mut self, ms: u64) {
        let t = self.cluster().now_ms().saturating_add(ms);
        let mut n = 0u64;
        while n < MAX_STEPS_PER_RUN && self.live.console.session.next_event_ms().is_some_and(|at| at <= t) {
            self.step_live();
            n += 1;
        }
        if n < MAX_STEPS_PER_RUN {
            // Nothing is due by `t` any more: this only sets the clock.
            let _: RunEnd = self.live.console.session.run_until(t);
            self.live.follow_tick();
        }
        self.mark_position();
    }

    /// Goes back (or forward) to the state right after step `n`: the nearest snapshot at or
    /// before it, then the recipe's actions and steps replayed from there.
    pub fn go_to_step(&mut self, n: u64) {
        if n >= self.steps() {
            self.seek(n);
            self.mark_position();
            return;
        }
        self.recipe.actions.retain(|a| a.at() <= n);
        let Some(rebuilt) = self.history.rebuild(n, &self.recipe.actions) else { return };
        self.history.truncate_after(n);
        self.replayed_steps = self.replayed_steps.saturating_add(rebuilt.replayed_steps);
        self.live = rebuilt.state;
        self.mark_position();
    }

    /// One step back.
    pub fn step_back(&mut self) {
        let s = self.steps();
        if s > 0 {
            self.go_to_step(s - 1);
        }
    }
}

/// The candidates that complete the last word of the console line (kubeplay_kubectl's
/// completion: commands, resource types, the names a command takes, flags, files).
pub fn complete(console: &Console, line: &str) -> Vec<String> {
    kubeplay_kubectl::complete::candidates(console, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ndata:\n  username: YWRtaW4=\n";
    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\n";

    #[test]
    fn replay_rebuilds_the_same_state() {
        let mut pg = Playground::new(Settings::default()).expect("new");
        pg.set_editor(format!("{SECRET}---\n{POD}"));
        pg.apply_editor();
        pg.step();
        pg.step();
        pg.command("kubectl wait --for=condition=Ready pod/mypod");
        pg.step();
        let again = Playground::from_recipe(pg.recipe().clone()).expect("replay");
        assert_eq!(again.steps(), pg.steps());
        assert_eq!(again.cluster().events(), pg.cluster().events());
        assert_eq!(again.transcript(), pg.transcript());
        let mut back = pg.clone();
        back.go_to_step(1);
        assert_eq!(back.steps(), 1);
        assert_eq!(back.transcript().len(), 0);
        assert!(back.cluster().events().iter().all(|e| e.step <= 1));
        assert!(!back.cluster().events().is_empty());
    }
}
