//! The batch group's storage: Jobs, their `status` subresource and generation, and the pod
//! finalizer the Job controller tracks finished pods with.
//!
//! Mirrors `pkg/registry/batch/job/strategy.go` (v1.33): `PrepareForCreate` generates the
//! selector and the template's labels from the Job's uid (`generateSelector`: `controller-uid`,
//! `batch.kubernetes.io/controller-uid`, `job-name`, `batch.kubernetes.io/job-name`), clears the
//! status and sets `generation` 1; `PrepareForUpdate` keeps the status and moves the generation
//! when the spec changes.

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::{Job, JobStatus};

use super::{table_get, ChangeOp, Store};
use crate::object::{Kind, Object};
use crate::status::Status;

/// `batch.LegacyJobNameLabel`.
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";
/// `batch.JobNameLabel`.
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
/// `batch.LegacyControllerUidLabel`.
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
/// `batch.ControllerUidLabel`.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
/// `batch.JobTrackingFinalizer`: the finalizer the Job controller puts on its pods until it has
/// counted them.
pub const JOB_TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";

/// `jobStrategy.PrepareForCreate` with the uid the API server gives the Job: the status is
/// cleared and, unless `manualSelector` is true, `generateSelector` fills the template's labels
/// and the selector (labels the user already set are left for validation to judge).
pub(super) fn prepare_job_for_create(job: &mut Job, uid: String) {
    job.metadata.uid = Some(uid.clone());
    job.status = None;
    let name = job.metadata.name.clone().unwrap_or_default();
    let Some(spec) = job.spec.as_mut() else { return };
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec.template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(BTreeMap::new);
    for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        labels.entry(key.to_owned()).or_insert_with(|| name.clone());
    }
    for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        labels.entry(key.to_owned()).or_insert_with(|| uid.clone());
    }
    let selector = spec.selector.get_or_insert_with(Default::default);
    selector.match_labels.get_or_insert_with(BTreeMap::new).entry(CONTROLLER_UID_LABEL.to_owned()).or_insert(uid);
}

/// `jobStrategy.PrepareForUpdate`: a `PUT` keeps the stored status; a changed spec takes the next generation.
pub(super) fn prepare_for_update(new: &mut Object, old: &Object) {
    if let (Object::Job(n), Object::Job(o)) = (new, old) {
        n.status = o.status.clone();
        if n.spec != o.spec {
            n.metadata.generation = Some(o.metadata.generation.unwrap_or(0) + 1);
        }
    }
}

/// `errors.NewInvalid`: the message names the Job by its qualified kind (`Job.batch "x" is
/// invalid`), the details by its kind (what kubectl's "The Job "x" is invalid" prints).
pub(super) fn invalid(kind: Kind, name: &str, errs: Vec<crate::field::FieldError>) -> Status {
    let mut st = Status::invalid(kind.as_str(), name, errs);
    if kind == Kind::Job {
        st.message = format!("Job.batch{}", &st.message[kind.as_str().len()..]);
    }
    st
}

impl Store {
    /// A Job by namespace and name.
    pub fn job(&self, ns: &str, name: &str) -> Option<&Job> {
        table_get(&self.jobs, ns, name)
    }

    /// Every Job, by namespace then name.
    pub fn jobs(&self) -> impl Iterator<Item = &Job> {
        self.jobs.values().flat_map(|m| m.values())
    }

    /// The `jobs/status` subresource (`jobStatusStrategy`: the spec is kept). A change takes a
    /// resourceVersion and a watch event; an equal write changes nothing.
    pub fn update_job_status(&mut self, ns: &str, name: &str, status: JobStatus) -> bool {
        let Some(j) = self.jobs.get_mut(ns).and_then(|m| m.get_mut(name)) else { return false };
        if j.status.as_ref() == Some(&status) {
            return false;
        }
        j.status = Some(status);
        j.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::Job, ns, name, ChangeOp::Modified);
        true
    }

    /// Replaces a pod's finalizers (the Job controller adding or removing its tracking
    /// finalizer, a patch of `metadata.finalizers`). `None` when there is no such pod.
    pub fn set_pod_finalizers(&mut self, ns: &str, name: &str, finalizers: Option<Vec<String>>) -> Option<bool> {
        self.modify_pod(ns, name, |p| {
            if p.metadata.finalizers == finalizers {
                return false;
            }
            p.metadata.finalizers = finalizers;
            true
        })
    }
}
