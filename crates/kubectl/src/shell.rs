//! The console: a small shell with a virtual working directory in which `kubectl` runs
//! against the simulated cluster.
//!
//! Supported: `echo [-n]`, `cat`, `ls [-l] [-a]`, `rm [-r] [-f]`, `pwd`, `cd`, `mkdir [-p]`,
//! `base64 [-d|--decode]`, `head`, `tail`, `wc`, `grep`, `sleep` (advances virtual time),
//! pipes, `>`, `>>`, `<`, here-documents, `;`, `&&`, `||`, `#` comments, `$VAR`.
//! Anything else is refused with `kubeplay: command not supported here: <name>`.

use std::rc::Rc;

use kubeplay_cluster::tmpfs::{join, parent, Inode, Tmpfs};
use kubeplay_cluster::{Session, Settings};

use crate::lexer::{lex_with, Token};

/// Home and starting directory of the console.
pub const HOME: &str = "/home/learner";
/// The most bytes a console file may hold.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most bytes one command may print (the rest is cut with a note).
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;
/// The most commands in one script.
pub const MAX_SCRIPT_COMMANDS: usize = 10_000;

/// What a command printed and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status (0 = success).
    pub status: i32,
}

impl Output {
    /// Success with some output.
    pub fn ok(stdout: impl Into<String>) -> Self {
        Output { stdout: stdout.into(), stderr: String::new(), status: 0 }
    }
    /// Failure with an error message (a newline is added).
    pub fn err(msg: impl Into<String>) -> Self {
        let mut stderr = msg.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Output { stdout: String::new(), stderr, status: 1 }
    }
    /// Both streams as a terminal shows them: kubectl warnings, then stdout, then errors.
    pub fn combined(&self) -> String {
        // kubectl prints its warnings (`Warning: ...`, klog's `W1129 ...`) before the result.
        let is_warning =
            |l: &str| l.starts_with("Warning: ") || (l.starts_with('W') && l[1..].starts_with(|c: char| c.is_ascii_digit()));
        let (early, late): (Vec<&str>, Vec<&str>) = self.stderr.split_inclusive('\n').partition(|l| is_warning(l));
        format!("{}{}{}", early.concat(), self.stdout, late.concat())
    }
}

