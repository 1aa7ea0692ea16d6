//! The panels: timeline, goals, settings, and the right-hand views (lessons, resources,
//! secret, pod, container, node, etcd, audit, tokens, console). Each renders a view struct from
//! `kubeplay_scenario::app` and dispatches actions.

mod audit;
mod cluster;
mod common;
mod console;
mod container;
mod lesson;
mod node_graph;
mod timeline;
mod token;
mod workloads;

use yew::prelude::*;

pub use common::PanelProps;
use common::ViewProps;
pub use lesson::{Goals, SettingsForm};
pub use timeline::Timeline;

use crate::Tab;

/// The right-hand panel.
#[function_component(View)]
pub fn view(p: &ViewProps) -> Html {
    match p.sel.tab {
        Tab::Lessons => lesson::lessons(p),
        Tab::Resources => cluster::resources(p),
        Tab::Secret => cluster::secret(p),
        Tab::Pod => cluster::pod(p),
        Tab::Container => html! { <container::ContainerPanel model={p.model.clone()} lang={p.lang} sel={p.sel.clone()} /> },
        Tab::Node => cluster::node(p),
        Tab::Etcd => html! { <cluster::EtcdPanel model={p.model.clone()} lang={p.lang} /> },
        Tab::Audit => html! { <audit::AuditPanel model={p.model.clone()} lang={p.lang} /> },
        Tab::Tokens => html! { <token::TokenPanel model={p.model.clone()} lang={p.lang} /> },
        Tab::Console => html! { <console::ConsolePanel model={p.model.clone()} lang={p.lang} sel={p.sel.clone()} /> },
    }
}
