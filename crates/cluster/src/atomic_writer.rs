//! The kubelet's atomic writer: how a secret volume's files appear on the node.
//!
//! Mirrors `pkg/volume/util/atomic_writer.go`. Layout of a volume directory:
//!
//! ```text
//! <vol>/..2026_01_01_00_00_05.1234567890/username   real files, written fresh each update
//! <vol>/..data -> ..2026_01_01_00_00_05.1234567890 swapped atomically by rename(2)
//! <vol>/username -> ..data/username                 one symlink per first path element
//! ```
//!
//! `write` follows the numbered steps of the Go doc comment:
//! (1) validate the payload paths; (2) read the current `..data` target;
//! (3) compute the user-visible paths to remove; (4) compare the new content with the
//! old: when nothing changed and nothing is removed, skip to (10); (5) create a new
//! timestamped directory; (6) write the payload into it; (7) set permissions (fsGroup);
//! (8) point `..data_tmp` at it; (9) rename `..data_tmp` over `..data`; (10) create
//! missing user-visible symlinks; (11) remove stale ones; (12) remove the old directory.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::error::Error;
use crate::tmpfs::{join, Inode, Tmpfs};

/// One file to project into a volume (`volumeutil.FileProjection`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProjection {
    /// The decoded content.
    pub data: Rc<[u8]>,
    /// Permission bits.
    pub mode: u32,
}

/// Relative path → file, as `MakePayload` builds it.
pub type Payload = BTreeMap<String, FileProjection>;

/// The name of the symlink that points at the current timestamped directory.
pub const DATA_DIR: &str = "..data";
const DATA_DIR_TMP: &str = "..data_tmp";

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Whether new data was written (a new timestamped directory).
    pub written: bool,
    /// The timestamped directory now in use.
    pub ts_dir: String,
}

/// `validatePath`: the kubelet's own checks on payload paths (errors surface as mount errors).
pub fn validate_path(path: &str) -> Result<(), Error> {
    let err = |why: String| Err(Error::PayloadPath { path: path.to_owned(), why });
    if path.is_empty() {
        return err("must not be empty: \"\"".to_owned());
    }
    if path.starts_with('/') {
        return err(format!("must be relative path: {path}"));
    }
    if path.len() > 4096 {
        return err("must be less than or equal to 4096 characters".to_owned());
    }
    let mut elems = path.split('/');
    if elems.clone().any(|e| e == "..") {
        return err(format!("must not contain '..': {path}"));
    }
    if elems.clone().any(|e| e.len() > 255) {
        return err("filenames must be less than or equal to 255 characters".to_owned());
    }
    if elems.next().is_some_and(|first| first.starts_with("..")) {
        return err(format!("must not start with '..': {path}"));
    }
    Ok(())
}

