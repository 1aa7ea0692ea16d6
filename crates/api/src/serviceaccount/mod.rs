//! Service-account tokens as kube-apiserver issues and checks them: JWTs signed with the
//! cluster's service-account key (`--service-account-signing-key-file`; here an ECDSA P-256 key
//! drawn from the seed, so a run is reproducible), with v1.33's claims (`pkg/serviceaccount/claims.go`)
//! and header (`pkg/serviceaccount/jwt.go`: `alg` from the key — ES256 for P-256 — and `kid`,
//! the unpadded base64url SHA-256 of the public key's PKIX DER; no `typ`).
//!
//! Checking a token (`jwt.go` `AuthenticateToken`, `claims.go` `Validate`): the signature, the
//! issuer, the audience, `nbf`/`exp` (with go-jose's one-minute leeway), then that the service
//! account (and the bound pod or secret) still exist with the uid the token names.

pub mod authenticator;
pub mod inspect;
pub mod legacy;

use base64::Engine as _;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use rand_chacha::rand_core::RngCore;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `--service-account-issuer` as kubeadm sets it.
pub const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";
/// `WarnOnlyBoundTokenExpirationSeconds` (claims.go): 60*60 + 7.
pub const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS: i64 = 3607;
/// `ExpirationExtensionSeconds` (claims.go): one year.
pub const EXPIRATION_EXTENSION_SECONDS: i64 = 24 * 365 * 60 * 60;
/// `SetDefaults_TokenRequestSpec` (`pkg/apis/authentication/v1/defaults.go`): one hour.
pub const DEFAULT_TOKEN_SECONDS: i64 = 60 * 60;
/// `MinTokenAgeSec` (`pkg/apis/authentication/validation/validation.go`): ten minutes.
pub const MIN_TOKEN_SECONDS: i64 = 10 * 60;
/// go-jose's `DefaultLeeway` for `exp`/`nbf` (`jwt.Claims.ValidateWithLeeway`, used by claims.go).
pub const LEEWAY_SECONDS: i64 = 60;

/// `SubjectPublicKeyInfo` DER before the 65-byte uncompressed point of a P-256 key:
/// SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID prime256v1 }, BIT STRING (0 unused bits) }
/// (RFC 5480), what Go's `x509.MarshalPKIXPublicKey` writes.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
    0x01, 0x07, 0x03, 0x42, 0x00,
];

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The most signed tokens remembered (the kubelet rebuilds a pod's token on every resync; the
/// same claims sign to the same token, so it is looked up instead of signed again).
const SIGNED_CACHE: usize = 50_000;

/// The API server's service-account key pair: signs tokens and checks them.
#[derive(Debug, Clone)]
pub struct TokenSigner {
    key: SigningKey,
    /// `kid`.
    kid: String,
    /// The encoded header, `{"alg":"ES256","kid":"…"}`.
    header_b64: String,
    /// Tokens already signed, by claims.
    signed: std::cell::RefCell<std::collections::HashMap<Vec<u8>, std::rc::Rc<str>>>,
}

impl TokenSigner {
    /// The key of a cluster seeded with `seed` (the seed's service-account key stream).
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = crate::rng::stream(seed, crate::rng::Component::ServiceAccountKey);
        let key = loop {
            let mut bytes = [0u8; 32];
            rng.fill_bytes(&mut bytes);
            // A scalar that is zero or not below the group order is drawn again (odds 2^-32).
            if let Ok(k) = SigningKey::from_bytes(&bytes.into()) {
                break k;
            }
        };
        let kid = b64(&Sha256::digest(Self::pkix(key.verifying_key())));
        let header_b64 = b64(format!("{{\"alg\":\"ES256\",\"kid\":\"{kid}\"}}").as_bytes());
        TokenSigner { key, kid, header_b64, signed: Default::default() }
    }

    /// `x509.MarshalPKIXPublicKey` of the public key (what `kid` hashes).
    fn pkix(v: &VerifyingKey) -> Vec<u8> {
        let mut der = P256_SPKI_PREFIX.to_vec();
        der.extend_from_slice(v.to_encoded_point(false).as_bytes());
        der
    }

    /// The public key as PKIX DER (`sa.pub`), for checking a token elsewhere.
    pub fn public_key_der(&self) -> Vec<u8> {
        Self::pkix(self.key.verifying_key())
    }

    /// The key id in every token's header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A signed JWT whose payload is `claims` (compact JSON): `header.payload.signature`, the
    /// signature ES256's `r || s` (RFC 7518 §3.4), deterministic (RFC 6979) so runs repeat.
    pub fn sign(&self, claims: &[u8]) -> std::rc::Rc<str> {
        if let Some(t) = self.signed.borrow().get(claims) {
            return t.clone();
        }
        let token: std::rc::Rc<str> = self.sign_uncached(claims).into();
        let mut cache = self.signed.borrow_mut();
        if cache.len() >= SIGNED_CACHE {
            cache.clear();
        }
        cache.insert(claims.to_vec(), token.clone());
        token
    }

    fn sign_uncached(&self, claims: &[u8]) -> String {
        let mut out = String::with_capacity(self.header_b64.len() + claims.len() * 4 / 3 + 92);
        out.push_str(&self.header_b64);
        out.push('.');
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(claims, &mut out);
        let sig: Signature = self.key.sign(out.as_bytes());
        out.push('.');
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(sig.to_bytes(), &mut out);
        out
    }

    /// The claims of `token` if its signature is this key's (`jwt.go` `AuthenticateToken`
    /// before `Validate`): `None` when it is not a JWT signed here.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut parts = token.trim().split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let dec = |x: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(x).ok();
        let header: Value = serde_json::from_slice(&dec(h)?).ok()?;
        if header["alg"] != "ES256" {
            return None;
        }
        let sig = Signature::from_slice(&dec(s)?).ok()?;
        let signed = &token.trim()[..h.len() + 1 + p.len()];
        self.key.verifying_key().verify(signed.as_bytes(), &sig).ok()?;
        serde_json::from_slice(&dec(p)?).ok()
    }
}

