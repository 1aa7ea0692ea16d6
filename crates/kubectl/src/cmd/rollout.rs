//! `kubectl rollout restart|status|history|undo` and `kubectl scale` for Deployments
//! (staging/src/k8s.io/kubectl/pkg/cmd/rollout/, pkg/polymorphichelpers/{objectrestarter,
//! rollout_status,history,rollback}.go, pkg/cmd/scale/scale.go).

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kubeplay_api::{Kind, Object};
use kubeplay_cluster::{ApiCall, Cluster};
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx};
use super::wait::{MAX_WAIT_MS, TIMEOUT};
use crate::flags::{self, Flag, Takes};
use crate::printers::parse_duration;

/// `--replicas` of `kubectl scale`.
pub const SCALE_REPLICAS: Flag = Flag { name: "replicas", short: None, takes: Takes::Int };
/// `--to-revision` of `kubectl rollout undo`, `--revision` of `rollout history`.
pub const TO_REVISION: Flag = Flag { name: "to-revision", short: None, takes: Takes::Int };
/// `--revision`.
pub const REVISION: Flag = Flag { name: "revision", short: None, takes: Takes::Int };
/// `-w, --watch` of `rollout status` (default true).
pub const WATCH: Flag = Flag { name: "watch", short: Some('w'), takes: Takes::Bool };

/// The flags of `kubectl scale`.
pub const SCALE_FLAGS: &[Flag] = &[SCALE_REPLICAS, flags::OUTPUT, flags::DRY_RUN, flags::FILENAME, flags::SELECTOR];
/// The flags of `kubectl rollout ...`.
pub const ROLLOUT_FLAGS: &[Flag] =
    &[TO_REVISION, REVISION, WATCH, TIMEOUT, flags::OUTPUT, flags::DRY_RUN, flags::FILENAME, flags::SELECTOR];

/// `kubectl.kubernetes.io/restartedAt` (objectrestarter.go).
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

/// One Deployment named by `TYPE/NAME` or `TYPE NAME` (only Deployments roll out here).
fn deployment_arg(ctx: &Ctx<'_>, cmd: &Cmd, ns: &str, at: usize) -> Result<Deployment, Output> {
    let p = cmd.args.positional.get(at..).unwrap_or_default();
    if p.is_empty() {
        return Err(Output::err("error: required resource not specified"));
    }
    let t = targets(p).map_err(|e| Output::err(format!("error: {e}")))?;
    let Some((kind, name)) = t.into_iter().next() else { return Err(Output::err("error: required resource not specified")) };
    let Some(name) = name else { return Err(Output::err("error: resource(s) were provided, but no name was specified")) };
    if kind != Kind::Deployment {
        return Err(Output::err(format!(
            "kubeplay: kubectl {} works on deployments here (kubeplay does not simulate DaemonSets or StatefulSets)",
            cmd.path.trim_start_matches("kubectl ")
        )));
    }
    ctx.authorize("get", kind, "", ns, &name).map_err(|s| Output::err(s.kubectl_message()))?;
    match ctx.session.cluster().store().get(kind, ns, &name) {
        Ok(Object::Deployment(d)) => Ok(d),
        Ok(_) => Err(Output::err("error: not a deployment")),
        Err(s) => Err(Output::err(s.kubectl_message())),
    }
}

fn update(ctx: &mut Ctx<'_>, ns: &str, d: Deployment) -> Result<(), Output> {
    let name = d.metadata.name.clone().unwrap_or_default();
    ctx.authorize("patch", Kind::Deployment, "", ns, &name).map_err(|s| Output::err(s.kubectl_message()))?;
    ctx.session
        .call(ApiCall::Update { object: Box::new(Object::Deployment(d)) })
        .map(|_| ())
        .map_err(|s| Output::err(s.kubectl_message()))
}

