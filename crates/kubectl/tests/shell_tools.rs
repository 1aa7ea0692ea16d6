//! Console behaviours a learner relies on when looking at secret files and describe output.

use kubeplay_kubectl::Console;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

#[test]
fn ls_dereferences_with_dash_l_and_grep_shows_context() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic mysecret --from-literal=username=admin");
    let pod = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: mypod\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\n      defaultMode: 256\nEOF";
    assert_eq!(run(&mut c, pod), "pod/mypod created\n");
    assert_eq!(run(&mut c, "kubectl wait --for=condition=Ready pod/mypod"), "pod/mypod condition met\n");
    // Without -L the key is a symlink; with -L (GNU ls) the file it points at: 0400 = 256.
    assert!(run(&mut c, "kubectl exec mypod -- ls -la /etc/foo")
        .contains("lrwxrwxrwx 1 root root   15 Jan  1 00:00 username -> ..data/username"));
    assert!(run(&mut c, "kubectl exec mypod -- ls -laL /etc/foo").contains("-r-------- 1 root root    5 Jan  1 00:00 username"));
    assert!(run(&mut c, "kubectl exec mypod -- ls -l /etc/foo/..data/username").starts_with("-r-------- 1 root root    5"));
    // The tmpfs mount root is world-writable and sticky.
    assert!(run(&mut c, "kubectl exec mypod -- ls -la /etc/foo").contains("drwxrwxrwt 2 root root 4096 Jan  1 00:00 .\n"));
    let out = run(&mut c, "kubectl describe pod mypod | grep -A2 Tolerations");
    assert_eq!(
        out,
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:\n"
    );
    assert!(run(&mut c, "printf 'a\\nb\\nc\\nd\\n' | grep -B1 c").eq("b\nc\n"));
}

