//! The console: a shell with a virtual working directory and home, in which `kubectl` and
//! `kubeplay` run against the simulated cluster.
//!
//! The shell is [`kubeplay_shell`] (built-ins: `echo [-n]`, `cat`, `ls`, `rm`, `pwd`, `cd`,
//! `mkdir`, `base64`, `head`, `tail`, `wc`, `grep`, `sleep`, pipes, redirections,
//! here-documents, `;` `&&` `||`, `$VAR`); the console registers `kubectl` (and `k`),
//! `kubeplay`, `help` and `clear`, and lets virtual time pass on `sleep`. Anything else is refused
//! with `kubeplay: command not supported here: <name>`.

use kubeplay_cluster::tmpfs::Tmpfs;
use kubeplay_cluster::{Session, Settings};
use kubeplay_shell::{split_commands, Commands, Env, Output, Shell};

use crate::cmd::{self, Ctx, HELP};
use crate::error::Result;
use crate::follow::{Follow, INTERRUPT_ECHO};
use crate::printers::event_time;

/// Home and starting directory of the console.
pub const HOME: &str = "/home/learner";
/// The most commands in one script.
pub const MAX_SCRIPT_COMMANDS: usize = 10_000;

/// One entry of a transcript: the command as typed (with its here-document) and its output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// The command text.
    pub command: String,
    /// What it printed.
    pub output: Output,
}

impl Entry {
    /// The entry as `kubeplay shell` prints it: `$ ` before the command, `> ` before each
    /// here-document line, then the output, ending at the start of a line.
    pub fn transcript(&self) -> String {
        let mut out = String::new();
        let mut lines = self.command.lines();
        out.push_str("$ ");
        out.push_str(lines.next().unwrap_or(""));
        out.push('\n');
        for l in lines {
            out.push_str("> ");
            out.push_str(l);
            out.push('\n');
        }
        let text = self.output.combined();
        out.push_str(&text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// A console session: the cluster, the user's files and working directory.
#[derive(Debug, Clone)]
pub struct Console {
    /// The cluster and its history.
    pub session: Session,
    /// The user's files.
    pub fs: Tmpfs,
    /// Working directory.
    pub cwd: String,
    /// Default namespace for kubectl.
    pub namespace: String,
    /// The command still running (`kubectl get -w`, `kubectl logs -f`), until Ctrl+C.
    pub follow: Option<Follow>,
}

impl Default for Console {
    /// A console over a cluster with default settings.
    fn default() -> Self {
        Self::with_session(Session::default())
    }
}

impl Console {
    /// A console over a fresh cluster.
    pub fn new(settings: Settings) -> Result<Self, kubeplay_cluster::Error> {
        Ok(Self::with_session(Session::new(settings)?))
    }

    /// A console over an existing session.
    pub fn with_session(session: Session) -> Self {
        let mut fs = Tmpfs::default();
        fs.mkdir_all(HOME, 0o755);
        Console { session, fs, cwd: HOME.to_owned(), namespace: "default".to_owned(), follow: None }
    }

    /// Runs a script: one entry per command, here-documents included in their command. A
    /// command left running (`get -w`, `logs -f`) is interrupted before the next one, as the
    /// learner would press Ctrl+C to get the prompt back.
    pub fn run_script(&mut self, script: &str) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for command in split_commands(script).into_iter().take(MAX_SCRIPT_COMMANDS) {
            if let (Some(echo), Some(last)) = (self.interrupt(), out.last_mut()) {
                last.output.stdout.push_str(&echo);
            }
            let output = self.run(&command);
            out.push(Entry { command, output });
        }
        out
    }

    /// Runs one command (a line, possibly followed by its here-document lines). A command still
    /// running is stopped first (see [`Console::interrupt`] to show it).
    pub fn run(&mut self, command: &str) -> Output {
        self.follow = None;
        let env = Env::new([("HOME", HOME), ("PWD", self.cwd.as_str()), ("USER", "learner"), ("?", "0")]);
        let Console { session, fs, cwd, namespace, follow } = self;
        let mut commands = ConsoleCommands { session, namespace, follow };
        Shell::new(fs, cwd, &env).run_line(&mut commands, command)
    }

    /// Whether a command is still running (`kubectl get -w`, `kubectl logs -f`).
    pub fn following(&self) -> bool {
        self.follow.is_some()
    }

    /// What the running command printed since it was last asked (after steps, a jump in time or
    /// an apply); a command whose stream closed ends here and the prompt comes back.
    pub fn poll_follow(&mut self) -> String {
        let Some(f) = self.follow.as_mut() else { return String::new() };
        let poll = f.poll(self.session.cluster());
        if poll.done {
            self.follow = None;
        }
        poll.text
    }

    /// Ctrl+C: stops the running command; returns what the terminal shows (its last output
    /// and `^C`), or `None` when nothing was running.
    pub fn interrupt(&mut self) -> Option<String> {
        self.follow.as_ref()?;
        let mut text = self.poll_follow();
        if self.follow.take().is_some() {
            text.push_str(INTERRUPT_ECHO);
        }
        Some(text)
    }

    /// Reads a console file (relative to the working directory).
    pub fn read_file(&self, file: &str) -> Result<String> {
        Ok(kubeplay_shell::fs::read_text(&self.fs, &self.cwd, file)?)
    }

    /// Whether a console path is a directory.
    pub fn is_dir(&self, file: &str) -> bool {
        kubeplay_shell::fs::is_dir(&self.fs, &self.cwd, file)
    }

    /// The regular files directly in a console directory: (name, content).
    pub fn dir_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        kubeplay_shell::fs::dir_files(&self.fs, &self.cwd, dir)
    }
}

/// The commands the console adds to the shell.
struct ConsoleCommands<'a> {
    session: &'a mut Session,
    namespace: &'a str,
    /// Where a command that keeps running leaves itself.
    follow: &'a mut Option<Follow>,
}

