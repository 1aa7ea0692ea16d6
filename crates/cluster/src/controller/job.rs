//! The Job controller (`pkg/controller/job/job_controller.go`, `backoff_utils.go`, v1.33).
//!
//! `syncJob`, in the order upstream runs it:
//! 1. a finished Job (a true `Complete` or `Failed` condition) is left alone;
//! 2. the Job's pods are claimed (owned ones, and orphans its selector matches: adopted with the
//!    controller reference and the `batch.kubernetes.io/job-tracking` finalizer);
//! 3. succeeded and failed pods not yet counted (they still carry the finalizer) are added to the
//!    counters; a pod is failed when its phase is `Failed` or, under the default
//!    `podReplacementPolicy: TerminatingOrFailed`, when it is being deleted (`isPodFailed`);
//! 4. the finish: more failures than `backoffLimit`, or (restartPolicy `OnFailure`) container
//!    restarts summing to `backoffLimit` (`pastBackoffLimitOnFailure`), give the interim
//!    `FailureTarget` condition `BackoffLimitExceeded` "Job has reached the specified backoff
//!    limit"; `activeDeadlineSeconds` gives `DeadlineExceeded`; active pods are then deleted;
//! 5. otherwise `manageJob` creates pods up to `min(parallelism, completions - succeeded)`
//!    (`SuccessfulCreate` "Created pod: NAME"), after the pod-failure back-off (10 s doubling to
//!    10 min after the last failure, `getRemainingTimeForFailuresCount`), or deletes surplus
//!    pods; `succeeded >= completions` with no active pod gives the interim `SuccessCriteriaMet`
//!    condition (`CompletionsReached` "Reached expected number of succeeded pods");
//! 6. `trackJobStatusAndRemoveFinalizers`: the newly finished pods' uids go to
//!    `status.uncountedTerminatedPods` (one status write), their finalizers are removed and the
//!    counters move (a second write); once nothing is uncounted and no pod is terminating the
//!    terminal condition (`Complete` with `completionTime`, or `Failed`) is added, with the
//!    `Completed` "Job completed" event or the `Warning` event of the failure reason.
//!
//! The store's reads are always current, so kubeplay needs no expectations, and the back-off is
//! computed from the pods' finish times, which is what `backoffStore` records from them.

use kubeplay_api::k8s_openapi::api::batch::v1::{Job, JobCondition, JobStatus, UncountedTerminatedPods};
use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kubeplay_api::store::{time_at, EPOCH_UNIX_MS, JOB_TRACKING_FINALIZER};
use kubeplay_api::validation::selector_matches;
use kubeplay_api::{Kind, Object};

use super::{controller_of, pod_active, pod_ready, record};
use crate::ctx::Ctx;
use crate::events::{EventType, ObjectRef};

/// The events' source (`job-controller`, the controller's event recorder component).
pub(crate) const SOURCE: &str = "job-controller";

/// `DefaultJobPodFailureBackOff`: the first wait after a pod failure.
const POD_FAILURE_BACKOFF_MS: u64 = 10_000;
/// `MaxJobPodFailureBackOff`.
const MAX_POD_FAILURE_BACKOFF_MS: u64 = 600_000;
/// `MaxPodCreateDeletePerSync`.
const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

/// `batch.JobReasonBackoffLimitExceeded` and its message (job_controller.go syncJob).
const BACKOFF_LIMIT_EXCEEDED: (&str, &str) = ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
/// `batch.JobReasonDeadlineExceeded` and its message.
const DEADLINE_EXCEEDED: (&str, &str) = ("DeadlineExceeded", "Job was active longer than specified deadline");
/// `batch.JobReasonCompletionsReached` and its message (`newSuccessCondition` with JobSuccessPolicy on).
const COMPLETIONS_REACHED: (&str, &str) = ("CompletionsReached", "Reached expected number of succeeded pods");

