//! The playground: a console over a cluster session plus the recipe that rebuilds it.
//! Every user action goes through here, so the recipe always describes the state.

use kubeplay_cluster::{Cluster, Settings, StepReport};
use kubeplay_kubectl::{apply_manifest, Console, DocOutcome, Entry, Mode, Output};

use crate::error::Error;
use crate::recipe::{Recipe, RecipeAction};

/// The most steps one "run" action may take (a bound on every loop).
pub const MAX_RUN_STEPS: u64 = 2_000_000;
/// How far "run until idle" may go in virtual time (1 hour).
pub const IDLE_LIMIT_MS: u64 = 3_600_000;

/// A playground session.
#[derive(Debug, Clone)]
pub struct Playground {
    recipe: Recipe,
    console: Console,
    transcript: Vec<Entry>,
    last_apply: Vec<DocOutcome>,
}

impl Default for Playground {
    /// An empty playground with default settings.
    fn default() -> Self {
        Playground { recipe: Recipe::default(), console: Console::default(), transcript: Vec::new(), last_apply: Vec::new() }
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
        let mut pg = Playground {
            recipe: Recipe { actions: Vec::new(), ..recipe.clone() },
            console,
            transcript: Vec::new(),
            last_apply: Vec::new(),
        };
        for action in &recipe.actions {
            pg.seek(action.at());
            match action {
                RecipeAction::Apply { text, .. } => {
                    pg.last_apply = apply_manifest(&mut pg.console.session, text, "editor", Mode::Apply, "default");
                }
                RecipeAction::Command { line, .. } => {
                    let output = pg.console.run(line);
                    pg.transcript.push(Entry { command: line.clone(), output });
                }
            }
            pg.recipe.actions.push(action.clone());
        }
        pg.seek(recipe.position);
        pg.recipe.position = pg.steps();
        Ok(pg)
    }

    /// Steps forward or rewinds the cluster to exactly `target` steps (if it can go that far).
    fn seek(&mut self, target: u64) {
        let steps = self.steps();
        if steps > target {
            self.console.session.go_to_step(target);
        }
        let mut n = 0;
        while self.steps() < target && n < MAX_RUN_STEPS {
            if self.console.session.step().is_none() {
                break;
            }
            n += 1;
        }
    }

    /// Steps done so far.
    pub fn steps(&self) -> u64 {
        self.console.session.cluster().steps()
    }
    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        self.console.session.cluster()
    }
    /// The recipe that rebuilds this state.
    pub fn recipe(&self) -> &Recipe {
        &self.recipe
    }
    /// The console transcript.
    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }
    /// The per-document outcome of the last apply.
    pub fn last_apply(&self) -> &[DocOutcome] {
        &self.last_apply
    }
    /// The console (files, working directory).
    pub fn console(&self) -> &Console {
        &self.console
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
        let text = self.recipe.editor.clone();
        self.record(RecipeAction::Apply { at: self.steps(), text: text.clone() });
        self.last_apply = apply_manifest(&mut self.console.session, &text, "editor", Mode::Apply, "default");
        self.recipe.position = self.steps();
        &self.last_apply
    }

    /// Runs a console command (with its here-document lines, if any).
    pub fn command(&mut self, line: &str) -> Output {
        self.record(RecipeAction::Command { at: self.steps(), line: line.to_owned() });
        let output = self.console.run(line);
        self.transcript.push(Entry { command: line.to_owned(), output: output.clone() });
        self.recipe.position = self.steps();
        output
    }

    /// One step forward.
    pub fn step(&mut self) -> Option<StepReport> {
        let r = self.console.session.step();
        self.recipe.position = self.steps();
        r
    }

    /// Runs until idle (or an hour of virtual time).
    pub fn run_until_idle(&mut self) {
        let limit = self.cluster().now_ms() + IDLE_LIMIT_MS;
        self.console.session.run_until_idle(limit);
        self.recipe.position = self.steps();
    }

    /// Lets `ms` of virtual time pass.
    pub fn run_for(&mut self, ms: u64) {
        let t = self.cluster().now_ms().saturating_add(ms);
        self.console.session.run_until(t);
        self.recipe.position = self.steps();
    }

    /// Goes back (or forward) to the state right after step `n`.
    pub fn go_to_step(&mut self, n: u64) {
        if n >= self.steps() {
            self.seek(n);
            self.recipe.position = self.steps();
            return;
        }
        let mut recipe = self.recipe.clone();
        recipe.actions.retain(|a| a.at() <= n);
        recipe.position = n;
        if let Ok(pg) = Playground::from_recipe(recipe) {
            *self = pg;
        }
    }

    /// One step back.
    pub fn step_back(&mut self) {
        let s = self.steps();
        if s > 0 {
            self.go_to_step(s - 1);
        }
    }
}

/// The console's tab completion: candidates for the last word of `line`.
pub fn complete(console: &Console, cluster: &Cluster, line: &str) -> Vec<String> {
    const WORDS: &[&str] = &[
        "kubectl",
        "echo",
        "cat",
        "ls",
        "rm",
        "pwd",
        "cd",
        "mkdir",
        "base64",
        "head",
        "tail",
        "wc",
        "grep",
        "sleep",
        "kubeplay",
        "help",
        "clear",
        "create",
        "apply",
        "delete",
        "get",
        "describe",
        "exec",
        "patch",
        "wait",
        "run",
        "version",
        "secret",
        "secrets",
        "generic",
        "tls",
        "docker-registry",
        "pods",
        "pod",
        "events",
        "nodes",
        "namespaces",
        "configmaps",
        "serviceaccounts",
        "--from-literal=",
        "--from-file=",
        "--from-env-file=",
        "--dry-run=client",
        "-o",
        "yaml",
        "json",
        "wide",
        "name",
        "jsonpath=",
        "-n",
        "--namespace=",
        "-f",
        "--for=condition=Ready",
        "--timeout=",
        "--decode",
        "step",
        "idle",
        "time",
    ];
    let word = line.rsplit([' ', '=', '/']).next().unwrap_or("");
    let mut cands: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
    cands.extend(cluster.store().secrets().filter_map(|s| s.metadata.name.clone()));
    cands.extend(cluster.store().pods().filter_map(|p| p.metadata.name.clone()));
    cands.extend(console.dir_files(".").into_iter().map(|(n, _)| n));
    cands.retain(|c| c.starts_with(word) && c != word);
    cands.sort();
    cands.dedup();
    cands
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