/// One entry of a transcript: the command as typed (with its here-document) and its output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// The command text.
    pub command: String,
    /// What it printed.
    pub output: Output,
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
        Console { session, fs, cwd: HOME.to_owned(), namespace: "default".to_owned() }
    }

    /// Runs a script: one entry per command, here-documents included in their command.
    pub fn run_script(&mut self, script: &str) -> Vec<Entry> {
        let mut out = Vec::new();
        for command in split_commands(script).into_iter().take(MAX_SCRIPT_COMMANDS) {
            let output = self.run(&command);
            out.push(Entry { command, output });
        }
        out
    }

    /// Runs one command (a line, possibly followed by its here-document lines).
    pub fn run(&mut self, command: &str) -> Output {
        let (first, heredoc) = match command.split_once('\n') {
            Some((f, rest)) => (f, Some(rest)),
            None => (command, None),
        };
        let vars = |name: &str| -> Option<String> {
            match name {
                "HOME" => Some(HOME.to_owned()),
                "PWD" => Some(self.cwd.clone()),
                "USER" => Some("learner".to_owned()),
                "?" => Some("0".to_owned()),
                _ => None,
            }
        };
        let tokens = match lex_with(first, &vars) {
            Ok(t) => t,
            Err(e) => return Output::err(format!("{e}")),
        };
        let delimiter = heredoc_delimiter(first);
        let mut unterminated = None;
        let heredoc_body = heredoc.map(|rest| {
            let mut lines: Vec<&str> = rest.split('\n').collect();
            let closed = lines.last().is_some_and(|l| Some(l.trim_start_matches('\t')) == delimiter.as_deref());
            if closed {
                lines.pop();
            } else {
                unterminated = delimiter.clone();
            }
            let mut body = lines.join("\n");
            body.push('\n');
            body
        });
        let mut out = self.run_list(tokens, heredoc_body);
        if let Some(d) = unterminated {
            // bash: the here-document ran to the end of the input.
            out.stderr.insert_str(0, &format!("sh: warning: here-document delimited by end-of-file (wanted `{d}')\n"));
        }
        if out.stdout.len() > MAX_OUTPUT_BYTES {
            let mut cut = MAX_OUTPUT_BYTES;
            while !out.stdout.is_char_boundary(cut) {
                cut -= 1;
            }
            out.stdout.truncate(cut);
            out.stdout.push_str("\n[kubeplay: output cut at 1 MiB]\n");
        }
        out
    }

    /// `a; b && c || d`
    fn run_list(&mut self, tokens: Vec<Token>, heredoc: Option<String>) -> Output {
        let mut total = Output::default();
        let mut current: Vec<Token> = Vec::new();
        let mut pending_op: Option<Token> = None;
        let mut heredoc = heredoc;
        let run_part =
            |this: &mut Self, part: Vec<Token>, op: &Option<Token>, total: &mut Output, heredoc: &mut Option<String>| {
                let skip = match op {
                    Some(Token::And) => total.status != 0,
                    Some(Token::Or) => total.status == 0,
                    _ => false,
                };
                if skip || part.is_empty() {
                    return;
                }
                let o = this.run_pipeline(part, heredoc.take());
                total.stdout.push_str(&o.stdout);
                total.stderr.push_str(&o.stderr);
                total.status = o.status;
            };
        for t in tokens {
            match t {
                Token::Semi | Token::And | Token::Or => {
                    let part = std::mem::take(&mut current);
                    run_part(self, part, &pending_op, &mut total, &mut heredoc);
                    pending_op = Some(t);
                }
                t => current.push(t),
            }
        }
        run_part(self, current, &pending_op, &mut total, &mut heredoc);
        total
    }

    /// `a | b | c > file`
    fn run_pipeline(&mut self, tokens: Vec<Token>, heredoc: Option<String>) -> Output {
        let mut stages: Vec<Vec<Token>> = vec![Vec::new()];
        for t in tokens {
            if t == Token::Pipe {
                stages.push(Vec::new());
            } else if let Some(last) = stages.last_mut() {
                last.push(t);
            }
        }
        let mut stdin: Option<String> = None;
        let mut stderr = String::new();
        let mut status = 0;
        let n = stages.len();
        let mut heredoc = heredoc;
        for (i, stage) in stages.into_iter().enumerate() {
            let mut argv = Vec::new();
            let mut out_file: Option<(String, bool)> = None;
            let mut it = stage.into_iter();
            while let Some(t) = it.next() {
                match t {
                    Token::Word(w) => argv.push(w),
                    Token::Out | Token::Append => match it.next() {
                        Some(Token::Word(f)) => out_file = Some((f, t == Token::Append)),
                        _ => return Output::err("sh: syntax error: redirection without a file name"),
                    },
                    Token::In => match it.next() {
                        Some(Token::Word(f)) => match self.read_file(&f) {
                            Ok(s) => stdin = Some(s),
                            Err(e) => return Output::err(format!("sh: {e}")),
                        },
                        _ => return Output::err("sh: syntax error: redirection without a file name"),
                    },
                    Token::HereDoc(..) => match heredoc.take() {
                        Some(body) => stdin = Some(body),
                        None => {
                            return Output::err(
                                "sh: here-document without its lines (end it with the delimiter on a line of its own)",
                            )
                        }
                    },
                    _ => {}
                }
            }
            if argv.is_empty() {
                if n > 1 {
                    return Output::err("sh: syntax error near unexpected token `|'");
                }
                if let Some((f, append)) = out_file {
                    return self.write_out(&f, "", append);
                }
                return Output::default();
            }
            let o = self.run_simple(argv, stdin.take());
            stderr.push_str(&o.stderr);
            status = o.status;
            if let Some((f, append)) = out_file {
                let w = self.write_out(&f, &o.stdout, append);
                stderr.push_str(&w.stderr);
                if w.status != 0 {
                    status = w.status;
                }
                stdin = Some(String::new());
            } else {
                stdin = Some(o.stdout);
            }
            if i + 1 == n {
                return Output { stdout: stdin.unwrap_or_default(), stderr, status };
            }
        }
        Output { stdout: stdin.unwrap_or_default(), stderr, status }
    }

    fn write_out(&mut self, file: &str, content: &str, append: bool) -> Output {
        let path = join(&self.cwd, file);
        if matches!(self.fs.lstat(&path), Some(Inode::Dir { .. })) {
            return Output::err(format!("sh: {file}: Is a directory"));
        }
        if !matches!(self.fs.lstat(parent(&path)), Some(Inode::Dir { .. })) {
            return Output::err(format!("sh: {file}: No such file or directory"));
        }
        let mut data = if append {
            match self.fs.lstat(&path) {
                Some(Inode::File { data, .. }) => data.to_vec(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        data.extend_from_slice(content.as_bytes());
        if data.len() > MAX_FILE_BYTES {
            return Output::err(format!("sh: {file}: kubeplay files hold at most 4 MiB"));
        }
        self.fs.write_file(&path, Rc::from(data), 0o644);
        Output::default()
    }

    /// Reads a console file (relative to the working directory).
    pub fn read_file(&self, file: &str) -> Result<String, String> {
        let path = join(&self.cwd, file);
        match self.fs.lstat(&path) {
            Some(Inode::File { data, .. }) => Ok(String::from_utf8_lossy(data).into_owned()),
            Some(Inode::Dir { .. }) => Err(format!("{file}: Is a directory")),
            _ => Err(format!("{file}: No such file or directory")),
        }
    }

    /// Whether a console path is a directory.
    pub fn is_dir(&self, file: &str) -> bool {
        matches!(self.fs.lstat(&join(&self.cwd, file)), Some(Inode::Dir { .. }))
    }

    /// The regular files directly in a console directory: (name, content).
    pub fn dir_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        let path = join(&self.cwd, dir);
        self.fs
            .read_dir(&path)
            .into_iter()
            .filter_map(|n| match self.fs.lstat(&join(&path, n)) {
                Some(Inode::File { data, .. }) => Some((n.to_owned(), data.to_vec())),
                _ => None,
            })
            .collect()
    }

    fn run_simple(&mut self, argv: Vec<String>, stdin: Option<String>) -> Output {
        let name = argv[0].as_str();
        let args = &argv[1..];
        match name {
            "kubectl" | "k" => crate::kubectl::run(self, args, stdin),
            "kubeplay" => self.kubeplay(args),
            "sleep" => self.sleep(args),
            "clear" => Output::default(),
            _ => text_command(name, args, stdin, &mut FsView { fs: &mut self.fs, cwd: &mut self.cwd, writable: true }),
        }
    }

    /// `sleep N`: lets virtual time pass (the cluster runs meanwhile).
    fn sleep(&mut self, args: &[String]) -> Output {
        let Some(arg) = args.first() else { return Output::err("sleep: missing operand") };
        let ms = match arg.parse::<f64>() {
            Ok(s) if (0.0..=86_400.0).contains(&s) => (s * 1000.0) as u64,
            _ => match crate::printers::parse_duration(arg) {
                Some(ms) if ms <= 86_400_000 => ms,
                _ => return Output::err(format!("sleep: invalid time interval '{arg}'")),
            },
        };
        let target = self.session.cluster().now_ms() + ms;
        self.session.run_until(target);
        Output::default()
    }

    /// `kubeplay step [N]`, `kubeplay idle`, `kubeplay time`: move or read the virtual clock.
    fn kubeplay(&mut self, args: &[String]) -> Output {
        match args.first().map(String::as_str) {
            Some("step") => {
                let n: u64 = match args.get(1).map(|s| s.parse()) {
                    None => 1,
                    Some(Ok(n)) if n <= 100_000 => n,
                    _ => return Output::err("kubeplay: step takes a count from 1 to 100000"),
                };
                let mut out = String::new();
                for _ in 0..n {
                    let Some(r) = self.session.step() else {
                        out.push_str("nothing left to do\n");
                        break;
                    };
                    let c = self.session.cluster();
                    for e in &c.events()[r.events.clone()] {
                        out.push_str(&format!(
                            "{} {} {} pod/{}: {}\n",
                            crate::printers::event_time(e.time_ms),
                            e.type_.as_str(),
                            e.reason,
                            e.object.name,
                            e.message
                        ));
                    }
                    for s in &r.summary {
                        out.push_str(&format!("{} {s}\n", crate::printers::event_time(r.time_ms)));
                    }
                }
                Output::ok(out)
            }
            Some("idle") => {
                let limit = self.session.cluster().now_ms() + 3_600_000;
                self.session.run_until_idle(limit);
                Output::ok(format!("idle at {}\n", crate::printers::event_time(self.session.cluster().now_ms())))
            }
            Some("time") => Output::ok(format!("{}\n", crate::printers::event_time(self.session.cluster().now_ms()))),
            _ => Output::err("usage: kubeplay step [N] | kubeplay idle | kubeplay time"),
        }
    }
}

/// A filesystem the text commands work on (the console's, or a container's view).
pub struct FsView<'a> {
    /// The files.
    pub fs: &'a mut Tmpfs,
    /// Working directory.
    pub cwd: &'a mut String,
    /// Whether writes are allowed (container mounts of secrets are read-only).
    pub writable: bool,
}

