//! Text the panels show with structure: lesson paragraphs (prose, lists, command blocks,
//! `code`), console output with `secret/NAME` and `pod/NAME` as links, and the console's
//! Tab completion of the last word.

/// A run of inline text: plain, or `code` (between backticks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    /// Whether it was between backticks.
    pub code: bool,
    /// The text.
    pub text: String,
}

/// A paragraph of a lesson text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Every line indented: a command block, shown as it is (indentation removed).
    Code(String),
    /// Lines that flow together (`intro`), then `- ` list items.
    Prose {
        /// The text before the first item (may be empty).
        intro: Vec<Inline>,
        /// The list items.
        items: Vec<Vec<Inline>>,
    },
}

/// Text with `backticks` split into plain and code runs.
pub fn inline_code(text: &str) -> Vec<Inline> {
    text.split('`').enumerate().map(|(i, part)| Inline { code: i % 2 == 1, text: part.to_owned() }).collect()
}

/// A lesson text as blocks: paragraphs are separated by a blank line; an all-indented
/// paragraph is a command block; otherwise lines flow together and `- ` starts a list item.
pub fn lesson_blocks(text: &str) -> Vec<Block> {
    text.split("\n\n").map(paragraph).collect()
}

fn paragraph(text: &str) -> Block {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if !lines.is_empty() && lines.iter().all(|l| l.starts_with("  ")) {
        let code: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
        return Block::Code(code.join("\n"));
    }
    // "- " lines start list items; other lines continue the current item or paragraph.
    let mut intro: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    for l in lines {
        let t = l.trim_start();
        if let Some(rest) = t.strip_prefix("- ") {
            items.push(vec![rest]);
        } else if let Some(last) = items.last_mut() {
            last.push(t);
        } else {
            intro.push(t);
        }
    }
    Block::Prose {
        intro: if intro.is_empty() { Vec::new() } else { inline_code(&intro.join(" ")) },
        items: items.iter().map(|i| inline_code(&i.join(" "))).collect(),
    }
}

/// A piece of console output: text, or a reference to an object the UI can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text.
    Text(String),
    /// `secret/NAME` in the console's namespace.
    Secret {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `pod/NAME` in the console's namespace.
    Pod {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
}

/// Console output with `secret/NAME` and `pod/NAME` (at a word start) turned into links.
pub fn linkify(text: &str, ns: &str) -> Vec<Segment> {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let next = ["secret/", "pod/"].iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min_by_key(|(i, _)| *i);
        let Some((i, prefix)) = next else { break };
        let after = i + prefix.len();
        let boundary_ok = i == 0 || rest.get(..i).is_some_and(|b| b.ends_with(|c: char| c.is_whitespace() || c == '"'));
        let tail = rest.get(after..).unwrap_or("");
        let name_len =
            tail.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')).unwrap_or(tail.len());
        if !boundary_ok || name_len == 0 {
            let end = after + name_len;
            parts.push(Segment::Text(rest.get(..end).unwrap_or("").to_owned()));
            rest = rest.get(end..).unwrap_or("");
            continue;
        }
        parts.push(Segment::Text(rest.get(..i).unwrap_or("").to_owned()));
        let name = tail.get(..name_len).unwrap_or("").trim_end_matches('.').to_owned();
        let (namespace, n) = (ns.to_owned(), name.clone());
        parts.push(if prefix == "secret/" {
            Segment::Secret { namespace, name: n }
        } else {
            Segment::Pod { namespace, name: n }
        });
        rest = rest.get(after + name.len()..).unwrap_or("");
    }
    parts.push(Segment::Text(rest.to_owned()));
    parts
}

/// What pressing Tab does to the console input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The input after completion (unchanged when nothing completes).
    pub input: String,
    /// The candidates to show (at most 30, two spaces apart; empty clears the hint), or
    /// `None` to leave the hint as it is (one candidate completed).
    pub hint: Option<String>,
}

/// Completes the last word of `input` from `candidates` (those that start with it):
/// one candidate replaces the word; several extend it to their common prefix and are listed.
pub fn complete_with(input: &str, candidates: &[String]) -> Completion {
    let word = input.rsplit([' ', '=', '/']).next().unwrap_or("");
    let head = input.get(..input.len() - word.len()).unwrap_or("");
    match candidates {
        [one] => Completion { input: format!("{head}{one}"), hint: None },
        [] => Completion { input: input.to_owned(), hint: Some(String::new()) },
        many => {
            let common = common_prefix(many);
            let input = if common.len() > word.len() { format!("{head}{common}") } else { input.to_owned() };
            Completion { input, hint: Some(many.iter().take(30).cloned().collect::<Vec<_>>().join("  ")) }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else { return String::new() };
    let mut len = first.len();
    for w in words.iter().skip(1) {
        len = len.min(first.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first.get(..len).unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_text_blocks() {
        let b = lesson_blocks("Create a `secret`\nnow:\n- one `a`\n  more\n- two\n\n  kubectl get secrets\n  kubectl get pods");
        assert_eq!(
            b,
            vec![
                Block::Prose {
                    intro: vec![
                        Inline { code: false, text: "Create a ".into() },
                        Inline { code: true, text: "secret".into() },
                        Inline { code: false, text: " now:".into() }
                    ],
                    items: vec![
                        vec![
                            Inline { code: false, text: "one ".into() },
                            Inline { code: true, text: "a".into() },
                            Inline { code: false, text: " more".into() }
                        ],
                        vec![Inline { code: false, text: "two".into() }],
                    ],
                },
                Block::Code("kubectl get secrets\nkubectl get pods".into()),
            ]
        );
    }

    #[test]
    fn links_in_console_output() {
        let s = linkify("secret/mysecret created\nx pod/mypod. apod/no", "default");
        assert_eq!(
            s,
            vec![
                Segment::Text(String::new()),
                Segment::Secret { namespace: "default".into(), name: "mysecret".into() },
                Segment::Text(" created\nx ".into()),
                Segment::Pod { namespace: "default".into(), name: "mypod".into() },
                Segment::Text(". apod/no".into()),
                Segment::Text(String::new()),
            ]
        );
        assert_eq!(linkify("é secret/", "d"), vec![Segment::Text("é secret/".into()), Segment::Text(String::new())]);
    }

    #[test]
    fn tab_completion() {
        let c = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(complete_with("kubectl ge", &c(&["get"])), Completion { input: "kubectl get".into(), hint: None });
        assert_eq!(
            complete_with("kubectl get sec", &c(&["secret", "secrets"])),
            Completion { input: "kubectl get secret".into(), hint: Some("secret  secrets".into()) }
        );
        assert_eq!(complete_with("zz", &[]), Completion { input: "zz".into(), hint: Some(String::new()) });
    }
}
