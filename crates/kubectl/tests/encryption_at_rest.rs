//! The docs' encryption-at-rest task typed in the console: `etcdctl get … | hexdump -C`,
//! `kubeplay apiserver --encryption-provider-config`, `kubectl replace -f -`, the API server's
//! InternalError for a removed key, and the kubelet's FailedMount when its GET fails.
//!
//! Sources: docs `tasks/administer-cluster/encrypt-data.md`; `staging/src/k8s.io/kubectl/pkg/cmd/replace/replace.go`;
//! `staging/src/k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go`; `pkg/volume/secret/secret.go`
//! (SetUpAt returns the GET error); `pkg/kubelet/util/manager/watch_based_manager.go` (`failed to sync %s cache`).
#![allow(clippy::unwrap_used)]

use kubeplay_cluster::{Settings, Strategy};
use kubeplay_kubectl::Console;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

fn config(key: &str) -> String {
    format!(
        "cat > enc-{key}.yaml <<EOF\napiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n      - aescbc:\n          keys:\n            - name: {key}\n              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/IDMyIGI=\n      - identity: {{}}\nEOF"
    )
}

const POD: &str = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: mypod\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n  volumes:\n  - name: foo\n    secret:\n      secretName: secret1\nEOF";

#[test]
fn the_docs_steps_encrypt_then_a_removed_key_fails_reads() {
    let mut c = Console::default();
    run(&mut c, "kubectl create secret generic secret1 -n default --from-literal=mykey=mydata");
    let plain = run(&mut c, "ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key get /registry/secrets/default/secret1 | hexdump -C");
    assert!(plain.starts_with("00000000  2f 72 65 67 69 73 74 72  79 2f 73 65 63 72 65 74  |/registry/secret|\n00000010  73 2f 64 65 66 61 75 6c  74 2f 73 65 63 72 65 74  |s/default/secret|\n00000020  31 0a 6b 38 73 00"), "{plain}");
    assert!(plain.contains("mykey..myd"), "plaintext in etcd: {plain}");
    run(&mut c, &config("key1"));
    assert_eq!(
        run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key1.yaml"),
        "kube-apiserver restarted with --encryption-provider-config=enc-key1.yaml\nsecrets: new writes use aescbc key key1; reads try aescbc (key1), then identity\nonly new writes change what etcd holds: rewrite every secret with kubectl get secrets -A -o json | kubectl replace -f -\n"
    );
    assert_eq!(run(&mut c, "kubectl get secrets --all-namespaces -o json | kubectl replace -f -"), "secret/secret1 replaced\n");
    let enc = run(&mut c, "etcdctl get /registry/secrets/default/secret1 | hexdump -C");
    assert!(enc.contains("00000020  31 0a 6b 38 73 3a 65 6e  63 3a 61 65 73 63 62 63  |1.k8s:enc:aescbc|\n00000030  3a 76 31 3a 6b 65 79 31  3a "), "{enc}");
    assert!(!enc.contains("myd"), "{enc}");
    // The docs: `kubectl get secret secret1 -n default -o yaml` still shows `mykey: bXlkYXRh`.
    assert!(run(&mut c, "kubectl get secret secret1 -n default -o yaml").contains("  mykey: bXlkYXRh\n"));
    // --print-value-only and --keys-only.
    assert!(
        run(&mut c, "etcdctl get /registry/secrets/default/secret1 --print-value-only").starts_with("k8s:enc:aescbc:v1:key1:")
    );
    assert_eq!(run(&mut c, "etcdctl get /registry/secrets/ --prefix --keys-only"), "/registry/secrets/default/secret1\n\n");
    // Restart with the key renamed: the stored value names key1, which is gone.
    run(&mut c, &config("key2"));
    run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key2.yaml");
    assert_eq!(
        run(&mut c, "kubectl get secret secret1"),
        "Error from server (InternalError): Internal error occurred: no matching key was found for the provided AES transformer\n"
    );
    assert_eq!(
        run(&mut c, "kubectl get secrets"),
        "Error from server (InternalError): Internal error occurred: unable to transform key \"/registry/secrets/default/secret1\": no matching key was found for the provided AES transformer\n"
    );
    // Without any config, identity refuses encrypted data.
    assert_eq!(
        run(&mut c, "kubeplay apiserver"),
        "kube-apiserver restarted without encryption at rest (identity)\nsecrets: written as plain protobuf (identity); existing encrypted values cannot be read\n"
    );
    assert_eq!(
        run(&mut c, "kubectl get secret secret1"),
        "Error from server (InternalError): Internal error occurred: identity transformer tried to read encrypted data\n"
    );
}

