//! ConfigMaps through the console: `kubectl create configmap` (its sources, errors and
//! `--append-hash`), `get`/`describe configmap`, an immutable config map refusing an update, and
//! a pod reading one through a configMap volume, `configMapKeyRef` and `envFrom`.
//!
//! Sources: staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go and
//! pkg/util/hash/hash.go (the create outputs below were printed by a kubectl v1.33 client with
//! `--dry-run=client -o yaml`); pkg/printers/internalversion/printers.go printConfigMap (NAME,
//! DATA, AGE); staging/src/k8s.io/kubectl/pkg/describe/describe.go describeConfigMap;
//! pkg/apis/core/validation/validation.go ValidateConfigMapUpdate; pkg/volume/configmap/configmap.go
//! and pkg/kubelet/kubelet_pods.go makeEnvironmentVariables for what the container sees.
#![allow(clippy::expect_used, clippy::panic)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

fn transcript(script: &str) -> String {
    let mut console = Console::new(Settings::default()).expect("console");
    let all: String = console.run_script(script).iter().map(|e| e.transcript()).collect();
    all.lines().filter(|l| !l.starts_with("> ")).map(|l| format!("{l}\n")).collect()
}

const FILES: &str = r"printf 'enemies=aliens\nlives=3\n' > game.properties
printf 'color.good=purple\ncolor.bad=yellow\n' > ui.properties
printf '# comment\nAPP_MODE=prod\n\nLOG_LEVEL=debug\n' > app.env
mkdir dir
printf 'a\n' > dir/one
printf 'b\n' > dir/two
";

/// The transcript from the first `kubectl` line (the files' set-up left out).
fn after_files(script: &str) -> String {
    let got = transcript(&format!("{FILES}{script}"));
    let start = got.find("$ kubectl").expect("a kubectl line");
    got[start..].to_owned()
}

#[test]
fn create_configmap_sources_as_kubectl_builds_them() {
    let got = after_files(
        "kubectl create configmap game-config --from-file=game.properties --from-file=ui.properties --dry-run=client -o yaml
kubectl create configmap cfg --from-file=dir --from-literal=special.how=very --dry-run=client -o yaml
kubectl create configmap env-cfg --from-env-file=app.env --dry-run=client -o yaml
kubectl create configmap h --from-literal=a=b --append-hash --dry-run=client -o yaml
kubectl create configmap bad --from-file=k=dir
kubectl create configmap bad --from-env-file=app.env --from-literal=a=b
kubectl create configmap bad --from-literal=a
kubectl create configmap bad --from-literal=a=1 --from-file=a=game.properties
kubectl create configmap bad --from-literal=..a=1
kubectl create configmap bad --from-env-file=dir
kubectl create configmap bad --from-file=nope
kubectl create configmap
",
    );
    let want = r#"$ kubectl create configmap game-config --from-file=game.properties --from-file=ui.properties --dry-run=client -o yaml
apiVersion: v1
data:
  game.properties: |
    enemies=aliens
    lives=3
  ui.properties: |
    color.good=purple
    color.bad=yellow
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: game-config
$ kubectl create configmap cfg --from-file=dir --from-literal=special.how=very --dry-run=client -o yaml
apiVersion: v1
data:
  one: |
    a
  special.how: very
  two: |
    b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: cfg
$ kubectl create configmap env-cfg --from-env-file=app.env --dry-run=client -o yaml
apiVersion: v1
data:
  APP_MODE: prod
  LOG_LEVEL: debug
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: env-cfg
$ kubectl create configmap h --from-literal=a=b --append-hash --dry-run=client -o yaml
apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: h-tgm746dk2t
$ kubectl create configmap bad --from-file=k=dir
error: cannot give a key name for a directory path
$ kubectl create configmap bad --from-env-file=app.env --from-literal=a=b
error: from-env-file cannot be combined with from-file or from-literal
$ kubectl create configmap bad --from-literal=a
error: invalid literal source a, expected key=value
$ kubectl create configmap bad --from-literal=a=1 --from-file=a=game.properties
error: cannot add key "a", another key by that name already exists in Data for ConfigMap "bad"
$ kubectl create configmap bad --from-literal=..a=1
error: "..a" is not a valid key name for a ConfigMap: must not start with '..'
$ kubectl create configmap bad --from-env-file=dir
error: env config file cannot be a directory
$ kubectl create configmap bad --from-file=nope
error: error reading nope: no such file or directory
$ kubectl create configmap
error: exactly one NAME is required, got 0
See 'kubectl create configmap -h' for help and examples
"#;
    assert_eq!(got, want);
}

