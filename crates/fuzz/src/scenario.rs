//! Target (d): a trainer's scenario file: parsed and checked, turned into its recipe, started
//! (replayed) and its goals evaluated.

use kubeplay_scenario::Scenario;

/// Parses `data` as a scenario file and, if it is one, starts it and evaluates its goals.
pub fn run(data: &[u8]) {
    let text = crate::text(data);
    match Scenario::parse(&text) {
        Ok(s) => {
            let _ = s.to_shared_recipe();
            let _ = s.script_commands();
            if let Ok(pg) = s.start() {
                let results = s.evaluate(&pg);
                let _ = s.all_met(&pg);
                let _ = results;
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
