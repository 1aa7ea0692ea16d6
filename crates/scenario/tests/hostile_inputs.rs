//! Hostile inputs (issue 15): each one ends in a clear error naming what is wrong, and the
//! playground keeps working. How fast each error comes is measured by `benches/hostile.rs`
//! (recorded in docs/reliability.md), never timed here.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_scenario::{link, Error, Playground, Settings};

/// A share link whose deflated recipe inflates to `inflated_bytes` of JSON whitespace.
pub fn deflate_bomb_link(inflated_bytes: usize) -> String {
    use base64::Engine as _;
    let json = format!("{{\"v\":1,\"editor\":\"\"{}}}", " ".repeat(inflated_bytes));
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 1);
    format!("#{}{}", link::PREFIX, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated))
}

/// go-yaml's billion laughs: nine levels of ten aliases each (10^9 nodes if expanded).
pub fn billion_laughs() -> String {
    let mut y = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nl0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        y.push_str(&format!("l{i}: &l{i} [*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p}]\n"));
    }
    y
}

/// A Secret whose `stringData` nests `levels` mappings deep.
pub fn nested_manifest(levels: usize) -> String {
    let mut y = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: deep\nstringData:\n");
    for i in 0..levels {
        y.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    y.push_str(&format!("{}v\n", "  ".repeat(levels + 1)));
    y
}

/// A Secret manifest with one key holding `value_bytes` of base64.
pub fn big_secret(value_bytes: usize) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n  big: {}\n", "QUFB".repeat(value_bytes / 4))
}

fn playground() -> Playground {
    Playground::new(Settings::default()).expect("playground")
}

fn apply(pg: &mut Playground, text: String) -> Vec<String> {
    pg.set_editor(text);
    pg.apply_editor().iter().filter(|d| d.error).map(|d| d.text.clone()).collect()
}

/// The playground still applies and answers after the hostile input.
fn still_works(pg: &mut Playground) {
    let errors = apply(pg, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: after\nstringData:\n  k: v\n".to_owned());
    assert!(errors.is_empty(), "{errors:?}");
    let out = pg.command("kubectl get secret after -o name");
    assert_eq!(out.stdout, "secret/after\n", "{out:?}");
}

#[test]
fn a_deflate_bomb_link_is_refused_by_its_inflated_size() {
    let e = link::decode(&deflate_bomb_link(64 * 1024 * 1024)).expect_err("bomb refused");
    assert!(matches!(e, Error::LinkTooLarge(_)), "{e:?}");
    assert!(e.to_string().contains("inflates to more than 4194304 bytes"), "{e}");
    // The app keeps the saved work and says what is wrong with the link.
    let (state, _) = kubeplay_scenario::State::load(Some(&deflate_bomb_link(64 * 1024 * 1024)), None);
    assert!(state.error().is_some_and(|m| m.contains("4194304")), "{:?}", state.error());
}

#[test]
fn a_billion_laughs_manifest_is_refused_with_go_yamls_words() {
    let mut pg = playground();
    let errors = apply(&mut pg, billion_laughs());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].ends_with("yaml: document contains excessive aliasing"), "{errors:?}");
    still_works(&mut pg);
}

#[test]
fn a_ten_mib_paste_names_its_size_and_the_limits() {
    let mut pg = playground();
    let errors = apply(&mut pg, big_secret(10 * 1024 * 1024));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("the manifest is 10485824 bytes; kubeplay reads at most 4194304 bytes"), "{errors:?}");
    assert!(errors[0].contains("the API server takes at most 3145728 bytes (3 MiB) per object"), "{errors:?}");
    still_works(&mut pg);
}

#[test]
fn one_object_over_three_mib_gets_the_api_servers_413() {
    let mut pg = playground();
    let errors = apply(&mut pg, big_secret(3 * 1024 * 1024 + 1024));
    assert_eq!(
        errors,
        ["Error from server (RequestEntityTooLarge): error when creating \"editor\": Request entity too large: limit is 3145728"]
    );
    // The same through the console's kubectl create, from a here-document.
    let out = pg.command(&format!("kubectl create -f - <<EOF\n{}EOF", big_secret(3 * 1024 * 1024 + 1024)));
    assert_eq!(
        out.stderr,
        "Error from server (RequestEntityTooLarge): error when creating \"STDIN\": Request entity too large: limit is 3145728\n"
    );
    // kubectl apply sends the object twice (its last-applied annotation holds a copy): 2 MiB
    // of base64 is a 4 MiB request.
    let errors = apply(&mut pg, big_secret(2 * 1024 * 1024));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].ends_with("Request entity too large: limit is 3145728"), "{errors:?}");
    // kubectl create sends it once: under 3 MiB, so the API server decodes it and validation
    // refuses the 1.5 MiB of data.
    let out = pg.command(&format!("kubectl create -f - <<EOF\n{}EOF", big_secret(2 * 1024 * 1024)));
    assert_eq!(out.stderr, "The Secret \"big\" is invalid: data: Too long: may not be more than 1048576 bytes\n");
    still_works(&mut pg);
}

#[test]
fn a_fifty_level_nested_manifest_names_the_field() {
    let mut pg = playground();
    let errors = apply(&mut pg, nested_manifest(50));
    assert_eq!(
        errors,
        ["Error from server (BadRequest): error when creating \"editor\": Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal object into Go struct field Secret.stringData of type string"]
    );
    // Past kubeplay's depth bound the loader stops before building anything.
    let errors = apply(&mut pg, nested_manifest(150));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("nesting deeper than 100 levels is not accepted"), "{errors:?}");
    still_works(&mut pg);
}

#[test]
fn a_hundred_thousand_character_console_line_is_refused() {
    let mut pg = playground();
    let line = format!("kubectl create secret generic s --from-literal=k={}", "x".repeat(100_000));
    let out = pg.command(&line);
    assert_eq!(
        out.stderr,
        "kubeplay: line too long: 100049 bytes; the console runs lines of at most 65536 bytes (put long data in a file or a here-document)\n"
    );
    assert_eq!(out.status, 2);
    assert!(pg.command("kubectl get secret s").stderr.contains("not found"));
    still_works(&mut pg);
}