#[test]
fn get_and_describe_configmap() {
    let got = after_files(
        "kubectl create configmap game-config --from-file=game.properties --from-literal=lives=3
kubectl get configmap game-config
kubectl get cm
kubectl describe cm game-config
",
    );
    let want = "$ kubectl create configmap game-config --from-file=game.properties --from-literal=lives=3
configmap/game-config created
$ kubectl get configmap game-config
NAME          DATA   AGE
game-config   2      0s
$ kubectl get cm
NAME               DATA   AGE
game-config        2      0s
kube-root-ca.crt   1      0s
$ kubectl describe cm game-config
Name:         game-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
game.properties:
----
enemies=aliens
lives=3

lives:
----
3

BinaryData
====

Events:  <none>
";
    assert_eq!(got, want);
}

#[test]
fn an_immutable_configmap_refuses_new_data() {
    let got = transcript(
        r#"cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen
data:
  a: "1"
immutable: true
EOF
kubectl patch configmap frozen -p '{"data":{"a":"2"}}'
kubectl patch configmap frozen -p '{"immutable":false}'
kubectl patch configmap frozen -p '{"metadata":{"labels":{"x":"y"}}}'
"#,
    );
    let want = r#"$ cat <<EOF | kubectl apply -f -
configmap/frozen created
$ kubectl patch configmap frozen -p '{"data":{"a":"2"}}'
The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set
$ kubectl patch configmap frozen -p '{"immutable":false}'
The ConfigMap "frozen" is invalid: immutable: Forbidden: field is immutable when `immutable` is set
$ kubectl patch configmap frozen -p '{"metadata":{"labels":{"x":"y"}}}'
configmap/frozen patched
"#;
    assert_eq!(got, want);
}

#[test]
fn a_pod_reads_a_configmap_through_a_volume_env_and_env_from() {
    let got = after_files(
        r#"kubectl create configmap game-config --from-file=game.properties --from-literal=special.how=very
kubectl create configmap env-cfg --from-env-file=app.env
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: cm-pod
spec:
  containers:
  - name: c
    image: registry.k8s.io/busybox
    command: ["sleep", "3600"]
    env:
    - name: SPECIAL_LEVEL_KEY
      valueFrom:
        configMapKeyRef:
          name: game-config
          key: special.how
    envFrom:
    - configMapRef:
        name: env-cfg
    volumeMounts:
    - name: config
      mountPath: /etc/config
  volumes:
  - name: config
    configMap:
      name: game-config
      items:
      - key: game.properties
        path: game.properties
        mode: 0400
EOF
kubectl wait --for=condition=Ready pod/cm-pod
kubectl exec cm-pod -- printenv SPECIAL_LEVEL_KEY APP_MODE LOG_LEVEL
kubectl exec cm-pod -- ls /etc/config/..data/
kubectl exec cm-pod -- ls -l /etc/config/..data/
kubectl exec cm-pod -- cat /etc/config/game.properties
"#,
    );
    let want = "$ kubectl create configmap game-config --from-file=game.properties --from-literal=special.how=very
configmap/game-config created
$ kubectl create configmap env-cfg --from-env-file=app.env
configmap/env-cfg created
$ cat <<EOF | kubectl apply -f -
pod/cm-pod created
$ kubectl wait --for=condition=Ready pod/cm-pod
pod/cm-pod condition met
$ kubectl exec cm-pod -- printenv SPECIAL_LEVEL_KEY APP_MODE LOG_LEVEL
very
prod
debug
$ kubectl exec cm-pod -- ls /etc/config/..data/
game.properties
$ kubectl exec cm-pod -- ls -l /etc/config/..data/
total 4
-r--------    1 root     root            23 Jan  1 00:00 game.properties
$ kubectl exec cm-pod -- cat /etc/config/game.properties
enemies=aliens
lives=3
";
    assert_eq!(got, want);
}

#[test]
fn create_secret_append_hash_names_the_secret_as_kubectl_does() {
    // `kubectl create secret generic s --from-literal=a='<b>' --append-hash --dry-run=client -o name`
    // printed `secret/s-874gdtmdfk` with a kubectl v1.33 client.
    let got = transcript("kubectl create secret generic s --from-literal=a='<b>' --append-hash\nkubectl get secrets\n");
    assert_eq!(
        got,
        "$ kubectl create secret generic s --from-literal=a='<b>' --append-hash\nsecret/s-874gdtmdfk created\n$ kubectl get secrets\nNAME           TYPE     DATA   AGE\ns-874gdtmdfk   Opaque   1      0s\n"
    );
}
