//! Image pulls from a private registry a scenario declares: the pod's `imagePullSecrets`
//! (`kubernetes.io/dockerconfigjson` and `kubernetes.io/dockercfg`) matched by the kubelet's
//! keyring, wrong / missing / right credentials, `ErrImagePull` → `ImagePullBackOff` with the
//! image back-off, and what `kubectl get pods`, `describe` and `logs` show meanwhile.
//!
//! Sources: pkg/kubelet/images/image_manager.go (v1.33: Pulling, Failed, BackOff, the
//! `prevPullErrMsg` in the waiting message), pkg/credentialprovider/keyring.go and
//! secrets/secrets.go (which credentials go with the image), pkg/kubelet/kubelet_pods.go
//! getPullSecretsForPod (FailedToRetrieveImagePullSecret), containerd 1.7
//! remotes/docker/{resolver,authorizer}.go (the registry's refusals), pkg/printers printPod.
#![allow(clippy::expect_used, clippy::panic)]

use kubeplay_cluster::{PrivateRegistry, Settings};
use kubeplay_kubectl::Console;

fn settings() -> Settings {
    Settings {
        registries: vec![PrivateRegistry {
            server: "registry.example.com".to_owned(),
            username: "me".to_owned(),
            password: "pa55".to_owned(),
        }],
        ..Settings::default()
    }
}

fn transcript(script: &str) -> String {
    let mut console = Console::new(settings()).expect("console");
    console.run_script(script).iter().map(|e| e.transcript()).filter(|l| !l.starts_with("> ")).collect()
}

const POD: &str = r#"cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: private-app
spec:
  imagePullSecrets:
  - name: regcred
  containers:
  - name: app
    image: registry.example.com/team/app:1.0
EOF
"#;

/// The messages the registry (containerd 1.7 against a basic-auth `registry:2`) gives.
const ANONYMOUS: &str = "failed to pull and unpack image \"registry.example.com/team/app:1.0\": failed to resolve reference \"registry.example.com/team/app:1.0\": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials";
const UNAUTHORIZED: &str = "failed to pull and unpack image \"registry.example.com/team/app:1.0\": failed to resolve reference \"registry.example.com/team/app:1.0\": unexpected status from HEAD request to https://registry.example.com/v2/team/app/manifests/1.0: 401 Unauthorized";

/// The output of the `n`th run of commands starting with `cmd` (the command line included).
fn section<'a>(got: &'a str, cmd: &str, n: usize) -> &'a str {
    got.split("$ ").filter(|s| s.starts_with(cmd)).nth(n).unwrap_or_else(|| panic!("no {cmd} #{n} in\n{got}"))
}

/// Missing secret → the kubelet's warning and an anonymous pull that fails; wrong password →
/// 401 and the image back-off; the right password → Running at the next retry.
#[test]
fn missing_wrong_and_right_credentials() {
    let got = transcript(&format!(
        "{POD}sleep 2\nkubectl get pods\nkubectl describe pod private-app\nkubectl logs private-app\n\
         kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=wrong\n\
         sleep 60\nkubectl get pods\nkubectl describe pod private-app\n\
         kubectl get pod private-app -o jsonpath='{{.status.containerStatuses[0].state}}'\nkubectl logs private-app\n\
         kubectl delete secret regcred\n\
         kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pa55\n\
         sleep 300\nkubectl get pods\nkubectl describe pod private-app\n"
    ));
    // printPod: the waiting reason is the STATUS; the pod stays Pending with no restarts.
    assert_eq!(
        section(&got, "kubectl get pods", 0),
        "kubectl get pods\nNAME          READY   STATUS         RESTARTS   AGE\nprivate-app   0/1     ErrImagePull   0          2s\n"
    );
    let d = section(&got, "kubectl describe", 0);
    assert!(d.contains("Status:           Pending\n"), "{d}");
    assert!(d.contains("    State:          Waiting\n      Reason:       ErrImagePull\n"), "{d}");
    assert!(d.contains("  Warning  FailedToRetrieveImagePullSecret  1s    kubelet            Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.\n"), "{d}");
    assert!(d.contains("  Normal   Pulling                          1s    kubelet            Pulling image \"registry.example.com/team/app:1.0\"\n"), "{d}");
    assert!(
        d.contains(&format!("kubelet            Failed to pull image \"registry.example.com/team/app:1.0\": {ANONYMOUS}\n")),
        "{d}"
    );
    assert!(d.contains("kubelet            Error: ErrImagePull\n"), "{d}");
    // validateContainerLogStatus: the kubelet's words for a container that cannot pull.
    assert_eq!(
        section(&got, "kubectl logs", 0),
        "kubectl logs private-app\nError from server (BadRequest): container \"app\" in pod \"private-app\" is waiting to start: image can't be pulled\n"
    );
    // Wrong password: 401, then ImagePullBackOff whose message wraps the last pull error.
    assert_eq!(
        section(&got, "kubectl get pods", 1),
        "kubectl get pods\nNAME          READY   STATUS             RESTARTS   AGE\nprivate-app   0/1     ImagePullBackOff   0          62s\n"
    );
    let d = section(&got, "kubectl describe", 1);
    assert!(
        d.contains(&format!("kubelet            Failed to pull image \"registry.example.com/team/app:1.0\": {UNAUTHORIZED}\n")),
        "{d}"
    );
    assert!(d.contains("kubelet            Back-off pulling image \"registry.example.com/team/app:1.0\"\n"), "{d}");
    assert!(d.contains("kubelet            Error: ImagePullBackOff\n"), "{d}");
    let message = format!("Back-off pulling image \"registry.example.com/team/app:1.0\": ErrImagePull: {UNAUTHORIZED}");
    let want = format!("{{\"waiting\":{{\"message\":{},\"reason\":\"ImagePullBackOff\"}}}}", serde_json::Value::String(message));
    let state = section(&got, "kubectl get pod ", 0);
    assert!(state.ends_with(&format!("\n{want}\n")), "{state}");
    assert!(section(&got, "kubectl logs", 1).ends_with("is waiting to start: trying and failing to pull image\n"));
    // The right password: the next retry pulls and the container starts.
    assert!(section(&got, "kubectl get pods", 2).contains("private-app   1/1     Running   0          "), "{got}");
    let d = section(&got, "kubectl describe", 2);
    assert!(d.contains("Successfully pulled image \"registry.example.com/team/app:1.0\" in "), "{d}");
    assert!(d.contains("Started container app\n"), "{d}");
}