/// What a token is bound to and for how long (a TokenRequest's spec after defaulting).
#[derive(Debug, Clone, Default)]
pub struct TokenSpec<'a> {
    /// The service account's namespace.
    pub namespace: &'a str,
    /// The service account's name and uid.
    pub service_account: (&'a str, &'a str),
    /// The bound pod's name and uid, if any.
    pub pod: Option<(&'a str, &'a str)>,
    /// The bound secret's name and uid, if any.
    pub secret: Option<(&'a str, &'a str)>,
    /// The node's name and uid (a bound pod's node, or a node-bound token's).
    pub node: Option<(&'a str, &'a str)>,
    /// The audiences (empty: the API server's, i.e. the issuer).
    pub audiences: Vec<&'a str>,
    /// `expirationSeconds`.
    pub expiration_seconds: i64,
    /// `iat` in Unix seconds.
    pub issued_at: i64,
    /// The `jti` (a UUID).
    pub jti: String,
}

/// `claims.go` `Claims` merged with jwt.go's `iss` and marshalled as go-jose does it (a map,
/// so keys sorted at every level), with `pkg/registry/core/serviceaccount/storage/token.go`'s
/// extension: a pod-bound request of exactly 3607 s for the API server's audience is valid
/// for a year and carries `warnafter` = iat + 3607.
pub fn claims(spec: &TokenSpec<'_>) -> Value {
    let iat = spec.issued_at;
    let own_audience = spec.audiences.is_empty() || spec.audiences == [ISSUER];
    let extended = spec.pod.is_some() && spec.expiration_seconds == WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS && own_audience;
    let r = |(name, uid): (&str, &str)| {
        let mut m = serde_json::Map::new();
        if !name.is_empty() {
            m.insert("name".into(), name.into());
        }
        if !uid.is_empty() {
            m.insert("uid".into(), uid.into());
        }
        Value::Object(m)
    };
    let mut k8s = serde_json::json!({"namespace": spec.namespace, "serviceaccount": r(spec.service_account)});
    if let Some(p) = spec.pod {
        k8s["pod"] = r(p);
    }
    if let Some(s) = spec.secret {
        k8s["secret"] = r(s);
    }
    if let Some(n) = spec.node {
        k8s["node"] = r(n);
    }
    let exp = if extended {
        k8s["warnafter"] = (iat + WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS).into();
        iat + EXPIRATION_EXTENSION_SECONDS
    } else {
        iat + spec.expiration_seconds
    };
    let aud: Vec<&str> = if spec.audiences.is_empty() { vec![ISSUER] } else { spec.audiences.clone() };
    serde_json::json!({
        "aud": aud,
        "exp": exp,
        "iat": iat,
        "iss": ISSUER,
        "jti": spec.jti,
        "kubernetes.io": k8s,
        "nbf": iat,
        "sub": format!("system:serviceaccount:{}:{}", spec.namespace, spec.service_account.0),
    })
}

