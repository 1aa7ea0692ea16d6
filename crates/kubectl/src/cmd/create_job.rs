//! `kubectl create job NAME --image=IMAGE [-- COMMAND [args...]]` and `--from=cronjob/NAME`
//! (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go, v1.33).

use kubeplay_api::k8s_openapi::api::batch::v1::{Job, JobSpec, JobStatus};
use kubeplay_api::k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec, ResourceRequirements};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::{Kind, Object};
use kubeplay_shell::Output;
use serde_json::Value;

use super::common::{print_object, send_create, Cmd, Ctx, DryRun};
use super::run::IMAGE;
use super::set_env::FROM;
use crate::flags::{self, Flag};

/// The flags of `kubectl create job` that kubeplay models.
pub const FLAGS: &[Flag] = &[IMAGE, FROM, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];

/// Runs `kubectl create job NAME`.
pub fn create_job(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    // NameFromCommandArgs: exactly one argument before `--`; the command is what follows it.
    let before_dash = a.positional.len().saturating_sub(2);
    let Some(name) = a.positional.get(2).filter(|_| before_dash == 1).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {before_dash}"));
    };
    let image = a.get("image").unwrap_or("");
    let from = a.get("from").unwrap_or("");
    let command: Vec<String> = a.after_dash.clone().unwrap_or_default();
    // CreateJobOptions.Validate.
    if image.is_empty() == from.is_empty() {
        return Output::err("error: either --image or --from must be specified");
    }
    if !command.is_empty() && !from.is_empty() {
        return Output::err("error: cannot specify --from and command");
    }
    if !from.is_empty() {
        return from_resource(ctx, ns, from);
    }
    let job = Job {
        metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() },
        spec: Some(JobSpec {
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta::default()),
                spec: Some(PodSpec {
                    containers: vec![Container {
                        name: name.clone(),
                        image: Some(image.to_owned()),
                        command: (!command.is_empty()).then_some(command),
                        resources: Some(ResourceRequirements::default()),
                        ..Default::default()
                    }],
                    restart_policy: Some("Never".to_owned()),
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        status: Some(JobStatus::default()),
    };
    let obj = Object::Job(job);
    if dry == DryRun::Client {
        let mut v = obj.to_json();
        for path in ["/metadata", "/spec/template/metadata"] {
            if let Some(m) = v.pointer_mut(path).and_then(Value::as_object_mut) {
                // kubectl <= v1.33 prints the zero creationTimestamp as null.
                m.insert("creationTimestamp".to_owned(), Value::Null);
            }
        }
        if let Some(m) = v.as_object_mut() {
            m.insert("apiVersion".to_owned(), "batch/v1".into());
            m.insert("kind".to_owned(), "Job".into());
        }
        return print_object(&v, a, "job.batch", &name, "created (dry run)", true);
    }
    send_create(ctx, obj, ns, a, "job", dry)
}

/// `--from=TYPE/NAME`: the builder resolves the resource first. kubeplay's API server serves no
/// CronJobs, so `cronjob` is a resource type the server does not have, as any unknown type is; a
/// kind kubeplay has is fetched, and anything but a CronJob is `unknown object type`.
fn from_resource(ctx: &mut Ctx<'_>, ns: &str, from: &str) -> Output {
    let (ty, name) = from.split_once('/').unwrap_or((from, ""));
    let Some(kind) = Kind::from_resource(ty) else {
        return Output::err(format!("error: the server doesn't have a resource type \"{ty}\""));
    };
    if name.is_empty() {
        // ResourceTypeOrNameArgs with a bare type lists every object of it: not one CronJob.
        return Output::err("error: from must be an existing cronjob");
    }
    let ons = if kind.namespaced() { ns } else { "" };
    match ctx.session.cluster().store().get(kind, ons, name) {
        Err(s) => Output::err(s.kubectl_message()),
        Ok(o) => Output::err(format!("error: unknown object type *v1.{}", o.kind().as_str())),
    }
}
