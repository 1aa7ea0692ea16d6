//! go-spew's `%#v` formatter (`github.com/davecgh/go-spew/spew/format.go`, v1.1.1 =
//! the d8f796af33cc Kubernetes vendors) as `hashutil.DeepHashObject` configures it
//! (`DisableMethods`, `SortKeys`), walking a JSON object typed by [`super::go_types`].
//!
//! The JSON is read as the deployment controller's informer holds the object after the
//! protobuf round trip: an absent field, `null`, an empty list and an empty map are all the Go
//! zero value (nil), and a quantity is re-parsed from its canonical text.

use super::go_types::{Field, Kind, Type, TYPES};
use kubeplay_api::quantity::{self, Quantity};
use serde_json::Value;

/// Where the formatter writes (the FNV-32a hasher, or a `String` in tests).
pub(super) trait Sink {
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
}

/// A dump as text, for comparing with Go's in tests.
#[cfg(test)]
impl Sink for String {
    fn put(&mut self, bytes: &[u8]) {
        self.push_str(&String::from_utf8_lossy(bytes));
    }
}

/// `spew.ConfigState{...}.Fprintf(w, "%#v", value)` for the type at `ty`.
pub(super) fn format<S: Sink>(out: &mut S, ty: u16, value: Option<&Value>) {
    Formatter { out, ignore_next_type: false }.format(ty, value);
}

/// `formatState` with the `#` flag set: types are shown unless `ignore_next_type` says otherwise.
struct Formatter<'s, S> {
    out: &'s mut S,
    ignore_next_type: bool,
}

impl<S: Sink> Formatter<'_, S> {
    fn put(&mut self, s: &str) {
        self.out.put(s.as_bytes());
    }

    fn put_int(&mut self, i: i64) {
        self.put(&i.to_string());
    }

    /// `formatState.format`.
    fn format(&mut self, ty: u16, value: Option<&Value>) {
        let Type(name, kind) = &TYPES[usize::from(ty)];
        if let Kind::Ptr(elem) = kind {
            return self.format_ptr(name, *elem, value);
        }
        if !self.ignore_next_type {
            self.put("(");
            self.put(name);
            self.put(")");
        }
        self.ignore_next_type = false;
        match kind {
            Kind::Ptr(_) => {}
            Kind::Str => self.put(value.and_then(Value::as_str).unwrap_or("")),
            Kind::Int => self.put_int(value.and_then(Value::as_i64).unwrap_or(0)),
            Kind::Uint => self.put(&value.and_then(Value::as_u64).unwrap_or(0).to_string()),
            Kind::Bool => self.put(if value.and_then(Value::as_bool).unwrap_or(false) { "true" } else { "false" }),
            Kind::Slice(elem) => match value.and_then(Value::as_array).filter(|a| !a.is_empty()) {
                None => self.put("<nil>"),
                Some(items) => {
                    self.put("[");
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            self.put(" ");
                        }
                        self.ignore_next_type = true;
                        self.format(*elem, Some(item));
                    }
                    self.put("]");
                }
            },
            Kind::Map(elem) => match value.and_then(Value::as_object).filter(|o| !o.is_empty()) {
                None => self.put("<nil>"),
                Some(map) => {
                    // SortKeys: string keys in byte order (common.go sortValues).
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort_unstable();
                    self.put("map[");
                    for (i, key) in keys.into_iter().enumerate() {
                        if i > 0 {
                            self.put(" ");
                        }
                        // The key is a string kind printed without its type.
                        self.ignore_next_type = false;
                        self.put(key);
                        self.put(":");
                        self.ignore_next_type = true;
                        self.format(*elem, map.get(key));
                    }
                    self.put("]");
                }
            },
            Kind::Struct(fields) => {
                self.put("{");
                for (i, Field(go_name, json, fty)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.put(" ");
                    }
                    self.put(go_name);
                    self.put(":");
                    let field = match *json {
                        "" => value,
                        "-" => None,
                        json => value.and_then(|v| v.get(json)),
                    };
                    self.format(*fty, field);
                }
                self.put("}");
            }
            Kind::Time => {
                // Only the zero time survives into a pod template (ObjectMeta.creationTimestamp is
                // null); a set time would print the process's local *time.Location, which kubeplay
                // cannot know, so every time hashes as the zero time (docs/fidelity.md).
                self.put("{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}");
            }
            Kind::IntOrString => {
                let (type_, int, string) = match value {
                    Some(Value::String(s)) => (1, 0, s.as_str()),
                    Some(v) => (0, v.as_i64().unwrap_or(0), ""),
                    None => (0, 0, ""),
                };
                self.put("{Type:(intstr.Type)");
                self.put_int(type_);
                self.put(" IntVal:(int32)");
                self.put_int(int);
                self.put(" StrVal:(string)");
                self.put(string);
                self.put("}");
            }
            Kind::Quantity => {
                let text = value.and_then(Value::as_str).unwrap_or("");
                // The informer's copy: ParseQuantity of the text the API server stored.
                let zero = Quantity { value: 0, scale: 0, format: "", cached: "" };
                let q = quantity::parse(text).unwrap_or(zero);
                self.put("{i:(resource.int64Amount){value:(int64)");
                self.put_int(q.value);
                self.put(" scale:(resource.Scale)");
                self.put_int(i64::from(q.scale));
                self.put("} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)");
                self.put(q.cached);
                self.put(" Format:(resource.Format)");
                self.put(q.format);
                self.put("}");
            }
        }
    }

    /// `formatState.formatPtr` (no pointer chains or cycles occur in a pod template).
    fn format_ptr(&mut self, name: &str, elem: u16, value: Option<&Value>) {
        match value.filter(|v| !v.is_null()) {
            None if self.ignore_next_type => self.put("<nil>"),
            None => {
                self.put("(");
                self.put(name);
                self.put(")<nil>");
            }
            Some(v) => {
                if self.ignore_next_type {
                    self.put("<*>");
                } else {
                    self.put("(*");
                    self.put(TYPES[usize::from(elem)].0);
                    self.put(")");
                }
                self.ignore_next_type = true;
                self.format(elem, Some(v));
            }
        }
    }
}
