//! The workspace's house rules, checked on the source tree (DESIGN.md, STYLE.md, issue 12):
//! no file under a crate's `src/` over 600 lines, no import circle between the modules of a
//! crate, and the web crate depends on no kubeplay crate but `kubeplay-scenario`.
#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The longest a file under `crates/*/src` may be, tests included.
const MAX_LINES: usize = 600;

/// A module path inside its crate (`[]` is the crate root).
type ModPath = Vec<String>;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every crate directory under `crates/`, sorted.
fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(workspace_root().join("crates"))
        .expect("crates/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("src").is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("a readable directory") {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The module a file under `src/` defines: `lib.rs`/`main.rs` → root, `a/mod.rs` and `a.rs` → `a`.
/// `None` for files that are not modules of the library or main binary (`src/bin/*`).
fn module_of(src: &Path, file: &Path) -> Option<ModPath> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.first().is_some_and(|p| p == "bin") {
        return None;
    }
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?.to_owned();
    match stem.as_str() {
        "lib" | "main" if parts.is_empty() => {}
        "mod" => {}
        _ => parts.push(stem),
    }
    Some(parts)
}

/// The file's source without its `#[cfg(test)] mod …` tail: test imports are not architecture.
fn without_test_module(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "#[cfg(test)]"
            && lines[i + 1..].iter().find(|l| !l.trim().is_empty()).is_some_and(|l| l.trim_start().starts_with("mod "))
        {
            end = i;
            break;
        }
    }
    lines[..end].join("\n")
}

/// The `use` declarations of a file (any visibility), each as one string without `use` and `;`.
fn use_declarations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(acc) = current.as_mut() {
            acc.push(' ');
            acc.push_str(t);
        } else if t.starts_with("//") {
            continue;
        } else {
            let rest = t
                .strip_prefix("pub ")
                .or_else(|| t.strip_prefix("pub(crate) "))
                .or_else(|| t.strip_prefix("pub(super) "))
                .unwrap_or(t);
            if let Some(body) = rest.strip_prefix("use ") {
                current = Some(body.to_owned());
            }
        }
        if let Some(acc) = current.take_if(|acc| acc.contains(';')) {
            out.push(acc.split(';').next().unwrap_or("").trim().to_owned());
        }
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| if p == "self" { prefix.trim_end_matches("::").to_owned() } else { format!("{prefix}{p}") })
        .collect()
}

/// The module of the crate a `use` path names from module `from`: the longest known module prefix.
fn target_module(from: &ModPath, path: &str, modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut segs = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let mut base: ModPath = match segs.next()? {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            let mut b = from.clone();
            b.pop();
            b
        }
        _ => return None,
    };
    let mut rest: Vec<&str> = segs.collect();
    while rest.first() == Some(&"super") {
        base.pop();
        rest.remove(0);
    }
    let mut found = base.clone();
    for s in rest {
        base.push(s.to_owned());
        if modules.contains(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

fn is_ancestor_or_same(a: &ModPath, b: &ModPath) -> bool {
    a.len() <= b.len() && b[..a.len()] == a[..]
}

/// The `use` edges between modules of one crate that are neither ancestor nor descendant of each other.
fn module_edges(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let files: Vec<(ModPath, String)> = rust_files(src)
        .into_iter()
        .filter_map(|f| Some((module_of(src, &f)?, fs::read_to_string(&f).expect("a readable source file"))))
        .collect();
    let modules: BTreeSet<ModPath> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (from, text) in &files {
        for decl in use_declarations(&without_test_module(text)) {
            for path in expand(&decl) {
                let Some(to) = target_module(from, &path, &modules) else { continue };
                if !is_ancestor_or_same(&to, from) && !is_ancestor_or_same(from, &to) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    edges
}

/// One cycle per strongly connected component with more than one module (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on_stack: BTreeSet<ModPath>,
        out: Vec<Vec<ModPath>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: &ModPath) {
            let i = self.index.len();
            self.index.insert(v.clone(), i);
            self.low.insert(v.clone(), i);
            self.stack.push(v.clone());
            self.on_stack.insert(v.clone());
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(&w);
                    let done = &w == v;
                    scc.push(w);
                    if done {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.out.push(scc);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out
}

fn show(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".to_owned()
    } else {
        m.join("::")
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut long = Vec::new();
    for dir in crate_dirs() {
        for f in rust_files(&dir.join("src")) {
            let n = fs::read_to_string(&f).expect("a readable source file").lines().count();
            if n > MAX_LINES {
                long.push(format!("{} ({n} lines)", f.strip_prefix(workspace_root()).unwrap_or(&f).display()));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn no_import_circle_between_modules_of_a_crate() {
    let mut found = Vec::new();
    for dir in crate_dirs() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let edges = module_edges(&dir.join("src"));
        for scc in cycles(&edges) {
            let members: BTreeSet<&ModPath> = scc.iter().collect();
            let uses: Vec<String> = scc
                .iter()
                .flat_map(|a| {
                    edges
                        .get(a)
                        .into_iter()
                        .flatten()
                        .filter(|b| members.contains(b))
                        .map(move |b| format!("{} -> {}", show(a), show(b)))
                })
                .collect();
            found.push(format!("crates/{name}: {}", uses.join(", ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_web_crate_depends_only_on_the_scenario_crate() {
    let manifest = fs::read_to_string(workspace_root().join("crates/web/Cargo.toml")).expect("crates/web/Cargo.toml");
    let mut section = String::new();
    let mut wrong = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_owned();
            continue;
        }
        if !section.contains("dependencies") {
            continue;
        }
        let key = line.split(['=', '.', ' ']).next().unwrap_or("").trim_matches('"');
        if key.starts_with("kubeplay") && key != "kubeplay-scenario" {
            wrong.push(format!("{section} {key}"));
        }
    }
    assert!(wrong.is_empty(), "crates/web must depend on kubeplay-scenario only, found: {}", wrong.join(", "));
}

#[test]
fn the_checks_see_what_they_look_for() {
    let modules: BTreeSet<ModPath> =
        [vec![], vec!["a".to_owned()], vec!["a".to_owned(), "b".to_owned()], vec!["c".to_owned()]].into();
    let a_b = vec!["a".to_owned(), "b".to_owned()];
    assert_eq!(target_module(&a_b, "super::super::c::X", &modules), Some(vec!["c".to_owned()]));
    assert_eq!(target_module(&a_b, "crate::a::b::f", &modules), Some(a_b.clone()));
    assert_eq!(target_module(&a_b, "std::fs", &modules), None);
    assert_eq!(expand("crate::{a::{X, Y as Z}, c, self}"), vec!["crate::a::X", "crate::a::Y", "crate::c", "crate"]);
    assert_eq!(use_declarations("pub use crate::a::{\n    X,\n    Y,\n};\nfn f() {}"), vec!["crate::a::{ X, Y, }"]);
    let edges: BTreeMap<ModPath, BTreeSet<ModPath>> =
        [(vec!["a".to_owned()], [vec!["c".to_owned()]].into()), (vec!["c".to_owned()], [vec!["a".to_owned()]].into())].into();
    assert_eq!(cycles(&edges).len(), 1);
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/a/mod.rs")), Some(vec!["a".to_owned()]));
    assert_eq!(module_of(Path::new("/s"), Path::new("/s/lib.rs")), Some(vec![]));
}