/// Writes `payload` into `dir` on `fs`. `ts_name` is the new timestamped directory's name
/// (`..YYYY_MM_DD_hh_mm_ss.<random>`); `fs_group` applies the read-only volume ownership rule.
pub fn write(fs: &mut Tmpfs, dir: &str, payload: &Payload, ts_name: &str, fs_group: Option<u32>) -> Result<WriteOutcome, Error> {
    // (1)
    for path in payload.keys() {
        validate_path(path)?;
    }
    fs.mkdir_all(dir, 0o777);
    // (2)
    let data_link = join(dir, DATA_DIR);
    let old_ts = fs.readlink(&data_link).map(str::to_owned);
    // (3) user-visible first elements of the old payload that the new one lacks.
    let new_firsts: BTreeSet<&str> = payload.keys().map(|p| p.split('/').next().unwrap_or(p)).collect();
    let to_remove: Vec<String> = match &old_ts {
        Some(_) => {
            fs.read_dir(dir).into_iter().filter(|n| !n.starts_with("..") && !new_firsts.contains(n)).map(str::to_owned).collect()
        }
        None => Vec::new(),
    };
    // (4) shouldWritePayload compares content only (a mode change alone does not rewrite).
    let unchanged = match &old_ts {
        Some(ts) => {
            let old_dir = join(dir, ts);
            let plain = payload.keys().all(|p| p.split('/').all(|e| !e.is_empty() && e != "."));
            if plain && crate::tmpfs::is_clean_abs(&old_dir) {
                // Plain relative paths join by concatenation, so the old files and the
                // payload are both sorted by relative path: compare them in one pass.
                let mut old = fs.files_below(&old_dir);
                payload
                    .iter()
                    .all(|(p, f)| matches!(old.next(), Some((rel, Inode::File { data, .. })) if rel == p && *data == f.data))
                    && old.next().is_none()
            } else {
                let old_files = fs.count_files(&old_dir);
                old_files == payload.len()
                    && payload
                        .iter()
                        .all(|(p, f)| matches!(fs.lstat(&join(&old_dir, p)), Some(Inode::File { data, .. }) if *data == f.data))
            }
        }
        None => false,
    };
    let mut outcome = WriteOutcome { written: false, ts_dir: old_ts.clone().unwrap_or_default() };
    if !(unchanged && to_remove.is_empty()) {
        // (5)
        let ts_dir = join(dir, ts_name);
        fs.mkdir_all(&ts_dir, 0o755);
        // (6) os.WriteFile then an explicit chmod (umask-proof).
        for (path, file) in payload {
            // write_file creates missing parents 0755 (MkdirAll of the file's directory).
            fs.write_file(&join(&ts_dir, path), file.data.clone(), file.mode);
        }
        // (7) setPerms: secret.go (and configmap, downwardapi, projected) hands the writer a
        // callback that runs volume.SetVolumeOwnership over the *whole* volume directory, not just
        // the new timestamped one ("new files get created outside the timestamp subdirectory").
        if let Some(gid) = fs_group {
            set_volume_ownership(fs, dir, gid);
        }
        // (8) (9)
        let tmp = join(dir, DATA_DIR_TMP);
        fs.symlink(ts_name, &tmp);
        fs.rename(&tmp, &data_link);
        outcome = WriteOutcome { written: true, ts_dir: ts_name.to_owned() };
    }
    // (10)
    for first in &new_firsts {
        let link = join(dir, first);
        if fs.lstat(&link).is_none() {
            fs.symlink(&format!("{DATA_DIR}/{first}"), &link);
        }
    }
    // (11)
    for stale in &to_remove {
        fs.remove_all(&join(dir, stale));
    }
    // (12)
    if outcome.written {
        if let Some(old) = old_ts {
            fs.remove_all(&join(dir, &old));
        }
    }
    Ok(outcome)
}

/// `rwMask` of pkg/volume/volume_linux.go: what a read-write volume's entries gain.
pub const RW_MASK: u32 = 0o660;
/// `roMask`: what a read-only volume's entries gain (secret, configMap, downwardAPI and projected
/// volumes are all read-only: their `GetAttributes()` say `ReadOnly: true`).
pub const RO_MASK: u32 = 0o440;
/// `execMask`: directories also gain search permission for the group.
pub const EXEC_MASK: u32 = 0o110;
/// `os.ModeSetgid` as a Unix mode bit: new files in the directory inherit its group.
pub const SETGID: u32 = 0o2000;

