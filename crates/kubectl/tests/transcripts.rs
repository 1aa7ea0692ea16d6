//! Golden transcripts of the Kubernetes Secrets documentation's examples
//! (concepts/configuration/secret, tasks/configmap-secret/managing-secret-using-kubectl,
//! tasks/inject-data-application/distribute-credentials-secure), run through `Console::run_script`
//! and rendered as `kubeplay shell` prints them (`$ ` before a command, `> ` before here-document lines).
//!
//! Where the expected text comes from:
//! - Client-side lines (create secret validation, flag and usage errors, `-o jsonpath`, the
//!   `--dry-run=client` objects) were compared byte for byte with a real kubectl v1.32.4 client.
//! - `secret/NAME created`: cli-runtime printers/name.go with `NewPrintFlags("created")` (create/create_secret.go).
//! - `secret "NAME" deleted`: kubectl/pkg/cmd/delete/delete.go (no namespace suffix before v1.34).
//! - `failed to create secret %v`: create_secret.go (no colon in v1.33).
//! - `Error from server (NotFound|AlreadyExists): ...`: cmd/util/helpers.go StandardErrorMessage.
//! - `NAME TYPE DATA AGE`: pkg/printers/internalversion/printers.go printSecret, tabwriter padding 3;
//!   AGE is duration.HumanDuration of the virtual clock.
//! - describe: kubectl/pkg/describe/describe.go describeSecret (keys sorted, `%s:\t%d bytes`).
//! - `-o yaml|json`: cli-runtime printers/yaml.go, json.go over an unstructured object (keys sorted,
//!   4-space JSON indent).
//! - `pod/NAME condition met`: kubectl/pkg/cmd/wait/wait.go.
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

/// Runs a script and renders the transcript as `kubeplay shell` does.
fn transcript(script: &str) -> String {
    let mut console = Console::new(Settings::default()).expect("console");
    console.run_script(script).iter().map(|e| e.transcript()).collect()
}

fn check(script: &str, want: &str) {
    let got = transcript(script);
    if got != want {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            if g != w {
                panic!("line {}:\n got: {g:?}\nwant: {w:?}\n\nfull transcript:\n{got}", i + 1);
            }
        }
        panic!("transcripts differ in length:\n{got}");
    }
}

#[test]
fn create_from_files() {
    check(
        r###"echo -n "admin" > ./username.txt
echo -n "1f2d1e2e67df" > ./password.txt
kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt
kubectl create secret generic db-user-pass-keys --from-file=username=./username.txt --from-file=password=./password.txt
kubectl get secrets
kubectl describe secret db-user-pass
kubectl get secret db-user-pass -o jsonpath='{.data.password\.txt}' | base64 --decode
kubectl get secret db-user-pass-keys -o jsonpath='{.data.password}' | base64 --decode
kubectl create secret generic db-user-pass --from-file=./username.txt
kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./username.txt
"###,
        r###"$ echo -n "admin" > ./username.txt
$ echo -n "1f2d1e2e67df" > ./password.txt
$ kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt
secret/db-user-pass created
$ kubectl create secret generic db-user-pass-keys --from-file=username=./username.txt --from-file=password=./password.txt
secret/db-user-pass-keys created
$ kubectl get secrets
NAME                TYPE     DATA   AGE
db-user-pass        Opaque   2      0s
db-user-pass-keys   Opaque   2      0s
$ kubectl describe secret db-user-pass
Name:         db-user-pass
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password.txt:  12 bytes
username.txt:  5 bytes
$ kubectl get secret db-user-pass -o jsonpath='{.data.password\.txt}' | base64 --decode
1f2d1e2e67df
$ kubectl get secret db-user-pass-keys -o jsonpath='{.data.password}' | base64 --decode
1f2d1e2e67df
$ kubectl create secret generic db-user-pass --from-file=./username.txt
error: failed to create secret secrets "db-user-pass" already exists
$ kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./username.txt
error: cannot add key username.txt, another key by that name already exists
"###,
    );
}

