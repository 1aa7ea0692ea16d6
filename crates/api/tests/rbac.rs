//! The RBAC authorizer as v1.33 decides: an allow/deny table over Roles, ClusterRoles and their
//! bindings, the allow reasons, impersonated users' groups, and the Forbidden texts.
//!
//! Mirrors `plugin/pkg/auth/authorizer/rbac/rbac.go` (RuleAllows), `pkg/registry/rbac/validation/rule.go`
//! (bindings, `describeSubject`), `staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`
//! and `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go` (forbiddenMessage).
#![allow(clippy::unwrap_used)]

use kubeplay_api::authentication::UserInfo;
use kubeplay_api::authorization::{authorize, forbidden, Attributes};
use kubeplay_api::{decode_manifest, Store};

const POLICY: &str = "
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-creator, namespace: default}
rules:
- apiGroups: [\"\"]
  resources: [pods, pods/exec]
  verbs: [create, get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-pods, namespace: default}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-creator, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- apiGroups: [\"\"]
  resources: [secrets]
  verbs: [get, watch, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: development}
subjects: [{kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: read-secrets-global}
subjects: [{kind: Group, name: manager, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: one-secret, namespace: dev}
rules:
- apiGroups: [\"\"]
  resources: [secrets]
  resourceNames: [app-token]
  verbs: [get]
- apiGroups: [\"\"]
  resources: [\"*/exec\"]
  verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: dev}
subjects: [{kind: ServiceAccount, name: app}]
roleRef: {kind: Role, name: one-secret, apiGroup: rbac.authorization.k8s.io}
";

fn store() -> Store {
    let mut st = Store::new(1);
    for ns in ["development", "dev"] {
        let m = decode_manifest(&format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n"), "ns.yaml");
        st.create(m.docs.into_iter().next().unwrap().result.unwrap(), 0).unwrap();
    }
    for d in decode_manifest(POLICY, "policy.yaml").docs {
        st.create(d.result.unwrap(), 0).unwrap();
    }
    st
}

fn attrs<'a>(user: &'a UserInfo, verb: &'a str, resource: &'a str, sub: &'a str, ns: &'a str, name: &'a str) -> Attributes<'a> {
    Attributes { user, verb, group: "", resource, subresource: sub, namespace: ns, name }
}

#[test]
fn allow_and_deny_table() {
    let st = store();
    let jane = UserInfo::impersonate("jane", &[]);
    let dave = UserInfo::impersonate("dave", &[]);
    let boss = UserInfo::impersonate("ann", &["manager".to_owned()]);
    let app = UserInfo::impersonate("system:serviceaccount:dev:app", &[]);
    let admin = UserInfo::admin();
    // (user, verb, resource, subresource, namespace, name, allowed, reason)
    type Row<'a> = (&'a UserInfo, &'a str, &'a str, &'a str, &'a str, &'a str, bool, &'a str);
    let rows: &[Row<'_>] = &[
        (&jane, "create", "pods", "", "default", "", true, "RBAC: allowed by RoleBinding \"jane-pods/default\" of Role \"pod-creator\" to User \"jane\""),
        (&jane, "create", "pods", "exec", "default", "p", true, "RBAC: allowed by RoleBinding \"jane-pods/default\" of Role \"pod-creator\" to User \"jane\""),
        (&jane, "get", "secrets", "", "default", "db", false, ""),
        (&jane, "list", "secrets", "", "default", "", false, ""),
        (&jane, "create", "pods", "", "development", "", false, ""),
        (&jane, "delete", "pods", "", "default", "p", false, ""),
        (&dave, "get", "secrets", "", "development", "db", true, "RBAC: allowed by RoleBinding \"read-secrets/development\" of ClusterRole \"secret-reader\" to User \"dave\""),
        (&dave, "list", "secrets", "", "development", "", true, "RBAC: allowed by RoleBinding \"read-secrets/development\" of ClusterRole \"secret-reader\" to User \"dave\""),
        (&dave, "get", "secrets", "", "default", "db", false, ""),
        (&dave, "list", "secrets", "", "", "", false, ""),
        (&boss, "list", "secrets", "", "", "", true, "RBAC: allowed by ClusterRoleBinding \"read-secrets-global\" of ClusterRole \"secret-reader\" to Group \"manager\""),
        (&boss, "delete", "secrets", "", "dev", "x", false, ""),
        (&app, "get", "secrets", "", "dev", "app-token", true, "RBAC: allowed by RoleBinding \"app/dev\" of Role \"one-secret\" to ServiceAccount \"app/dev\""),
        // resourceNames cannot restrict list (no name in the request).
        (&app, "get", "secrets", "", "dev", "other", false, ""),
        (&app, "list", "secrets", "", "dev", "", false, ""),
        (&app, "create", "pods", "exec", "dev", "p", true, "RBAC: allowed by RoleBinding \"app/dev\" of Role \"one-secret\" to ServiceAccount \"app/dev\""),
        (&app, "create", "pods", "", "dev", "", false, ""),
        (&admin, "delete", "secrets", "", "kube-system", "x", true, "RBAC: allowed by ClusterRoleBinding \"kubeadm:cluster-admins\" of ClusterRole \"cluster-admin\" to Group \"kubeadm:cluster-admins\""),
    ];
    for (user, verb, res, sub, ns, name, allowed, reason) in rows {
        let d = authorize(&st, &attrs(user, verb, res, sub, ns, name));
        assert_eq!((d.allowed, d.reason.as_str()), (*allowed, *reason), "{} {verb} {res}/{sub} in {ns:?} {name:?}", user.name);
    }
    // system:masters bypasses RBAC with an empty reason.
    let root = UserInfo::impersonate("root", &["system:masters".to_owned()]);
    let d = authorize(&st, &attrs(&root, "delete", "secrets", "", "dev", "x"));
    assert!(d.allowed && d.reason.is_empty());
}

#[test]
fn impersonated_users_get_their_groups() {
    assert_eq!(UserInfo::impersonate("jane", &[]).groups, ["system:authenticated"]);
    assert_eq!(
        UserInfo::impersonate("system:serviceaccount:dev:app", &[]).groups,
        ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"]
    );
    assert_eq!(UserInfo::impersonate("jane", &["g".to_owned()]).groups, ["g", "system:authenticated"]);
    assert_eq!(UserInfo::admin().groups, ["kubeadm:cluster-admins", "system:authenticated"]);
}

#[test]
fn forbidden_texts_as_kubectl_prints_them() {
    let jane = UserInfo::impersonate("jane", &[]);
    let sa = UserInfo::impersonate("system:serviceaccount:dev:app", &[]);
    let msg = |a: &Attributes<'_>, reason: &str| forbidden(a, reason).kubectl_message();
    assert_eq!(
        msg(&attrs(&jane, "get", "secrets", "", "default", "db-pass"), ""),
        "Error from server (Forbidden): secrets \"db-pass\" is forbidden: User \"jane\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\""
    );
    assert_eq!(
        msg(&attrs(&jane, "list", "secrets", "", "default", ""), ""),
        "Error from server (Forbidden): secrets is forbidden: User \"jane\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\""
    );
    assert_eq!(
        msg(&attrs(&jane, "list", "secrets", "", "", ""), ""),
        "Error from server (Forbidden): secrets is forbidden: User \"jane\" cannot list resource \"secrets\" in API group \"\" at the cluster scope"
    );
    assert_eq!(
        msg(&attrs(&sa, "watch", "secrets", "", "dev", ""), ""),
        "Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:dev:app\" cannot watch resource \"secrets\" in API group \"\" in the namespace \"dev\""
    );
    assert_eq!(
        msg(&attrs(&jane, "create", "pods", "exec", "default", "p"), ""),
        "Error from server (Forbidden): pods \"p\" is forbidden: User \"jane\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"default\""
    );
    let node = UserInfo::impersonate("system:node:worker-1", &["system:nodes".to_owned()]);
    assert_eq!(
        msg(&attrs(&node, "get", "secrets", "", "default", "db-pass"), "no relationship found between node 'worker-1' and this object"),
        "Error from server (Forbidden): secrets \"db-pass\" is forbidden: User \"system:node:worker-1\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\": no relationship found between node 'worker-1' and this object"
    );
}

/// The node authorizer (node_authorizer.go, graph.go): a kubelet reads a secret only by name
/// and only when a pod bound to its node uses it; RBAC gives it nothing more.
#[test]
fn node_authorizer_table() {
    let mut st = store();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\nspec:\n  containers:\n  - name: c\n    image: redis\n    env:\n    - name: P\n      valueFrom: {secretKeyRef: {name: db-pass, key: password}}\n  volumes:\n  - name: v\n    projected:\n      sources:\n      - secret: {name: tls}\n";
    st.create(decode_manifest(pod, "p.yaml").docs.into_iter().next().unwrap().result.unwrap(), 0).unwrap();
    let node = |n: &str| UserInfo::impersonate(&format!("system:node:{n}"), &["system:nodes".to_owned()]);
    let (n1, n2) = (node("node-1"), node("node-2"));
    let reason = |st: &Store, a: &Attributes<'_>| {
        let d = authorize(st, a);
        (d.allowed, d.reason)
    };
    // Not yet bound: no edge.
    assert_eq!(
        reason(&st, &attrs(&n1, "get", "secrets", "", "default", "db-pass")),
        (false, "no relationship found between node 'node-1' and this object".to_owned())
    );
    st.bind_pod("default", "web", "node-1").unwrap();
    let rows: &[(&UserInfo, &str, &str, &str, bool, &str)] = &[
        (&n1, "get", "default", "db-pass", true, ""),
        (&n1, "get", "default", "tls", true, ""),
        (&n1, "watch", "default", "tls", true, ""),
        (&n1, "get", "default", "other", false, "no relationship found between node 'node-1' and this object"),
        (&n2, "get", "default", "db-pass", false, "no relationship found between node 'node-2' and this object"),
        (&n1, "list", "default", "", false, "No Object name found"),
        (&n1, "create", "default", "x", false, "can only read resources of this type"),
        (&n1, "list", "", "", false, "can only read namespaced object of this type"),
    ];
    for (user, verb, ns, name, allowed, why) in rows {
        assert_eq!(
            reason(&st, &attrs(user, verb, "secrets", "", ns, name)),
            (*allowed, (*why).to_owned()),
            "{} {verb} {ns}/{name}",
            user.name
        );
    }
    let denied = attrs(&n2, "get", "secrets", "", "default", "db-pass");
    assert_eq!(
        forbidden(&denied, &authorize(&st, &denied).reason).kubectl_message(),
        "Error from server (Forbidden): secrets \"db-pass\" is forbidden: User \"system:node:node-2\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\": no relationship found between node 'node-2' and this object"
    );
    // Deleting the pod removes the edges.
    st.delete(kubeplay_api::Kind::Pod, "default", "web").unwrap();
    assert!(!authorize(&st, &attrs(&n1, "get", "secrets", "", "default", "db-pass")).allowed);
}
