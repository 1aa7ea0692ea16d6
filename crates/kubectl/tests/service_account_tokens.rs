//! Service-account tokens typed in the console: `kubectl create token` (claims, lifetimes,
//! audiences, bound objects), the projected token a pod mounts, and `kubectl --token=…`
//! authenticated by the API server (signature, expiry, bound objects) — or refused with
//! kubectl's `Unauthorized`.
//!
//! Sources: `staging/src/k8s.io/kubectl/pkg/cmd/create/create_token.go`,
//! `pkg/registry/core/serviceaccount/storage/token.go`, `pkg/serviceaccount/{jwt,claims}.go`,
//! `pkg/apis/authentication/v1/defaults.go` (3600 s), `pkg/apis/authentication/validation/validation.go`
//! (10 minutes), `staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go` (the Unauthorized text).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use kubeplay_kubectl::Console;
use p256::ecdsa::signature::Verifier as _;
use serde_json::{json, Value};

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

fn part(token: &str, i: usize) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').nth(i).unwrap()).unwrap()
}

fn claims(token: &str) -> Value {
    serde_json::from_slice(&part(token, 1)).unwrap()
}

/// Checks the ES256 signature with the p256 crate directly, from the API server's public key.
fn verify_independently(c: &Console, token: &str) -> bool {
    let der = c.session.cluster().store().token_signer().public_key_der();
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&der[26..]).unwrap();
    let sig = p256::ecdsa::Signature::from_slice(&part(token, 2)).unwrap();
    let signed = token.rsplit_once('.').unwrap().0;
    key.verify(signed.as_bytes(), &sig).is_ok()
}

const UNAUTHORIZED: &str = "error: You must be logged in to the server (Unauthorized)\n";

#[test]
fn create_token_prints_a_signed_jwt_with_v1_33_claims() {
    let mut c = Console::default();
    assert_eq!(run(&mut c, "kubectl create serviceaccount app"), "serviceaccount/app created\n");
    let out = run(&mut c, "kubectl create token app");
    let token = out.trim_end();
    assert!(out.ends_with('\n') && !token.contains(char::is_whitespace), "{out}");
    let header: Value = serde_json::from_slice(&part(token, 0)).unwrap();
    // jwt.go: alg from the key, kid = base64url(SHA-256(PKIX)), no typ.
    let kid = c.session.cluster().store().token_signer().kid().to_owned();
    assert_eq!(header, json!({"alg": "ES256", "kid": kid}));
    assert_eq!(kid.len(), 43);
    let cl = claims(token);
    let keys: Vec<&str> = cl.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]);
    assert_eq!(cl["aud"], json!(["https://kubernetes.default.svc.cluster.local"]));
    assert_eq!(cl["iss"], "https://kubernetes.default.svc.cluster.local");
    assert_eq!(cl["sub"], "system:serviceaccount:default:app");
    let iat = cl["iat"].as_i64().unwrap();
    assert_eq!((cl["nbf"].as_i64(), cl["exp"].as_i64()), (Some(iat), Some(iat + 3600)), "kubectl's default: one hour");
    let sa_uid = run(&mut c, "kubectl get sa app -o jsonpath={.metadata.uid}");
    // An unbound token: namespace and serviceaccount only, no warnafter.
    assert_eq!(cl["kubernetes.io"], json!({"namespace": "default", "serviceaccount": {"name": "app", "uid": sa_uid}}));
    assert!(verify_independently(&c, token));
    // Tampering with the claims breaks the signature.
    let forged = format!(
        "{}.{}.{}",
        token.split('.').next().unwrap(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(cl.to_string().replace("default:app", "kube-system:admin")),
        token.rsplit('.').next().unwrap()
    );
    assert!(!verify_independently(&c, &forged));
    assert_eq!(run(&mut c, &format!("kubectl --token={forged} get pods")), UNAUTHORIZED);
}