#[test]
fn apply_warns_about_objects_it_did_not_create_and_empty_lists_print_as_lists() {
    let mut c = Console::default();
    assert_eq!(
        run(&mut c, "kubectl get secrets -o yaml"),
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );
    run(&mut c, "kubectl create secret generic a --from-literal=k=v");
    let out = c.run("kubectl create secret generic a --from-literal=k=v --dry-run=client -o yaml | kubectl apply -f -");
    assert_eq!(out.stdout, "secret/a configured\n");
    // staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go warningNoLastAppliedConfigAnnotation
    assert_eq!(out.stderr, "Warning: resource secrets/a is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n");
    // util/apply.go GetModifiedConfiguration keeps an empty annotations map in the recorded config.
    assert!(run(&mut c, "kubectl get secret a -o jsonpath='{.metadata.annotations}'")
        .contains(r#"\"metadata\":{\"annotations\":{},\"name\":\"a\""#));
}

#[test]
fn image_updates_restart_the_container_and_other_spec_changes_are_refused() {
    // pkg/apis/core/validation/validation.go ValidatePodUpdate; kuberuntime_manager.go computePodActions.
    let mut c = Console::default();
    let pod = |image: &str, extra: &str| {
        format!("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: {image}\n{extra}EOF")
    };
    assert_eq!(run(&mut c, &pod("redis:7", "")), "pod/p created\n");
    run(&mut c, "kubectl wait --for=condition=Ready pod/p");
    assert_eq!(run(&mut c, &pod("redis:7.2", "")), "pod/p configured\n");
    run(&mut c, "sleep 5");
    let table = run(&mut c, "kubectl get pods");
    assert_eq!(table, "NAME   READY   STATUS    RESTARTS   AGE\np      1/1     Running   1          6s\n");
    let events = run(&mut c, "kubectl get events");
    assert!(events.contains("Killing") && events.contains("Container c definition changed, will be restarted"), "{events}");
    let refused = run(&mut c, &pod("redis:7.2", "    workingDir: /tmp\n"));
    assert!(
        refused.starts_with(
            "The Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"
        ),
        "{refused}"
    );
}

#[test]
fn a_restarted_container_resolves_its_env_again_and_apply_keeps_the_live_pull_policy() {
    // kubelet_pods.go makeEnvironmentVariables runs at every container start, so a container
    // restarted in the same pod sees the secret's current value; apply's strategic merge patch
    // keeps the live `imagePullPolicy: Always` of `redis` when the manifest says `redis:7`.
    let mut c = Console::default();
    let pod = |image: &str| {
        format!("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: {image}\n    env:\n    - name: PW\n      valueFrom:\n        secretKeyRef: {{name: s, key: pw}}\nEOF")
    };
    run(&mut c, "kubectl create secret generic s --from-literal=pw=old");
    assert_eq!(run(&mut c, &pod("redis")), "pod/p created\n");
    run(&mut c, "kubectl wait --for=condition=Ready pod/p");
    run(&mut c, "kubectl create secret generic s --from-literal=pw=new --dry-run=client -o yaml | kubectl apply -f -");
    run(&mut c, "sleep 90");
    assert_eq!(run(&mut c, "kubectl exec p -- printenv PW"), "old\n");
    assert_eq!(run(&mut c, &pod("redis:7")), "pod/p configured\n");
    assert_eq!(run(&mut c, "kubectl get pod p -o jsonpath='{.spec.containers[0].imagePullPolicy}'"), "Always");
    // `kubectl wait` would return at once: the pod is still Ready until the kubelet sees the update.
    run(&mut c, "sleep 5");
    assert_eq!(run(&mut c, "kubectl exec p -- printenv PW"), "new\n");
    assert_eq!(run(&mut c, "kubectl get pod p -o jsonpath='{.status.containerStatuses[0].restartCount}'"), "1");
}

/// `kubectl exec` runs kubeplay's one shell against the container's files (read-only) and env.
#[test]
fn exec_runs_the_shell_in_the_container() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic mysecret --from-literal=username=admin");
    let pod = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: mypod\n    image: redis\n    env:\n    - name: WHO\n      value: learner\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\nEOF";
    assert_eq!(run(&mut c, pod), "pod/mypod created\n");
    assert_eq!(run(&mut c, "kubectl wait --for=condition=Ready pod/mypod"), "pod/mypod condition met\n");
    assert_eq!(run(&mut c, "kubectl exec mypod -- /bin/cat /etc/foo/username"), "admin");
    assert_eq!(
        run(&mut c, "kubectl exec mypod -- sh -c 'cd /etc/foo && cat username | wc -c; echo $WHO $HOME'"),
        "5\nlearner /root\n"
    );
    assert_eq!(run(&mut c, "kubectl exec mypod -- printenv WHO HOSTNAME"), "learner\nmypod\n");
    assert_eq!(
        run(&mut c, "kubectl exec mypod -- sh -c 'echo x > /etc/foo/new'"),
        "sh: can't create file: Read-only file system\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec mypod -- sleep 5"),
        "kubeplay: sleep is not available in this simulated container (try cat, ls, env, printenv, echo, sh -c)\ncommand terminated with exit code 127\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec mypod -- sh -c 'echo \"oops'"),
        "sh: unexpected EOF while looking for matching `\"'\ncommand terminated with exit code 2\n"
    );
}

/// `kubeplay run --output json`'s env and `kubectl exec env` come from the one container view, so
/// they agree: the runtime's variables (`KUBERNETES_SERVICE_*`, `PATH`, `HOSTNAME`) are in both.
#[test]
fn run_json_env_is_what_exec_env_prints() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic s --from-literal=username=admin");
    c.run_script(
        "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: p\n    image: redis\n    env:\n    - name: SECRET_USERNAME\n      valueFrom:\n        secretKeyRef:\n          name: s\n          key: username\nEOF\n",
    );
    run(&mut c, "kubectl wait --for=condition=Ready pod/p");
    let printed = run(&mut c, "kubectl exec p -- env");
    let pods = kubeplay_kubectl::view::pods(c.session.cluster());
    let env = &pods.first().expect("pod p").containers.first().expect("container p").env;
    assert_eq!(env.get("SECRET_USERNAME").map(String::as_str), Some("admin"), "{env:?}");
    assert_eq!(env.get("KUBERNETES_SERVICE_HOST").map(String::as_str), Some("10.96.0.1"));
    assert_eq!(env.get("HOSTNAME").map(String::as_str), Some("p"));
    for (k, v) in env {
        assert!(printed.contains(&format!("{k}={v}\n")), "{k}={v} missing from exec env:\n{printed}");
    }
    assert_eq!(printed.lines().count(), env.len());
}

