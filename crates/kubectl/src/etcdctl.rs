//! The control-plane tools of the console: `etcdctl get` over the simulated etcd, `hexdump -C`,
//! and `kubeplay apiserver` (restart kube-apiserver with or without
//! `--encryption-provider-config`, as editing its static pod manifest does).
//!
//! Bytes through the shell: the console's pipes carry text, so `etcdctl` writes each stored
//! byte as the character of the same number (ISO-8859-1), and `hexdump` turns characters up to
//! U+00FF back into those bytes (others into their UTF-8 bytes). `etcdctl get … | hexdump -C`
//! therefore dumps exactly the bytes etcd holds.

use kubeplay_api::etcd::hexdump_c;
use kubeplay_cluster::{ApiCall, Session};
use kubeplay_shell::Output;

/// Bytes as the characters of the same number (see the module doc).
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The inverse of [`latin1`]; characters above U+00FF become their UTF-8 bytes.
pub fn bytes_of(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => out.push(b),
            Err(_) => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out
}

/// `hexdump -C [FILE]` (stdin without a file).
pub fn hexdump(args: &[String], stdin: Option<String>, read: impl Fn(&str) -> Result<Vec<u8>, String>) -> Output {
    let mut canonical = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "-C" => canonical = true,
            f if f.starts_with('-') => return Output::err(format!("hexdump: invalid option -- '{}'", f.trim_start_matches('-'))),
            f => files.push(f),
        }
    }
    if !canonical {
        return Output::err("kubeplay: this console's hexdump prints only the canonical format; use hexdump -C");
    }
    let mut data = Vec::new();
    if files.is_empty() {
        data = bytes_of(&stdin.unwrap_or_default());
    }
    for f in files {
        match read(f) {
            Ok(b) => data.extend(b),
            Err(_) => return Output::err(format!("hexdump: {f}: No such file or directory")),
        }
    }
    Output::ok(hexdump_c(&data))
}

/// `etcdctl [--cacert= --cert= --key= --endpoints=] get KEY [--prefix] [--keys-only] [--print-value-only]`.
pub fn etcdctl(session: &Session, args: &[String]) -> Output {
    let mut words = Vec::new();
    let (mut prefix, mut keys_only, mut value_only) = (false, false, false);
    for a in args {
        match a.as_str() {
            "--prefix" => prefix = true,
            "--keys-only" => keys_only = true,
            "--print-value-only" => value_only = true,
            // TLS and endpoint flags: the simulated etcd needs none of them.
            f if ["--cacert", "--cert", "--key", "--endpoints", "--write-out", "-w"].iter().any(|p| f.starts_with(p)) => {}
            f if f.starts_with('-') => return Output::err(format!("Error: unknown flag: {f}")),
            w => words.push(w),
        }
    }
    match words.as_slice() {
        ["get", key] => {
            let store = session.cluster().store();
            let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
            for s in store.secrets() {
                let (ns, name) = (s.metadata.namespace.as_deref().unwrap_or(""), s.metadata.name.as_deref().unwrap_or(""));
                let k = kubeplay_api::store::secret_key(ns, name);
                if (prefix && k.starts_with(key)) || k == *key {
                    if let Some(v) = store.secret_stored_value(ns, name) {
                        entries.push((k, v));
                    }
                }
            }
            // ConfigMaps: never encrypted here (kubeplay's encryption at rest covers Secrets).
            for o in store.list(kubeplay_api::Kind::ConfigMap, None) {
                if let kubeplay_api::Object::ConfigMap(cm) = o {
                    let (ns, name) = (cm.metadata.namespace.as_deref().unwrap_or(""), cm.metadata.name.as_deref().unwrap_or(""));
                    let k = format!("/registry/configmaps/{ns}/{name}");
                    if (prefix && k.starts_with(key)) || k == *key {
                        entries.push((k, kubeplay_api::etcd::config_map_value(&cm)));
                    }
                }
            }
            // etcd answers a range in key order.
            entries.sort();
            let mut out = String::new();
            for (k, v) in entries {
                // etcdctl's simple printer: the key and the value, each on its own line.
                if !value_only {
                    out.push_str(&k);
                    out.push('\n');
                }
                if !keys_only {
                    out.push_str(&latin1(&v));
                }
                out.push('\n');
            }
            Output::ok(out)
        }
        ["get"] => Output::err("Error: get command needs one argument as key and an optional argument as range_end"),
        _ => Output::err("kubeplay: this console's etcdctl reads Secrets and ConfigMaps only: etcdctl get /registry/secrets/NAMESPACE/NAME (or /registry/configmaps/...) [--prefix] [--keys-only] [--print-value-only]"),
    }
}

