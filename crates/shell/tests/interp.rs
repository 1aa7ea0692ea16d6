//! The interpreter through its public API, over a small in-memory filesystem.

use std::collections::BTreeMap;

use kubeplay_shell::fs::parent;
use kubeplay_shell::{heredoc_delimiter, split_commands, Commands, Env, Fs, Node, Output, Shell};

/// Files and directories in a map; no symlinks.
#[derive(Default)]
struct MemFs {
    files: BTreeMap<String, Vec<u8>>,
    dirs: Vec<String>,
    read_only: bool,
}

impl MemFs {
    fn new() -> Self {
        MemFs { dirs: vec!["/".into(), "/home".into()], ..Default::default() }
    }
}

impl Fs for MemFs {
    fn lstat(&self, path: &str) -> Option<Node<'_>> {
        if let Some(d) = self.files.get(path) {
            return Some(Node::File { data: d, mode: 0o644, gid: 0 });
        }
        self.dirs.iter().any(|d| d == path).then_some(Node::Dir { mode: 0o755 })
    }
    fn stat(&self, path: &str) -> Option<Node<'_>> {
        self.lstat(path)
    }
    fn resolve(&self, path: &str) -> Option<String> {
        self.lstat(path).map(|_| path.to_owned())
    }
    fn read_dir(&self, path: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .filter(|p| p.as_str() != "/" && parent(p) == path)
            .map(|p| p.rsplit('/').next().unwrap_or("").to_owned())
            .collect();
        out.sort();
        out
    }
    fn writable(&self) -> bool {
        !self.read_only
    }
    fn write_file(&mut self, path: &str, data: Vec<u8>, _mode: u32) {
        if !self.read_only {
            self.files.insert(path.to_owned(), data);
        }
    }
    fn mkdir_all(&mut self, path: &str, _mode: u32) {
        if !self.read_only && !self.dirs.iter().any(|d| d == path) {
            self.dirs.push(path.to_owned());
        }
    }
    fn remove_all(&mut self, path: &str) {
        self.files.retain(|p, _| p != path && !p.starts_with(&format!("{path}/")));
        self.dirs.retain(|p| p != path && !p.starts_with(&format!("{path}/")));
    }
}

/// A caller with one command (`greet`) that keeps the time `sleep` asked for.
#[derive(Default)]
struct Caller {
    slept_ms: u64,
}

impl Commands for Caller {
    fn run(&mut self, _sh: &mut Shell<'_>, argv: &[String], stdin: Option<String>) -> Option<Output> {
        match argv.first().map(String::as_str) {
            Some("greet") => Some(Output::ok(format!("hello {} {}\n", argv[1..].join(" "), stdin.unwrap_or_default().trim()))),
            Some("sh") => Some(Output::err("sh is the caller's")),
            _ => None,
        }
    }
    fn sleep(&mut self, ms: u64) -> Output {
        self.slept_ms += ms;
        Output::default()
    }
}

fn run_on(fs: &mut MemFs, caller: &mut Caller, line: &str) -> Output {
    let env = Env::new([("HOME", "/home"), ("NAME", "world")]);
    let mut cwd = "/home".to_owned();
    Shell::new(fs, &mut cwd, &env).run_line(caller, line)
}

fn run(line: &str) -> Output {
    run_on(&mut MemFs::new(), &mut Caller::default(), line)
}

#[test]
fn expansion_lists_and_pipes() {
    assert_eq!(run("echo \"$NAME\" '$NAME' ${NAME}!").stdout, "world $NAME world!\n");
    assert_eq!(run("false && echo no || echo yes; echo end").stdout, "yes\nend\n");
    assert_eq!(run("echo b a | grep a | wc -l").stdout, "1\n");
    assert_eq!(run("printf 'x\\ny\\n' | tail -n 1").stdout, "y\n");
}

#[test]
fn redirections_and_here_documents() {
    let mut fs = MemFs::new();
    let mut c = Caller::default();
    assert_eq!(run_on(&mut fs, &mut c, "echo one > f; echo two >> f").status, 0);
    assert_eq!(run_on(&mut fs, &mut c, "cat < f").stdout, "one\ntwo\n");
    assert_eq!(run_on(&mut fs, &mut c, "cat <<EOF > g\nline $NAME\nEOF").status, 0);
    // Here-document bodies are taken as written (kubeplay does not expand `$` in them).
    assert_eq!(fs.files.get("/home/g").map(Vec::as_slice), Some(&b"line $NAME\n"[..]));
    let o = run_on(&mut fs, &mut c, "cat <<EOF\nunterminated");
    assert_eq!(o.stdout, "unterminated\n");
    assert_eq!(o.stderr, "sh: warning: here-document delimited by end-of-file (wanted `EOF')\n");
    assert_eq!(run_on(&mut fs, &mut c, "echo x > nodir/f").stderr, "sh: nodir/f: No such file or directory\n");
    assert_eq!(run_on(&mut fs, &mut c, "cat missing").stderr, "cat: missing: No such file or directory\n");
}