#[test]
fn a_config_that_does_not_load_keeps_the_api_server_as_it_was() {
    let mut c = Console::default();
    run(&mut c, "cat > enc.yaml <<EOF\napiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - secretbox:\n          keys:\n            - name: k\n              secret: c2hvcnQ=\nEOF");
    let out = c.run("kubeplay apiserver --encryption-provider-config=enc.yaml");
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        "kube-apiserver: error while parsing file: resources[0].providers[0].secretbox.keys[0].secret: Invalid value: \"REDACTED\": secret is not of the expected length, got 5, expected one of [32]\nkubeplay: the API server did not restart; it keeps its previous configuration\n"
    );
    assert!(run(&mut c, "kubeplay apiserver --encryption-provider-config=missing.yaml")
        .contains("error reading encryption provider configuration file \"missing.yaml\""));
    run(&mut c, "kubectl create secret generic s --from-literal=a=b");
    assert!(run(&mut c, "etcdctl get /registry/secrets/default/s --print-value-only").starts_with("k8s\u{0}"));
}

#[test]
fn replace_needs_an_existing_object_and_a_current_resource_version() {
    let mut c = Console::default();
    assert_eq!(
        run(&mut c, "kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml | kubectl replace -f -"),
        "Error from server (NotFound): error when replacing \"STDIN\": secrets \"s\" not found\n"
    );
    run(&mut c, "kubectl create secret generic s --from-literal=a=b");
    run(&mut c, "kubectl get secret s -o yaml > s.yaml");
    assert_eq!(run(&mut c, "kubectl patch secret s -p '{\"stringData\":{\"a\":\"c\"}}'"), "secret/s patched\n");
    assert_eq!(
        run(&mut c, "kubectl replace -f s.yaml"),
        "Error from server (Conflict): error when replacing \"s.yaml\": Operation cannot be fulfilled on secrets \"s\": the object has been modified; please apply your changes to the latest version and try again\n"
    );
    assert_eq!(run(&mut c, "kubectl replace"), "error: must specify one of -f and -k\n");
}

#[test]
fn the_kubelet_cannot_mount_a_secret_the_api_server_cannot_decrypt() {
    for (strategy, message) in [
        (Strategy::Get, "Internal error occurred: no matching key was found for the provided AES transformer"),
        (Strategy::Cache, "Internal error occurred: no matching key was found for the provided AES transformer"),
        (Strategy::Watch, "failed to sync secret cache: timed out waiting for the condition"),
    ] {
        let mut c = Console::new(Settings { strategy, ..Settings::default() }).unwrap();
        run(&mut c, &config("key1"));
        run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key1.yaml");
        run(&mut c, "kubectl create secret generic secret1 --from-literal=mykey=mydata");
        run(&mut c, &config("key2"));
        run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key2.yaml");
        assert_eq!(run(&mut c, POD), "pod/mypod created\n");
        run(&mut c, "sleep 5");
        let events = run(&mut c, "kubectl describe pod mypod");
        let want = format!("kubelet            MountVolume.SetUp failed for volume \"foo\" : {message}\n");
        assert!(events.contains(&want), "{strategy:?}: {events}");
        assert!(run(&mut c, "kubectl get pod mypod").contains("ContainerCreating"));
        // Put key1 back: the volume manager's next retry mounts it.
        run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key1.yaml");
        assert_eq!(run(&mut c, "kubectl wait --for=condition=Ready pod/mypod"), "pod/mypod condition met\n");
        assert_eq!(run(&mut c, "kubectl exec mypod -- cat /etc/foo/mykey"), "mydata");
    }
}

/// A ConfigMap in etcd: the same protobuf envelope (`v1`/`ConfigMap`), its data in plain text even
/// while Secrets are encrypted, because the EncryptionConfiguration lists `secrets` only
/// (core/v1 generated.proto ConfigMap: data 2, binaryData 3, immutable 4).
#[test]
fn config_maps_stay_plain_in_etcd_when_only_secrets_are_encrypted() {
    let mut c = Console::default();
    run(&mut c, &config("key1"));
    run(&mut c, "kubeplay apiserver --encryption-provider-config=enc-key1.yaml");
    run(&mut c, "kubectl create configmap app-config --from-literal=theme=dark");
    run(&mut c, "kubectl create secret generic app-secret --from-literal=api-key=k3y-123");
    let cm = run(&mut c, "etcdctl get /registry/configmaps/default/app-config");
    assert!(cm.starts_with("/registry/configmaps/default/app-config\nk8s\0\n\u{f}\n\u{2}v1\u{12}\tConfigMap"), "{cm:?}");
    assert!(cm.contains("\n\u{5}theme\u{12}\u{4}dark"), "{cm:?}");
    let secret = run(&mut c, "etcdctl get /registry/secrets/default/app-secret");
    assert!(secret.starts_with("/registry/secrets/default/app-secret\nk8s:enc:aescbc:v1:key1:"), "{secret:?}");
    assert!(!secret.contains("k3y-123"));
    // A range over both prefixes comes back in key order, config maps first.
    let keys = run(&mut c, "etcdctl get /registry/ --prefix --keys-only");
    let listed: Vec<&str> = keys.lines().filter(|l| !l.is_empty()).collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert_eq!(listed, sorted);
    assert!(
        listed.contains(&"/registry/configmaps/default/app-config") && listed.contains(&"/registry/secrets/default/app-secret")
    );
}
