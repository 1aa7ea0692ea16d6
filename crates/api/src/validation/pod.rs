//! The parts of `ValidatePodCreate` that concern secrets: volumes, mounts, env, envFrom.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (v1.33): ValidatePodSpec,
//! ValidateVolumes, validateVolumeSource, validateSecretVolumeSource,
//! validateProjectedVolumeSource, validateKeyToPath, ValidateVolumeMounts, ValidateEnv,
//! validateEnvVarValueFrom, validateSecretKeySelector, ValidateEnvFrom.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{Container, EnvFromSource, EnvVar, KeyToPath, Pod, Volume, VolumeMount};

use super::{names, validate_object_meta};
use crate::field::FieldError;

/// `ValidatePodCreate` as far as kubeplay models pods.
pub fn validate_pod(pod: &Pod) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&pod.metadata, false, &mut errs);
    let Some(spec) = &pod.spec else {
        errs.push(FieldError::required("spec.containers", ""));
        return errs;
    };
    // ValidatePodSpec: volumes, then containers, then init containers.
    let volumes = validate_volumes(spec.volumes.as_deref().unwrap_or_default(), &mut errs);
    if spec.containers.is_empty() {
        errs.push(FieldError::required("spec.containers", ""));
    }
    // validateContainers: names unique among the regular containers (checked after the common rules).
    let mut names_seen = BTreeSet::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let p = format!("spec.containers[{i}]");
        validate_container_common(c, &p, &volumes, &mut errs);
        if !names_seen.insert(c.name.as_str()) {
            errs.push(FieldError::duplicate(format!("{p}.name"), c.name.as_str()));
        }
    }
    // validateInitContainers: unique among regular and init containers; an empty name is not recorded.
    let mut all_names: BTreeSet<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let p = format!("spec.initContainers[{i}]");
        validate_container_common(c, &p, &volumes, &mut errs);
        if all_names.contains(c.name.as_str()) {
            errs.push(FieldError::duplicate(format!("{p}.name"), c.name.as_str()));
        } else if !c.name.is_empty() {
            all_names.insert(c.name.as_str());
        }
    }
    if let Some(p) = spec.restart_policy.as_deref() {
        if !matches!(p, "Always" | "OnFailure" | "Never") {
            // validateRestartPolicy
            let field = "spec.restartPolicy";
            if p.is_empty() {
                errs.push(FieldError::required(field, ""));
            } else {
                errs.push(FieldError::not_supported(field, p, &["Always", "OnFailure", "Never"]));
            }
        }
    }
    for (i, s) in spec.image_pull_secrets.iter().flatten().enumerate() {
        if s.name.is_empty() {
            errs.push(FieldError::required(format!("spec.imagePullSecrets[{i}].name"), ""));
        }
    }
    // ValidatePodSpec checks nodeName after restartPolicy and imagePullSecrets.
    if let Some(node) = spec.node_name.as_deref() {
        for m in names::is_dns1123_subdomain(node) {
            errs.push(FieldError::invalid("spec.nodeName", node, m));
        }
    }
    errs
}

/// Checks the volumes and returns the names of the valid ones (`ValidateVolumes`).
fn validate_volumes(volumes: &[Volume], errs: &mut Vec<FieldError>) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for (i, v) in volumes.iter().enumerate() {
        let path = format!("spec.volumes[{i}]");
        let before = errs.len();
        validate_volume_source(v, &path, errs);
        if v.name.is_empty() {
            errs.push(FieldError::required(format!("{path}.name"), ""));
        } else {
            for m in names::is_dns1123_label(&v.name) {
                errs.push(FieldError::invalid(format!("{path}.name"), v.name.as_str(), m));
            }
        }
        if seen.contains_key(&v.name) {
            errs.push(FieldError::duplicate(format!("{path}.name"), v.name.as_str()));
        }
        // A volume with any error is not added: its mounts then fail with NotFound.
        if errs.len() == before && !seen.contains_key(&v.name) {
            seen.insert(v.name.clone(), i);
        }
    }
    seen
}

/// `validateVolumeSource`'s order: (JSON name, the child its "more than 1" error names — upstream
/// spells two of them differently: `cephFS`, `downwarAPI`).
const VOLUME_SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// The JSON names of the volume sources that are set.
fn set_sources(v: &Volume) -> BTreeSet<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().filter(|(k, _)| k != "name").map(|(k, _)| k).collect(),
        _ => BTreeSet::new(),
    }
}

