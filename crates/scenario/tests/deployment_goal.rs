//! The `deployment` goal (issue 18): a Deployment's revision, its rollout, and the env the pods
//! of its current ReplicaSet started with — unmet while the old pods hold the old value, met once
//! `kubectl rollout restart` has replaced them; and its format errors.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use kubeplay_scenario::Scenario;

const LESSON: &str = r#"
id: t
title: {en: T, ko: 티}
text: {en: T, ko: 티}
start: |
  apiVersion: v1
  kind: Secret
  metadata: {name: db}
  stringData: {password: old}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: web
          image: busybox:1.36
          command: ["sleep", "infinity"]
          env:
          - name: PW
            valueFrom: {secretKeyRef: {name: db, key: password}}
runAtStart: idle
goals:
- text: {en: new env, ko: 새 값}
  deployment: web
  revision: 2
  rolledOut: true
  podsEnv: {PW: new}
- text: {en: still revision 1 with the old value, ko: 리비전 1}
  deployment: web
  revision: "1"
  podsEnv: {PW: old}
"#;

#[test]
fn deployment_goal_follows_the_current_replica_set() {
    let sc = Scenario::parse(LESSON).expect("parse");
    let mut pg = sc.start().expect("start");
    let r = sc.evaluate(&pg);
    assert!(!r[0].met, "{r:?}");
    assert!(
        r[0].detail.starts_with("deployment web: revision 1; deployment \"web\" successfully rolled out; pod web-"),
        "{}",
        r[0].detail
    );
    assert!(r[0].detail.ends_with("started with PW=old"), "{}", r[0].detail);
    assert!(r[1].met, "{r:?}");
    assert!(r[1].detail.contains("the 2 pods of web-") && r[1].detail.ends_with("started with PW=old"), "{}", r[1].detail);
    // The secret changes: the running pods keep the old value.
    pg.command(r#"kubectl patch secret db -p '{"stringData":{"password":"new"}}'"#);
    pg.command("sleep 90");
    let r = sc.evaluate(&pg);
    assert!(!r[0].met && r[1].met, "{r:?}");
    pg.command("kubectl rollout restart deployment/web");
    pg.command("kubectl rollout status deployment/web");
    pg.command("sleep 60");
    let r = sc.evaluate(&pg);
    assert!(r[0].met, "{r:?}");
    assert!(!r[1].met && r[1].detail.starts_with("deployment web: revision 2"), "{r:?}");
    // Scaled to 0, the Deployment has no pod to ask.
    pg.command("kubectl scale deployment/web --replicas=0");
    pg.run_until_idle();
    let r = sc.evaluate(&pg);
    assert!(r[0].met, "zero replicas: every one of none has the value: {r:?}");
    pg.command("kubectl delete deployment web");
    pg.run_until_idle();
    let r = sc.evaluate(&pg);
    assert_eq!((r[0].met, r[0].detail.as_str()), (false, "deployment default/web does not exist"));
}

#[test]
fn deployment_goal_format_errors_name_the_path() {
    let head = "id: t\ntitle: {en: T, ko: 티}\ntext: {en: T, ko: 티}\ngoals:\n- text: {en: g, ko: 지}\n  deployment: web\n";
    let err = |extra: &str| Scenario::parse(&format!("{head}{extra}")).expect_err("an error").to_string();
    assert!(
        err("  revision: soon\n").contains("goals[0].revision: must be a revision number such as 2"),
        "{}",
        err("  revision: soon\n")
    );
    assert!(err("  revision: 0\n").contains("goals[0].revision"));
    let e = err("  phase: Running\n");
    assert!(
        e.contains(
            "goals[0].phase: not used by a `deployment` goal (it takes deployment, revision, rolledOut, podsEnv, container)"
        ),
        "{e}"
    );
    let e = err("  env: PW\n");
    assert!(e.contains("a goal checks one thing"), "{e}");
}