/// `metav1.NewControllerRef(job, batch/v1 Job)`.
fn job_ref(meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".to_owned(),
        kind: "Job".to_owned(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn has_finalizer(p: &Pod) -> bool {
    p.metadata.finalizers.iter().flatten().any(|f| f == JOB_TRACKING_FINALIZER)
}

fn phase(p: &Pod) -> &str {
    p.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("")
}

fn condition_true(st: &JobStatus, type_: &str) -> bool {
    st.conditions.iter().flatten().any(|c| c.type_ == type_ && c.status == "True")
}

/// `util.IsJobFinished`.
pub(crate) fn finished(job: &Job) -> bool {
    job.status.as_ref().is_some_and(|st| condition_true(st, "Complete") || condition_true(st, "Failed"))
}

/// `isPodFailed`: phase `Failed`, or (unless only failed pods are replaced) deleted before it succeeded.
fn pod_failed(p: &Pod, job: &Job) -> bool {
    if phase(p) == "Failed" {
        return true;
    }
    let spec = job.spec.as_ref();
    let only_failed =
        spec.is_some_and(|s| s.pod_replacement_policy.as_deref() == Some("Failed") || s.pod_failure_policy.is_some());
    !only_failed && p.metadata.deletion_timestamp.is_some() && phase(p) != "Succeeded"
}

/// `getFinishedTime`: the last container's `finishedAt`, else the deletion time, else creation.
fn finished_ms(p: &Pod) -> i64 {
    let st = p.status.as_ref();
    let ends = st
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|c| c.state.as_ref().and_then(|s| s.terminated.as_ref()).and_then(|t| t.finished_at.as_ref()))
        .map(|t| t.0.as_millisecond())
        .max();
    ends.or_else(|| p.metadata.deletion_timestamp.as_ref().map(|t| t.0.as_millisecond()))
        .or_else(|| p.metadata.creation_timestamp.as_ref().map(|t| t.0.as_millisecond()))
        .unwrap_or(EPOCH_UNIX_MS)
}

/// `newCondition`: a true condition at `now`.
fn new_condition(type_: &str, (reason, message): (&str, &str), now_ms: u64) -> JobCondition {
    JobCondition {
        type_: type_.to_owned(),
        status: "True".to_owned(),
        reason: Some(reason.to_owned()).filter(|r| !r.is_empty()),
        message: Some(message.to_owned()).filter(|m| !m.is_empty()),
        last_probe_time: Some(time_at(now_ms)),
        last_transition_time: Some(time_at(now_ms)),
    }
}

/// `syncJob`; returns when the Job wants to be synced again (the pod-failure back-off or the
/// active deadline), as `jm.queue.AddAfter` does.
pub(crate) fn sync(ctx: &mut Ctx<'_>, ns: &str, name: &str) -> Option<u64> {
    let mut job = ctx.store.job(ns, name).cloned()?;
    if finished(&job) {
        return None;
    }
    let spec = job.spec.clone()?;
    let who = ObjectRef { kind: "Job", namespace: ns.to_owned(), name: name.to_owned() };
    let pods = claim_pods(ctx, &job, ns);
    let mut st = job.status.clone().unwrap_or_default();
    let uncounted = st.uncounted_terminated_pods.clone().unwrap_or_default();
    let is_uncounted = |p: &Pod, list: &Option<Vec<String>>| list.iter().flatten().any(|u| Some(u) == p.metadata.uid.as_ref());
    let active_pods: Vec<&Pod> = pods.iter().filter(|p| pod_active(p)).collect();
    let mut active = active_pods.len();
    let mut ready = active_pods.iter().filter(|p| pod_ready(p)).count();
    // trackTerminatingPods (JobPodReplacementPolicy on): controller.CountTerminatingPods.
    let mut terminating =
        pods.iter().filter(|p| p.metadata.deletion_timestamp.is_some() && !matches!(phase(p), "Succeeded" | "Failed")).count();
    // getNewFinishedPods: pods still carrying the finalizer, not yet in the uncounted lists.
    let new_succeeded: Vec<&Pod> =
        pods.iter().filter(|p| has_finalizer(p) && !is_uncounted(p, &uncounted.succeeded) && phase(p) == "Succeeded").collect();
    let new_failed: Vec<&Pod> =
        pods.iter().filter(|p| has_finalizer(p) && !is_uncounted(p, &uncounted.failed) && pod_failed(p, &job)).collect();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let len = |l: &Option<Vec<String>>| l.as_ref().map_or(0, Vec::len);
    let succeeded = st.succeeded.unwrap_or(0) + count(new_succeeded.len() + len(&uncounted.succeeded));
    let failed = st.failed.unwrap_or(0) + count(new_failed.len() + len(&uncounted.failed));
    let suspended = spec.suspend == Some(true);
    if st.start_time.is_none() && !suspended {
        st.start_time = Some(time_at(ctx.now_ms));
    }
    let mut requeue = None;
    let backoff_limit = spec.backoff_limit.unwrap_or(6);
    let mut finish: Option<JobCondition> = st.conditions.iter().flatten().find(|c| c.type_ == "SuccessCriteriaMet").cloned();
    if finish.is_none() {
        if let Some(target) = st.conditions.iter().flatten().find(|c| c.type_ == "FailureTarget" && c.status == "True") {
            let (r, m) = (target.reason.clone().unwrap_or_default(), target.message.clone().unwrap_or_default());
            finish = Some(new_condition("Failed", (&r, &m), ctx.now_ms));
        } else if failed > backoff_limit || past_backoff_limit_on_failure(&spec, &pods, backoff_limit) {
            finish = Some(new_condition("FailureTarget", BACKOFF_LIMIT_EXCEEDED, ctx.now_ms));
        } else if let (Some(deadline), Some(start), false) = (spec.active_deadline_seconds, st.start_time.as_ref(), suspended) {
            let end_ms = start.0.as_millisecond() - EPOCH_UNIX_MS + deadline.saturating_mul(1000);
            match u64::try_from(end_ms) {
                Ok(end) if end > ctx.now_ms => requeue = Some(end - ctx.now_ms),
                _ => finish = Some(new_condition("FailureTarget", DEADLINE_EXCEEDED, ctx.now_ms)),
            }
        }
    }
    if finish.as_ref().is_some_and(|c| c.type_ != "SuccessCriteriaMet") {
        // deleteActivePods.
        for p in &active_pods {
            let pname = p.metadata.name.clone().unwrap_or_default();
            if ctx.store.delete_pod_gracefully(ns, &pname, None, ctx.now_ms).is_ok() {
                record(ctx, who.clone(), EventType::Normal, "SuccessfulDelete", SOURCE, format!("Deleted pod: {pname}"));
                active -= 1;
                terminating += 1;
                if pod_ready(p) {
                    ready -= 1;
                }
            }
        }
    } else if finish.is_none() {
        if job.metadata.deletion_timestamp.is_none() {
            let (left, wait) = manage_job(ctx, &job, &active_pods, succeeded, terminating, &pods);
            active = left;
            requeue = requeue.into_iter().chain(wait).min();
        }
        let done = match spec.completions {
            None => succeeded > 0 && active == 0,
            Some(c) => succeeded >= c && active == 0,
        };
        if done {
            finish = Some(new_condition("SuccessCriteriaMet", COMPLETIONS_REACHED, ctx.now_ms));
        }
    }
    st.active = Some(count(active)).filter(|n| *n > 0);
    st.ready = Some(count(ready));
    st.terminating = Some(count(terminating));
    track_status(ctx, &mut job, st, &pods, finish, terminating, &who);
    requeue
}

/// `pastBackoffLimitOnFailure`: with restartPolicy `OnFailure`, the restarts of the running and
/// pending pods' containers reach `backoffLimit` (any restart when it is 0).
fn past_backoff_limit_on_failure(spec: &kubeplay_api::k8s_openapi::api::batch::v1::JobSpec, pods: &[Pod], limit: i32) -> bool {
    if spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()) != Some("OnFailure") {
        return false;
    }
    let restarts: i32 = pods
        .iter()
        .filter(|p| matches!(phase(p), "Running" | "Pending"))
        .filter_map(|p| p.status.as_ref())
        .flat_map(|s| s.init_container_statuses.iter().flatten().chain(s.container_statuses.iter().flatten()))
        .map(|c| c.restart_count)
        .sum();
    if limit == 0 {
        restarts > 0
    } else {
        restarts >= limit
    }
}

