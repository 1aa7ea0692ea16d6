//! Property tests: random sequences of secret and pod writes in two namespaces, interleaved
//! with steps and runs, must keep the simulator's invariants:
//! 1. nothing panics;
//! 2. a container only sees files (and secret env values) holding some value a secret its own
//!    pod references, in its own namespace, ever had (service-account files aside);
//! 3. after running long enough, non-subPath secret volume files equal the secret's current data
//!    (for existing secrets that were never immutable);
//! 4. the environment of a started container never changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use kubeplay_api::Kind;
use kubeplay_cluster::kubelet::{EnvSource, RunState};
use kubeplay_cluster::{ApiCall, Cluster, Settings, Strategy as Detection};
use proptest::prelude::*;

const NAMESPACES: [&str; 2] = ["default", "other"];
const SECRETS: usize = 3;
const KEYS: usize = 3;
const PODS: usize = 3;

#[derive(Debug, Clone)]
struct PodSpec {
    /// (secret, optional, projected) per volume, mounted by container `c` at /v<i>.
    volumes: Vec<(usize, bool, bool)>,
    /// (volume, key): container `c` mounts `/sub` with `subPath: k<key>`.
    sub_path: Option<(usize, usize)>,
    /// (secret, key, optional) env vars `E<i>`.
    env: Vec<(usize, usize, bool)>,
    /// (secret, optional, with prefix `P_`).
    env_from: Option<(usize, bool, bool)>,
}

#[derive(Debug, Clone)]
enum Op {
    PutSecret { ns: usize, name: usize, data: Vec<(usize, String)>, immutable: bool },
    DeleteSecret { ns: usize, name: usize },
    CreatePod { ns: usize, name: usize, spec: PodSpec },
    DeletePod { ns: usize, name: usize },
    Step(u8),
    Run(u32),
}

fn pod_spec() -> impl Strategy<Value = PodSpec> {
    (
        prop::collection::vec((0..SECRETS, any::<bool>(), any::<bool>()), 0..3),
        prop::option::of((0..3usize, 0..KEYS)),
        prop::collection::vec((0..SECRETS, 0..KEYS, any::<bool>()), 0..3),
        prop::option::of((0..SECRETS, any::<bool>(), any::<bool>())),
    )
        .prop_map(|(volumes, sub_path, env, env_from)| {
            let sub_path = sub_path.filter(|(v, _)| *v < volumes.len());
            PodSpec { volumes, sub_path, env, env_from }
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..SECRETS, prop::collection::btree_map(0..KEYS, "[a-z0-9]{0,6}", 0..4), prop::bool::weighted(0.15))
            .prop_map(|(ns, name, data, immutable)| Op::PutSecret { ns, name, data: data.into_iter().collect(), immutable }),
        1 => (0..2usize, 0..SECRETS).prop_map(|(ns, name)| Op::DeleteSecret { ns, name }),
        3 => (0..2usize, 0..PODS, pod_spec()).prop_map(|(ns, name, spec)| Op::CreatePod { ns, name, spec }),
        1 => (0..2usize, 0..PODS).prop_map(|(ns, name)| Op::DeletePod { ns, name }),
        2 => (1..20u8).prop_map(Op::Step),
        2 => (1..200_000u32).prop_map(Op::Run),
    ]
}