/// `kubectl scale TYPE/NAME --replicas=N`: `deployment.apps/web scaled`.
pub fn scale(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let Some(replicas) = cmd.args.get("replicas") else { return Output::err("error: required flag(s) \"replicas\" not set") };
    let replicas: i32 = replicas.parse().unwrap_or(-1);
    if replicas < 0 {
        return Output::err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    let p = cmd.args.positional.get(1..).unwrap_or_default();
    if p.is_empty() {
        return Output::err(super::common::MISSING_RESOURCE);
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let mut out = Output::default();
    for (kind, name) in t {
        let Some(name) = name else { return Output::err("error: resource(s) were provided, but no name was specified") };
        if let Err(s) = ctx.authorize("patch", kind, "scale", ns, &name) {
            return Output::err(s.kubectl_message());
        }
        let obj = match ctx.session.cluster().store().get(kind, ns, &name) {
            Ok(o) => o,
            Err(s) => return Output::err(s.kubectl_message()),
        };
        let obj = match obj {
            Object::Deployment(mut d) => {
                if let Some(s) = d.spec.as_mut() {
                    s.replicas = Some(replicas);
                }
                Object::Deployment(d)
            }
            Object::ReplicaSet(mut r) => {
                if let Some(s) = r.spec.as_mut() {
                    s.replicas = Some(replicas);
                }
                Object::ReplicaSet(r)
            }
            other => {
                return Output::err(format!(
                    "error: no scaler has been implemented for {{{} {}}}",
                    other.kind().group(),
                    other.kind().as_str()
                ))
            }
        };
        if let Err(s) = ctx.session.call(ApiCall::Update { object: Box::new(obj) }) {
            return Output::err(s.kubectl_message());
        }
        out.stdout.push_str(&format!("{}/{name} scaled\n", kind.singular()));
    }
    out
}

/// Runs `kubectl rollout SUBCOMMAND`.
pub fn rollout(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    match cmd.args.positional.get(1).map(String::as_str) {
        Some("restart") => restart(ctx, cmd, ns),
        Some("status") => status(ctx, cmd, ns),
        Some("history") => history(ctx, cmd, ns),
        Some("undo") => undo(ctx, cmd, ns),
        Some(other @ ("pause" | "resume")) => Output::err(format!("kubeplay: kubectl rollout {other} is not simulated here")),
        Some(other) => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\"\nSee 'kubectl rollout -h' for help and examples"
        )),
        // DefaultSubCommandRun: the group's help on stdout, exit status 1 (checked against kubectl v1.33.1).
        None => Output {
            stdout: super::help::text_for(&["rollout".into()]).unwrap_or_default().to_owned(),
            stderr: String::new(),
            status: 1,
        },
    }
}

/// objectrestarter.go: the template's `kubectl.kubernetes.io/restartedAt` annotation set to now
/// (RFC 3339), which the Deployment controller sees as a new template.
fn restart(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let mut d = match deployment_arg(ctx, cmd, ns, 2) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let name = d.metadata.name.clone().unwrap_or_default();
    if d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false) {
        return Output::err(format!(
            "error: deployments.apps \"{name}\" can't restart paused deployment (run rollout resume first)"
        ));
    }
    let now = kubeplay_api::store::time_at(ctx.session.cluster().now_ms()).0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let Some(spec) = d.spec.as_mut() else { return Output::err("error: no spec") };
    let annotations = spec.template.metadata.get_or_insert_with(Default::default).annotations.get_or_insert_with(BTreeMap::new);
    if annotations.get(RESTARTED_AT) == Some(&now) {
        return Output::err(format!("error: failed to create patch for {name}: if restart has already been triggered within the past second, please wait before attempting to trigger another"));
    }
    annotations.insert(RESTARTED_AT.to_owned(), now);
    match update(ctx, ns, d) {
        Ok(()) => Output::ok(format!("deployment.apps/{name} restarted\n")),
        Err(o) => o,
    }
}

/// rollout_status.go `DeploymentStatusViewer.Status`: one line of the rollout's state, and whether it is done.
pub fn status_line(d: &Deployment) -> (String, bool) {
    let name = d.metadata.name.as_deref().unwrap_or("");
    let st = d.status.clone().unwrap_or_default();
    if d.metadata.generation.unwrap_or(0) > st.observed_generation.unwrap_or(0) {
        return ("Waiting for deployment spec update to be observed...\n".to_owned(), false);
    }
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let (updated, total, available) =
        (st.updated_replicas.unwrap_or(0), st.replicas.unwrap_or(0), st.available_replicas.unwrap_or(0));
    if updated < replicas {
        return (format!("Waiting for deployment {name:?} rollout to finish: {updated} out of {replicas} new replicas have been updated...\n"), false);
    }
    if total > updated {
        return (
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n",
                total - updated
            ),
            false,
        );
    }
    if available < updated {
        return (
            format!(
                "Waiting for deployment {name:?} rollout to finish: {available} of {updated} updated replicas are available...\n"
            ),
            false,
        );
    }
    (format!("deployment {name:?} successfully rolled out\n"), true)
}

