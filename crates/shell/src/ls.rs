//! `ls [-l] [-a] [-A] [-L] [-d] [-1] [-h] [PATH...]`, GNU coreutils style.

use crate::fs::{join, mode_string, parent, Fs, Node};
use crate::session::Shell;
use crate::Output;

pub(crate) fn ls(args: &[String], view: &mut Shell<'_>) -> Output {
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
    fn entry<'a>(fs: &'a dyn Fs, deref: bool, dir: &str, name: &str) -> Option<Node<'a>> {
        let p = join(dir, name);
        if deref {
            fs.stat(&p)
        } else {
            fs.lstat(&p)
        }
    }
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
        let is_dir = real == "/" || matches!(view.fs.lstat(&real), Some(Node::Dir { .. }));
        if !is_dir || dir_itself {
            // The entry in its (resolved) parent directory: `..data/username` is a real file.
            let parent_dir = view.fs.resolve(parent(&path)).unwrap_or_else(|| parent(&path).to_owned());
            let base = path.rsplit('/').next().unwrap_or("");
            let inode =
                if dir_itself && is_dir { Some(Node::Dir { mode: 0o755 }) } else { entry(&*view.fs, deref, &parent_dir, base) };
            out.push_str(&if long { long_line(p, inode.as_ref()) } else { format!("{p}\n") });
            continue;
        }
        if multiple {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{p}:\n"));
        }
        let mut names: Vec<String> =
            view.fs.read_dir(&real).into_iter().filter(|n| all || almost_all || !n.starts_with('.')).collect();
        if all {
            names.insert(0, "..".to_owned());
            names.insert(0, ".".to_owned());
        }
        names.sort_by(|a, b| a.trim_start_matches('.').cmp(b.trim_start_matches('.')).then(a.cmp(b)));
        if long {
            let total: usize = names
                .iter()
                .filter_map(|n| match view.fs.lstat(&join(&real, n)) {
                    Some(Node::File { data, .. }) => Some(data.len().div_ceil(4096) * 4),
                    _ => None,
                })
                .sum();
            out.push_str(&format!("total {total}\n"));
            for n in &names {
                let inode = match n.as_str() {
                    "." => view.fs.lstat(&real).or(Some(Node::Dir { mode: 0o755 })),
                    ".." => Some(Node::Dir { mode: 0o755 }),
                    _ => entry(&*view.fs, deref, &real, n),
                };
                out.push_str(&long_line(n, inode.as_ref()));
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
fn long_line(name: &str, inode: Option<&Node<'_>>) -> String {
    let date = "Jan  1 00:00";
    match inode {
        Some(Node::File { data, mode, gid }) => format!(
            "{} 1 root {:<4} {:>4} {date} {name}\n",
            mode_string('-', *mode),
            if *gid == 0 { "root".to_owned() } else { gid.to_string() },
            data.len()
        ),
        Some(Node::Dir { mode }) => {
            format!("{} 2 root root 4096 {date} {name}\n", mode_string('d', *mode))
        }
        Some(Node::Symlink { target }) => format!("lrwxrwxrwx 1 root root {:>4} {date} {name} -> {target}\n", target.len()),
        None => format!("?????????? ? ?    ?    ? {date} {name}\n"),
    }
}