/// Splits a script into commands: one per line, `\` continues a line, a `<<DELIM` line takes
/// the following lines up to `DELIM` with it.
pub fn split_commands(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        let mut cmd = line.to_owned();
        while cmd.ends_with('\\') && !cmd.ends_with("\\\\") {
            cmd.pop();
            match lines.next() {
                Some(next) => cmd.push_str(next),
                None => break,
            }
        }
        if cmd.trim().is_empty() {
            continue;
        }
        if let Some(delim) = heredoc_delimiter(&cmd) {
            for body in lines.by_ref() {
                cmd.push('\n');
                cmd.push_str(body);
                if body.trim_start_matches('\t') == delim {
                    break;
                }
            }
        }
        out.push(cmd);
    }
    out
}

/// The delimiter of a here-document on this line, if any.
pub fn heredoc_delimiter(line: &str) -> Option<String> {
    crate::lexer::lex(line).ok()?.into_iter().find_map(|t| match t {
        Token::HereDoc(d, _) => Some(d),
        _ => None,
    })
}

/// The text utilities, over any [`FsView`].
pub fn text_command(name: &str, args: &[String], stdin: Option<String>, view: &mut FsView<'_>) -> Output {
    let read = |view: &FsView<'_>, f: &str| -> Result<Vec<u8>, String> {
        let path = join(view.cwd, f);
        match view.fs.stat(&path) {
            Some(Inode::File { data, .. }) => Ok(data.to_vec()),
            Some(Inode::Dir { .. }) => Err(format!("{f}: Is a directory")),
            _ => Err(format!("{f}: No such file or directory")),
        }
    };
    let inputs = |view: &FsView<'_>, files: &[&String], stdin: Option<String>, cmd: &str| -> Result<Vec<u8>, Output> {
        if files.is_empty() || files.iter().all(|f| f.as_str() == "-") {
            return Ok(stdin.unwrap_or_default().into_bytes());
        }
        let mut all = Vec::new();
        for f in files {
            match read(view, f) {
                Ok(d) => all.extend(d),
                Err(e) => return Err(Output::err(format!("{cmd}: {e}"))),
            }
            if all.len() > MAX_FILE_BYTES {
                return Err(Output::err(format!("{cmd}: kubeplay commands read at most 4 MiB")));
            }
        }
        Ok(all)
    };
    match name {
        "echo" => {
            let (newline, words) = match args.first().map(String::as_str) {
                Some("-n") => (false, &args[1..]),
                _ => (true, args),
            };
            let mut s = words.join(" ");
            if newline {
                s.push('\n');
            }
            Output::ok(s)
        }
        "printf" => {
            let Some(fmt) = args.first() else { return Output::err("printf: usage: printf format [arguments]") };
            let mut s = fmt.replace("\\n", "\n").replace("\\t", "\t");
            for a in &args[1..] {
                s = s.replacen("%s", a, 1);
            }
            Output::ok(s.replace("%s", ""))
        }
        "cat" => {
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-') || a.as_str() == "-").collect();
            let mut out = Vec::new();
            let mut err = String::new();
            if files.is_empty() {
                return Output::ok(stdin.unwrap_or_default());
            }
            for f in files {
                if f == "-" {
                    out.extend(stdin.clone().unwrap_or_default().into_bytes());
                    continue;
                }
                match read(view, f) {
                    Ok(d) => out.extend(d),
                    Err(e) => err.push_str(&format!("cat: {e}\n")),
                }
                if out.len() > MAX_OUTPUT_BYTES {
                    // The console cuts output at 1 MiB anyway: stop reading.
                    break;
                }
            }
            Output { stdout: String::from_utf8_lossy(&out).into_owned(), status: i32::from(!err.is_empty()), stderr: err }
        }
        "ls" => ls(args, view),
        "pwd" => Output::ok(format!("{}\n", view.cwd)),
        "cd" => {
            let target = args.first().map(String::as_str).unwrap_or(HOME);
            let path = join(view.cwd, target);
            match view.fs.stat(&path) {
                Some(Inode::Dir { .. }) => {
                    *view.cwd = view.fs.resolve(&path).unwrap_or(path);
                    Output::default()
                }
                Some(_) => Output::err(format!("sh: cd: {target}: Not a directory")),
                None if path == "/" => {
                    *view.cwd = "/".to_owned();
                    Output::default()
                }
                None => Output::err(format!("sh: cd: {target}: No such file or directory")),
            }
        }
        "mkdir" => {
            if !view.writable {
                return Output::err("mkdir: Read-only file system");
            }
            let parents = args.iter().any(|a| a == "-p");
            for d in args.iter().filter(|a| !a.starts_with('-')) {
                let path = join(view.cwd, d);
                if view.fs.lstat(&path).is_some() {
                    if !parents {
                        return Output::err(format!("mkdir: cannot create directory '{d}': File exists"));
                    }
                    continue;
                }
                if !parents && !matches!(view.fs.lstat(parent(&path)), Some(Inode::Dir { .. })) {
                    return Output::err(format!("mkdir: cannot create directory '{d}': No such file or directory"));
                }
                view.fs.mkdir_all(&path, 0o755);
            }
            Output::default()
        }
        "rm" => {
            if !view.writable {
                return Output::err("rm: Read-only file system");
            }
            let recursive = args.iter().any(|a| a.starts_with('-') && (a.contains('r') || a.contains('R')));
            let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
            let mut err = String::new();
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let path = join(view.cwd, f);
                match view.fs.lstat(&path) {
                    Some(Inode::Dir { .. }) if !recursive => err.push_str(&format!("rm: cannot remove '{f}': Is a directory\n")),
                    Some(_) => view.fs.remove_all(&path),
                    None if force => {}
                    None => err.push_str(&format!("rm: cannot remove '{f}': No such file or directory\n")),
                }
            }
            Output { stdout: String::new(), status: i32::from(!err.is_empty()), stderr: err }
        }
        "base64" => {
            use base64::Engine as _;
            let decode = args.iter().any(|a| a == "-d" || a == "--decode" || a == "-D");
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let data = match inputs(view, &files, stdin, "base64") {
                Ok(d) => d,
                Err(o) => return o,
            };
            if decode {
                let clean: Vec<u8> = data.into_iter().filter(|b| !b.is_ascii_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD.decode(&clean) {
                    Ok(bytes) => Output::ok(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(_) => Output { stdout: String::new(), stderr: "base64: invalid input\n".to_owned(), status: 1 },
                }
            } else {
                let enc = base64::engine::general_purpose::STANDARD.encode(&data);
                let wrap0 = args.iter().any(|a| a == "-w0" || a == "--wrap=0");
                let mut s = String::new();
                if wrap0 {
                    s.push_str(&enc);
                } else {
                    for (i, c) in enc.chars().enumerate() {
                        if i > 0 && i % 76 == 0 {
                            s.push('\n');
                        }
                        s.push(c);
                    }
                }
                if !enc.is_empty() || !wrap0 {
                    s.push('\n');
                }
                Output::ok(if enc.is_empty() && !wrap0 { String::new() } else { s })
            }
        }
        "head" | "tail" => {
            let mut n = 10usize;
            let mut files = Vec::new();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if a == "-n" {
                    n = it.next().and_then(|v| v.parse().ok()).unwrap_or(10);
                } else if let Some(v) =
                    a.strip_prefix("-n").or_else(|| a.strip_prefix('-')).filter(|v| v.parse::<usize>().is_ok())
                {
                    n = v.parse().unwrap_or(10);
                } else {
                    files.push(a);
                }
            }
            let data = match inputs(view, &files, stdin, name) {
                Ok(d) => String::from_utf8_lossy(&d).into_owned(),
                Err(o) => return o,
            };
            let lines: Vec<&str> = data.split_inclusive('\n').collect();
            let pick: Vec<&str> = if name == "head" {
                lines.iter().take(n).copied().collect()
            } else {
                lines.iter().skip(lines.len().saturating_sub(n)).copied().collect()
            };
            Output::ok(pick.concat())
        }
        "wc" => {
            let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let data = match inputs(view, &files, stdin, "wc") {
                Ok(d) => d,
                Err(o) => return o,
            };
            let text = String::from_utf8_lossy(&data);
            let l = data.iter().filter(|b| **b == b'\n').count();
            let w = text.split_whitespace().count();
            let c = data.len();
            let mut parts = Vec::new();
            if flags.is_empty() || flags.contains('l') {
                parts.push(l);
            }
            if flags.is_empty() || flags.contains('w') {
                parts.push(w);
            }
            if flags.is_empty() || flags.contains('c') {
                parts.push(c);
            }
            let s = if parts.len() == 1 {
                parts[0].to_string()
            } else {
                parts.iter().map(|p| format!("{p:>7}")).collect::<Vec<_>>().join(" ")
            };
            let suffix = files.first().map(|f| format!(" {f}")).unwrap_or_default();
            Output::ok(format!("{s}{suffix}\n"))
        }
        "grep" => {
            let mut invert = false;
            let mut icase = false;
            let (mut before, mut after) = (0usize, 0usize);
            let mut rest: Vec<&String> = Vec::new();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "-v" => invert = true,
                    "-i" => icase = true,
                    "-A" | "-B" | "-C" => {
                        let n = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
                        match a.as_str() {
                            "-A" => after = n,
                            "-B" => before = n,
                            _ => (before, after) = (n, n),
                        }
                    }
                    f if f.len() > 2 && matches!(f.get(..2), Some("-A" | "-B" | "-C")) => {
                        let n = f.get(2..).and_then(|v| v.parse().ok()).unwrap_or(0);
                        match f.get(..2).unwrap_or_default() {
                            "-A" => after = n,
                            "-B" => before = n,
                            _ => (before, after) = (n, n),
                        }
                    }
                    f if f.starts_with('-') && f.len() > 1 => {
                        return Output::err(format!("grep: kubeplay's grep knows -v, -i, -A N, -B N and -C N, not {f}"))
                    }
                    _ => rest.push(a),
                }
            }
            let Some(pattern) = rest.first() else { return Output::err("Usage: grep [OPTION]... PATTERNS [FILE]...") };
            let data = match inputs(view, &rest[1..], stdin, "grep") {
                Ok(d) => String::from_utf8_lossy(&d).into_owned(),
                Err(o) => return o,
            };
            let pat = if icase { pattern.to_lowercase() } else { pattern.to_string() };
            let lines: Vec<&str> = data.lines().collect();
            let hits: Vec<bool> = lines
                .iter()
                .map(|l| {
                    let hay = if icase { l.to_lowercase() } else { (*l).to_owned() };
                    hay.contains(&pat) != invert
                })
                .collect();
            let mut out = String::new();
            let mut last_printed: Option<usize> = None;
            for (i, hit) in hits.iter().enumerate() {
                if !hit {
                    continue;
                }
                let from = i.saturating_sub(before);
                let to = (i + after).min(lines.len().saturating_sub(1));
                if let Some(last) = last_printed {
                    if (before > 0 || after > 0) && from > last + 1 {
                        out.push_str("--\n");
                    }
                }
                let start = last_printed.map_or(from, |l| from.max(l + 1));
                for line in lines.iter().take(to + 1).skip(start) {
                    out.push_str(line);
                    out.push('\n');
                }
                last_printed = Some(to.max(last_printed.unwrap_or(0)));
            }
            let status = i32::from(!hits.iter().any(|h| *h));
            Output { stdout: out, stderr: String::new(), status }
        }
        "true" => Output::default(),
        "false" => Output { status: 1, ..Output::default() },
        "help" => Output::ok(HELP),
        _ => Output { stdout: String::new(), stderr: format!("kubeplay: command not supported here: {name}\n"), status: 127 },
    }
}

