//! Base64 decoding with Go's `encoding/base64` `StdEncoding` error positions.
//!
//! The API server decodes `Secret.data` with Go's decoder, and its error text
//! (`illegal base64 data at input byte 4`) is what `kubectl` shows, so the byte
//! index must match Go's `decodeQuantum` exactly (`src/encoding/base64/base64.go`).

/// Go's `CorruptInputError`: the byte offset it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("illegal base64 data at input byte {0}")]
pub struct CorruptInputError(pub usize);

fn decode_char(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes padded standard base64 as Go does: `\r` and `\n` are skipped, padding is required.
pub fn decode(src: &[u8]) -> Result<Vec<u8>, CorruptInputError> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0usize;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut j = 0usize;
        let mut trailing_err = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // StdEncoding pads, so any short quantum is corrupt.
                return Err(CorruptInputError(si - j));
            }
            let c = src[si];
            si += 1;
            if let Some(v) = decode_char(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(CorruptInputError(si - 1));
            }
            // Padding: only valid after two or three characters.
            match j {
                0 | 1 => return Err(CorruptInputError(si - 1)),
                2 => {
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(CorruptInputError(src.len()));
                    }
                    if src[si] != b'=' {
                        return Err(CorruptInputError(si - 1));
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing_err = Some(CorruptInputError(si));
            }
            dlen = j;
            break;
        }
        let val = u32::from(dbuf[0]) << 18 | u32::from(dbuf[1]) << 12 | u32::from(dbuf[2]) << 6 | u32::from(dbuf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(e) = trailing_err {
            return Err(e);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_go_error_offsets() {
        assert_eq!(decode(b"YWRtaW4="), Ok(b"admin".to_vec()));
        assert_eq!(decode(b"MWYyZDFlMmU2N2Rm"), Ok(b"1f2d1e2e67df".to_vec()));
        assert_eq!(decode(b"YWRt\naW4="), Ok(b"admin".to_vec()));
        assert_eq!(decode(b""), Ok(vec![]));
        // The two cases quoted from real kubectl output.
        assert_eq!(decode(b"admin"), Err(CorruptInputError(4)));
        assert_eq!(decode(b"My-pass-123"), Err(CorruptInputError(2)));
        assert_eq!(decode(b"YQ="), Err(CorruptInputError(3)));
        assert_eq!(decode(b"YQ==YQ=="), Err(CorruptInputError(4)));
        assert_eq!(decode(b"=abc"), Err(CorruptInputError(0)));
    }
}
