//! The token inspector: a service-account token taken apart as a learner wants to see it —
//! the JWT's header and claims decoded, the signature checked against the cluster's key, the
//! times and bound objects read out — and judged as the API server would judge it now
//! ([`super::authenticator::authenticate`], without its side effects).
//!
//! Not a Kubernetes component: kubectl has no such command (people paste tokens into jwt.io);
//! the checks are the API server's (`pkg/serviceaccount/{jwt,claims,legacy}.go`).

use base64::Engine as _;
use serde_json::Value;

use super::authenticator::{self, TokenKind};
use super::TokenError;
use crate::Store;

/// The most bytes of token the inspector reads (a projected token is about a kilobyte).
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Whether the signature is the cluster's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureCheck {
    /// ES256 over `header.payload`, by the cluster's service-account key.
    Valid,
    /// Not this key's signature (forged, altered, or another cluster's).
    Invalid,
}

/// A decoded token and the API server's verdict on it at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The JOSE header (`alg`, `kid`).
    pub header: Value,
    /// The claims (payload).
    pub claims: Value,
    /// The signature check.
    pub signature: SignatureCheck,
    /// Which authenticator the issuer selects, if the API server trusts the issuer.
    pub kind: Option<TokenKind>,
    /// `sub`.
    pub subject: String,
    /// `iat`, `nbf`, `exp` and `kubernetes.io.warnafter` (Unix seconds), when present.
    pub issued_at: Option<i64>,
    /// `nbf`.
    pub not_before: Option<i64>,
    /// `exp` (a legacy token has none: it never expires).
    pub expires_at: Option<i64>,
    /// `kubernetes.io.warnafter`: after it the token is stale (still valid, audited).
    pub warn_after: Option<i64>,
    /// The objects the token is bound to, as `(kind, name, uid)` (Pod, Secret, Node), and for a
    /// legacy token its Secret.
    pub bound: Vec<(&'static str, String, String)>,
    /// The time of the verdict (Unix seconds).
    pub now_s: i64,
    /// The API server's verdict: the user it authenticates as, or why it refuses.
    pub verdict: Result<String, TokenError>,
}

impl Inspection {
    /// Seconds until `exp` (negative: past), `None` for a token without expiry.
    pub fn seconds_left(&self) -> Option<i64> {
        self.expires_at.map(|e| e - self.now_s)
    }
}

fn decode_part(part: &str, what: &str) -> Result<Vec<u8>, TokenError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|e| TokenError::Malformed(format!("the {what} is not unpadded base64url: {e}")))
}

fn json_part(bytes: &[u8], what: &str) -> Result<Value, TokenError> {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| TokenError::Malformed(format!("the {what} is not a JSON object")))
}

/// Takes `token` apart and judges it against `store` at Unix time `now_s`. Fails only when the
/// text is not a JWT at all (three base64url parts, JSON header and payload).
pub fn inspect(store: &Store, token: &str, now_s: i64) -> Result<Inspection, TokenError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(TokenError::Malformed("no token given".to_owned()));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed(format!(
            "the token is {} bytes; the inspector reads at most {MAX_TOKEN_BYTES}",
            token.len()
        )));
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [h, p, s] = parts.as_slice() else {
        return Err(TokenError::Malformed(format!(
            "a JWT has 3 parts separated by dots (header.payload.signature), this text has {}",
            parts.len()
        )));
    };
    let header = json_part(&decode_part(h, "header")?, "header")?;
    let claims = json_part(&decode_part(p, "payload")?, "payload")?;
    decode_part(s, "signature")?;
    let signature = if store.token_signer().verify(token).is_some() { SignatureCheck::Valid } else { SignatureCheck::Invalid };
    let k = &claims["kubernetes.io"];
    let mut bound = Vec::new();
    for (key, kind) in [("pod", "Pod"), ("secret", "Secret"), ("node", "Node")] {
        if let Some(r) = k.get(key) {
            let field = |f: &str| r[f].as_str().unwrap_or_default().to_owned();
            bound.push((kind, field("name"), field("uid")));
        }
    }
    if let Some(secret) = claims["kubernetes.io/serviceaccount/secret.name"].as_str() {
        bound.push(("Secret", secret.to_owned(), String::new()));
    }
    let verdict = authenticator::authenticate(store, token, now_s).map(|a| a.user.name);
    Ok(Inspection {
        kind: authenticator::kind_of(&claims),
        subject: claims["sub"].as_str().unwrap_or_default().to_owned(),
        issued_at: claims["iat"].as_i64(),
        not_before: claims["nbf"].as_i64(),
        expires_at: claims["exp"].as_i64(),
        warn_after: k["warnafter"].as_i64(),
        header,
        claims,
        signature,
        bound,
        now_s,
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serviceaccount::{claims, TokenSpec};

    #[test]
    fn a_token_is_decoded_checked_and_judged() {
        let store = Store::new(3);
        let sa_uid = store.service_account("default", "default").and_then(|a| a.metadata.uid.clone()).unwrap_or_default();
        let spec = TokenSpec {
            namespace: "default",
            service_account: ("default", &sa_uid),
            expiration_seconds: 600,
            issued_at: 1_000,
            jti: "j".into(),
            ..Default::default()
        };
        let token = store.token_signer().sign(claims(&spec).to_string().as_bytes()).to_string();
        let i = inspect(&store, &token, 1_100).map_err(|e| e.to_string());
        let i = i.as_ref().map(|i| (i.signature, i.kind, i.seconds_left(), i.verdict.clone()));
        assert_eq!(
            i,
            Ok((
                SignatureCheck::Valid,
                Some(TokenKind::Bound),
                Some(500),
                Ok("system:serviceaccount:default:default".to_owned())
            ))
        );
        // Past exp + the minute of leeway: expired.
        let late = inspect(&store, &token, 1_661).map(|i| i.verdict);
        assert_eq!(late, Ok(Err(TokenError::Expired)));
        // Altered payload: the signature no longer checks, and the API server does not know it.
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims(&spec).to_string().replace("600", "6000"));
        let forged = inspect(&store, &parts.join("."), 1_100).map(|i| (i.signature, i.verdict));
        assert_eq!(forged, Ok((SignatureCheck::Invalid, Err(TokenError::NotOurs))));
        assert_eq!(
            inspect(&store, "abc", 0).map(|_| ()),
            Err(TokenError::Malformed("a JWT has 3 parts separated by dots (header.payload.signature), this text has 1".into()))
        );
        assert!(matches!(inspect(&store, "a.b.c", 0), Err(TokenError::Malformed(_))));
    }
}
