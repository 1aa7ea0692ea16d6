//! Legacy `kubernetes.io/service-account-token` Secrets typed in the console: the token
//! controller fills them, the API server authenticates their tokens (which never expire) and
//! labels the Secret with the day it was last used, the controller deletes them with their
//! service account, and `kubectl describe serviceaccount` lists them.
//!
//! Sources: `pkg/controller/serviceaccount/tokens_controller.go` (syncSecret,
//! generateTokenIfNeeded, deleteTokens), `pkg/serviceaccount/legacy.go` (LegacyClaims,
//! legacyValidator.Validate, patchSecretWithLastUsedDate), `pkg/serviceaccount/jwt.go`
//! (GenerateToken adds `iss`; go-jose sorts the claims), `staging/src/k8s.io/kubectl/pkg/describe/describe.go`
//! (describeServiceAccount, describeSecret), docs `tasks/configure-pod-container/configure-service-account.md`
//! ("Manually create an API token for a ServiceAccount").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use kubeplay_kubectl::Console;
use p256::ecdsa::signature::Verifier as _;
use serde_json::Value;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

fn part(token: &str, i: usize) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').nth(i).unwrap()).unwrap()
}

const UNAUTHORIZED: &str = "error: You must be logged in to the server (Unauthorized)\n";

/// The docs' manifest ("Manually create an API token for a ServiceAccount").
const TOKEN_SECRET: &str = "kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: build-robot-secret
  annotations:
    kubernetes.io/service-account.name: build-robot
type: kubernetes.io/service-account-token
EOF";

fn token_of(c: &mut Console) -> String {
    let b64 = run(c, "kubectl get secret build-robot-secret -o jsonpath={.data.token}");
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

#[test]
fn the_token_controller_fills_a_token_secret_with_a_legacy_jwt() {
    let mut c = Console::default();
    run(&mut c, "kubectl create serviceaccount build-robot");
    assert_eq!(run(&mut c, TOKEN_SECRET), "secret/build-robot-secret created\n");
    let sa_uid = run(&mut c, "kubectl get sa build-robot -o jsonpath={.metadata.uid}");
    // generateTokenIfNeeded: ca.crt, namespace and token, and the uid annotation.
    let secret: Value = serde_json::from_str(&run(&mut c, "kubectl get secret build-robot-secret -o json")).unwrap();
    let ann = &secret["metadata"]["annotations"];
    assert_eq!(
        (&ann["kubernetes.io/service-account.name"], &ann["kubernetes.io/service-account.uid"]),
        (&"build-robot".into(), &sa_uid.clone().into())
    );
    assert_eq!(run(&mut c, "kubectl get secret build-robot-secret -o jsonpath={.data.namespace}"), "ZGVmYXVsdA==");
    let ca = run(&mut c, "kubectl get secret build-robot-secret -o jsonpath={.data.ca\\.crt}");
    let root = run(&mut c, "kubectl get configmap kube-root-ca.crt -o jsonpath={.data.ca\\.crt}");
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(ca).unwrap(), root.as_bytes());
    let token = token_of(&mut c);
    // jwt.go: same header as every token of this key; legacy.go's claims, sorted, no expiry.
    let kid = c.session.cluster().store().token_signer().kid().to_owned();
    assert_eq!(String::from_utf8(part(&token, 0)).unwrap(), format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#));
    assert_eq!(
        String::from_utf8(part(&token, 1)).unwrap(),
        format!(
            r#"{{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"default","kubernetes.io/serviceaccount/secret.name":"build-robot-secret","kubernetes.io/serviceaccount/service-account.name":"build-robot","kubernetes.io/serviceaccount/service-account.uid":"{sa_uid}","sub":"system:serviceaccount:default:build-robot"}}"#
        )
    );
    // The signature checks with the p256 crate directly, from the API server's public key.
    let der = c.session.cluster().store().token_signer().public_key_der();
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&der[26..]).unwrap();
    let sig = p256::ecdsa::Signature::from_slice(&part(&token, 2)).unwrap();
    assert!(key.verify(token.rsplit_once('.').unwrap().0.as_bytes(), &sig).is_ok());
    // describe.go describeSecret prints a service-account token in clear, other keys as sizes.
    let described = run(&mut c, "kubectl describe secret build-robot-secret");
    assert!(described.contains(&format!("token:      {token}\n")), "{described}");
    assert!(described.contains("namespace:  7 bytes\n"), "{described}");
    // No Secret is created for a service account by itself (v1.24+).
    assert_eq!(run(&mut c, "kubectl get sa build-robot -o jsonpath={.secrets}"), "");
}

