//! `kubectl create secret generic|tls|docker-registry` (create_secret.go, create_secret_tls.go,
//! create_secret_docker.go).

use std::collections::BTreeMap;

use base64::Engine as _;
use kubeplay_api::k8s_openapi::api::core::v1::Secret;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::k8s_openapi::ByteString;
use kubeplay_api::validation::names;
use kubeplay_api::Object;
use kubeplay_shell::Output;
use serde_json::Value;

use super::common::{send_create, single_name, Cmd, Ctx, DryRun};
use crate::error::{Error, Result};
use crate::flags::{self, Flag, Takes};
use crate::printers;

/// `--from-literal`.
pub const FROM_LITERAL: Flag = Flag { name: "from-literal", short: None, takes: Takes::Value };
/// `--from-env-file`.
pub const FROM_ENV_FILE: Flag = Flag { name: "from-env-file", short: None, takes: Takes::Value };
/// `--type`.
pub const TYPE: Flag = Flag { name: "type", short: None, takes: Takes::Value };
/// `--cert`.
pub const CERT: Flag = Flag { name: "cert", short: None, takes: Takes::Value };
/// `--key`.
pub const KEY: Flag = Flag { name: "key", short: None, takes: Takes::Value };
/// `--docker-server`.
pub const DOCKER_SERVER: Flag = Flag { name: "docker-server", short: None, takes: Takes::Value };
/// `--docker-username`.
pub const DOCKER_USERNAME: Flag = Flag { name: "docker-username", short: None, takes: Takes::Value };
/// `--docker-password`.
pub const DOCKER_PASSWORD: Flag = Flag { name: "docker-password", short: None, takes: Takes::Value };
/// `--docker-email`.
pub const DOCKER_EMAIL: Flag = Flag { name: "docker-email", short: None, takes: Takes::Value };

/// The flags of `kubectl create secret generic` that kubeplay models.
pub const GENERIC_FLAGS: &[Flag] =
    &[FROM_LITERAL, flags::FROM_FILE, FROM_ENV_FILE, TYPE, flags::APPEND_HASH, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];
/// The flags of `kubectl create secret tls` that kubeplay models.
pub const TLS_FLAGS: &[Flag] = &[CERT, KEY, flags::APPEND_HASH, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];
/// The flags of `kubectl create secret docker-registry` that kubeplay models.
pub const DOCKER_FLAGS: &[Flag] = &[
    DOCKER_SERVER,
    DOCKER_USERNAME,
    DOCKER_PASSWORD,
    DOCKER_EMAIL,
    flags::FROM_FILE,
    flags::APPEND_HASH,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
];

fn secret_obj(name: &str, ns: Option<&str>, type_: Option<&str>, data: BTreeMap<String, ByteString>) -> Object {
    Object::Secret(Secret {
        metadata: ObjectMeta { name: Some(name.to_owned()), namespace: ns.map(str::to_owned), ..Default::default() },
        type_: type_.filter(|t| !t.is_empty()).map(str::to_owned),
        // `Data map[string][]byte `json:"data,omitempty"``: no key, no field.
        data: (!data.is_empty()).then_some(data),
        ..Default::default()
    })
}

/// `addKeyFromLiteralToSecret`.
fn add_key(data: &mut BTreeMap<String, ByteString>, key: &str, value: Vec<u8>) -> Result<()> {
    let errs = names::is_config_map_key(key);
    if !errs.is_empty() {
        return Err(Error::InvalidSecretKey { key: key.to_owned(), reasons: errs.join(";") });
    }
    if data.contains_key(key) {
        return Err(Error::DuplicateKey(key.to_owned()));
    }
    data.insert(key.to_owned(), ByteString(value));
    Ok(())
}

/// Runs `kubectl create secret generic`.
pub fn generic(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let literals = a.all("from-literal");
    let files = a.all("from-file");
    let env_files = a.all("from-env-file");
    if !env_files.is_empty() && (!literals.is_empty() || !files.is_empty()) {
        return Output::err("error: from-env-file cannot be combined with from-file or from-literal");
    }
    let mut data = BTreeMap::new();
    for lit in literals {
        // util.ParseLiteralSource: split at the first '='.
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Output::err(format!("error: invalid literal source {lit}, expected key=value"));
        };
        if let Err(e) = add_key(&mut data, k, v.as_bytes().to_vec()) {
            return Output::err(format!("error: {e}"));
        }
    }
    if let Err(o) = add_file_sources(ctx, &mut data, &files) {
        return o;
    }
    for f in env_files {
        if let Err(o) = env_file_sources(ctx, f, "env secret file cannot be a directory", &mut |k, v| add_key(&mut data, k, v)) {
            return o;
        }
    }
    let explicit_ns = a.get("namespace");
    let obj = secret_obj(&name, explicit_ns, a.get("type"), data);
    send_create(ctx, append_hash(obj, a), ns, a, "secret", dry)
}