/// `getPodsForJob`: the pods this Job controls, adopting matching orphans (with the tracking finalizer).
fn claim_pods(ctx: &mut Ctx<'_>, job: &Job, ns: &str) -> Vec<Pod> {
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let selector = job.spec.as_ref().and_then(|s| s.selector.clone());
    let candidates: Vec<Pod> = ctx.store.pods_in(ns).cloned().collect();
    let mut owned = Vec::new();
    for p in candidates {
        match controller_of(&p.metadata) {
            Some(r) if r.uid == uid => owned.push(p),
            Some(_) => {}
            None => {
                let labels = p.metadata.labels.clone().unwrap_or_default();
                let matches = selector.as_ref().is_some_and(|s| selector_matches(s, &labels));
                if !matches || job.metadata.deletion_timestamp.is_some() || p.metadata.deletion_timestamp.is_some() {
                    continue;
                }
                let pname = p.metadata.name.clone().unwrap_or_default();
                let mut refs = p.metadata.owner_references.clone().unwrap_or_default();
                refs.push(job_ref(&job.metadata));
                ctx.store.set_owner_references(Kind::Pod, ns, &pname, Some(refs));
                let mut fins = p.metadata.finalizers.clone().unwrap_or_default();
                if !fins.iter().any(|f| f == JOB_TRACKING_FINALIZER) {
                    fins.push(JOB_TRACKING_FINALIZER.to_owned());
                }
                ctx.store.set_pod_finalizers(ns, &pname, Some(fins));
                ctx.note(|| format!("{SOURCE}: {ns}/{} adopted pod {pname}", job.metadata.name.as_deref().unwrap_or("")));
                owned.extend(ctx.store.pod(ns, &pname).cloned());
            }
        }
    }
    owned
}

