//! `kubeplay run`: apply manifests at time 0 as `kubectl apply -f` would, run until idle
//! (or `--until`), print the event log and the pods.

use kubeplay_cluster::{Session, Settings, Strategy};
use kubeplay_kubectl::printers::{self, parse_duration};
use kubeplay_kubectl::{apply_manifest, view, Mode};
use serde_json::json;

struct Options {
    settings: Settings,
    until_ms: u64,
    json: bool,
    files: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options { settings: Settings::default(), until_ms: 600_000, json: false, files: Vec::new() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| it.next().cloned()).ok_or_else(|| format!("error: flag needs an argument: {name}"))
        };
        match flag {
            "--seed" => {
                o.settings.seed = value("--seed")?.parse().map_err(|_| "error: --seed takes a whole number".to_owned())?
            }
            "--nodes" => {
                o.settings.nodes =
                    value("--nodes")?.parse().map_err(|_| "error: --nodes takes a number from 1 to 1000".to_owned())?
            }
            "--until" => {
                let v = value("--until")?;
                o.until_ms = parse_duration(&v)
                    .ok_or_else(|| format!("error: invalid duration {v:?} for --until (e.g. 90s, 2m, 1h30m)"))?;
            }
            "--strategy" => {
                o.settings.strategy = match value("--strategy")?.as_str() {
                    "Watch" => Strategy::Watch,
                    "Cache" => Strategy::Cache,
                    "Get" => Strategy::Get,
                    v => return Err(format!("error: --strategy must be Watch, Cache or Get, not {v:?}")),
                }
            }
            "--output" | "-o" => {
                o.json = match value("--output")?.as_str() {
                    "json" => true,
                    "text" => false,
                    v => return Err(format!("error: --output must be text or json, not {v:?}")),
                }
            }
            "-" => o.files.push("-".to_owned()),
            f if f.starts_with('-') => return Err(format!("error: unknown flag: {f}\nSee 'kubeplay help' for usage.")),
            f => o.files.push(f.to_owned()),
        }
    }
    if o.files.is_empty() {
        return Err("error: no manifest files given\nSee 'kubeplay help' for usage.".to_owned());
    }
    Ok(o)
}

/// Runs `kubeplay run ARGS`.
pub fn main(args: &[String]) -> Result<(), String> {
    use std::io::Write as _;
    // A closed pipe (`| head`) ends the output quietly instead of panicking in println!.
    let mut stdout = std::io::stdout().lock();
    let o = parse(args)?;
    let mut texts = Vec::new();
    for f in &o.files {
        texts.push((f.clone(), crate::read_input(f)?));
    }
    let mut session = Session::new(o.settings.clone()).map_err(|e| format!("error: {e}"))?;
    let mut results = Vec::new();
    for (name, text) in &texts {
        results.extend(apply_manifest(&mut session, text, name, Mode::Apply, "default"));
    }
    let mut cluster = session.cluster().clone();
    cluster.set_record_notes(false);
    cluster.run_until_idle(o.until_ms);
    let pods = view::pods(&cluster);
    if o.json {
        let out = json!({
            "errors": results.iter().filter(|r| r.error).map(|r| json!({"message": r.text})).collect::<Vec<_>>(),
            "applied": results.iter().filter(|r| !r.error).map(|r| r.text.clone()).collect::<Vec<_>>(),
            "pods": pods,
            "events": cluster.events().iter().map(|e| json!({
                "object": e.object_key(), "type": e.type_.as_str(), "reason": e.reason, "message": e.message,
                "time": printers::event_time(e.time_ms), "source": e.source,
            })).collect::<Vec<_>>(),
            "time": printers::event_time(cluster.now_ms()),
        });
        let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    for r in &results {
        let _ = writeln!(stdout, "{}", r.text);
    }
    let _ = writeln!(stdout);
    let mut rows = vec![vec!["TIME".into(), "TYPE".into(), "REASON".into(), "OBJECT".into(), "MESSAGE".into()]];
    for e in cluster.events() {
        rows.push(vec![
            printers::event_time(e.time_ms),
            e.type_.as_str().into(),
            e.reason.into(),
            format!("pod/{}", e.object.name),
            e.message.clone(),
        ]);
    }
    let _ = write!(stdout, "{}", printers::table(&rows));
    let _ = writeln!(stdout);
    let mut rows = vec![vec![
        "NAMESPACE".into(),
        "NAME".into(),
        "READY".into(),
        "STATUS".into(),
        "RESTARTS".into(),
        "AGE".into(),
        "NODE".into(),
    ]];
    for pod in cluster.store().pods() {
        rows.push(vec![
            pod.metadata.namespace.clone().unwrap_or_default(),
            pod.metadata.name.clone().unwrap_or_default(),
            printers::pod_ready(pod),
            printers::pod_status(pod),
            printers::pod_restarts(pod),
            printers::age(pod.metadata.creation_timestamp.as_ref(), cluster.now_ms()),
            pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "<none>".into()),
        ]);
    }
    if rows.len() == 1 {
        let _ = writeln!(stdout, "No resources found");
    } else {
        let _ = write!(stdout, "{}", printers::table(&rows));
    }
    Ok(())
}
