//! Target (e): a simulator op sequence — secrets and pods created, updated and deleted in two
//! namespaces, steps, runs, settings changes and step back — with the invariants of
//! `crates/cluster/tests/properties.rs` asserted after every op:
//! 1. a container sees only values of secrets its own pod references, in its own namespace
//!    (service-account files aside);
//! 2. after a long quiet run, non-subPath secret volume files equal the secret's current data
//!    (secrets that were never immutable);
//! 3. the environment of a started container never changes (per start: a restart resolves it again);
//! 4. stepping back one step and forward again reproduces the same state.
//!
//! The input is read as a byte stream of ops (see [`Reader`]); running out of bytes ends it.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use kubeplay_cluster::kubelet::{container_files, EnvSource, RunState};
use kubeplay_cluster::{Cluster, Settings, Strategy};
use kubeplay_scenario::Playground;

const NAMESPACES: [&str; 2] = ["default", "other"];
const SA_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The most ops one input runs (keeps one execution short).
const MAX_OPS: usize = 24;

/// A cursor over the input bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn below(&mut self, n: u8) -> Option<usize> {
        self.byte().map(|b| usize::from(b % n))
    }
    fn flag(&mut self) -> Option<bool> {
        self.byte().map(|b| b & 1 == 1)
    }
}

/// A pod's shape: volumes (secret, optional, projected), a subPath mount (volume, key), env
/// vars (secret, key, optional), envFrom (secret, optional, prefixed).
#[derive(Debug, Clone, Default)]
struct PodSpec {
    volumes: Vec<(usize, bool, bool)>,
    sub_path: Option<(usize, usize)>,
    env: Vec<(usize, usize, bool)>,
    env_from: Option<(usize, bool, bool)>,
}

fn pod_spec(r: &mut Reader<'_>) -> Option<PodSpec> {
    let mut s = PodSpec::default();
    for _ in 0..r.below(3)? {
        s.volumes.push((r.below(3)?, r.flag()?, r.flag()?));
    }
    if r.flag()? && !s.volumes.is_empty() {
        s.sub_path = Some((r.below(s.volumes.len() as u8)?, r.below(3)?));
    }
    for _ in 0..r.below(3)? {
        s.env.push((r.below(3)?, r.below(3)?, r.flag()?));
    }
    if r.flag()? {
        s.env_from = Some((r.below(3)?, r.flag()?, r.flag()?));
    }
    Some(s)
}