fn pod_yaml(ns: &str, name: &str, s: &PodSpec) -> String {
    let mut y = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n");
    let secret_env = |y: &mut String| {
        if let Some((sec, optional, prefix)) = s.env_from {
            y.push_str("    envFrom:\n");
            if prefix {
                y.push_str("    - prefix: P_\n      secretRef:\n");
            } else {
                y.push_str("    - secretRef:\n");
            }
            y.push_str(&format!("        name: s{sec}\n        optional: {optional}\n"));
        }
        if !s.env.is_empty() {
            y.push_str("    env:\n");
            for (i, (sec, key, optional)) in s.env.iter().enumerate() {
                y.push_str(&format!(
                    "    - name: E{i}\n      valueFrom:\n        secretKeyRef:\n          name: s{sec}\n          key: k{key}\n          optional: {optional}\n"
                ));
            }
        }
    };
    secret_env(&mut y);
    if !s.volumes.is_empty() {
        y.push_str("    volumeMounts:\n");
        for i in 0..s.volumes.len() {
            y.push_str(&format!("    - name: v{i}\n      mountPath: /v{i}\n"));
        }
        if let Some((v, k)) = s.sub_path {
            y.push_str(&format!("    - name: v{v}\n      mountPath: /sub\n      subPath: k{k}\n"));
        }
        // A second container that mounts only the first volume.
        y.push_str("  - name: d\n    image: nginx:1.27\n    volumeMounts:\n    - name: v0\n      mountPath: /d\n");
        y.push_str("  volumes:\n");
        for (i, (sec, optional, projected)) in s.volumes.iter().enumerate() {
            if *projected {
                y.push_str(&format!(
                    "  - name: v{i}\n    projected:\n      sources:\n      - secret:\n          name: s{sec}\n          optional: {optional}\n"
                ));
            } else {
                y.push_str(&format!("  - name: v{i}\n    secret:\n      secretName: s{sec}\n      optional: {optional}\n"));
            }
        }
    }
    y
}

/// What the test remembers about the API objects it wrote.
#[derive(Default)]
struct Model {
    /// Every value each secret ever held, by (namespace, name).
    history: BTreeMap<(usize, usize), BTreeSet<String>>,
    /// Secrets that were immutable at some point (the watch manager may never see them change).
    ever_immutable: BTreeSet<(usize, usize)>,
    /// The spec each pod was created with, by (namespace, name).
    pods: BTreeMap<(usize, usize), PodSpec>,
    /// Env of each started container, by (pod uid, container).
    started_env: BTreeMap<(String, String, i32), Vec<String>>,
}

fn apply_op(c: &mut Cluster, m: &mut Model, op: &Op) {
    match op {
        Op::PutSecret { ns, name, data, immutable } => {
            let pairs: Vec<(String, String)> = data.iter().map(|(k, v)| (format!("k{k}"), v.clone())).collect();
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let extra = if *immutable { "immutable: true\n" } else { "" };
            let yaml = secret_yaml(NAMESPACES[*ns], &format!("s{name}"), &refs, extra);
            if try_apply(c, &yaml).is_ok() {
                let obj = c.store().secret(NAMESPACES[*ns], &format!("s{name}")).expect("stored");
                let h = m.history.entry((*ns, *name)).or_default();
                for v in obj.data.iter().flatten().map(|(_, v)| String::from_utf8_lossy(&v.0).into_owned()) {
                    h.insert(v);
                }
                if obj.immutable == Some(true) {
                    m.ever_immutable.insert((*ns, *name));
                }
            }
        }
        Op::DeleteSecret { ns, name } => {
            let _ = c.call(ApiCall::Delete {
                kind: Kind::Secret,
                namespace: NAMESPACES[*ns].into(),
                name: format!("s{name}"),
                grace_period_seconds: None,
                propagation: None,
            });
        }
        Op::CreatePod { ns, name, spec } => {
            if c.store().pod(NAMESPACES[*ns], &format!("p{name}")).is_none()
                && try_apply(c, &pod_yaml(NAMESPACES[*ns], &format!("p{name}"), spec)).is_ok()
            {
                m.pods.insert((*ns, *name), spec.clone());
            }
        }
        Op::DeletePod { ns, name } => {
            let _ = c.call(ApiCall::Delete {
                kind: Kind::Pod,
                namespace: NAMESPACES[*ns].into(),
                name: format!("p{name}"),
                grace_period_seconds: None,
                propagation: None,
            });
        }
        Op::Step(n) => {
            for _ in 0..*n {
                c.step();
            }
        }
        Op::Run(ms) => {
            c.run_until(c.now_ms() + u64::from(*ms));
        }
    }
}