#[test]
fn literals_yaml_get_and_errors() {
    check(
        r###"kubectl create secret generic prod-db-secret --from-literal=username=produser --from-literal=password=Y4nys7f11
cat <<EOF > ./secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
EOF
kubectl create -f ./secret.yaml
kubectl get secrets
kubectl get secret mysecret -o yaml
kubectl get secret mysecret -o json
kubectl get secret mysecret -o jsonpath='{.data.password}' | base64 --decode
kubectl create -f ./secret.yaml
kubectl delete secret prod-db-secret
kubectl get secret prod-db-secret
kubectl delete secret prod-db-secret
"###,
        r###"$ kubectl create secret generic prod-db-secret --from-literal=username=produser --from-literal=password=Y4nys7f11
secret/prod-db-secret created
$ cat <<EOF > ./secret.yaml
> apiVersion: v1
> kind: Secret
> metadata:
>   name: mysecret
> type: Opaque
> data:
>   username: YWRtaW4=
>   password: MWYyZDFlMmU2N2Rm
> EOF
$ kubectl create -f ./secret.yaml
secret/mysecret created
$ kubectl get secrets
NAME             TYPE     DATA   AGE
mysecret         Opaque   2      0s
prod-db-secret   Opaque   2      0s
$ kubectl get secret mysecret -o yaml
apiVersion: v1
data:
  password: MWYyZDFlMmU2N2Rm
  username: YWRtaW4=
kind: Secret
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  name: mysecret
  namespace: default
  resourceVersion: "14"
  uid: a0add09b-c196-48d2-bd68-542be7f20284
type: Opaque
$ kubectl get secret mysecret -o json
{
    "apiVersion": "v1",
    "data": {
        "password": "MWYyZDFlMmU2N2Rm",
        "username": "YWRtaW4="
    },
    "kind": "Secret",
    "metadata": {
        "creationTimestamp": "2026-01-01T00:00:00Z",
        "name": "mysecret",
        "namespace": "default",
        "resourceVersion": "14",
        "uid": "a0add09b-c196-48d2-bd68-542be7f20284"
    },
    "type": "Opaque"
}
$ kubectl get secret mysecret -o jsonpath='{.data.password}' | base64 --decode
1f2d1e2e67df
$ kubectl create -f ./secret.yaml
Error from server (AlreadyExists): error when creating "./secret.yaml": secrets "mysecret" already exists
$ kubectl delete secret prod-db-secret
secret "prod-db-secret" deleted
$ kubectl get secret prod-db-secret
Error from server (NotFound): secrets "prod-db-secret" not found
$ kubectl delete secret prod-db-secret
Error from server (NotFound): secrets "prod-db-secret" not found
"###,
    );
}

