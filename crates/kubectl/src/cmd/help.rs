//! `kubectl help [COMMAND]`, `kubectl COMMAND -h|--help` and `kubectl options`: kubectl v1.33's
//! own help texts, byte for byte, for the commands the console simulates.
//!
//! The texts in `help/` are what a kubectl v1.33.1 client prints (cobra's help template with
//! kubectl's `util/templates/templater.go`), captured by `scripts/capture-kubectl-help.sh`.
//! cobra `command.go` (`InitDefaultHelpCmd`): `help` finds the command its arguments name and
//! prints its help; a topic it cannot find gets `Unknown help topic %#q` and the root's usage,
//! both on stderr, exit status 0.

use kubeplay_shell::Output;

/// The help text of each command path (after `kubectl`), from kubectl v1.33.1.
const TEXTS: &[(&[&str], &str)] = &[
    (&[], include_str!("help/kubectl.txt")),
    (&["options"], include_str!("help/options.txt")),
    (&["create"], include_str!("help/create.txt")),
    (&["create", "secret"], include_str!("help/create_secret.txt")),
    (&["create", "secret", "generic"], include_str!("help/create_secret_generic.txt")),
    (&["create", "secret", "tls"], include_str!("help/create_secret_tls.txt")),
    (&["create", "secret", "docker-registry"], include_str!("help/create_secret_docker-registry.txt")),
    (&["create", "namespace"], include_str!("help/create_namespace.txt")),
    (&["create", "serviceaccount"], include_str!("help/create_serviceaccount.txt")),
    (&["create", "role"], include_str!("help/create_role.txt")),
    (&["create", "clusterrole"], include_str!("help/create_clusterrole.txt")),
    (&["create", "rolebinding"], include_str!("help/create_rolebinding.txt")),
    (&["create", "clusterrolebinding"], include_str!("help/create_clusterrolebinding.txt")),
    (&["apply"], include_str!("help/apply.txt")),
    (&["replace"], include_str!("help/replace.txt")),
    (&["auth"], include_str!("help/auth.txt")),
    (&["auth", "can-i"], include_str!("help/auth_can-i.txt")),
    (&["delete"], include_str!("help/delete.txt")),
    (&["get"], include_str!("help/get.txt")),
    (&["describe"], include_str!("help/describe.txt")),
    (&["exec"], include_str!("help/exec.txt")),
    (&["patch"], include_str!("help/patch.txt")),
    (&["wait"], include_str!("help/wait.txt")),
    (&["run"], include_str!("help/run.txt")),
    (&["version"], include_str!("help/version.txt")),
    (&["logs"], include_str!("help/logs.txt")),
    (&["create", "deployment"], include_str!("help/create_deployment.txt")),
    (&["create", "job"], include_str!("help/create_job.txt")),
    (&["scale"], include_str!("help/scale.txt")),
    (&["rollout"], include_str!("help/rollout.txt")),
    (&["rollout", "restart"], include_str!("help/rollout_restart.txt")),
    (&["rollout", "status"], include_str!("help/rollout_status.txt")),
    (&["rollout", "history"], include_str!("help/rollout_history.txt")),
    (&["rollout", "undo"], include_str!("help/rollout_undo.txt")),
    (&["set"], include_str!("help/set.txt")),
    (&["set", "env"], include_str!("help/set_env.txt")),
];

/// Where the root's usage starts in its help text (the root's `Long` comes before it).
const ROOT_USAGE_FROM: &str = "Basic Commands (Beginner):";

/// A command's aliases as cobra resolves them (`create namespace` is also `create ns`, …).
fn canonical(word: &str) -> &str {
    match word {
        "ns" => "namespace",
        "sa" => "serviceaccount",
        "deploy" => "deployment",
        other => other,
    }
}

/// The help text of the longest command path that `words` start with, if kubeplay has it
/// (cobra's `Find`: the words after the command are its arguments).
pub fn text_for(words: &[String]) -> Option<&'static str> {
    TEXTS
        .iter()
        .filter(|(path, _)| path.len() <= words.len() && path.iter().zip(words).all(|(p, w)| *p == canonical(w)))
        .max_by_key(|(path, _)| path.len())
        .map(|(_, text)| *text)
}

/// The help text of exactly this command path.
fn exact(path: &[&str]) -> Option<&'static str> {
    TEXTS.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// Whether kubectl's arguments ask for help: `-h` or `--help` before a `--`.
pub fn wanted(args: &[String]) -> bool {
    args.iter().take_while(|a| *a != "--").any(|a| a == "-h" || a == "--help")
}

/// The root's help (`kubectl`, `kubectl --help`, `kubectl help`).
pub fn root() -> Output {
    Output::ok(exact(&[]).unwrap_or_default())
}

/// `kubectl options`: the global command-line options.
pub fn options() -> Output {
    Output::ok(exact(&["options"]).unwrap_or_default())
}

/// `kubectl help TOPIC...` for a topic that names no command: cobra prints
/// ``Unknown help topic [`a` `b`]`` and the root's usage on stderr, with exit status 0.
pub fn unknown_topic(topic: &[String]) -> Output {
    let quoted: Vec<String> = topic.iter().map(|t| format!("`{t}`")).collect();
    let root = exact(&[]).unwrap_or_default();
    let usage = root.find(ROOT_USAGE_FROM).and_then(|i| root.get(i..)).unwrap_or_default();
    Output { stdout: String::new(), stderr: format!("Unknown help topic [{}]\n\n\n{usage}", quoted.join(" ")), status: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_longest_known_path_wins() {
        let first = |s: &str| text_for(&words(s)).and_then(|t| t.lines().next());
        assert_eq!(first("get pods mypod"), Some("Display one or many resources."));
        assert_eq!(
            first("create secret generic x"),
            Some("Create a secret based on a file, directory, or specified literal value.")
        );
        assert_eq!(first("create secret"), Some("Create a secret with specified type."));
        assert_eq!(first("create ns x"), Some("Create a namespace with the specified name."));
        assert_eq!(first("auth can-i get secrets"), Some("Check whether an action is allowed."));
        assert_eq!(first(""), Some("kubectl controls the Kubernetes cluster manager."));
        assert_eq!(text_for(&words("frobnicate")), exact(&[]));
    }

    #[test]
    fn help_is_asked_before_the_double_dash_only() {
        assert!(wanted(&words("get --help")));
        assert!(wanted(&words("-h")));
        assert!(!wanted(&words("exec mypod -- ls --help")));
        assert!(!wanted(&words("get pods")));
    }

    #[test]
    fn every_text_ends_as_cobra_prints_it() {
        for (path, text) in TEXTS.iter().filter(|(p, _)| *p != ["options"]) {
            assert!(
                text.ends_with("Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n")
            );
            let usage = format!("Usage:\n  kubectl {}", path.join(" "));
            assert!(text.contains(usage.trim_end()), "{path:?} names its usage line");
        }
        assert!(options().stdout.starts_with("The following options can be passed to any command:\n"));
        assert!(options().stdout.contains("--cache-dir='/home/learner/.kube/cache'"), "the console's HOME");
    }

    #[test]
    fn an_unknown_topic_prints_the_root_usage() {
        let o = unknown_topic(&words("foo bar"));
        assert_eq!(o.status, 0);
        assert!(o.stdout.is_empty());
        assert!(o.stderr.starts_with("Unknown help topic [`foo` `bar`]\n\n\nBasic Commands (Beginner):\n  create   "));
        assert!(o.stderr.ends_with("(applies to all commands).\n"));
    }
}
