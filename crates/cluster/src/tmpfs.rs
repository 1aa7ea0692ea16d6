//! An in-memory filesystem: the node's view of `/var/lib/kubelet`, where secret
//! volumes live on tmpfs (memory, never disk).
//!
//! Paths are absolute, `/`-separated and clean. Entries sit in one ordered map, so a
//! directory's children are a range scan and listings are sorted like `ls`.

use std::collections::BTreeMap;
use std::rc::Rc;

/// The deepest chain of symlinks followed before giving up (Linux uses 40).
const MAX_SYMLINK_HOPS: usize = 40;

/// One entry of the filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inode {
    /// A directory with its permission bits.
    Dir {
        /// Permission bits, e.g. `0o755`.
        mode: u32,
    },
    /// A regular file.
    File {
        /// Content (shared: the same bytes can be bind-mounted elsewhere).
        data: Rc<[u8]>,
        /// Permission bits, e.g. `0o644`.
        mode: u32,
        /// Owning group id (0 unless fsGroup applies).
        gid: u32,
    },
    /// A symbolic link with its (usually relative) target.
    Symlink {
        /// The link's target as written.
        target: String,
    },
}

/// A filesystem tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tmpfs {
    entries: BTreeMap<String, Inode>,
    bytes: usize,
}

// Path helpers and `ls -l` modes are the shell's; re-exported here for the node's callers.
pub(crate) use kubeplay_shell::fs::is_clean_abs;
pub use kubeplay_shell::fs::{join, mode_string, parent};

impl Tmpfs {
    /// Bytes of file content held (what `df` would show as used on tmpfs).
    pub fn bytes_used(&self) -> usize {
        self.bytes
    }

    /// The entry at `path`, without following a final symlink.
    pub fn lstat(&self, path: &str) -> Option<&Inode> {
        self.entries.get(path)
    }

    /// Creates `path` and its missing parents as directories with `mode`.
    pub fn mkdir_all(&mut self, path: &str, mode: u32) {
        if path == "/" || self.entries.contains_key(path) {
            return;
        }
        self.mkdir_all(parent(path), mode);
        self.entries.insert(path.to_owned(), Inode::Dir { mode });
    }

    /// Writes a regular file (replacing what was there), creating parent directories 0755.
    pub fn write_file(&mut self, path: &str, data: Rc<[u8]>, mode: u32) {
        self.mkdir_all(parent(path), 0o755);
        self.bytes += data.len();
        if let Some(Inode::File { data: old, .. }) = self.entries.insert(path.to_owned(), Inode::File { data, mode, gid: 0 }) {
            self.bytes -= old.len();
        }
    }

    /// Sets permission bits and group of an existing file or directory.
    pub fn chmod(&mut self, path: &str, new_mode: u32, new_gid: Option<u32>) {
        match self.entries.get_mut(path) {
            Some(Inode::File { mode, gid, .. }) => {
                *mode = new_mode;
                if let Some(g) = new_gid {
                    *gid = g;
                }
            }
            Some(Inode::Dir { mode }) => *mode = new_mode,
            _ => {}
        }
    }

    /// Creates (or replaces) a symlink.
    pub fn symlink(&mut self, target: &str, path: &str) {
        self.mkdir_all(parent(path), 0o755);
        let old = self.entries.insert(path.to_owned(), Inode::Symlink { target: target.to_owned() });
        self.forget(old);
    }

    /// The target of a symlink.
    pub fn readlink(&self, path: &str) -> Option<&str> {
        match self.entries.get(path) {
            Some(Inode::Symlink { target }) => Some(target),
            _ => None,
        }
    }

    /// `rename(2)` of a single entry (used for the atomic `..data` swap; replaces the destination).
    pub fn rename(&mut self, from: &str, to: &str) -> bool {
        let Some(node) = self.entries.remove(from) else { return false };
        let old = self.entries.insert(to.to_owned(), node);
        self.forget(old);
        true
    }

    fn remove_one(&mut self, path: &str) {
        let old = self.entries.remove(path);
        self.forget(old);
    }

    /// Accounts for an entry that was removed or replaced.
    fn forget(&mut self, old: Option<Inode>) {
        if let Some(Inode::File { data, .. }) = old {
            self.bytes -= data.len();
        }
    }

    /// Puts an inode at `path` as is (parents created as 0755 directories).
    pub fn insert(&mut self, path: &str, inode: Inode) {
        self.mkdir_all(parent(path), 0o755);
        if let Inode::File { data, .. } = &inode {
            self.bytes += data.len();
        }
        let old = self.entries.insert(path.to_owned(), inode);
        self.forget(old);
    }

