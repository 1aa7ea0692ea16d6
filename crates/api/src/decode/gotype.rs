//! Go `encoding/json` type-error texts (`UnmarshalTypeError`) for what serde reports, with the Go
//! type names of the k8s.io/api structs kubeplay decodes.

use super::path::{split_path, Seg};

/// A serde type error in the words of Go's `json: cannot unmarshal ...` (`UnmarshalTypeError`).
///
/// Go `encoding/json/decode.go`: `Value` names the JSON kind only (`string`, `number`, `bool`,
/// `array`, `object`); only a number that does not fit an integer field carries its text
/// (`"number " + string(item)` in `literalStore`). `Type` is the Go type's `String()`
/// (`[]string`, `[]v1.Container`, `v1.PodSpec`, `map[string][]uint8`); a map value's error names
/// the map field, with the element type. `Error()`: `json: cannot unmarshal <Value> into Go struct
/// field <Struct>.<Field> of type <Type>`, where `Field` is the dotted path from the object root.
pub(super) fn go_type_error(kind: &str, path: &str, msg: &str) -> String {
    // serde: "invalid type: string \"abc\", expected i32"
    let Some(rest) = msg.strip_prefix("invalid type: ").or_else(|| msg.strip_prefix("invalid value: ")) else {
        return format!("json: {msg} (at {path})");
    };
    let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let go_int = match expected {
        "i32" => Some("int32"),
        "i64" => Some("int64"),
        "u32" => Some("uint32"),
        "u64" => Some("uint64"),
        "i16" => Some("int16"),
        "u16" => Some("uint16"),
        "u8" => Some("uint8"),
        _ => None,
    };
    let go_value = if got.starts_with("string") {
        "string".to_owned()
    } else if got.starts_with("boolean") {
        "bool".to_owned()
    } else if got.starts_with("sequence") {
        "array".to_owned()
    } else if got.starts_with("map") {
        "object".to_owned()
    } else if got.starts_with("integer") || got.starts_with("floating point") {
        match (go_int, got.split('`').nth(1)) {
            (Some(_), Some(n)) => format!("number {n}"),
            _ => "number".to_owned(),
        }
    } else {
        got.to_owned()
    };
    let mut fp = field_path(path);
    // A value inside a map field (data, stringData, labels, ...): encoding/json names the map
    // field itself (map keys are not part of UnmarshalTypeError.Field), with the element type.
    let mut in_map = false;
    if let Some((parent, _key)) = fp.rsplit_once('.') {
        let map_field = parent.rsplit('.').next().unwrap_or(parent);
        if MAP_FIELDS.contains(&map_field) {
            fp = parent.to_owned();
            in_map = true;
        }
    }
    let last = fp.rsplit('.').next().unwrap_or("");
    let go_type = if let Some(t) = go_int {
        t.to_owned()
    } else if in_map {
        map_elem(kind, &fp).to_owned()
    } else {
        match expected {
            "a string" => "string".to_owned(),
            "a boolean" => "bool".to_owned(),
            "a sequence" => format!("[]{}", list_elem(last)),
            e if e.starts_with("a map") || e.starts_with("map") || MAP_FIELDS.contains(&last) => {
                format!("map[string]{}", map_elem(kind, &fp))
            }
            // k8s-openapi's struct visitors expect their type name; Go prints `v1.<Name>` for both
            // core/v1 and meta/v1 types.
            e if e.starts_with(|c: char| c.is_ascii_uppercase()) && e.chars().all(|c| c.is_ascii_alphanumeric()) => {
                format!("v1.{e}")
            }
            e if e.starts_with("struct ") => format!("v1.{}", go_struct(&fp, kind)),
            other => other.to_owned(),
        }
    };
    let parent = fp.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    let parent_struct = if parent.is_empty() { kind.to_owned() } else { go_struct(parent, kind) };
    if fp.is_empty() {
        return format!("json: cannot unmarshal {go_value} into Go value of type v1.{kind}");
    }
    format!("json: cannot unmarshal {go_value} into Go struct field {parent_struct}.{fp} of type {go_type}")
}

/// Fields that are Go maps with string keys in the objects kubeplay decodes.
const MAP_FIELDS: &[&str] = &["data", "stringData", "binaryData", "labels", "annotations", "nodeSelector"];

