//! The kubelet's docker keyring: which credentials of a pod's `imagePullSecrets` go with an
//! image, as `pkg/credentialprovider/keyring.go` (v1.33: `BasicDockerKeyring.Add`, `Lookup`,
//! `URLsMatch`, `isDefaultRegistryMatch`), `pkg/credentialprovider/secrets/secrets.go`
//! (`MakeDockerKeyring`: `kubernetes.io/dockerconfigjson` with `.dockerconfigjson`,
//! `kubernetes.io/dockercfg` with `.dockercfg`, other secrets ignored) and
//! `pkg/credentialprovider/config.go` (`DockerConfigEntry.UnmarshalJSON`: a non-empty `auth`
//! overrides `username`/`password`) read them.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::core::v1::Secret;
use serde_json::Value;

/// One credential for a registry (`credentialprovider.AuthConfig`, the fields kubeplay uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// `username` (or the part of `auth` before the first `:`).
    pub username: String,
    /// `password` (or the part of `auth` after it).
    pub password: String,
    /// The secret it came from.
    pub secret: String,
}

/// `BasicDockerKeyring`: credentials by registry key, and the keys reverse-sorted so that more
/// specific paths match first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    index: Vec<String>,
    creds: BTreeMap<String, Vec<AuthConfig>>,
}

/// `defaultRegistryHost`: Docker Hub credentials are stored under `index.docker.io`.
const DEFAULT_REGISTRY_HOST: &str = "index.docker.io";

impl Keyring {
    /// `BasicDockerKeyring.Add`: each location loses its scheme, and a `/v1/` or `/v2/` path
    /// counts as none (`registry.example.com/v2/` is the key `registry.example.com`).
    fn add(&mut self, secret: &str, cfg: Vec<(String, String, String)>) {
        for (loc, username, password) in cfg {
            let value = if loc.starts_with("https://") || loc.starts_with("http://") { loc } else { format!("https://{loc}") };
            let Some((host, path)) = split_url(&value) else { continue };
            let mut effective = path;
            if effective.starts_with("/v2/") || effective.starts_with("/v1/") {
                effective = effective[3..].to_owned();
            }
            let key = if !effective.is_empty() && effective != "/" { format!("{host}{effective}") } else { host };
            self.creds.entry(key.clone()).or_default().push(AuthConfig { username, password, secret: secret.to_owned() });
            if !self.index.contains(&key) {
                self.index.push(key);
            }
        }
        self.index.sort();
        self.index.reverse();
    }

    /// `BasicDockerKeyring.Lookup(repoToPull)`: the credentials of every key whose URL matches the
    /// image's (most specific first); else, for a Docker Hub image, those stored under `index.docker.io`.
    pub fn lookup(&self, image: &str) -> Vec<AuthConfig> {
        let mut out = Vec::new();
        for k in &self.index {
            if urls_match(k, image) {
                out.extend(self.creds.get(k).into_iter().flatten().cloned());
            }
        }
        if out.is_empty() && is_default_registry_match(image) {
            out.extend(self.creds.get(DEFAULT_REGISTRY_HOST).into_iter().flatten().cloned());
        }
        out
    }
}

/// Splits `scheme://host[:port][/path]` into host (with port) and path, as `url.Parse` would for
/// the locations a docker config holds; `None` for a location Go's parser refuses (the kubelet
/// logs `Entry %q in dockercfg invalid` and skips it).
fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some((host.to_owned(), path.to_owned()))
}

/// `isDefaultRegistryMatch`: an image with no registry host, or on `docker.io` / `index.docker.io`.
fn is_default_registry_match(image: &str) -> bool {
    let mut parts = image.splitn(2, '/');
    let first = parts.next().unwrap_or("");
    if first.is_empty() {
        return false;
    }
    match parts.next() {
        None => true,
        Some(_) if first == "docker.io" || first == "index.docker.io" => true,
        Some(_) => !first.contains(['.', ':']),
    }
}

/// `URLsMatch`: same port, same number of host labels, each label matching the key's label as a
/// `filepath.Match` glob (`*.example.com`), and the key's path a prefix of the image's.
fn urls_match(glob: &str, target: &str) -> bool {
    let (Some((ghost, gpath)), Some((thost, tpath))) = (split_url(glob), split_url(target)) else { return false };
    let split = |h: &str| match h.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => (name.to_owned(), port.to_owned()),
        _ => (h.to_owned(), String::new()),
    };
    let (gname, gport) = split(&ghost);
    let (tname, tport) = split(&thost);
    if gport != tport {
        return false;
    }
    let glabels: Vec<&str> = gname.split('.').collect();
    let tlabels: Vec<&str> = tname.split('.').collect();
    if glabels.len() != tlabels.len() || !tpath.starts_with(&gpath) {
        return false;
    }
    glabels.iter().zip(&tlabels).all(|(g, t)| glob_match(g.as_bytes(), t.as_bytes()))
}

