//! The playground reducer: plain state, an [`Action`] per user intent, and
//! [`State::apply`], which changes the state and returns the [`Effects`] the web layer
//! performs at its edge (the shape of Yew's `examples/function_todomvc/src/state.rs`).

use crate::examples::EXAMPLES;
use crate::playground::Playground;
use crate::recipe::Recipe;
use crate::scenario::{GoalResult, Scenario};
use crate::{lessons, link};

/// Something the user asks the playground to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The editor text changed.
    SetEditor(String),
    /// Append the starter example with this id to the editor (or put it in an empty one).
    AddExample(String),
    /// Apply the editor's manifests (`kubectl apply -f`).
    Apply,
    /// One step forward.
    Step,
    /// One step back.
    StepBack,
    /// Run until idle.
    RunIdle,
    /// Go to a virtual time (ms), forward or back.
    JumpTo(u64),
    /// Show the cluster right after a step.
    GoToStep(u64),
    /// Console input: one or more commands (here-documents included).
    Command(String),
    /// Ctrl+C in the console: stop the command still running (`get -w`, `logs -f`).
    Interrupt,
    /// Clear everything.
    Reset,
    /// Open a share link (a URL fragment, with or without `#`).
    OpenLink(String),
    /// Start a built-in lesson.
    StartLesson(String),
    /// Leave the lesson or scenario (the cluster stays as it is).
    LeaveLesson,
    /// Replay everything on a cluster with these settings.
    SetSettings(kubeplay_cluster::Settings),
    /// Go back to the saved work a share link set aside (the link's session is set aside in turn).
    RestorePrevious,
    /// Close the first visit's welcome and start with an empty editor.
    DismissWelcome,
}

/// What the web layer must do at its edge after an action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    /// Save this recipe JSON to local storage (the work survives a reload).
    pub save_recipe: Option<String>,
    /// Show this error to the user (a link, lesson or settings change that failed).
    pub show_error: Option<String>,
    /// Remember that the lesson with this id had every goal met.
    pub lesson_completed: Option<String>,
    /// Keep this recipe JSON aside (a second storage key) so the work a share link replaced
    /// stays one click away; `Some("")` means nothing is set aside any more.
    pub set_aside: Option<String>,
    /// The saved recipe JSON that could not be restored: keep it under its own storage key
    /// (moved there before `save_recipe` overwrites the saved session), never throw it away.
    pub keep_unrestorable: Option<String>,
    /// Why the session is too large to save (`save_recipe` is then `None`, so the last good
    /// copy stays in storage); the edge tells the user.
    pub save_refused: Option<String>,
}

/// What the error shown came from, so its banner names the cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Problem {
    /// A share link that could not be opened.
    #[default]
    Link,
    /// The session saved in this browser, which could not be restored (it is kept aside).
    SavedSession,
    /// A lesson, settings change or session switch that failed.
    Action,
}

/// The playground as the app sees it: the session, the lesson or scenario it follows,
/// the goals as they stand, and the error to show.
#[derive(Debug, Clone)]
pub struct State {
    pg: Playground,
    scenario: Option<Scenario>,
    goals: Vec<GoalResult>,
    error: Option<String>,
    /// What `error` came from.
    problem: Problem,
    /// The saved session's recipe JSON that a share link set aside.
    previous: Option<String>,
    /// First visit (nothing saved, no link): the welcome shows until the learner picks a start.
    welcome: bool,
}

impl Default for State {
    /// An empty playground.
    fn default() -> Self {
        State::new(Playground::default(), None)
    }
}

impl State {
    /// A state over `pg`, following the scenario its recipe names.
    fn new(pg: Playground, error: Option<String>) -> Self {
        let scenario = lessons::of_recipe(pg.recipe()).and_then(Result::ok);
        let mut s = State { pg, scenario, goals: Vec::new(), error, problem: Problem::Action, previous: None, welcome: false };
        s.evaluate();
        s
    }

    /// An empty playground showing `error`.
    fn failed(error: String) -> Self {
        State::new(Playground::default(), Some(error))
    }

    /// The state at start: a share link (the URL fragment) wins, then the saved recipe JSON,
    /// else an empty playground. A saved recipe that cannot be restored is kept aside
    /// ([`Effects::keep_unrestorable`]) and shown as an error; so is a link that cannot be opened.
    pub fn load(fragment: Option<&str>, saved: Option<&str>) -> (Self, Effects) {
        State::load_beside(fragment, saved, None)
    }