/// The parent directory of a clean absolute path.
pub fn parent_of(path: &str) -> &str {
    kubeplay_cluster::tmpfs::parent(path)
}

/// `ls [-l] [-a] [PATH...]` (GNU coreutils style, one name per line as when not on a terminal).
fn ls(args: &[String], view: &mut FsView<'_>) -> Output {
    let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
    if let Some(bad) = flags.chars().find(|c| !"lLaA1hd".contains(*c)) {
        return Output::err(format!("ls: kubeplay's ls knows -l, -a, -A, -L, -d, -1 and -h, not -{bad}"));
    }
    let long = flags.contains('l');
    let all = flags.contains('a');
    let almost_all = flags.contains('A');
    let deref = flags.contains('L');
    let dir_itself = flags.contains('d');
    // The entry itself (symlinks shown as links), or what it points at with -L.
    let entry = |view: &FsView<'_>, dir: &str, name: &str| -> Option<Inode> {
        let p = join(dir, name);
        if deref {
            view.fs.stat(&p).cloned()
        } else {
            view.fs.lstat(&p).cloned()
        }
    };
    let mut paths: Vec<&str> = args.iter().filter(|a| !a.starts_with('-')).map(String::as_str).collect();
    if paths.is_empty() {
        paths.push(".");
    }
    let mut out = String::new();
    let mut err = String::new();
    let multiple = paths.len() > 1;
    for (i, p) in paths.iter().enumerate() {
        let path = join(view.cwd, p);
        let Some(real) = view.fs.resolve(&path).or_else(|| (path == "/").then(|| "/".to_owned())) else {
            err.push_str(&format!("ls: cannot access '{p}': No such file or directory\n"));
            continue;
        };
        let is_dir = real == "/" || matches!(view.fs.lstat(&real), Some(Inode::Dir { .. }));
        if !is_dir || dir_itself {
            // The entry in its (resolved) parent directory: `..data/username` is a real file.
            let parent_dir =
                view.fs.resolve(crate::shell::parent_of(&path)).unwrap_or_else(|| crate::shell::parent_of(&path).to_owned());
            let base = path.rsplit('/').next().unwrap_or("");
            let inode = if dir_itself && is_dir { Some(Inode::Dir { mode: 0o755 }) } else { entry(view, &parent_dir, base) };
            out.push_str(&if long { long_line(p, inode.as_ref(), view) } else { format!("{p}\n") });
            continue;
        }
        if multiple {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{p}:\n"));
        }
        let mut names: Vec<String> =
            view.fs.read_dir(&real).into_iter().filter(|n| all || almost_all || !n.starts_with('.')).map(str::to_owned).collect();
        if all {
            names.insert(0, "..".to_owned());
            names.insert(0, ".".to_owned());
        }
        names.sort_by(|a, b| a.trim_start_matches('.').cmp(b.trim_start_matches('.')).then(a.cmp(b)));
        if long {
            let total: usize = names
                .iter()
                .filter_map(|n| match view.fs.lstat(&join(&real, n)) {
                    Some(Inode::File { data, .. }) => Some(data.len().div_ceil(4096) * 4),
                    _ => None,
                })
                .sum();
            out.push_str(&format!("total {total}\n"));
            for n in &names {
                let inode = match n.as_str() {
                    "." => view.fs.lstat(&real).cloned().or(Some(Inode::Dir { mode: 0o755 })),
                    ".." => Some(Inode::Dir { mode: 0o755 }),
                    _ => entry(view, &real, n),
                };
                out.push_str(&long_line(n, inode.as_ref(), view));
            }
        } else {
            for n in names {
                out.push_str(&n);
                out.push('\n');
            }
        }
    }
    Output { stdout: out, status: i32::from(!err.is_empty()), stderr: err }
}