/// `SetVolumeOwnership` for a read-only volume (pkg/volume/volume_linux.go, walkDeep +
/// changeFilePermission): every entry below and including `dir` gets group `gid` (Lchown, symlinks
/// included — kubeplay does not track a symlink's or a directory's group); symlinks are then
/// skipped ("chmod passes through to the underlying file"); directories get
/// `mode | roMask | setgid | execMask`, files `mode | roMask`.
fn set_volume_ownership(fs: &mut Tmpfs, dir: &str, gid: u32) {
    let mut changes: Vec<(String, u32)> = Vec::new();
    let root = fs.lstat(dir).cloned();
    for (path, inode) in root.as_ref().map(|r| (dir, r)).into_iter().chain(fs.tree(dir)) {
        match inode {
            Inode::Dir { mode } => changes.push((path.to_owned(), mode | RO_MASK | SETGID | EXEC_MASK)),
            Inode::File { mode, .. } => changes.push((path.to_owned(), mode | RO_MASK)),
            Inode::Symlink { .. } => {}
        }
    }
    for (path, mode) in changes {
        fs.chmod(&path, mode, Some(gid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(entries: &[(&str, &str, u32)]) -> Payload {
        entries.iter().map(|(p, d, m)| (p.to_string(), FileProjection { data: Rc::from(d.as_bytes()), mode: *m })).collect()
    }

    #[test]
    fn lays_out_ts_dir_data_link_and_key_links() {
        let mut fs = Tmpfs::default();
        let out =
            write(&mut fs, "/v", &payload(&[("username", "admin", 0o644), ("my-group/my-username", "x", 0o400)]), "..t1", None)
                .expect("write");
        assert!(out.written);
        assert_eq!(fs.readlink("/v/..data"), Some("..t1"));
        assert_eq!(fs.readlink("/v/username"), Some("..data/username"));
        assert_eq!(fs.readlink("/v/my-group"), Some("..data/my-group"));
        assert!(fs.lstat("/v/..data_tmp").is_none());
        // Same content again: nothing rewritten.
        let again =
            write(&mut fs, "/v", &payload(&[("username", "admin", 0o644), ("my-group/my-username", "x", 0o400)]), "..t2", None)
                .expect("write");
        assert!(!again.written);
        // New content, one key dropped: new dir, stale link removed, old dir gone.
        let upd = write(&mut fs, "/v", &payload(&[("username", "root", 0o644)]), "..t3", None).expect("write");
        assert!(upd.written);
        assert!(fs.lstat("/v/my-group").is_none());
        assert!(fs.lstat("/v/..t1").is_none());
        assert_eq!(fs.visible_files("/v").len(), 1);
    }

    #[test]
    fn unchanged_detection_covers_nested_and_dotted_paths() {
        let mut fs = Tmpfs::default();
        let nested = payload(&[("a", "1", 0o644), ("g/b", "2", 0o644), ("g/c/d", "3", 0o644)]);
        assert!(write(&mut fs, "/v", &nested, "..t1", None).expect("write").written);
        assert!(!write(&mut fs, "/v", &nested, "..t2", None).expect("write").written);
        let changed = payload(&[("a", "1", 0o644), ("g/b", "2", 0o644), ("g/c/d", "4", 0o644)]);
        assert!(write(&mut fs, "/v", &changed, "..t3", None).expect("write").written);
        let fewer = payload(&[("a", "1", 0o644), ("g/b", "2", 0o644)]);
        assert!(write(&mut fs, "/v", &fewer, "..t4", None).expect("write").written);
        // "g/./b" names the same file as "g/b": the general comparison still sees no change.
        let mut fs = Tmpfs::default();
        assert!(write(&mut fs, "/w", &payload(&[("g/b", "1", 0o644)]), "..t1", None).expect("write").written);
        assert!(!write(&mut fs, "/w", &payload(&[("g/./b", "1", 0o644)]), "..t2", None).expect("write").written);
    }

    #[test]
    fn fs_group_makes_files_group_readable() {
        let mut fs = Tmpfs::default();
        write(&mut fs, "/v", &payload(&[("a", "1", 0o400)]), "..t", Some(1001)).expect("write");
        assert_eq!(fs.stat("/v/a"), Some(&Inode::File { data: Rc::from(&b"1"[..]), mode: 0o440, gid: 1001 }));
    }

    /// pkg/volume/volume_linux.go SetVolumeOwnership for a read-only volume: directories (the
    /// volume root, the timestamped directory, nested ones) gain roMask | setgid | execMask, files
    /// roMask and the group; symlinks are left alone.
    #[test]
    fn fs_group_sets_setgid_on_the_volume_directories() {
        let mut fs = Tmpfs::default();
        let p = payload(&[("a", "1", 0o400), ("g/b", "2", 0o600)]);
        write(&mut fs, "/v", &p, "..t1", Some(2000)).expect("write");
        assert_eq!(fs.lstat("/v"), Some(&Inode::Dir { mode: 0o2777 }));
        assert_eq!(fs.lstat("/v/..t1"), Some(&Inode::Dir { mode: 0o2755 }));
        assert_eq!(fs.lstat("/v/..t1/g"), Some(&Inode::Dir { mode: 0o2755 }));
        assert_eq!(fs.stat("/v/g/b"), Some(&Inode::File { data: Rc::from(&b"2"[..]), mode: 0o640, gid: 2000 }));
        assert_eq!(fs.lstat("/v/..data"), Some(&Inode::Symlink { target: "..t1".to_owned() }));
        assert_eq!(crate::tmpfs::mode_string('d', 0o2755), "drwxr-sr-x");
        assert_eq!(crate::tmpfs::mode_string('d', 0o1777), "drwxrwxrwt");
        // An update writes a new directory, which gets the same treatment.
        write(&mut fs, "/v", &payload(&[("a", "3", 0o400)]), "..t2", Some(2000)).expect("write");
        assert_eq!(fs.lstat("/v/..t2"), Some(&Inode::Dir { mode: 0o2755 }));
        // Without fsGroup nothing changes.
        let mut plain = Tmpfs::default();
        write(&mut plain, "/v", &p, "..t1", None).expect("write");
        assert_eq!(plain.lstat("/v/..t1"), Some(&Inode::Dir { mode: 0o755 }));
    }

    #[test]
    fn kubelet_path_checks() {
        assert_eq!(validate_path("/a").map_err(|e| e.to_string()), Err("invalid path: must be relative path: /a".to_owned()));
        assert_eq!(
            validate_path("..a/b").map_err(|e| e.to_string()),
            Err("invalid path: must not start with '..': ..a/b".to_owned())
        );
        assert!(validate_path("a/b").is_ok());
    }
}
