//! The API server's request body limit: a write whose body is over 3 MiB is refused before it
//! is decoded, with `413 Request entity too large: limit is 3145728`.
//!
//! Mirrors `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go` `limitedReadBody`
//! (`errors.NewRequestEntityTooLargeError(fmt.Sprintf("limit is %d", limit))`) with the limit
//! of `staging/src/k8s.io/apiserver/pkg/server/config.go` `NewConfig`
//! (`MaxRequestBodyBytes: int64(3 * 1024 * 1024)`: twice etcd's recommended 1.5 MB request).

use std::io;

use crate::object::Object;
use crate::status::Status;

/// The largest request body the API server reads, in bytes (`MaxRequestBodyBytes`).
pub const MAX_REQUEST_BODY_BYTES: usize = 3 * 1024 * 1024;

/// The size of the body kubectl sends for `obj`: the object as JSON, written as Go's
/// `json.Encoder.Encode` writes it (client-go's JSON serializer): `<`, `>` and `&` escaped as
/// `\u003c`, U+2028 and U+2029 as `\u2028`, and a final newline (`encoding/json` encode.go).
pub fn body_bytes(obj: &Object) -> usize {
    let mut w = GoJsonCounter::default();
    // Writing to a counter cannot fail; a value that cannot be written counts as nothing.
    let _ = serde_json::to_writer(&mut w, &obj.to_json());
    w.bytes + 1
}

/// `limitedReadBody`: `Ok` when the body fits, else the API server's 413.
pub fn check_request_body(obj: &Object) -> Result<(), Status> {
    if body_bytes(obj) > MAX_REQUEST_BODY_BYTES {
        return Err(Status::request_entity_too_large(&format!("limit is {MAX_REQUEST_BODY_BYTES}")));
    }
    Ok(())
}

/// Counts the bytes serde_json writes, plus what Go's HTML-safe escaping adds.
#[derive(Default)]
struct GoJsonCounter {
    bytes: usize,
}

impl io::Write for GoJsonCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        // `<` `>` `&` become `\u00XX` (6 bytes for 1); U+2028/U+2029 (E2 80 A8/A9) become
        // `\u202X` (6 bytes for 3). They only occur inside strings, where serde_json keeps them.
        self.bytes += buf.iter().filter(|b| matches!(b, b'<' | b'>' | b'&')).count() * 5;
        self.bytes += buf.windows(3).filter(|w| w[0] == 0xE2 && w[1] == 0x80 && (w[2] == 0xA8 || w[2] == 0xA9)).count() * 3;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ConfigMap;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn config_map(value: &str) -> Object {
        Object::ConfigMap(ConfigMap {
            metadata: ObjectMeta { name: Some("c".into()), ..ObjectMeta::default() },
            data: Some([("k".to_owned(), value.to_owned())].into()),
            ..ConfigMap::default()
        })
    }

    #[test]
    fn counts_as_go_encodes() {
        let plain = body_bytes(&config_map("ab"));
        assert_eq!(body_bytes(&config_map("a<")), plain + 5);
        assert_eq!(body_bytes(&config_map("\u{2028}")), plain - 2 + 6);
    }

    #[test]
    fn over_three_mib_is_413() {
        assert!(check_request_body(&config_map(&"x".repeat(MAX_REQUEST_BODY_BYTES - 200))).is_ok());
        let e = check_request_body(&config_map(&"x".repeat(MAX_REQUEST_BODY_BYTES))).expect_err("too large");
        assert_eq!(e.kubectl_message(), "Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728");
        assert_eq!(e.reason.code(), 413);
    }
}