/// describe.go printAnnotationsMultiline over the node: the TTL controller's annotation
/// (pkg/controller/ttl/ttl_controller.go: 0 s for a cluster this small), and kubeplay's note when
/// the cluster settings override it for the Cache strategy.
#[test]
fn describe_node_shows_the_ttl_annotation_and_the_override() {
    let mut c = Console::default();
    let out = run(&mut c, "kubectl describe node node-1");
    assert!(out.contains("Annotations:    node.alpha.kubernetes.io/ttl: 0\n"), "{out}");
    assert!(!out.contains("override"), "{out}");
    let settings =
        kubeplay_cluster::Settings { strategy: kubeplay_cluster::Strategy::Cache, cache_ttl_ms: 120_000, ..Default::default() };
    let mut c = Console::new(settings).expect("console");
    let out = run(&mut c, "kubectl describe node node-1");
    assert!(out.contains("the Cache strategy's TTL is 120s on this node: the cluster settings override the annotation"), "{out}");
}

/// `ls -la` in a busybox container, as busybox 1.36 prints it (coreutils/ls.c display_single:
/// `%-10s %4lu %-8.8s %-8.8s %9llu `; `total` from calculate_blocks; names in strcmp order) over
/// the kubelet's tmpfs (mm/shmem.c: a directory's size is 20 bytes per entry with `.` and `..`,
/// its links 2 + subdirectories, no blocks; a file takes a 4 KiB page): the docs' dotfiles volume,
/// where `ls -l` hides `.secret-file` and `ls -la` shows it as the symlink into `..data`.
#[test]
fn busybox_ls_of_a_secret_volume() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic dotfile-secret --from-literal=.secret-file=value-2 --from-literal=username=admin");
    run(
        &mut c,
        r#"kubectl run sleeper --image=busybox:1.36 --overrides='{"spec":{"volumes":[{"name":"v","secret":{"secretName":"dotfile-secret"}}],"containers":[{"name":"sleeper","image":"busybox:1.36","command":["sleep","3600"],"volumeMounts":[{"name":"v","mountPath":"/etc/secret-volume"}]}]}}'"#,
    );
    run(&mut c, "sleep 10");
    let la = run(&mut c, "kubectl exec sleeper -- ls -la /etc/secret-volume");
    let ts = la.lines().nth(3).and_then(|l| l.rsplit(' ').next()).unwrap_or_default().to_owned();
    assert!(ts.starts_with("..2026_01_01_00_00_0"), "{la}");
    assert_eq!(
        la,
        format!(
            "total 4
drwxrwxrwt    3 root     root           120 Jan  1 00:00 .
drwxr-xr-x    1 root     root          4096 Jan  1 00:00 ..
drwxr-xr-x    2 root     root            80 Jan  1 00:00 {ts}
lrwxrwxrwx    1 root     root            32 Jan  1 00:00 ..data -> {ts}
lrwxrwxrwx    1 root     root            19 Jan  1 00:00 .secret-file -> ..data/.secret-file
lrwxrwxrwx    1 root     root            15 Jan  1 00:00 username -> ..data/username
"
        )
    );
    assert_eq!(
        run(&mut c, "kubectl exec sleeper -- ls -l /etc/secret-volume"),
        "total 0\nlrwxrwxrwx    1 root     root            15 Jan  1 00:00 username -> ..data/username\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec sleeper -- ls -la /etc/secret-volume/..data/"),
        "total 8
drwxr-xr-x    2 root     root            80 Jan  1 00:00 .
drwxrwxrwt    3 root     root           120 Jan  1 00:00 ..
-rw-r--r--    1 root     root             7 Jan  1 00:00 .secret-file
-rw-r--r--    1 root     root             5 Jan  1 00:00 username
"
    );
    // The service account's projected volume: its mount point's parents are the runtime's (0755).
    let sa = run(&mut c, "kubectl exec sleeper -- ls -la /var/run/secrets/kubernetes.io/serviceaccount");
    assert!(sa.contains("\ndrwxr-xr-x    1 root     root          4096 Jan  1 00:00 ..\n"), "{sa}");
    assert!(sa.contains("lrwxrwxrwx    1 root     root            12 Jan  1 00:00 token -> ..data/token\n"), "{sa}");
}
