//! `kubectl create deployment NAME --image=IMAGE... [--replicas=N] [--port=N] [-- COMMAND [args...]]`
//! (staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go).

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy};
use kubeplay_api::k8s_openapi::api::core::v1::{Container, ContainerPort, PodSpec, PodTemplateSpec, ResourceRequirements};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use kubeplay_api::Object;
use kubeplay_shell::Output;
use serde_json::Value;

use super::common::{print_object, send_create, single_name, Cmd, Ctx, DryRun};
use super::run::IMAGE;
use crate::flags::{self, Flag, Takes};

/// `-r, --replicas` (default 1).
pub const REPLICAS: Flag = Flag { name: "replicas", short: Some('r'), takes: Takes::Int };
/// `--port` (default -1: none).
pub const PORT: Flag = Flag { name: "port", short: None, takes: Takes::Int };

/// The flags of `kubectl create deployment` that kubeplay models.
pub const FLAGS: &[Flag] = &[IMAGE, REPLICAS, PORT, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];

/// Runs `kubectl create deployment NAME`.
pub fn create_deployment(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let images = a.all("image");
    if images.is_empty() {
        // cobra's MarkFlagRequired("image"), checked before Complete.
        return Output::err("error: required flag(s) \"image\" not set");
    }
    let Some(name) = single_name(p, 2).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
    };
    let replicas: i32 = a.get("replicas").and_then(|v| v.parse().ok()).unwrap_or(1);
    let port: i32 = a.get("port").and_then(|v| v.parse().ok()).unwrap_or(-1);
    // `-- COMMAND [args...]` becomes the container's command (create_deployment.go Complete).
    let command = a.after_dash.clone().filter(|c| !c.is_empty());
    if images.len() > 1 && command.is_some() {
        // create_deployment.go Validate, checked before the --port rule.
        return Output::err("error: cannot specify multiple --image options and command");
    }
    if images.len() > 1 && port >= 0 {
        // create_deployment.go Validate.
        return Output::err("error: cannot specify multiple --image options and --port");
    }
    let labels: BTreeMap<String, String> = [("app".to_owned(), name.clone())].into();
    let d = Deployment {
        metadata: ObjectMeta { name: Some(name.clone()), labels: Some(labels.clone()), ..Default::default() },
        spec: Some(DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector { match_labels: Some(labels.clone()), match_expressions: None },
            strategy: Some(DeploymentStrategy::default()),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta { labels: Some(labels), ..Default::default() }),
                spec: Some(build_pod_spec(&images, port, command)),
            },
            ..Default::default()
        }),
        status: Some(DeploymentStatus::default()),
    };
    let obj = Object::Deployment(d);
    if dry == DryRun::Client {
        let mut v = obj.to_json();
        for path in ["/metadata", "/spec/template/metadata"] {
            if let Some(m) = v.pointer_mut(path).and_then(Value::as_object_mut) {
                // kubectl <= v1.33 prints the zero creationTimestamp as null.
                m.insert("creationTimestamp".to_owned(), Value::Null);
            }
        }
        if let Some(m) = v.as_object_mut() {
            m.insert("apiVersion".to_owned(), "apps/v1".into());
            m.insert("kind".to_owned(), "Deployment".into());
        }
        return print_object(&v, a, "deployment.apps", &name, "created (dry run)", true);
    }
    send_create(ctx, obj, ns, a, "deployment", dry)
}

/// `buildPodSpec`: one container per image, named after the image (without registry, tag or
/// digest) and made a valid name by `sanitizeAndUniquify`.
fn build_pod_spec(images: &[&str], port: i32, command: Option<Vec<String>>) -> PodSpec {
    let containers = images
        .iter()
        .map(|image| {
            let last = image.rsplit('/').next().unwrap_or(image);
            let base = last.split(':').next().unwrap_or(last);
            let base = base.split('@').next().unwrap_or(base);
            Container {
                name: sanitize_and_uniquify(base),
                image: Some((*image).to_owned()),
                command: command.clone(),
                ports: (port >= 0).then(|| vec![ContainerPort { container_port: port, ..Default::default() }]),
                resources: Some(ResourceRequirements::default()),
                ..Default::default()
            }
        })
        .collect();
    PodSpec { containers, ..Default::default() }
}

/// `sanitizeAndUniquify`: `_` and `.` become `-`, and such a name gets `-` and five random
/// characters. kubectl draws them from an unseeded generator; kubeplay derives them from the name
/// (FNV-1a), so a replayed session makes the same container name.
fn sanitize_and_uniquify(name: &str) -> String {
    if !name.contains(['_', '.']) {
        return name.to_owned();
    }
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let suffix: String = (0..5)
        .map(|_| {
            let c = char::from(ALPHABET[(h % ALPHABET.len() as u64) as usize]);
            h /= ALPHABET.len() as u64;
            c
        })
        .collect();
    format!("{}-{suffix}", name.replace(['_', '.'], "-"))
}
