//! The audit log typed in the console: `kubeplay apiserver --audit-policy-file`, the events
//! each level writes for the docs' commands, and the secret that leaks at `Request`.
//!
//! Sources: `staging/src/k8s.io/apiserver/pkg/endpoints/filters/audit.go` (two stages, one
//! auditID), `staging/src/k8s.io/apiserver/pkg/audit/request.go` (what each level records),
//! `staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go` (field order),
//! `staging/src/k8s.io/apiserver/pkg/endpoints/filters/authorization.go` (the annotations),
//! docs `tasks/debug/debug-cluster/audit.md`.
#![allow(clippy::unwrap_used)]

use kubeplay_kubectl::Console;
use serde_json::Value;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

fn policy(c: &mut Console, level: &str) {
    run(
        c,
        &format!("cat > audit.yaml <<EOF\napiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages:\n  - RequestReceived\nrules:\n  - level: {level}\n    resources:\n    - group: \"\"\n      resources: [\"secrets\"]\n  - level: Metadata\nEOF"),
    );
    let out = run(c, "kubeplay apiserver --audit-policy-file=audit.yaml");
    assert_eq!(
        out,
        "kube-apiserver restarted with --audit-policy-file=audit.yaml\nsecrets: written as plain protobuf (identity); existing encrypted values cannot be read\naudit: 2 rules, first match wins; read the log with kubeplay audit\n"
    );
}

fn lines(c: &mut Console) -> Vec<String> {
    run(c, "kubeplay audit").lines().map(str::to_owned).collect()
}

#[test]
fn metadata_level_logs_who_did_what_without_the_value() {
    let mut c = Console::default();
    policy(&mut c, "Metadata");
    assert_eq!(run(&mut c, "kubectl create secret generic test-secret --from-literal k=v"), "secret/test-secret created\n");
    let log = lines(&mut c);
    assert_eq!(log.len(), 1, "{log:?}");
    // The facts' realistic v1.33 line (Observed shape), with kubeplay's ids, address and clock.
    assert_eq!(
        log[0],
        r#"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"@ID@","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/secrets?fieldManager=kubectl-create\u0026fieldValidation=Strict","verb":"create","user":{"username":"kubernetes-admin","groups":["kubeadm:cluster-admins","system:authenticated"]},"sourceIPs":["172.18.0.1"],"userAgent":"kubectl/v1.33.0 (linux/amd64) kubernetes/60a317e","objectRef":{"resource":"secrets","namespace":"default","name":"test-secret","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestReceivedTimestamp":"2026-01-01T00:00:00.000000Z","stageTimestamp":"2026-01-01T00:00:00.000000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"kubeadm:cluster-admins\" of ClusterRole \"cluster-admin\" to Group \"kubeadm:cluster-admins\""}}"#
            .replace("@ID@", audit_id(&log[0]).as_str())
    );
    assert!(!log[0].contains("dg=="), "no value at Metadata");
}

fn audit_id(line: &str) -> String {
    let v: Value = serde_json::from_str(line).unwrap();
    let id = v["auditID"].as_str().unwrap().to_owned();
    // A version-4 UUID.
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(&id[14..15], "4", "{id}");
    assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
    id
}