/// `validateVolumeSource`: the sources in upstream order; the first one set is validated, each
/// later one is only refused (`may not specify more than 1 volume type`); none set is Required.
fn validate_volume_source(v: &Volume, path: &str, errs: &mut Vec<FieldError>) {
    let set = set_sources(v);
    let mut first: Option<&str> = None;
    for (json, shown) in VOLUME_SOURCES {
        if !set.contains(*json) {
            continue;
        }
        if first.is_some() {
            errs.push(FieldError::forbidden(format!("{path}.{shown}"), "may not specify more than 1 volume type"));
        } else {
            first = Some(json);
        }
    }
    let Some(first) = first else {
        errs.push(FieldError::required(path, "must specify a volume type"));
        return;
    };
    validate_first_source(v, first, path, errs);
}

/// The rules of the one volume source `validateVolumeSource` validates.
fn validate_first_source(v: &Volume, first: &str, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(s) = v.secret.as_ref().filter(|_| first == "secret") {
        let p = format!("{path}.secret");
        if s.secret_name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(format!("{p}.secretName"), ""));
        }
        validate_mode(s.default_mode, &format!("{p}.defaultMode"), errs);
        for (j, item) in s.items.iter().flatten().enumerate() {
            validate_key_to_path(item, &format!("{p}.items[{j}]"), errs);
        }
    }
    if let Some(c) = v.config_map.as_ref().filter(|_| first == "configMap") {
        let p = format!("{path}.configMap");
        if c.name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        }
        validate_mode(c.default_mode, &format!("{p}.defaultMode"), errs);
        for (j, item) in c.items.iter().flatten().enumerate() {
            validate_key_to_path(item, &format!("{p}.items[{j}]"), errs);
        }
    }
    if let Some(d) = v.downward_api.as_ref().filter(|_| first == "downwardAPI") {
        let p = format!("{path}.downwardAPI");
        validate_mode(d.default_mode, &format!("{p}.defaultMode"), errs);
        // validateDownwardAPIVolumeSource passes the source's path, not the item's, to each file.
        for item in d.items.iter().flatten() {
            if item.path.is_empty() {
                errs.push(FieldError::required(format!("{p}.path"), ""));
            }
            validate_local_non_reserved_path(&item.path, &format!("{p}.path"), errs);
            validate_mode(item.mode, &format!("{p}.mode"), errs);
        }
    }
    if let Some(pr) = v.projected.as_ref().filter(|_| first == "projected") {
        validate_projected(pr, &format!("{path}.projected"), errs);
    }
}

/// `validateProjectedVolumeSource` / `validateProjectionSources`: every source kind that is set is
/// validated, then a source with more than one is refused at the source's own path; a source with
/// none set is not an error. Paths must be unique across the sources, except the token's (which is
/// never recorded), and its path errors name `projected.path` (upstream uses the volume's path there).
fn validate_projected(pr: &k8s_openapi::api::core::v1::ProjectedVolumeSource, p: &str, errs: &mut Vec<FieldError>) {
    validate_mode(pr.default_mode, &format!("{p}.defaultMode"), errs);
    let mut all_paths: BTreeSet<String> = BTreeSet::new();
    for (i, src) in pr.sources.iter().flatten().enumerate() {
        let sp = format!("{p}.sources[{i}]");
        let mut num = 0;
        let mut record = |path: &str, value: &str, errs: &mut Vec<FieldError>| {
            if !path.is_empty() && !all_paths.insert(path.to_owned()) {
                errs.push(FieldError::invalid(p, value, "conflicting duplicate paths"));
            }
        };
        // validateSecretProjection and validateConfigMapProjection: a required name, then the items.
        let mut named_items = |q: String, name: &str, items: &Option<Vec<KeyToPath>>, errs: &mut Vec<FieldError>| {
            if name.is_empty() {
                errs.push(FieldError::required(format!("{q}.name"), ""));
            }
            for (j, item) in items.iter().flatten().enumerate() {
                validate_key_to_path(item, &format!("{q}.items[{j}]"), errs);
                record(&item.path, name, errs);
            }
        };
        if let Some(s) = &src.secret {
            num += 1;
            named_items(format!("{sp}.secret"), &s.name, &s.items, errs);
        }
        if let Some(c) = &src.config_map {
            num += 1;
            named_items(format!("{sp}.configMap"), &c.name, &c.items, errs);
        }
        if let Some(d) = &src.downward_api {
            num += 1;
            // validateDownwardAPIVolumeFile is given the source's path, not the item's.
            let q = format!("{sp}.downwardAPI");
            for item in d.items.iter().flatten() {
                if item.path.is_empty() {
                    errs.push(FieldError::required(format!("{q}.path"), ""));
                }
                validate_local_non_reserved_path(&item.path, &format!("{q}.path"), errs);
                validate_mode(item.mode, &format!("{q}.mode"), errs);
                record(&item.path, &item.path, errs);
            }
        }
        if let Some(t) = &src.service_account_token {
            num += 1;
            let q = format!("{sp}.serviceAccountToken");
            // Defaulted to 3600 when absent (SetDefaults_ServiceAccountTokenProjection).
            let secs = t.expiration_seconds.unwrap_or(3600);
            if secs < 600 {
                errs.push(FieldError::invalid(
                    format!("{q}.expirationSeconds"),
                    secs,
                    "may not specify a duration less than 10 minutes",
                ));
            }
            if secs > 1 << 32 {
                errs.push(FieldError::invalid(
                    format!("{q}.expirationSeconds"),
                    secs,
                    "may not specify a duration larger than 2^32 seconds",
                ));
            }
            if t.path.is_empty() {
                errs.push(FieldError::required(format!("{p}.path"), ""));
            } else {
                validate_local_non_reserved_path(&t.path, &format!("{p}.path"), errs);
            }
        }
        if src.cluster_trust_bundle.is_some() {
            num += 1;
        }
        if num > 1 {
            errs.push(FieldError::forbidden(sp.as_str(), "may not specify more than 1 volume type per source"));
        }
    }
}

