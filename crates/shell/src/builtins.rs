//! The busybox-like built-ins: echo, printf, cat, ls, pwd, cd, mkdir, rm, base64, head, tail,
//! wc, grep, sleep, exit, true, false.

use crate::fs::{join, parent, Node};
use crate::session::{Commands, Shell};
use crate::{parse_go_duration, Error, Output, MAX_FILE_BYTES, MAX_OUTPUT_BYTES};

/// Runs a built-in, or `None` when `name` is not one.
pub(crate) fn run(
    sh: &mut Shell<'_>,
    cmds: &mut dyn Commands,
    name: &str,
    args: &[String],
    stdin: Option<String>,
) -> Option<Output> {
    Some(match name {
        "sleep" => sleep(cmds, args),
        "exit" => exit(sh, args),
        "true" => Output::default(),
        "false" => Output { status: 1, ..Output::default() },
        _ => return text_command(name, args, stdin, sh),
    })
}

/// `exit [N]`: ends the script with status N (modulo 256), or with the last command's status.
/// A number that does not parse is busybox ash's `Illegal number` (status 2).
fn exit(sh: &mut Shell<'_>, args: &[String]) -> Output {
    match args.first() {
        None => {
            sh.exit = Some(None);
            Output::default()
        }
        Some(a) => match a.parse::<i64>() {
            Ok(n) => {
                let code = (n & 0xff) as i32;
                sh.exit = Some(Some(code));
                Output { status: code, ..Output::default() }
            }
            Err(_) => {
                sh.exit = Some(Some(2));
                Output { stdout: String::new(), stderr: format!("sh: exit: Illegal number: {a}\n"), status: 2 }
            }
        },
    }
}

/// `sleep N` (seconds, or a Go duration such as `1m30s`): the caller lets virtual time pass.
fn sleep(cmds: &mut dyn Commands, args: &[String]) -> Output {
    let Some(arg) = args.first() else { return Output::err("sleep: missing operand") };
    let ms = match arg.parse::<f64>() {
        Ok(s) if (0.0..=86_400.0).contains(&s) => (s * 1000.0) as u64,
        _ => match parse_go_duration(arg) {
            Some(ms) if ms <= 86_400_000 => ms,
            _ => return Output::err(format!("sleep: invalid time interval '{arg}'")),
        },
    };
    cmds.sleep(ms)
}

/// The text utilities, by name.
const TEXT_COMMANDS: &[&str] =
    &["echo", "printf", "cat", "ls", "pwd", "cd", "mkdir", "rm", "base64", "head", "tail", "wc", "grep"];

/// The text utilities over the shell's files, or `None` when `name` is not one.
fn text_command(name: &str, args: &[String], stdin: Option<String>, view: &mut Shell<'_>) -> Option<Output> {
    TEXT_COMMANDS.contains(&name).then(|| text(name, args, stdin, view))
}

/// Runs one of [`TEXT_COMMANDS`].
fn text(name: &str, args: &[String], stdin: Option<String>, view: &mut Shell<'_>) -> Output {
    let read = |view: &Shell<'_>, f: &str| -> Result<Vec<u8>, Error> { crate::fs::read(&*view.fs, view.cwd, f) };
    let inputs = |view: &Shell<'_>, files: &[&String], stdin: Option<String>, cmd: &str| -> Result<Vec<u8>, Output> {
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
                Some("-n") => (false, args.get(1..).unwrap_or_default()),
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
            for a in args.get(1..).unwrap_or_default() {
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
        "ls" => crate::ls::ls(args, view),
        "pwd" => Output::ok(format!("{}\n", view.cwd)),
        "cd" => {
            let target = args.first().map(String::as_str).or_else(|| view.env.get("HOME")).unwrap_or("/").to_owned();
            let target = target.as_str();
            let path = join(view.cwd, target);
            match view.fs.stat(&path) {
                Some(Node::Dir { .. }) => {
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
            if !view.fs.writable() {
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
                if !parents && !matches!(view.fs.lstat(parent(&path)), Some(Node::Dir { .. })) {
                    return Output::err(format!("mkdir: cannot create directory '{d}': No such file or directory"));
                }
                view.fs.mkdir_all(&path, 0o755);
            }
            Output::default()
        }
        "rm" => {
            if !view.fs.writable() {
                return Output::err("rm: Read-only file system");
            }
            let recursive = args.iter().any(|a| a.starts_with('-') && (a.contains('r') || a.contains('R')));
            let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
            let mut err = String::new();
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let path = join(view.cwd, f);
                match view.fs.lstat(&path) {
                    Some(Node::Dir { .. }) if !recursive => err.push_str(&format!("rm: cannot remove '{f}': Is a directory\n")),
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
                parts.first().map(usize::to_string).unwrap_or_default()
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
            let data = match inputs(view, rest.get(1..).unwrap_or_default(), stdin, "grep") {
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
        _ => Output::default(),
    }
}