fn long_line(name: &str, inode: Option<&Inode>, _view: &FsView<'_>) -> String {
    let date = "Jan  1 00:00";
    match inode {
        Some(Inode::File { data, mode, gid }) => format!(
            "{} 1 root {:<4} {:>4} {date} {name}\n",
            kubeplay_cluster::tmpfs::mode_string('-', *mode),
            if *gid == 0 { "root".to_owned() } else { gid.to_string() },
            data.len()
        ),
        Some(Inode::Dir { mode }) => {
            format!("{} 2 root root 4096 {date} {name}\n", kubeplay_cluster::tmpfs::mode_string('d', *mode))
        }
        Some(Inode::Symlink { target }) => format!("lrwxrwxrwx 1 root root {:>4} {date} {name} -> {target}\n", target.len()),
        None => format!("?????????? ? ?    ?    ? {date} {name}\n"),
    }
}

/// The console's help text.
pub const HELP: &str = "kubeplay console — kubectl against a simulated Kubernetes v1.33 cluster.

  kubectl create secret generic NAME --from-literal=k=v --from-file=[key=]path --from-env-file=path
  kubectl create secret tls|docker-registry NAME ...     kubectl create|apply|delete -f FILE (or -f - <<EOF)
  kubectl get secrets|pods|events|nodes|namespaces [NAME] [-o wide|yaml|json|name|jsonpath=...]
  kubectl describe secret|pod NAME     kubectl exec POD [-c C] -- cat|ls|env|printenv|sh -c '...'
  kubectl patch secret NAME -p '{\"stringData\":{\"k\":\"v\"}}'   kubectl wait --for=condition=Ready pod/NAME
  Shell: echo [-n] TEXT > FILE, cat, ls [-l] [-a], rm, pwd, cd, mkdir, base64 [-d], head, tail, wc, grep, pipes.
  Time moves only when you ask: sleep 10 (10 s of virtual time), kubeplay step [N], kubeplay idle, kubeplay time.
";