#[test]
fn volume_and_env_pods() {
    check(
        r###"kubectl create secret generic mysecret --from-literal=username=admin --from-literal=password=1f2d1e2e67df
cat <<EOF > pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: "/etc/foo"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
EOF
kubectl apply -f pod.yaml
kubectl wait --for=condition=Ready pod/mypod
kubectl exec mypod -- cat /etc/foo/username
kubectl exec mypod -- ls /etc/foo
kubectl exec mypod -- cat /etc/foo/password
cat <<EOF > env-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: secret-env-pod
spec:
  containers:
    - name: mycontainer
      image: redis
      env:
        - name: SECRET_USERNAME
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: username
        - name: SECRET_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: password
  restartPolicy: Never
EOF
kubectl create -f env-pod.yaml
kubectl wait --for=condition=Ready pod/secret-env-pod
kubectl exec secret-env-pod -- printenv SECRET_USERNAME
kubectl exec secret-env-pod -- sh -c 'echo $SECRET_PASSWORD'
kubectl get pods
"###,
        r###"$ kubectl create secret generic mysecret --from-literal=username=admin --from-literal=password=1f2d1e2e67df
secret/mysecret created
$ cat <<EOF > pod.yaml
> apiVersion: v1
> kind: Pod
> metadata:
>   name: mypod
> spec:
>   containers:
>   - name: mypod
>     image: redis
>     volumeMounts:
>     - name: foo
>       mountPath: "/etc/foo"
>       readOnly: true
>   volumes:
>   - name: foo
>     secret:
>       secretName: mysecret
> EOF
$ kubectl apply -f pod.yaml
pod/mypod created
$ kubectl wait --for=condition=Ready pod/mypod
pod/mypod condition met
$ kubectl exec mypod -- cat /etc/foo/username
admin
$ kubectl exec mypod -- ls /etc/foo
password
username
$ kubectl exec mypod -- cat /etc/foo/password
1f2d1e2e67df
$ cat <<EOF > env-pod.yaml
> apiVersion: v1
> kind: Pod
> metadata:
>   name: secret-env-pod
> spec:
>   containers:
>     - name: mycontainer
>       image: redis
>       env:
>         - name: SECRET_USERNAME
>           valueFrom:
>             secretKeyRef:
>               name: mysecret
>               key: username
>         - name: SECRET_PASSWORD
>           valueFrom:
>             secretKeyRef:
>               name: mysecret
>               key: password
>   restartPolicy: Never
> EOF
$ kubectl create -f env-pod.yaml
pod/secret-env-pod created
$ kubectl wait --for=condition=Ready pod/secret-env-pod
pod/secret-env-pod condition met
$ kubectl exec secret-env-pod -- printenv SECRET_USERNAME
admin
$ kubectl exec secret-env-pod -- sh -c 'echo $SECRET_PASSWORD'
1f2d1e2e67df
$ kubectl get pods
NAME             READY   STATUS    RESTARTS   AGE
mypod            1/1     Running   0          3s
secret-env-pod   1/1     Running   0          2s
"###,
    );
}

