//! The built-in lesson library: one scenario per part of the Kubernetes Secrets concept
//! page (<https://kubernetes.io/docs/concepts/configuration/secret/>), in English and
//! Korean, each with goals the learner reaches by doing something. The files live in
//! `crates/scenario/lessons/*.yaml` and are embedded at build time.

use crate::recipe::Recipe;
use crate::scenario::{Result, Scenario};

/// The lesson files in teaching order: (id, YAML text).
pub const SOURCES: &[(&str, &str)] = &[
    ("create-from-files", include_str!("../lessons/create-from-files.yaml")),
    ("create-from-literals", include_str!("../lessons/create-from-literals.yaml")),
    ("create-from-yaml", include_str!("../lessons/create-from-yaml.yaml")),
    ("secret-volume", include_str!("../lessons/secret-volume.yaml")),
    ("volume-items", include_str!("../lessons/volume-items.yaml")),
    ("file-permissions", include_str!("../lessons/file-permissions.yaml")),
    ("mounted-updates", include_str!("../lessons/mounted-updates.yaml")),
    ("update-strategies", include_str!("../lessons/update-strategies.yaml")),
    ("env-vars", include_str!("../lessons/env-vars.yaml")),
    ("env-never-updates", include_str!("../lessons/env-never-updates.yaml")),
    ("subpath-never-updates", include_str!("../lessons/subpath-never-updates.yaml")),
    ("env-from", include_str!("../lessons/env-from.yaml")),
    ("secret-must-exist", include_str!("../lessons/secret-must-exist.yaml")),
    ("secrets-are-namespaced", include_str!("../lessons/secrets-are-namespaced.yaml")),
    ("size-limit", include_str!("../lessons/size-limit.yaml")),
    ("optional-references", include_str!("../lessons/optional-references.yaml")),
    ("secret-pod-lifetime", include_str!("../lessons/secret-pod-lifetime.yaml")),
    ("tmpfs-and-deletion", include_str!("../lessons/tmpfs-and-deletion.yaml")),
    ("etcd-plaintext", include_str!("../lessons/etcd-plaintext.yaml")),
    ("containers-share-mounts", include_str!("../lessons/containers-share-mounts.yaml")),
    ("node-isolation", include_str!("../lessons/node-isolation.yaml")),
    ("immutable-secrets", include_str!("../lessons/immutable-secrets.yaml")),
    ("image-pull-secrets", include_str!("../lessons/image-pull-secrets.yaml")),
    ("service-account-token", include_str!("../lessons/service-account-token.yaml")),
];

/// A lesson in the list: id and title (for a menu, without parsing goals twice).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LessonInfo {
    /// Identifier (the recipe's `lesson`).
    pub id: &'static str,
    /// Title in English and Korean.
    pub title: crate::scenario::Text,
}

/// Every built-in lesson, parsed, in teaching order (a lesson that fails to parse is left
/// out; `tests/lessons.rs` makes sure none does).
pub fn all() -> Vec<Scenario> {
    SOURCES.iter().filter_map(|(_, text)| Scenario::parse(text).ok()).collect()
}

/// The lesson menu: id and title of every lesson, in teaching order.
pub fn list() -> Vec<LessonInfo> {
    SOURCES.iter().filter_map(|(id, text)| Scenario::parse(text).ok().map(|s| LessonInfo { id, title: s.title })).collect()
}

/// The built-in lesson with this id.
pub fn get(id: &str) -> Option<Scenario> {
    SOURCES.iter().find(|(i, _)| *i == id).and_then(|(_, text)| Scenario::parse(text).ok())
}

/// The scenario a recipe follows: the one it carries, else the built-in lesson it names.
pub fn of_recipe(recipe: &Recipe) -> Option<Result<Scenario>> {
    if let Some(text) = &recipe.scenario {
        return Some(Scenario::parse(text));
    }
    let id = recipe.lesson.as_deref()?;
    get(id).map(Ok)
}