    /// [`State::load`], keeping the user's work beside a share link: when a link (even a broken
    /// one) opens over a saved session with any work in it, that session is set aside
    /// ([`Effects::set_aside`]) instead of being overwritten, and [`Action::RestorePrevious`]
    /// brings it back. `set_aside` is what an earlier link set aside (kept while no new link opens).
    pub fn load_beside(fragment: Option<&str>, saved: Option<&str>, set_aside: Option<&str>) -> (Self, Effects) {
        let usable = |json: &str| Recipe::from_json(json).ok().filter(|r| *r != Recipe::default());
        let mut state = match fragment {
            Some(frag) => State::open_link(frag),
            None => match saved.map(|json| Recipe::from_json(json).and_then(Playground::from_recipe)) {
                None => State::default(),
                Some(Ok(pg)) => State::new(pg, None),
                Some(Err(e)) => State { problem: Problem::SavedSession, ..State::failed(e.to_string()) },
            },
        };
        let mut effects = state.effects();
        if fragment.is_none() && saved.is_none() && set_aside.is_none() {
            // Nothing saved yet: the welcome stays (across reloads) until a start is picked.
            state.welcome = true;
            effects.save_recipe = None;
        }
        if fragment.is_none() && state.problem == Problem::SavedSession {
            effects.keep_unrestorable = saved.map(str::to_owned);
        }
        match (fragment, saved.filter(|j| usable(j).is_some())) {
            (Some(_), Some(json)) if usable(json).as_ref() != Some(state.pg.recipe()) => {
                state.previous = Some(json.to_owned());
                effects.set_aside = Some(json.to_owned());
            }
            (None, _) => state.previous = set_aside.filter(|j| usable(j).is_some()).map(str::to_owned),
            _ => {}
        }
        (state, effects)
    }

    /// Whether the first visit's welcome shows (nothing saved, no link, nothing done yet).
    pub fn welcome(&self) -> bool {
        self.welcome
    }

    /// Whether a share link set the user's saved work aside ([`Action::RestorePrevious`] brings it back).
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    fn open_link(frag: &str) -> Self {
        match link::decode(frag).map_err(|e| e.to_string()).and_then(|r| Playground::from_recipe(r).map_err(|e| e.to_string())) {
            Ok(pg) => State::new(pg, None),
            Err(e) => State { problem: Problem::Link, ..State::failed(e) },
        }
    }

    /// Applies one action and says what the edge must do.
    pub fn apply(&mut self, action: Action) -> Effects {
        let lesson_before = self.pg.recipe().lesson.clone();
        self.error = None;
        // Whatever the learner does first closes the welcome.
        self.welcome = false;
        let replaced = match action {
            Action::RestorePrevious => {
                let Some(json) = self.previous.take() else { return self.effects() };
                let back = Recipe::from_json(&json)
                    .map_err(|e| e.to_string())
                    .and_then(|r| Playground::from_recipe(r).map_err(|e| e.to_string()));
                match back {
                    Ok(pg) => {
                        let link_session = self.pg.recipe().to_json();
                        *self = State::new(pg, None);
                        self.previous = Some(link_session.clone());
                        let mut fx = self.effects();
                        fx.set_aside = Some(link_session);
                        return fx;
                    }
                    Err(e) => {
                        self.error = Some(e);
                        self.problem = Problem::Action;
                        let mut fx = self.effects();
                        fx.set_aside = Some(String::new());
                        return fx;
                    }
                }
            }
            Action::OpenLink(frag) => {
                // The link opens beside the work in hand, which is set aside (not lost).
                let mine = self.pg.recipe().clone();
                let earlier = self.previous.take();
                *self = State::open_link(&frag);
                let mut fx = self.effects();
                if mine != Recipe::default() && mine != *self.pg.recipe() {
                    let json = mine.to_json();
                    self.previous = Some(json.clone());
                    fx.set_aside = Some(json);
                } else {
                    self.previous = earlier;
                }
                return fx;
            }
            Action::StartLesson(id) => Some(match lessons::get(&id).map(|l| l.start()) {
                Some(Ok(pg)) => State::new(pg, None),
                Some(Err(e)) => State::failed(e.to_string()),
                None => State::failed(format!("no lesson {id:?}")),
            }),
            Action::Reset => Some(State::default()),
            Action::SetSettings(settings) => match self.pg.with_settings(settings) {
                Ok(pg) => Some(State::new(pg, None)),
                Err(e) => {
                    self.error = Some(e.to_string());
                    self.problem = Problem::Action;
                    None
                }
            },
            other => {
                self.step(other);
                None
            }
        };
        if let Some(new) = replaced {
            // What a link set aside stays one click away whatever the user does next.
            let previous = self.previous.take();
            *self = new;
            self.previous = previous;
            return self.effects();
        }
        // The scenario only changes when the recipe's lesson does: no re-parsing per action.
        if self.pg.recipe().lesson != lesson_before {
            self.scenario = lessons::of_recipe(self.pg.recipe()).and_then(Result::ok);
        }
        self.evaluate();
        self.effects()
    }

