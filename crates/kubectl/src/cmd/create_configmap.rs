//! `kubectl create configmap` (staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go):
//! `--from-file`, `--from-literal`, `--from-env-file`, `--append-hash`, sharing the source
//! parsing of `create secret generic`.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::core::v1::ConfigMap;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::k8s_openapi::ByteString;
use kubeplay_api::validation::names;
use kubeplay_api::Object;
use kubeplay_shell::Output;

use super::common::{send_create, single_name, Cmd, Ctx, DryRun};
use super::create_secret::{env_file_sources, file_sources, FROM_ENV_FILE, FROM_LITERAL};
use crate::error::{Error, Result};
use crate::flags::{self, Flag};

/// The flags of `kubectl create configmap` that kubeplay models.
pub const FLAGS: &[Flag] =
    &[FROM_LITERAL, flags::FROM_FILE, FROM_ENV_FILE, flags::APPEND_HASH, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];

/// The config map being built: `Data` for UTF-8 values, `BinaryData` for the rest.
struct Bags {
    name: String,
    data: BTreeMap<String, String>,
    binary: BTreeMap<String, ByteString>,
}

impl Bags {
    /// `validateNewConfigMap`: a valid key not yet in either bag.
    fn check(&self, key: &str) -> Result<()> {
        let errs = names::is_config_map_key(key);
        if !errs.is_empty() {
            return Err(Error::InvalidConfigMapKey { key: key.to_owned(), reasons: errs.join(",") });
        }
        if self.data.contains_key(key) {
            return Err(Error::ConfigMapKeyExists { key: key.to_owned(), bag: "Data", name: self.name.clone() });
        }
        if self.binary.contains_key(key) {
            return Err(Error::ConfigMapKeyExists { key: key.to_owned(), bag: "BinaryData", name: self.name.clone() });
        }
        Ok(())
    }

    /// `addKeyFromLiteralToConfigMap`.
    fn literal(&mut self, key: &str, value: String) -> Result<()> {
        self.check(key)?;
        self.data.insert(key.to_owned(), value);
        Ok(())
    }

    /// `addKeyFromFileToConfigMap`: valid UTF-8 goes to `Data`, anything else to `BinaryData`.
    fn file(&mut self, key: &str, content: Vec<u8>) -> Result<()> {
        match String::from_utf8(content) {
            Ok(text) => self.literal(key, text),
            Err(e) => {
                self.check(key)?;
                self.binary.insert(key.to_owned(), ByteString(e.into_bytes()));
                Ok(())
            }
        }
    }
}

/// Runs `kubectl create configmap NAME`.
pub fn create_config_map(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let Some(name) = single_name(p, 2).cloned() else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
    };
    let literals = a.all("from-literal");
    let files = a.all("from-file");
    let env_files = a.all("from-env-file");
    // ConfigMapOptions.Validate
    if !env_files.is_empty() && (!literals.is_empty() || !files.is_empty()) {
        return Output::err("error: from-env-file cannot be combined with from-file or from-literal");
    }
    let mut bags = Bags { name: name.clone(), data: BTreeMap::new(), binary: BTreeMap::new() };
    // createConfigMap: file sources, then literals, then env files.
    if let Err(o) = file_sources(ctx, &files, &mut |k, v| bags.file(k, v)) {
        return o;
    }
    for lit in literals {
        // util.ParseLiteralSource: split at the first '='.
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Output::err(format!("error: invalid literal source {lit}, expected key=value"));
        };
        if let Err(e) = bags.literal(k, v.to_owned()) {
            return Output::err(format!("error: {e}"));
        }
    }
    for f in env_files {
        let mut add = |k: &str, v: Vec<u8>| bags.literal(k, String::from_utf8_lossy(&v).into_owned());
        if let Err(o) = env_file_sources(ctx, f, "env config file cannot be a directory", &mut add) {
            return o;
        }
    }
    let mut cm = ConfigMap {
        metadata: ObjectMeta { name: Some(name), namespace: a.get("namespace").map(str::to_owned), ..Default::default() },
        // `map[string]string{}` with `json:"data,omitempty"`: no key, no field.
        data: Some(bags.data),
        binary_data: Some(bags.binary),
        ..Default::default()
    };
    if a.is_set("append-hash") {
        let hash = crate::hash::config_map_hash(&cm);
        cm.metadata.name = cm.metadata.name.map(|n| format!("{n}-{hash}"));
    }
    cm.data = cm.data.filter(|d| !d.is_empty());
    cm.binary_data = cm.binary_data.filter(|d| !d.is_empty());
    send_create(ctx, Object::ConfigMap(cm), ns, a, "configmap", dry)
}
