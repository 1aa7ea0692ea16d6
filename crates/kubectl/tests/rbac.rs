//! RBAC in the console: a user who may only create pods reads every secret of the namespace by
//! mounting it (docs `concepts/configuration/secret.md`: "anyone who is authorized to create a
//! Pod in a namespace can use that access to read any Secret in that namespace"), with kubectl's
//! Forbidden texts, `kubectl auth can-i` answers and exit codes, and `kubectl create role|rolebinding`.
//!
//! Sources: `staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go`, `cmd/create/create_role.go`,
//! `create_rolebinding.go`, `create_clusterrolebinding.go` (errors checked against a kubectl v1.33 client),
//! `pkg/printers/internalversion/printers.go` (role and binding columns).
#![allow(clippy::unwrap_used)]

use kubeplay_kubectl::Console;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

const POD: &str = "cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: sneaky\nspec:\n  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: s\n      mountPath: /etc/stolen\n  volumes:\n  - name: s\n    secret:\n      secretName: db-pass\nEOF";

#[test]
fn a_user_who_can_create_pods_reads_any_secret_of_the_namespace() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic db-pass --from-literal=password=s3cr3t");
    assert_eq!(
        run(&mut c, "kubectl get secret db-pass --as=jane"),
        "Error from server (Forbidden): secrets \"db-pass\" is forbidden: User \"jane\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\"\n"
    );
    assert_eq!(
        run(&mut c, "kubectl get secrets -A --as=jane"),
        "Error from server (Forbidden): secrets is forbidden: User \"jane\" cannot list resource \"secrets\" in API group \"\" at the cluster scope\n"
    );
    let no = c.run("kubectl auth can-i create pods --as=jane");
    assert_eq!((no.stdout.as_str(), no.status), ("no\n", 1));
    assert_eq!(
        run(&mut c, "kubectl create role pod-creator --verb=create,get --resource=pods,pods/exec"),
        "role.rbac.authorization.k8s.io/pod-creator created\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create rolebinding jane-pods --role=pod-creator --user=jane"),
        "rolebinding.rbac.authorization.k8s.io/jane-pods created\n"
    );
    assert_eq!(run(&mut c, "kubectl get roles,rolebindings"), "NAME          CREATED AT\npod-creator   2026-01-01T00:00:00Z\n\nNAME        ROLE               AGE\njane-pods   Role/pod-creator   0s\n");
    let yes = c.run("kubectl auth can-i create pods --as=jane");
    assert_eq!((yes.stdout.as_str(), yes.status), ("yes\n", 0));
    assert_eq!(run(&mut c, "kubectl auth can-i get secrets --as=jane"), "no\n");
    assert_eq!(run(&mut c, "kubectl auth can-i create pods --subresource=exec --as=jane"), "yes\n");
    assert_eq!(c.run("kubectl auth can-i get secrets -q --as=jane").combined(), "");
    // The escalation: no secrets permission, yet the secret's value.
    run(&mut c, POD);
    assert_eq!(run(&mut c, "kubectl create -f pod.yaml --as=jane"), "pod/sneaky created\n");
    assert_eq!(run(&mut c, "kubectl wait --for=condition=Ready pod/sneaky"), "pod/sneaky condition met\n");
    assert_eq!(run(&mut c, "kubectl exec sneaky --as=jane -- cat /etc/stolen/password"), "s3cr3t");
    assert_eq!(
        run(&mut c, "kubectl delete pod sneaky --as=jane"),
        "Error from server (Forbidden): pods \"sneaky\" is forbidden: User \"jane\" cannot delete resource \"pods\" in API group \"\" in the namespace \"default\"\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create secret generic x --from-literal=a=b --as=jane"),
        "error: failed to create secret secrets is forbidden: User \"jane\" cannot create resource \"secrets\" in API group \"\" in the namespace \"default\"\n"
    );
    assert_eq!(
        run(&mut c, "kubectl apply -f pod.yaml --as=bob"),
        "Error from server (Forbidden): error when retrieving current configuration of:\nResource: \"/v1, Resource=pods\", GroupVersionKind: \"/v1, Kind=Pod\"\nName: \"sneaky\", Namespace: \"default\"\nfrom server for: \"pod.yaml\": pods \"sneaky\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"\n"
    );
}