    /// Removes `path` and everything below it.
    pub fn remove_all(&mut self, path: &str) {
        self.remove_one(path);
        let prefix = if path.ends_with('/') { path.to_owned() } else { format!("{path}/") };
        let doomed: Vec<String> =
            self.entries.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).map(|(k, _)| k.clone()).collect();
        for k in doomed {
            self.remove_one(&k);
        }
    }

    /// The names of the direct children of a directory, sorted.
    pub fn read_dir(&self, dir: &str) -> Vec<&str> {
        let prefix = if dir == "/" { "/".to_owned() } else { format!("{dir}/") };
        self.entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                (!rest.contains('/')).then_some(rest)
            })
            .collect()
    }

    /// Resolves symlinks in every element of `path`; `None` when something is missing or loops.
    pub fn resolve(&self, path: &str) -> Option<String> {
        let mut hops = 0;
        let mut resolved = String::from("/");
        let mut pending: Vec<String> = path.split('/').filter(|s| !s.is_empty()).rev().map(str::to_owned).collect();
        while let Some(part) = pending.pop() {
            let candidate = join(&resolved, &part);
            match self.entries.get(&candidate)? {
                Inode::Symlink { target } => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return None;
                    }
                    if target.starts_with('/') {
                        resolved = "/".to_owned();
                    }
                    for t in target.split('/').filter(|s| !s.is_empty()).rev() {
                        pending.push(t.to_owned());
                    }
                }
                _ => resolved = candidate,
            }
        }
        Some(resolved)
    }

    /// The inode at `path` after following symlinks.
    pub fn stat(&self, path: &str) -> Option<&Inode> {
        self.resolve(path).and_then(|p| self.entries.get(&p))
    }

    /// Every regular file reachable below `dir` following symlinks, as (relative path, inode),
    /// skipping names that start with `..` (kubelet's hidden entries), sorted by path.
    pub fn visible_files(&self, dir: &str) -> Vec<(String, &Inode)> {
        let mut out = Vec::new();
        self.walk_visible(dir, "", 0, &mut out);
        out
    }

    fn walk_visible<'a>(&'a self, dir: &str, rel: &str, depth: usize, out: &mut Vec<(String, &'a Inode)>) {
        if depth > MAX_SYMLINK_HOPS {
            return;
        }
        let Some(real) = self.resolve(dir) else { return };
        for name in self.read_dir(&real) {
            if name.starts_with("..") {
                continue;
            }
            let child = join(&real, name);
            let child_rel = if rel.is_empty() { name.to_owned() } else { format!("{rel}/{name}") };
            match self.stat(&child) {
                Some(inode @ Inode::File { .. }) => out.push((child_rel, inode)),
                Some(Inode::Dir { .. }) => self.walk_visible(&child, &child_rel, depth + 1, out),
                _ => {}
            }
        }
    }

    /// How many regular files sit below `dir`, not following symlinks (a range scan: the
    /// atomic writer's timestamped directories hold only real files and directories).
    pub fn count_files(&self, dir: &str) -> usize {
        let prefix = format!("{dir}/");
        self.entries
            .range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(_, v)| matches!(v, Inode::File { .. }))
            .count()
    }

    /// The regular files below `dir`, not following symlinks, as (path relative to `dir`,
    /// inode), sorted by path: one range scan.
    pub(crate) fn files_below(&self, dir: &str) -> impl Iterator<Item = (&str, &Inode)> {
        let prefix = format!("{dir}/");
        let skip = prefix.len();
        self.entries
            .range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(|(_, v)| matches!(v, Inode::File { .. }))
            .map(move |(k, v)| (k.get(skip..).unwrap_or(""), v))
    }

    /// Every entry below `dir` (not following symlinks), for the node view: (path, inode), sorted.
    pub fn tree(&self, dir: &str) -> Vec<(&str, &Inode)> {
        let prefix = format!("{dir}/");
        self.entries.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).map(|(k, v)| (k.as_str(), v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_resolve_and_hidden_entries_are_skipped() {
        let mut fs = Tmpfs::default();
        fs.write_file("/v/..2026_01_01/a", Rc::from(&b"admin"[..]), 0o644);
        fs.write_file("/v/..2026_01_01/g/b", Rc::from(&b"x"[..]), 0o400);
        fs.symlink("..2026_01_01", "/v/..data");
        fs.symlink("..data/a", "/v/a");
        fs.symlink("..data/g", "/v/g");
        assert_eq!(fs.resolve("/v/a").as_deref(), Some("/v/..2026_01_01/a"));
        let files: Vec<String> = fs.visible_files("/v").into_iter().map(|(p, _)| p).collect();
        assert_eq!(files, vec!["a", "g/b"]);
        assert_eq!(fs.bytes_used(), 6);
        fs.remove_all("/v/..2026_01_01");
        assert_eq!(fs.bytes_used(), 0);
        assert!(fs.resolve("/v/a").is_none());
        assert_eq!(mode_string('-', 0o644), "-rw-r--r--");
        assert_eq!(mode_string('-', 0o400), "-r--------");
    }

    #[test]
    fn symlink_loops_end() {
        let mut fs = Tmpfs::default();
        fs.symlink("b", "/x/a");
        fs.symlink("a", "/x/b");
        assert!(fs.resolve("/x/a").is_none());
        assert!(fs.visible_files("/x").is_empty());
    }
}