/// The flags `kubeplay apiserver` takes.
const ENCRYPTION_FLAG: &str = "--encryption-provider-config";
/// `--audit-policy-file` (`staging/src/k8s.io/apiserver/pkg/server/options/audit.go`).
const AUDIT_FLAG: &str = "--audit-policy-file";

/// `kubeplay apiserver [--encryption-provider-config=FILE] [--audit-policy-file=FILE]`:
/// restarts the API server with these flags (a flag left out is off after the restart, as
/// when it is removed from the static pod manifest).
pub fn apiserver(session: &mut Session, args: &[String], read: impl Fn(&str) -> Result<String, String>) -> Output {
    let mut enc: Option<String> = None;
    let mut audit: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (a.as_str(), None),
        };
        let slot = match flag {
            ENCRYPTION_FLAG => &mut enc,
            AUDIT_FLAG => &mut audit,
            _ => {
                return Output::err(format!(
                    "usage: kubeplay apiserver [{ENCRYPTION_FLAG}=FILE] [{AUDIT_FLAG}=FILE]   (restarts kube-apiserver; a flag left out is off: no encryption at rest, no audit log)"
                ))
            }
        };
        match inline.or_else(|| it.next().cloned()) {
            Some(v) => *slot = Some(v),
            None => return Output::err(format!("Error: flag needs an argument: {flag}")),
        }
    }
    const KEPT: &str = "kubeplay: the API server did not restart; it keeps its previous configuration";
    let config = match &enc {
        None => None,
        Some(f) => match read(f) {
            Ok(text) => Some((f.clone(), text)),
            // config.go loadDataAndHash.
            Err(e) => {
                return Output::err(format!(
                    "kube-apiserver: error while parsing file: error while loading file: error reading encryption provider configuration file \"{f}\": {e}\n{KEPT}"
                ))
            }
        },
    };
    let policy = match &audit {
        None => None,
        Some(f) => match read(f) {
            Ok(text) => Some((f.clone(), text)),
            // reader.go LoadPolicyFromFile: `failed to read file path %q: %+v` of an *os.PathError
            // (`open FILE: ` and the errno text, lower case in Go).
            Err(e) => {
                let errno = e.rsplit(": ").next().unwrap_or(&e).to_lowercase();
                return Output::err(format!(
                    "kube-apiserver: loading audit policy file: failed to read file path \"{f}\": open {f}: {errno}\n{KEPT}"
                ));
            }
        },
    };
    match session.call(ApiCall::RestartApiServer { encryption_provider_config: config, audit_policy_file: policy }) {
        Ok(_) => {
            let mut flags: Vec<String> = Vec::new();
            if let Some(f) = &enc {
                flags.push(format!("{ENCRYPTION_FLAG}={f}"));
            }
            if let Some(f) = &audit {
                flags.push(format!("{AUDIT_FLAG}={f}"));
            }
            let mut out = String::from("kube-apiserver restarted");
            if flags.is_empty() {
                out.push_str(" without encryption at rest (identity)\n");
            } else {
                out.push_str(&format!(" with {}\n", flags.join(" ")));
            }
            out.push_str(&secrets_summary(session));
            if audit.is_some() {
                out.push_str(&audit_summary(session));
            }
            Output::ok(out)
        }
        Err(status) => Output::err(format!("kube-apiserver: {}\n{KEPT}", status.message)),
    }
}

/// One line on what the audit log records now.
pub fn audit_summary(session: &Session) -> String {
    match session.cluster().store().audit_policy() {
        None => "audit: no --audit-policy-file, nothing is logged\n".to_owned(),
        Some(p) => format!(
            "audit: {} rule{}, first match wins; read the log with kubeplay audit\n",
            p.rules.len(),
            if p.rules.len() == 1 { "" } else { "s" }
        ),
    }
}

/// One line on how Secrets are now written and read.
pub fn secrets_summary(session: &Session) -> String {
    let store = session.cluster().store();
    let Some(providers) = store.encryption_config().and_then(|c| c.secret_providers()) else {
        return "secrets: written as plain protobuf (identity); existing encrypted values cannot be read\n".to_owned();
    };
    let describe = |p: &kubeplay_api::encryption::Provider| {
        let keys = p.key_names();
        if keys.is_empty() {
            p.type_name().to_owned()
        } else {
            format!("{} ({})", p.type_name(), keys.join(", "))
        }
    };
    let mut out = String::new();
    if let Some(first) = providers.first() {
        let writer = match first.key_names().first() {
            Some(k) => format!("{} key {k}", first.type_name()),
            None => first.type_name().to_owned(),
        };
        out.push_str(&format!("secrets: new writes use {writer}; reads try "));
    }
    out.push_str(&providers.iter().map(describe).collect::<Vec<_>>().join(", then "));
    out.push_str("\nonly new writes change what etcd holds: rewrite every secret with kubectl get secrets -A -o json | kubectl replace -f -\n");
    out
}