/// `kubectl rollout status`: prints the state at each change of the Deployment (its watch
/// events) while virtual time passes, until the rollout is done or `--timeout` ends.
fn status(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let d = match deployment_arg(ctx, cmd, ns, 2) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let name = d.metadata.name.clone().unwrap_or_default();
    let timeout = cmd.args.get("timeout").and_then(parse_duration).filter(|t| *t > 0).unwrap_or(MAX_WAIT_MS).min(MAX_WAIT_MS);
    let mut out = Output::default();
    let (line, done) = status_line(&d);
    out.stdout.push_str(&line);
    if done || cmd.args.get("watch") == Some("false") {
        return out;
    }
    let deadline = ctx.session.cluster().now_ms().saturating_add(timeout);
    let mut seen = d.metadata.resource_version.clone();
    let current = |c: &Cluster| c.store().deployment(ns, &name).cloned();
    for _ in 0..1_000_000 {
        if ctx.session.next_event_ms().is_none_or(|t| t > deadline) {
            break;
        }
        if ctx.session.step().is_none() {
            break;
        }
        let Some(now) = current(ctx.session.cluster()) else {
            out.stderr.push_str("error: object has been deleted\n");
            out.status = 1;
            return out;
        };
        if now.metadata.resource_version != seen {
            seen = now.metadata.resource_version.clone();
            let (line, done) = status_line(&now);
            out.stdout.push_str(&line);
            if done {
                return out;
            }
        }
    }
    ctx.session.run_until(deadline);
    out.stderr.push_str("error: timed out waiting for the condition\n");
    out.status = 1;
    out
}

/// The Deployment's ReplicaSets by revision (history.go `getDeploymentReplicaSets`).
fn revisions(c: &Cluster, d: &Deployment) -> BTreeMap<i64, ReplicaSet> {
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    c.store()
        .replica_sets_in(&ns)
        .filter(|rs| rs.metadata.owner_references.iter().flatten().any(|r| r.uid == uid && r.controller == Some(true)))
        .filter_map(|rs| {
            let rev = rs.metadata.annotations.as_ref()?.get(REVISION_ANNOTATION)?.parse().ok()?;
            Some((rev, rs.clone()))
        })
        .collect()
}

/// `kubectl rollout history`: `REVISION  CHANGE-CAUSE` (history.go, tabwriter padding 2),
/// printed as the name printer's operation (rollout_history.go).
fn history(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let d = match deployment_arg(ctx, cmd, ns, 2) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let name = d.metadata.name.clone().unwrap_or_default();
    let revs = revisions(ctx.session.cluster(), &d);
    let info = if revs.is_empty() {
        "No rollout history found.".to_owned()
    } else {
        let mut t = String::from("REVISION\tCHANGE-CAUSE\n");
        for (r, rs) in &revs {
            let cause = rs
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/change-cause"))
                .cloned()
                .unwrap_or_else(|| "<none>".into());
            t.push_str(&format!("{r}\t{cause}\n"));
        }
        crate::tabwriter::format(&t, 0, 2)
    };
    Output::ok(format!("deployment.apps/{name} \n{info}\n"))
}

/// `kubectl rollout undo [--to-revision=N]` (rollback.go `DeploymentRollbacker`): the Deployment
/// takes the template of the ReplicaSet of that revision (the previous one by default).
fn undo(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let mut d = match deployment_arg(ctx, cmd, ns, 2) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let name = d.metadata.name.clone().unwrap_or_default();
    let to: i64 = cmd.args.get("to-revision").and_then(|v| v.parse().ok()).unwrap_or(0);
    if d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false) {
        return Output::err(format!("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/{name}' and try again"));
    }
    let revs = revisions(ctx.session.cluster(), &d);
    let target = if to == 0 {
        // The second highest revision: the one before the current.
        revs.iter().rev().nth(1).map(|(r, rs)| (*r, rs.clone()))
    } else {
        revs.get(&to).map(|rs| (to, rs.clone()))
    };
    let Some((rev, rs)) = target else {
        return Output::err(format!("error: unable to find specified revision {to} in history"));
    };
    let mut template = rs.spec.and_then(|s| s.template).unwrap_or_default();
    if let Some(l) = template.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        l.remove("pod-template-hash");
    }
    let Some(spec) = d.spec.as_mut() else { return Output::err("error: no spec") };
    if spec.template == template {
        return Output::ok(format!(
            "deployment.apps/{name} skipped rollback (current template already matches revision {rev})\n"
        ));
    }
    spec.template = template;
    match update(ctx, ns, d) {
        Ok(()) => Output::ok(format!("deployment.apps/{name} rolled back\n")),
        Err(o) => o,
    }
}