/// `validateKeyToPath`.
fn validate_key_to_path(item: &KeyToPath, p: &str, errs: &mut Vec<FieldError>) {
    if item.key.is_empty() {
        errs.push(FieldError::required(format!("{p}.key"), ""));
    }
    if item.path.is_empty() {
        errs.push(FieldError::required(format!("{p}.path"), ""));
    }
    validate_local_non_reserved_path(&item.path, &format!("{p}.path"), errs);
    validate_mode(item.mode, &format!("{p}.mode"), errs);
}

/// File modes must be in 0..=0777 (`fileModeErrorMsg`).
fn validate_mode(mode: Option<i32>, p: &str, errs: &mut Vec<FieldError>) {
    if let Some(m) = mode {
        if !(0..=0o777).contains(&m) {
            errs.push(FieldError::invalid(p, m, "must be a number between 0 and 0777 (octal), both inclusive"));
        }
    }
}

/// `validateLocalDescendingPath`: relative, without `..` elements.
fn validate_local_descending_path(path: &str, p: &str, errs: &mut Vec<FieldError>) {
    if path.starts_with('/') {
        errs.push(FieldError::invalid(p, path, "must be a relative path"));
    }
    if path.split('/').any(|e| e == "..") {
        errs.push(FieldError::invalid(p, path, "must not contain '..'"));
    }
}

/// `ValidateLocalNonReservedPath`: a local descending path not starting with `..`.
fn validate_local_non_reserved_path(path: &str, p: &str, errs: &mut Vec<FieldError>) {
    let before = errs.len();
    validate_local_descending_path(path, p, errs);
    if errs.len() == before && path.starts_with("..") {
        errs.push(FieldError::invalid(p, path, "must not start with '..'"));
    }
}

/// `validateContainerCommon`: name, image, env, envFrom, volume mounts, pull policy, in that order.
fn validate_container_common(c: &Container, p: &str, volumes: &BTreeMap<String, usize>, errs: &mut Vec<FieldError>) {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{p}.name"), ""));
    } else {
        for m in names::is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(format!("{p}.name"), c.name.as_str(), m));
        }
    }
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(format!("{p}.image"), ""));
    }
    for (i, e) in c.env.iter().flatten().enumerate() {
        validate_env(e, &format!("{p}.env[{i}]"), errs);
    }
    for (i, e) in c.env_from.iter().flatten().enumerate() {
        validate_env_from(e, &format!("{p}.envFrom"), i, errs);
    }
    validate_volume_mounts(c.volume_mounts.as_deref().unwrap_or_default(), p, volumes, errs);
    if let Some(policy) = c.image_pull_policy.as_deref() {
        if !matches!(policy, "Always" | "IfNotPresent" | "Never") {
            errs.push(FieldError::not_supported(format!("{p}.imagePullPolicy"), policy, &["Always", "IfNotPresent", "Never"]));
        }
    }
}

