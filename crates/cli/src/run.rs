//! `kubeplay run`: apply manifests at time 0 as `kubectl apply -f` would, run until idle
//! (or `--until`), print the event log and the pods.

use kubeplay_cluster::{Session, Settings, Strategy};
use kubeplay_kubectl::printers::{self, parse_duration};
use kubeplay_kubectl::{apply_manifest, view, Mode};
use serde_json::json;

use crate::error::{CliError, Result};

/// The kubelet's secret change detection strategy, as the flag spells it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StrategyArg {
    /// A watch per referenced object.
    #[value(name = "Watch")]
    Watch,
    /// A TTL cache.
    #[value(name = "Cache")]
    Cache,
    /// A GET every time.
    #[value(name = "Get")]
    Get,
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputArg {
    /// Applied objects, the event table and the pods table.
    Text,
    /// `{"errors", "applied", "pods", "configMaps", "deployments", "replicaSets", "jobs", "events", "time"}`.
    Json,
}

/// The arguments of `kubeplay run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The seed of every random choice.
    #[arg(long, value_name = "N", default_value_t = Settings::default().seed)]
    seed: u64,
    /// Stop after this much virtual time (e.g. 90s, 2m, 1h30m).
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    until: String,
    /// Number of nodes (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = Settings::default().nodes)]
    nodes: u16,
    /// The kubelet's configMapAndSecretChangeDetectionStrategy.
    #[arg(long, value_enum, default_value = "Watch")]
    strategy: StrategyArg,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    output: OutputArg,
    /// Also apply N generated secret + pod pairs (each pod mounting its own secret), in
    /// files of 5,000 pairs as `kubeplay generate` writes them: the benchmark load.
    #[arg(long, value_name = "N")]
    generate_pods: Option<usize>,
    /// Start the API server with this audit policy (`--audit-policy-file`; with `--audit` and
    /// no policy file, the docs' minimal policy: every request at the Metadata level).
    #[arg(long, value_name = "FILE")]
    audit_policy_file: Option<String>,
    /// Print the audit log (one JSON event per line, as `--audit-log-path` writes it) instead
    /// of the event log and pods.
    #[arg(long)]
    audit: bool,
    /// Manifest files (`-` for standard input).
    #[arg(value_name = "FILE", required_unless_present = "generate_pods")]
    files: Vec<String>,
}

/// Runs `kubeplay run`.
pub fn main(args: Args) -> Result<()> {
    use std::io::Write as _;
    // A closed pipe (`| head`) ends the output quietly instead of panicking in println!.
    let mut stdout = std::io::stdout().lock();
    let until_ms = parse_duration(&args.until).ok_or_else(|| CliError::Until(args.until.clone()))?;
    let strategy = match args.strategy {
        StrategyArg::Watch => Strategy::Watch,
        StrategyArg::Cache => Strategy::Cache,
        StrategyArg::Get => Strategy::Get,
    };
    let audit_policy = match &args.audit_policy_file {
        Some(f) => Some(crate::read_input(f)?),
        None if args.audit => Some(kubeplay_api::audit::policy::METADATA_POLICY.to_owned()),
        None => None,
    };
    let settings = Settings { seed: args.seed, nodes: args.nodes, strategy, audit_policy, ..Settings::default() };
    let mut texts = Vec::new();
    for f in &args.files {
        texts.push((f.clone(), crate::read_input(f)?));
    }
    texts.extend(kubeplay_cluster::load::files(args.generate_pods.unwrap_or(0)));
    let mut session = Session::new(settings)?;
    let mut results = Vec::new();
    for (name, text) in &texts {
        results.extend(apply_manifest(&mut session, text, name, Mode::Apply, "default"));
    }
    if args.audit {
        let _ = write!(stdout, "{}", session.audit_log().json_lines());
        return Ok(());
    }
    let mut cluster = session.cluster().clone();
    cluster.set_record_notes(false);
    cluster.run_until_idle(until_ms);
    let pods = view::pods(&cluster);
    if args.output == OutputArg::Json {
        let out = json!({
            "errors": results.iter().filter(|r| r.error).map(|r| json!({"message": r.text})).collect::<Vec<_>>(),
            "applied": results.iter().filter(|r| !r.error).map(|r| r.text.clone()).collect::<Vec<_>>(),
            "pods": pods,
            "configMaps": view::config_maps(&cluster),
            "deployments": kubeplay_kubectl::workload_view::deployments(&cluster),
            "replicaSets": kubeplay_kubectl::workload_view::replica_sets(&cluster),
            "jobs": kubeplay_kubectl::workload_view::jobs(&cluster),
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
        let cols = printers::pod_columns(pod, cluster.now_ms());
        rows.push(vec![
            pod.metadata.namespace.clone().unwrap_or_default(),
            pod.metadata.name.clone().unwrap_or_default(),
            cols.ready,
            cols.status,
            cols.restarts,
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
