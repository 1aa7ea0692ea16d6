//! The RBAC authorizer (`plugin/pkg/auth/authorizer/rbac/rbac.go`): the rules of every Role and
//! ClusterRole bound to the user — by a RoleBinding in the request's namespace or by any
//! ClusterRoleBinding (`pkg/registry/rbac/validation/rule.go` `VisitRulesFor`) — are checked
//! with `RuleAllows` (`pkg/apis/rbac/v1/evaluation_helpers.go`). A match allows with the reason
//! `RBAC: allowed by <source>`; no match is a NoOpinion with an empty reason.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::{Attributes, Decision};
use crate::authentication::{service_account_of, UserInfo, KUBEADM_CLUSTER_ADMINS};
use crate::field::{go_quote, FieldError};
use crate::object::Object;

/// The RBAC objects of a store.
#[derive(Debug, Clone, Copy)]
pub struct RbacObjects<'a> {
    /// Roles by namespace then name.
    pub roles: &'a BTreeMap<String, BTreeMap<String, Role>>,
    /// RoleBindings by namespace then name.
    pub role_bindings: &'a BTreeMap<String, BTreeMap<String, RoleBinding>>,
    /// ClusterRoles by name.
    pub cluster_roles: &'a BTreeMap<String, ClusterRole>,
    /// ClusterRoleBindings by name.
    pub cluster_role_bindings: &'a BTreeMap<String, ClusterRoleBinding>,
}

/// `appliesToUser` (rule.go): whether a binding's subject is this user.
fn applies_to(user: &UserInfo, s: &Subject, binding_ns: &str) -> bool {
    match s.kind.as_str() {
        "User" => user.name == s.name,
        "Group" => user.in_group(&s.name),
        "ServiceAccount" => {
            // A ServiceAccount subject without namespace means the binding's namespace.
            let ns = s.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or(binding_ns);
            service_account_of(&user.name) == Some((ns, s.name.as_str()))
        }
        _ => false,
    }
}

/// `describeSubject` (rule.go): `User "jane"`, `Group "g"`, `ServiceAccount "name/ns"`.
fn describe_subject(s: &Subject, binding_ns: &str) -> String {
    match s.kind.as_str() {
        "ServiceAccount" => {
            let ns = s.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or(binding_ns);
            format!("{} {}", s.kind, go_quote(&format!("{}/{ns}", s.name)))
        }
        _ => format!("{} {}", s.kind, go_quote(&s.name)),
    }
}

fn has(list: &[String], want: &str) -> bool {
    list.iter().any(|v| v == "*" || v == want)
}

/// `RuleAllows` for a resource request.
pub fn rule_allows(attrs: &Attributes<'_>, rule: &PolicyRule) -> bool {
    if !has(&rule.verbs, attrs.verb) {
        return false;
    }
    if !has(rule.api_groups.as_deref().unwrap_or_default(), attrs.group) {
        return false;
    }
    let combined = if attrs.subresource.is_empty() {
        attrs.resource.to_owned()
    } else {
        format!("{}/{}", attrs.resource, attrs.subresource)
    };
    let resources = rule.resources.as_deref().unwrap_or_default();
    let resource_ok = resources.iter().any(|r| {
        r == "*"
            || *r == combined
            || (!attrs.subresource.is_empty() && r.strip_prefix("*/").is_some_and(|sub| sub == attrs.subresource))
    });
    if !resource_ok {
        return false;
    }
    let names = rule.resource_names.as_deref().unwrap_or_default();
    names.is_empty() || names.iter().any(|n| n == attrs.name)
}

