//! The playground reducer and its views: state, actions, effects, and what each panel shows.

mod audit_view;
mod markup;
mod rescue;
mod state;
mod timeline;
mod token_view;
mod view;

pub use audit_view::{AuditRow, AuditView, AUDIT_SHOWN};
pub use markup::{complete_with, inline_code, lesson_blocks, linkify, Block, Completion, Inline, Segment};
pub use rescue::rescue;
pub use state::{Action, Effects, Problem, State};
pub use timeline::{duration, Entry, TimelineFilter};
pub use token_view::{TokenReport, TokenSource, TokenView, TOKEN_PATH, TOKEN_PICKER_PODS};
pub use view::{
    heredoc_open, jump_target_ms, set_field, settings_summary, strategy_name, tree_line, ApplyResult, ClockView, ConsoleEntry,
    ContainersView, EditorView, EtcdRow, EtcdView, GoalsView, LessonRow, NodeRow, ObjectKey, PodView, ResourcesView,
    SettingsField, ETCD_SHOWN, NODE_ENTRIES, PICKER_PODS,
};

#[cfg(test)]
mod tests;
