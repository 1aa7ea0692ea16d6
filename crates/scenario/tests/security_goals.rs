//! The goal kinds of the security lessons, checked on the simulator's state: `etcdStored`
//! (the bytes etcd holds, `storage/value/transformer.go`), `encryptionKeys` (the running
//! `--encryption-provider-config`), `auditLogged` (the audit log, `pkg/audit/request.go`
//! levels), and `secret` goals reading through the storage transformers. The lessons'
//! wrong turns fail the goals they should fail.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use kubeplay_scenario::{lessons, split_commands, GoalResult, Playground, Scenario};

/// Runs the lesson's reference solution, only the commands `keep` keeps, then `extra`;
/// returns the goal results and the playground.
fn solve(id: &str, mut keep: impl FnMut(&str) -> bool, extra: &[&str]) -> (Vec<GoalResult>, Playground) {
    let sc = lessons::get(id).expect("lesson");
    let mut pg = sc.start().expect("start");
    for cmd in split_commands(lessons::solution(id).expect("solution")) {
        if keep(&cmd) {
            pg.command(&cmd);
        }
    }
    for cmd in extra {
        pg.command(cmd);
    }
    pg.run_until_idle();
    (sc.evaluate(&pg), pg)
}

fn detail<'a>(results: &'a [GoalResult], starts: &str) -> &'a GoalResult {
    results.iter().find(|r| r.text.en.starts_with(starts)).unwrap_or_else(|| panic!("no goal {starts:?}"))
}

#[test]
fn removing_the_old_key_before_the_rewrite_makes_the_secret_unreadable() {
    // The docs' steps, but without the second rewrite: db stays under key1, which is gone.
    let mut rewrites = 0;
    let (results, mut pg) = solve(
        "encryption-at-rest",
        |c| {
            if c.contains("kubectl replace") {
                rewrites += 1;
                return rewrites == 1;
            }
            true
        },
        &[],
    );
    let keys = detail(&results, "The API server encrypts");
    assert!(keys.met, "{keys:?}");
    assert_eq!(keys.detail, "the API server writes secrets with aescbc keys [key2] (the first encrypts)");
    let db = detail(&results, "etcd holds db");
    assert!(!db.met);
    assert_eq!(db.detail, "etcd holds secret db as k8s:enc:aescbc:v1:key1:");
    let read = detail(&results, "db still reads back");
    assert!(!read.met);
    assert_eq!(
        read.detail,
        "reading secret db fails: Internal error occurred: no matching key was found for the provided AES transformer"
    );
    assert_eq!(
        pg.command("kubectl get secret db").combined(),
        "Error from server (InternalError): Internal error occurred: no matching key was found for the provided AES transformer\n"
    );
}

#[test]
fn key_order_decides_the_goal() {
    // Stopping after "key2 second": both keys, key1 first.
    let mut restarts = 0;
    let (results, _) = solve(
        "encryption-at-rest",
        |c| {
            if c.starts_with("kubeplay apiserver") {
                restarts += 1;
            }
            restarts < 2 || (restarts == 2 && !c.starts_with("cat > enc.yaml"))
        },
        &[],
    );
    let keys = detail(&results, "The API server encrypts");
    assert!(!keys.met);
    assert_eq!(keys.detail, "the API server writes secrets with aescbc keys [key1, key2] (the first encrypts)");
    assert!(detail(&results, "You saw etcd").met);
}

#[test]
fn an_audit_policy_with_the_catch_all_first_still_leaks() {
    // First match wins: `Request` before the secrets rule logs api-key's value too.
    let wrong = "cat > audit-policy.yaml <<EOF\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Request\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [\"secrets\"]\nEOF";
    let (results, _) = solve("audit-log-leaks", |c| !c.starts_with("cat > audit-policy.yaml") && !c.contains("api-key"), &[]);
    assert!(detail(&results, "The audit log holds db").met);
    let (results, pg) = solve(
        "audit-log-leaks",
        |c| !c.starts_with("cat > audit-policy.yaml") && !c.starts_with("kubeplay apiserver") && !c.contains("api-key"),
        &[
            wrong,
            "kubeplay apiserver --audit-policy-file=audit-policy.yaml",
            "kubectl create secret generic api-key --from-literal=token=t0k3n-for-shop",
        ],
    );
    let fix = detail(&results, "api-key's creation");
    assert!(!fix.met);
    assert_eq!(
        fix.detail,
        "the audit log holds secret api-key's data: a ResponseComplete event of create secrets at level Request"
    );
    assert!(pg.console().session.audit_log().json_lines().contains("\"token\":\"dDBrM24tZm9yLXNob3A=\""));
}

#[test]
fn no_audit_policy_means_no_event_to_check() {
    let text =
        "id: a\ntitle: {en: A, ko: A}\ntext: {en: A, ko: A}\ngoals:\n- text: {en: g, ko: g}\n  auditLogged: s\n  leaks: false\n";
    let sc = Scenario::parse(text).expect("parse");
    let mut pg = sc.start().expect("start");
    pg.command("kubectl create secret generic s --from-literal=k=value1");
    let r = &sc.evaluate(&pg)[0];
    assert!(!r.met);
    assert_eq!(r.detail, "the audit log has no event about secret s (the API server runs without --audit-policy-file)");
}

