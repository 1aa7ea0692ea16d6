//! What a shell session holds: its files, working directory and environment ([`Shell`]), and
//! the caller's [`Commands`]. The interpreter (`interp`) and the built-ins both work on it.

use crate::fs::Fs;
use crate::Output;

/// The variables `$NAME` expands to, in the order `env` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: Vec<(String, String)>,
}

impl Env {
    /// An environment from (name, value) pairs, kept as given: a process's environment may hold
    /// a name twice (a pod's `env` can), `env` lists both and lookups find the first.
    pub fn new<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        Env { vars: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }
    /// The value of a variable (the first, if it is there twice).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Sets a variable (in place if it exists, else at the end).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.vars.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name, value)),
        }
    }
    /// Every variable, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The commands a caller adds to the shell (`kubectl`, `kubeplay`, a container's `sh`), and
/// the caller's side of the built-ins that reach outside the shell.
pub trait Commands {
    /// Runs `argv` if the caller knows `argv[0]`; `None` lets the built-ins have it.
    fn run(&mut self, sh: &mut Shell<'_>, argv: &[String], stdin: Option<String>) -> Option<Output>;
    /// `sleep`: lets `ms` of virtual time pass. By default time does not move.
    fn sleep(&mut self, ms: u64) -> Output {
        let _ = ms;
        Output::default()
    }
    /// A top-level command of a script printed `out`. Returning `true` takes the output (a
    /// container's process writes it to its log at the current virtual time) instead of
    /// passing it up to the caller of the script. By default the output is passed up.
    fn emit(&mut self, out: &Output) -> bool {
        let _ = out;
        false
    }
    /// What a command nobody knows prints (status 127).
    fn not_found(&self, name: &str) -> Output {
        Output { stdout: String::new(), stderr: format!("kubeplay: command not supported here: {name}\n"), status: 127 }
    }
}

/// Whose command-line tools the shell's built-ins imitate where their output differs (`ls -l`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Userland {
    /// busybox 1.36 (the busybox and alpine images): `ls -l` as coreutils/ls.c prints it.
    Busybox,
    /// A workstation's shell (the console): GNU-style `ls -l` lines.
    #[default]
    Coreutils,
}

/// A shell over some files, a working directory and an environment.
pub struct Shell<'a> {
    /// The files.
    pub fs: &'a mut dyn Fs,
    /// Working directory (`cd` changes it).
    pub cwd: &'a mut String,
    /// The variables `$NAME` expands to.
    pub env: &'a Env,
    /// Set by the `exit` built-in: the rest of the script is skipped (`None`: exit with the
    /// status of the last command).
    pub(crate) exit: Option<Option<i32>>,
    /// Whose tools the built-ins imitate.
    pub userland: Userland,
}

impl<'a> Shell<'a> {
    /// A shell over `fs`, starting in `cwd`, with the variables `env`.
    pub fn new(fs: &'a mut dyn crate::Fs, cwd: &'a mut String, env: &'a Env) -> Self {
        Shell { fs, cwd, env, exit: None, userland: Userland::default() }
    }
}