#[test]
fn durations_audiences_and_bound_objects() {
    let mut c = Console::default();
    run(&mut c, "kubectl create sa app");
    let t = run(&mut c, "kubectl create token app --duration 10m --audience vault --audience https://example.com");
    let cl = claims(t.trim_end());
    assert_eq!(cl["exp"].as_i64().unwrap() - cl["iat"].as_i64().unwrap(), 600);
    assert_eq!(cl["aud"], json!(["vault", "https://example.com"]));
    // Observed text (facts §6.3).
    assert_eq!(
        run(&mut c, "kubectl create token app --duration=1m"),
        "error: failed to create token: TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create token nobody"),
        "error: failed to create token: serviceaccounts \"nobody\" not found\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create token app --bound-object-name x"),
        "error: --bound-object-name can only be set if --bound-object-kind is provided\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create token app --bound-object-kind Node --bound-object-name node-1"),
        "error: supported --bound-object-kind values are Pod, Secret\n"
    );
    assert_eq!(
        run(&mut c, "kubectl create token app --bound-object-kind Secret"),
        "error: --bound-object-name is required if --bound-object-kind is provided\n"
    );
    // token.go: a pod-bound token needs the pod to run as that service account.
    run(&mut c, "kubectl run web --image=nginx");
    assert_eq!(
        run(&mut c, "kubectl create token app --bound-object-kind Pod --bound-object-name web"),
        "error: failed to create token: cannot bind token for serviceaccount \"app\" to pod running with different serviceaccount name.\n"
    );
    run(&mut c, "kubectl create secret generic s --from-literal=a=b");
    let bound = run(&mut c, "kubectl create token app --bound-object-kind Secret --bound-object-name s");
    let bound = bound.trim_end();
    let uid = run(&mut c, "kubectl get secret s -o jsonpath={.metadata.uid}");
    assert_eq!(claims(bound)["kubernetes.io"]["secret"], json!({"name": "s", "uid": uid}));
    // Bound to the secret: deleting it invalidates the token.
    run(&mut c, "kubectl create role cm-reader --verb=list --resource=configmaps");
    run(&mut c, "kubectl create rolebinding app-cm --role=cm-reader --serviceaccount=default:app");
    assert_eq!(run(&mut c, &format!("kubectl --token={bound} get configmaps -o name")), "configmap/kube-root-ca.crt\n");
    run(&mut c, "kubectl delete secret s");
    assert_eq!(run(&mut c, &format!("kubectl --token={bound} get configmaps")), UNAUTHORIZED);
}

#[test]
fn a_token_acts_as_its_service_account_until_it_expires() {
    let mut c = Console::default();
    run(&mut c, "kubectl create sa app");
    run(&mut c, "kubectl create secret generic db --from-literal=password=s3cr3t");
    let token = run(&mut c, "kubectl create token app --duration 10m");
    let token = token.trim_end();
    assert_eq!(
        run(&mut c, &format!("kubectl --token={token} get secrets")),
        "Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:default:app\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"\n"
    );
    run(&mut c, "kubectl create role reader --verb=get,list --resource=secrets");
    run(&mut c, "kubectl create rolebinding app-reader --role=reader --serviceaccount=default:app");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get secret db -o jsonpath={{.data.password}}")), "czNjcjN0");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} auth can-i list secrets")), "yes\n");
    // exp is iat + 600; go-jose allows a minute of leeway.
    run(&mut c, "sleep 660");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} auth can-i list secrets")), "yes\n");
    run(&mut c, "sleep 1");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get secrets")), UNAUTHORIZED);
    assert_eq!(run(&mut c, "kubectl --token=not-a-jwt get pods"), UNAUTHORIZED);
}

#[test]
fn a_pods_mounted_token_is_signed_and_lets_whoever_reads_it_act_as_the_pod() {
    let mut c = Console::default();
    run(&mut c, "kubectl run web --image=nginx");
    run(&mut c, "kubeplay idle");
    let token = run(&mut c, "kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/token");
    assert!(verify_independently(&c, &token), "{token}");
    let cl = claims(&token);
    let iat = cl["iat"].as_i64().unwrap();
    // The kubelet's 3607 s request, extended to a year, warning after 3607 s.
    assert_eq!(cl["exp"].as_i64(), Some(iat + 31_536_000));
    assert_eq!(cl["kubernetes.io"]["warnafter"].as_i64(), Some(iat + 3607));
    assert_eq!(cl["kubernetes.io"]["pod"]["name"], "web");
    assert_eq!(cl["kubernetes.io"]["node"]["name"], "node-1");
    assert_eq!(
        run(&mut c, &format!("kubectl --token={token} get pods")),
        "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:default:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"\n"
    );
    // The token is bound to the pod: once the pod is gone, it no longer authenticates.
    run(&mut c, "kubectl delete pod web --now");
    run(&mut c, "kubeplay idle");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get pods")), UNAUTHORIZED);
}

#[test]
fn same_seed_same_token() {
    let token = || {
        let mut c = Console::default();
        run(&mut c, "kubectl create sa app");
        run(&mut c, "kubectl create token app")
    };
    assert_eq!(token(), token());
}