fn pod_yaml(ns: &str, name: &str, s: &PodSpec) -> String {
    let mut y = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n");
    if let Some((sec, optional, prefix)) = s.env_from {
        y.push_str(if prefix {
            "    envFrom:\n    - prefix: P_\n      secretRef:\n"
        } else {
            "    envFrom:\n    - secretRef:\n"
        });
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
    if !s.volumes.is_empty() {
        y.push_str("    volumeMounts:\n");
        for i in 0..s.volumes.len() {
            y.push_str(&format!("    - name: v{i}\n      mountPath: /v{i}\n"));
        }
        if let Some((v, k)) = s.sub_path {
            y.push_str(&format!("    - name: v{v}\n      mountPath: /sub\n      subPath: k{k}\n"));
        }
        y.push_str("  - name: d\n    image: nginx:1.27\n    volumeMounts:\n    - name: v0\n      mountPath: /d\n  volumes:\n");
        for (i, (sec, optional, projected)) in s.volumes.iter().enumerate() {
            if *projected {
                y.push_str(&format!("  - name: v{i}\n    projected:\n      sources:\n      - secret:\n          name: s{sec}\n          optional: {optional}\n"));
            } else {
                y.push_str(&format!("  - name: v{i}\n    secret:\n      secretName: s{sec}\n      optional: {optional}\n"));
            }
        }
    }
    y
}

/// What the target remembers about the objects it wrote.
#[derive(Default)]
struct Model {
    /// Every value each secret ever held, by (namespace, name).
    history: BTreeMap<(usize, usize), BTreeSet<String>>,
    /// Secrets that were immutable at some point.
    ever_immutable: BTreeSet<(usize, usize)>,
    /// The spec each pod was created with.
    pods: BTreeMap<(usize, usize), PodSpec>,
    /// Env of each started container, by (pod uid, container, restart count).
    started_env: BTreeMap<(String, String, i32), Vec<String>>,
}

fn files(c: &Cluster, ns: &str, pod: &str, container: &str) -> BTreeMap<String, String> {
    let Some((node, w)) = c.worker(ns, pod) else { return BTreeMap::new() };
    let Some(ct) = w.containers.iter().find(|x| x.name == container) else { return BTreeMap::new() };
    container_files(node, w, ct).into_iter().map(|(p, (_, d, _))| (p, String::from_utf8_lossy(&d).into_owned())).collect()
}

/// Invariants 1 and 3.
fn check_visible(c: &Cluster, m: &mut Model) {
    for (&(ns_i, name_i), spec) in &m.pods {
        let (ns, name) = (NAMESPACES[ns_i], format!("p{name_i}"));
        let Some((_, w)) = c.worker(ns, &name) else { continue };
        let uid = w.pod.metadata.uid.clone().unwrap_or_default();
        let allowed = |secrets: &mut dyn Iterator<Item = usize>| -> BTreeSet<String> {
            secrets.flat_map(|s| m.history.get(&(ns_i, s)).cloned().unwrap_or_default()).collect()
        };
        for ct in &w.containers {
            let take = if ct.name == "c" { spec.volumes.len() } else { 1 };
            let ok = allowed(&mut spec.volumes.iter().take(take).map(|v| v.0));
            for (path, content) in files(c, ns, &name, &ct.name) {
                if !path.starts_with(SA_DIR) {
                    assert!(
                        ok.contains(&content),
                        "{ns}/{name} container {} sees {path} = {content:?}, not a value of its own secrets {ok:?}",
                        ct.name
                    );
                }
            }
            for e in &ct.env {
                let sec = match &e.source {
                    EnvSource::SecretKeyRef { name, .. } | EnvSource::SecretRef { name, .. } => name,
                    _ => continue,
                };
                let idx: usize = sec.trim_start_matches('s').parse().unwrap_or(usize::MAX);
                assert!(
                    allowed(&mut std::iter::once(idx)).contains(&e.value),
                    "{ns}/{name} env {}={:?} is no value of {sec}",
                    e.name,
                    e.value
                );
            }
            if matches!(ct.state, RunState::Running { .. }) {
                let now: Vec<String> = ct.env.iter().map(|e| format!("{}={}", e.name, e.value)).collect();
                let key = (uid.clone(), ct.name.clone(), ct.restart_count);
                match m.started_env.get(&key) {
                    Some(before) => assert_eq!(before, &now, "env of started container {ns}/{name} {} changed", ct.name),
                    None => {
                        m.started_env.insert(key, now);
                    }
                }
            }
        }
    }
}

/// Invariant 2.
fn check_converged(c: &Cluster, m: &Model) {
    for (&(ns_i, name_i), spec) in &m.pods {
        let (ns, name) = (NAMESPACES[ns_i], format!("p{name_i}"));
        if c.worker(ns, &name).is_none() {
            continue;
        }
        let files = files(c, ns, &name, "c");
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
                files.iter().filter(|(p, _)| p.starts_with(&prefix)).map(|(p, d)| (p.clone(), d.clone())).collect();
            assert_eq!(got, want, "{ns}/{name} volume v{i} (secret s{sec}) did not converge");
        }
    }
}

/// Everything the learner can see of the cluster at a step, for invariant 4. Not the clock: a
/// run or a jump moves it past the last step without a step, and recipes (so step back, links
/// and saved sessions) record steps, not idle time (docs/reliability.md, "ops").
fn fingerprint(pg: &Playground) -> String {
    let c = pg.cluster();
    // The transcript too: what a running `get -w` / `logs -f` printed must replay identically.
    let mut out = format!(
        "steps {}\nevents {:?}\netcd {:?}\ntranscript {:?}\nfollowing {}\n",
        c.steps(),
        c.events(),
        c.store().etcd(),
        pg.transcript(),
        pg.following()
    );
    for ns in NAMESPACES {
        for p in 0..3 {
            let name = format!("p{p}");
            if let Some((_, w)) = c.worker(ns, &name) {
                for ct in &w.containers {
                    out.push_str(&format!(
                        "{ns}/{name}/{} {:?} {:?} {:?}\n",
                        ct.name,
                        ct.state,
                        ct.env,
                        files(c, ns, &name, &ct.name)
                    ));
                }
            }
        }
    }
    out
}

/// The first line (cut to 400 characters) where two fingerprints differ.
fn first_difference(a: &str, b: &str) -> Option<(String, String)> {
    let cut = |s: &str| s.chars().take(400).collect::<String>();
    let mut la = a.split(['\n', '}']);
    let mut lb = b.split(['\n', '}']);
    loop {
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x == y => continue,
            (x, y) => return Some((cut(x.unwrap_or("(end)")), cut(y.unwrap_or("(end)")))),
        }
    }
}