impl RbacObjects<'_> {
    /// `GetRoleReferenceRules`: the rules a roleRef points at (none if it is missing).
    fn rules_of(&self, r: &RoleRef, ns: &str) -> Vec<PolicyRule> {
        match r.kind.as_str() {
            "Role" => self.roles.get(ns).and_then(|m| m.get(&r.name)).and_then(|x| x.rules.clone()).unwrap_or_default(),
            "ClusterRole" => self.cluster_roles.get(&r.name).and_then(|x| x.rules.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Every (source, rule) that applies to the user in `namespace` (ClusterRoleBindings first,
    /// as `VisitRulesFor` visits them).
    pub fn rules_for(&self, user: &UserInfo, namespace: &str) -> Vec<(String, PolicyRule)> {
        let mut out = Vec::new();
        for (name, b) in self.cluster_role_bindings {
            for s in b.subjects.iter().flatten() {
                if applies_to(user, s, "") {
                    let source = format!(
                        "ClusterRoleBinding {} of {} {} to {}",
                        go_quote(name),
                        b.role_ref.kind,
                        go_quote(&b.role_ref.name),
                        describe_subject(s, "")
                    );
                    out.extend(self.rules_of(&b.role_ref, "").into_iter().map(|r| (source.clone(), r)));
                    break;
                }
            }
        }
        if !namespace.is_empty() {
            for (name, b) in self.role_bindings.get(namespace).into_iter().flatten() {
                for s in b.subjects.iter().flatten() {
                    if applies_to(user, s, namespace) {
                        let source = format!(
                            "RoleBinding {} of {} {} to {}",
                            go_quote(&format!("{name}/{namespace}")),
                            b.role_ref.kind,
                            go_quote(&b.role_ref.name),
                            describe_subject(s, namespace)
                        );
                        out.extend(self.rules_of(&b.role_ref, namespace).into_iter().map(|r| (source.clone(), r)));
                        break;
                    }
                }
            }
        }
        out
    }
}

/// `RBACAuthorizer.Authorize`.
pub fn authorize(objects: &RbacObjects<'_>, attrs: &Attributes<'_>) -> Decision {
    for (source, rule) in objects.rules_for(attrs.user, attrs.namespace) {
        if rule_allows(attrs, &rule) {
            return Decision { allowed: true, reason: format!("RBAC: allowed by {source}") };
        }
    }
    Decision { allowed: false, reason: String::new() }
}

/// The metadata checks of `pkg/apis/rbac/validation` (names as path segments). kubeplay does not
/// check the rules and roleRef further.
pub fn validate(obj: &Object) -> Vec<FieldError> {
    let mut errs = Vec::new();
    crate::validation::validate_object_meta(obj.meta(), false, &mut errs);
    errs
}

/// The bootstrap policy kubeplay starts with (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go`
/// `cluster-admin`, and kubeadm's `kubeadm:cluster-admins` ClusterRoleBinding of
/// `cmd/kubeadm/app/phases/kubeconfig`): the console's admin may do everything.
pub fn bootstrap() -> (ClusterRole, ClusterRoleBinding) {
    let meta = |name: &str| ObjectMeta {
        name: Some(name.to_owned()),
        labels: Some([("kubernetes.io/bootstrapping".to_owned(), "rbac-defaults".to_owned())].into()),
        annotations: Some([("rbac.authorization.kubernetes.io/autoupdate".to_owned(), "true".to_owned())].into()),
        ..Default::default()
    };
    let star = || Some(vec!["*".to_owned()]);
    let role = ClusterRole {
        metadata: meta("cluster-admin"),
        rules: Some(vec![
            PolicyRule { api_groups: star(), resources: star(), verbs: vec!["*".to_owned()], ..Default::default() },
            PolicyRule { non_resource_urls: star(), verbs: vec!["*".to_owned()], ..Default::default() },
        ]),
        ..Default::default()
    };
    let mut bm = meta(KUBEADM_CLUSTER_ADMINS);
    bm.labels = None;
    bm.annotations = None;
    let binding = ClusterRoleBinding {
        metadata: bm,
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".to_owned(),
            kind: "ClusterRole".to_owned(),
            name: "cluster-admin".to_owned(),
        },
        subjects: Some(vec![Subject {
            api_group: Some("rbac.authorization.k8s.io".to_owned()),
            kind: "Group".to_owned(),
            name: KUBEADM_CLUSTER_ADMINS.to_owned(),
            namespace: None,
        }]),
    };
    (role, binding)
}