/// `--append-hash`: the name gains `-` and `hash.SecretHash` of the secret (whose `Data` kubectl
/// always sets, so an empty one hashes as `{}`).
fn append_hash(obj: Object, a: &crate::flags::Args) -> Object {
    match obj {
        Object::Secret(mut s) if a.is_set("append-hash") => {
            let mut hashed = s.clone();
            hashed.data.get_or_insert_with(Default::default);
            s.metadata.name = Some(format!("{}-{}", s.metadata.name.as_deref().unwrap_or(""), crate::hash::secret_hash(&hashed)));
            Object::Secret(s)
        }
        other => other,
    }
}

/// `cmdutil.AddFromEnvFile` for one `--from-env-file` (a directory is refused with `dir_msg`):
/// each `KEY=value` line (a UTF-8 BOM dropped, blank and `#` lines skipped, a line without `=`
/// is the key with an empty value) is handed to `add`, which may refuse it.
pub(crate) fn env_file_sources(
    ctx: &Ctx<'_>,
    f: &str,
    dir_msg: &str,
    add: &mut dyn FnMut(&str, Vec<u8>) -> Result<()>,
) -> Result<(), Output> {
    if ctx.is_dir(f) {
        return Err(Output::err(format!("error: {dir_msg}")));
    }
    let Ok(text) = ctx.read_file(f) else {
        return Err(Output::err(format!("error: error reading {f}: no such file or directory")));
    };
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        let errs = names::is_env_var_name(k);
        if !errs.is_empty() {
            return Err(Output::err(format!(
                "error: {} is not a valid key name: {}",
                kubeplay_api::field::go_quote(k),
                errs.join(";")
            )));
        }
        add(k, v.as_bytes().to_vec()).map_err(|e| Output::err(format!("error: {e}")))?;
    }
    Ok(())
}

/// `--from-file` sources (util.ParseFileSource, create_secret.go handleSecretFromFileSources):
/// `[key=]path`, a directory adds each regular file under its own name.
fn add_file_sources(ctx: &Ctx<'_>, data: &mut BTreeMap<String, ByteString>, files: &[&str]) -> Result<(), Output> {
    file_sources(ctx, files, &mut |k, v| add_key(data, k, v))
}

/// `--from-file` sources as `util.ParseFileSource` reads them, each key and content handed to
/// `add` (which may refuse it with the command's own message).
pub(crate) fn file_sources(
    ctx: &Ctx<'_>,
    files: &[&str],
    add: &mut dyn FnMut(&str, Vec<u8>) -> Result<()>,
) -> Result<(), Output> {
    for &src in files {
        // util.ParseFileSource
        let (key, path) = match src.matches('=').count() {
            0 => (src.rsplit('/').next().unwrap_or(src).to_owned(), src.to_owned()),
            1 => {
                let (k, v) = src.split_once('=').unwrap_or((src, ""));
                if k.is_empty() {
                    return Err(Output::err(format!("error: key name for file path {v} missing")));
                }
                if v.is_empty() {
                    return Err(Output::err(format!("error: file path for key name {k} missing")));
                }
                (k.to_owned(), v.to_owned())
            }
            _ => return Err(Output::err("error: key names or file paths cannot contain '='")),
        };
        if ctx.is_dir(&path) {
            if src.contains('=') {
                return Err(Output::err("error: cannot give a key name for a directory path"));
            }
            for (fname, content) in ctx.dir_files(&path) {
                if let Err(e) = add(&fname, content) {
                    return Err(Output::err(format!("error: {e}")));
                }
            }
            continue;
        }
        match ctx.read_bytes(&path) {
            Ok(content) => {
                if let Err(e) = add(&key, content) {
                    return Err(Output::err(format!("error: {e}")));
                }
            }
            Err(_) => return Err(Output::err(format!("error: error reading {path}: no such file or directory"))),
        }
    }
    Ok(())
}

/// Runs `kubectl create secret tls`.
pub fn tls(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let (Some(cert), Some(key)) = (a.get("cert"), a.get("key")) else {
        return Output::err("error: key and cert must be specified");
    };
    let read = |f: &str| {
        ctx.read_file(f).map_err(|_| Output::err(format!("error: Cannot read file {f}, open {f}: no such file or directory")))
    };
    let c = match read(cert) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let k = match read(key) {
        Ok(k) => k,
        Err(o) => return o,
    };
    if let Err(e) = check_x509_key_pair(&c, &k) {
        return Output::err(format!("error: {e}"));
    }
    let data = [("tls.crt".to_owned(), ByteString(c.into_bytes())), ("tls.key".to_owned(), ByteString(k.into_bytes()))].into();
    let obj = secret_obj(&name, a.get("namespace"), Some("kubernetes.io/tls"), data);
    send_create(ctx, append_hash(obj, a), ns, a, "secret", dry)
}

