//! The kubelet's image manager: `EnsureImageExists` for a container before it is created — the
//! reference check (`InvalidImageName`), the pull policy (`already present on machine`,
//! `ErrImageNeverPull`), the image back-off (`ImagePullBackOff`), the pull with the credentials
//! of the pod's pull secrets (`Pulling`, then `Pulled` or `Failed` + `ErrImagePull`).
//!
//! Mirrors `pkg/kubelet/images/image_manager.go` (v1.33: `EnsureImageExists`, `pullImage`,
//! `evalCRIPullErr`, `prevPullErrMsg`), `pkg/kubelet/kuberuntime/kuberuntime_image.go`
//! (`PullImage`: each matching credential in turn, errors aggregated),
//! `pkg/kubelet/kubelet_pods.go` (`getPullSecretsForPod`), `pkg/kubelet/kubelet.go`
//! (`imageBackOffPeriod` 10 s, `MaxImageBackOff` 300 s) and client-go `util/flowcontrol/backoff.go`
//! (`IsInBackOffSinceUpdate`, `Next`). The registry's answers are containerd 1.7's
//! (`remotes/docker/resolver.go`, `authorizer.go`, `remotes/errors/errors.go`) against a
//! `registry:2` that asks for basic auth.

use std::rc::Rc;

use kubeplay_api::field::go_quote;
use kubeplay_api::k8s_openapi::api::core::v1::Secret;

use super::images::parse_error;
use super::keyring::{make_docker_keyring, AuthConfig};
use super::restarts::field_path;
use super::{
    image_size, jittered, normalize_image, spec_of, BackOffEntry, Node, PodWorker, RunState, WorkerPhase, SYNC_ERROR_BACKOFF_MS,
};
use crate::ctx::Ctx;
use crate::events::{go_duration, EventType};
use crate::queue::{PodId, Task};
use crate::settings::PrivateRegistry;

/// `imageBackOffPeriod` (pkg/kubelet/kubelet.go).
pub const IMAGE_BACKOFF_INITIAL_MS: u64 = 10_000;
/// `MaxImageBackOff` = 300 s (pkg/kubelet/kubelet.go).
pub const IMAGE_BACKOFF_MAX_MS: u64 = 300_000;

/// The image back-off of one image in one pod (key `<podUID>_<image>`) and the last pull error
/// (`prevPullErrMsg`, `"<ErrReason>: <message>"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBackOff {
    /// The image as the container names it.
    pub image: String,
    /// The back-off entry.
    pub entry: BackOffEntry,
    /// `ErrImagePull: <the runtime's message>`.
    pub prev_err: Option<String>,
}

/// What `EnsureImageExists` did for a container.
pub(super) enum Ensure {
    /// The image is there: create and start the container now.
    Present,
    /// A pull is under way (`PullDone` comes later).
    Pulling,
    /// It failed (the container waits with the reason); the pod worker retries later.
    Failed,
}

/// `IsInBackOffSinceUpdate(key, now)`: an entry not yet expired (2 × max since its update) whose
/// delay has not passed since the last failed pull.
fn in_backoff(e: &BackOffEntry, now_ms: u64) -> bool {
    let since = now_ms.saturating_sub(e.last_update_ms);
    since <= 2 * IMAGE_BACKOFF_MAX_MS && since < e.delay_ms
}

/// `Next(key, now)`: the first delay, or the doubled one (capped), or the first again once expired.
fn next_backoff(e: Option<&BackOffEntry>, now_ms: u64) -> BackOffEntry {
    let delay_ms = match e {
        Some(e) if now_ms.saturating_sub(e.last_update_ms) <= 2 * IMAGE_BACKOFF_MAX_MS => {
            (e.delay_ms * 2).min(IMAGE_BACKOFF_MAX_MS)
        }
        _ => IMAGE_BACKOFF_INITIAL_MS,
    };
    BackOffEntry { delay_ms, last_update_ms: now_ms }
}

/// `parsers.ParseImageName`'s repository: the normalised name without tag or digest
/// (`docker.io/library/busybox`), which the keyring looks credentials up for.
pub fn repo_to_pull(image: &str) -> String {
    let full = normalize_image(image);
    let no_digest = full.split('@').next().unwrap_or("").to_owned();
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    match no_digest[last_slash..].rfind(':') {
        Some(i) => no_digest[..last_slash + i].to_owned(),
        None => no_digest,
    }
}

