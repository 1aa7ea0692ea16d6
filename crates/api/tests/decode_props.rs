//! Fuzz-style properties: no input makes the decoder, validation or the store panic, and
//! every rejection is an error value with a message.

use kubeplay_api::{decode_manifest, DecodeError, Store};
use proptest::prelude::*;
use serde_json::Value;

/// Decodes and applies everything; returns the number of messages produced.
fn exercise(text: &str) -> usize {
    let m = decode_manifest(text, "fuzz.yaml");
    let mut store = Store::new(3);
    let mut messages = 0;
    for d in m.docs {
        match d.result {
            Ok(obj) => match store.apply(obj, "default", 0) {
                Ok(_) => {}
                Err(s) => {
                    assert!(!s.kubectl_message().is_empty());
                    messages += 1;
                }
            },
            Err(DecodeError::Client(msg)) => {
                assert!(!msg.is_empty());
                messages += 1;
            }
            Err(DecodeError::Server(s)) => {
                assert!(!s.kubectl_message().is_empty());
                messages += 1;
            }
        }
        assert!(d.pos.line >= 1);
    }
    if let Some((pos, msg)) = m.syntax_error {
        assert!(!msg.is_empty() && pos.line >= 1);
        messages += 1;
    }
    messages
}

const FRAGMENTS: &[&str] = &[
    "apiVersion: v1\n",
    "kind: Secret\n",
    "kind: Pod\n",
    "kind: List\n",
    "kind: Namespace\n",
    "metadata:\n",
    "  name: x\n",
    "  namespace: myns\n",
    "data:\n",
    "  a: YWRtaW4=\n",
    "  b: admin\n",
    "stringData:\n",
    "  k: v\n",
    "spec:\n",
    "  containers:\n",
    "  - name: c\n",
    "    image: redis\n",
    "    volumeMounts:\n",
    "    - name: foo\n",
    "      mountPath: /etc/foo\n",
    "  volumes:\n",
    "  - name: foo\n",
    "    secret:\n",
    "      secretName: s\n",
    "      defaultMode: 0400\n",
    "      items:\n",
    "      - key: a\n",
    "        path: ../x\n",
    "type: kubernetes.io/tls\n",
    "immutable: yes\n",
    "---\n",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "&a ",
    "*a ",
    "<<: *a\n",
    "!!str ",
    "? ",
    "|\n",
    ">\n",
    "\t",
    "#c\n",
    "\n",
    "  ",
    "items:\n",
    "  - apiVersion: v1\n",
    "    kind: Secret\n",
    "null\n",
    "~\n",
    "1e400\n",
    "0x\n",
    "-0\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn yaml_fragment_soup_never_panics(parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60)) {
        exercise(&parts.concat());
    }

    #[test]
    fn arbitrary_json_objects_never_panic(v in arb_json(), kind in proptest::sample::select(&["Secret", "Pod", "ConfigMap", "Namespace", "ServiceAccount", "List", "Nope"][..])) {
        let mut obj = match v { Value::Object(m) => m, other => { let mut m = serde_json::Map::new(); m.insert("data".into(), other); m } };
        obj.insert("apiVersion".into(), "v1".into());
        obj.insert("kind".into(), kind.into());
        exercise(&Value::Object(obj).to_string());
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9./_ -]{0,12}".prop_map(Value::String),
        proptest::sample::select(&["metadata", "name", "spec", "containers", "volumes", "secret", "data", "x"][..])
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(
                proptest::sample::select(
                    &[
                        "metadata",
                        "name",
                        "namespace",
                        "spec",
                        "containers",
                        "volumes",
                        "secret",
                        "secretName",
                        "data",
                        "stringData",
                        "image",
                        "env",
                        "items",
                        "key",
                        "path",
                        "mode",
                        "defaultMode",
                        "type",
                        "z"
                    ][..]
                )
                .prop_map(str::to_owned),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn limits_are_enforced_with_clear_errors() {
    // Over 4 MiB of text (one object over 3 MiB but under 4 MiB loads, and the API server
    // answers 413: crates/scenario/tests/hostile_inputs.rs).
    let big = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  a: {}\n", "a".repeat(4 * 1024 * 1024));
    let m = decode_manifest(&big, "big.yaml");
    let (_, msg) = m.syntax_error.expect("refused");
    assert!(msg.contains("kubeplay reads at most 4194304 bytes (4 MiB) of manifest text"), "{msg}");
    // Deep nesting.
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert!(decode_manifest(&deep, "deep.yaml").syntax_error.is_some());
    // Billion laughs.
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 0..9 {
        let prev = if i == 0 { "a".to_owned() } else { format!("b{}", i - 1) };
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
    }
    let (_, msg) = decode_manifest(&bomb, "bomb.yaml").syntax_error.expect("refused");
    assert!(msg.contains("excessive aliasing"), "{msg}");
}
