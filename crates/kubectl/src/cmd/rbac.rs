//! `kubectl create role|clusterrole|rolebinding|clusterrolebinding`
//! (`staging/src/k8s.io/kubectl/pkg/cmd/create/create_role.go`, `create_clusterrole.go`,
//! `create_rolebinding.go`, `create_clusterrolebinding.go`).

use kubeplay_api::k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::{Kind, Object};
use kubeplay_shell::Output;

use super::common::{send_create, single_name, Cmd, Ctx, DryRun};
use crate::flags::{self, Args, Flag};

/// The flags of `kubectl create role|clusterrole`.
pub const ROLE_FLAGS: &[Flag] =
    &[flags::VERB, flags::RESOURCE, flags::RESOURCE_NAME, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];
/// The flags of `kubectl create rolebinding|clusterrolebinding`.
pub const BINDING_FLAGS: &[Flag] = &[
    flags::ROLE,
    flags::CLUSTERROLE,
    flags::USER,
    flags::GROUP,
    flags::SERVICEACCOUNT,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
];

/// create_role.go `validResourceVerbs`.
const VALID_VERBS: &[&str] = &[
    "*",
    "get",
    "delete",
    "list",
    "create",
    "update",
    "patch",
    "watch",
    "proxy",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
];

/// A repeatable string-slice flag: every occurrence, split at commas.
fn slice(a: &Args, name: &str) -> Vec<String> {
    a.all(name).into_iter().flat_map(|v| v.split(',')).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta { name: Some(name.to_owned()), ..Default::default() }
}

/// `CreateRoleOptions.Validate` and the rules `RunCreateRole` builds: one rule per API group.
fn rules(cmd: &Cmd, warnings: &mut String) -> Result<Vec<PolicyRule>, Output> {
    let a = &cmd.args;
    let verbs = slice(a, "verb");
    if verbs.is_empty() {
        return Err(Output::err("error: at least one verb must be specified"));
    }
    let resources = slice(a, "resource");
    if resources.is_empty() {
        return Err(Output::err("error: at least one resource must be specified"));
    }
    for v in &verbs {
        if !VALID_VERBS.contains(&v.as_str()) {
            // create_role.go Validate warns and goes on (checked against a kubectl v1.33 client).
            warnings.push_str(&format!("Warning: '{v}' is not a standard resource verb\n"));
        }
    }
    // (group, resources) in the order met.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for r in &resources {
        let (res, sub) = match r.split_once('/') {
            Some((res, sub)) => (res, Some(sub)),
            None => (r.as_str(), None),
        };
        let (plural, group) = match Kind::from_resource(res) {
            Some(k) => (k.resource().to_owned(), k.group().to_owned()),
            None if res == "*" => ("*".to_owned(), String::new()),
            None => {
                // The RESTMapper does not know it.
                return Err(Output::err(format!("error: the server doesn't have a resource type \"{res}\"")));
            }
        };
        let full = match sub {
            Some(sub) => format!("{plural}/{sub}"),
            None => plural,
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(full),
            None => groups.push((group, vec![full])),
        }
    }
    let names = slice(a, "resource-name");
    Ok(groups
        .into_iter()
        .map(|(g, res)| PolicyRule {
            api_groups: Some(vec![g]),
            resources: Some(res),
            resource_names: (!names.is_empty()).then(|| names.clone()),
            verbs: verbs.clone(),
            ..Default::default()
        })
        .collect())
}

/// `kubectl create role NAME` and `kubectl create clusterrole NAME`.
pub fn create_role(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun, cluster: bool) -> Output {
    let p = &cmd.args.positional;
    let Some(name) = single_name(p, 2) else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
    };
    let mut warnings = String::new();
    let rules = match rules(cmd, &mut warnings) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let obj = if cluster {
        Object::ClusterRole(ClusterRole { metadata: meta(name), rules: Some(rules), ..Default::default() })
    } else {
        Object::Role(Role { metadata: meta(name), rules: Some(rules) })
    };
    let mut out = send_create(ctx, obj, ns, &cmd.args, "role", dry);
    out.stderr.insert_str(0, &warnings);
    out
}

/// `kubectl create rolebinding NAME` and `kubectl create clusterrolebinding NAME`.
pub fn create_binding(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, dry: DryRun, cluster: bool) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let Some(name) = single_name(p, 2) else {
        return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
    };
    let role = a.get("role").filter(|r| !r.is_empty());
    let cluster_role = a.get("clusterrole").filter(|r| !r.is_empty());
    let role_ref = match (role, cluster_role, cluster) {
        (_, Some(c), _) if role.is_none() || cluster => {
            RoleRef { api_group: "rbac.authorization.k8s.io".into(), kind: "ClusterRole".into(), name: c.into() }
        }
        (Some(r), None, false) => RoleRef { api_group: "rbac.authorization.k8s.io".into(), kind: "Role".into(), name: r.into() },
        // create_rolebinding.go Validate / create_clusterrolebinding.go MarkFlagRequired.
        (_, _, false) => return Output::err("error: exactly one of clusterrole or role must be specified"),
        (_, _, true) => return Output::err("error: required flag(s) \"clusterrole\" not set"),
    };
    let mut subjects = Vec::new();
    for u in slice(a, "user") {
        subjects.push(Subject {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: "User".into(),
            name: u,
            namespace: None,
        });
    }
    for g in slice(a, "group") {
        subjects.push(Subject {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: "Group".into(),
            name: g,
            namespace: None,
        });
    }
    for sa in slice(a, "serviceaccount") {
        let Some((sns, sname)) = sa.split_once(':').filter(|(n, m)| !n.is_empty() && !m.is_empty()) else {
            return Output::err("error: serviceaccount must be <namespace>:<name>");
        };
        subjects.push(Subject {
            api_group: None,
            kind: "ServiceAccount".into(),
            name: sname.into(),
            namespace: Some(sns.into()),
        });
    }
    let obj = if cluster {
        Object::ClusterRoleBinding(ClusterRoleBinding { metadata: meta(name), role_ref, subjects: Some(subjects) })
    } else {
        Object::RoleBinding(RoleBinding { metadata: meta(name), role_ref, subjects: Some(subjects) })
    };
    send_create(ctx, obj, ns, a, "rolebinding", dry)
}
