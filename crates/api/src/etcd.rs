//! What etcd really holds for a Secret (and a ConfigMap): the API server's protobuf encoding
//! (`k8s.io/apimachinery/pkg/runtime/serializer/protobuf`): the 4-byte magic `k8s\x00`, then a
//! `runtime.Unknown` envelope whose `typeMeta` names `v1`/`Secret` and whose `raw` is the
//! `v1.Secret` message — as `etcdctl get /registry/secrets/<ns>/<name> | hexdump -C` shows it
//! (the "Encrypting Confidential Data at Rest" task page prints one).
//!
//! Field numbers from `staging/src/k8s.io/api/core/v1/generated.proto` (Secret, ConfigMap),
//! `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto` (ObjectMeta, Time) and
//! `staging/src/k8s.io/apimachinery/pkg/runtime/generated.proto` (Unknown, TypeMeta). The Go
//! marshallers are gogo-generated: fields in ascending number, map entries sorted by key, and
//! non-pointer fields written even when empty (an empty `generateName` is `12 00`).

use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use crate::Store;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

/// The prefix of every protobuf-encoded object in etcd (`protobuf.go` `protoEncodingPrefix`).
pub const PROTO_MAGIC: &[u8; 4] = b"k8s\x00";

/// A protobuf message being written: length-delimited fields and varints, nothing else.
#[derive(Debug, Default)]
struct Msg(Vec<u8>);

impl Msg {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn key(&mut self, field: u32, wire_type: u8) {
        self.varint(u64::from(field << 3 | u32::from(wire_type)));
    }
    /// A varint field (int64, int32 and bool; negative numbers as ten-byte two's complement).
    fn int(&mut self, field: u32, v: i64) {
        self.key(field, 0);
        self.varint(v as u64);
    }
    /// A length-delimited field: string, bytes or an embedded message.
    fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, 2);
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    /// A `map<string, V>` entry (field 1 key, field 2 value), written as an embedded message.
    fn map_entry(&mut self, field: u32, k: &str, v: &[u8]) {
        let mut e = Msg::default();
        e.bytes(1, k.as_bytes());
        e.bytes(2, v);
        self.bytes(field, &e.0);
    }
}

/// `meta.v1.Time` as its `Timestamp` proto: seconds (1) and nanos (2, always 0: `ProtoTime`
/// leaves them out because JSON carries only seconds).
fn time(t: &Time) -> Vec<u8> {
    let mut m = Msg::default();
    m.int(1, t.0.as_second());
    m.int(2, 0);
    m.0
}

/// `ObjectMeta` as etcd stores it: `resourceVersion` and `selfLink` are cleared before the write
/// (etcd3 store, `APIObjectVersioner.PrepareObjectForStorage`); the revision is etcd's own.
fn object_meta(meta: &ObjectMeta) -> Vec<u8> {
    let s = |o: &Option<String>| o.as_deref().unwrap_or("").as_bytes().to_vec();
    let mut m = Msg::default();
    m.bytes(1, &s(&meta.name));
    m.bytes(2, &s(&meta.generate_name));
    m.bytes(3, &s(&meta.namespace));
    m.bytes(4, b""); // selfLink
    m.bytes(5, &s(&meta.uid));
    m.bytes(6, b""); // resourceVersion
    m.int(7, meta.generation.unwrap_or(0));
    // creationTimestamp is a struct in Go, always written; a zero Time marshals to nothing
    // (time_proto.go `Time.Marshal`), an empty embedded message.
    match &meta.creation_timestamp {
        Some(t) => m.bytes(8, &time(t)),
        None => m.bytes(8, b""),
    }
    if let Some(t) = &meta.deletion_timestamp {
        m.bytes(9, &time(t));
    }
    if let Some(g) = meta.deletion_grace_period_seconds {
        m.int(10, g);
    }
    for (k, v) in meta.labels.iter().flatten() {
        m.map_entry(11, k, v.as_bytes());
    }
    for (k, v) in meta.annotations.iter().flatten() {
        m.map_entry(12, k, v.as_bytes());
    }
    for f in meta.finalizers.iter().flatten() {
        m.bytes(14, f.as_bytes());
    }
    m.0
}

/// The `v1.Secret` message: metadata (1), data (2, sorted by key), type (3), immutable (5) when set.
/// `stringData` (4) is never stored: the API server merged it into `data`.
pub fn secret_proto(secret: &Secret) -> Vec<u8> {
    let mut m = Msg::default();
    m.bytes(1, &object_meta(&secret.metadata));
    for (k, v) in secret.data.iter().flatten() {
        m.map_entry(2, k, &v.0);
    }
    m.bytes(3, secret.type_.as_deref().unwrap_or("").as_bytes());
    if let Some(i) = secret.immutable {
        m.int(5, i64::from(i));
    }
    m.0
}

