//! `kubectl patch` (patch.go): the patch is applied where Kubernetes applies it, in the API
//! server ([`kubeplay_api::patch`]), and the result is sent as an update.

use kubeplay_cluster::{ApiCall, ApiResult};
use kubeplay_shell::Output;
use serde_json::Value;

use kubeplay_api::patch::{PatchError, PatchType};

use super::common::{targets, Cmd, Ctx};
use crate::flags::{self, Flag, Takes};

/// `-p, --patch`.
pub const PATCH: Flag = Flag { name: "patch", short: Some('p'), takes: Takes::Value };
/// `--type`.
pub const TYPE: Flag = Flag { name: "type", short: None, takes: Takes::Value };

/// The flags of `kubectl patch` that kubeplay models.
pub const FLAGS: &[Flag] = &[PATCH, TYPE, flags::FILENAME, flags::OUTPUT, flags::DRY_RUN];

/// Runs `kubectl patch`.
pub fn patch(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    // patch.go Validate runs before the resource lookup.
    let Some(patch_text) = a.get("patch") else {
        return Output::err("error: must specify --patch or --patch-file containing the contents of the patch");
    };
    // patch.go Validate: `--type must be one of %v, not %q` (lower-cased before the lookup), also
    // before the lookup (checked against a kubectl v1.33.1 client).
    let type_given = a.get("type").unwrap_or("strategic");
    let ty = match type_given.to_lowercase().as_str() {
        "strategic" => PatchType::StrategicMerge,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        _ => {
            return Output::err(format!(
                "error: --type must be one of [json merge strategic], not {}",
                kubeplay_api::field::go_quote(type_given)
            ))
        }
    };
    let t = match targets(a.positional.get(1..).unwrap_or_default()) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let Some((kind, Some(name))) = t.into_iter().next() else {
        return Output::err("error: resource(s) were provided, but no name was specified");
    };
    let patch: Value = match kubeplay_api::yaml::load(patch_text).docs.into_iter().next() {
        Some(d) => d.value,
        None => return Output::err(format!("error: unable to parse \"{patch_text}\": yaml: did not find expected node content")),
    };
    let (d, forbidden) = ctx.decide("patch", kind, "", ns, &name);
    let body = ctx.auditing().then(|| patch.clone());
    let call = crate::audit::Call {
        verb: "patch",
        kind,
        sub: "",
        ns,
        name: &name,
        query: "fieldManager=kubectl-patch&fieldValidation=Strict",
        body,
    };
    if !d.allowed {
        ctx.audit(call, &d, Err(&forbidden), 0);
        return Output::err(forbidden.kubectl_message());
    }
    let store = ctx.session.cluster().store();
    // The API server reads the object and applies the patch (store.rs `patched`), then updates.
    let patched = store.get(kind, ns, &name).map_err(PatchError::Api).and_then(|current| {
        let before = current.meta().resource_version.clone();
        store.patched(kind, ns, &name, ty, &patch).map(|o| (before, o))
    });
    let (before, obj) = match patched {
        Ok(x) => x,
        Err(PatchError::Api(s)) | Err(PatchError::Decode(kubeplay_api::DecodeError::Server(s))) => {
            ctx.audit(call, &d, Err(&s), 0);
            return Output::err(s.kubectl_message());
        }
        Err(PatchError::Decode(kubeplay_api::DecodeError::Client(m))) => return Output::err(format!("error: {m}")),
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let r = ctx.session.call(ApiCall::Update { object: Box::new(obj) });
    let resp = if ctx.auditing() { r.as_ref().ok().and_then(crate::audit::result_json) } else { None };
    ctx.audit(call, &d, r.as_ref().map(|_| resp), 200);
    match r {
        Ok(ApiResult::Object(o)) => {
            let op = if o.meta().resource_version == before { "patched (no change)" } else { "patched" };
            Output::ok(format!("{}/{name} {op}\n", kind.singular()))
        }
        Ok(_) => Output::ok(format!("{}/{name} patched\n", kind.singular())),
        Err(s) => Output::err(s.kubectl_message()),
    }
}
