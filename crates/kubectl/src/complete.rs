//! Tab completion in the console, shaped as kubectl's own completion
//! (`staging/src/k8s.io/kubectl/pkg/util/completion/completion.go`): after `get`, `describe`,
//! `delete` or `patch` a resource type, after the type (or `TYPE/`) the names of that type in
//! the namespace; after `exec` and `logs` pod names; after `-n` namespaces; elsewhere the
//! console's commands, kubectl's subcommands, flags and the working directory's files.

use kubeplay_api::object::Kind;

use crate::console::Console;
use crate::flags;

/// What the console has besides kubectl: the shell's built-ins and the console's commands.
const SHELL_COMMANDS: &[&str] = &[
    "kubectl", "kubeplay", "etcdctl", "hexdump", "help", "clear", "echo", "cat", "ls", "rm", "pwd", "cd", "mkdir", "base64",
    "head", "tail", "wc", "grep", "sleep",
];

/// kubectl's subcommands the console simulates (and `help`, `options`).
const KUBECTL_COMMANDS: &[&str] = &[
    "apply", "auth", "create", "delete", "describe", "exec", "get", "help", "logs", "options", "patch", "replace", "run",
    "version", "wait",
];

/// Resource types as `kubectl get <Tab>` offers them (plural names of what kubeplay stores).
const RESOURCE_TYPES: &[&str] = &[
    "secrets",
    "pods",
    "namespaces",
    "serviceaccounts",
    "configmaps",
    "events",
    "nodes",
    "roles",
    "rolebindings",
    "clusterroles",
    "clusterrolebindings",
];

/// Flags worth offering when the word starts with `-`.
const FLAGS: &[&str] = &[
    "--from-literal=",
    "--from-file=",
    "--from-env-file=",
    "--dry-run=client",
    "--output=",
    "--namespace=",
    "--filename=",
    "--for=condition=Ready",
    "--timeout=",
    "--container=",
    "--image=",
    "--restart=",
    "--all-namespaces",
    "--selector=",
    "--help",
    "--as=",
];

/// The console's commands after `kubeplay`.
const KUBEPLAY_COMMANDS: &[&str] = &["step", "idle", "time", "audit", "apiserver"];

/// The candidates that complete the last word of `line`, where a word ends at a space, `=` or
/// `/` (so `secret/my` completes `my` among the secrets), sorted and without duplicates.
pub fn candidates(console: &Console, line: &str) -> Vec<String> {
    // Only the last command of a pipeline or list matters.
    let command = line.rsplit(['|', ';', '&']).next().unwrap_or(line);
    let word = command.rsplit([' ', '=', '/']).next().unwrap_or("");
    let mut words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
    // The word being completed is not yet an argument.
    if !command.ends_with(char::is_whitespace) {
        words.pop();
    }
    let typing = command.split_whitespace().last().filter(|_| !command.ends_with(char::is_whitespace)).unwrap_or("");
    let mut out: Vec<String> = match words.split_first() {
        None => list(SHELL_COMMANDS),
        Some((cmd, rest)) if cmd == "kubectl" || cmd == "k" => kubectl(console, rest, typing),
        Some((cmd, rest)) if cmd == "kubeplay" && rest.is_empty() => list(KUBEPLAY_COMMANDS),
        Some(_) => console.dir_files(".").into_iter().map(|(n, _)| n).collect(),
    };
    out.retain(|c| c.starts_with(word) && c != word);
    out.sort();
    out.dedup();
    out
}

