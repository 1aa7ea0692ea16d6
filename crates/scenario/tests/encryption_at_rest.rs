//! Encryption at rest in the playground: the etcd view turns from readable protobuf to
//! `k8s:enc:aescbc:v1:key1:…` after the docs' steps (config, restart, rewrite every secret),
//! a scenario can start the API server with `settings.encryptionProviderConfig`, and stepping
//! back over a restart lands on what a replay gives.
//!
//! Mirrors the "Encrypting Confidential Data at Rest" task (docs `tasks/administer-cluster/encrypt-data.md`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubeplay_scenario::{Action, Playground, Recipe, Scenario, Settings, State};

const CONFIG: &str = "apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/IDMyIGI=
      - identity: {}
";

fn write_config() -> String {
    format!("cat > enc.yaml <<EOF\n{CONFIG}EOF")
}

#[test]
fn the_etcd_view_turns_from_readable_to_ciphertext() {
    let mut s = State::default();
    s.apply(Action::Command("kubectl create secret generic secret1 -n default --from-literal=mykey=mydata".into()));
    let before = s.etcd("/registry/secrets/default/secret1");
    assert_eq!(before.encrypted_with, None);
    assert!(before.rows[0].value.contains("bXlkYXRh"), "{:?}", before.rows[0].value);
    assert!(before.rows[0].hexdump.as_deref().unwrap().contains("|ata..Opaque..\"..|"));
    s.apply(Action::Command(write_config()));
    s.apply(Action::Command("kubeplay apiserver --encryption-provider-config=enc.yaml".into()));
    // Only new writes are encrypted: the old value is still readable in etcd.
    assert!(s.etcd("/registry/secrets/default/secret1").rows[0].value.contains("bXlkYXRh"));
    s.apply(Action::Command("kubectl get secrets -A -o json | kubectl replace -f -".into()));
    let after = s.etcd("/registry/secrets/default/secret1");
    assert_eq!(after.encrypted_with.as_deref(), Some("aescbc"));
    let row = &after.rows[0];
    assert!(row.value.starts_with("k8s:enc:aescbc:v1:key1:"), "{}", row.value);
    assert!(!row.value.contains("mydata") && !row.value.contains("bXlkYXRh"));
    let dump = row.hexdump.as_deref().unwrap();
    assert!(dump.starts_with("00000000  2f 72 65 67 69 73 74 72  79 2f 73 65 63 72 65 74  |/registry/secret|\n"));
    assert!(dump.contains("|1.k8s:enc:aescbc|"), "{dump}");
    // The API still serves the plaintext.
    s.apply(Action::Command("kubectl get secret secret1 -o jsonpath='{.data.mykey}'".into()));
    let last = s.console().last().cloned().unwrap();
    assert!(format!("{:?}", last.stdout).contains("bXlkYXRh"), "{last:?}");
}

#[test]
fn a_scenario_starts_the_api_server_with_its_encryption_config() {
    let indented: String = CONFIG.lines().map(|l| format!("    {l}\n")).collect();
    let text = format!(
        "id: enc\ntitle:\n  en: Encrypted from the start\n  ko: 처음부터 암호화\ntext:\n  en: Secrets are encrypted before they reach etcd.\n  ko: 시크릿은 etcd에 닿기 전에 암호화됩니다.\nsettings:\n  encryptionProviderConfig: |\n{indented}"
    );
    let sc = Scenario::parse(&text).unwrap();
    assert_eq!(sc.settings.encryption_provider_config.as_deref(), Some(CONFIG));
    let pg = Playground::new(sc.settings.clone()).unwrap();
    let store = pg.cluster().store();
    assert!(store.encryption_config().is_some());
    // A bad config is refused with kube-apiserver's text, naming the setting.
    let bad = text.replace("c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/IDMyIGI=", "c2hvcnQ=");
    let err = Scenario::parse(&bad).unwrap_err().to_string();
    assert!(err.contains("settings.encryptionProviderConfig"), "{err}");
    assert!(err.contains("secret is not of the expected length, got 5, expected one of [16 24 32]"), "{err}");
}

#[test]
fn stepping_back_over_a_restart_equals_a_replay() {
    let mut pg = Playground::new(Settings { seed: 9, ..Settings::default() }).unwrap();
    pg.command(&write_config());
    pg.command("kubeplay apiserver --encryption-provider-config=enc.yaml");
    pg.command("kubectl create secret generic a --from-literal=k=v");
    pg.step();
    pg.command("kubectl create secret generic b --from-literal=k=v");
    let etcd_now = pg.cluster().store().etcd();
    // Same recipe, same seed: byte-identical ciphertexts.
    let again = Playground::from_recipe(pg.recipe().clone()).unwrap();
    assert_eq!(again.cluster().store().etcd(), etcd_now);
    assert_eq!(
        again.cluster().store().secret_stored_value("default", "a"),
        pg.cluster().store().secret_stored_value("default", "a")
    );
    let mut cut: Recipe = pg.recipe().clone();
    cut.actions.retain(|a| a.at() == 0);
    cut.position = 0;
    let replay = Playground::from_recipe(cut).unwrap();
    pg.go_to_step(0);
    assert_eq!(pg.cluster().store().etcd(), replay.cluster().store().etcd());
    assert!(pg.cluster().store().encryption_config().is_some());
}
