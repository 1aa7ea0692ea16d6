//! The registry's view of etcd: keys `/registry/<resource>/<ns>/<name>`
//! (`apiserver/pkg/registry/generic/registry/store.go` KeyFunc) and the stored JSON.

use crate::object::Kind;

use super::Store;

impl Store {
    /// The raw keys and values as etcd holds them: `/registry/<resource>/<ns>/<name>` → JSON.
    /// Secret values sit there in plain text (base64 in JSON is an encoding, not encryption),
    /// unless encryption at rest wrote them: then the value is the stored bytes, printable
    /// characters as they are and every other byte as `.` (as `hexdump -C`'s right column).
    pub fn etcd(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            for obj in self.list(kind, None) {
                if kind == Kind::Secret {
                    let key = super::secret_key(obj.namespace(), obj.name());
                    if let Some(v) = self.sealed.get(&key) {
                        let shown = v.iter().map(|&b| if (0x20..0x7f).contains(&b) { char::from(b) } else { '.' }).collect();
                        out.push((key, shown));
                        continue;
                    }
                }
                let key = if kind.namespaced() {
                    format!("/registry/{}/{}/{}", kind.resource(), obj.namespace(), obj.name())
                } else {
                    format!("/registry/{}/{}", kind.resource(), obj.name())
                };
                let mut v = obj.to_json();
                if let Some(m) = v.as_object_mut() {
                    m.insert("apiVersion".to_owned(), kind.api_version().into());
                    m.insert("kind".to_owned(), kind.as_str().into());
                }
                out.push((key, serde_json::to_string(&v).unwrap_or_default()));
            }
        }
        out.sort();
        out
    }
}
