//! API server errors (`metav1.Status`) and how `kubectl` prints them.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go` (NewNotFound,
//! NewAlreadyExists, NewInvalid, NewConflict, NewBadRequest, NewForbidden) and
//! `staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go` (`CheckErr`, `MultilineError`).

use std::fmt;

use crate::field::FieldError;

/// The `reason` of a failed API call (`metav1.StatusReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Reason {
    /// HTTP 404.
    NotFound,
    /// HTTP 409 on create.
    AlreadyExists,
    /// HTTP 409 on a stale resourceVersion.
    Conflict,
    /// HTTP 422 with field causes.
    Invalid,
    /// HTTP 400, e.g. an undecodable body.
    BadRequest,
    /// HTTP 403, e.g. admission refused the object.
    Forbidden,
    /// HTTP 413.
    RequestEntityTooLarge,
    /// HTTP 500, e.g. a stored value that cannot be decrypted.
    InternalError,
}

impl Reason {
    /// The reason as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotFound => "NotFound",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Invalid => "Invalid",
            Reason::BadRequest => "BadRequest",
            Reason::Forbidden => "Forbidden",
            Reason::RequestEntityTooLarge => "RequestEntityTooLarge",
            Reason::InternalError => "InternalError",
        }
    }
    /// The HTTP status code.
    pub fn code(self) -> u16 {
        match self {
            Reason::NotFound => 404,
            Reason::AlreadyExists | Reason::Conflict => 409,
            Reason::Invalid => 422,
            Reason::BadRequest => 400,
            Reason::Forbidden => 403,
            Reason::RequestEntityTooLarge => 413,
            Reason::InternalError => 500,
        }
    }
}

