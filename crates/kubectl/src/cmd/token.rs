//! `kubectl create token` (`staging/src/k8s.io/kubectl/pkg/cmd/create/create_token.go`) and the
//! API server's side of it (`pkg/registry/core/serviceaccount/storage/token.go`), and `--token`:
//! the bearer token every request carries, authenticated as `pkg/serviceaccount/jwt.go` does.

use kubeplay_api::authentication::UserInfo;
use kubeplay_api::serviceaccount::{self as sa, TokenError, TokenSpec};
use kubeplay_api::{Kind, Status};
use kubeplay_cluster::Session;
use kubeplay_shell::Output;
use serde_json::json;

use super::common::{Cmd, Ctx};
use crate::flags::{Flag, Takes};

/// The flags of `kubectl create token`.
pub const FLAGS: &[Flag] = &[
    Flag { name: "audience", short: None, takes: Takes::Value },
    Flag { name: "duration", short: None, takes: Takes::Value },
    Flag { name: "bound-object-kind", short: None, takes: Takes::Value },
    Flag { name: "bound-object-name", short: None, takes: Takes::Value },
    Flag { name: "bound-object-uid", short: None, takes: Takes::Value },
    crate::flags::OUTPUT,
];

/// What kubectl prints when the API server answers 401 (helpers.go `StandardErrorMessage`).
pub const UNAUTHORIZED: &str = "error: You must be logged in to the server (Unauthorized)";

/// The virtual time in Unix seconds.
fn now_s(session: &Session) -> i64 {
    (kubeplay_api::store::EPOCH_UNIX_MS + session.cluster().now_ms() as i64) / 1000
}

/// `kubectl --token=T`: the service account `T` authenticates as, by the API server's
/// service-account authenticators (`kubeplay_api::serviceaccount::authenticator`: jwt.go,
/// claims.go, legacy.go), and the warning the response carries, if any. A legacy token's use
/// labels its Secret with the day (legacy.go `patchSecretWithLastUsedDate`, a merge patch the
/// API server makes as itself; recorded as a call so a step back replays it).
pub fn authenticate(session: &mut Session, token: &str) -> Result<(UserInfo, Option<&'static str>), TokenError> {
    let ok = sa::authenticator::authenticate(session.cluster().store(), token, now_s(session))?;
    if let Some(l) = &ok.last_used {
        if let Some(mut secret) = session.cluster().store().secret(&l.namespace, &l.name).cloned() {
            secret
                .metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert(sa::legacy::LAST_USED_LABEL_KEY.to_owned(), l.date.clone());
            let _ = session.call(kubeplay_cluster::ApiCall::Update { object: Box::new(kubeplay_api::Object::Secret(secret)) });
        }
    }
    Ok((ok.user, ok.warning))
}

/// `kubectl create token SERVICE_ACCOUNT_NAME`.
pub fn create_token(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    // NameFromCommandArgs.
    let name = match p.get(2..).unwrap_or_default() {
        [n] => n.clone(),
        [] => return cmd.usage_error("NAME is required"),
        more => return cmd.usage_error(&format!("exactly one NAME is required, got {}", more.len())),
    };
    if a.get("output").is_some_and(|o| !o.is_empty()) {
        return Output::err("kubeplay: kubectl create token -o prints the TokenRequest, which kubeplay does not build; without -o it prints the token");
    }
    let duration_s = match a.get("duration") {
        None => 0,
        Some(d) => match crate::printers::parse_duration(d) {
            Some(ms) if ms % 1000 != 0 => return Output::err("error: --duration cannot be expressed in units less than seconds"),
            Some(ms) => (ms / 1000) as i64,
            None => {
                return Output::err(format!(
                    "error: invalid argument \"{d}\" for \"--duration\" flag: time: invalid duration \"{d}\"\nSee '{} --help' for usage.",
                    cmd.path
                ))
            }
        },
    };
    let audiences: Vec<&str> = a.all("audience");
    if audiences.iter().any(|x| x.is_empty()) {
        return Output::err("error: --audience must not be an empty string");
    }
    let kind = a.get("bound-object-kind").unwrap_or("");
    let bound_name = a.get("bound-object-name").unwrap_or("");
    let bound_uid = a.get("bound-object-uid").unwrap_or("");
    if kind.is_empty() {
        if !bound_name.is_empty() {
            return Output::err("error: --bound-object-name can only be set if --bound-object-kind is provided");
        }
        if !bound_uid.is_empty() {
            return Output::err("error: --bound-object-uid can only be set if --bound-object-kind is provided");
        }
    } else {
        // boundObjectKindToAPIVersions: Node only with KUBECTL_NODE_BOUND_TOKENS=true.
        if kind != "Pod" && kind != "Secret" {
            return Output::err("error: supported --bound-object-kind values are Pod, Secret");
        }
        if bound_name.is_empty() {
            return Output::err("error: --bound-object-name is required if --bound-object-kind is provided");
        }
    }
    // POST serviceaccounts/NAME/token: authorized as `create` on the subresource.
    let (d, forbidden) = ctx.decide("create", Kind::ServiceAccount, "token", ns, &name);
    let body = json!({"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1", "metadata": {"creationTimestamp": null},
        "spec": {"audiences": if audiences.is_empty() { serde_json::Value::Null } else { json!(audiences) },
                 "expirationSeconds": if duration_s > 0 { json!(duration_s) } else { serde_json::Value::Null },
                 "boundObjectRef": if kind.is_empty() { serde_json::Value::Null } else { json!({"kind": kind, "apiVersion": "v1", "name": bound_name, "uid": bound_uid}) }},
        "status": {"token": "", "expirationTimestamp": null}});
    let call = crate::audit::Call {
        verb: "create",
        kind: Kind::ServiceAccount,
        sub: "token",
        ns,
        name: &name,
        query: "",
        body: Some(body),
    };
    if !d.allowed {
        ctx.audit(call, &d, Err(&forbidden), 0);
        return Output::err(format!("error: failed to create token: {forbidden}"));
    }
    let issued = issue(ctx.session, ns, &name, &audiences, duration_s, (kind, bound_name, bound_uid));
    let result = issued.as_ref().map(|(token, exp)| {
        Some(json!({"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": null},
            "status": {"token": token, "expirationTimestamp": exp}}))
    });
    ctx.audit(call, &d, result, 201);
    match issued {
        // create_token.go: `%s\n` on a terminal (the console is one).
        Ok((token, _)) => Output::ok(format!("{token}\n")),
        Err(s) => Output::err(format!("error: failed to create token: {s}")),
    }
}

