//! The app state for Yew: the scenario crate's reducer behind a version counter
//! (`Reducible`, as in Yew's function_todomvc example), with the effects of the last
//! action for the edge to perform.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_scenario::{Action, Effects, State};
use yew::Reducible;

use crate::storage;

/// The reducer's state and a version that changes on every action (what Yew compares).
pub struct Model {
    /// The state, shared by successive models and changed in place (`version` tells Yew it
    /// changed), so no action copies the playground.
    pub state: Rc<RefCell<State>>,
    /// Bumped on every action.
    pub version: u64,
    /// What the last action asks the edge to do.
    pub effects: Effects,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl Model {
    /// The state at start: a share link in the URL fragment wins, then the saved recipe.
    pub fn load() -> Self {
        let fragment = storage::take_fragment();
        let saved = storage::load_recipe();
        let aside = storage::load_set_aside();
        let (state, effects) = State::load_beside(fragment.as_deref(), saved.as_deref(), aside.as_deref());
        Model { state: Rc::new(RefCell::new(state)), version: next_version(), effects }
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let effects = self.state.borrow_mut().apply(action);
        Rc::new(Model { state: self.state.clone(), version: next_version(), effects })
    }
}

fn next_version() -> u64 {
    thread_local!(static V: std::cell::Cell<u64> = const { std::cell::Cell::new(1) });
    V.with(|v| {
        v.set(v.get() + 1);
        v.get()
    })
}