#[test]
fn callers_commands_come_first_and_sleep_reaches_the_caller() {
    let mut fs = MemFs::new();
    let mut c = Caller::default();
    assert_eq!(run_on(&mut fs, &mut c, "echo you | greet dear").stdout, "hello dear you\n");
    assert_eq!(run_on(&mut fs, &mut c, "sleep 1.5; sleep 1m").status, 0);
    assert_eq!(c.slept_ms, 61_500);
    assert_eq!(run_on(&mut fs, &mut c, "sleep soon").stderr, "sleep: invalid time interval 'soon'\n");
    let o = run_on(&mut fs, &mut c, "vim f");
    assert_eq!((o.stderr.as_str(), o.status), ("kubeplay: command not supported here: vim\n", 127));
}

#[test]
fn read_only_files_refuse_writes_before_the_command_runs() {
    let mut fs = MemFs { read_only: true, ..MemFs::new() };
    let mut c = Caller::default();
    let o = run_on(&mut fs, &mut c, "greet x > f");
    assert_eq!((o.stdout.as_str(), o.stderr.as_str()), ("", "sh: can't create file: Read-only file system\n"));
    assert_eq!(run_on(&mut fs, &mut c, "mkdir d").stderr, "mkdir: Read-only file system\n");
    assert_eq!(run_on(&mut fs, &mut c, "rm f").stderr, "rm: Read-only file system\n");
}

#[test]
fn scripts_and_lines_report_lexing_errors_their_own_way() {
    assert_eq!(run("echo 'oops").stderr, "unexpected EOF while looking for matching `''\n");
    let env = Env::default();
    let mut fs = MemFs::new();
    let mut cwd = "/".to_owned();
    let o = Shell::new(&mut fs, &mut cwd, &env).run_script(&mut Caller::default(), "echo $(id)");
    assert_eq!((o.stderr.as_str(), o.status), ("sh: kubeplay: command substitution $(...) is not supported here\n", 2));
}

#[test]
fn output_is_cut_at_one_mebibyte() {
    let mut fs = MemFs::new();
    fs.files.insert("/home/big".into(), vec![b'x'; 2 * 1024 * 1024]);
    let o = run_on(&mut fs, &mut Caller::default(), "cat big");
    assert!(o.stdout.ends_with("\n[kubeplay: output cut at 1 MiB]\n"));
    assert_eq!(o.stdout.len(), 1024 * 1024 + "\n[kubeplay: output cut at 1 MiB]\n".len());
}

#[test]
fn scripts_split_into_commands_with_their_here_documents() {
    let script = "echo a \\\n  b\n\ncat <<'EOF' > f\nx\nEOF\necho c\n";
    assert_eq!(split_commands(script), vec!["echo a   b", "cat <<'EOF' > f\nx\nEOF", "echo c"]);
    // Comment-only lines are not commands; a `#` inside a here-document is its text.
    let script = "# the answer\n  # indented\necho a # trailing\ncat <<EOF\n# kept\nEOF\n";
    assert_eq!(split_commands(script), vec!["echo a # trailing", "cat <<EOF\n# kept\nEOF"]);
    assert_eq!(heredoc_delimiter("kubectl apply -f - <<-END"), Some("END".to_owned()));
    assert_eq!(heredoc_delimiter("echo '<<no'"), None);
}

#[test]
fn unquoted_star_expands_to_the_matching_files_and_quoted_stays_literal() {
    let mut fs = MemFs::new();
    let mut c = Caller::default();
    run_on(&mut fs, &mut c, "echo -n a > a.txt; echo -n b > b.txt; echo -n c > c.yaml; echo -n h > .hidden.txt");
    assert_eq!(run_on(&mut fs, &mut c, "echo *.txt").stdout, "a.txt b.txt\n");
    assert_eq!(run_on(&mut fs, &mut c, "echo ?.yaml *").stdout, "c.yaml a.txt b.txt c.yaml\n");
    assert_eq!(run_on(&mut fs, &mut c, "echo .*.txt").stdout, ".hidden.txt\n");
    // No match: the word stays as written (bash without nullglob/failglob).
    assert_eq!(run_on(&mut fs, &mut c, "echo *.json").stdout, "*.json\n");
    // Quoted or escaped, `*` is a plain character: the docs' reason to single-quote passwords.
    assert_eq!(run_on(&mut fs, &mut c, "echo '*.txt' \"*.txt\" \\*.txt").stdout, "*.txt *.txt *.txt\n");
    assert_eq!(run_on(&mut fs, &mut c, "echo p=S!B\\*d$zDsb= 'p=S!B\\*d$zDsb='").stdout, "p=S!B*d= p=S!B\\*d$zDsb=\n");
    assert_eq!(run_on(&mut fs, &mut c, "cat *.txt").stdout, "ab");
}

#[test]
fn exit_ends_the_script_with_its_status() {
    // POSIX sh: `exit N` ends the shell with N modulo 256; `exit` alone keeps the last status.
    let o = run("echo a; exit 3; echo b");
    assert_eq!((o.stdout.as_str(), o.status), ("a\n", 3));
    assert_eq!(run("false; exit").status, 1);
    assert_eq!(run("exit 256").status, 0);
    let o = run("exit x");
    assert_eq!((o.stderr.as_str(), o.status), ("sh: exit: Illegal number: x\n", 2));
    // The next line runs again: the console is not ended by `exit`.
    let mut fs = MemFs::new();
    let mut caller = Caller::default();
    assert_eq!(run_on(&mut fs, &mut caller, "exit 4").status, 4);
    assert_eq!(run_on(&mut fs, &mut caller, "echo again").stdout, "again\n");
}
