//! The key-pair check of Go's `tls.X509KeyPair` (crypto/tls/tls.go) after the PEM blocks are
//! found: parse the certificate and the private key, then compare the key with the certificate's
//! public key, with Go's messages.
//!
//! A small DER reader, no cryptography: RSA keys carry their modulus and EC keys (SEC 1, as
//! OpenSSL writes them) usually carry their public point, so both compare directly. A private key
//! whose public half must be computed (an EC key without its public point, Ed25519) is accepted
//! unchecked. Certificates are read only as far as the SubjectPublicKeyInfo.

/// OID 1.2.840.113549.1.1.1 (rsaEncryption).
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// OID 1.2.840.10045.2.1 (id-ecPublicKey).
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// OID 1.3.101.112 (Ed25519).
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// A public key as far as the pair check needs it.
#[derive(Debug, PartialEq, Eq)]
enum Public {
    /// RSA: the modulus (leading zeros stripped).
    Rsa(Vec<u8>),
    /// ECDSA: the uncompressed point `04 || X || Y`.
    Ec(Vec<u8>),
    /// Ed25519: the 32 key bytes.
    Ed25519(Vec<u8>),
    /// Another algorithm (`tls: unknown public key algorithm`).
    Other,
}

/// A private key: its kind and, where the key carries it, its public half.
#[derive(Debug, PartialEq, Eq)]
enum Private {
    /// RSA with its modulus.
    Rsa(Vec<u8>),
    /// ECDSA with its public point when the key includes it.
    Ec(Option<Vec<u8>>),
    /// Ed25519 (the public key is not stored in PKCS #8 v1).
    Ed25519,
}

/// One DER element: (tag, contents, the rest of the input).
fn read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (bytes, rest) = rest.split_at(n);
        (bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)), rest)
    };
    if rest.len() < len {
        return None;
    }
    let (body, rest) = rest.split_at(len);
    Some((tag, body, rest))
}

/// The contents of an element with `tag`, and the rest.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, body, rest) = read(input)?;
    (t == tag).then_some((body, rest))
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let start = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    b.get(start..).unwrap_or_default().to_vec()
}

/// SubjectPublicKeyInfo → the public key.
fn parse_spki(spki: &[u8]) -> Option<Public> {
    let (alg, rest) = expect(spki, 0x30)?;
    let (oid, _) = expect(alg, 0x06)?;
    let (bits, _) = expect(rest, 0x03)?;
    let key = bits.get(1..)?; // the unused-bits byte
    Some(match oid {
        o if o == OID_RSA => {
            let (seq, _) = expect(key, 0x30)?;
            let (n, _) = expect(seq, 0x02)?;
            Public::Rsa(strip_zeros(n))
        }
        o if o == OID_EC => Public::Ec(key.to_vec()),
        o if o == OID_ED25519 => Public::Ed25519(key.to_vec()),
        _ => Public::Other,
    })
}

/// x509.ParseCertificate, as far as the public key; `None` for a malformed certificate.
fn certificate_public_key(der: &[u8]) -> Option<Public> {
    let (cert, _) = expect(der, 0x30)?;
    let (tbs, _) = expect(cert, 0x30)?;
    let mut rest = tbs;
    // [0] EXPLICIT version, optional.
    if let Some((0xa0, _, after)) = read(rest) {
        rest = after;
    }
    // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
    for _ in 0..5 {
        let (_, _, after) = read(rest)?;
        rest = after;
    }
    let (spki, _) = expect(rest, 0x30)?;
    parse_spki(spki)
}

/// PKCS #1 RSAPrivateKey: version, n, e, ...
fn parse_pkcs1(der: &[u8]) -> Option<Private> {
    let (seq, _) = expect(der, 0x30)?;
    let (_version, rest) = expect(seq, 0x02)?;
    let (n, rest) = expect(rest, 0x02)?;
    let (_e, rest) = expect(rest, 0x02)?;
    let (_d, _) = expect(rest, 0x02)?;
    Some(Private::Rsa(strip_zeros(n)))
}

/// SEC 1 ECPrivateKey: version 1, the key, [0] parameters, [1] the public point.
fn parse_sec1(der: &[u8]) -> Option<Private> {
    let (seq, _) = expect(der, 0x30)?;
    let (version, rest) = expect(seq, 0x02)?;
    if version != [1] {
        return None;
    }
    let (_key, mut rest) = expect(rest, 0x04)?;
    let mut public = None;
    while let Some((tag, body, after)) = read(rest) {
        if tag == 0xa1 {
            public = expect(body, 0x03).and_then(|(bits, _)| bits.get(1..)).map(<[u8]>::to_vec);
        }
        rest = after;
    }
    Some(Private::Ec(public))
}

/// PKCS #8 PrivateKeyInfo: version, algorithm, the inner key.
fn parse_pkcs8(der: &[u8]) -> Option<Private> {
    let (seq, _) = expect(der, 0x30)?;
    let (_version, rest) = expect(seq, 0x02)?;
    let (alg, rest) = expect(rest, 0x30)?;
    let (oid, _) = expect(alg, 0x06)?;
    let (inner, _) = expect(rest, 0x04)?;
    match oid {
        o if o == OID_RSA => parse_pkcs1(inner),
        o if o == OID_EC => parse_sec1(inner),
        o if o == OID_ED25519 => Some(Private::Ed25519),
        _ => None,
    }
}

/// crypto/tls `parsePrivateKey`: PKCS #1, then PKCS #8, then SEC 1.
fn parse_private_key(der: &[u8]) -> Option<Private> {
    parse_pkcs1(der).or_else(|| parse_pkcs8(der)).or_else(|| parse_sec1(der))
}

/// The rest of `tls.X509KeyPair` for the DER of the first certificate and of the key block, with
/// Go's error texts.
pub fn check_pair(cert_der: &[u8], key_der: &[u8]) -> Result<(), &'static str> {
    let public = certificate_public_key(cert_der).ok_or("x509: malformed certificate")?;
    let private = parse_private_key(key_der).ok_or("tls: failed to parse private key")?;
    match (public, private) {
        (Public::Rsa(n), Private::Rsa(m)) if n != m => Err("tls: private key does not match public key"),
        (Public::Ec(p), Private::Ec(Some(q))) if p != q => Err("tls: private key does not match public key"),
        (Public::Rsa(_), Private::Rsa(_)) | (Public::Ec(_), Private::Ec(_)) | (Public::Ed25519(_), Private::Ed25519) => Ok(()),
        (Public::Other, _) => Err("tls: unknown public key algorithm"),
        _ => Err("tls: private key type does not match public key type"),
    }
}
