//! `kubectl run NAME --image=IMAGE [--restart=Never]` (run.go).

use kubeplay_cluster::ApiCall;
use kubeplay_shell::Output;
use serde_json::json;

use super::common::{single_name, Cmd, Ctx};
use crate::flags::{self, Flag, Takes};

/// `--image`.
pub const IMAGE: Flag = Flag { name: "image", short: None, takes: Takes::Value };
/// `--restart`.
pub const RESTART: Flag = Flag { name: "restart", short: None, takes: Takes::Value };
/// `-l, --labels` (run.go: not a selector here).
pub const LABELS: Flag = Flag { name: "labels", short: Some('l'), takes: Takes::Value };

/// The flags of `kubectl run` that kubeplay models.
pub const FLAGS: &[Flag] = &[
    IMAGE,
    RESTART,
    flags::STDIN,
    flags::TTY,
    LABELS,
    flags::DRY_RUN,
    flags::OUTPUT,
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::WAIT,
];

/// `kubectl run NAME --image=IMAGE [--restart=Never]`.
/// Runs `kubectl run`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    // run.go marks --image required (`cmd.MarkFlagRequired("image")`): cobra's
    // ValidateRequiredFlags fails before Run, so this comes before the NAME check
    // (checked against a kubectl v1.33.1 client).
    let Some(image) = a.get("image") else { return Output::err("error: required flag(s) \"image\" not set") };
    let Some(name) = single_name(p, 1).cloned() else { return cmd.usage_error("NAME is required for run") };
    let text = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"run": name}},
        "spec": {"containers": [{"name": name, "image": image}], "restartPolicy": a.get("restart").unwrap_or("Always")}})
    .to_string();
    let decoded = kubeplay_api::decode_manifest(&text, "run");
    let Some(Ok(obj)) = decoded.docs.into_iter().next().map(|d| d.result) else { return Output::err("error: invalid pod") };
    match ctx.session.call(ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
        Ok(_) => Output::ok(format!("pod/{name} created\n")),
        Err(s) => Output::err(s.kubectl_message()),
    }
}
