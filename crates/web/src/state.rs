//! The app state: the playground behind a version counter, and the reducer that applies
//! user actions to it (`Reducible`, as in Yew's function_todomvc example).

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_scenario::scenario::Scenario;
use kubeplay_scenario::{lessons, link, Playground, Recipe};
use yew::Reducible;

use crate::storage;

/// A user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The editor text changed.
    SetEditor(String),
    /// Apply the editor's manifests.
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
    /// A console command.
    Command(String),
    /// Clear everything.
    Reset,
    /// Open a share link (the URL fragment changed while the app was open).
    OpenLink(String),
    /// Start a built-in lesson.
    StartLesson(String),
    /// Leave the lesson (keep the cluster).
    LeaveLesson,
    /// Replay everything on a cluster with these settings.
    SetSettings(kubeplay_cluster::Settings),
}

/// The playground and a version that changes on every action (what Yew compares).
pub struct Model {
    /// The playground, shared by successive states and mutated in place (`version` tells
    /// Yew it changed), so no action copies it.
    pub pg: Rc<RefCell<Playground>>,
    /// Bumped on every change.
    pub version: u64,
    /// A share link that could not be opened.
    pub error: Option<String>,
    /// The lesson or scenario being followed (from the recipe).
    pub scenario: Option<Rc<Scenario>>,
}

/// The scenario a playground's recipe follows, if any.
fn scenario_of(pg: &Playground) -> Option<Rc<Scenario>> {
    kubeplay_scenario::lessons::of_recipe(pg.recipe()).and_then(Result::ok).map(Rc::new)
}

impl Model {
    fn new(pg: Playground, error: Option<String>) -> Self {
        let scenario = scenario_of(&pg);
        Model { pg: Rc::new(RefCell::new(pg)), version: next_version(), error, scenario }
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

fn empty() -> Playground {
    Playground::default()
}

impl Model {
    /// The state at start: a share link in the URL fragment wins, then the saved recipe.
    pub fn load() -> Self {
        if let Some(frag) = storage::take_fragment() {
            return match link::decode(&frag) {
                Ok(recipe) => match Playground::from_recipe(recipe) {
                    Ok(pg) => Model::new(pg, None),
                    Err(e) => Model::new(empty(), Some(e.to_string())),
                },
                Err(e) => Model::new(empty(), Some(e.to_string())),
            };
        }
        let pg = storage::load_recipe()
            .and_then(|json| Recipe::from_json(&json).ok())
            .and_then(|r| Playground::from_recipe(r).ok())
            .unwrap_or_else(empty);
        Model::new(pg, None)
    }
}

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        if let Msg::OpenLink(frag) = msg {
            let (pg, error) = match link::decode(&frag)
                .map_err(|e| e.to_string())
                .and_then(|r| Playground::from_recipe(r).map_err(|e| e.to_string()))
            {
                Ok(pg) => (pg, None),
                Err(e) => (empty(), Some(e)),
            };
            return Rc::new(Model::new(pg, error));
        }
        if let Msg::SetSettings(settings) = &msg {
            let replayed = self.pg.borrow().with_settings(settings.clone());
            return Rc::new(match replayed {
                Ok(pg) => Model::new(pg, None),
                Err(e) => Model {
                    pg: self.pg.clone(),
                    version: next_version(),
                    error: Some(e.to_string()),
                    scenario: self.scenario.clone(),
                },
            });
        }
        if let Msg::StartLesson(id) = &msg {
            let started = lessons::get(id).map(|l| l.start().map_err(|e| e.to_string()));
            return Rc::new(match started {
                Some(Ok(pg)) => Model::new(pg, None),
                Some(Err(e)) => Model::new(empty(), Some(e)),
                None => Model::new(empty(), Some(format!("no lesson {id:?}"))),
            });
        }
        {
            let mut pg = self.pg.borrow_mut();
            match msg {
                Msg::SetEditor(text) => pg.set_editor(text),
                Msg::Apply => {
                    pg.apply_editor();
                }
                Msg::Step => {
                    pg.step();
                }
                Msg::StepBack => pg.step_back(),
                Msg::RunIdle => pg.run_until_idle(),
                Msg::JumpTo(ms) => {
                    let now = pg.cluster().now_ms();
                    if ms >= now {
                        pg.run_for(ms - now);
                    } else {
                        // The last step at or before that time.
                        let target = pg.cluster().events().iter().filter(|e| e.time_ms <= ms).map(|e| e.step).max().unwrap_or(0);
                        pg.go_to_step(target);
                    }
                }
                Msg::GoToStep(n) => pg.go_to_step(n),
                Msg::Command(line) => {
                    for cmd in kubeplay_kubectl::shell::split_commands(&line) {
                        pg.command(&cmd);
                    }
                }
                Msg::Reset => *pg = empty(),
                Msg::OpenLink(_) | Msg::StartLesson(_) | Msg::SetSettings(_) => {}
                Msg::LeaveLesson => pg.leave_scenario(),
            }
        }
        // The lesson only changes when the recipe's lesson does: no re-parsing per action.
        let same = self.scenario.as_ref().is_some_and(|s| self.pg.borrow().recipe().lesson.as_deref() == Some(s.id.as_str()));
        let scenario = if same { self.scenario.clone() } else { scenario_of(&self.pg.borrow()) };
        Rc::new(Model { pg: self.pg.clone(), version: next_version(), error: None, scenario })
    }
}

fn next_version() -> u64 {
    thread_local!(static V: std::cell::Cell<u64> = const { std::cell::Cell::new(1) });
    V.with(|v| {
        v.set(v.get() + 1);
        v.get()
    })
}
