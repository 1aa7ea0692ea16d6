//! The interpreter: command lists (`;` `&&` `||`), pipelines, redirections and
//! here-documents, over an [`Fs`](crate::Fs), an [`Env`](crate::Env) and the caller's [`Commands`].

use crate::fs::{join, parent, Node};
use crate::lexer::{lex, lex_with, Token};
use crate::session::{Commands, Shell};
use crate::{builtins, Output, MAX_FILE_BYTES, MAX_LINE_BYTES, MAX_OUTPUT_BYTES};

impl Shell<'_> {
    /// Runs one console line, possibly followed by its here-document lines. A line that does not
    /// lex prints the reason (status 1); a line over [`MAX_LINE_BYTES`] is refused (status 2);
    /// output past [`MAX_OUTPUT_BYTES`] is cut with a note.
    pub fn run_line(&mut self, cmds: &mut dyn Commands, command: &str) -> Output {
        let (first, heredoc) = match command.split_once('\n') {
            Some((f, rest)) => (f, Some(rest)),
            None => (command, None),
        };
        if first.len() > MAX_LINE_BYTES {
            return Output {
                stdout: String::new(),
                stderr: format!(
                    "kubeplay: line too long: {} bytes; the console runs lines of at most {MAX_LINE_BYTES} bytes (put long data in a file or a here-document)\n",
                    first.len()
                ),
                status: 2,
            };
        }
        let env = self.env;
        let tokens = match lex_with(first, &|n| env.get(n).map(str::to_owned)) {
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
        let mut out = self.run_list(cmds, tokens, heredoc_body);
        self.exit = None;
        if let Some(d) = unterminated {
            // bash: the here-document ran to the end of the input.
            out.stderr.insert_str(0, &format!("sh: warning: here-document delimited by end-of-file (wanted `{d}')\n"));
        }
        cut_output(&mut out.stdout);
        cut_output(&mut out.stderr);
        out
    }

    /// Runs a script as `sh -c SCRIPT` does: a script that does not lex is `sh: REASON` (status 2).
    pub fn run_script(&mut self, cmds: &mut dyn Commands, script: &str) -> Output {
        let env = self.env;
        match lex_with(script, &|n| env.get(n).map(str::to_owned)) {
            Ok(tokens) => {
                // The script is its own `sh`: an `exit` in it ends it, not its caller.
                let saved = self.exit.take();
                let out = self.run_list(cmds, tokens, None);
                self.exit = saved;
                out
            }
            Err(e) => Output { stdout: String::new(), stderr: format!("sh: {e}\n"), status: 2 },
        }
    }

    /// Runs one simple command: the caller's commands first, then the built-ins.
    pub fn run_simple(&mut self, cmds: &mut dyn Commands, argv: &[String], stdin: Option<String>) -> Output {
        let Some(name) = argv.first() else { return Output::default() };
        if let Some(o) = cmds.run(self, argv, stdin.clone()) {
            return o;
        }
        match builtins::run(self, cmds, name, argv.get(1..).unwrap_or_default(), stdin) {
            Some(o) => o,
            None => cmds.not_found(name),
        }
    }

    /// `a; b && c || d`
    fn run_list(&mut self, cmds: &mut dyn Commands, tokens: Vec<Token>, heredoc: Option<String>) -> Output {
        let mut total = Output::default();
        let mut parts: Vec<(Option<Token>, Vec<Token>)> = Vec::new();
        let mut current: Vec<Token> = Vec::new();
        let mut pending_op: Option<Token> = None;
        for t in tokens {
            match t {
                Token::Semi | Token::And | Token::Or => {
                    parts.push((pending_op.take(), std::mem::take(&mut current)));
                    pending_op = Some(t);
                }
                t => current.push(t),
            }
        }
        parts.push((pending_op, current));
        let mut heredoc = heredoc;
        for (op, part) in parts {
            let skip = match op {
                Some(Token::And) => total.status != 0,
                Some(Token::Or) => total.status == 0,
                _ => false,
            };
            if skip || part.is_empty() {
                continue;
            }
            let o = self.run_pipeline(cmds, part, heredoc.take());
            if !cmds.emit(&o) {
                total.stdout.push_str(&o.stdout);
                total.stderr.push_str(&o.stderr);
            }
            match self.exit {
                // `exit` with no operand keeps the last command's status.
                Some(None) => break,
                Some(Some(code)) => {
                    total.status = code;
                    break;
                }
                None => total.status = o.status,
            }
        }
        total
    }

    /// `a | b | c > file`
    fn run_pipeline(&mut self, cmds: &mut dyn Commands, tokens: Vec<Token>, heredoc: Option<String>) -> Output {
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
        for stage in stages {
            let mut argv = Vec::new();
            let mut out_file: Option<(String, bool)> = None;
            let mut it = stage.into_iter();
            while let Some(t) = it.next() {
                match t {
                    Token::Word(w) => argv.push(w),
                    Token::Glob(p) => argv.extend(crate::glob::expand(&*self.fs, self.cwd, &p)),
                    Token::Out | Token::Append => match it.next() {
                        Some(Token::Word(f)) => out_file = Some((f, t == Token::Append)),
                        Some(Token::Glob(p)) => out_file = Some((crate::glob::literal(&p), t == Token::Append)),
                        _ => return Output::err("sh: syntax error: redirection without a file name"),
                    },
                    Token::In => match it.next().map(|t| match t {
                        Token::Glob(p) => Token::Word(crate::glob::literal(&p)),
                        t => t,
                    }) {
                        Some(Token::Word(f)) => match crate::fs::read_text(&*self.fs, self.cwd, &f) {
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
            if out_file.is_some() && !self.fs.writable() {
                // The shell opens the file before it runs the command.
                return Output::err("sh: can't create file: Read-only file system");
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
            let o = self.run_simple(cmds, &argv, stdin.take());
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
        }
        Output { stdout: stdin.unwrap_or_default(), stderr, status }
    }

    /// `> file` / `>> file`.
    fn write_out(&mut self, file: &str, content: &str, append: bool) -> Output {
        let path = join(self.cwd, file);
        if matches!(self.fs.lstat(&path), Some(Node::Dir { .. })) {
            return Output::err(format!("sh: {file}: Is a directory"));
        }
        if !matches!(self.fs.lstat(parent(&path)), Some(Node::Dir { .. })) {
            return Output::err(format!("sh: {file}: No such file or directory"));
        }
        let mut data = if append {
            match self.fs.lstat(&path) {
                Some(Node::File { data, .. }) => data.to_vec(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        data.extend_from_slice(content.as_bytes());
        if data.len() > MAX_FILE_BYTES {
            return Output::err(format!("sh: {file}: kubeplay files hold at most 4 MiB"));
        }
        self.fs.write_file(&path, data, 0o644);
        Output::default()
    }
}

/// Splits a script into commands: one per line, `\` continues a line, a `<<DELIM` line takes
/// the following lines up to `DELIM` with it; blank and comment-only (`# ...`) lines are skipped.
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
        if cmd.trim().is_empty() || cmd.trim_start().starts_with('#') {
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

/// Cuts one stream past [`MAX_OUTPUT_BYTES`] (at a character boundary), with a note.
fn cut_output(stream: &mut String) {
    if stream.len() > MAX_OUTPUT_BYTES {
        let mut cut = MAX_OUTPUT_BYTES;
        while !stream.is_char_boundary(cut) {
            cut -= 1;
        }
        stream.truncate(cut);
        stream.push_str("\n[kubeplay: output cut at 1 MiB]\n");
    }
}

/// The delimiter of a here-document on this line, if any.
pub fn heredoc_delimiter(line: &str) -> Option<String> {
    lex(line).ok()?.into_iter().find_map(|t| match t {
        Token::HereDoc(d, _) => Some(d),
        _ => None,
    })
}