/// The `v1.ConfigMap` message: metadata (1), data (2) and binaryData (3), each sorted by key, and
/// immutable (4) when set.
pub fn config_map_proto(cm: &ConfigMap) -> Vec<u8> {
    let mut m = Msg::default();
    m.bytes(1, &object_meta(&cm.metadata));
    for (k, v) in cm.data.iter().flatten() {
        m.map_entry(2, k, v.as_bytes());
    }
    for (k, v) in cm.binary_data.iter().flatten() {
        m.map_entry(3, k, &v.0);
    }
    if let Some(i) = cm.immutable {
        m.int(4, i64::from(i));
    }
    m.0
}

/// `k8s\x00` + `runtime.Unknown{typeMeta{v1, KIND}, raw, contentEncoding "", contentType ""}`
/// (runtime/generated.proto fields 1-4).
fn envelope(kind: &[u8], raw: &[u8]) -> Vec<u8> {
    let mut type_meta = Msg::default();
    type_meta.bytes(1, b"v1");
    type_meta.bytes(2, kind);
    let mut unknown = Msg::default();
    unknown.bytes(1, &type_meta.0);
    unknown.bytes(2, raw);
    unknown.bytes(3, b"");
    unknown.bytes(4, b"");
    let mut out = PROTO_MAGIC.to_vec();
    out.extend_from_slice(&unknown.0);
    out
}

/// The value etcd holds for a Secret (unencrypted): the envelope around [`secret_proto`].
pub fn secret_value(secret: &Secret) -> Vec<u8> {
    envelope(b"Secret", &secret_proto(secret))
}

/// The value etcd holds for a ConfigMap: the envelope around [`config_map_proto`]. Encryption at
/// rest in kubeplay covers Secrets only, so this is always what etcd holds.
pub fn config_map_value(cm: &ConfigMap) -> Vec<u8> {
    envelope(b"ConfigMap", &config_map_proto(cm))
}

/// `hexdump -C`: offset, sixteen bytes in two groups of eight, the printable characters between
/// bars; a run of identical full lines collapses to `*`; the total length closes the dump.
pub fn hexdump_c(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 4 + 16);
    let mut prev: Option<&[u8]> = None;
    let mut starred = false;
    for (i, line) in bytes.chunks(16).enumerate() {
        if line.len() == 16 && prev == Some(line) {
            if !starred {
                out.push_str("*\n");
                starred = true;
            }
            continue;
        }
        starred = false;
        prev = Some(line);
        // Writing to a String cannot fail.
        let _ = write!(out, "{:08x}  ", i * 16);
        for j in 0..16 {
            match line.get(j) {
                Some(b) => {
                    let _ = write!(out, "{b:02x} ");
                }
                None => out.push_str("   "),
            }
            if j == 7 {
                out.push(' ');
            }
        }
        out.push_str(" |");
        out.extend(line.iter().map(|&b| if (0x20..0x7f).contains(&b) { char::from(b) } else { '.' }));
        out.push_str("|\n");
    }
    if !bytes.is_empty() {
        let _ = writeln!(out, "{:08x}", bytes.len());
    }
    out
}

/// What `etcdctl get <key> | hexdump -C` prints: etcdctl writes the key and the value, each
/// followed by a newline.
pub fn etcdctl_get_hexdump(key: &str, value: &[u8]) -> String {
    let mut all = Vec::with_capacity(key.len() + value.len() + 2);
    all.extend_from_slice(key.as_bytes());
    all.push(b'\n');
    all.extend_from_slice(value);
    all.push(b'\n');
    hexdump_c(&all)
}

/// The etcd key of a secret (`/registry/secrets/<ns>/<name>`) and the bytes stored under it.
pub fn secret_entry(store: &Store, ns: &str, name: &str) -> Option<(String, Vec<u8>)> {
    store.secret_stored_value(ns, name).map(|v| (crate::store::secret_key(ns, name), v))
}