impl Commands for ConsoleCommands<'_> {
    fn run(&mut self, sh: &mut Shell<'_>, argv: &[String], stdin: Option<String>) -> Option<Output> {
        // `NAME=value cmd …` (the docs' `ETCDCTL_API=3 etcdctl …`): the assignments only set the
        // command's environment, which the console's tools do not read.
        let skip = argv.iter().take_while(|w| is_assignment(w)).count();
        let (name, args) = argv.get(skip..)?.split_first()?;
        Some(match name.as_str() {
            "kubectl" | "k" => {
                let mut ctx = Ctx {
                    session: self.session,
                    fs: &*sh.fs,
                    cwd: sh.cwd,
                    namespace: self.namespace,
                    user: None,
                    authn: None,
                    follow: None,
                };
                let out = cmd::run(&mut ctx, args, stdin);
                if ctx.follow.is_some() {
                    *self.follow = ctx.follow;
                }
                out
            }
            "kubeplay" if args.first().map(String::as_str) == Some("apiserver") => {
                let (fs, cwd) = (&*sh.fs, sh.cwd.clone());
                crate::etcdctl::apiserver(self.session, args.get(1..).unwrap_or_default(), |f| {
                    kubeplay_shell::fs::read_text(fs, &cwd, f).map_err(|e| e.to_string())
                })
            }
            "kubeplay" if args.first().map(String::as_str) == Some("token") => {
                let (fs, cwd) = (&*sh.fs, sh.cwd.clone());
                crate::token_inspect::run(self.session, args.get(1..).unwrap_or_default(), stdin, |f| {
                    kubeplay_shell::fs::read_text(fs, &cwd, f).map_err(|e| e.to_string())
                })
            }
            "kubeplay" => kubeplay(self.session, args),
            "etcdctl" => crate::etcdctl::etcdctl(self.session, args),
            "hexdump" => {
                let (fs, cwd) = (&*sh.fs, sh.cwd.clone());
                crate::etcdctl::hexdump(args, stdin, |f| kubeplay_shell::fs::read(fs, &cwd, f).map_err(|e| e.to_string()))
            }
            "clear" => Output::default(),
            "help" => Output::ok(HELP),
            _ => return None,
        })
    }

    /// `sleep N`: lets virtual time pass (the cluster runs meanwhile).
    fn sleep(&mut self, ms: u64) -> Output {
        let target = self.session.cluster().now_ms() + ms;
        self.session.run_until(target);
        Output::default()
    }
}

/// Whether a word is a shell variable assignment (`NAME=value`, NAME a POSIX name).
fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(n, _)| {
        !n.is_empty() && !n.starts_with(|c: char| c.is_ascii_digit()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `kubeplay step [N]`, `kubeplay idle`, `kubeplay time`: move or read the virtual clock.
fn kubeplay(session: &mut Session, args: &[String]) -> Output {
    match args.first().map(String::as_str) {
        Some("step") => {
            let n: u64 = match args.get(1).map(|s| s.parse()) {
                None => 1,
                Some(Ok(n)) if n <= 100_000 => n,
                _ => return Output::err("kubeplay: step takes a count from 1 to 100000"),
            };
            let mut out = String::new();
            for _ in 0..n {
                let Some(r) = session.step() else {
                    out.push_str("nothing left to do\n");
                    break;
                };
                let c = session.cluster();
                for e in &c.events()[r.events.clone()] {
                    out.push_str(&format!(
                        "{} {} {} {}/{}: {}\n",
                        event_time(e.time_ms),
                        e.type_.as_str(),
                        e.reason,
                        e.object.kind.to_ascii_lowercase(),
                        e.object.name,
                        e.message
                    ));
                }
                for s in &r.summary {
                    out.push_str(&format!("{} {s}\n", event_time(r.time_ms)));
                }
            }
            Output::ok(out)
        }
        Some("idle") => {
            let limit = session.cluster().now_ms() + 3_600_000;
            session.run_until_idle(limit);
            Output::ok(format!("idle at {}\n", event_time(session.cluster().now_ms())))
        }
        Some("time") => Output::ok(format!("{}\n", event_time(session.cluster().now_ms()))),
        // The log file `--audit-log-path` would write: one JSON event per line.
        Some("audit") if args.len() == 1 => {
            if session.cluster().store().audit_policy().is_none() && session.audit_log().entries().is_empty() {
                return Output::err(
                    "kubeplay: the API server runs without --audit-policy-file, so it logs nothing; restart it with kubeplay apiserver --audit-policy-file=FILE",
                );
            }
            Output::ok(session.audit_log().json_lines())
        }
        _ => Output::err(
            "usage: kubeplay step [N] | kubeplay idle | kubeplay time | kubeplay audit | kubeplay apiserver [--encryption-provider-config=FILE] [--audit-policy-file=FILE] | kubeplay token inspect TOKEN|-f FILE",
        ),
    }
}