#[test]
fn list_is_as_good_as_get_and_service_accounts_are_users() {
    let mut c = Console::default();
    run(&mut c, "kubectl create namespace dev");
    run(&mut c, "kubectl create secret generic app-token -n dev --from-literal=token=abc");
    run(&mut c, "kubectl create role lister -n dev --verb=list --resource=secrets");
    run(&mut c, "kubectl create rolebinding app-list -n dev --role=lister --serviceaccount=dev:app");
    assert_eq!(run(&mut c, "kubectl auth can-i get secrets/app-token -n dev --as=system:serviceaccount:dev:app"), "no\n");
    // `list` returns every value (rbac-good-practices.md).
    let listed = run(&mut c, "kubectl get secrets -n dev -o yaml --as=system:serviceaccount:dev:app");
    assert!(listed.contains("token: YWJj"), "{listed}");
    assert_eq!(
        run(&mut c, "kubectl get secret app-token -n dev --as=system:serviceaccount:dev:app"),
        "Error from server (Forbidden): secrets \"app-token\" is forbidden: User \"system:serviceaccount:dev:app\" cannot get resource \"secrets\" in API group \"\" in the namespace \"dev\"\n"
    );
}

#[test]
fn create_role_and_binding_errors_and_can_i_usage() {
    let mut c = Console::default();
    assert_eq!(run(&mut c, "kubectl create role x"), "error: at least one verb must be specified\n");
    assert_eq!(run(&mut c, "kubectl create role x --verb=get"), "error: at least one resource must be specified\n");
    let warned = c.run("kubectl create role x --verb=foo --resource=pods");
    assert_eq!(
        (warned.stderr.as_str(), warned.stdout.as_str()),
        ("Warning: 'foo' is not a standard resource verb\n", "role.rbac.authorization.k8s.io/x created\n")
    );
    assert_eq!(run(&mut c, "kubectl create rolebinding x"), "error: exactly one of clusterrole or role must be specified\n");
    assert_eq!(
        run(&mut c, "kubectl create rolebinding x --role=a --clusterrole=b"),
        "error: exactly one of clusterrole or role must be specified\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create rolebinding x --role=a --serviceaccount=foo"),
        "error: serviceaccount must be <namespace>:<name>\n"
    );
    assert_eq!(run(&mut c, "kubectl create clusterrolebinding x"), "error: required flag(s) \"clusterrole\" not set\n");
    let yaml = run(
        &mut c,
        "kubectl create rolebinding x --role=a --user=jane --serviceaccount=ns:sa --group=g --dry-run=client -o yaml",
    );
    assert_eq!(
        yaml,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  creationTimestamp: null\n  name: x\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: a\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: jane\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: g\n- kind: ServiceAccount\n  name: sa\n  namespace: ns\n"
    );
    assert_eq!(
        run(&mut c, "kubectl auth can-i get secrets foo"),
        "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n"
    );
    assert_eq!(run(&mut c, "kubectl auth can-i get secrets --list"), "error: list option must be specified with no arguments\n");
    assert_eq!(run(&mut c, "kubectl auth can-i get secrets"), "yes\n");
    let warned = c.run("kubectl auth can-i foo secrets");
    assert_eq!((warned.stderr.as_str(), warned.stdout.as_str()), ("Warning: verb 'foo' is not a known verb\n\n", "yes\n"));
}

/// A kubelet's identity: only the secrets of pods bound to its node (node_authorizer.go), with
/// the authorizer's reason after the Forbidden text and after can-i's `no`.
#[test]
fn a_kubelet_reads_only_the_secrets_of_its_pods() {
    let mut c = Console::new(kubeplay_cluster::Settings { nodes: 2, ..Default::default() }).unwrap();
    run(&mut c, "kubectl create secret generic db-pass --from-literal=password=s3cr3t");
    run(&mut c, POD);
    run(&mut c, "kubectl apply -f pod.yaml");
    run(&mut c, "kubectl wait --for=condition=Ready pod/sneaky");
    let node = run(&mut c, "kubectl get pod sneaky -o jsonpath={.spec.nodeName}");
    let other = if node == "node-1" { "node-2" } else { "node-1" };
    let as_node = |n: &str| format!("--as=system:node:{n} --as-group=system:nodes");
    assert!(run(&mut c, &format!("kubectl get secret db-pass {}", as_node(&node)))
        .starts_with("NAME      TYPE     DATA   AGE\ndb-pass   Opaque   1"));
    assert_eq!(
        run(&mut c, &format!("kubectl get secret db-pass {}", as_node(other))),
        format!("Error from server (Forbidden): secrets \"db-pass\" is forbidden: User \"system:node:{other}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\": no relationship found between node '{other}' and this object\n")
    );
    assert_eq!(
        run(&mut c, &format!("kubectl get secrets {}", as_node(&node))),
        format!("Error from server (Forbidden): secrets is forbidden: User \"system:node:{node}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\": No Object name found\n")
    );
    assert_eq!(
        run(&mut c, &format!("kubectl auth can-i get secret/db-pass {}", as_node(other))),
        format!("no - no relationship found between node '{other}' and this object\n")
    );
    assert_eq!(run(&mut c, &format!("kubectl auth can-i get secret/db-pass {}", as_node(&node))), "yes\n");
}