fn list(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// Completions for `kubectl ARGS TYPING`.
fn kubectl(console: &Console, args: &[String], typing: &str) -> Vec<String> {
    let ns = namespace_of(args).unwrap_or_else(|| console.namespace.clone());
    // `-n <Tab>` / `--namespace=<Tab>`: the namespaces.
    let after_ns_flag = matches!(args.last().map(String::as_str), Some("-n" | "--namespace"));
    if after_ns_flag || typing.starts_with("--namespace=") || typing.starts_with("-n=") {
        return names(console, Kind::Namespace, &ns);
    }
    if matches!(args.last().map(String::as_str), Some("-f" | "--filename")) || typing.starts_with("--filename=") {
        return console.dir_files(".").into_iter().map(|(n, _)| n).collect();
    }
    if typing.starts_with('-') {
        return list(FLAGS);
    }
    let positional = flags::command_words(args, &[flags::OUTPUT, flags::FILENAME, flags::SELECTOR]);
    let p: Vec<&str> = positional.iter().map(String::as_str).collect();
    // `TYPE/name`: names of that type.
    if let Some((ty, _)) = typing.split_once('/') {
        return match (p.first(), Kind::from_resource(ty)) {
            (Some(_), Some(kind)) => names(console, kind, &ns),
            _ => Vec::new(),
        };
    }
    match p.as_slice() {
        [] => list(KUBECTL_COMMANDS),
        ["get" | "describe" | "delete" | "patch"] => list(RESOURCE_TYPES),
        ["get" | "describe" | "delete" | "patch", ty, ..] => {
            Kind::from_resource(ty).map(|k| names(console, k, &ns)).unwrap_or_default()
        }
        ["exec" | "logs"] => names(console, Kind::Pod, &ns),
        ["wait"] => names(console, Kind::Pod, &ns).into_iter().map(|n| format!("pod/{n}")).collect(),
        ["create"] => {
            list(&["secret", "namespace", "serviceaccount", "role", "clusterrole", "rolebinding", "clusterrolebinding"])
        }
        ["create", "secret"] => list(&["generic", "tls", "docker-registry"]),
        ["auth"] => list(&["can-i"]),
        ["help"] => list(KUBECTL_COMMANDS),
        _ => console.dir_files(".").into_iter().map(|(n, _)| n).collect(),
    }
}

/// The namespace a command names with `-n NS`, `--namespace NS` or `--namespace=NS`.
fn namespace_of(args: &[String]) -> Option<String> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" || a == "--namespace" {
            return it.next().cloned();
        }
        if let Some(ns) = a.strip_prefix("--namespace=").or_else(|| a.strip_prefix("-n=")) {
            return Some(ns.to_owned());
        }
    }
    None
}

/// The names of the objects of `kind` (in `ns` when the kind is namespaced).
fn names(console: &Console, kind: Kind, ns: &str) -> Vec<String> {
    let store = console.session.cluster().store();
    let ns = kind.namespaced().then_some(ns);
    store.list(kind, ns).iter().map(|o| o.name().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn console() -> Console {
        let mut c = Console::default();
        for line in [
            "kubectl create secret generic mysecret --from-literal=a=b",
            "kubectl create secret generic my-other --from-literal=a=b",
            "kubectl create namespace dev",
            "kubectl -n dev create secret generic devsecret --from-literal=a=b",
            "kubectl run mypod --image=busybox",
            "echo x > my-notes.txt",
        ] {
            let o = c.run(line);
            assert_eq!(o.status, 0, "{line}: {}", o.stderr);
        }
        c
    }

    fn complete(c: &Console, line: &str) -> Vec<String> {
        candidates(c, line)
    }

    #[test]
    fn names_follow_the_command_and_type() {
        let c = console();
        assert_eq!(complete(&c, "kubectl describe secret my"), ["my-other", "mysecret"]);
        assert_eq!(complete(&c, "kubectl describe secret mys"), ["mysecret"]);
        assert_eq!(complete(&c, "kubectl exec my"), ["mypod"]);
        assert_eq!(complete(&c, "kubectl logs "), ["mypod"]);
        assert_eq!(complete(&c, "kubectl get secret/my-"), ["my-other"]);
        assert_eq!(complete(&c, "kubectl get pods my"), ["mypod"]);
        assert_eq!(complete(&c, "kubectl -n dev get secrets "), ["devsecret"]);
        assert_eq!(complete(&c, "kubectl get secrets --namespace=dev d"), ["devsecret"]);
        assert_eq!(complete(&c, "kubectl get secrets -n "), ["default", "dev", "kube-node-lease", "kube-public", "kube-system"]);
        assert_eq!(complete(&c, "kubectl wait --for=condition=Ready pod/"), ["mypod"]);
        assert_eq!(complete(&c, "kubectl wait "), ["pod/mypod"]);
    }

    #[test]
    fn commands_types_and_files() {
        let c = console();
        assert_eq!(complete(&c, "kubectl ge"), ["get"]);
        assert_eq!(complete(&c, "kubectl get sec"), ["secrets"]);
        assert_eq!(complete(&c, "kubectl create secret g"), ["generic"]);
        assert_eq!(complete(&c, "kub"), ["kubectl", "kubeplay"]);
        assert_eq!(complete(&c, "cat my"), ["my-notes.txt"]);
        assert_eq!(complete(&c, "kubectl get secrets | grep x; cat my"), ["my-notes.txt"]);
        assert_eq!(complete(&c, "kubectl create secret generic s --from-l"), ["--from-literal="]);
        assert_eq!(complete(&c, "kubeplay i"), ["idle"]);
        assert!(complete(&c, "kubectl get secret mysecret").is_empty(), "a complete word has nothing to add");
    }
}