/// Invariants 2 and 4, checked after every operation.
fn check_visible(c: &Cluster, m: &mut Model) -> Result<(), TestCaseError> {
    for (&(ns_i, name_i), spec) in &m.pods {
        let (ns, name) = (NAMESPACES[ns_i], format!("p{name_i}"));
        let Some((_, w)) = c.worker(ns, &name) else { continue };
        let uid = w.pod.metadata.uid.clone().unwrap_or_default();
        let allowed = |secrets: &mut dyn Iterator<Item = usize>| -> BTreeSet<String> {
            secrets.flat_map(|s| m.history.get(&(ns_i, s)).cloned().unwrap_or_default()).collect()
        };
        for ct in &w.containers {
            let mounted: Vec<usize> = if ct.name == "c" {
                spec.volumes.iter().map(|v| v.0).collect()
            } else {
                spec.volumes.iter().take(1).map(|v| v.0).collect()
            };
            let ok = allowed(&mut mounted.into_iter());
            for (path, (_, content, _)) in all_files(c, ns, &name, &ct.name) {
                if path.starts_with(SA_DIR) {
                    continue;
                }
                prop_assert!(
                    ok.contains(&content),
                    "{ns}/{name} container {} sees {path} = {content:?}, not a value of its own secrets {ok:?}",
                    ct.name
                );
            }
            for e in &ct.env {
                let sec = match &e.source {
                    EnvSource::SecretKeyRef { name, .. } | EnvSource::SecretRef { name, .. } => name,
                    _ => continue,
                };
                let idx: usize = sec.trim_start_matches('s').parse().expect("s<i>");
                prop_assert!(allowed(&mut std::iter::once(idx)).contains(&e.value), "{ns}/{name} env {}={:?}", e.name, e.value);
            }
            // Env is fixed per container start: a restart (containers now exit and restart,
            // issue 10) resolves it again, as kuberuntime's generateContainerConfig does.
            if matches!(ct.state, RunState::Running { .. }) {
                let now: Vec<String> = ct.env.iter().map(|e| format!("{}={}", e.name, e.value)).collect();
                match m.started_env.get(&(uid.clone(), ct.name.clone(), ct.restart_count)) {
                    Some(before) => prop_assert_eq!(before, &now, "env of started container {}/{} {} changed", ns, name, ct.name),
                    None => {
                        m.started_env.insert((uid.clone(), ct.name.clone(), ct.restart_count), now);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Invariant 3: after a long quiet run, mounted secret volumes hold the secret's current data.
fn check_converged(c: &Cluster, m: &Model) -> Result<(), TestCaseError> {
    for (&(ns_i, name_i), spec) in &m.pods {
        let (ns, name) = (NAMESPACES[ns_i], format!("p{name_i}"));
        if c.worker(ns, &name).is_none() {
            continue;
        }
        let files = all_files(c, ns, &name, "c");
        for (i, (sec, _, _)) in spec.volumes.iter().enumerate() {
            if m.ever_immutable.contains(&(ns_i, *sec)) {
                continue;
            }
            let Some(secret) = c.store().secret(ns, &format!("s{sec}")) else { continue };
            let want: BTreeMap<String, String> = secret
                .data
                .iter()
                .flatten()
                .map(|(k, v)| (format!("/v{i}/{k}"), String::from_utf8_lossy(&v.0).into_owned()))
                .collect();
            let prefix = format!("/v{i}/");
            let got: BTreeMap<String, String> =
                files.iter().filter(|(p, _)| p.starts_with(&prefix)).map(|(p, (_, d, _))| (p.clone(), d.clone())).collect();
            prop_assert_eq!(&got, &want, "{}/{} volume v{} (secret s{}) did not converge", ns, name, i, sec);
        }
    }
    Ok(())
}

fn strategy() -> impl Strategy<Value = Detection> {
    prop_oneof![3 => Just(Detection::Watch), 1 => Just(Detection::Cache), 1 => Just(Detection::Get)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_secret_and_pod_histories_keep_the_invariants(
        seed in 0..1000u64,
        strat in strategy(),
        ops in prop::collection::vec(op(), 1..30),
    ) {
        let mut c = Cluster::new(Settings { seed, nodes: 2, strategy: strat, ..Settings::default() }).unwrap();
        c.set_record_notes(false);
        apply(&mut c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n");
        let mut m = Model::default();
        for op in &ops {
            apply_op(&mut c, &mut m, op);
            check_visible(&c, &mut m)?;
        }
        // Longer than the largest mount backoff (2m2s) plus one resync period (≤ 1.5 min).
        c.run_until(c.now_ms() + 300_000);
        check_visible(&c, &mut m)?;
        check_converged(&c, &m)?;
    }
}
