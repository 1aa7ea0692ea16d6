//! kubectl's flags as cobra and pflag parse them: each command has its own set (plus the
//! global `--namespace`), long and short forms, `--name=value`, `-ovalue`, `-o=value`,
//! grouped short booleans (`-it`), `--` ending the flags, and pflag's errors.
//!
//! Sources: `github.com/spf13/pflag` `flag.go` (parseLongArg, parseSingleShortArg, failf) and
//! `bool.go` (strconv.ParseBool); kubectl's `util/templates/templater.go` FlagErrorFunc adds
//! `See '<command path> --help' for usage.` and `cmd/util/helpers.go` CheckErr the `error: `.

use crate::error::Error;

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A value: `--output yaml`, `--output=yaml`, `-oyaml`, `-o yaml`.
    Value,
    /// A boolean: `--force`, `--force=false`.
    Bool,
    /// An optional value with pflag's `NoOptDefVal`: `--dry-run` means `--dry-run=unchanged`.
    Optional(&'static str),
    /// An integer value (pflag `IntVar`: `strconv.ParseInt(s, 0, 64)`).
    Int,
}

/// One flag of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The long name, without `--`.
    pub name: &'static str,
    /// The one-letter shorthand.
    pub short: Option<char>,
    /// How it takes its value.
    pub takes: Takes,
}

const fn value(name: &'static str, short: Option<char>) -> Flag {
    Flag { name, short, takes: Takes::Value }
}
const fn boolean(name: &'static str, short: Option<char>) -> Flag {
    Flag { name, short, takes: Takes::Bool }
}

/// kubectl's persistent flags that kubeplay models (`genericclioptions.ConfigFlags`).
pub const GLOBAL: &[Flag] = &[value("namespace", Some('n')), value("as", None), value("as-group", None), value("token", None)];
/// `create role|clusterrole --verb` (repeatable, comma-separated).
pub const VERB: Flag = value("verb", None);
/// `create role|clusterrole --resource`.
pub const RESOURCE: Flag = value("resource", None);
/// `create role|clusterrole --resource-name`.
pub const RESOURCE_NAME: Flag = value("resource-name", None);
/// `create rolebinding --role`.
pub const ROLE: Flag = value("role", None);
/// `create rolebinding|clusterrolebinding --clusterrole`.
pub const CLUSTERROLE: Flag = value("clusterrole", None);
/// `create rolebinding --user`.
pub const USER: Flag = value("user", None);
/// `create rolebinding --group`.
pub const GROUP: Flag = value("group", None);
/// `create rolebinding --serviceaccount NS:NAME`.
pub const SERVICEACCOUNT: Flag = value("serviceaccount", None);
/// `auth can-i -q, --quiet`.
pub const QUIET: Flag = boolean("quiet", Some('q'));
/// `auth can-i --list`.
pub const LIST: Flag = boolean("list", None);
/// `auth can-i --subresource`.
pub const SUBRESOURCE: Flag = value("subresource", None);
/// `-o, --output` (`genericclioptions.PrintFlags`).
pub const OUTPUT: Flag = value("output", Some('o'));
/// `--dry-run[=none|client|server]` (`cmdutil.AddDryRunFlag`).
pub const DRY_RUN: Flag = Flag { name: "dry-run", short: None, takes: Takes::Optional("unchanged") };
/// `-f, --filename` (`cmdutil.AddFilenameOptionFlags`).
pub const FILENAME: Flag = value("filename", Some('f'));
/// `-l, --selector` (`cmdutil.AddLabelSelectorFlagVar`).
pub const SELECTOR: Flag = value("selector", Some('l'));
/// `-A, --all-namespaces`.
pub const ALL_NAMESPACES: Flag = boolean("all-namespaces", Some('A'));
/// `--save-config` (`cmdutil.AddApplyAnnotationFlags`).
pub const SAVE_CONFIG: Flag = boolean("save-config", None);
/// `--append-hash` of the `create secret` commands.
pub const APPEND_HASH: Flag = boolean("append-hash", None);
/// `--force`.
pub const FORCE: Flag = boolean("force", None);
/// `--grace-period`.
pub const GRACE_PERIOD: Flag = Flag { name: "grace-period", short: None, takes: Takes::Int };
/// `--wait`.
pub const WAIT: Flag = boolean("wait", None);
/// `--all`.
pub const ALL: Flag = boolean("all", None);
/// `-i, --stdin`.
pub const STDIN: Flag = boolean("stdin", Some('i'));
/// `-t, --tty`.
pub const TTY: Flag = boolean("tty", Some('t'));
/// `--ignore-not-found` (delete, get).
pub const IGNORE_NOT_FOUND: Flag = boolean("ignore-not-found", None);
/// `--from-file` (create secret generic and docker-registry).
pub const FROM_FILE: Flag = value("from-file", None);