/// What the registry answers a pull of `image` with these credentials, as containerd 1.7 words
/// it; `Ok` for an image on a registry the scenario did not declare private (kubeplay pulls
/// nothing from the network: undeclared registries serve everyone).
pub fn registry_answer(registries: &[PrivateRegistry], image: &str, creds: &[AuthConfig]) -> Result<(), String> {
    let reference = normalize_image(image);
    let host = reference.split('/').next().unwrap_or("");
    let Some(reg) = registries.iter().find(|r| r.host().eq_ignore_ascii_case(host)) else { return Ok(()) };
    let q = go_quote(&reference);
    let wrap = |inner: String| format!("failed to pull and unpack image {q}: failed to resolve reference {q}: {inner}");
    // authorizer.go AddResponses: basic auth without a username or password.
    let anonymous = || {
        wrap("pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials".to_owned())
    };
    if creds.is_empty() {
        return Err(anonymous());
    }
    // kuberuntime_image.go PullImage: each credential in turn; the first that works wins.
    let mut errs: Vec<String> = Vec::new();
    for c in creds {
        let err = if c.username.is_empty() || c.password.is_empty() {
            anonymous()
        } else if c.username == reg.username && c.password == reg.password {
            return Ok(());
        } else {
            // resolver.go: after the retries, the 401 of the manifest HEAD (errors.go ErrUnexpectedStatus).
            wrap(format!("unexpected status from HEAD request to {}: 401 Unauthorized", manifest_url(&reference)))
        };
        if !errs.contains(&err) {
            errs.push(err);
        }
    }
    // utilerrors.NewAggregate: one message as is, several deduplicated in brackets.
    Err(if errs.len() == 1 { errs.remove(0) } else { format!("[{}]", errs.join(", ")) })
}

/// `https://<host>/v2/<path>/manifests/<tag or digest>` (Docker Hub is served by `registry-1.docker.io`).
fn manifest_url(reference: &str) -> String {
    let (name, tag) = match reference.split_once('@') {
        Some((n, d)) => (n.to_owned(), d.to_owned()),
        None => {
            let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
            match reference[last_slash..].rfind(':') {
                Some(i) => (reference[..last_slash + i].to_owned(), reference[last_slash + i + 1..].to_owned()),
                None => (reference.to_owned(), "latest".to_owned()),
            }
        }
    };
    let (host, path) = name.split_once('/').unwrap_or((name.as_str(), ""));
    let host = if host == "docker.io" { "registry-1.docker.io" } else { host };
    format!("https://{host}/v2/{path}/manifests/{tag}")
}

impl PrivateRegistry {
    /// The registry's host (and port), without a scheme or path.
    pub fn host(&self) -> &str {
        let s = self.server.split_once("://").map_or(self.server.as_str(), |(_, r)| r);
        s.split('/').next().unwrap_or("")
    }
}

impl Node {
    /// `getPullSecretsForPod`: the pod's pull secrets that exist; a missing one is a warning
    /// (`FailedToRetrieveImagePullSecret`), and the pull goes on without it.
    pub(super) fn pull_secrets(&mut self, id: PodId, warn: bool, ctx: &mut Ctx<'_>) -> Vec<Rc<Secret>> {
        let Some(pod) = self.workers.get(&id).map(|w| &w.pod) else { return Vec::new() };
        let ns = pod.metadata.namespace.as_deref().unwrap_or("");
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for s in pod.spec.iter().flat_map(|s| s.image_pull_secrets.iter().flatten()) {
            if s.name.is_empty() {
                continue;
            }
            match self.secrets.get(ctx.store, ns, &s.name, ctx.now_ms) {
                Ok(secret) => found.push(secret),
                Err(_) => missing.push(s.name.clone()),
            }
        }
        if warn && !missing.is_empty() {
            let msg = format!(
                "Unable to retrieve some image pull secrets ({}); attempting to pull the image may not succeed.",
                missing.join(", ")
            );
            ctx.event(pod, None, EventType::Warning, "FailedToRetrieveImagePullSecret", msg);
        }
        found
    }

