//! Patches as the API server applies them (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go`):
//! RFC 6902 JSON patch and RFC 7396 JSON merge patch through the `json-patch` crate, and
//! strategic merge patch, which for the fields of the kinds kubeplay serves (maps and scalars of
//! Secret, ConfigMap, ServiceAccount, Namespace) is the merge patch.

use serde_json::Value;

use crate::object::{Kind, Object};
use crate::status::Status;
use crate::store::Store;

/// How a patch is to be read (`types.PatchType`, kubectl's `--type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    /// `application/json-patch+json`: a list of RFC 6902 operations.
    Json,
    /// `application/merge-patch+json`: RFC 7396.
    Merge,
    /// `application/strategic-merge-patch+json`: kubectl's default.
    StrategicMerge,
}

/// Why a patch could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// A JSON patch that is not a list of operations.
    #[error("json patch is not a list of operations: {0}")]
    NotOperations(#[source] serde_json::Error),
    /// An operation of a JSON patch failed.
    #[error("{0}")]
    Operation(#[source] json_patch::PatchError),
    /// The object to patch, or the patched object, was refused.
    #[error("{}", .0.kubectl_message())]
    Api(#[from] Status),
    /// The patched object does not decode as its kind.
    #[error("{0}")]
    Decode(#[source] crate::DecodeError),
}

/// Applies a patch to an object's JSON in place.
pub fn apply(doc: &mut Value, ty: PatchType, patch: &Value) -> Result<(), PatchError> {
    match ty {
        PatchType::Merge | PatchType::StrategicMerge => {
            json_patch::merge(doc, patch);
            Ok(())
        }
        PatchType::Json => {
            let ops: json_patch::Patch = serde_json::from_value(patch.clone()).map_err(PatchError::NotOperations)?;
            json_patch::patch(doc, &ops).map_err(PatchError::Operation)
        }
    }
}

impl Store {
    /// `PATCH`, its first half: the object a patch makes of the stored one, as the API server's
    /// patch handler computes it before the update (apiserver `endpoints/handlers/patch.go`).
    /// The result carries no resourceVersion, so the update that follows cannot conflict.
    pub fn patched(
        &self,
        kind: Kind,
        ns: &str,
        name: &str,
        ty: PatchType,
        patch: &serde_json::Value,
    ) -> Result<Object, PatchError> {
        let current = self.get(kind, ns, name)?;
        let mut doc = current.to_json();
        if let Some(m) = doc.as_object_mut() {
            m.insert("apiVersion".into(), kind.api_version().into());
            m.insert("kind".into(), kind.as_str().into());
        }
        apply(&mut doc, ty, patch)?;
        if let Some(m) = doc.get_mut("metadata").and_then(serde_json::Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        let decoded = crate::decode_manifest(&doc.to_string(), "patch");
        match decoded.docs.into_iter().next().map(|d| d.result) {
            Some(Ok(o)) => Ok(o),
            Some(Err(crate::DecodeError::Server(s))) => Err(s.into()),
            Some(Err(e)) => Err(PatchError::Decode(e)),
            None => Err(PatchError::Decode(crate::DecodeError::Client("the patch produced no object".to_owned()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_sets_and_removes() {
        let mut doc = json!({"data": {"a": "YQ==", "b": "Yg=="}, "type": "Opaque"});
        apply(&mut doc, PatchType::StrategicMerge, &json!({"data": {"a": null, "c": "Yw=="}})).expect("merges");
        assert_eq!(doc, json!({"data": {"b": "Yg==", "c": "Yw=="}, "type": "Opaque"}));
    }

    #[test]
    fn json_patch_operations() {
        let mut doc = json!({"data": {"a": "YQ=="}});
        apply(&mut doc, PatchType::Json, &json!([{"op": "replace", "path": "/data/a", "value": "Yg=="}])).expect("patches");
        assert_eq!(doc, json!({"data": {"a": "Yg=="}}));
        assert!(apply(&mut doc, PatchType::Json, &json!([{"op": "remove", "path": "/data/zz"}])).is_err());
        assert!(apply(&mut doc, PatchType::Json, &json!({"op": "add"})).is_err());
        assert_eq!(doc, json!({"data": {"a": "Yg=="}}), "a failed patch changes nothing");
    }
}
