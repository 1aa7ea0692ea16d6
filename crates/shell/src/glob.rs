//! Pathname expansion as POSIX `sh` does it (XCU 2.13 "Pattern Matching Notation", 2.6.6):
//! an unquoted `*` matches any string and `?` any one character, in the last element of a
//! word; the matches replace the word in sorted order, names starting with `.` only match
//! a pattern that starts with `.`, and a pattern that matches nothing stays as written.
//! Quoted or backslash-escaped `*` and `?` are literal: the lexer marks only the unquoted ones.

use crate::fs::{join, Fs};

/// The lexer's stand-in for an unquoted `*` inside a [`crate::Token::Glob`] word.
pub const STAR: char = '\u{E000}';
/// The lexer's stand-in for an unquoted `?`.
pub const ANY: char = '\u{E001}';

/// The word as written, its pattern characters back to `*` and `?` (no match, or a redirect target).
pub fn literal(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| {
            if c == STAR {
                '*'
            } else if c == ANY {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// Expands a pattern word against the filesystem, relative to `cwd`.
pub fn expand(fs: &dyn Fs, cwd: &str, pattern: &str) -> Vec<String> {
    let (dir, name) = match pattern.rfind('/') {
        Some(i) => (pattern.get(..=i).unwrap_or(""), pattern.get(i + 1..).unwrap_or("")),
        None => ("", pattern),
    };
    // Only the last element is matched; a pattern in a directory part stays literal.
    if dir.contains([STAR, ANY]) || name.is_empty() {
        return vec![literal(pattern)];
    }
    let base = if dir.is_empty() { cwd.to_owned() } else { join(cwd, dir.trim_end_matches('/')) };
    let pat: Vec<char> = name.chars().collect();
    let mut found: Vec<String> = fs
        .read_dir(if dir == "/" { "/" } else { &base })
        .into_iter()
        .filter(|n| !n.starts_with('.') || name.starts_with('.'))
        .filter(|n| matches(&pat, &n.chars().collect::<Vec<_>>()))
        .map(|n| format!("{dir}{n}"))
        .collect();
    if found.is_empty() {
        return vec![literal(pattern)];
    }
    found.sort();
    found
}

/// Whether `name` matches `pat` (greedy `*` with one backtrack point: linear in practice,
/// at most `pat.len() * name.len()` steps).
fn matches(pat: &[char], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pat.get(p) {
            Some(&STAR) => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == ANY || name.get(n) == Some(&c) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pat.get(p..).is_some_and(|rest| rest.iter().all(|c| *c == STAR))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, n: &str) -> bool {
        let p: Vec<char> = p
            .chars()
            .map(|c| {
                if c == '*' {
                    STAR
                } else if c == '?' {
                    ANY
                } else {
                    c
                }
            })
            .collect();
        matches(&p, &n.chars().collect::<Vec<_>>())
    }

    #[test]
    fn pattern_matching_notation() {
        assert!(m("*.txt", "username.txt") && m("*", "a") && m("a*b*c", "aXbYbc") && m("?.sh", "x.sh"));
        assert!(!m("*.txt", "a.yaml") && !m("?", "ab") && !m("a*b", "ac") && !m("", "a"));
        assert!(m("*", "") && m("**", "x"));
    }
}
