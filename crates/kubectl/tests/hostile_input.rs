//! Property tests: whatever is typed into the console, it answers without panicking and keeps
//! working (a following `kubectl get secrets` still prints the table).
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "kubectl",
    "k",
    "create",
    "secret",
    "generic",
    "tls",
    "docker-registry",
    "get",
    "secrets",
    "secret/x",
    "pods",
    "pod/p",
    "describe",
    "delete",
    "apply",
    "patch",
    "exec",
    "wait",
    "run",
    "--",
    "-f",
    "-",
    "-o",
    "yaml",
    "json",
    "name",
    "wide",
    "jsonpath={.data}",
    "jsonpath={range .items[*]}{.metadata.name}{end}",
    "jsonpath={..name}",
    "jsonpath={.data.a\\.b}",
    "jsonpath={",
    "jsonpath={.items[-1]}",
    "jsonpath={end}",
    "--from-literal=a=b",
    "--from-literal==",
    "--from-file=x",
    "--from-file=k=x",
    "--from-file=.",
    "--from-env-file=x",
    "--cert=x",
    "--key=x",
    "--docker-username=u",
    "--docker-password=p",
    "-p",
    "{\"stringData\":{\"a\":\"b\"}}",
    "{\"data\":null}",
    "[{\"op\":\"remove\",\"path\":\"/\"}]",
    "--type=json",
    "--type=merge",
    "--dry-run",
    "--dry-run=client",
    "--dry-run=server",
    "--dry-run=x",
    "-n",
    "ns",
    "-A",
    "--for=condition=Ready",
    "--for=delete",
    "--timeout=1s",
    "--timeout=99999h",
    "-it",
    "-c",
    "--image=redis",
    "x",
    "mypod",
    "echo",
    "-n",
    "cat",
    "ls",
    "-la",
    "rm",
    "-rf",
    "/",
    "cd",
    "..",
    "mkdir",
    "-p",
    "a/b",
    "base64",
    "-d",
    "head",
    "-n",
    "-5",
    "tail",
    "wc",
    "-l",
    "grep",
    "-v",
    "sleep",
    "0.5",
    "1e308",
    "kubeplay",
    "step",
    "100000",
    "idle",
    "time",
    "printf",
    "%s%s",
    "sh",
    "-c",
    "env",
    "printenv",
    "'",
    "\"",
    "\\",
    "|",
    "||",
    "&&",
    ";",
    ">",
    ">>",
    "<",
    "<<EOF",
    "<<-'E'",
    "EOF",
    "$",
    "${",
    "$HOME",
    "${PWD}",
    "$?",
    "#",
    "é",
    "日本",
    "\u{1F600}",
    "\t",
    "=",
    "==",
    "-",
    "--x",
    "-\u{e9}",
    "-o=",
    "-ojson",
    "x.yaml",
    "---",
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: s",
    "data:",
    "  a: YQ==",
    "stringData:",
    "  k: v",
    "{}",
    "[]",
    "null",
    "~",
    "\n",
];

fn console() -> Console {
    Console::new(Settings::default()).expect("console")
}

fn still_works(c: &mut Console) {
    let o = c.run(
        "kubectl get secrets -A -o name; kubectl create secret generic after-fuzz --from-literal=k=v -n default --dry-run=client",
    );
    assert!(o.stdout.contains("secret/after-fuzz created (dry run)"), "console broken after fuzz: {o:?}");
}

fn token_line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..14).prop_map(|w| w.join(" "))
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => token_line(), 1 => any::<String>(), 1 => "[ -~]{0,40}"], 1..8)
        .prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn run_never_panics(line in prop_oneof![token_line(), any::<String>()]) {
        let mut c = console();
        let _ = c.run(&line);
        still_works(&mut c);
    }

    #[test]
    fn run_script_never_panics(s in script()) {
        let mut c = console();
        let _ = c.run_script(&s);
        still_works(&mut c);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut c = console();
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let _ = c.run_script(&s);
        let _ = c.run(&s);
        still_works(&mut c);
    }
}

/// Inputs that once hit a slicing or indexing bug, kept as fixed cases.
#[test]
fn known_hostile_inputs() {
    let mut c = console();
    for s in [
        "kubectl get secrets -\u{e9}",
        "echo a | grep -\u{e9}",
        "echo a | grep -A\u{e9}",
        "kubectl create secret generic s --from-literal=\u{e9}=x",
        "kubectl get secret x -o jsonpath={.items[",
        "kubectl get secret x -o jsonpath={.data['a'}",
        "kubectl exec p -- ''",
        "cat <<",
        "echo a |",
        "| echo",
        "kubectl patch secret s --type=json -p '[{\"op\":\"add\",\"path\":\"\"}]'",
        "kubeplay step 100000",
        "sleep 86400",
        "kubectl wait --for=delete secret/x --timeout=9999999h",
        "kubectl wait --for=delete secret/x --timeout=59m",
    ] {
        let _ = c.run(s);
        let _ = c.run_script(s);
    }
    still_works(&mut c);
}

/// An annotation full of tabs goes through describe's tabwriter without overflowing the stack.
#[test]
fn describe_survives_tab_bomb() {
    let mut c = console();
    let tabs = "\\t".repeat(50_000);
    let o = c.run(&format!("kubectl create -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata:\n  name: tabs\n  annotations:\n    a: \"{tabs}\"\nEOF"));
    assert_eq!(o.stdout, "secret/tabs created\n", "{o:?}");
    let o = c.run("kubectl describe secret tabs");
    assert!(o.stdout.starts_with("Name:         tabs\n"), "{}", &o.stdout[..200.min(o.stdout.len())]);
    still_works(&mut c);
}

/// A pod that never gets ready and a huge --timeout: wait ends (in bounded work) with kubectl's error.
#[test]
fn wait_with_huge_timeout_ends() {
    let mut c = console();
    let o = c.run("kubectl create -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: redis\n    env:\n    - name: X\n      valueFrom:\n        secretKeyRef:\n          name: missing\n          key: k\nEOF");
    assert_eq!(o.stdout, "pod/p created\n", "{o:?}");
    let o = c.run("kubectl wait --for=condition=Ready pod/p --timeout=100000h");
    assert!(o.stderr.starts_with("kubeplay: kubectl wait --timeout is at most 1h"), "{o:?}");
    let o = c.run("kubectl wait --for=condition=Ready pod/p --timeout=1h");
    assert_eq!(o.stderr, "error: timed out waiting for the condition on pods/p\n");
    still_works(&mut c);
}