/// `manageJob`: delete surplus active pods or create missing ones; returns the active count
/// and, when the pod-failure back-off holds creation back, when to try again.
fn manage_job(
    ctx: &mut Ctx<'_>,
    job: &Job,
    active_pods: &[&Pod],
    succeeded: i32,
    terminating: usize,
    pods: &[Pod],
) -> (usize, Option<u64>) {
    let spec = job.spec.clone().unwrap_or_default();
    let ns = job.metadata.namespace.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    let who = ObjectRef { kind: "Job", namespace: ns.clone(), name: name.clone() };
    let mut active = active_pods.len();
    let parallelism = usize::try_from(spec.parallelism.unwrap_or(1)).unwrap_or(0);
    let suspended = spec.suspend == Some(true);
    let want = if suspended {
        0
    } else {
        match spec.completions {
            None if succeeded > 0 => active,
            None => parallelism,
            Some(c) => usize::try_from(c - succeeded).unwrap_or(0).min(parallelism),
        }
    };
    if active > want {
        // activePodsForRemoval: not ready before ready, unscheduled before scheduled, newer first.
        let mut victims: Vec<&&Pod> = active_pods.iter().collect();
        victims.sort_by_key(|p| {
            let scheduled = p.spec.as_ref().and_then(|s| s.node_name.as_deref()).is_some();
            let created = p.metadata.creation_timestamp.as_ref().map_or(0, |t| t.0.as_second());
            (scheduled, phase(p) == "Running", pod_ready(p), -created)
        });
        for p in victims.into_iter().take((active - want).min(MAX_POD_CREATE_DELETE_PER_SYNC)) {
            let pname = p.metadata.name.clone().unwrap_or_default();
            if ctx.store.delete_pod_gracefully(&ns, &pname, None, ctx.now_ms).is_ok() {
                record(ctx, who.clone(), EventType::Normal, "SuccessfulDelete", SOURCE, format!("Deleted pod: {pname}"));
                active -= 1;
            }
        }
        return (active, None);
    }
    // onlyReplaceFailedPods: terminating pods still hold their place.
    let only_failed = spec.pod_replacement_policy.as_deref() == Some("Failed") || spec.pod_failure_policy.is_some();
    let held = if only_failed { terminating } else { 0 };
    let diff = want.saturating_sub(held + active);
    if diff == 0 {
        return (active, None);
    }
    let wait = backoff_remaining_ms(job, pods, ctx.now_ms);
    if wait > 0 {
        ctx.note(|| format!("{SOURCE}: {ns}/{name} waits {wait} ms (pod failure back-off)"));
        return (active, Some(wait));
    }
    for _ in 0..diff.min(MAX_POD_CREATE_DELETE_PER_SYNC) {
        let mut obj = Object::Pod(pod_from_template(job));
        match ctx.store.create_in(&mut obj, &ns, ctx.now_ms) {
            Ok(()) => {
                active += 1;
                let pname = obj.name().to_owned();
                record(ctx, who.clone(), EventType::Normal, "SuccessfulCreate", SOURCE, format!("Created pod: {pname}"));
            }
            Err(e) => {
                // controller_utils.go CreatePodsWithGenerateName: FailedCreate "Error creating: %v".
                record(ctx, who.clone(), EventType::Warning, "FailedCreate", SOURCE, format!("Error creating: {}", e.message));
                break;
            }
        }
    }
    (active, None)
}

