//! `kubectl run NAME --image=IMAGE [--restart=Always|OnFailure|Never] [--env=K=V] [--command] [--overrides=JSON] [-- ARGS…]` (run.go).

use kubeplay_cluster::{ApiCall, ApiResult};
use kubeplay_shell::Output;
use serde_json::json;

use super::common::{api_json, check_output_format, print_object, Cmd, Ctx, DryRun};
use crate::flags::{self, Args, Flag, Takes};

/// `--image`.
pub const IMAGE: Flag = Flag { name: "image", short: None, takes: Takes::Value };
/// `--restart`.
pub const RESTART: Flag = Flag { name: "restart", short: None, takes: Takes::Value };
/// `--env` (repeatable `KEY=VALUE`).
pub const ENV: Flag = Flag { name: "env", short: None, takes: Takes::Value };
/// `--command`: the words after `--` are the command, not the args.
pub const COMMAND: Flag = Flag { name: "command", short: None, takes: Takes::Bool };
/// `--overrides`: inline JSON merged into the generated pod (override.go, default type `merge`).
pub const OVERRIDES: Flag = Flag { name: "overrides", short: None, takes: Takes::Value };
/// `-l, --labels` (run.go: not a selector here).
pub const LABELS: Flag = Flag { name: "labels", short: Some('l'), takes: Takes::Value };

/// The flags of `kubectl run` that kubeplay models.
pub const FLAGS: &[Flag] = &[
    IMAGE,
    RESTART,
    ENV,
    COMMAND,
    OVERRIDES,
    flags::STDIN,
    flags::TTY,
    LABELS,
    flags::DRY_RUN,
    flags::OUTPUT,
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::WAIT,
];

/// Runs `kubectl run NAME --image=IMAGE [--restart=Never]`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    // run.go marks --image required (`cmd.MarkFlagRequired("image")`): cobra's
    // ValidateRequiredFlags fails before Run, so this comes before the NAME check
    // (checked against a kubectl v1.33.1 client).
    let Some(image) = a.get("image") else { return Output::err("error: required flag(s) \"image\" not set") };
    // run.go: `run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]`:
    // the words after NAME are the container's args.
    let Some(name) = p.get(1).cloned() else { return cmd.usage_error("NAME is required for run") };
    let container_args: Vec<&String> = p.iter().skip(2).chain(a.after_dash.iter().flatten()).collect();
    // run.go getRestartPolicy: anything but Always, OnFailure or Never is a usage error.
    let restart = a.get("restart").filter(|r| !r.is_empty()).unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return cmd.usage_error(&format!("invalid restart policy: {restart}"));
    }
    if let Err(o) = check_output_format(a) {
        return o;
    }
    // run.go: each --env is KEY=VALUE (split at the first `=`), else `invalid env: %v`.
    let mut env = Vec::new();
    for e in a.all("env") {
        match e.split_once('=') {
            Some((k, v)) => env.push((k.to_owned(), v.to_owned())),
            None => return Output::err(format!("error: invalid env: {e}")),
        }
    }
    // run.go: with --command the words are the container's command, else its args.
    let words_key = if a.is_set("command") { "command" } else { "args" };
    let mut container = json!({"name": name, "image": image});
    if !container_args.is_empty() {
        container[words_key] = json!(container_args);
    }
    if !env.is_empty() {
        container["env"] = json!(env.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>());
    }
    let mut generated = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"run": name}},
        "spec": {"containers": [container], "restartPolicy": restart}});
    // override.go Overrider.Apply with the default `merge` type: cmdutil.Merge encodes the
    // generated pod and applies the JSON as an RFC 7396 merge patch (lists are replaced whole);
    // a fragment that is not JSON is json-patch's `Invalid JSON Patch`.
    if let Some(o) = a.get("overrides").filter(|o| !o.is_empty()) {
        let Ok(patch) = serde_json::from_str::<serde_json::Value>(o) else {
            return Output::err("error: Invalid JSON Patch");
        };
        if let Some(c) = generated.pointer_mut("/spec/containers/0") {
            c["resources"] = json!({});
        }
        generated["spec"]["dnsPolicy"] = json!("ClusterFirst");
        let _ = kubeplay_api::patch::apply(&mut generated, kubeplay_api::patch::PatchType::Merge, &patch);
    }
    let text = generated.to_string();
    let decoded = kubeplay_api::decode_manifest(&text, "run");
    let Some(Ok(obj)) = decoded.docs.into_iter().next().map(|d| d.result) else { return Output::err("error: invalid pod") };
    match dry {
        // run.go: with --dry-run=client the generated pod is printed and nothing is sent.
        DryRun::Client => return print_generated(a, &name, image, (words_key, &container_args), &env, restart),
        DryRun::Server => {
            if ctx.session.cluster().store().pod(ns, &name).is_some() {
                return Output::err(format!("Error from server (AlreadyExists): pods \"{name}\" already exists"));
            }
            return print_object(&api_json(&obj), a, "pod", &name, "created (server dry run)", true);
        }
        DryRun::None => {}
    }
    let body = ctx.auditing().then(|| crate::audit::request_json(&obj));
    let call = crate::audit::Call {
        verb: "create",
        kind: kubeplay_api::Kind::Pod,
        sub: "",
        ns,
        name: "",
        query: "fieldManager=kubectl-run&fieldValidation=Strict",
        body,
    };
    match ctx.send(call, ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
        Ok(ApiResult::Object(o)) => print_object(&api_json(&o), a, "pod", &name, "created", true),
        Ok(_) => Output::ok(format!("pod/{name} created\n")),
        Err(s) => Output::err(s.kubectl_message()),
    }
}