    /// The actions that change the playground in place.
    fn step(&mut self, action: Action) {
        match action {
            Action::SetEditor(text) => self.pg.set_editor(text),
            Action::AddExample(id) => {
                if let Some(ex) = EXAMPLES.iter().find(|x| x.id == id) {
                    let cur = self.pg.recipe().editor.trim_end();
                    let text = if cur.trim().is_empty() { ex.text.to_owned() } else { format!("{cur}\n---\n{}", ex.text) };
                    self.pg.set_editor(text);
                }
            }
            Action::Apply => {
                self.pg.apply_editor();
            }
            Action::Step => {
                self.pg.step();
            }
            Action::StepBack => self.pg.step_back(),
            Action::RunIdle => self.pg.run_until_idle(),
            Action::JumpTo(ms) => {
                let now = self.pg.cluster().now_ms();
                if ms >= now {
                    self.pg.run_for(ms - now);
                } else {
                    // The last step at or before that time.
                    let events = self.pg.cluster().events();
                    let target = events.iter().filter(|e| e.time_ms <= ms).map(|e| e.step).max().unwrap_or(0);
                    self.pg.go_to_step(target);
                }
            }
            Action::GoToStep(n) => self.pg.go_to_step(n),
            Action::Command(text) => {
                for cmd in crate::split_commands(&text) {
                    self.pg.command(&cmd);
                }
            }
            Action::Interrupt => self.pg.interrupt(),
            Action::LeaveLesson => self.pg.leave_scenario(),
            Action::DismissWelcome => {}
            Action::OpenLink(_) | Action::StartLesson(_) | Action::Reset | Action::SetSettings(_) | Action::RestorePrevious => {}
        }
    }

    /// Re-evaluates the goals of the scenario followed, if any.
    fn evaluate(&mut self) {
        self.goals = self.scenario.as_ref().map(|s| s.evaluate(&self.pg)).unwrap_or_default();
    }

    /// The effects of the state as it is now.
    fn effects(&self) -> Effects {
        let all_met = !self.goals.is_empty() && self.goals.iter().all(|r| r.met);
        // A session the next load would refuse (Recipe::check) is not saved over the last good copy.
        let refused = self.pg.recipe().check().err().map(|e| e.to_string());
        Effects {
            save_recipe: refused.is_none().then(|| self.pg.recipe().to_json()),
            show_error: self.error.clone(),
            lesson_completed: self.scenario.as_ref().filter(|_| all_met).map(|s| s.id.clone()),
            set_aside: None,
            keep_unrestorable: None,
            save_refused: refused,
        }
    }

    /// The playground session.
    pub fn playground(&self) -> &Playground {
        &self.pg
    }
    /// The scenario or lesson followed, if any.
    pub fn scenario(&self) -> Option<&Scenario> {
        self.scenario.as_ref()
    }
    /// The goals of the scenario followed, as they stand now.
    pub fn goals(&self) -> &[GoalResult] {
        &self.goals
    }
    /// The error to show (a link, lesson or settings change that failed), if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
    /// What the error shown came from.
    pub fn problem(&self) -> Problem {
        self.problem
    }
    /// The share-link fragment (without `#`) of the current recipe.
    pub fn share_fragment(&self) -> String {
        link::encode(self.pg.recipe())
    }
    /// Whether nothing is left to happen (Play stops).
    pub fn is_idle(&self) -> bool {
        self.pg.cluster().is_idle()
    }
}