/// A UUID (version 4 layout) from a counter-free 64-bit value, for `jti`s.
pub fn uuid_from(x: u64) -> String {
    let y = x.rotate_left(29) ^ 0x9E37_79B9_7F4A_7C15;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&x.to_be_bytes());
    b[8..].copy_from_slice(&y.to_be_bytes());
    crate::audit::audit_id(b)
}

/// Why a token does not authenticate (each ends as kubectl's `Unauthorized`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Not a JWT signed by this API server (jwt.go: no authenticator accepts it).
    NotOurs,
    /// claims.go: `service account token has expired`.
    Expired,
    /// Before `nbf`.
    NotYetValid,
    /// The audience is not the API server's.
    WrongAudience,
    /// claims.go: `service account token has been invalidated` (the bound object is gone).
    Invalidated,
    /// claims.go: `service account %s/%s has been deleted`.
    ServiceAccountDeleted(String, String),
    /// The service account is gone (the getter's `serviceaccounts "NAME" not found`).
    ServiceAccountNotFound(String),
    /// claims.go / legacy.go: `ServiceAccount UID (%s) does not match claim (%s)` (also `Secret`, `Pod`).
    UidMismatch(&'static str, String, String),
    /// legacy.go: a claim is missing or `sub` names another account.
    LegacyClaims(&'static str),
    /// legacy.go: `Token has been invalidated` (the Secret is gone or being deleted).
    LegacyInvalidated,
    /// legacy.go: `Token does not match server's copy` (the Secret holds another token).
    LegacyMismatch,
    /// Not a JWT at all (the inspector's complaint; the API server just ignores such a token).
    Malformed(String),
    /// legacy.go: the Secret carries `kubernetes.io/legacy-token-invalid-since`.
    LegacyMarkedInvalid {
        /// The namespace.
        namespace: String,
        /// The token Secret.
        secret: String,
        /// The service account.
        service_account: String,
    },
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::NotOurs => f.write_str("token is not a service account token signed by this API server"),
            TokenError::Expired => f.write_str("service account token has expired"),
            TokenError::NotYetValid => f.write_str("service account token is not valid yet"),
            TokenError::WrongAudience => f.write_str("token audiences do not include the API server's"),
            TokenError::Invalidated => f.write_str("service account token has been invalidated"),
            TokenError::ServiceAccountDeleted(ns, n) => write!(f, "service account {ns}/{n} has been deleted"),
            TokenError::ServiceAccountNotFound(n) => write!(f, "serviceaccounts \"{n}\" not found"),
            TokenError::UidMismatch(kind, got, claim) => write!(f, "{kind} UID ({got}) does not match claim ({claim})"),
            TokenError::LegacyClaims(m) => f.write_str(m),
            TokenError::LegacyInvalidated => f.write_str("Token has been invalidated"),
            TokenError::Malformed(m) => write!(f, "not a JWT: {m}"),
            TokenError::LegacyMismatch => f.write_str("Token does not match server's copy"),
            TokenError::LegacyMarkedInvalid { namespace, secret, service_account } => write!(
                f,
                "the token in secret {namespace}/{secret} for service account {namespace}/{service_account} has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the '{}' label from the secret to temporarily allow use of this token",
                legacy::INVALID_SINCE_LABEL_KEY
            ),
        }
    }
}

/// `claims.go` `Validate`'s time and audience checks at `now` (Unix seconds).
pub fn check_times_and_audience(c: &Value, now: i64) -> Result<(), TokenError> {
    let num = |k: &str| c[k].as_i64();
    if c["iss"] != ISSUER {
        return Err(TokenError::NotOurs);
    }
    if !c["aud"].as_array().is_some_and(|a| a.iter().any(|x| x == ISSUER)) {
        return Err(TokenError::WrongAudience);
    }
    if num("nbf").is_some_and(|nbf| now + LEEWAY_SECONDS < nbf) {
        return Err(TokenError::NotYetValid);
    }
    if num("exp").is_some_and(|exp| now - LEEWAY_SECONDS > exp) {
        return Err(TokenError::Expired);
    }
    Ok(())
}
