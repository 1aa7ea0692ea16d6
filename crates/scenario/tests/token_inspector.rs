//! The token inspector view: a pod's projected token picked from the list, a pasted token, a
//! forged one and text that is not a JWT, each judged as the API server would
//! (`kubeplay_api::serviceaccount::inspect`, mirroring `pkg/serviceaccount/{jwt,claims,legacy}.go`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubeplay_scenario::app::TokenSource;
use kubeplay_scenario::{Action, State};

#[test]
fn a_pods_token_is_accepted_until_the_pod_is_gone() {
    let mut s = State::default();
    assert!(s.token_inspector(&TokenSource::Pasted(String::new())).report.is_none());
    s.apply(Action::Command("kubectl run web --image=nginx".into()));
    s.apply(Action::Command("kubectl create configmap not-a-pod --from-literal=a=b".into()));
    s.apply(Action::RunIdle);
    let pod = TokenSource::Pod("default".into(), "web".into());
    let v = s.token_inspector(&pod);
    assert_eq!(v.pods, [("default".to_owned(), "web".to_owned())]);
    let r = v.report.unwrap().unwrap();
    assert!(r.valid && r.signature_valid, "{r:?}");
    assert_eq!(r.verdict, "the API server authenticates it as system:serviceaccount:default:default");
    assert!(r.text.contains("Bound to:   Pod web (uid "), "{}", r.text);
    // The same token pasted (with the newline a copy brings) gives the same report.
    let token = r.text.clone();
    let pasted = s.token_inspector(&TokenSource::Pasted("not a token".into()));
    assert!(matches!(pasted.report, Some(Err(ref e)) if e.starts_with("not a JWT")), "{:?}", pasted.report);
    s.apply(Action::Command("kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/token > tok".into()));
    let jwt = s.playground().console().read_file("tok").unwrap();
    let again = s.token_inspector(&TokenSource::Pasted(format!("{jwt}\n"))).report.unwrap().unwrap();
    assert_eq!(again.text, token);
    // Deleted: the pod's token is refused; the pod is no longer offered.
    s.apply(Action::Command("kubectl delete pod web --now".into()));
    s.apply(Action::RunIdle);
    let gone = s.token_inspector(&TokenSource::Pasted(jwt.clone())).report.unwrap().unwrap();
    assert!(!gone.valid && gone.signature_valid);
    assert_eq!(gone.verdict, "service account token has been invalidated (an object it is bound to is gone)");
    let v = s.token_inspector(&pod);
    assert!(v.pods.is_empty());
    assert!(matches!(v.report, Some(Err(ref e)) if e.contains("pod default/web has no token")), "{:?}", v.report);
    // A forged signature.
    let mut parts: Vec<&str> = jwt.split('.').collect();
    parts[2] = "AAAA";
    let forged = s.token_inspector(&TokenSource::Pasted(parts.join("."))).report.unwrap().unwrap();
    assert!(!forged.signature_valid && !forged.valid);
}