/// The image back-off (kubelet.go imageBackOffPeriod 10 s, MaxImageBackOff 300 s): a pod whose
/// pulls keep failing is retried after at least 10, 20, 40, 80, 160, 300 s.
#[test]
fn failed_pulls_back_off_ten_seconds_doubling_to_five_minutes() {
    let mut console = Console::new(settings()).expect("console");
    console.run_script(&format!("{POD}sleep 1200\n"));
    let pulls: Vec<u64> =
        console.session.cluster().events().iter().filter(|e| e.reason == "Pulling").map(|e| e.time_ms).collect();
    let gaps: Vec<u64> = pulls.windows(2).map(|w| (w[1] - w[0]) / 1000).collect();
    assert!(gaps.len() >= 6, "{pulls:?}");
    for (gap, backoff) in gaps.iter().zip([10, 20, 40, 80, 160, 300, 300]) {
        // Each retry waits out the back-off; the pod worker's requeue (10–15 s) may add a little.
        assert!(*gap >= backoff && *gap <= backoff + 16, "gaps {gaps:?}");
    }
}

/// `kubernetes.io/dockercfg` (no `auths` wrapper, `auth` = base64(user:pass)) works as
/// `dockerconfigjson` does; credentials stored for another host are not offered to this one.
#[test]
fn dockercfg_and_host_matching() {
    let secret = |server: &str| {
        format!(
            "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockercfg\nstringData:\n  .dockercfg: '{{\"{server}\":{{\"auth\":\"bWU6cGE1NQ==\"}}}}'\nEOF\n"
        )
    };
    let got = transcript(&format!(
        "{}{POD}sleep 5\nkubectl get pods\nkubectl delete pod private-app\n{}{POD}sleep 5\nkubectl get pods\n",
        secret("other.example.com"),
        secret("https://registry.example.com/v1/")
    ));
    assert!(got.contains("private-app   0/1     ErrImagePull   0          5s\n"), "{got}");
    assert!(got.contains("private-app   1/1     Running   0          5s\n"), "{got}");
}

/// ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go): a pod that
/// lists no pull secrets gets its service account's.
#[test]
fn the_service_account_supplies_pull_secrets() {
    let pod = POD.replace("  imagePullSecrets:\n  - name: regcred\n", "");
    let got = transcript(&format!(
        "kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pa55\n\
         kubectl patch serviceaccount default -p '{{\"imagePullSecrets\":[{{\"name\":\"regcred\"}}]}}'\n\
         {pod}sleep 5\nkubectl get pod private-app -o jsonpath='{{.spec.imagePullSecrets}}'\nkubectl get pods\n"
    ));
    assert!(got.contains("\n[{\"name\":\"regcred\"}]\n"), "{got}");
    assert!(got.contains("private-app   1/1     Running   0          5s\n"), "{got}");
}