    /// `EnsureImageExists` for container `i`.
    pub(super) fn ensure_image(&mut self, id: PodId, i: usize, ctx: &mut Ctx<'_>) -> Ensure {
        let Some(w) = self.workers.get(&id) else { return Ensure::Failed };
        let Some(c) = w.containers.get(i) else { return Ensure::Failed };
        let Some(spec) = spec_of(&w.pod, c) else { return Ensure::Failed };
        let image = spec.image.clone().unwrap_or_default();
        let policy = spec.image_pull_policy.clone().unwrap_or_else(|| "IfNotPresent".to_owned());
        let who = crate::ctx::pod_ref(&w.pod);
        let field = field_path(c);
        let q = go_quote(&image);
        // applyDefaultImageTag: a reference that does not parse is InvalidImageName.
        if let Some(why) = parse_error(&image) {
            let msg = format!("Failed to apply default image tag {q}: couldn't parse image name {q}: {why}");
            ctx.event_at(who.clone(), Some(&field), EventType::Warning, "InspectFailed", msg.clone());
            ctx.event_at(who, Some(&field), EventType::Warning, "Failed", "Error: InvalidImageName".to_owned());
            self.wait_failed(id, i, "InvalidImageName", msg, ctx);
            return Ensure::Failed;
        }
        let present = self.images.contains(&image);
        if present && policy != "Always" {
            // KubeletEnsureSecretPulledImages is alpha and off in v1.33: no credential re-check.
            ctx.event_at(
                who,
                Some(&field),
                EventType::Normal,
                "Pulled",
                format!("Container image {q} already present on machine"),
            );
            return Ensure::Present;
        }
        if policy == "Never" {
            let msg = format!("Container image {q} is not present with pull policy of Never");
            ctx.event_at(who, Some(&field), EventType::Warning, "ErrImageNeverPull", msg.clone());
            self.wait_failed(id, i, "ErrImageNeverPull", msg, ctx);
            return Ensure::Failed;
        }
        let backoff = w.image_backoff.iter().find(|b| b.image == image).cloned();
        if let Some(b) = backoff.filter(|b| in_backoff(&b.entry, ctx.now_ms)) {
            // The BackOff event keeps the short text; the status message wraps the last pull error.
            let short = format!("Back-off pulling image {q}");
            ctx.event_at(who.clone(), Some(&field), EventType::Normal, "BackOff", short.clone());
            ctx.event_at(who, Some(&field), EventType::Warning, "Failed", "Error: ImagePullBackOff".to_owned());
            let msg = match &b.prev_err {
                Some(prev) => format!("{short}: {prev}"),
                None => short,
            };
            self.wait_failed(id, i, "ImagePullBackOff", msg, ctx);
            return Ensure::Failed;
        }
        // The pull's credentials: MakeDockerKeyring over the pull secrets, Lookup(repoToPull).
        let secrets = self.pull_secrets(id, false, ctx);
        let refs: Vec<&Secret> = secrets.iter().map(|s| s.as_ref()).collect();
        let answer = match make_docker_keyring(&refs) {
            Ok(k) => registry_answer(&ctx.settings.registries, &image, &k.lookup(&repo_to_pull(&image))),
            Err(e) => {
                ctx.event_at(who, Some(&field), EventType::Warning, "Failed", format!("Error: {e}"));
                self.wait_failed(id, i, &e.clone(), e, ctx);
                return Ensure::Failed;
            }
        };
        ctx.event_at(who, Some(&field), EventType::Normal, "Pulling", format!("Pulling image {q}"));
        // A refused pull answers at once; a pull that works takes 0.8–3 s of virtual time.
        let pull_ms = if answer.is_ok() { 800 + ctx.random() % 2200 } else { 100 + ctx.random() % 400 };
        let Some(w) = self.workers.get_mut(&id) else { return Ensure::Failed };
        w.pulling = true;
        // prevPullErrMsg.Delete: a new attempt forgets the last error (the back-off entry stays).
        if let Some(b) = w.image_backoff.iter_mut().find(|b| b.image == image) {
            b.prev_err = None;
        }
        if let Some(c) = w.containers.get_mut(i) {
            c.pull_error = answer.err();
        }
        ctx.queue.push(ctx.now_ms + pull_ms, Task::PullDone { node: self.index, pod: id, container: i as u16, pull_ms }, true);
        Ensure::Pulling
    }

    /// The pull of container `i`'s image ended: `Pulled` and the image is on the node, or
    /// `Failed` (`ErrImagePull`) with the image back-off moved on. Whether the container then
    /// starts is the caller's business.
    pub(super) fn finish_pull(&mut self, id: PodId, i: usize, pull_ms: u64, ctx: &mut Ctx<'_>) -> bool {
        let Some(w) = self.workers.get_mut(&id) else { return false };
        w.pulling = false;
        if w.phase == WorkerPhase::Terminating {
            return false;
        }
        let Some(c) = w.containers.get_mut(i) else { return false };
        let image = c.image.clone();
        let field = field_path(c);
        let who = crate::ctx::pod_ref(&w.pod);
        let q = go_quote(&image);
        if let Some(err) = c.pull_error.take() {
            ctx.event_at(who.clone(), Some(&field), EventType::Warning, "Failed", format!("Failed to pull image {q}: {err}"));
            ctx.event_at(who, Some(&field), EventType::Warning, "Failed", "Error: ErrImagePull".to_owned());
            let prev = w.image_backoff.iter().position(|b| b.image == image);
            let entry = next_backoff(prev.and_then(|p| w.image_backoff.get(p)).map(|b| &b.entry), ctx.now_ms);
            let record = ImageBackOff { image, entry, prev_err: Some(format!("ErrImagePull: {err}")) };
            match prev {
                Some(p) => w.image_backoff[p] = record,
                None => w.image_backoff.push(record),
            }
            self.wait_failed(id, i, "ErrImagePull", err, ctx);
            return false;
        }
        self.images.insert(image.clone());
        let d = go_duration(pull_ms);
        ctx.event_at(
            who,
            Some(&field),
            EventType::Normal,
            "Pulled",
            format!("Successfully pulled image {q} in {d} ({d} including waiting). Image size: {} bytes.", image_size(&image)),
        );
        true
    }

