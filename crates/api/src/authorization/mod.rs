//! Authorization: every request's attributes (user, verb, resource, namespace, name) go to the
//! authorizers in order and the first decision wins (`staging/src/k8s.io/apiserver/pkg/authorization/union/union.go`).
//! kube-apiserver's kubeadm modes are `Node,RBAC`: the node authorizer (`node`, its secret rules)
//! then the RBAC authorizer (`rbac`), after the `system:masters` bypass
//! (`authorizerfactory.NewPrivilegedGroups`).
//!
//! A denial becomes `Forbidden` with `responsewriters/errors.go` `forbiddenMessage`.

pub mod node;
pub mod rbac;

use crate::authentication::{UserInfo, SYSTEM_MASTERS};
use crate::field::go_quote;
use crate::status::Status;
use crate::Store;

/// `authorizer.AttributesRecord`: what a request wants to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes<'a> {
    /// The user.
    pub user: &'a UserInfo,
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, …
    pub verb: &'a str,
    /// The API group (`""` for core).
    pub group: &'a str,
    /// The plural resource, e.g. `secrets`.
    pub resource: &'a str,
    /// The subresource, e.g. `exec`, or empty.
    pub subresource: &'a str,
    /// The namespace, empty at the cluster scope.
    pub namespace: &'a str,
    /// The object name, empty for list and create.
    pub name: &'a str,
}

/// An authorizer's decision and its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Allowed.
    pub allowed: bool,
    /// `RBAC: allowed by …`, or empty (RBAC's denial is a NoOpinion without reason).
    pub reason: String,
}

/// Runs the authorizer chain for `attrs`: the `system:masters` bypass, then `Node,RBAC` as
/// kubeadm configures `--authorization-mode`. The first allow wins; after NoOpinions the
/// non-empty reasons are joined with newlines (union.go).
pub fn authorize(store: &Store, attrs: &Attributes<'_>) -> Decision {
    if attrs.user.in_group(SYSTEM_MASTERS) {
        return Decision { allowed: true, reason: String::new() };
    }
    let mut reasons: Vec<String> = Vec::new();
    if let Some(d) = node::authorize(store, attrs) {
        if d.allowed {
            return d;
        }
        if !d.reason.is_empty() {
            reasons.push(d.reason);
        }
    }
    let d = rbac::authorize(&store.rbac(), attrs);
    if d.allowed {
        return d;
    }
    if !d.reason.is_empty() {
        reasons.push(d.reason);
    }
    Decision { allowed: false, reason: reasons.join("\n") }
}

/// `forbiddenMessage` (responsewriters/errors.go) inside `NewForbidden`: the `Forbidden` error
/// of a denied request, as kubectl prints it after `Error from server (Forbidden): `.
pub fn forbidden(attrs: &Attributes<'_>, reason: &str) -> Status {
    let resource = if attrs.subresource.is_empty() {
        attrs.resource.to_owned()
    } else {
        format!("{}/{}", attrs.resource, attrs.subresource)
    };
    let scope = if attrs.namespace.is_empty() {
        "at the cluster scope".to_owned()
    } else {
        format!("in the namespace {}", go_quote(attrs.namespace))
    };
    let mut msg = format!(
        "User {} cannot {} resource {} in API group {} {scope}",
        go_quote(&attrs.user.name),
        attrs.verb,
        go_quote(&resource),
        go_quote(attrs.group)
    );
    if !reason.is_empty() {
        msg = format!("{msg}: {reason}");
    }
    // NewForbidden(qualifiedResource, name, err): the group-qualified resource.
    let qualified =
        if attrs.group.is_empty() { attrs.resource.to_owned() } else { format!("{}.{}", attrs.resource, attrs.group) };
    let mut s = Status::forbidden(&qualified, attrs.name, &msg);
    if attrs.name.is_empty() {
        s.message = format!("{qualified} is forbidden: {msg}");
    }
    s
}

/// Authorizes and returns the Forbidden error on a denial.
pub fn check(store: &Store, attrs: &Attributes<'_>) -> Result<(), Status> {
    let d = authorize(store, attrs);
    if d.allowed {
        Ok(())
    } else {
        Err(forbidden(attrs, &d.reason))
    }
}