#[test]
fn describe_serviceaccount_lists_its_token_secrets() {
    let mut c = Console::default();
    run(&mut c, "kubectl create serviceaccount build-robot");
    // describe.go: the three lists in sorted header order, `<none>` when empty, aligned by tabwriter.
    let none = "Name:                build-robot
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  <none>
Mountable secrets:   <none>
Tokens:              <none>
Events:              <none>
";
    assert_eq!(run(&mut c, "kubectl describe serviceaccount build-robot"), none);
    run(&mut c, TOKEN_SECRET);
    assert_eq!(
        run(&mut c, "kubectl describe sa build-robot"),
        none.replace("Tokens:              <none>", "Tokens:              build-robot-secret")
    );
    // A referenced secret that does not exist is `(not found)`.
    run(&mut c, r#"kubectl patch sa build-robot -p '{"imagePullSecrets":[{"name":"regcred"}]}'"#);
    let out = run(&mut c, "kubectl describe sa build-robot");
    assert!(out.contains("Image pull secrets:  regcred (not found)\n"), "{out}");
}

#[test]
fn a_legacy_token_authenticates_never_expires_and_is_labelled_when_used() {
    let mut c = Console::default();
    run(&mut c, "kubectl create serviceaccount build-robot");
    run(&mut c, TOKEN_SECRET);
    let token = token_of(&mut c);
    assert_eq!(
        run(&mut c, &format!("kubectl --token={token} get pods")),
        "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:default:build-robot\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"\n"
    );
    // legacy.go patchSecretWithLastUsedDate: the day of the use, UTC (virtual time starts 2026-01-01).
    assert_eq!(
        run(&mut c, "kubectl get secret build-robot-secret -o jsonpath={.metadata.labels}"),
        r#"{"kubernetes.io/legacy-token-last-used":"2026-01-01"}"#
    );
    // Days later it still works (no exp), and the label moves to the new day.
    for _ in 0..3 {
        run(&mut c, "sleep 86400");
    }
    assert_eq!(run(&mut c, &format!("kubectl --token={token} auth can-i list pods")), "no\n");
    assert_eq!(
        run(&mut c, "kubectl get secret build-robot-secret -o jsonpath={.metadata.labels}"),
        r#"{"kubernetes.io/legacy-token-last-used":"2026-01-04"}"#
    );
    // Marked invalid by the cleaner: refused; the label removed, accepted again.
    let mark = r#"kubectl patch secret build-robot-secret -p '{"metadata":{"labels":{"kubernetes.io/legacy-token-invalid-since":"2026-01-02"}}}'"#;
    run(&mut c, mark);
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get pods")), UNAUTHORIZED);
    run(
        &mut c,
        r#"kubectl patch secret build-robot-secret -p '{"metadata":{"labels":{"kubernetes.io/legacy-token-invalid-since":null}}}'"#,
    );
    assert_eq!(run(&mut c, &format!("kubectl --token={token} auth can-i list pods")), "no\n");
    // Another value in the Secret: "Token does not match server's copy".
    run(&mut c, r#"kubectl patch secret build-robot-secret -p '{"data":{"token":"eA=="}}'"#);
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get pods")), UNAUTHORIZED);
    // Deleting the Secret invalidates the token ("Token has been invalidated").
    run(&mut c, "kubectl delete secret build-robot-secret");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get pods")), UNAUTHORIZED);
}

#[test]
fn token_secrets_go_with_their_service_account() {
    let mut c = Console::default();
    run(&mut c, "kubectl create serviceaccount build-robot");
    run(&mut c, TOKEN_SECRET);
    let token = token_of(&mut c);
    // syncServiceAccount → deleteTokens.
    assert_eq!(run(&mut c, "kubectl delete sa build-robot"), "serviceaccount \"build-robot\" deleted\n");
    assert_eq!(run(&mut c, "kubectl get secrets"), "No resources found in default namespace.\n");
    // A new account of the same name has another uid: the old token stays dead.
    run(&mut c, "kubectl create serviceaccount build-robot");
    assert_eq!(run(&mut c, &format!("kubectl --token={token} get pods")), UNAUTHORIZED);
    // syncSecret: a token Secret for an account that does not exist is deleted at once.
    run(&mut c, "kubectl delete sa build-robot");
    assert_eq!(run(&mut c, TOKEN_SECRET), "secret/build-robot-secret created\n");
    assert_eq!(
        run(&mut c, "kubectl get secret build-robot-secret"),
        "Error from server (NotFound): secrets \"build-robot-secret\" not found\n"
    );
}

#[test]
fn the_controller_refills_a_cleared_token_and_runs_replay_the_same() {
    let run_once = || {
        let mut c = Console::default();
        run(&mut c, "kubectl create serviceaccount build-robot");
        run(&mut c, TOKEN_SECRET);
        let first = token_of(&mut c);
        // Clearing `token` wakes the controller, which writes it again (the same claims sign the same).
        run(&mut c, r#"kubectl patch secret build-robot-secret -p '{"data":{"token":""}}'"#);
        assert_eq!(token_of(&mut c), first);
        first
    };
    let t = run_once();
    assert_eq!(t, run_once(), "same seed, same token");
    let claims: Value = serde_json::from_slice(&part(&t, 1)).unwrap();
    assert!(claims.get("exp").is_none());
}

#[test]
fn kubeplay_token_inspect_decodes_verifies_and_judges() {
    let mut c = Console::default();
    run(&mut c, "kubectl run web --image=nginx");
    run(&mut c, "kubeplay idle");
    run(&mut c, "kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/token > tok");
    let out = run(&mut c, "kubeplay token inspect -f tok");
    for line in [
        "Signature:  valid: ES256 by this cluster's service-account key\n",
        "Subject:    system:serviceaccount:default:default\n",
        "Expires:    2027-01-01T00:00:00Z (in 364d)\n",
        "Warn after: 2026-01-01T01:00:07Z (in 58m)\n",
        "Verdict:    valid now: the API server authenticates it as system:serviceaccount:default:default\n",
    ] {
        assert!(out.contains(line), "{line} not in\n{out}");
    }
    assert!(out.contains("Bound to:   Pod web (uid "), "{out}");
    // The pod gone, its token is refused (claims.go), and the inspector says so with status 1.
    run(&mut c, "kubectl delete pod web --now");
    run(&mut c, "kubeplay idle");
    let o = c.run("kubeplay token inspect - < tok");
    assert_eq!(o.status, 1);
    assert!(o.stdout.ends_with("Verdict:    rejected now (401 Unauthorized): service account token has been invalidated (an object it is bound to is gone)\n"), "{}", o.stdout);
    // A legacy token: no expiry.
    run(&mut c, "kubectl create serviceaccount build-robot");
    run(&mut c, TOKEN_SECRET);
    let legacy = token_of(&mut c);
    let out = run(&mut c, &format!("kubeplay token inspect {legacy}"));
    assert!(out.contains("Expires:    never (no exp claim)\n"), "{out}");
    assert!(out.contains("Kind:       legacy secret-based token (kubernetes.io/service-account-token Secret)\n"), "{out}");
    // Altered: the signature no longer checks.
    let mut parts: Vec<String> = legacy.split('.').map(str::to_owned).collect();
    let payload = String::from_utf8(part(&legacy, 1)).unwrap().replace("build-robot\"", "admin\"");
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
    let out = run(&mut c, &format!("kubeplay token inspect {}", parts.join(".")));
    assert!(out.contains("Signature:  INVALID: not signed by this cluster's service-account key (altered or forged)\n"), "{out}");
    assert!(
        out.contains(
            "Verdict:    rejected now (401 Unauthorized): token is not a service account token signed by this API server\n"
        ),
        "{out}"
    );
    assert_eq!(
        run(&mut c, "kubeplay token inspect abc"),
        "kubeplay: token inspect: not a JWT: a JWT has 3 parts separated by dots (header.payload.signature), this text has 1\n"
    );
    assert_eq!(
        run(&mut c, "kubeplay token"),
        "usage: kubeplay token inspect TOKEN | kubeplay token inspect -f FILE (- reads stdin)\n"
    );
}