/// The parsed command line of one kubectl command.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Args {
    /// The words that are not flags: the command path first (`create secret generic NAME`).
    pub positional: Vec<String>,
    /// Every flag given, by long name, in order (a repeated flag appears again).
    pub flags: Vec<(String, String)>,
    /// What came after `--`, if it was given.
    pub after_dash: Option<Vec<String>>,
}

impl Args {
    /// The last value given for a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Every value given for a repeatable flag, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.flags.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
    /// Whether a flag was given at all.
    pub fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(k, _)| k == name)
    }
    /// A boolean flag's value (false when absent).
    pub fn is_set(&self, name: &str) -> bool {
        self.get(name) == Some("true")
    }
}

/// Go's `strconv.ParseBool`, normalised to `true` / `false`.
fn parse_bool(v: &str) -> Option<&'static str> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some("true"),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some("false"),
        _ => None,
    }
}

/// pflag's `Set`: a bool's value must parse; the error names the flag as `-A, --all-namespaces`.
fn set(a: &mut Args, f: &Flag, v: String) -> Result<(), Error> {
    let v = match f.takes {
        Takes::Bool => match parse_bool(&v) {
            Some(b) => b.to_owned(),
            None => {
                let flag = match f.short {
                    Some(c) => format!("-{c}, --{}", f.name),
                    None => format!("--{}", f.name),
                };
                return Err(Error::InvalidBool { value: v, flag });
            }
        },
        Takes::Int => match go_parse_int(&v) {
            Ok(_) => v,
            Err(reason) => {
                let flag = match f.short {
                    Some(c) => format!("-{c}, --{}", f.name),
                    None => format!("--{}", f.name),
                };
                return Err(Error::InvalidInt { value: v, flag, reason });
            }
        },
        _ => v,
    };
    a.flags.push((f.name.to_owned(), v));
    Ok(())
}

/// Parses `args` against a command's flags (the global ones are always there).
pub fn parse(args: &[String], flags: &[Flag]) -> Result<Args, Error> {
    let find = |name: &str| GLOBAL.iter().chain(flags).find(|f| f.name == name).copied();
    let find_short = |c: char| GLOBAL.iter().chain(flags).find(|f| f.short == Some(c)).copied();
    let mut a = Args::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" {
            a.after_dash = Some(args.get(i..).unwrap_or_default().to_vec());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            // flag.go parseLongArg
            if long.is_empty() || long.starts_with('-') || long.starts_with('=') {
                return Err(Error::BadFlagSyntax(arg.clone()));
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let Some(f) = find(name) else { return Err(Error::UnknownFlag(name.to_owned())) };
            let v = match (inline, f.takes) {
                (Some(v), _) => v,
                (None, Takes::Bool) => "true".to_owned(),
                (None, Takes::Optional(default)) => default.to_owned(),
                (None, Takes::Value | Takes::Int) => match args.get(i) {
                    Some(next) => {
                        i += 1;
                        next.clone()
                    }
                    None => return Err(Error::NeedsArgument(arg.clone())),
                },
            };
            set(&mut a, &f, v)?;
        } else if arg.len() > 1 && arg.starts_with('-') {
            // flag.go parseShortArg / parseSingleShortArg: the error shows what is left of the group.
            let mut shorthands = arg.get(1..).unwrap_or_default();
            while let Some(c) = shorthands.chars().next() {
                let rest = shorthands.get(c.len_utf8()..).unwrap_or_default();
                // pflag takes the group's first byte (`shorthands[0]`) and prints it with %q: a
                // non-ASCII letter shows as its lead byte (`-é` gives 'Ã').
                let shown = char::from(shorthands.as_bytes().first().copied().unwrap_or(b'-'));
                let Some(f) = find_short(c) else {
                    return Err(Error::UnknownShorthand { c: shown, shorthands: shorthands.to_owned() });
                };
                let (v, left) = if let Some(v) = rest.strip_prefix('=').filter(|_| rest.len() > 1) {
                    (v.to_owned(), "")
                } else {
                    match f.takes {
                        Takes::Bool => ("true".to_owned(), rest),
                        Takes::Optional(default) => (default.to_owned(), rest),
                        Takes::Value | Takes::Int if !rest.is_empty() => (rest.to_owned(), ""),
                        Takes::Value | Takes::Int => match args.get(i) {
                            Some(next) => {
                                i += 1;
                                (next.clone(), "")
                            }
                            None => return Err(Error::NeedsArgumentShort { c: shown, shorthands: shorthands.to_owned() }),
                        },
                    }
                };
                set(&mut a, &f, v)?;
                shorthands = left;
            }
        } else {
            a.positional.push(arg.clone());
        }
    }
    Ok(a)
}

/// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, then a `0x`/`0o`/`0b`/`0` prefix picks the
/// base; the error is `invalid syntax` or `value out of range`.
fn go_parse_int(s: &str) -> Result<i64, &'static str> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..).unwrap_or_default())
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err("invalid syntax");
    }
    let magnitude = u64::from_str_radix(digits, radix).map_err(|_| "value out of range")?;
    let limit = if neg { i64::MIN.unsigned_abs() } else { i64::MAX as u64 };
    if magnitude > limit {
        return Err("value out of range");
    }
    Ok(if neg { 0i64.wrapping_sub_unsigned(magnitude) } else { magnitude as i64 })
}

/// The words that are not flags, skipping the values of the flags kubeplay knows (cobra's
/// `stripFlags`, used to find the command before its own flags are parsed).
pub fn command_words(args: &[String], known: &[Flag]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let takes_value = !long.contains('=')
                && GLOBAL.iter().chain(known).any(|f| f.name == long && matches!(f.takes, Takes::Value | Takes::Int));
            if takes_value {
                it.next();
            }
        } else if arg.len() > 1 && arg.starts_with('-') {
            let body = arg.get(1..).unwrap_or_default();
            let mut chars = body.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if GLOBAL.iter().chain(known).any(|f| f.short == Some(c) && matches!(f.takes, Takes::Value | Takes::Int)) {
                    it.next();
                }
            }
        } else {
            out.push(arg.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    const F: &[Flag] = &[OUTPUT, ALL_NAMESPACES, STDIN, TTY, DRY_RUN];

    #[test]
    fn pflag_forms() {
        let a = parse(&args("get pods -oyaml -it -n=kube-system --dry-run -- ls -l"), F).expect("parses");
        assert_eq!(a.positional, args("get pods"));
        assert_eq!(a.get("output"), Some("yaml"));
        assert!(a.is_set("stdin") && a.is_set("tty"));
        assert_eq!(a.get("namespace"), Some("kube-system"));
        assert_eq!(a.get("dry-run"), Some("unchanged"));
        assert_eq!(a.after_dash, Some(args("ls -l")));
        assert_eq!(parse(&args("get -A=false"), F).map(|a| a.is_set("all-namespaces")), Ok(false));
    }

    #[test]
    fn pflag_errors() {
        let e = |s: &str| parse(&args(s), F).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(e("get --from-literal=a=b"), Err("unknown flag: --from-literal".to_owned()));
        assert_eq!(e("get -Ax"), Err("unknown shorthand flag: 'x' in -x".to_owned()));
        assert_eq!(e("get -o"), Err("flag needs an argument: 'o' in -o".to_owned()));
        assert_eq!(e("get --output"), Err("flag needs an argument: --output".to_owned()));
        assert_eq!(e("get ---x"), Err("bad flag syntax: ---x".to_owned()));
        assert_eq!(e("get -é"), Err("unknown shorthand flag: 'Ã' in -é".to_owned()));
        assert_eq!(
            e("get -A=maybe"),
            Err("invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
                .to_owned())
        );
    }

    #[test]
    fn command_words_skip_flag_values() {
        assert_eq!(command_words(&args("-n x create -o yaml secret generic s"), &[OUTPUT]), args("create secret generic s"));
    }
}
