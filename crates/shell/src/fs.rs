//! The filesystem the shell works on, as a trait: the console's files, a container's view of
//! its mounts. Paths are absolute, `/`-separated and clean.

use crate::Error;

/// One entry of a filesystem, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node<'a> {
    /// A directory with its permission bits.
    Dir {
        /// Permission bits, e.g. `0o755`.
        mode: u32,
    },
    /// A regular file.
    File {
        /// Content.
        data: &'a [u8],
        /// Permission bits, e.g. `0o644`.
        mode: u32,
        /// Owning group id.
        gid: u32,
    },
    /// A symbolic link with its target as written.
    Symlink {
        /// The link's target.
        target: &'a str,
    },
}

/// A filesystem the shell reads and writes. Contract: paths given are absolute and clean
/// (see [`join`]); writes on a filesystem that is not [`Fs::writable`] change nothing.
pub trait Fs {
    /// The entry at `path`, without following a final symlink.
    fn lstat(&self, path: &str) -> Option<Node<'_>>;
    /// The entry at `path`, following symlinks.
    fn stat(&self, path: &str) -> Option<Node<'_>>;
    /// The path with every symlink resolved, if it exists.
    fn resolve(&self, path: &str) -> Option<String>;
    /// The names directly in a directory, sorted.
    fn read_dir(&self, path: &str) -> Vec<String>;
    /// Whether writes are allowed (a container's mounts are read-only).
    fn writable(&self) -> bool;
    /// Writes a whole file.
    fn write_file(&mut self, path: &str, data: Vec<u8>, mode: u32);
    /// Creates a directory and its parents.
    fn mkdir_all(&mut self, path: &str, mode: u32);
    /// Removes an entry and everything under it.
    fn remove_all(&mut self, path: &str);
}

/// The parent directory of a clean absolute path (`/` for top-level entries).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => path.get(..i).unwrap_or("/"),
    }
}

/// Whether `path` is absolute and clean: no empty, `.` or `..` elements, no trailing `/`.
pub fn is_clean_abs(path: &str) -> bool {
    path == "/" || path.strip_prefix('/').is_some_and(|rest| rest.split('/').all(|e| !e.is_empty() && e != "." && e != ".."))
}

/// Joins a directory and a relative path, resolving `.` and `..` elements.
pub fn join(dir: &str, rel: &str) -> String {
    // Fast path: a clean directory and a plain relative path just concatenate.
    if !rel.is_empty()
        && !rel.starts_with('/')
        && rel.split('/').all(|e| !e.is_empty() && e != "." && e != "..")
        && is_clean_abs(dir)
    {
        let mut out = String::with_capacity(dir.len() + rel.len() + 1);
        out.push_str(dir);
        if dir != "/" {
            out.push('/');
        }
        out.push_str(rel);
        return out;
    }
    let mut parts: Vec<&str> = if rel.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::with_capacity(dir.len() + rel.len() + 1);
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A mode as `ls -l` prints it, e.g. `-rw-r--r--` (GNU/busybox `ls`: setgid as `s`/`S` in the
/// group's execute place, sticky as `t`/`T` in the others').
pub fn mode_string(kind: char, mode: u32) -> String {
    let mut s = String::with_capacity(10);
    s.push(kind);
    for (i, c) in ['r', 'w', 'x', 'r', 'w', 'x', 'r', 'w', 'x'].iter().enumerate() {
        let on = mode & (1 << (8 - i)) != 0;
        let ch = match i {
            // The setgid bit (an fsGroup volume's directories: drwxr-sr-x).
            5 if mode & 0o2000 != 0 => {
                if on {
                    's'
                } else {
                    'S'
                }
            }
            // The sticky bit (a tmpfs mount root is 1777: drwxrwxrwt).
            8 if mode & 0o1000 != 0 => {
                if on {
                    't'
                } else {
                    'T'
                }
            }
            _ if on => *c,
            _ => '-',
        };
        s.push(ch);
    }
    s
}

/// Reads a file (following symlinks) named relative to `cwd`; errors name it as given.
pub fn read(fs: &dyn Fs, cwd: &str, file: &str) -> Result<Vec<u8>, Error> {
    match fs.stat(&join(cwd, file)) {
        Some(Node::File { data, .. }) => Ok(data.to_vec()),
        Some(Node::Dir { .. }) => Err(Error::IsADirectory(file.to_owned())),
        _ => Err(Error::NotFound(file.to_owned())),
    }
}

/// Reads a regular file (not following a final symlink) as text, invalid UTF-8 replaced.
pub fn read_text(fs: &dyn Fs, cwd: &str, file: &str) -> Result<String, Error> {
    match fs.lstat(&join(cwd, file)) {
        Some(Node::File { data, .. }) => Ok(String::from_utf8_lossy(data).into_owned()),
        Some(Node::Dir { .. }) => Err(Error::IsADirectory(file.to_owned())),
        _ => Err(Error::NotFound(file.to_owned())),
    }
}

/// Whether a path relative to `cwd` is a directory.
pub fn is_dir(fs: &dyn Fs, cwd: &str, file: &str) -> bool {
    matches!(fs.lstat(&join(cwd, file)), Some(Node::Dir { .. }))
}

/// The regular files directly in a directory: (name, content).
pub fn dir_files(fs: &dyn Fs, cwd: &str, dir: &str) -> Vec<(String, Vec<u8>)> {
    let path = join(cwd, dir);
    fs.read_dir(&path)
        .into_iter()
        .filter_map(|n| match fs.lstat(&join(&path, &n)) {
            Some(Node::File { data, .. }) => Some((n, data.to_vec())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(join("/home/learner", "a/../b/./c"), "/home/learner/b/c");
        assert_eq!(join("/x", "/etc/foo"), "/etc/foo");
        assert_eq!(join("/", ".."), "/");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(mode_string('d', 0o1777), "drwxrwxrwt");
        assert_eq!(mode_string('-', 0o400), "-r--------");
        assert_eq!(mode_string('-', 0o644), "-rw-r--r--");
        assert_eq!(mode_string('d', 0o2755), "drwxr-sr-x");
        assert_eq!(mode_string('d', 0o2745), "drwxr-Sr-x");
        assert_eq!(mode_string('d', 0o1776), "drwxrwxrwT");
        assert_eq!(mode_string('d', 0o3777), "drwxrwsrwt");
    }

    #[test]
    fn join_fast_path_matches_the_general_rule() {
        for (dir, rel, want) in [
            ("/v", "a/b", "/v/a/b"),
            ("/", "a", "/a"),
            ("/v", "", "/v"),
            ("/v/", "a", "/v/a"),
            ("/v//w", "a", "/v/w/a"),
            ("/v", "../a", "/a"),
            ("/v", "./a//b/", "/v/a/b"),
            ("/v", "/abs", "/abs"),
            ("/v/./w", "a", "/v/./w/a"),
        ] {
            assert_eq!(join(dir, rel), want, "join({dir:?}, {rel:?})");
        }
        assert!(is_clean_abs("/v/w") && is_clean_abs("/") && !is_clean_abs("/v/") && !is_clean_abs("v"));
    }
}
