//! A scenario declares private registries (`settings.registries`): pulls from them need the
//! credentials in the pod's `imagePullSecrets`; the settings travel in links and replays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubeplay_scenario::{Playground, Scenario};

const HEAD: &str =
    "id: reg\ntitle:\n  en: A private registry\n  ko: 프라이빗 레지스트리\ntext:\n  en: Pull from it.\n  ko: 받아 보세요.\n";

#[test]
fn registries_are_declared_and_checked() {
    let text =
        format!("{HEAD}settings:\n  registries:\n  - server: registry.example.com\n    username: me\n    password: pa55\n");
    let sc = Scenario::parse(&text).unwrap();
    assert_eq!(sc.settings.registries.len(), 1);
    assert_eq!(sc.settings.registries[0].host(), "registry.example.com");
    let mut pg = Playground::new(sc.settings.clone()).unwrap();
    pg.command("kubectl run app --image=registry.example.com/team/app:1.0");
    pg.command("sleep 5");
    let out = pg.command("kubectl get pods");
    assert!(format!("{out:?}").contains("ErrImagePull"), "{out:?}");
    // Mistakes name their place.
    let bad = text.replace("    password: pa55\n", "");
    let err = Scenario::parse(&bad).unwrap_err().to_string();
    assert!(err.contains("settings.registries[0]"), "{err}");
    assert!(err.contains("password"), "{err}");
    let bad = text.replace("registry.example.com", "Registry Example");
    let err = Scenario::parse(&bad).unwrap_err().to_string();
    assert!(err.contains("settings.registries[0].server"), "{err}");
    let bad = text.replace("    username: me\n", "    username: me\n    token: x\n");
    assert!(Scenario::parse(&bad).is_err());
}
