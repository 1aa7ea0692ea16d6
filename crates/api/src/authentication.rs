//! Who makes a request: the user info the authentication layer attaches
//! (`staging/src/k8s.io/apiserver/pkg/authentication/user/user.go`), and impersonation
//! (`--as`, `--as-group`; `staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`).

/// `user.AllAuthenticated`.
pub const ALL_AUTHENTICATED: &str = "system:authenticated";
/// `user.SystemPrivilegedGroup`: members bypass RBAC.
pub const SYSTEM_MASTERS: &str = "system:masters";
/// The user kubeadm's `admin.conf` authenticates as (its client certificate's CN and O).
pub const KUBEADM_ADMIN: &str = "kubernetes-admin";
/// kubeadm's admin group (v1.29+), bound to `cluster-admin` by the ClusterRoleBinding of the same name.
pub const KUBEADM_CLUSTER_ADMINS: &str = "kubeadm:cluster-admins";
/// `serviceaccount.ServiceAccountUsernamePrefix`.
pub const SERVICE_ACCOUNT_PREFIX: &str = "system:serviceaccount:";

/// An authenticated user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    /// The user name, e.g. `jane` or `system:serviceaccount:dev:app`.
    pub name: String,
    /// The groups, e.g. `system:authenticated`.
    pub groups: Vec<String>,
}

impl UserInfo {
    /// The console's default identity: kubeadm's admin (`kubernetes-admin` in
    /// `kubeadm:cluster-admins`), as `kubectl` with `/etc/kubernetes/admin.conf`.
    pub fn admin() -> Self {
        UserInfo { name: KUBEADM_ADMIN.to_owned(), groups: vec![KUBEADM_CLUSTER_ADMINS.to_owned(), ALL_AUTHENTICATED.to_owned()] }
    }

    /// The user `--as=NAME [--as-group=G]…` asks for (impersonation.go): a service account
    /// (`system:serviceaccount:NS:NAME`) gets `system:serviceaccounts` and
    /// `system:serviceaccounts:NS`; every impersonated user but `system:anonymous` gets
    /// `system:authenticated` when it is not among the groups.
    pub fn impersonate(name: &str, groups: &[String]) -> Self {
        let mut g: Vec<String> = groups.to_vec();
        if let Some((ns, _)) = service_account_of(name) {
            if groups.is_empty() {
                g.push("system:serviceaccounts".to_owned());
                g.push(format!("system:serviceaccounts:{ns}"));
            }
        }
        if name != "system:anonymous" && !g.iter().any(|x| x == ALL_AUTHENTICATED) {
            g.push(ALL_AUTHENTICATED.to_owned());
        }
        UserInfo { name: name.to_owned(), groups: g }
    }

    /// Whether the user is in `group`.
    pub fn in_group(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }
}

/// `serviceaccount.SplitUsername`: the namespace and name of `system:serviceaccount:NS:NAME`.
pub fn service_account_of(user: &str) -> Option<(&str, &str)> {
    let rest = user.strip_prefix(SERVICE_ACCOUNT_PREFIX)?;
    let (ns, name) = rest.split_once(':')?;
    (!ns.is_empty() && !name.is_empty() && !name.contains(':')).then_some((ns, name))
}