/// `etcdctl get /registry/secrets/<ns>/<name> | hexdump -C` for a stored secret.
pub fn secret_hexdump(store: &Store, ns: &str, name: &str) -> Option<String> {
    secret_entry(store, ns, name).map(|(k, v)| etcdctl_get_hexdump(&k, &v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::ByteString;

    fn mysecret() -> Secret {
        let mut s = Secret::default();
        s.metadata.name = Some("mysecret".to_owned());
        s.metadata.namespace = Some("default".to_owned());
        s.metadata.uid = Some("u".to_owned());
        s.metadata.resource_version = Some("42".to_owned());
        s.metadata.creation_timestamp = Some(crate::store::time_at(0));
        s.data = Some([("password".to_owned(), ByteString(b"hunter2".to_vec()))].into());
        s.type_ = Some("Opaque".to_owned());
        s
    }

    /// The bytes as the API server's protobuf serializer writes them (runtime/serializer/protobuf,
    /// core/v1 generated.proto field numbers), checked byte by byte.
    #[test]
    fn secret_is_protobuf_behind_the_k8s_magic() {
        let v = secret_value(&mysecret());
        let mut want: Vec<u8> = b"k8s\x00".to_vec();
        // Unknown.typeMeta {apiVersion "v1", kind "Secret"}
        want.extend_from_slice(b"\x0a\x0c\x0a\x02v1\x12\x06Secret");
        let mut meta: Vec<u8> = Vec::new();
        meta.extend_from_slice(b"\x0a\x08mysecret\x12\x00\x1a\x07default\x22\x00\x2a\x01u\x32\x00\x38\x00");
        // creationTimestamp 2026-01-01T00:00:00Z = 1767225600 s, nanos 0.
        meta.extend_from_slice(b"\x42\x08\x08\x80\xf2\xd6\xca\x06\x10\x00");
        let mut raw: Vec<u8> = vec![0x0a, meta.len() as u8];
        raw.extend_from_slice(&meta);
        raw.extend_from_slice(b"\x12\x13\x0a\x08password\x12\x07hunter2");
        raw.extend_from_slice(b"\x1a\x06Opaque");
        want.push(0x12);
        want.push(raw.len() as u8);
        want.extend_from_slice(&raw);
        want.extend_from_slice(b"\x1a\x00\x22\x00");
        assert_eq!(v, want);
    }

    /// A ConfigMap: data (2) then binaryData (3) then immutable (4), behind the same envelope.
    #[test]
    fn config_map_is_protobuf_behind_the_k8s_magic() {
        let mut cm = ConfigMap::default();
        cm.metadata.name = Some("cfg".to_owned());
        cm.metadata.namespace = Some("default".to_owned());
        cm.metadata.uid = Some("u".to_owned());
        cm.data = Some([("theme".to_owned(), "dark".to_owned())].into());
        cm.binary_data = Some([("b".to_owned(), ByteString(vec![1]))].into());
        cm.immutable = Some(true);
        let v = config_map_value(&cm);
        let mut want: Vec<u8> = b"k8s\x00".to_vec();
        want.extend_from_slice(b"\x0a\x0f\x0a\x02v1\x12\x09ConfigMap");
        let meta = b"\x0a\x03cfg\x12\x00\x1a\x07default\x22\x00\x2a\x01u\x32\x00\x38\x00\x42\x00";
        let mut raw: Vec<u8> = vec![0x0a, meta.len() as u8];
        raw.extend_from_slice(meta);
        raw.extend_from_slice(b"\x12\x0d\x0a\x05theme\x12\x04dark");
        raw.extend_from_slice(b"\x1a\x06\x0a\x01b\x12\x01\x01");
        raw.extend_from_slice(b"\x20\x01");
        want.push(0x12);
        want.push(raw.len() as u8);
        want.extend_from_slice(&raw);
        want.extend_from_slice(b"\x1a\x00\x22\x00");
        assert_eq!(v, want);
    }

    /// `hexdump -C` layout, the readable strings visible in the right column.
    #[test]
    fn hexdump_c_layout() {
        let d = etcdctl_get_hexdump("/registry/secrets/default/mysecret", &secret_value(&mysecret()));
        // Checked against util-linux `hexdump -C` on the same bytes.
        let want = "\
00000000  2f 72 65 67 69 73 74 72  79 2f 73 65 63 72 65 74  |/registry/secret|
00000010  73 2f 64 65 66 61 75 6c  74 2f 6d 79 73 65 63 72  |s/default/mysecr|
00000020  65 74 0a 6b 38 73 00 0a  0c 0a 02 76 31 12 06 53  |et.k8s.....v1..S|
00000030  65 63 72 65 74 12 47 0a  28 0a 08 6d 79 73 65 63  |ecret.G.(..mysec|
00000040  72 65 74 12 00 1a 07 64  65 66 61 75 6c 74 22 00  |ret....default\".|
00000050  2a 01 75 32 00 38 00 42  08 08 80 f2 d6 ca 06 10  |*.u2.8.B........|
00000060  00 12 13 0a 08 70 61 73  73 77 6f 72 64 12 07 68  |.....password..h|
00000070  75 6e 74 65 72 32 1a 06  4f 70 61 71 75 65 1a 00  |unter2..Opaque..|
00000080  22 00 0a                                          |\"..|
00000083
";
        assert_eq!(d, want);
        assert_eq!(hexdump_c(&[0u8; 40]), "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000020  00 00 00 00 00 00 00 00                           |........|\n00000028\n");
        assert_eq!(hexdump_c(b""), "");
    }
}