    /// The container waits with `reason` and `message` (a change only when the reason is new).
    fn set_waiting(&mut self, id: PodId, i: usize, reason: &str, message: String, ctx: &mut Ctx<'_>) {
        let Some(c) = self.workers.get_mut(&id).and_then(|w| w.containers.get_mut(i)) else { return };
        let same = matches!(&c.state, RunState::Waiting { reason: r, .. } if r == reason);
        c.state = RunState::Waiting { reason: reason.to_owned(), message: Some(message) };
        if !same {
            ctx.changed();
        }
        self.publish_status(id, ctx);
    }

    /// The container waits with a start error; the pod worker requeues the failed sync
    /// (pod_workers.go `backOffPeriod` 10 s, jitter 0.5).
    fn wait_failed(&mut self, id: PodId, i: usize, reason: &str, message: String, ctx: &mut Ctx<'_>) {
        let node = self.index;
        if let Some(w) = self.workers.get_mut(&id) {
            requeue(w, node, id, ctx);
        }
        self.set_waiting(id, i, reason, message, ctx);
    }
}

/// Queues the pod worker's retry of a failed sync, unless one is queued already.
pub(super) fn requeue(w: &mut PodWorker, node: u16, id: PodId, ctx: &mut Ctx<'_>) {
    if !w.sync_pending {
        w.sync_pending = true;
        let at = ctx.now_ms + jittered(ctx, SYNC_ERROR_BACKOFF_MS);
        ctx.queue.push(at, Task::Sync { node, pod: id }, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Vec<PrivateRegistry> {
        vec![PrivateRegistry {
            server: "registry.example.com".to_owned(),
            username: "me".to_owned(),
            password: "pa55".to_owned(),
        }]
    }

    fn cred(u: &str, p: &str) -> AuthConfig {
        AuthConfig { username: u.to_owned(), password: p.to_owned(), secret: "s".to_owned() }
    }

    #[test]
    fn the_registry_answers_as_containerd_does() {
        let img = "registry.example.com/team/app:1.0";
        assert_eq!(registry_answer(&reg(), img, &[cred("me", "pa55")]), Ok(()));
        assert_eq!(registry_answer(&reg(), img, &[cred("me", "wrong"), cred("me", "pa55")]), Ok(()));
        assert_eq!(
            registry_answer(&reg(), img, &[]).unwrap_err(),
            "failed to pull and unpack image \"registry.example.com/team/app:1.0\": failed to resolve reference \
             \"registry.example.com/team/app:1.0\": pull access denied, repository does not exist or may require \
             authorization: authorization failed: no basic auth credentials"
        );
        let wrong = "failed to pull and unpack image \"registry.example.com/team/app:1.0\": failed to resolve reference \
             \"registry.example.com/team/app:1.0\": unexpected status from HEAD request to \
             https://registry.example.com/v2/team/app/manifests/1.0: 401 Unauthorized";
        assert_eq!(registry_answer(&reg(), img, &[cred("me", "nope")]).unwrap_err(), wrong);
        // The same refusal twice is one message (utilerrors aggregate deduplicates).
        assert_eq!(registry_answer(&reg(), img, &[cred("me", "a"), cred("you", "b")]).unwrap_err(), wrong);
        // Public images never ask.
        assert_eq!(registry_answer(&reg(), "busybox", &[]), Ok(()));
    }

    #[test]
    fn repos_and_backoff() {
        assert_eq!(repo_to_pull("busybox"), "docker.io/library/busybox");
        assert_eq!(repo_to_pull("registry.example.com:5000/team/app:1.0"), "registry.example.com:5000/team/app");
        assert_eq!(
            manifest_url("docker.io/library/nginx:latest"),
            "https://registry-1.docker.io/v2/library/nginx/manifests/latest"
        );
        // Pulls are retried after 10, 20, 40, 80, 160, 300, 300 s.
        let mut e: Option<BackOffEntry> = None;
        let mut delays = Vec::new();
        for k in 0..7u64 {
            let n = next_backoff(e.as_ref(), k * 1_000_000 / 2000);
            delays.push(n.delay_ms / 1000);
            assert!(in_backoff(&n, n.last_update_ms + n.delay_ms - 1));
            assert!(!in_backoff(&n, n.last_update_ms + n.delay_ms));
            e = Some(n);
        }
        assert_eq!(delays, [10, 20, 40, 80, 160, 300, 300]);
    }
}
