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
    ("dotfiles-crash-loop", include_str!("../lessons/dotfiles-crash-loop.yaml")),
    ("volume-items", include_str!("../lessons/volume-items.yaml")),
    ("file-permissions", include_str!("../lessons/file-permissions.yaml")),
    ("mounted-updates", include_str!("../lessons/mounted-updates.yaml")),
    ("update-strategies", include_str!("../lessons/update-strategies.yaml")),
    ("env-vars", include_str!("../lessons/env-vars.yaml")),
    ("env-never-updates", include_str!("../lessons/env-never-updates.yaml")),
    ("job-reads-secret-once", include_str!("../lessons/job-reads-secret-once.yaml")),
    ("env-rollout-restart", include_str!("../lessons/env-rollout-restart.yaml")),
    ("hashed-secret-rollout", include_str!("../lessons/hashed-secret-rollout.yaml")),
    ("configmap-or-secret", include_str!("../lessons/configmap-or-secret.yaml")),
    ("subpath-never-updates", include_str!("../lessons/subpath-never-updates.yaml")),
    ("env-from", include_str!("../lessons/env-from.yaml")),
    ("secret-must-exist", include_str!("../lessons/secret-must-exist.yaml")),
    ("secrets-are-namespaced", include_str!("../lessons/secrets-are-namespaced.yaml")),
    ("size-limit", include_str!("../lessons/size-limit.yaml")),
    ("optional-references", include_str!("../lessons/optional-references.yaml")),
    ("secret-pod-lifetime", include_str!("../lessons/secret-pod-lifetime.yaml")),
    ("tmpfs-and-deletion", include_str!("../lessons/tmpfs-and-deletion.yaml")),
    ("etcd-plaintext", include_str!("../lessons/etcd-plaintext.yaml")),
    ("encryption-at-rest", include_str!("../lessons/encryption-at-rest.yaml")),
    ("secret-in-logs", include_str!("../lessons/secret-in-logs.yaml")),
    ("audit-log-leaks", include_str!("../lessons/audit-log-leaks.yaml")),
    ("containers-share-mounts", include_str!("../lessons/containers-share-mounts.yaml")),
    ("node-isolation", include_str!("../lessons/node-isolation.yaml")),
    ("node-authorizer", include_str!("../lessons/node-authorizer.yaml")),
    ("rbac-for-secrets", include_str!("../lessons/rbac-for-secrets.yaml")),
    ("immutable-secrets", include_str!("../lessons/immutable-secrets.yaml")),
    ("image-pull-secrets", include_str!("../lessons/image-pull-secrets.yaml")),
    ("service-account-token", include_str!("../lessons/service-account-token.yaml")),
];

/// The lessons' reference solutions (console commands, one per line, here-documents allowed)
/// in teaching order: (id, script). They live apart from the lessons (`lessons/solutions/<id>.sh`)
/// so that a lesson in the app never carries its answer; `kubeplay check --lesson ID --solution
/// FILE` and the tests run them.
pub const SOLUTIONS: &[(&str, &str)] = &[
    ("create-from-files", include_str!("../lessons/solutions/create-from-files.sh")),
    ("create-from-literals", include_str!("../lessons/solutions/create-from-literals.sh")),
    ("create-from-yaml", include_str!("../lessons/solutions/create-from-yaml.sh")),
    ("secret-volume", include_str!("../lessons/solutions/secret-volume.sh")),
    ("dotfiles-crash-loop", include_str!("../lessons/solutions/dotfiles-crash-loop.sh")),
    ("volume-items", include_str!("../lessons/solutions/volume-items.sh")),
    ("file-permissions", include_str!("../lessons/solutions/file-permissions.sh")),
    ("mounted-updates", include_str!("../lessons/solutions/mounted-updates.sh")),
    ("update-strategies", include_str!("../lessons/solutions/update-strategies.sh")),
    ("env-vars", include_str!("../lessons/solutions/env-vars.sh")),
    ("env-never-updates", include_str!("../lessons/solutions/env-never-updates.sh")),
    ("job-reads-secret-once", include_str!("../lessons/solutions/job-reads-secret-once.sh")),
    ("env-rollout-restart", include_str!("../lessons/solutions/env-rollout-restart.sh")),
    ("hashed-secret-rollout", include_str!("../lessons/solutions/hashed-secret-rollout.sh")),
    ("configmap-or-secret", include_str!("../lessons/solutions/configmap-or-secret.sh")),
    ("subpath-never-updates", include_str!("../lessons/solutions/subpath-never-updates.sh")),
    ("env-from", include_str!("../lessons/solutions/env-from.sh")),
    ("secret-must-exist", include_str!("../lessons/solutions/secret-must-exist.sh")),
    ("secrets-are-namespaced", include_str!("../lessons/solutions/secrets-are-namespaced.sh")),
    ("size-limit", include_str!("../lessons/solutions/size-limit.sh")),
    ("optional-references", include_str!("../lessons/solutions/optional-references.sh")),
    ("secret-pod-lifetime", include_str!("../lessons/solutions/secret-pod-lifetime.sh")),
    ("tmpfs-and-deletion", include_str!("../lessons/solutions/tmpfs-and-deletion.sh")),
    ("etcd-plaintext", include_str!("../lessons/solutions/etcd-plaintext.sh")),
    ("encryption-at-rest", include_str!("../lessons/solutions/encryption-at-rest.sh")),
    ("secret-in-logs", include_str!("../lessons/solutions/secret-in-logs.sh")),
    ("audit-log-leaks", include_str!("../lessons/solutions/audit-log-leaks.sh")),
    ("containers-share-mounts", include_str!("../lessons/solutions/containers-share-mounts.sh")),
    ("node-isolation", include_str!("../lessons/solutions/node-isolation.sh")),
    ("node-authorizer", include_str!("../lessons/solutions/node-authorizer.sh")),
    ("rbac-for-secrets", include_str!("../lessons/solutions/rbac-for-secrets.sh")),
    ("immutable-secrets", include_str!("../lessons/solutions/immutable-secrets.sh")),
    ("image-pull-secrets", include_str!("../lessons/solutions/image-pull-secrets.sh")),
    ("service-account-token", include_str!("../lessons/solutions/service-account-token.sh")),
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

/// The first lesson in teaching order (the welcome offers it), parsing only that one.
pub fn first() -> Option<LessonInfo> {
    let (id, text) = SOURCES.first()?;
    Scenario::parse(text).ok().map(|s| LessonInfo { id, title: s.title })
}

/// The built-in lesson with this id.
pub fn get(id: &str) -> Option<Scenario> {
    SOURCES.iter().find(|(i, _)| *i == id).and_then(|(_, text)| Scenario::parse(text).ok())
}

/// The reference solution of the built-in lesson with this id: console commands, as
/// `kubeplay check --solution` and [`crate::split_commands`] take them.
pub fn solution(id: &str) -> Option<&'static str> {
    SOLUTIONS.iter().find(|(i, _)| *i == id).map(|(_, script)| *script)
}

/// The scenario a recipe follows: the one it carries, else the built-in lesson it names.
pub fn of_recipe(recipe: &Recipe) -> Option<Result<Scenario>> {
    if let Some(text) = &recipe.scenario {
        return Some(Scenario::parse(text));
    }
    let id = recipe.lesson.as_deref()?;
    get(id).map(Ok)
}