#[test]
fn tls_docker_registry_patch_delete() {
    check(
        r###"cat <<EOF > tls.crt
-----BEGIN CERTIFICATE-----
MIIBgTCCASegAwIBAgIUecVtNh6FxKa2N0xroI5Ic4cMlQ8wCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wHhcNMjYxMTI5MDk1NTI5WhcNMzYxMTI2
MDk1NTI5WjAWMRQwEgYDVQQDDAtleGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABJC5lh83OziKUood95ZnDwnl0gXDIevPhEfZKtCUiff4FqiJTzxo
GETATsEB8Dom+C+ogOd9J7BcNZEQdWErYZWjUzBRMB0GA1UdDgQWBBQv4LzgpMZ1
16L51ojpkyyUwRV+PzAfBgNVHSMEGDAWgBQv4LzgpMZ116L51ojpkyyUwRV+PzAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIDitB/3xuVw9ty22mcIJ
pdN1QDpwRcSXScmFTRbg6/xmAiEAzODhY62M5kdYl83PkzRi8ndO09BKbGNM1t9m
H9o5KLc=
-----END CERTIFICATE-----
EOF
cat <<EOF > tls.key
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgS+wsoux5/aut0Nj6
ttVQDUyvX3Ypy1dhjQPzeHtOWTehRANCAASQuZYfNzs4ilKKHfeWZw8J5dIFwyHr
z4RH2SrQlIn3+BaoiU88aBhEwE7BAfA6JvgvqIDnfSewXDWREHVhK2GV
-----END PRIVATE KEY-----
EOF
kubectl create secret tls my-tls-secret --cert=tls.crt --key=tls.key
kubectl describe secret my-tls-secret
kubectl create secret tls bad-tls --cert=tls.key --key=tls.crt
kubectl create secret tls bad-tls --cert=tls.crt
kubectl create secret docker-registry my-registry-secret --docker-server=registry.example.com --docker-username=tiger --docker-password=pass1234 --docker-email=tiger@acme.example
kubectl get secret my-registry-secret -o jsonpath='{.data.\.dockerconfigjson}' | base64 --decode
kubectl get secrets
kubectl create secret generic patched --from-literal=username=admin
kubectl patch secret patched -p '{"stringData":{"username":"root"}}'
kubectl get secret patched -o jsonpath='{.data.username}' | base64 --decode
kubectl delete secret patched
"###,
        r###"$ cat <<EOF > tls.crt
> -----BEGIN CERTIFICATE-----
> MIIBgTCCASegAwIBAgIUecVtNh6FxKa2N0xroI5Ic4cMlQ8wCgYIKoZIzj0EAwIw
> FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wHhcNMjYxMTI5MDk1NTI5WhcNMzYxMTI2
> MDk1NTI5WjAWMRQwEgYDVQQDDAtleGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqG
> SM49AwEHA0IABJC5lh83OziKUood95ZnDwnl0gXDIevPhEfZKtCUiff4FqiJTzxo
> GETATsEB8Dom+C+ogOd9J7BcNZEQdWErYZWjUzBRMB0GA1UdDgQWBBQv4LzgpMZ1
> 16L51ojpkyyUwRV+PzAfBgNVHSMEGDAWgBQv4LzgpMZ116L51ojpkyyUwRV+PzAP
> BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIDitB/3xuVw9ty22mcIJ
> pdN1QDpwRcSXScmFTRbg6/xmAiEAzODhY62M5kdYl83PkzRi8ndO09BKbGNM1t9m
> H9o5KLc=
> -----END CERTIFICATE-----
> EOF
$ cat <<EOF > tls.key
> -----BEGIN PRIVATE KEY-----
> MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgS+wsoux5/aut0Nj6
> ttVQDUyvX3Ypy1dhjQPzeHtOWTehRANCAASQuZYfNzs4ilKKHfeWZw8J5dIFwyHr
> z4RH2SrQlIn3+BaoiU88aBhEwE7BAfA6JvgvqIDnfSewXDWREHVhK2GV
> -----END PRIVATE KEY-----
> EOF
$ kubectl create secret tls my-tls-secret --cert=tls.crt --key=tls.key
secret/my-tls-secret created
$ kubectl describe secret my-tls-secret
Name:         my-tls-secret
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  kubernetes.io/tls

Data
====
tls.crt:  583 bytes
tls.key:  241 bytes
$ kubectl create secret tls bad-tls --cert=tls.key --key=tls.crt
error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched
$ kubectl create secret tls bad-tls --cert=tls.crt
error: key and cert must be specified
$ kubectl create secret docker-registry my-registry-secret --docker-server=registry.example.com --docker-username=tiger --docker-password=pass1234 --docker-email=tiger@acme.example
secret/my-registry-secret created
$ kubectl get secret my-registry-secret -o jsonpath='{.data.\.dockerconfigjson}' | base64 --decode
{"auths":{"registry.example.com":{"username":"tiger","password":"pass1234","email":"tiger@acme.example","auth":"dGlnZXI6cGFzczEyMzQ="}}}
$ kubectl get secrets
NAME                 TYPE                             DATA   AGE
my-registry-secret   kubernetes.io/dockerconfigjson   1      0s
my-tls-secret        kubernetes.io/tls                2      0s
$ kubectl create secret generic patched --from-literal=username=admin
secret/patched created
$ kubectl patch secret patched -p '{"stringData":{"username":"root"}}'
secret/patched patched
$ kubectl get secret patched -o jsonpath='{.data.username}' | base64 --decode
root
$ kubectl delete secret patched
secret "patched" deleted
"###,
    );
}

