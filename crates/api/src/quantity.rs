//! `resource.Quantity` (`apimachinery/pkg/api/resource/quantity.go`, `amount.go`, `math.go`,
//! `suffix.go`) for the values that fit its int64 fast path: parsing, the canonical text the API
//! server stores (`String()` / `CanonicalizeBytes`), and `RoundUp` to milli units, which
//! `SetDefaults_ResourceList` applies. The `inf.Dec` path (more than 18 digits, fractions of a
//! binary suffix) is computed in 128-bit integers; a quantity beyond those is left as written.

/// A quantity as `ParseQuantity` returns it on the int64 fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity<'a> {
    /// `i.value`.
    pub value: i64,
    /// `i.scale`: the value is `value × 10^scale`.
    pub scale: i32,
    /// `Format`: `DecimalSI`, `BinarySI` or `DecimalExponent` (`""` for the zero `Quantity{}`).
    pub format: &'static str,
    /// `s`: the text, kept when it is already canonical (`""` otherwise).
    pub cached: &'a str,
}

const DECIMAL_SI: &str = "DecimalSI";
const BINARY_SI: &str = "BinarySI";
const DECIMAL_EXPONENT: &str = "DecimalExponent";

/// `ParseQuantity(text)` on the int64 fast path; `None` when the text is not a quantity or
/// needs the `inf.Dec` path.
pub fn parse(text: &str) -> Option<Quantity<'_>> {
    if text.is_empty() {
        return None;
    }
    if text == "0" {
        return Some(Quantity { value: 0, scale: 0, format: DECIMAL_SI, cached: text });
    }
    let (positive, num, denom, suffix) = split(text)?;
    let (exponent, format) = interpret(suffix)?;
    let (mut scale, mantissa, precision) = match format {
        DECIMAL_SI | DECIMAL_EXPONENT => (exponent, 1i64, 18 - (num.len() + denom.len()) as i64),
        _ if exponent >= 0 && denom.is_empty() => {
            let precision = 15 - num.len() as i64 - (exponent as f32 * 3.0 / 10.0) as i64 - 1;
            (0, 1i64 << exponent, precision)
        }
        _ => (0, 1, -1),
    };
    if precision < 0 {
        return None;
    }
    scale -= denom.len() as i32;
    if scale < -9 {
        return None;
    }
    let shifted = format!("{num}{denom}");
    let value: i64 = shifted.parse().ok()?;
    let mut result = value.checked_mul(mantissa)?;
    if !positive {
        result = -result;
    }
    // "if the number is in canonical form, reuse the string"
    let canonical = match format {
        BINARY_SI => exponent % 10 == 0 && value & 0x07 != 0,
        _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
    };
    Some(Quantity { value: result, scale, format, cached: if canonical { text } else { "" } })
}

/// `parseQuantityString`: sign, integer digits (leading zeros dropped), fraction digits, suffix.
fn split(text: &str) -> Option<(bool, &str, &str, &str)> {
    let b = text.as_bytes();
    let mut pos = 0;
    let positive = match b.first() {
        Some(b'-') => {
            pos = 1;
            false
        }
        Some(b'+') => {
            pos = 1;
            true
        }
        _ => true,
    };
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    if pos == b.len() {
        return Some((positive, "0", "", ""));
    }
    let start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = if pos == start { "0" } else { &text[start..pos] };
    let mut denom = "";
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let d = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &text[d..pos];
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    (pos == b.len()).then_some((positive, num, denom, &text[suffix_start..]))
}

