//! `kubectl logs`, `kubectl get pods` and `kubectl describe pod` over containers that run: the
//! Secrets concept page's dotfiles pod (`ls -l` hides the dotfile; the pod crash-loops under the
//! default `restartPolicy: Always`) and a `--restart=Never` pod that exits 1.
//!
//! Sources: kubectl pkg/cmd/logs/logs.go and polymorphichelpers/logsforobject.go (v1.33) for the
//! flags, the default container and client errors; pkg/kubelet/kubelet_pods.go
//! validateContainerLogStatus for which instance is served and its `BadRequest` texts;
//! pkg/printers/internalversion/printers.go printPod for READY/STATUS/RESTARTS (`3 (17s ago)`);
//! pkg/kubelet/kuberuntime/logs/logs.go for `--timestamps` (RFC3339NanoFixed).
#![allow(clippy::expect_used, clippy::panic)]

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

fn transcript(script: &str) -> String {
    let mut console = Console::new(Settings::default()).expect("console");
    console.run_script(script).iter().map(|e| e.transcript()).filter(|l| !l.starts_with("> ")).collect()
}

const DOTFILES: &str = r#"kubectl create secret generic dotfile-secret --from-literal=.secret-file=value-2
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: secret-dotfiles-pod
spec:
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command:
    - ls
    - "-l"
    - "/etc/secret-volume"
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
EOF
"#;

#[test]
fn dotfiles_pod_logs_and_crash_loop() {
    let got = transcript(&format!(
        "{DOTFILES}kubectl logs secret-dotfiles-pod\nsleep 3\nkubectl get pods\nkubectl logs secret-dotfiles-pod\nkubectl logs secret-dotfiles-pod --timestamps\nsleep 60\nkubectl get pods\nkubectl logs secret-dotfiles-pod -p\nkubectl logs secret-dotfiles-pod -c nope\nkubectl logs nope\n"
    ));
    let want = r#"$ kubectl logs secret-dotfiles-pod
$ sleep 3
$ kubectl get pods
NAME                  READY   STATUS      RESTARTS   AGE
secret-dotfiles-pod   0/1     Completed   0          3s
$ kubectl logs secret-dotfiles-pod
total 0
$ kubectl logs secret-dotfiles-pod --timestamps
2026-01-01T00:00:01.081000000Z total 0
$ sleep 60
$ kubectl get pods
NAME                  READY   STATUS             RESTARTS      AGE
secret-dotfiles-pod   0/1     CrashLoopBackOff   3 (17s ago)   63s
$ kubectl logs secret-dotfiles-pod -p
total 0
$ kubectl logs secret-dotfiles-pod -c nope
error: container nope is not valid for pod secret-dotfiles-pod
$ kubectl logs nope
error: error from server (NotFound): pods "nope" not found in namespace "default"
"#;
    let tail = got.split_once("pod/secret-dotfiles-pod created\n").map(|(_, t)| t).expect("applied");
    assert_eq!(tail, want);
}

#[test]
fn describe_shows_the_last_state_and_restarts() {
    let got = transcript(&format!("{DOTFILES}sleep 63\nkubectl describe pod secret-dotfiles-pod\n"));
    for want in [
        "    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Completed\n      Exit Code:    0\n",
        "    Ready:          False\n    Restart Count:  3\n",
        "kubelet            Back-off restarting failed container dotfile-test-container in pod secret-dotfiles-pod_default(",
        "    Container ID:  containerd://",
    ] {
        assert!(got.contains(want), "{want}\nnot in\n{got}");
    }
}

#[test]
fn never_pod_that_exits_1_and_log_selection() {
    let got = transcript(
        "kubectl run fail --image=busybox --restart=Never -- sh -c 'echo one; echo two; exit 1'\nkubectl logs fail -p\nsleep 10\nkubectl get pods\nkubectl logs fail --tail 1\nkubectl logs -l run=fail\nkubectl logs -l run=nothing\nkubectl logs fail -p\n",
    );
    let want = r#"$ kubectl run fail --image=busybox --restart=Never -- sh -c 'echo one; echo two; exit 1'
pod/fail created
$ kubectl logs fail -p
$ sleep 10
$ kubectl get pods
NAME   READY   STATUS   RESTARTS   AGE
fail   0/1     Error    0          10s
$ kubectl logs fail --tail 1
two
$ kubectl logs -l run=fail
one
two
$ kubectl logs -l run=nothing
No resources found in default namespace.
$ kubectl logs fail -p
Error from server (BadRequest): previous terminated container "fail" in pod "fail" not found
"#;
    assert_eq!(got, want);
}

