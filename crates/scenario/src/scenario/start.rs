//! A scenario's starting state (as a recipe and as a playground), its reference solution,
//! and its goals evaluated against a playground.

use super::checks::check;
use super::goals::GoalResult;
use super::model::{Scenario, StartAt};
use crate::error::{Error, Result};
use crate::playground::Playground;
use crate::recipe::{Recipe, RecipeAction};
use crate::split_commands;

impl Scenario {
    /// The recipe of the starting state: settings, `start` applied and `setup` run at step 0,
    /// then stepped as `runAtStart` says; `lesson` is the scenario id and the editor holds `editor`.
    pub fn to_recipe(&self) -> Result<Recipe> {
        let mut actions = Vec::new();
        if !self.start.trim().is_empty() {
            actions.push(RecipeAction::Apply { at: 0, ms: 0, text: self.start.clone() });
        }
        for line in split_commands(&self.setup) {
            actions.push(RecipeAction::Command { at: 0, ms: 0, line });
        }
        let recipe = Recipe {
            settings: self.settings.clone(),
            editor: self.editor.clone(),
            actions,
            position: 0,
            lesson: Some(self.id.clone()),
            ..Recipe::default()
        };
        if self.start_at == StartAt::Beginning {
            recipe.check().map_err(Error::start)?;
            return Ok(recipe);
        }
        let mut pg = Playground::from_recipe(recipe).map_err(Error::start)?;
        match self.start_at {
            StartAt::Beginning => {}
            StartAt::Idle => pg.run_until_idle(),
            StartAt::After { ms } => pg.run_for(ms),
        }
        Ok(pg.recipe().clone())
    }

    /// A playground in the starting state.
    pub fn start(&self) -> Result<Playground> {
        Playground::from_recipe(self.to_recipe()?).map_err(Error::start)
    }

    /// Like [`Scenario::to_recipe`], carrying the scenario itself (without `script`) so a
    /// share link shows its text and goals in any kubeplay (for files that are not built-in lessons).
    pub fn to_shared_recipe(&self) -> Result<Recipe> {
        let mut r = self.to_recipe()?;
        r.scenario = Some(serde_json::to_string(&self.shareable).unwrap_or_default());
        r.check().map_err(Error::start)?;
        Ok(r)
    }

    /// The console commands of the reference solution, one per entry (here-documents included).
    pub fn script_commands(&self) -> Vec<String> {
        self.script.as_deref().map(split_commands).unwrap_or_default()
    }

    /// Evaluates every goal against the playground now.
    pub fn evaluate(&self, pg: &Playground) -> Vec<GoalResult> {
        self.goals
            .iter()
            .map(|g| {
                let (met, detail) = check(&g.check, pg);
                GoalResult { text: g.text.clone(), met, detail }
            })
            .collect()
    }

    /// Whether every goal holds now.
    pub fn all_met(&self, pg: &Playground) -> bool {
        self.evaluate(pg).iter().all(|r| r.met)
    }
}