/// `filepath.Match` on one host label: `*`, `?`, `[...]` classes (with `^` negation and ranges)
/// and `\` escapes; a malformed pattern matches nothing (Go returns `ErrBadPattern`).
fn glob_match(p: &[u8], s: &[u8]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(b'*') => (0..=s.len()).any(|i| glob_match(&p[1..], &s[i..])),
        Some(b'?') => !s.is_empty() && glob_match(&p[1..], &s[1..]),
        Some(b'[') => {
            let Some(&c) = s.first() else { return false };
            let mut i = 1;
            let negate = p.get(1) == Some(&b'^');
            if negate {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            loop {
                let Some(&lo) = p.get(i) else { return false };
                if lo == b']' && !first {
                    i += 1;
                    break;
                }
                first = false;
                let lo = if lo == b'\\' {
                    i += 1;
                    match p.get(i) {
                        Some(&e) => e,
                        None => return false,
                    }
                } else {
                    lo
                };
                i += 1;
                let mut hi = lo;
                if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&h| h != b']') {
                    hi = p[i + 1];
                    i += 2;
                }
                if lo <= c && c <= hi {
                    matched = true;
                }
            }
            matched != negate && glob_match(&p[i..], &s[1..])
        }
        Some(b'\\') => match p.get(1) {
            Some(&e) => s.first() == Some(&e) && glob_match(&p[2..], &s[1..]),
            None => false,
        },
        Some(&c) => s.first() == Some(&c) && glob_match(&p[1..], &s[1..]),
    }
}

/// `MakeDockerKeyring` over the pod's pull secrets (in `spec.imagePullSecrets` order). A secret
/// whose docker config does not decode fails the pull with Go's `encoding/json` error text.
pub fn make_docker_keyring(secrets: &[&Secret]) -> Result<Keyring, String> {
    let mut keyring = Keyring::default();
    for s in secrets {
        let name = s.metadata.name.clone().unwrap_or_default();
        let data = |key: &str| s.data.as_ref().and_then(|d| d.get(key)).map(|b| b.0.clone()).filter(|b| !b.is_empty());
        let (cfg, wrapped) = match s.type_.as_deref() {
            Some("kubernetes.io/dockerconfigjson") => match data(".dockerconfigjson") {
                Some(b) => (b, true),
                None => continue,
            },
            Some("kubernetes.io/dockercfg") => match data(".dockercfg") {
                Some(b) => (b, false),
                None => continue,
            },
            _ => continue,
        };
        let entries = parse_docker_config(&cfg, wrapped)?;
        keyring.add(&name, entries);
    }
    Ok(keyring)
}

/// The JSON kind Go's `UnmarshalTypeError` names.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// `DockerConfigJSON` (`{"auths": {...}}`) or `DockerConfig` (the bare map): the entries as
/// (location, username, password).
fn parse_docker_config(bytes: &[u8], wrapped: bool) -> Result<Vec<(String, String, String)>, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid character in docker config: {e}"))?;
    let auths = if wrapped {
        match &v {
            Value::Object(m) => match m.get("auths") {
                None | Some(Value::Null) => return Ok(Vec::new()),
                Some(Value::Object(a)) => a.clone(),
                Some(other) => {
                    return Err(format!(
                        "json: cannot unmarshal {} into Go struct field DockerConfigJSON.auths of type credentialprovider.DockerConfig",
                        json_kind(other)
                    ))
                }
            },
            other => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go value of type credentialprovider.DockerConfigJSON",
                    json_kind(other)
                ))
            }
        }
    } else {
        match v {
            Value::Object(m) => m,
            other => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go value of type credentialprovider.DockerConfig",
                    json_kind(&other)
                ))
            }
        }
    };
    let mut out = Vec::new();
    for (loc, entry) in auths {
        let Value::Object(e) = &entry else {
            if entry.is_null() {
                out.push((loc, String::new(), String::new()));
                continue;
            }
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type credentialprovider.dockerConfigEntryWithAuth",
                json_kind(&entry)
            ));
        };
        let field = |name: &str| -> Result<String, String> {
            match e.get(name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Err(format!(
                    "json: cannot unmarshal {} into Go struct field dockerConfigEntryWithAuth.{name} of type string",
                    json_kind(other)
                )),
            }
        };
        let (mut username, mut password) = (field("username")?, field("password")?);
        field("email")?;
        let auth = field("auth")?;
        if !auth.is_empty() {
            (username, password) = decode_auth(&auth)?;
        }
        out.push((loc, username, password));
    }
    Ok(out)
}

/// `decodeDockerConfigFieldAuth`: padded (`StdEncoding`) or unpadded (`RawStdEncoding`) base64 of
/// `username:password`, split on the first `:`.
fn decode_auth(field: &str) -> Result<(String, String), String> {
    let decoded = if field.trim().ends_with('=') {
        kubeplay_api::gobase64::decode(field.as_bytes()).map_err(|e| e.to_string())?
    } else {
        decode_raw(field.as_bytes())?
    };
    let text = String::from_utf8_lossy(&decoded);
    match text.split_once(':') {
        Some((u, p)) => Ok((u.to_owned(), p.to_owned())),
        None => Err("unable to parse auth field, must be formatted as base64(username:password)".to_owned()),
    }
}