#[test]
fn waiting_containers_say_why_and_init_containers_are_named() {
    let got = transcript(
        "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: init\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: [sh, -c, \"echo setting up; sleep 30\"]\n  containers:\n  - name: app\n    image: nginx:1.27\nEOF\nsleep 5\nkubectl get pods\nkubectl logs init\nkubectl logs init -c setup\n",
    );
    let want = r#"$ sleep 5
$ kubectl get pods
NAME   READY   STATUS     RESTARTS   AGE
init   0/1     Init:0/1   0          5s
$ kubectl logs init
Defaulted container "app" out of: app, setup (init)
Error from server (BadRequest): container "app" in pod "init" is waiting to start: PodInitializing
$ kubectl logs init -c setup
setting up
"#;
    let tail = got.split_once("pod/init created\n").map(|(_, t)| t).expect("applied");
    assert_eq!(tail, want);
}

/// `kubectl run --env --command -- …` builds the pod as run.go does; its log shows the env.
#[test]
fn run_with_env_and_command_logs_the_variable() {
    let got = transcript(
        "kubectl run e --image=busybox --restart=Never --env=GREETING=hello=world --command -- sh -c 'echo $GREETING'\nkubectl run bad --image=busybox --env=NOVALUE\nsleep 10\nkubectl logs e\nkubectl get pod e -o jsonpath='{.spec.containers[0].command}'\n",
    );
    let want = r#"$ kubectl run e --image=busybox --restart=Never --env=GREETING=hello=world --command -- sh -c 'echo $GREETING'
pod/e created
$ kubectl run bad --image=busybox --env=NOVALUE
error: invalid env: NOVALUE
$ sleep 10
$ kubectl logs e
hello=world
$ kubectl get pod e -o jsonpath='{.spec.containers[0].command}'
["sh","-c","echo $GREETING"]"#;
    assert_eq!(got.trim_end(), want);
}

/// `kubectl exec` into a container whose process exited: kubectl's error, and kubeplay's note
/// says why (not "has not started yet").
#[test]
fn exec_into_an_exited_container() {
    let got =
        transcript("kubectl run done --image=busybox --restart=Never -- sh -c 'echo hi'\nsleep 10\nkubectl exec done -- ls\n");
    assert!(
        got.ends_with(
            "$ kubectl exec done -- ls\nerror: cannot exec into a container in a completed pod; current phase is Succeeded\n"
        ),
        "{got}"
    );
    let got = transcript("kubectl run loop --image=busybox -- sh -c 'exit 1'\nsleep 30\nkubectl exec loop -- ls\n");
    assert!(
        got.ends_with("$ kubectl exec loop -- ls\nerror: unable to upgrade connection: container not found (\"loop\")\nkubeplay: the container's process has exited (see `kubectl logs POD` and `kubectl describe pod POD`)\n"),
        "{got}"
    );
}

/// kubectl logs reads the pod (RBAC `get pods`), then its `log` subresource (`get pods/log`,
/// logs.go): a user without `pods/log` gets the API server's Forbidden text (rbac authorizer).
#[test]
fn reading_logs_needs_get_on_pods_log() {
    let got = transcript(
        "kubectl run app --image=busybox --command -- sh -c 'echo hello; sleep infinity'\n\
         kubectl create role pod-reader --verb=get --verb=list --resource=pods\n\
         kubectl create rolebinding bob-reads-pods --role=pod-reader --user=bob\n\
         kubectl create role log-reader --verb=get --resource=pods --resource=pods/log\n\
         kubectl create rolebinding jane-reads-logs --role=log-reader --user=jane\n\
         sleep 5\nkubectl logs app --as=bob\nkubectl logs app --as=jane\nkubectl logs app --as=eve\n",
    );
    assert!(got.contains("$ kubectl logs app --as=bob\nError from server (Forbidden): pods \"app\" is forbidden: User \"bob\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"default\"\n"), "{got}");
    assert!(got.contains("$ kubectl logs app --as=jane\nhello\n"), "{got}");
    assert!(got.contains("$ kubectl logs app --as=eve\nError from server (Forbidden): pods \"app\" is forbidden: User \"eve\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"\n"), "{got}");
}