#[test]
fn the_new_goal_kinds_report_their_mistakes() {
    let err = |goal: &str| {
        Scenario::parse(&format!(
            "id: a\ntitle: {{en: A, ko: A}}\ntext: {{en: A, ko: A}}\ngoals:\n- text: {{en: g, ko: g}}\n{goal}"
        ))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
    };
    assert!(
        err("  etcdStored: db\n").starts_with("goals[0].prefix: an `etcdStored` goal needs the `prefix`"),
        "{}",
        err("  etcdStored: db\n")
    );
    assert!(err("  auditLogged: db\n").starts_with("goals[0].leaks: an `auditLogged` goal needs `leaks: true` or `leaks: false`"));
    assert!(err("  encryptionKeys: [k]\n  provider: rot13\n").starts_with("goals[0].provider: \"rot13\" is not one of aescbc"));
    assert!(err("  etcdStored: db\n  leaks: true\n").starts_with("goals[0].leaks: not used by a `etcdStored` goal"));
    assert!(err("  etcdContains: x\n  auditLogged: db\n").starts_with("goals[0].auditLogged: a goal checks one thing"));
}

#[test]
fn etcd_contains_looks_at_the_stored_bytes() {
    // Once encrypted, etcd no longer holds the plain value (the goal used to read the object).
    let text = "id: a\ntitle: {en: A, ko: A}\ntext: {en: A, ko: A}\ngoals:\n- text: {en: g, ko: g}\n  etcdContains: hunter2\n";
    let sc = Scenario::parse(text).expect("parse");
    let (_, mut pg) = solve("encryption-at-rest", |_| true, &[]);
    assert!(!sc.evaluate(&pg)[0].met, "{:?}", sc.evaluate(&pg));
    pg.command("kubeplay apiserver");
    pg.command("kubectl create secret generic plain --from-literal=p=hunter2");
    assert!(sc.evaluate(&pg)[0].met);
}

#[test]
fn a_role_without_resource_names_fails_least_privilege() {
    // `get` on every secret (no --resource-name) lets app read payments-key too.
    let (results, _) = solve(
        "rbac-for-secrets",
        |c| !c.starts_with("kubectl create role app-db-reader"),
        &["kubectl create role app-db-reader --verb=get --resource=secrets"],
    );
    assert!(detail(&results, "The service account app may get app-db").met);
    let other = detail(&results, "…but not payments-key");
    assert!(!other.met);
    assert_eq!(other.detail, "system:serviceaccount:default:app may get secrets/payments-key in default");
    // With list too, resourceNames would not have helped: list names no object.
    let (results, _) = solve(
        "rbac-for-secrets",
        |_| true,
        &[
            "kubectl create role lister --verb=list --resource=secrets --resource-name=app-db",
            "kubectl create rolebinding app-lists --role=lister --serviceaccount=default:app",
        ],
    );
    assert!(detail(&results, "…and may not list secrets").met, "a list with resourceNames does not match an unnamed list");
}

#[test]
fn the_node_graph_answers_can_i_goals() {
    let (results, mut pg) = solve("node-authorizer", |c| !c.starts_with("kubectl delete pod web"), &[]);
    let gone = detail(&results, "…and node-1 may no longer get db-pass");
    assert!(!gone.met);
    assert_eq!(gone.detail, "system:node:node-1 may get secrets/db-pass in default");
    // Without the system:nodes group the node authorizer has no opinion and RBAC denies.
    let text = "id: a\ntitle: {en: A, ko: A}\ntext: {en: A, ko: A}\ngoals:\n- text: {en: g, ko: g}\n  canI: get secrets/db-pass\n  as: system:node:node-1\n  allowed: true\n";
    let sc = Scenario::parse(text).expect("parse");
    let r = &sc.evaluate(&pg)[0];
    assert!(!r.met);
    assert_eq!(r.detail, "system:node:node-1 may not get secrets/db-pass in default");
    pg.command("kubectl delete pod web");
    pg.run_until_idle();
    let results = lessons::get("node-authorizer").expect("lesson").evaluate(&pg);
    assert!(results.iter().all(|r| r.met), "{results:?}");
}

#[test]
fn can_i_goals_report_their_mistakes() {
    let err = |goal: &str| {
        Scenario::parse(&format!(
            "id: a\ntitle: {{en: A, ko: A}}\ntext: {{en: A, ko: A}}\ngoals:\n- text: {{en: g, ko: g}}\n{goal}"
        ))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
    };
    assert!(err("  canI: get\n  as: jane\n  allowed: true\n").starts_with("goals[0].canI: \"get\" is not `VERB RESOURCE[/NAME]`"));
    assert!(err("  canI: get secrets\n  allowed: true\n").starts_with("goals[0]: a `canI` goal needs `as: USER`"));
    assert!(err("  canI: get secrets\n  as: jane\n").starts_with("goals[0]: a `canI` goal needs `as: USER` and `allowed"));
    assert!(err("  pod: p\n  as: jane\n").starts_with("goals[0].as: not used by a `pod` goal"));
}