/// Go's `RawStdEncoding.DecodeString`: no padding (`=` is an illegal byte), `\r`/`\n` skipped,
/// a lone trailing character is corrupt.
fn decode_raw(src: &[u8]) -> Result<Vec<u8>, String> {
    let illegal = |i: usize| format!("illegal base64 data at input byte {i}");
    let mut bits: u32 = 0;
    let mut nbits = 0u32;
    let mut out = Vec::new();
    let mut in_quantum = 0usize;
    for (i, &c) in src.iter().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'\r' | b'\n' => continue,
            _ => return Err(illegal(i)),
        };
        bits = (bits << 6) | u32::from(v);
        nbits += 6;
        in_quantum = (in_quantum + 1) % 4;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    if in_quantum == 1 {
        return Err(illegal(src.len() - 1));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_api::k8s_openapi::ByteString;

    fn secret(name: &str, type_: &str, key: &str, json: &str) -> Secret {
        Secret {
            metadata: kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some(name.to_owned()),
                ..Default::default()
            },
            type_: Some(type_.to_owned()),
            data: Some([(key.to_owned(), ByteString(json.as_bytes().to_vec()))].into()),
            ..Default::default()
        }
    }

    fn users(k: &Keyring, image: &str) -> Vec<String> {
        k.lookup(image).into_iter().map(|a| format!("{}:{}", a.username, a.password)).collect()
    }

    /// keyring_test.go's cases: scheme and /v1/ /v2/ stripped, globs per label, label counts,
    /// ports, path prefixes, and Docker Hub's index.docker.io fallback.
    #[test]
    fn hosts_match_as_the_kubelet_matches_them() {
        let cfg = r#"{"auths":{
            "https://registry.example.com/v2/": {"username":"a","password":"1"},
            "*.example.org": {"username":"b","password":"2"},
            "registry.example.net/team": {"username":"c","password":"3"},
            "localhost:5000": {"username":"d","password":"4"},
            "https://index.docker.io/v1/": {"username":"e","password":"5"}
        }}"#;
        let s = secret("regcred", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", cfg);
        let k = make_docker_keyring(&[&s]).unwrap();
        assert_eq!(users(&k, "registry.example.com/team/app"), ["a:1"]);
        assert_eq!(users(&k, "eu.example.org/app"), ["b:2"]);
        // A glob matches one label only: two labels before example.org do not match `*`.
        assert!(users(&k, "a.b.example.org/app").is_empty());
        assert_eq!(users(&k, "registry.example.net/team/app"), ["c:3"]);
        assert!(users(&k, "registry.example.net/other/app").is_empty());
        assert_eq!(users(&k, "localhost:5000/app"), ["d:4"]);
        assert!(users(&k, "localhost:5001/app").is_empty());
        // Docker Hub images (normalised repo docker.io/library/x) use index.docker.io's entry.
        assert_eq!(users(&k, "docker.io/library/busybox"), ["e:5"]);
        assert!(users(&k, "quay.io/app").is_empty());
    }

    #[test]
    fn more_specific_paths_come_first() {
        let cfg =
            r#"{"auths":{"quay.io":{"username":"host","password":"x"},"quay.io/coreos":{"username":"path","password":"y"}}}"#;
        let s = secret("s", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", cfg);
        let k = make_docker_keyring(&[&s]).unwrap();
        assert_eq!(users(&k, "quay.io/coreos/etcd"), ["path:y", "host:x"]);
    }

    #[test]
    fn dockercfg_has_no_auths_wrapper_and_auth_overrides_username() {
        // base64("me:pa55") = bWU6cGE1NQ== ; unpadded form also accepted.
        let cfg = r#"{"registry.example.com":{"username":"ignored","password":"ignored","auth":"bWU6cGE1NQ"}}"#;
        let s = secret("legacy", "kubernetes.io/dockercfg", ".dockercfg", cfg);
        let k = make_docker_keyring(&[&s]).unwrap();
        assert_eq!(users(&k, "registry.example.com/team/app"), ["me:pa55"]);
        // The same JSON under the wrong type or key is ignored.
        let wrong = secret("x", "Opaque", ".dockercfg", cfg);
        assert!(make_docker_keyring(&[&wrong]).unwrap().lookup("registry.example.com/team/app").is_empty());
        let bad = secret("b", "kubernetes.io/dockercfg", ".dockercfg", r#"{"r.example.com":{"auth":"bm9jb2xvbg=="}}"#);
        assert_eq!(
            make_docker_keyring(&[&bad]).unwrap_err(),
            "unable to parse auth field, must be formatted as base64(username:password)"
        );
        let bad = secret("b", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", r#"{"auths":5}"#);
        assert_eq!(
            make_docker_keyring(&[&bad]).unwrap_err(),
            "json: cannot unmarshal number into Go struct field DockerConfigJSON.auths of type credentialprovider.DockerConfig"
        );
    }

    #[test]
    fn globs_follow_filepath_match() {
        assert!(glob_match(b"*", b"registry"));
        assert!(glob_match(b"reg?stry", b"registry"));
        assert!(glob_match(b"[a-c]x", b"bx"));
        assert!(!glob_match(b"[^a-c]x", b"bx"));
        assert!(!glob_match(b"[a-c", b"b"));
    }
}