/// The Go element type of a map field: `[]uint8` for a Secret's `data` and any `binaryData`.
fn map_elem(kind: &str, fp: &str) -> &'static str {
    match fp {
        "data" if kind == "Secret" => "[]uint8",
        "binaryData" => "[]uint8",
        _ => "string",
    }
}

/// The Go element type of a list field (k8s.io/api/core/v1 and apimachinery meta/v1 types.go).
fn list_elem(field: &str) -> String {
    let t = match field {
        "command" | "args" | "finalizers" | "values" | "add" | "drop" | "searches" | "nameservers" | "hostnames" => "string",
        "containers" => "v1.Container",
        "initContainers" => "v1.Container",
        "ephemeralContainers" => "v1.EphemeralContainer",
        "volumes" => "v1.Volume",
        "env" => "v1.EnvVar",
        "envFrom" => "v1.EnvFromSource",
        "volumeMounts" => "v1.VolumeMount",
        "volumeDevices" => "v1.VolumeDevice",
        "ports" => "v1.ContainerPort",
        "items" => "v1.KeyToPath",
        "sources" => "v1.VolumeProjection",
        "imagePullSecrets" => "v1.LocalObjectReference",
        "secrets" => "v1.ObjectReference",
        "tolerations" => "v1.Toleration",
        "hostAliases" => "v1.HostAlias",
        "readinessGates" => "v1.PodReadinessGate",
        "ownerReferences" => "v1.OwnerReference",
        "managedFields" => "v1.ManagedFieldsEntry",
        "nodeSelectorTerms" => "v1.NodeSelectorTerm",
        "topologySpreadConstraints" => "v1.TopologySpreadConstraint",
        "resourceClaims" => "v1.PodResourceClaim",
        "schedulingGates" => "v1.PodSchedulingGate",
        "sysctls" => "v1.Sysctl",
        "conditions" => "v1.PodCondition",
        "containerStatuses" | "initContainerStatuses" => "v1.ContainerStatus",
        other => return format!("v1.{}", upper_first(other)),
    };
    t.to_owned()
}

/// Go's field path: JSON names joined by dots, without indices.
fn field_path(path: &str) -> String {
    split_path(path)
        .into_iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k),
            Seg::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The Go struct type at a field path (index-free), for the objects kubeplay decodes.
fn go_struct(fp: &str, kind: &str) -> String {
    let last2: Vec<&str> = fp.rsplit('.').take(2).collect();
    let last = last2.first().copied().unwrap_or("");
    let parent = last2.get(1).copied().unwrap_or("");
    let name = match (parent, last) {
        (_, "") => kind,
        (_, "metadata") => "ObjectMeta",
        ("", "spec") => "PodSpec",
        (_, "containers" | "initContainers") => "Container",
        (_, "volumes") => "Volume",
        ("volumes", "secret") => "SecretVolumeSource",
        ("sources", "secret") => "SecretProjection",
        ("volumes", "configMap") => "ConfigMapVolumeSource",
        ("sources", "configMap") => "ConfigMapProjection",
        ("volumes", "downwardAPI") => "DownwardAPIVolumeSource",
        ("sources", "downwardAPI") => "DownwardAPIProjection",
        (_, "projected") => "ProjectedVolumeSource",
        (_, "sources") => "VolumeProjection",
        (_, "serviceAccountToken") => "ServiceAccountTokenProjection",
        (_, "items") => "KeyToPath",
        (_, "env") => "EnvVar",
        (_, "valueFrom") => "EnvVarSource",
        (_, "secretKeyRef") => "SecretKeySelector",
        (_, "configMapKeyRef") => "ConfigMapKeySelector",
        (_, "envFrom") => "EnvFromSource",
        (_, "secretRef") => "SecretEnvSource",
        (_, "configMapRef") => "ConfigMapEnvSource",
        (_, "volumeMounts") => "VolumeMount",
        ("spec", "securityContext") => "PodSecurityContext",
        (_, "securityContext") => "SecurityContext",
        (_, "imagePullSecrets") => "LocalObjectReference",
        (_, "ports") => "ContainerPort",
        (_, "resources") => "ResourceRequirements",
        (_, "fieldRef") => "ObjectFieldSelector",
        (_, "emptyDir") => "EmptyDirVolumeSource",
        _ => return upper_first(last),
    };
    name.to_owned()
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