/// token.go `Create`: the token for service account `ns/name`, and its expiration timestamp.
fn issue(
    session: &Session,
    ns: &str,
    name: &str,
    audiences: &[&str],
    duration_s: i64,
    (kind, bound_name, bound_uid): (&str, &str, &str),
) -> Result<(String, String), Status> {
    let store = session.cluster().store();
    let account = store.service_account(ns, name).ok_or_else(|| Status::not_found("serviceaccounts", name))?;
    // SetDefaults_TokenRequestSpec, then validation.go ValidateTokenRequest.
    let exp = if duration_s == 0 { sa::DEFAULT_TOKEN_SECONDS } else { duration_s };
    let invalid = |detail: &str| {
        Status::invalid(
            "TokenRequest.authentication.k8s.io",
            "",
            vec![kubeplay_api::FieldError::invalid("spec.expirationSeconds", exp, detail)],
        )
    };
    if exp < sa::MIN_TOKEN_SECONDS {
        return Err(invalid("may not specify a duration less than 10 minutes"));
    }
    if exp > 1 << 32 {
        return Err(invalid("may not specify a duration larger than 2^32 seconds"));
    }
    let (mut pod, mut secret, mut node) = (None, None, None);
    let mut obj_uid = "";
    match kind {
        "Pod" => {
            let p = store.pod(ns, bound_name).ok_or_else(|| Status::not_found("pods", bound_name))?;
            let pod_sa = p.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or("default");
            if pod_sa != name {
                return Err(Status::bad_request(format!(
                    "cannot bind token for serviceaccount {} to pod running with different serviceaccount name.",
                    kubeplay_api::field::go_quote(name)
                )));
            }
            obj_uid = p.metadata.uid.as_deref().unwrap_or_default();
            pod = Some((bound_name, obj_uid));
            // ServiceAccountTokenPodNodeInfo (GA in 1.32): the pod's node, with its uid.
            if let Some(n) = p.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
                let uid = session.cluster().nodes().iter().find(|x| x.name == n).map_or("", |x| x.uid.as_str());
                node = Some((n, uid));
            }
        }
        "Secret" => {
            let s = store.secret(ns, bound_name).ok_or_else(|| Status::not_found("secrets", bound_name))?;
            obj_uid = s.metadata.uid.as_deref().unwrap_or_default();
            secret = Some((bound_name, obj_uid));
        }
        _ => {}
    }
    if !bound_uid.is_empty() && bound_uid != obj_uid {
        return Err(Status::conflict_with(
            kind,
            bound_name,
            &format!("the UID in the bound object reference ({bound_uid}) does not match the UID in record. The object might have been deleted and then recreated"),
        ));
    }
    let iat = now_s(session);
    let sa_uid = account.metadata.uid.as_deref().unwrap_or_default();
    // A random UUID upstream (uuid.New); derived from the request and the time, so runs repeat.
    let seed = format!("{ns}/{name}/{kind}/{bound_name}/{}/{exp}/{iat}", audiences.join(","));
    let jti = sa::uuid_from(fnv(seed.as_bytes()));
    let spec = TokenSpec {
        namespace: ns,
        service_account: (name, sa_uid),
        pod,
        secret,
        node,
        audiences: audiences.to_vec(),
        expiration_seconds: exp,
        issued_at: iat,
        jti,
    };
    let claims = sa::claims(&spec);
    let token = store.token_signer().sign(claims.to_string().as_bytes()).to_string();
    // status.expirationTimestamp: iat + the requested lifetime (not the extension).
    let expires = kubeplay_api::store::time_at(((iat + exp) * 1000 - kubeplay_api::store::EPOCH_UNIX_MS).max(0) as u64);
    Ok((token, serde_json::to_value(expires).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()))
}

/// FNV-1a, 64 bits.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}
