//! The shell's filesystem trait over the node's [`Tmpfs`]: the console's files (writable) and
//! a container's view of its mounts ([`ReadOnly`]: kubelet mounts secret volumes read-only).

use std::rc::Rc;

use kubeplay_shell::{Fs, Node};

use crate::tmpfs::{Inode, Tmpfs};

/// A borrowed view of an inode as the shell sees it.
fn node(inode: &Inode) -> Node<'_> {
    match inode {
        Inode::Dir { mode } => Node::Dir { mode: *mode },
        Inode::File { data, mode, gid } => Node::File { data, mode: *mode, gid: *gid },
        Inode::Symlink { target } => Node::Symlink { target },
    }
}

impl Fs for Tmpfs {
    fn lstat(&self, path: &str) -> Option<Node<'_>> {
        Tmpfs::lstat(self, path).map(node)
    }
    fn stat(&self, path: &str) -> Option<Node<'_>> {
        Tmpfs::stat(self, path).map(node)
    }
    fn resolve(&self, path: &str) -> Option<String> {
        Tmpfs::resolve(self, path)
    }
    fn read_dir(&self, path: &str) -> Vec<String> {
        Tmpfs::read_dir(self, path).into_iter().map(str::to_owned).collect()
    }
    fn writable(&self) -> bool {
        true
    }
    fn write_file(&mut self, path: &str, data: Vec<u8>, mode: u32) {
        Tmpfs::write_file(self, path, Rc::from(data), mode);
    }
    fn mkdir_all(&mut self, path: &str, mode: u32) {
        Tmpfs::mkdir_all(self, path, mode);
    }
    fn remove_all(&mut self, path: &str) {
        Tmpfs::remove_all(self, path);
    }
}

/// A [`Tmpfs`] the shell may read but not change (a container's mounts).
#[derive(Debug, Clone, Default)]
pub struct ReadOnly(pub Tmpfs);

impl Fs for ReadOnly {
    fn lstat(&self, path: &str) -> Option<Node<'_>> {
        self.0.lstat(path).map(node)
    }
    fn stat(&self, path: &str) -> Option<Node<'_>> {
        self.0.stat(path).map(node)
    }
    fn resolve(&self, path: &str) -> Option<String> {
        self.0.resolve(path)
    }
    fn read_dir(&self, path: &str) -> Vec<String> {
        self.0.read_dir(path).into_iter().map(str::to_owned).collect()
    }
    fn writable(&self) -> bool {
        false
    }
    fn write_file(&mut self, _path: &str, _data: Vec<u8>, _mode: u32) {}
    fn mkdir_all(&mut self, _path: &str, _mode: u32) {}
    fn remove_all(&mut self, _path: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmpfs_through_the_trait() {
        let mut fs = Tmpfs::default();
        Fs::mkdir_all(&mut fs, "/a", 0o755);
        Fs::write_file(&mut fs, "/a/f", b"hi".to_vec(), 0o644);
        fs.symlink("f", "/a/l");
        assert_eq!(Fs::stat(&fs, "/a/l"), Some(Node::File { data: b"hi", mode: 0o644, gid: 0 }));
        assert_eq!(Fs::lstat(&fs, "/a/l"), Some(Node::Symlink { target: "f" }));
        assert_eq!(Fs::read_dir(&fs, "/a"), vec!["f".to_owned(), "l".to_owned()]);
        let mut ro = ReadOnly(fs);
        assert!(!ro.writable());
        ro.write_file("/a/g", b"x".to_vec(), 0o644);
        assert_eq!(ro.lstat("/a/g"), None);
    }
}
