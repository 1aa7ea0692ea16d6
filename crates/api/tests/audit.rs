//! The audit policy as kube-apiserver loads and evaluates it, and the event each level writes.
//!
//! Sources: `staging/src/k8s.io/apiserver/pkg/audit/policy/checker.go` (rule matching, first
//! match wins, stages unioned), `staging/src/k8s.io/apiserver/pkg/apis/audit/validation/validation.go`
//! (messages), `staging/src/k8s.io/apiserver/pkg/audit/policy/reader.go` (`loaded illegal policy
//! with 0 rules`, `%v: from file %v`), `staging/src/k8s.io/apiserver/pkg/audit/request.go` (levels).
#![allow(clippy::unwrap_used)]

use kubeplay_api::audit::policy::load;
use kubeplay_api::audit::{self, Level, Request, RequestAttributes, Response, Stage};
use kubeplay_api::authentication::UserInfo;
use kubeplay_api::Status;
use serde_json::json;

const POLICY: &str = r#"apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    users: ["system:kube-proxy"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
  - level: RequestResponse
    resources:
    - group: ""
      resources: ["secrets"]
      resourceNames: ["leaky"]
  - level: Metadata
    resources:
    - group: ""
      resources: ["secrets", "configmaps"]
  - level: Request
    resources:
    - group: ""
      resources: ["pods/log", "*/exec"]
  - level: Request
    namespaces: ["kube-system"]
    omitStages: ["ResponseComplete"]
  - level: Metadata
    nonResourceURLs: ["/healthz*"]
  - level: RequestResponse
    resources:
    - group: "rbac.authorization.k8s.io"
"#;

fn attrs<'a>(
    user: &'a UserInfo,
    verb: &'a str,
    group: &'a str,
    resource: &'a str,
    sub: &'a str,
    ns: &'a str,
    name: &'a str,
) -> RequestAttributes<'a> {
    RequestAttributes { user, verb, group, resource, subresource: sub, namespace: ns, name }
}

#[test]
fn rules_match_in_order_and_the_first_wins() {
    let p = load(POLICY, "/etc/kubernetes/audit-policy.yaml").unwrap();
    let admin = UserInfo::admin();
    let proxy = UserInfo::impersonate("system:kube-proxy", &[]);
    let node = UserInfo::impersonate("system:node:node-1", &["system:nodes".to_owned()]);
    let rr = |u, v, g, r, s, ns, n| p.level_and_stages(&attrs(u, v, g, r, s, ns, n)).0;
    use Level::*;
    for (user, verb, group, res, sub, ns, name, want) in [
        (&proxy, "get", "", "secrets", "", "default", "db", None),
        (&node, "get", "", "secrets", "", "default", "db", None),
        (&node, "list", "", "secrets", "", "default", "", Metadata),
        (&admin, "get", "", "secrets", "", "default", "leaky", RequestResponse),
        (&admin, "list", "", "secrets", "", "default", "", Metadata),
        (&admin, "get", "", "configmaps", "", "default", "c", Metadata),
        (&admin, "get", "", "pods", "log", "default", "p", Request),
        (&admin, "create", "", "pods", "exec", "default", "p", Request),
        (&admin, "get", "", "pods", "", "kube-system", "p", Request),
        // A resource request never matches a nonResourceURLs rule.
        (&admin, "get", "", "pods", "", "default", "p", None),
        (&admin, "create", "rbac.authorization.k8s.io", "roles", "", "dev", "", RequestResponse),
    ] {
        assert_eq!(rr(user, verb, group, res, sub, ns, name), want, "{verb} {res}/{sub} {ns}/{name} as {}", user.name);
    }
    // Stages: the policy's and the rule's, unioned.
    let (_, omit) = p.level_and_stages(&attrs(&admin, "get", "", "pods", "", "kube-system", "p"));
    assert!(omit.contains(&Stage::RequestReceived) && omit.contains(&Stage::ResponseComplete));
}