fn put_secret(pg: &mut Playground, m: &mut Model, r: &mut Reader<'_>) -> Option<()> {
    let (ns, name) = (r.below(2)?, r.below(3)?);
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut y =
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{name}\n  namespace: {}\ntype: Opaque\n", NAMESPACES[ns]);
    if r.below(7)? == 0 {
        y.push_str("immutable: true\n");
    }
    let keys = r.below(4)?;
    if keys > 0 {
        y.push_str("data:\n");
    }
    for _ in 0..keys {
        let (k, v) = (r.below(3)?, r.below(8)?);
        y.push_str(&format!("  k{k}: {}\n", b64.encode(format!("v{v}"))));
    }
    pg.set_editor(y);
    pg.apply_editor();
    if let Some(obj) = pg.cluster().store().secret(NAMESPACES[ns], &format!("s{name}")) {
        let h = m.history.entry((ns, name)).or_default();
        h.extend(obj.data.iter().flatten().map(|(_, v)| String::from_utf8_lossy(&v.0).into_owned()));
        if obj.immutable == Some(true) {
            m.ever_immutable.insert((ns, name));
        }
    }
    Some(())
}

fn op(pg: &mut Playground, m: &mut Model, r: &mut Reader<'_>) -> Option<()> {
    match r.below(11)? {
        0 | 1 => put_secret(pg, m, r)?,
        9 => {
            // A command that keeps running while the ops go on (`get -w`, `logs -f`).
            let (ns, name) = (r.below(2)?, r.below(3)?);
            let cmd = match r.below(4)? {
                0 => "kubectl get pods -A -w".to_owned(),
                1 => format!("kubectl get pod p{name} -n {} -w", NAMESPACES[ns]),
                2 => "kubectl get events -w".to_owned(),
                _ => format!("kubectl logs -f p{name} -n {} --timestamps", NAMESPACES[ns]),
            };
            pg.command(&cmd);
        }
        10 => pg.interrupt(),
        2 => {
            let (ns, name) = (r.below(2)?, r.below(3)?);
            pg.command(&format!("kubectl delete secret s{name} -n {}", NAMESPACES[ns]));
        }
        3 => {
            let (ns, name, spec) = (r.below(2)?, r.below(3)?, pod_spec(r)?);
            if pg.cluster().store().pod(NAMESPACES[ns], &format!("p{name}")).is_none() {
                pg.set_editor(pod_yaml(NAMESPACES[ns], &format!("p{name}"), &spec));
                pg.apply_editor();
                if pg.cluster().store().pod(NAMESPACES[ns], &format!("p{name}")).is_some() {
                    m.pods.insert((ns, name), spec);
                }
            }
        }
        4 => {
            let (ns, name) = (r.below(2)?, r.below(3)?);
            pg.command(&format!("kubectl delete pod p{name} -n {} --wait=false", NAMESPACES[ns]));
        }
        5 => {
            for _ in 0..r.below(20)? + 1 {
                pg.step();
            }
        }
        6 => pg.run_for(u64::from(r.byte()?) * 1_000),
        7 => {
            let mut settings = pg.recipe().settings.clone();
            settings.strategy = [Strategy::Watch, Strategy::Cache, Strategy::Get][r.below(3)?];
            settings.nodes = 1 + r.below(3)? as u16;
            *pg = pg.with_settings(settings).unwrap_or_else(|e| panic!("replaying on other settings failed: {e}"));
            // A replay starts every container again; env is per start.
            m.started_env.clear();
        }
        _ => {
            // Invariant 4, when nothing the user did at this step would be dropped by going back.
            let s = pg.steps();
            if s > 0 && pg.recipe().actions.iter().all(|a| a.at() < s) {
                let before = fingerprint(pg);
                let recipe = pg.recipe().to_json();
                pg.step_back();
                pg.step();
                let after = fingerprint(pg);
                if let Some((b, a)) = first_difference(&before, &after) {
                    panic!("step back then forward did not reproduce step {s}:\n before: {b}\n  after: {a}\n recipe: {recipe}");
                }
            }
        }
    }
    Some(())
}

/// Runs the op sequence in `data` and checks the invariants.
pub fn run(data: &[u8]) {
    let mut r = Reader(data);
    let Some(first) = r.byte() else { return };
    let strategy = [Strategy::Watch, Strategy::Cache, Strategy::Get][usize::from(first % 3)];
    let settings = Settings { seed: u64::from(first), nodes: 2, strategy, ..Settings::default() };
    let Ok(mut pg) = Playground::new(settings) else { return };
    pg.command("kubectl create namespace other");
    let mut m = Model::default();
    for _ in 0..MAX_OPS {
        if op(&mut pg, &mut m, &mut r).is_none() {
            break;
        }
        check_visible(pg.cluster(), &mut m);
    }
    // Longer than the largest mount backoff (2m2s) plus one resync period (≤ 1.5 min).
    pg.run_for(300_000);
    check_visible(pg.cluster(), &mut m);
    check_converged(pg.cluster(), &m);
}