/// The pod-failure back-off (`backoffStore.newBackoffRecord`, `getRemainingTimeForFailuresCount`):
/// the failures after the last success wait 10 s, doubling per failure up to 10 min, from the
/// last failure's finish time.
fn backoff_remaining_ms(job: &Job, pods: &[Pod], now_ms: u64) -> u64 {
    let last_success = pods.iter().filter(|p| phase(p) == "Succeeded").map(finished_ms).max();
    let failures: Vec<i64> =
        pods.iter().filter(|p| pod_failed(p, job)).map(finished_ms).filter(|t| last_success.is_none_or(|s| *t > s)).collect();
    let Some(last_failure) = failures.iter().copied().max() else { return 0 };
    let mut backoff = POD_FAILURE_BACKOFF_MS;
    for _ in 1..failures.len() {
        backoff = backoff.saturating_mul(2);
        if backoff >= MAX_POD_FAILURE_BACKOFF_MS {
            backoff = MAX_POD_FAILURE_BACKOFF_MS;
            break;
        }
    }
    let elapsed = u64::try_from(EPOCH_UNIX_MS + now_ms as i64 - last_failure).unwrap_or(0);
    backoff.saturating_sub(elapsed)
}

/// The pod `manageJob` creates: the template with the tracking finalizer, `generateName`
/// `<job>-` and the controller reference (`CreatePodsWithGenerateName`).
fn pod_from_template(job: &Job) -> Pod {
    let template = job.spec.as_ref().map(|s| s.template.clone()).unwrap_or_default();
    let tm = template.metadata.unwrap_or_default();
    let mut finalizers = tm.finalizers.unwrap_or_default();
    if !finalizers.iter().any(|f| f == JOB_TRACKING_FINALIZER) {
        finalizers.push(JOB_TRACKING_FINALIZER.to_owned());
    }
    Pod {
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", job.metadata.name.as_deref().unwrap_or(""))),
            namespace: job.metadata.namespace.clone(),
            labels: tm.labels,
            annotations: tm.annotations,
            finalizers: Some(finalizers),
            owner_references: Some(vec![job_ref(&job.metadata)]),
            ..Default::default()
        },
        spec: template.spec,
        status: None,
    }
}