#[test]
fn validation_texts_are_kube_apiservers() {
    let cases = [
        ("rules: []", "loaded illegal policy with 0 rules"),
        ("rules:\n- level: Everything", "rules[0].level: Unsupported value: \"Everything\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\""),
        ("rules:\n- users: [a]", "rules[0].level: Required value"),
        ("rules:\n- level: None\n  omitStages: [Sometimes]", "rules[0].omitStages[0]: Invalid value: \"Sometimes\": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic"),
        ("omitStages: [X]\nrules:\n- level: None", "omitStages[0]: Invalid value: \"X\": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic"),
        ("rules:\n- level: None\n  nonResourceURLs: [healthz]", "rules[0].nonResourceURLs[0]: Invalid value: \"healthz\": non-resource URL rules must begin with a '/' character"),
        ("rules:\n- level: None\n  nonResourceURLs: [\"/a*b\"]", "rules[0].nonResourceURLs[0]: Invalid value: \"/a*b\": non-resource URL wildcards '*' must be the final character of the rule"),
        ("rules:\n- level: None\n  resources: [{resourceNames: [x]}]", "rules[0].resources.resourceNames: Invalid value: []string{\"x\"}: using resourceNames requires at least one resource"),
        ("rules:\n- level: None\n  nonResourceURLs: [\"/x\"]\n  namespaces: [a]", "rules[0].nonResourceURLs: Invalid value: []string{\"/x\"}: rules cannot apply to both regular resources and non-resource URLs"),
        ("rules:\n- level: Everything\n- level: \"\"", "[rules[0].level: Unsupported value: \"Everything\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\", rules[1].level: Required value]"),
    ];
    for (body, want) in cases {
        let text = format!("apiVersion: audit.k8s.io/v1\nkind: Policy\n{body}\n");
        assert_eq!(load(&text, "p.yaml").unwrap_err(), format!("loading audit policy file: {want}: from file p.yaml"), "{body}");
    }
    // server/options/audit.go + reader.go around the YAML error (Observed on v1.29.1:
    // `loading audit policy file: failed decoding: yaml: line 8: did not find expected key: from file …`).
    let e = load("rules:\n  - level: None\n bad", "/etc/kubernetes/audit-policy.yaml").unwrap_err();
    assert!(
        e.starts_with("loading audit policy file: failed decoding: ")
            && e.ends_with(": from file /etc/kubernetes/audit-policy.yaml"),
        "{e}"
    );
}

fn request(verb: &str, name: &str, body: Option<serde_json::Value>) -> Request {
    Request {
        user: UserInfo::admin(),
        impersonated: None,
        verb: verb.to_owned(),
        group: String::new(),
        version: "v1".to_owned(),
        resource: "secrets".to_owned(),
        subresource: String::new(),
        namespace: "default".to_owned(),
        name: name.to_owned(),
        uri: "/api/v1/namespaces/default/secrets".to_owned(),
        user_agent: audit::KUBECTL_USER_AGENT.to_owned(),
        source_ip: audit::CONSOLE_SOURCE_IP.to_owned(),
        body,
    }
}

#[test]
fn each_level_records_more() {
    let secret = json!({"kind": "Secret", "apiVersion": "v1", "metadata": {"name": "db", "namespace": "default", "creationTimestamp": null}, "data": {"p": "czNjcjN0"}, "type": "Opaque"});
    let req = request("create", "", Some(secret.clone()));
    let resp = Response { allowed: true, reason: String::new(), result: Ok(Some(secret)), code: 201 };
    let one = |level| audit::events(&req, &resp, level, &[Stage::RequestReceived], "id", 1500).remove(0).line;
    let meta = one(Level::Metadata);
    assert!(
        !meta.contains("czNjcjN0")
            && meta.contains(r#""objectRef":{"resource":"secrets","namespace":"default","name":"db","apiVersion":"v1"}"#),
        "{meta}"
    );
    // MicroTime: six fractional digits, UTC.
    assert!(
        meta.contains(
            r#""requestReceivedTimestamp":"2026-01-01T00:00:01.500000Z","stageTimestamp":"2026-01-01T00:00:01.500000Z""#
        ),
        "{meta}"
    );
    let r = one(Level::Request);
    assert!(r.contains(r#""requestObject":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","namespace":"default","creationTimestamp":null},"data":{"p":"czNjcjN0"},"type":"Opaque"},"requestReceivedTimestamp""#), "{r}");
    assert!(!r.contains("responseObject"));
    let rr = one(Level::RequestResponse);
    assert!(rr.contains(r#""responseObject":{"kind":"Secret""#), "{rr}");
    // A failure at RequestResponse: the Status is the response object too.
    let nf = Response { allowed: true, reason: String::new(), result: Err(Status::not_found("secrets", "db")), code: 200 };
    let line = audit::events(&request("get", "db", None), &nf, Level::RequestResponse, &[], "id", 0).remove(1).line;
    assert!(line.contains(r#""responseObject":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"db\" not found","reason":"NotFound","details":{"name":"db","kind":"secrets"},"code":404}"#), "{line}");
}

#[test]
fn audit_ids_are_version_4_uuids() {
    assert_eq!(audit::audit_id([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(audit::audit_id([0; 16]), "00000000-0000-4000-8000-000000000000");
}
