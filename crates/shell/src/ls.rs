//! `ls [-l] [-a] [-A] [-L] [-d] [-1] [-h] [PATH...]`: in a busybox container as busybox 1.36
//! prints it (coreutils/ls.c `display_single`, `calculate_blocks`, `sortcmp`), in the console
//! GNU-style.

use crate::fs::{join, mode_string, parent, Fs, Node};
use crate::session::{Shell, Userland};
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
            out.push_str(&match (long, view.userland) {
                (true, Userland::Busybox) => busybox_line(&*view.fs, &join(&parent_dir, base), p, inode.as_ref()),
                (true, Userland::Coreutils) => long_line(p, inode.as_ref()),
                (false, _) => format!("{p}\n"),
            });
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
        let busybox = view.userland == Userland::Busybox;
        if busybox {
            // sortcmp: strcmp (the C locale of a container), `.` and `..` first like every dotfile.
            names.sort();
        } else {
            names.sort_by(|a, b| a.trim_start_matches('.').cmp(b.trim_start_matches('.')).then(a.cmp(b)));
        }
        if long && busybox {
            let entries: Vec<(String, Option<Node<'_>>)> = names
                .iter()
                .map(|n| {
                    let full = match n.as_str() {
                        "." => real.clone(),
                        ".." => parent(&real).to_owned(),
                        _ => join(&real, n),
                    };
                    let inode = match n.as_str() {
                        "." | ".." => view.fs.lstat(&full).or(Some(Node::Dir { mode: 0o755 })),
                        _ => entry(&*view.fs, deref, &real, n),
                    };
                    (full, inode)
                })
                .collect();
            // calculate_blocks: (1 + the 512-byte blocks of every entry listed) / 2, in KiB.
            let blocks: u64 = entries.iter().map(|(full, inode)| busybox_stat(&*view.fs, full, inode.as_ref()).2).sum();
            out.push_str(&format!("total {}\n", (1 + blocks) >> 1));
            for (n, (full, inode)) in names.iter().zip(&entries) {
                out.push_str(&busybox_line(&*view.fs, full, n, inode.as_ref()));
            }
        } else if long {
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

/// Whether `path` lies on a tmpfs the kubelet mounted: a volume's root has tmpfs's default mode
/// 1777 (the sticky bit), and everything under it is on that tmpfs.
fn on_tmpfs(fs: &dyn Fs, path: &str) -> bool {
    let mut p = path;
    loop {
        if matches!(fs.lstat(p), Some(Node::Dir { mode }) if mode & 0o1000 != 0) {
            return true;
        }
        if p == "/" || p.is_empty() {
            return false;
        }
        p = parent(p);
    }
}

/// `st_nlink`, `st_size` and `st_blocks` (512-byte units) of an entry as the kernel reports them:
/// on tmpfs (mm/shmem.c) a directory has 2 + its subdirectories links, a size of 20 bytes
/// (`BOGO_DIRENT_SIZE`) per entry including `.` and `..`, and no blocks, a file a page (8 blocks)
/// per started 4 KiB; directories of the image's overlay report 1 link, 4096 bytes, 8 blocks.
fn busybox_stat(fs: &dyn Fs, full: &str, inode: Option<&Node<'_>>) -> (usize, usize, u64) {
    match inode {
        Some(Node::File { data, .. }) => (1, data.len(), data.len().div_ceil(4096) as u64 * 8),
        Some(Node::Symlink { target }) => (1, target.len(), 0),
        Some(Node::Dir { .. }) if on_tmpfs(fs, full) => {
            let names = fs.read_dir(full);
            let subdirs = names.iter().filter(|n| matches!(fs.lstat(&join(full, n)), Some(Node::Dir { .. }))).count();
            (2 + subdirs, 40 + 20 * names.len(), 0)
        }
        Some(Node::Dir { .. }) => (1, 4096, 8),
        None => (0, 0, 0),
    }
}

/// One `ls -l` line as busybox prints it (display_single): `%-10s %4lu %-8.8s %-8.8s %9llu `, the
/// time as `Mmm dd hh:mm`, the name, and ` -> target` for a symlink.
fn busybox_line(fs: &dyn Fs, full: &str, name: &str, inode: Option<&Node<'_>>) -> String {
    let date = "Jan  1 00:00";
    let (nlink, size, _) = busybox_stat(fs, full, inode);
    let (mode, group, arrow) = match inode {
        Some(Node::File { mode, gid, .. }) => {
            (mode_string('-', *mode), if *gid == 0 { "root".to_owned() } else { gid.to_string() }, String::new())
        }
        Some(Node::Dir { mode }) => (mode_string('d', *mode), "root".to_owned(), String::new()),
        Some(Node::Symlink { target }) => ("lrwxrwxrwx".to_owned(), "root".to_owned(), format!(" -> {target}")),
        None => ("??????????".to_owned(), "?".to_owned(), String::new()),
    };
    let group: String = group.chars().take(8).collect();
    format!("{mode:<10} {nlink:>4} {:<8} {group:<8} {size:>9} {date} {name}{arrow}\n", "root")
}
