//! `kubectl wait` (wait.go): virtual time passes until the condition holds or the timeout ends.

use kubeplay_api::Object;
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx, MISSING_RESOURCE};
use crate::flags::{self, Flag, Takes};
use crate::printers::parse_duration;

/// `--for`.
pub const FOR: Flag = Flag { name: "for", short: None, takes: Takes::Value };
/// `--timeout`.
pub const TIMEOUT: Flag = Flag { name: "timeout", short: None, takes: Takes::Value };

/// The flags of `kubectl wait` that kubeplay models.
pub const FLAGS: &[Flag] = &[FOR, TIMEOUT, flags::FILENAME, flags::SELECTOR, flags::ALL_NAMESPACES, flags::ALL, flags::OUTPUT];

/// The most steps one `kubectl wait` lets the cluster take (a bound on the loop).
const MAX_WAIT_STEPS: u64 = 1_000_000;

/// Steps the cluster until `met` holds or the next pending task lies past `deadline_ms`,
/// re-checking only after steps that changed the store or recorded events — kubectl's watch
/// wakes on changes (wait.go `IsConditionMet` over a watch), not on a timer. The caller lets
/// the clock run to the deadline.
fn wake_on_changes(ctx: &mut Ctx<'_>, deadline_ms: u64, met: &dyn Fn(&kubeplay_cluster::Cluster) -> bool) -> bool {
    let mut seen = ctx.session.cluster().store().resource_version();
    for _ in 0..MAX_WAIT_STEPS {
        if ctx.session.next_event_ms().is_none_or(|t| t > deadline_ms) {
            return false;
        }
        let Some(r) = ctx.session.step() else { return false };
        if r.time_ms > deadline_ms {
            // Tasks of pods that are gone lay before the deadline and were skipped; the task
            // that ran is the one `Session::run_until(deadline)` would run next anyway.
            return false;
        }
        let rv = ctx.session.cluster().store().resource_version();
        if rv != seen || !r.events.is_empty() {
            seen = rv;
            if met(ctx.session.cluster()) {
                return true;
            }
        }
    }
    false
}

/// Go `time.ParseDuration`'s error for a text it refuses (time/format.go): `missing unit`,
/// `unknown unit "x"`, or `invalid duration`.
fn go_duration_error(t: &str) -> String {
    let q = kubeplay_api::field::go_quote(t);
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty() {
        return format!("time: invalid duration {q}");
    }
    let mut rest = body;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let num = rest.get(..num_len).unwrap_or_default();
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return format!("time: invalid duration {q}");
        }
        rest = rest.get(num_len..).unwrap_or_default();
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = rest.get(..unit_len).unwrap_or_default();
        if unit.is_empty() {
            if body == "0" {
                break;
            }
            return format!("time: missing unit in duration {q}");
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return format!("time: unknown unit {} in duration {q}", kubeplay_api::field::go_quote(unit));
        }
        rest = rest.get(unit_len..).unwrap_or_default();
    }
    format!("time: invalid duration {q}")
}

/// The longest `kubectl wait --timeout` kubeplay simulates.
pub const MAX_WAIT_MS: u64 = 3_600_000;

/// Runs `kubectl wait`.
pub fn wait(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    // wait.go conditionFuncFor: an empty --for is an unrecognized condition.
    let cond = a.get("for").unwrap_or("");
    let timeout = match a.get("timeout") {
        Some(t) => match parse_duration(t) {
            Some(ms) if ms <= MAX_WAIT_MS => ms,
            Some(_) => return Output::err(
                "kubeplay: kubectl wait --timeout is at most 1h here (virtual time; the cluster simulates every retry meanwhile)",
            ),
            None => {
                // pflag DurationVar: a flag error, so templater.go's `See '... --help' for usage.` follows.
                return Output::err(format!(
                    "error: invalid argument {q} for \"--timeout\" flag: {}\nSee '{} --help' for usage.",
                    go_duration_error(t),
                    cmd.path,
                    q = kubeplay_api::field::go_quote(t)
                ));
            }
        },
        None => 30_000,
    };
    // wait.go ToOptions: conditionFuncFor runs before the builder is visited, so a bad --for
    // (or none) is reported first.
    if cond.starts_with("jsonpath=") {
        return Output::err("kubeplay: kubectl wait --for=jsonpath is not simulated here; use --for=condition=Ready, --for=create or --for=delete");
    }
    // conditionFuncFor (v1.33): delete, create, condition=..., jsonpath=...
    let known = cond.eq_ignore_ascii_case("delete") || cond.eq_ignore_ascii_case("create") || cond.starts_with("condition=");
    if !known {
        return Output::err(format!("error: unrecognized condition: {}", kubeplay_api::field::go_quote(cond)));
    }
    let p = a.positional.get(1..).unwrap_or_default();
    if p.is_empty() && !a.has("filename") {
        // cli-runtime resource/builder.go visitorResult: `missingResourceError`.
        return Output::err(MISSING_RESOURCE);
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let mut out = Output::default();
    for (kind, name) in t {
        let Some(name) = name else { return Output::err("error: resource name may not be empty") };
        let holds = |c: &kubeplay_cluster::Cluster| -> Option<bool> {
            let obj = c.store().get(kind, ns, &name).ok();
            if cond.eq_ignore_ascii_case("delete") {
                return Some(obj.is_none());
            }
            if cond.eq_ignore_ascii_case("create") {
                return Some(obj.is_some());
            }
            let want = cond.strip_prefix("condition=")?;
            let (ctype, cstatus) = want.split_once('=').unwrap_or((want, "True"));
            let Some(Object::Pod(p)) = obj else { return Some(false) };
            Some(
                p.status
                    .iter()
                    .flat_map(|s| s.conditions.iter().flatten())
                    .any(|c| c.type_.eq_ignore_ascii_case(ctype) && c.status.eq_ignore_ascii_case(cstatus)),
            )
        };
        if holds(ctx.session.cluster()).is_none() {
            return Output::err(format!("error: unrecognized condition: \"{cond}\""));
        }
        let waits_for_existence = cond.eq_ignore_ascii_case("delete") || cond.eq_ignore_ascii_case("create");
        if !waits_for_existence && ctx.session.cluster().store().get(kind, ns, &name).is_err() {
            out.stderr.push_str(&format!("Error from server (NotFound): {}s \"{name}\" not found\n", kind.singular()));
            out.status = 1;
            continue;
        }
        let deadline = ctx.session.cluster().now_ms().saturating_add(timeout);
        let met = holds(ctx.session.cluster()) == Some(true) || wake_on_changes(ctx, deadline, &|c| holds(c) == Some(true));
        if !met {
            ctx.session.run_until(deadline);
        }
        if met {
            out.stdout.push_str(&format!("{}/{name} condition met\n", kind.singular()));
        } else {
            out.stderr.push_str(&format!("error: timed out waiting for the condition on {}/{name}\n", kind.resource()));
            out.status = 1;
        }
    }
    out
}
