//! Field errors as apimachinery renders them.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go`:
//! `<field>: <Type>[: <value>][: <detail>]`, strings quoted with Go's `%q`.

use std::fmt;

/// The kind of a field error (`field.ErrorType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorType {
    /// `Not found`, with the value.
    NotFound(BadValue),
    /// `Required value`.
    Required,
    /// `Duplicate value`, with the value.
    Duplicate(BadValue),
    /// `Invalid value`, with the value.
    Invalid(BadValue),
    /// `Unsupported value`, with the value; the detail lists the supported ones.
    NotSupported(BadValue),
    /// `Forbidden`.
    Forbidden,
    /// `Too long`.
    TooLong,
}

/// A rejected value as Go prints it: strings with `%q`, numbers and booleans with `%v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    /// A string, printed quoted.
    Str(String),
    /// An integer, printed plain.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Printed as is (already formatted).
    Raw(String),
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::Str(s) => f.write_str(&go_quote(s)),
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Bool(b) => write!(f, "{b}"),
            BadValue::Raw(s) => f.write_str(s),
        }
    }
}

impl From<&str> for BadValue {
    fn from(s: &str) -> Self {
        BadValue::Str(s.to_owned())
    }
}
impl From<String> for BadValue {
    fn from(s: String) -> Self {
        BadValue::Str(s)
    }
}
impl From<i32> for BadValue {
    fn from(i: i32) -> Self {
        BadValue::Int(i64::from(i))
    }
}
impl From<i64> for BadValue {
    fn from(i: i64) -> Self {
        BadValue::Int(i)
    }
}

/// One field error: a path, a type, and a detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, e.g. `spec.volumes[0].secret.secretName`.
    pub field: String,
    /// What is wrong.
    pub kind: ErrorType,
    /// Further explanation, may be empty.
    pub detail: String,
}

impl FieldError {
    /// `field.Required(path, detail)`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { field: field.into(), kind: ErrorType::Required, detail: detail.into() }
    }
    /// `field.Invalid(path, value, detail)`.
    pub fn invalid(field: impl Into<String>, value: impl Into<BadValue>, detail: impl Into<String>) -> Self {
        FieldError { field: field.into(), kind: ErrorType::Invalid(value.into()), detail: detail.into() }
    }
    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { field: field.into(), kind: ErrorType::Forbidden, detail: detail.into() }
    }
    /// `field.Duplicate(path, value)`.
    pub fn duplicate(field: impl Into<String>, value: impl Into<BadValue>) -> Self {
        FieldError { field: field.into(), kind: ErrorType::Duplicate(value.into()), detail: String::new() }
    }
    /// `field.NotFound(path, value)`.
    pub fn not_found(field: impl Into<String>, value: impl Into<BadValue>) -> Self {
        FieldError { field: field.into(), kind: ErrorType::NotFound(value.into()), detail: String::new() }
    }
    /// `field.NotSupported(path, value, validValues)`: detail `supported values: "a", "b"`.
    pub fn not_supported(field: impl Into<String>, value: impl Into<BadValue>, valid: &[&str]) -> Self {
        let list: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
        FieldError {
            field: field.into(),
            kind: ErrorType::NotSupported(value.into()),
            detail: if list.is_empty() { String::new() } else { format!("supported values: {}", list.join(", ")) },
        }
    }
    /// `field.TooLong(path, value, max)` in v1.32+: `may not be more than N bytes`.
    pub fn too_long_bytes(field: impl Into<String>, max: usize) -> Self {
        FieldError { field: field.into(), kind: ErrorType::TooLong, detail: format!("may not be more than {max} bytes") }
    }

    /// `ErrorBody()`: everything after `<field>: `.
    pub fn body(&self) -> String {
        let mut s = match &self.kind {
            ErrorType::Required => "Required value".to_owned(),
            ErrorType::Forbidden => "Forbidden".to_owned(),
            ErrorType::TooLong => "Too long".to_owned(),
            ErrorType::NotFound(v) => format!("Not found: {v}"),
            ErrorType::Duplicate(v) => format!("Duplicate value: {v}"),
            ErrorType::Invalid(v) => format!("Invalid value: {v}"),
            ErrorType::NotSupported(v) => format!("Unsupported value: {v}"),
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// Go's `strconv.Quote`: double quotes, `\"`, `\\`, `\n`, `\t`, and `\x..`/`\u....` for non-printables.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_render_like_apimachinery() {
        assert_eq!(FieldError::required("a.b", "").to_string(), "a.b: Required value");
        assert_eq!(FieldError::invalid("x", 512, "bad").to_string(), "x: Invalid value: 512: bad");
        assert_eq!(FieldError::invalid("x", "a\"b\n", "").to_string(), "x: Invalid value: \"a\\\"b\\n\"");
        assert_eq!(
            FieldError::not_supported("p", "Sometimes", &["Always", "Never"]).to_string(),
            "p: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\""
        );
        assert_eq!(FieldError::too_long_bytes("data", 1048576).to_string(), "data: Too long: may not be more than 1048576 bytes");
    }
}
