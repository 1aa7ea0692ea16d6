//! Splitting a command line into words and operators as POSIX `sh` does: single quotes
//! are literal, double quotes allow `\"` `\\` `\$` `` \` ``, a backslash outside quotes
//! escapes the next character, `#` at the start of a word begins a comment.

/// A piece of a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A word after quote removal.
    Word(String),
    /// A word with an unquoted `*` or `?`: a pattern for pathname expansion, those characters
    /// written as [`crate::glob::STAR`] and [`crate::glob::ANY`] (quoted ones stay literal).
    Glob(String),
    /// `|`
    Pipe,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `<<` followed by the delimiter word (quotes removed) and whether it was quoted.
    HereDoc(String, bool),
    /// `;`
    Semi,
    /// `&&`
    And,
    /// `||`
    Or,
}

use crate::Error;

/// Splits one logical line into tokens, without variable expansion.
pub fn lex(line: &str) -> Result<Vec<Token>, Error> {
    lex_with(line, &|_| None)
}

/// Reads `NAME` or `{NAME}` after a `$` and returns its value (empty when unset), or `$` alone.
fn expand_var(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, vars: &dyn Fn(&str) -> Option<String>) -> String {
    let braced = chars.peek() == Some(&'{');
    if braced {
        chars.next();
    }
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' || (name.is_empty() && c == '?') {
            name.push(c);
            chars.next();
        } else {
            break;
        }
    }
    if braced && chars.peek() == Some(&'}') {
        chars.next();
    }
    if name.is_empty() {
        return "$".to_owned();
    }
    vars(&name).unwrap_or_default()
}

/// Splits one logical line into tokens, expanding `$NAME` and `${NAME}` outside single quotes.
pub fn lex_with(line: &str, vars: &dyn Fn(&str) -> Option<String>) -> Result<Vec<Token>, Error> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut word = String::new();
    let mut in_word = false;
    let mut glob = false;
    macro_rules! flush {
        () => {
            if in_word {
                let w = std::mem::take(&mut word);
                out.push(if glob { Token::Glob(w) } else { Token::Word(w) });
                in_word = false;
                glob = false;
            }
        };
    }
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => flush!(),
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err(Error::Unclosed('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => word.push(x),
                            Some('\n') => {}
                            Some(x) => {
                                word.push('\\');
                                word.push(x);
                            }
                            None => return Err(Error::Unclosed('"')),
                        },
                        Some('`') => return Err(Error::Unsupported("command substitution (`...`)".to_owned())),
                        Some('$') if chars.peek() != Some(&'(') => word.push_str(&expand_var(&mut chars, vars)),
                        Some(x) => word.push(x),
                        None => return Err(Error::Unclosed('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(x) => word.push(x),
                    None => {}
                }
            }
            '|' => {
                flush!();
                out.push(if chars.next_if_eq(&'|').is_some() { Token::Or } else { Token::Pipe });
            }
            '&' => {
                flush!();
                if chars.next_if_eq(&'&').is_some() {
                    out.push(Token::And);
                } else {
                    return Err(Error::Unsupported("running in the background (&)".to_owned()));
                }
            }
            ';' => {
                flush!();
                out.push(Token::Semi);
            }
            '>' => {
                flush!();
                out.push(if chars.next_if_eq(&'>').is_some() { Token::Append } else { Token::Out });
            }
            '<' => {
                flush!();
                if chars.next_if_eq(&'<').is_some() {
                    chars.next_if_eq(&'-');
                    while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                        chars.next();
                    }
                    let mut delim = String::new();
                    let mut quoted = false;
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() || matches!(c, '|' | ';' | '>' | '<' | '&') {
                            break;
                        }
                        chars.next();
                        if c == '\'' || c == '"' {
                            quoted = true;
                        } else {
                            delim.push(c);
                        }
                    }
                    if delim.is_empty() {
                        return Err(Error::Unsupported("`<<` without a delimiter".to_owned()));
                    }
                    out.push(Token::HereDoc(delim, quoted));
                } else {
                    out.push(Token::In);
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                return Err(Error::Unsupported("command substitution $(...)".to_owned()));
            }
            '$' if chars.peek() == Some(&'\'') => {
                // bash ANSI-C quoting: $'a\tb'
                chars.next();
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => word.push('\n'),
                            Some('t') => word.push('\t'),
                            Some('r') => word.push('\r'),
                            Some('0') => word.push('\0'),
                            Some('e') => word.push('\u{1b}'),
                            Some(x) => word.push(x),
                            None => return Err(Error::Unclosed('\'')),
                        },
                        Some(x) => word.push(x),
                        None => return Err(Error::Unclosed('\'')),
                    }
                }
            }
            '$' => {
                in_word = true;
                word.push_str(&expand_var(&mut chars, vars));
            }
            '*' | '?' => {
                in_word = true;
                glob = true;
                word.push(if c == '*' { crate::glob::STAR } else { crate::glob::ANY });
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        out.push(if glob { Token::Glob(word) } else { Token::Word(word) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        lex(s).expect("lexes").into_iter().filter_map(|t| if let Token::Word(w) = t { Some(w) } else { None }).collect()
    }

    #[test]
    fn posix_quoting() {
        assert_eq!(words(r#"echo -n 'a b' "c \"d\"" e\ f # comment"#), vec!["echo", "-n", "a b", "c \"d\"", "e f"]);
        assert_eq!(
            words("kubectl get secret x -o jsonpath='{.data.password}'"),
            vec!["kubectl", "get", "secret", "x", "-o", "jsonpath={.data.password}"]
        );
        assert_eq!(
            lex("a | b > f"),
            Ok(vec![Token::Word("a".into()), Token::Pipe, Token::Word("b".into()), Token::Out, Token::Word("f".into())])
        );
        assert_eq!(lex("cat <<EOF > x.yaml").map(|t| t.len()), Ok(5 - 1));
        assert_eq!(lex("echo 'oops"), Err(Error::Unclosed('\'')));
        assert_eq!(words("printf $'a\\tb\\n'"), vec!["printf", "a\tb\n"]);
    }

    #[test]
    fn only_unquoted_star_and_question_mark_make_a_pattern() {
        use crate::glob::{ANY, STAR};
        assert_eq!(lex("ls *.txt"), Ok(vec![Token::Word("ls".into()), Token::Glob(format!("{STAR}.txt"))]));
        assert_eq!(
            lex("echo '*' \\* \"?\""),
            Ok(vec![Token::Word("echo".into()), Token::Word("*".into()), Token::Word("*".into()), Token::Word("?".into())])
        );
        assert_eq!(lex("echo 'a*'b?"), Ok(vec![Token::Word("echo".into()), Token::Glob(format!("a*b{ANY}"))]));
    }
}