/// A failed API call as the API server reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Status {
    /// Why it failed.
    pub reason: Reason,
    /// The server's message, e.g. `secrets "x" not found`.
    pub message: String,
    /// `details.kind`, e.g. `Secret` (for Invalid) or `secrets` (for NotFound).
    pub kind: String,
    /// `details.name`.
    pub name: String,
    /// `details.causes` for Invalid.
    pub causes: Vec<FieldError>,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Status {
    /// `NewNotFound(resource, name)`: `secrets "x" not found`.
    pub fn not_found(resource: &str, name: &str) -> Self {
        Status {
            reason: Reason::NotFound,
            message: format!("{resource} {} not found", crate::field::go_quote(name)),
            kind: resource.to_owned(),
            name: name.to_owned(),
            causes: Vec::new(),
        }
    }
    /// `NewAlreadyExists(resource, name)`: `secrets "x" already exists`.
    pub fn already_exists(resource: &str, name: &str) -> Self {
        Status {
            reason: Reason::AlreadyExists,
            message: format!("{resource} {} already exists", crate::field::go_quote(name)),
            kind: resource.to_owned(),
            name: name.to_owned(),
            causes: Vec::new(),
        }
    }
    /// `NewConflict`: `Operation cannot be fulfilled on secrets "x": the object has been modified; please apply your changes to the latest version and try again`.
    pub fn conflict(resource: &str, name: &str) -> Self {
        Status {
            reason: Reason::Conflict,
            message: format!(
                "Operation cannot be fulfilled on {resource} {}: the object has been modified; please apply your changes to the latest version and try again",
                crate::field::go_quote(name)
            ),
            kind: resource.to_owned(),
            name: name.to_owned(),
            causes: Vec::new(),
        }
    }
    /// `NewConflict(qualifiedResource, name, err)`: `Operation cannot be fulfilled on <resource> "<name>": <err>`.
    pub fn conflict_with(resource: &str, name: &str, err: &str) -> Self {
        Status {
            reason: Reason::Conflict,
            message: format!("Operation cannot be fulfilled on {resource} {}: {err}", crate::field::go_quote(name)),
            kind: resource.to_owned(),
            name: name.to_owned(),
            causes: Vec::new(),
        }
    }
    /// `NewInvalid(kind, name, errs)`: `Secret "x" is invalid: [e1, e2]`.
    pub fn invalid(kind: &str, name: &str, causes: Vec<FieldError>) -> Self {
        let mut unique: Vec<String> = Vec::new();
        for c in &causes {
            let s = c.to_string();
            if !unique.contains(&s) {
                unique.push(s);
            }
        }
        let agg = if unique.len() == 1 { unique.concat() } else { format!("[{}]", unique.join(", ")) };
        Status {
            reason: Reason::Invalid,
            message: format!("{kind} {} is invalid: {agg}", crate::field::go_quote(name)),
            kind: kind.to_owned(),
            name: name.to_owned(),
            causes,
        }
    }
    /// `NewBadRequest(message)`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Status {
            reason: Reason::BadRequest,
            message: message.into(),
            kind: String::new(),
            name: String::new(),
            causes: Vec::new(),
        }
    }
    /// `NewForbidden(resource, name, err)`: `pods "x" is forbidden: <err>`.
    pub fn forbidden(resource: &str, name: &str, err: &str) -> Self {
        Status {
            reason: Reason::Forbidden,
            message: format!("{resource} {} is forbidden: {err}", crate::field::go_quote(name)),
            kind: resource.to_owned(),
            name: name.to_owned(),
            causes: Vec::new(),
        }
    }

    /// `NewInternalError(err)`: `Internal error occurred: <err>` (the storage layer wraps
    /// transformer failures with `storage.NewInternalError`, etcd3/store.go).
    pub fn internal_error(err: &str) -> Self {
        Status {
            reason: Reason::InternalError,
            message: format!("Internal error occurred: {err}"),
            kind: String::new(),
            name: String::new(),
            causes: Vec::new(),
        }
    }

    /// `NewRequestEntityTooLargeError(message)`: `Request entity too large: <message>`.
    pub fn request_entity_too_large(message: &str) -> Self {
        Status {
            reason: Reason::RequestEntityTooLarge,
            message: format!("Request entity too large: {message}"),
            kind: String::new(),
            name: String::new(),
            causes: Vec::new(),
        }
    }

    /// Whether this is a NotFound error.
    pub fn is_not_found(&self) -> bool {
        self.reason == Reason::NotFound
    }
    /// Whether this is an Invalid error.
    pub fn is_invalid(&self) -> bool {
        self.reason == Reason::Invalid
    }

    /// The same error with `error when <verb> "<source>": ` before the message
    /// (`cmdutil.AddSourceToErr`, used by `kubectl create/apply -f`).
    pub fn with_source(mut self, verb: &str, source: &str) -> Self {
        if self.reason != Reason::Invalid {
            self.message = format!("error when {verb} {}: {}", crate::field::go_quote(source), self.message);
        }
        self
    }

    /// What `kubectl` prints for this error (without the final newline).
    ///
    /// Invalid: `The Secret "x" is invalid: <cause>`, or the prefix line then `* <cause>` per
    /// cause; everything else: `Error from server (<Reason>): <message>`.
    pub fn kubectl_message(&self) -> String {
        if self.reason == Reason::Invalid {
            let head = if !self.kind.is_empty() || !self.name.is_empty() {
                format!("The {} {} is invalid", self.kind, crate::field::go_quote(&self.name))
            } else {
                "The request is invalid".to_owned()
            };
            return match self.causes.as_slice() {
                [] => head,
                [one] => format!("{head}: {one}"),
                many => {
                    let mut s = format!("{head}: ");
                    for c in many {
                        s.push_str("\n* ");
                        s.push_str(&c.to_string());
                    }
                    s
                }
            };
        }
        format!("Error from server ({}): {}", self.reason.as_str(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_renders_server_errors() {
        assert_eq!(Status::not_found("secrets", "x").kubectl_message(), "Error from server (NotFound): secrets \"x\" not found");
        assert_eq!(
            Status::already_exists("secrets", "x").with_source("creating", "s.yaml").kubectl_message(),
            "Error from server (AlreadyExists): error when creating \"s.yaml\": secrets \"x\" already exists"
        );
        let two = Status::invalid(
            "Secret",
            "x",
            vec![FieldError::required("data[tls.crt]", ""), FieldError::required("data[tls.key]", "")],
        );
        assert_eq!(two.message, "Secret \"x\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]");
        assert_eq!(
            two.kubectl_message(),
            "The Secret \"x\" is invalid: \n* data[tls.crt]: Required value\n* data[tls.key]: Required value"
        );
    }
}