/// Runs `kubectl create secret docker-registry`.
pub fn docker_registry(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let files = a.all("from-file");
    if !files.is_empty() {
        // create_secret_docker.go Complete: a source without a key is keyed `.dockerconfigjson`
        // (`corev1.DockerConfigJsonKey + "=" + source`), then handleSecretFromFileSources; the
        // --docker-* flags are ignored. Checked against a kubectl v1.33.1 client.
        let keyed: Vec<String> =
            files.iter().map(|f| if f.contains('=') { (*f).to_owned() } else { format!(".dockerconfigjson={f}") }).collect();
        let keyed: Vec<&str> = keyed.iter().map(String::as_str).collect();
        let mut data = BTreeMap::new();
        if let Err(o) = add_file_sources(ctx, &mut data, &keyed) {
            return o;
        }
        let obj = secret_obj(&name, a.get("namespace"), Some("kubernetes.io/dockerconfigjson"), data);
        return send_create(ctx, append_hash(obj, a), ns, a, "secret", dry);
    }
    let server = a.get("docker-server").unwrap_or("https://index.docker.io/v1/");
    let (Some(user), Some(pass)) = (a.get("docker-username"), a.get("docker-password")) else {
        return Output::err("error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
    };
    // create_secret_docker.go: `json.Marshal(DockerConfigJSON{Auths: {server: DockerConfigEntry{Username,
    // Password, Email omitempty, Auth}}})`: struct field order, HTML characters escaped.
    let q = |s: &str| printers::to_json_compact(&Value::String(s.to_owned()));
    let mut body = format!("{{\"username\":{},\"password\":{}", q(user), q(pass));
    if let Some(e) = a.get("docker-email").filter(|e| !e.is_empty()) {
        body.push_str(&format!(",\"email\":{}", q(e)));
    }
    body.push_str(&format!(",\"auth\":{}}}", q(&base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))));
    let config = format!("{{\"auths\":{{{}:{body}}}}}", q(server));
    let data = [(".dockerconfigjson".to_owned(), ByteString(config.into_bytes()))].into();
    let obj = secret_obj(&name, a.get("namespace"), Some("kubernetes.io/dockerconfigjson"), data);
    // create_secret_docker.go: "failed to create secret %v" (no colon), as send_create prints it.
    send_create(ctx, append_hash(obj, a), ns, a, "secret", dry)
}

/// Go's `tls.X509KeyPair` (crypto/tls/tls.go), with its messages: the PEM blocks here, then the
/// certificate, the key and their match in [`crate::x509::check_pair`].
fn check_x509_key_pair(cert: &str, key: &str) -> Result<()> {
    let cert_blocks = pem_blocks(cert);
    let Some(cert_der) = cert_blocks.iter().find(|(t, _)| t == "CERTIFICATE").map(|(_, d)| d.as_slice()) else {
        let skipped: Vec<String> = cert_blocks.into_iter().map(|(t, _)| t).collect();
        return Err(Error::TlsKeyPair(match skipped.as_slice() {
            [] => "tls: failed to find any PEM data in certificate input".to_owned(),
            [one] if one.ends_with("PRIVATE KEY") => {
                "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".to_owned()
            }
            _ => format!("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]", skipped.join(" ")),
        }));
    };
    let mut skipped = Vec::new();
    for (t, key_der) in pem_blocks(key) {
        if t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY") {
            // Then x509.ParseCertificate, parsePrivateKey and the public-key comparison.
            return crate::x509::check_pair(cert_der, &key_der).map_err(|e| Error::TlsKeyPair(e.to_owned()));
        }
        skipped.push(t);
    }
    Err(Error::TlsKeyPair(match skipped.as_slice() {
        [] => "tls: failed to find any PEM data in key input".to_owned(),
        [one] if one == "CERTIFICATE" => "tls: found a certificate rather than a key in the PEM for the private key".to_owned(),
        _ => format!("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]", skipped.join(" ")),
    }))
}

/// The PEM blocks `encoding/pem.Decode` finds, in order, with their decoded bytes (a block needs
/// its `-----END TYPE-----` line and a base64 body).
fn pem_blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let Some(end_of_type) = after.find("-----") else { break };
        let ty = &after[..end_of_type];
        let body_start = &after[end_of_type + 5..];
        let end_marker = format!("-----END {ty}-----");
        match (ty.contains('\n'), body_start.find(&end_marker)) {
            (false, Some(end)) => {
                let body: String = body_start[..end].chars().filter(|c| !c.is_whitespace()).collect();
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(&body) {
                    out.push((ty.to_owned(), der));
                }
                rest = &body_start[end + end_marker.len()..];
            }
            _ => rest = after,
        }
    }
    out
}