/// `trackJobStatusAndRemoveFinalizers`, `flushUncountedAndRemoveFinalizers` and `enactJobFinished`.
#[allow(clippy::too_many_arguments)]
fn track_status(
    ctx: &mut Ctx<'_>,
    job: &mut Job,
    mut st: JobStatus,
    pods: &[Pod],
    mut finish: Option<JobCondition>,
    terminating: usize,
    who: &ObjectRef,
) {
    let ns = who.namespace.clone();
    let name = who.name.clone();
    let mut uncounted = st.uncounted_terminated_pods.clone().unwrap_or_default();
    let failing = finish.as_ref().is_some_and(|c| c.type_ != "SuccessCriteriaMet");
    let mut to_release = Vec::new();
    for p in pods.iter().filter(|p| has_finalizer(p)) {
        let considered_failed = pod_failed(p, job);
        let removable =
            job.metadata.deletion_timestamp.is_some() || finish.is_some() || phase(p) == "Succeeded" || considered_failed;
        if !removable {
            continue;
        }
        to_release.push(p.metadata.name.clone().unwrap_or_default());
        let puid = p.metadata.uid.clone().unwrap_or_default();
        let listed = |l: &Option<Vec<String>>| l.iter().flatten().any(|u| *u == puid);
        if phase(p) == "Succeeded" && !listed(&uncounted.failed) {
            if !listed(&uncounted.succeeded) {
                uncounted.succeeded.get_or_insert_with(Vec::new).push(puid);
            }
        } else if (considered_failed || failing) && !listed(&uncounted.failed) {
            uncounted.failed.get_or_insert_with(Vec::new).push(puid);
        }
    }
    let mut conditions = st.conditions.clone().unwrap_or_default();
    if let Some(c) = finish.clone().filter(|c| c.type_ == "FailureTarget") {
        conditions.push(c.clone());
        let (r, m) = (c.reason.unwrap_or_default(), c.message.unwrap_or_default());
        finish = Some(new_condition("Failed", (&r, &m), ctx.now_ms));
    }
    if let Some(c) = finish.clone().filter(|c| c.type_ == "SuccessCriteriaMet") {
        if !conditions.iter().any(|x| x.type_ == "SuccessCriteriaMet") {
            conditions.push(c.clone());
        }
        let (r, m) = (c.reason.unwrap_or_default(), c.message.unwrap_or_default());
        finish = Some(new_condition("Complete", (&r, &m), ctx.now_ms));
    }
    st.conditions = Some(conditions).filter(|c| !c.is_empty());
    // (1) flush the uncounted uids (and the interim condition) before the finalizers go.
    st.uncounted_terminated_pods = Some(uncounted.clone());
    write(ctx, &ns, &name, st.clone());
    // (2) remove the finalizers, (3) count the pods whose finalizer is gone.
    for pname in &to_release {
        let fins: Vec<String> = ctx
            .store
            .pod(&ns, pname)
            .and_then(|p| p.metadata.finalizers.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f != JOB_TRACKING_FINALIZER)
            .collect();
        ctx.store.set_pod_finalizers(&ns, pname, Some(fins).filter(|f| !f.is_empty()));
    }
    let n = |l: &Option<Vec<String>>| i32::try_from(l.as_ref().map_or(0, Vec::len)).unwrap_or(i32::MAX);
    st.succeeded = Some(st.succeeded.unwrap_or(0) + n(&uncounted.succeeded)).filter(|v| *v > 0);
    st.failed = Some(st.failed.unwrap_or(0) + n(&uncounted.failed)).filter(|v| *v > 0);
    st.uncounted_terminated_pods = Some(UncountedTerminatedPods::default());
    // enactJobFinished: not while a pod is terminating (delayTerminalCondition).
    let done = finish.filter(|_| terminating == 0);
    if let Some(c) = &done {
        let conditions = st.conditions.get_or_insert_with(Vec::new);
        if !conditions.iter().any(|x| x.type_ == c.type_) {
            conditions.push(c.clone());
        }
        if c.type_ == "Complete" {
            st.completion_time = c.last_transition_time.clone();
        }
    }
    write(ctx, &ns, &name, st.clone());
    job.status = Some(st.clone());
    if let Some(c) = done {
        // recordJobFinished.
        if c.type_ == "Complete" {
            let completions = job.spec.as_ref().and_then(|s| s.completions);
            if completions.is_some_and(|want| st.succeeded.unwrap_or(0) > want) {
                record(
                    ctx,
                    who.clone(),
                    EventType::Warning,
                    "TooManySucceededPods",
                    SOURCE,
                    "Too many succeeded pods running after completion count reached".to_owned(),
                );
            }
            record(ctx, who.clone(), EventType::Normal, "Completed", SOURCE, "Job completed".to_owned());
        } else {
            let reason =
                if c.reason.as_deref() == Some(DEADLINE_EXCEEDED.0) { DEADLINE_EXCEEDED.0 } else { BACKOFF_LIMIT_EXCEEDED.0 };
            record(ctx, who.clone(), EventType::Warning, reason, SOURCE, c.message.unwrap_or_default());
        }
    }
}

/// The `jobs/status` write (`updateJobStatus`).
fn write(ctx: &mut Ctx<'_>, ns: &str, name: &str, st: JobStatus) {
    if ctx.store.update_job_status(ns, name, st) {
        ctx.changed();
    }
}
