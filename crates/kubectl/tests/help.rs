//! `kubectl help`, `--help`/`-h` and `kubectl options` print kubectl v1.33's own texts.
//!
//! The texts were captured from a kubectl v1.33.1 client (`scripts/capture-kubectl-help.sh`);
//! where that client is installed (`KUBECTL_133`, default `/usr/lib/google-cloud-sdk/bin/kubectl.1.33`)
//! the console's output is compared with it byte for byte, stdout, stderr and status.
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;
use kubeplay_shell::Output;

fn run(line: &str) -> Output {
    Console::new(Settings::default()).expect("console").run(line)
}

/// Every help request the console answers with kubectl's text (all client-side in kubectl).
const ASKED: &[&str] = &[
    "kubectl",
    "kubectl --help",
    "kubectl -h",
    "kubectl help",
    "kubectl options",
    "kubectl help get",
    "kubectl help get pods",
    "kubectl get --help",
    "kubectl get pods -h",
    "kubectl get secret mysecret -o yaml --help",
    "kubectl -n kube-system describe --help",
    "kubectl create --help",
    "kubectl create secret",
    "kubectl create secret --help",
    "kubectl create secret generic --help",
    "kubectl create secret generic mysecret --from-literal=a=b --help",
    "kubectl create secret tls --help",
    "kubectl create secret docker-registry --help",
    "kubectl create ns --help",
    "kubectl create namespace --help",
    "kubectl create sa --help",
    "kubectl create role --help",
    "kubectl create clusterrole --help",
    "kubectl create rolebinding --help",
    "kubectl create clusterrolebinding --help",
    "kubectl help create secret generic",
    "kubectl apply --help",
    "kubectl replace --help",
    "kubectl auth --help",
    "kubectl auth can-i --help",
    "kubectl create deployment --help",
    "kubectl create deploy --help",
    "kubectl scale --help",
    "kubectl rollout --help",
    "kubectl rollout restart --help",
    "kubectl rollout status --help",
    "kubectl rollout history --help",
    "kubectl rollout undo --help",
    "kubectl set --help",
    "kubectl set env --help",
    "kubectl rollout",
    "kubectl set",
    "kubectl delete --help",
    "kubectl exec --help",
    "kubectl patch --help",
    "kubectl wait --help",
    "kubectl run --help",
    "kubectl version --help",
    "kubectl logs --help",
    "kubectl help foo",
    "kubectl help foo bar",
    "kubectl gte --help",
    "kubectl gte",
    "kubectl hel",
];

#[test]
fn help_texts_start_as_kubectl_prints_them() {
    let first = |line: &str| {
        let o = run(line);
        let text = if o.stdout.is_empty() { o.stderr } else { o.stdout };
        text.lines().next().unwrap_or_default().to_owned()
    };
    assert_eq!(first("kubectl"), "kubectl controls the Kubernetes cluster manager.");
    assert_eq!(first("kubectl help"), "kubectl controls the Kubernetes cluster manager.");
    assert_eq!(first("kubectl get --help"), "Display one or many resources.");
    assert_eq!(first("kubectl help describe"), "Show details of a specific resource or group of resources.");
    assert_eq!(first("kubectl exec --help"), "Execute a command in a container.");
    assert_eq!(
        first("kubectl create secret generic x -h"),
        "Create a secret based on a file, directory, or specified literal value."
    );
    assert_eq!(first("kubectl options"), "The following options can be passed to any command:");
    assert_eq!(first("kubectl help foo"), "Unknown help topic [`foo`]");
    let o = run("kubectl help foo");
    assert_eq!((o.status, o.stdout.as_str()), (0, ""), "cobra prints an unknown topic on stderr and succeeds");
    let get = run("kubectl get --help").stdout;
    assert!(get.contains("Usage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n"));
}

#[test]
fn help_is_not_taken_after_the_double_dash_or_for_commands_not_simulated() {
    let o = run("kubectl exec mypod -- ls --help");
    assert_eq!(o.stderr, "Error from server (NotFound): pods \"mypod\" not found\n");
    let o = run("kubectl label --help");
    assert!(o.stderr.starts_with("kubeplay: kubectl label is a real command that kubeplay does not simulate"));
    let o = run("kubectl create cronjob --help");
    assert!(o.stderr.starts_with("kubeplay: kubectl create cronjob is not simulated here"));
    let o = run("kubectl gte --help");
    assert_eq!(o.stderr, "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n");
}

#[test]
fn help_texts_equal_a_real_kubectl_133() {
    let bin = std::env::var("KUBECTL_133").unwrap_or_else(|_| "/usr/lib/google-cloud-sdk/bin/kubectl.1.33".to_owned());
    if !std::path::Path::new(&bin).exists() {
        eprintln!("skipped: no kubectl v1.33 at {bin}");
        return;
    }
    for line in ASKED {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let real = std::process::Command::new(&bin)
            .args(&args)
            .env("HOME", kubeplay_kubectl::console::HOME)
            .env("KUBECONFIG", "/dev/null/none")
            .output()
            .expect("run kubectl");
        let o = run(line);
        assert_eq!(o.stdout, String::from_utf8_lossy(&real.stdout), "stdout of {line}");
        assert_eq!(o.stderr, String::from_utf8_lossy(&real.stderr), "stderr of {line}");
        assert_eq!(o.status, real.status.code().unwrap_or(-1), "status of {line}");
    }
}