#[test]
fn flag_usage_and_api_errors() {
    check(
        r###"kubectl get secret missing
kubectl describe secret missing
kubectl get secrets --foo
kubectl create secret generic
kubectl create secret generic a b
kubectl get foos
kubectl create secret generic bad-key --from-literal='my key=value'
kubectl create secret generic dup --from-literal=a=1 --from-literal=a=2
kubectl create secret generic nofile --from-file=./nope.txt
kubectl create secret docker-registry reg --docker-username=tiger
kubectl create secret generic x --from-literal=a=b --dry-run=client -o wide
kubectl get
kubectl frobnicate
kubectl get secret x -o
"###,
        r###"$ kubectl get secret missing
Error from server (NotFound): secrets "missing" not found
$ kubectl describe secret missing
Error from server (NotFound): secrets "missing" not found
$ kubectl get secrets --foo
error: unknown flag: --foo
See 'kubectl get --help' for usage.
$ kubectl create secret generic
error: exactly one NAME is required, got 0
See 'kubectl create secret generic -h' for help and examples
$ kubectl create secret generic a b
error: exactly one NAME is required, got 2
See 'kubectl create secret generic -h' for help and examples
$ kubectl get foos
error: the server doesn't have a resource type "foos"
$ kubectl create secret generic bad-key --from-literal='my key=value'
error: "my key" is not valid key name for a Secret a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')
$ kubectl create secret generic dup --from-literal=a=1 --from-literal=a=2
error: cannot add key a, another key by that name already exists
$ kubectl create secret generic nofile --from-file=./nope.txt
error: error reading ./nope.txt: no such file or directory
$ kubectl create secret docker-registry reg --docker-username=tiger
error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required
$ kubectl create secret generic x --from-literal=a=b --dry-run=client -o wide
error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml
$ kubectl get
You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
$ kubectl frobnicate
error: unknown command "frobnicate" for "kubectl"
$ kubectl get secret x -o
error: flag needs an argument: 'o' in -o
See 'kubectl get --help' for usage.
"###,
    );
}

/// Each command has its own flags (cobra/pflag): a flag of another command is unknown, with
/// kubectl's texts (`templater.go` FlagErrorFunc, `helpers.go` CheckErr).
#[test]
fn flags_belong_to_their_command() {
    check(
        r###"kubectl get secrets --from-literal=a=b
kubectl describe pod x -o yaml
kubectl create secret tls t --from-literal=a=b
kubectl create secret generic g --cert=c.pem
kubectl exec p --dry-run -- ls
kubectl get pods -Ax
kubectl get pods -A=maybe
kubectl create secret generic ok --from-literal=a=b --dry-run=client -o name
kubectl version --client
"###,
        r###"$ kubectl get secrets --from-literal=a=b
error: unknown flag: --from-literal
See 'kubectl get --help' for usage.
$ kubectl describe pod x -o yaml
error: unknown shorthand flag: 'o' in -o
See 'kubectl describe --help' for usage.
$ kubectl create secret tls t --from-literal=a=b
error: unknown flag: --from-literal
See 'kubectl create secret tls --help' for usage.
$ kubectl create secret generic g --cert=c.pem
error: unknown flag: --cert
See 'kubectl create secret generic --help' for usage.
$ kubectl exec p --dry-run -- ls
error: unknown flag: --dry-run
See 'kubectl exec --help' for usage.
$ kubectl get pods -Ax
error: unknown shorthand flag: 'x' in -x
See 'kubectl get --help' for usage.
$ kubectl get pods -A=maybe
error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax
See 'kubectl get --help' for usage.
$ kubectl create secret generic ok --from-literal=a=b --dry-run=client -o name
secret/ok
$ kubectl version --client
Client Version: v1.33.0
Kustomize Version: v5.6.0
"###,
    );
}

/// `kubectl wait` wakes on the change that makes the condition hold (the clock stops there),
/// and a timeout lets virtual time run to the deadline.
#[test]
fn wait_wakes_on_changes() {
    check(
        r###"kubectl run p --image=busybox
kubectl wait --for=condition=Ready pod/p
kubeplay time
kubectl wait --for=condition=Ready pod/p --timeout=5s
kubectl wait --for=delete pod/p --timeout=2s
kubeplay time
kubectl wait --for=condition=Ready pod/nope --timeout=1s
"###,
        r###"$ kubectl run p --image=busybox
pod/p created
$ kubectl wait --for=condition=Ready pod/p
pod/p condition met
$ kubeplay time
+1.9s
$ kubectl wait --for=condition=Ready pod/p --timeout=5s
pod/p condition met
$ kubectl wait --for=delete pod/p --timeout=2s
error: timed out waiting for the condition on pods/p
$ kubeplay time
+3.9s
$ kubectl wait --for=condition=Ready pod/nope --timeout=1s
Error from server (NotFound): pods "nope" not found
"###,
    );
}