/// `ValidateEnv` with RelaxedEnvironmentVariableValidation on (beta, default in v1.33).
fn validate_env(e: &EnvVar, p: &str, errs: &mut Vec<FieldError>) {
    if e.name.is_empty() {
        errs.push(FieldError::required(format!("{p}.name"), ""));
    } else {
        for m in names::is_relaxed_env_var_name(&e.name) {
            errs.push(FieldError::invalid(format!("{p}.name"), e.name.as_str(), m));
        }
    }
    let Some(from) = &e.value_from else { return };
    let vp = format!("{p}.valueFrom");
    let mut num = 0;
    if from.field_ref.is_some() {
        num += 1;
    }
    if from.resource_field_ref.is_some() {
        num += 1;
    }
    if let Some(r) = &from.config_map_key_ref {
        num += 1;
        validate_key_selector(&r.name, &r.key, &format!("{vp}.configMapKeyRef"), errs);
    }
    if let Some(r) = &from.secret_key_ref {
        num += 1;
        validate_key_selector(&r.name, &r.key, &format!("{vp}.secretKeyRef"), errs);
    }
    if num == 0 {
        errs.push(FieldError::invalid(
            vp.as_str(),
            "",
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ));
    } else if !e.value.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::invalid(vp.as_str(), "", "may not be specified when `value` is not empty"));
    } else if num > 1 {
        errs.push(FieldError::invalid(vp.as_str(), "", "may not have more than one field specified at a time"));
    }
}

/// `validateSecretKeySelector` / `validateConfigMapKeySelector`: the name is a DNS subdomain (an empty
/// one included), the key is required and a valid config key.
fn validate_key_selector(name: &str, key: &str, p: &str, errs: &mut Vec<FieldError>) {
    for m in names::is_dns1123_subdomain(name) {
        errs.push(FieldError::invalid(format!("{p}.name"), name, m));
    }
    if key.is_empty() {
        errs.push(FieldError::required(format!("{p}.key"), ""));
    } else {
        for m in names::is_config_map_key(key) {
            errs.push(FieldError::invalid(format!("{p}.key"), key, m));
        }
    }
}

/// `ValidateEnvFrom`.
fn validate_env_from(e: &EnvFromSource, list: &str, i: usize, errs: &mut Vec<FieldError>) {
    let p = format!("{list}[{i}]");
    if let Some(prefix) = e.prefix.as_deref().filter(|s| !s.is_empty()) {
        for m in names::is_relaxed_env_var_name(prefix) {
            errs.push(FieldError::invalid(format!("{p}.prefix"), prefix, m));
        }
    }
    let mut num = 0;
    if let Some(c) = &e.config_map_ref {
        num += 1;
        validate_env_source_name(&c.name, &format!("{p}.configMapRef.name"), errs);
    }
    if let Some(s) = &e.secret_ref {
        num += 1;
        validate_env_source_name(&s.name, &format!("{p}.secretRef.name"), errs);
    }
    if num == 0 {
        errs.push(FieldError::invalid(list, "", "must specify one of: `configMapRef` or `secretRef`"));
    } else if num > 1 {
        // Upstream names the list here, as for "must specify one of".
        errs.push(FieldError::invalid(list, "", "may not have more than one field specified at a time"));
    }
}

/// validateSecretEnvSource / validateConfigMapEnvSource: `ValidateSecretName(name, true)`, a DNS
/// subdomain checked as a prefix (apimachinery `NameIsDNSSubdomain` masks a trailing dash).
fn validate_env_source_name(name: &str, p: &str, errs: &mut Vec<FieldError>) {
    if name.is_empty() {
        errs.push(FieldError::required(p, ""));
    } else {
        for m in names::is_dns1123_subdomain(&mask_trailing_dash(name)) {
            errs.push(FieldError::invalid(p, name, m));
        }
    }
}

/// apimachinery `maskTrailingDash`: `name[:len-2] + "a"` when the name ends in `-`.
fn mask_trailing_dash(name: &str) -> String {
    if name.len() > 1 && name.ends_with('-') {
        let cut = name.len().saturating_sub(2);
        match name.get(..cut) {
            Some(head) => format!("{head}a"),
            None => name.to_owned(),
        }
    } else {
        name.to_owned()
    }
}

/// `ValidateVolumeMounts`.
fn validate_volume_mounts(mounts: &[VolumeMount], p: &str, volumes: &BTreeMap<String, usize>, errs: &mut Vec<FieldError>) {
    let mut mount_points = BTreeSet::new();
    for (i, m) in mounts.iter().enumerate() {
        let ip = format!("{p}.volumeMounts[{i}]");
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{ip}.name"), ""));
        }
        if !volumes.contains_key(&m.name) {
            errs.push(FieldError::not_found(format!("{ip}.name"), m.name.as_str()));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{ip}.mountPath"), ""));
        }
        if !mount_points.insert(m.mount_path.as_str()) {
            errs.push(FieldError::invalid(format!("{ip}.mountPath"), m.mount_path.as_str(), "must be unique"));
        }
        if let Some(sub) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            // Upstream passes the list path here, not the item path.
            validate_local_descending_path(sub, &format!("{p}.volumeMounts.subPath"), errs);
        }
    }
}