/// The decimal SI suffixes and their powers of ten (`suffix.go` `newSuffixer`).
const DECIMAL: [(&str, i32); 10] =
    [("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];
/// The binary SI suffixes and their powers of two.
const BINARY: [(&str, i32); 6] = [("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60)];

/// `suffixHandler.interpret`: the exponent (of 10, or of 2 for `BinarySI`) and format of a suffix.
fn interpret(suffix: &str) -> Option<(i32, &'static str)> {
    if let Some((_, e)) = DECIMAL.iter().find(|(s, _)| *s == suffix) {
        return Some((*e, DECIMAL_SI));
    }
    if let Some((_, e)) = BINARY.iter().find(|(s, _)| *s == suffix) {
        return Some((*e, BINARY_SI));
    }
    let digits = suffix.strip_prefix(['e', 'E']).filter(|d| !d.is_empty())?;
    let e: i64 = digits.parse().ok()?;
    Some((i32::try_from(e).ok()?, DECIMAL_EXPONENT))
}

/// A decimal `unscaled × 10^scale` with its format: both of Go's representations (`int64Amount`
/// and `inf.Dec`) in one, for `CanonicalizeBytes` and `RoundUp`.
#[derive(Debug, Clone, Copy)]
struct Amount {
    unscaled: i128,
    scale: i32,
    format: &'static str,
}

impl Amount {
    /// `ParseQuantity`'s `inf.Dec` path: the digits as written, the suffix applied, rounded up
    /// to nano units, BinarySI capped at 2^63-1 and below 1 turned DecimalSI.
    fn parse_slow(text: &str) -> Option<Self> {
        let (positive, num, denom, suffix) = split(text)?;
        let (exponent, mut format) = interpret(suffix)?;
        let mut unscaled: i128 = format!("{num}{denom}").parse().ok()?;
        let mut scale = -i32::try_from(denom.len()).ok()?;
        if format == BINARY_SI {
            unscaled = unscaled.checked_mul(1i128.checked_shl(u32::try_from(exponent).ok()?)?)?;
        } else {
            scale = scale.checked_add(exponent)?;
        }
        let mut a = Amount { unscaled, scale, format };
        if unscaled != 0 {
            a = a.round_up(-9)?;
        }
        if format == BINARY_SI {
            if a.cmp_int(i128::from(i64::MAX))? > 0 {
                a = Amount { unscaled: i128::from(i64::MAX), scale: 0, format };
            }
            if a.unscaled > 0 && a.cmp_int(1)? < 0 {
                format = DECIMAL_SI;
            }
        }
        if !positive {
            a.unscaled = -a.unscaled;
        }
        Some(Amount { format, ..a })
    }

    /// Compares with an integer: -1, 0 or 1 (`None` past 128 bits).
    fn cmp_int(&self, y: i128) -> Option<i32> {
        let (x, y) = if self.scale >= 0 {
            (self.unscaled.checked_mul(10i128.checked_pow(self.scale as u32)?)?, y)
        } else {
            (self.unscaled, y.checked_mul(10i128.checked_pow(self.scale.unsigned_abs())?)?)
        };
        Some(x.cmp(&y) as i32)
    }

    /// `RoundUp(scale)` / `inf.Dec.Round(…, inf.RoundUp)`: away from zero to `10^scale` units.
    fn round_up(self, scale: i32) -> Option<Self> {
        if self.scale >= scale {
            return Some(self);
        }
        let div = 10i128.checked_pow(u32::try_from(scale - self.scale).ok()?)?;
        let (q, r) = (self.unscaled / div, self.unscaled % div);
        let unscaled = if r == 0 { q } else { q + self.unscaled.signum() };
        Some(Amount { unscaled, scale, ..self })
    }

    /// `Quantity.CanonicalizeBytes` (the cached text aside).
    fn canonical(self) -> Option<String> {
        if self.unscaled == 0 {
            return Some("0".to_owned());
        }
        let mut format = self.format;
        if format == BINARY_SI && ((self.cmp_int(-1024)? > 0 && self.cmp_int(1024)? < 0) || !self.is_integer()) {
            // "This avoids rounding and hopefully confusion, too." / "Don't lose precision".
            format = DECIMAL_SI;
        } else if format != BINARY_SI && format != DECIMAL_SI {
            format = DECIMAL_EXPONENT;
        }
        if format == BINARY_SI {
            let whole = self.round_up(0)?;
            let mut value = whole.unscaled.checked_mul(10i128.checked_pow(u32::try_from(whole.scale).ok()?)?)?;
            let mut exponent = 0;
            while value != 0 && value % 1024 == 0 {
                value /= 1024;
                exponent += 10;
            }
            let suffix = BINARY.iter().find(|(_, e)| *e == exponent).map_or("", |(s, _)| s);
            return Some(format!("{value}{suffix}"));
        }
        let (mut amount, mut exponent) = (self.unscaled, self.scale);
        while amount % 10 == 0 {
            amount /= 10;
            exponent += 1;
        }
        while exponent % 3 != 0 {
            amount = amount.checked_mul(10)?;
            exponent -= 1;
        }
        let suffix = match format {
            DECIMAL_EXPONENT if exponent == 0 => String::new(),
            DECIMAL_EXPONENT => format!("e{exponent}"),
            _ => DECIMAL.iter().find(|(_, e)| *e == exponent).map_or("", |(s, _)| s).to_owned(),
        };
        Some(format!("{amount}{suffix}"))
    }

    /// Whether the value has no fraction (`AsScale(0)` is exact).
    fn is_integer(&self) -> bool {
        self.scale >= 0 || self.unscaled % 10i128.pow(self.scale.unsigned_abs().min(38)) == 0
    }
}

impl Quantity<'_> {
    /// `Quantity.String()`: the cached text, or `CanonicalizeBytes`; `None` past 128 bits.
    pub fn canonical(&self) -> Option<String> {
        if !self.cached.is_empty() {
            return Some(self.cached.to_owned());
        }
        Amount { unscaled: i128::from(self.value), scale: self.scale, format: self.format }.canonical()
    }
}

/// What the API server stores for a quantity a client sent: `SetDefaults_ResourceList` rounds
/// it up to milli units (`round_milli`), protobuf writes its `String()`. `None` when the text is
/// not a quantity (validation's business) or beyond what kubeplay computes.
pub fn stored_form(text: &str, round_milli: bool) -> Option<String> {
    let amount = match parse(text) {
        Some(q) if !round_milli || q.scale >= -3 => return q.canonical(),
        Some(q) => Amount { unscaled: i128::from(q.value), scale: q.scale, format: q.format },
        None => Amount::parse_slow(text)?,
    };
    if round_milli { amount.round_up(-3)? } else { amount }.canonical()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text, its canonical form, and then `ParseQuantity` of that form as the hash oracle
    /// (tools/hash-oracle) prints it from Go's apimachinery v0.33.13.
    #[test]
    fn canonical_forms_and_their_parse_match_go() {
        let cases = [
            ("500m", "500m", 500, -3, DECIMAL_SI, "500m"),
            ("128Mi", "128Mi", 134217728, 0, BINARY_SI, ""),
            ("1Gi", "1Gi", 1073741824, 0, BINARY_SI, "1Gi"),
            ("0.5", "500m", 500, -3, DECIMAL_SI, "500m"),
            ("1", "1", 1, 0, DECIMAL_SI, "1"),
            ("2000m", "2", 2, 0, DECIMAL_SI, "2"),
            ("1e3", "1e3", 1, 3, DECIMAL_EXPONENT, "1e3"),
            ("100M", "100M", 100, 6, DECIMAL_SI, "100M"),
            ("0", "0", 0, 0, DECIMAL_SI, "0"),
            ("1.5Gi", "1536Mi", 1610612736, 0, BINARY_SI, ""),
            ("64974848", "64974848", 64974848, 0, DECIMAL_SI, "64974848"),
            ("10k", "10k", 10, 3, DECIMAL_SI, "10k"),
            ("1000", "1k", 1, 3, DECIMAL_SI, "1k"),
        ];
        for (text, canonical, value, scale, format, cached) in cases {
            let stored = stored_form(text, false);
            assert_eq!(stored.as_deref(), Some(canonical), "{text}");
            let q = parse(canonical).unwrap();
            assert_eq!((q.value, q.scale, q.format, q.cached), (value, scale, format, cached), "{text}");
        }
    }

    /// `q.String()` and, after `RoundUp(-3)`, `String()` again, as Go's apimachinery v0.33.13
    /// prints them (tools/hash-oracle's quantity check): fast and `inf.Dec` paths, caps, signs.
    #[test]
    fn stored_forms_match_go() {
        let cases: [(&str, Option<&str>, Option<&str>); 44] = [
            ("500m", Some("500m"), Some("500m")),
            ("128Mi", Some("128Mi"), Some("128Mi")),
            ("1Gi", Some("1Gi"), Some("1Gi")),
            ("0.5", Some("500m"), Some("500m")),
            ("1", Some("1"), Some("1")),
            ("2000m", Some("2"), Some("2")),
            ("1e3", Some("1e3"), Some("1e3")),
            ("100M", Some("100M"), Some("100M")),
            ("0", Some("0"), Some("0")),
            ("1.5Gi", Some("1536Mi"), Some("1536Mi")),
            ("64974848", Some("64974848"), Some("64974848")),
            ("10k", Some("10k"), Some("10k")),
            ("1000", Some("1k"), Some("1k")),
            ("0.1m", Some("100u"), Some("1m")),
            ("100u", Some("100u"), Some("1m")),
            ("1.0001", Some("1000100u"), Some("1001m")),
            ("512Ki", Some("512Ki"), Some("512Ki")),
            ("0.5Gi", Some("512Mi"), Some("512Mi")),
            ("0.5Ki", Some("512"), Some("512")),
            ("123456789012345678901", Some("123456789012345678901"), Some("123456789012345678901")),
            ("1.5", Some("1500m"), Some("1500m")),
            ("2.5e-3", Some("2500e-6"), Some("3e-3")),
            ("1E6", Some("1E6"), Some("1E6")),
            ("12e2", Some("1200"), Some("1200")),
            ("0.0000000001", Some("1n"), Some("1m")),
            ("1Ki", Some("1Ki"), Some("1Ki")),
            ("1023", Some("1023"), Some("1023")),
            ("1024", Some("1024"), Some("1024")),
            ("1025Ki", Some("1025Ki"), Some("1025Ki")),
            ("3.3Mi", Some("3460300800m"), Some("3460300800m")),
            ("-1", Some("-1"), Some("-1")),
            ("-0.5", Some("-500m"), Some("-500m")),
            ("0.3Ei", Some("345876451382054092800m"), Some("345876451382054092800m")),
            ("9223372036854775807", Some("9223372036854775807"), Some("9223372036854775807")),
            ("99999999999999999999Ki", Some("9223372036854775807"), Some("9223372036854775807")),
            ("1e-12", Some("1e-9"), Some("1e-3")),
            ("7n", Some("7n"), Some("1m")),
            ("1.5k", Some("1500"), Some("1500")),
            ("01", Some("01"), Some("01")),
            (".5", Some("500m"), Some("500m")),
            ("5.", Some("5."), Some("5.")),
            ("+3", Some("+3"), Some("+3")),
            ("1e", None, None),
            ("1e2e", None, None),
        ];
        for (text, plain, rounded) in cases {
            assert_eq!(stored_form(text, false).as_deref(), plain, "{text}");
            assert_eq!(stored_form(text, true).as_deref(), rounded, "{text} rounded");
        }
    }
}
