//! Object metadata as describe prints it: describe.go printLabelsMultiline, printAnnotationsMultiline
//! and RFC 1123 times.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

/// printLabelsMultiline: `key=value` lines sorted by key, `<none>` when empty.
pub(crate) fn print_labels(title: &str, m: Option<&BTreeMap<String, String>>, out: &mut String) {
    out.push_str(&format!("{title}:\t"));
    let entries: Vec<(&String, &String)> = m.into_iter().flatten().collect();
    if entries.is_empty() {
        out.push_str("<none>\n");
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i != 0 {
            out.push('\t');
        }
        out.push_str(&format!("{k}={v}\n"));
    }
}

/// describe.go maxAnnotationLen.
const MAX_ANNOTATION_LEN: usize = 140;

/// describe.go shorten: the first `max` bytes and `...` (cut back to a UTF-8 boundary, where Go cuts bytes).
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", s.get(..end).unwrap_or(""))
}

/// printAnnotationsMultiline: `key: value` sorted by key, skipping last-applied-configuration; a value
/// that is multi-line or would make the line longer than 140 prints under `key:`, each line indented two
/// spaces and shortened to 138 bytes.
pub(crate) fn print_annotations(title: &str, m: Option<&BTreeMap<String, String>>, out: &mut String) {
    out.push_str(&format!("{title}:\t"));
    let entries: Vec<(&String, &String)> =
        m.into_iter().flatten().filter(|(k, _)| k.as_str() != crate::apply::LAST_APPLIED).collect();
    if entries.is_empty() {
        out.push_str("<none>\n");
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i != 0 {
            out.push('\t');
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            out.push_str(&format!("{k}:\n"));
            for line in value.split('\n') {
                out.push_str(&format!("\t  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            out.push_str(&format!("{k}: {value}\n"));
        }
    }
}

/// RFC 1123 with numeric zone, as describe prints times: `Thu, 01 Jan 2026 00:00:00 +0000`.
pub(crate) fn rfc1123z(t: Option<&Time>) -> String {
    t.map(|t| t.0.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()).unwrap_or_else(|| "<unset>".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// printAnnotationsMultiline: `key: value`, sorted, last-applied-configuration skipped, `<none>` when
    /// only skipped keys remain; a line longer than 140 bytes goes under `key:`, shortened to 138 + `...`.
    #[test]
    fn annotations_print_as_key_colon_value_with_describe_go_limits() {
        let mut m = BTreeMap::new();
        m.insert(crate::apply::LAST_APPLIED.to_owned(), "{}".to_owned());
        let mut out = String::new();
        print_annotations("Annotations", Some(&m), &mut out);
        assert_eq!(out, "Annotations:\t<none>\n");
        m.insert("b".to_owned(), "2\n".to_owned());
        m.insert("a".to_owned(), "x".repeat(137));
        m.insert("c".to_owned(), "y".repeat(138));
        let mut out = String::new();
        print_annotations("Annotations", Some(&m), &mut out);
        let want = format!("Annotations:\ta: {}\n\tb: 2\n\tc:\n\t  {}\n", "x".repeat(137), "y".repeat(138));
        assert_eq!(out, want);
        assert_eq!(shorten("ééé", 3), "é...");
    }
}