#[test]
fn request_level_leaks_the_secret_value_into_the_log() {
    let mut c = Console::default();
    policy(&mut c, "Request");
    run(&mut c, "kubectl create secret generic db --from-literal=password=s3cr3t");
    run(&mut c, "kubectl get secret db");
    let log = lines(&mut c);
    assert_eq!(log.len(), 2, "{log:?}");
    let create: Value = serde_json::from_str(&log[0]).unwrap();
    assert_eq!(create["level"], "Request");
    // The request object after decoding and defaulting: data in base64 (s3cr3t), type Opaque,
    // Go's zero creationTimestamp as null.
    assert_eq!(create["requestObject"]["data"]["password"], "czNjcjN0");
    assert_eq!(create["requestObject"]["type"], "Opaque");
    assert_eq!(create["requestObject"]["metadata"]["creationTimestamp"], Value::Null);
    assert!(create.get("responseObject").is_none());
    assert!(log[0].contains(r#""requestObject":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","#), "{}", log[0]);
    // A GET has no request object: at Request level it logs only metadata.
    let get: Value = serde_json::from_str(&log[1]).unwrap();
    assert_eq!(get["verb"], "get");
    assert_eq!(get["requestURI"], "/api/v1/namespaces/default/secrets/db");
    assert!(get.get("requestObject").is_none() && get.get("responseObject").is_none());
    assert_ne!(create["auditID"], get["auditID"]);
}

#[test]
fn request_response_logs_what_get_and_list_return() {
    let mut c = Console::default();
    policy(&mut c, "RequestResponse");
    run(&mut c, "kubectl create secret generic db --from-literal=password=s3cr3t");
    run(&mut c, "kubectl get secrets -o name");
    let log = lines(&mut c);
    let list: Value = serde_json::from_str(&log[1]).unwrap();
    assert_eq!(list["verb"], "list");
    assert_eq!(list["requestURI"], "/api/v1/namespaces/default/secrets?limit=500");
    assert_eq!(list["responseObject"]["kind"], "SecretList");
    assert_eq!(list["responseObject"]["items"][0]["data"]["password"], "czNjcjN0");
    assert!(log[1].contains(r#""responseObject":{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"#));
}

#[test]
fn a_denied_get_is_logged_with_the_forbidden_status_and_the_impersonated_user() {
    let mut c = Console::default();
    policy(&mut c, "Metadata");
    run(&mut c, "kubectl create secret generic db --from-literal=p=1");
    assert_eq!(
        run(&mut c, "kubectl get secret db --as=jane"),
        "Error from server (Forbidden): secrets \"db\" is forbidden: User \"jane\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\"\n"
    );
    let log = lines(&mut c);
    let v: Value = serde_json::from_str(&log[1]).unwrap();
    // The facts' derived line for a denied get.
    assert!(
        log[1].contains(r#""responseStatus":{"metadata":{},"status":"Failure","message":"secrets \"db\" is forbidden: User \"jane\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\"","reason":"Forbidden","details":{"name":"db","kind":"secrets"},"code":403}"#),
        "{}",
        log[1]
    );
    assert!(log[1].contains(r#""annotations":{"authorization.k8s.io/decision":"forbid","authorization.k8s.io/reason":""}"#));
    // The audit filter sees the authenticated user; impersonation adds impersonatedUser.
    assert_eq!(v["user"]["username"], "kubernetes-admin");
    assert_eq!(v["impersonatedUser"]["username"], "jane");
    assert!(log[1].contains(r#""user":{"username":"kubernetes-admin","groups":["kubeadm:cluster-admins","system:authenticated"]},"impersonatedUser":{"username":"jane","groups":["system:authenticated"]},"sourceIPs""#));
}

#[test]
fn without_omit_stages_each_request_logs_two_events_with_one_audit_id() {
    let mut c = Console::default();
    run(&mut c, "cat > p.yaml <<EOF\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\nEOF");
    run(&mut c, "kubeplay apiserver --audit-policy-file=p.yaml");
    run(&mut c, "kubectl create secret generic s --from-literal=a=b");
    let log = lines(&mut c);
    assert_eq!(log.len(), 2);
    let (a, b): (Value, Value) = (serde_json::from_str(&log[0]).unwrap(), serde_json::from_str(&log[1]).unwrap());
    assert_eq!((a["stage"].as_str(), b["stage"].as_str()), (Some("RequestReceived"), Some("ResponseComplete")));
    assert_eq!(a["auditID"], b["auditID"]);
    // RequestReceived is written before the handler runs: no name yet for a create, no status,
    // no annotations (authorization runs after the audit filter).
    assert_eq!(a["objectRef"], serde_json::json!({"resource": "secrets", "namespace": "default", "apiVersion": "v1"}));
    assert!(a.get("responseStatus").is_none() && a.get("annotations").is_none());
    assert_eq!(b["objectRef"]["name"], "s");
}

#[test]
fn apply_logs_its_get_then_create_and_an_unchanged_apply_sends_no_patch() {
    let mut c = Console::default();
    policy(&mut c, "Request");
    let apply = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\nEOF";
    assert_eq!(run(&mut c, apply), "secret/s created\n");
    let log = lines(&mut c);
    let verbs: Vec<String> =
        log.iter().map(|l| serde_json::from_str::<Value>(l).unwrap()["verb"].as_str().unwrap().to_owned()).collect();
    assert_eq!(verbs, ["get", "create"]);
    assert!(log[0].contains(r#""responseStatus":{"metadata":{},"status":"Failure","message":"secrets \"s\" not found","reason":"NotFound","details":{"name":"s","kind":"secrets"},"code":404}"#), "{}", log[0]);
    assert!(log[1].contains("fieldManager=kubectl-client-side-apply"));
    assert_eq!(run(&mut c, apply), "secret/s unchanged\n");
    assert_eq!(lines(&mut c).len(), 3, "only the GET");
}

#[test]
fn a_broken_policy_keeps_the_server_as_it_was() {
    let mut c = Console::default();
    run(&mut c, "cat > bad.yaml <<EOF\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Everything\nEOF");
    assert_eq!(
        run(&mut c, "kubeplay apiserver --audit-policy-file=bad.yaml"),
        "kube-apiserver: loading audit policy file: rules[0].level: Unsupported value: \"Everything\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\": from file bad.yaml\nkubeplay: the API server did not restart; it keeps its previous configuration\n"
    );
    assert_eq!(
        run(&mut c, "kubeplay audit"),
        "kubeplay: the API server runs without --audit-policy-file, so it logs nothing; restart it with kubeplay apiserver --audit-policy-file=FILE\n"
    );
    assert_eq!(
        run(&mut c, "kubeplay apiserver --audit-policy-file=missing.yaml").lines().next().unwrap(),
        "kube-apiserver: loading audit policy file: failed to read file path \"missing.yaml\": open missing.yaml: no such file or directory"
    );
}

#[test]
fn same_seed_same_log() {
    let log = || {
        let mut c = Console::default();
        policy(&mut c, "RequestResponse");
        run(&mut c, "kubectl create secret generic a --from-literal=x=y");
        run(&mut c, "kubectl get secret a -o yaml");
        run(&mut c, "kubectl delete secret a");
        run(&mut c, "kubeplay audit")
    };
    let first = log();
    assert_eq!(first, log());
    let del: Value = serde_json::from_str(first.lines().nth(2).unwrap()).unwrap();
    // registry/store.go finalizeDelete: a Secret's DELETE answers with a success Status.
    assert_eq!(del["responseStatus"]["status"], "Success");
    assert_eq!(del["responseStatus"]["details"]["kind"], "secrets");
    assert_eq!(del["responseStatus"]["code"], 200);
}