/// The pod `kubectl run --dry-run=client` prints: generators' `BasicPod` as built, before any
/// defaulting (`resources: {}`, `dnsPolicy: ClusterFirst`, `status: {}`, a null creationTimestamp).
fn print_generated(
    a: &Args,
    name: &str,
    image: &str,
    (words_key, args): (&str, &[&String]),
    env: &[(String, String)],
    restart: &str,
) -> Output {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    // Container{Name, Image, Command, Args, ..., Env, Resources}: in that order between image and resources.
    let mut args_json = if args.is_empty() {
        String::new()
    } else {
        let items: Vec<String> = args.iter().map(|s| format!("                    {}", q(s))).collect();
        format!("                \"{words_key}\": [\n{}\n                ],\n", items.join(",\n"))
    };
    if !env.is_empty() {
        let items: Vec<String> = env
            .iter()
            .map(|(k, v)| {
                format!(
                    "                    {{\n                        \"name\": {},\n                        \"value\": {}\n                    }}",
                    q(k),
                    q(v)
                )
            })
            .collect();
        args_json.push_str(&format!("                \"env\": [\n{}\n                ],\n", items.join(",\n")));
    }
    match a.get("output") {
        Some("json") => Output::ok(format!(
            "{{\n    \"kind\": \"Pod\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"name\": {n},\n        \"creationTimestamp\": null,\n        \"labels\": {{\n            \"run\": {n}\n        }}\n    }},\n    \"spec\": {{\n        \"containers\": [\n            {{\n                \"name\": {n},\n                \"image\": {i},\n{args_json}                \"resources\": {{}}\n            }}\n        ],\n        \"restartPolicy\": {r},\n        \"dnsPolicy\": \"ClusterFirst\"\n    }},\n    \"status\": {{}}\n}}\n",
            n = q(name),
            i = q(image),
            r = q(restart)
        )),
        _ => {
            let mut container = json!({"image": image, "name": name, "resources": {}});
            if !args.is_empty() {
                container[words_key] = json!(args);
            }
            if !env.is_empty() {
                container["env"] = json!(env.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>());
            }
            let v = json!({"apiVersion": "v1", "kind": "Pod",
                "metadata": {"creationTimestamp": null, "labels": {"run": name}, "name": name},
                "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
                "status": {}});
            print_object(&v, a, "pod", name, "created (dry run)", false)
        }
    }
}
