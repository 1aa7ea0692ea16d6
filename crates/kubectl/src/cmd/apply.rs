//! `kubectl apply -f` and `kubectl create -f`: the manifests of the console's files (or stdin)
//! sent as the API server takes them (apply.go, create.go).

use kubeplay_shell::Output;

use super::common::{check_output_format, print_object, Cmd, Ctx, DryRun};
use crate::apply::{annotate_last_applied, Mode};
use crate::flags::{self, Args, Flag};

/// The flags of `kubectl apply` that kubeplay models (apply.go NewCmdApply).
pub const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::WAIT,
    flags::SELECTOR,
    flags::ALL,
];

/// Sends (or dry-runs) the objects of every `-f` file: `kubectl apply -f`, `kubectl create -f`.
pub fn from_files(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, stdin: Option<String>, mode: Mode, dry: DryRun) -> Output {
    let a = &cmd.args;
    let files = a.all("filename");
    if files.is_empty() {
        // create.go / apply.go Validate: `must specify one of -f and -k` (kubectl v1.32.4 prints it alone).
        return Output::err("error: must specify one of -f and -k");
    }
    if let Err(o) = check_output_format(a) {
        return o;
    }
    let mut out = Output::default();
    for f in files {
        let (text, source) = if f == "-" {
            (stdin.clone().unwrap_or_default(), "STDIN".to_owned())
        } else if ctx.is_dir(f) {
            let mut all = String::new();
            let mut found = false;
            for (name, data) in ctx.dir_files(f) {
                if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
                    found = true;
                    all.push_str("\n---\n");
                    all.push_str(&String::from_utf8_lossy(&data));
                }
            }
            if !found {
                // cli-runtime resource/builder.go FilenameParam → ExpandPathsToFileVisitors found nothing:
                // `error reading %v: recognized file extensions are %v` (checked with a kubectl v1.33.1 client).
                out.stderr.push_str(&format!("error: error reading [{f}]: recognized file extensions are [.json .yaml .yml]\n"));
                out.status = 1;
                continue;
            }
            (all, f.to_owned())
        } else {
            match ctx.read_file(f) {
                Ok(t) => (t, f.to_owned()),
                Err(_) => {
                    out.stderr.push_str(&format!("error: the path \"{f}\" does not exist\n"));
                    out.status = 1;
                    continue;
                }
            }
        };
        if dry != DryRun::None {
            dry_run_manifest(ctx, a, &text, &source, mode, ns, dry, &mut out);
            continue;
        }
        let user = ctx.user();
        let results = crate::apply::apply_manifest_as(ctx.session, &text, &source, mode, ns, &user);
        if results.is_empty() {
            out.stderr.push_str(&format!("error: no objects passed to {}\n", mode.verb()));
            out.status = 1;
        }
        for r in results {
            if let Some(w) = &r.warning {
                out.stderr.push_str(w);
                out.stderr.push('\n');
            }
            if r.error {
                out.stderr.push_str(&r.text);
                out.stderr.push('\n');
                out.status = 1;
            } else {
                out.stdout.push_str(&r.text);
                out.stdout.push('\n');
            }
        }
    }
    out
}

/// `create|apply -f --dry-run`: each object as read from the file (unstructured), nothing sent.
#[allow(clippy::too_many_arguments)]
fn dry_run_manifest(ctx: &mut Ctx<'_>, a: &Args, text: &str, source: &str, mode: Mode, ns: &str, dry: DryRun, out: &mut Output) {
    let decoded = kubeplay_api::decode_manifest(text, source);
    let mut n = 0;
    for d in decoded.docs {
        let obj = match d.result {
            Ok(o) => o,
            Err(kubeplay_api::DecodeError::Client(m)) => {
                out.stderr.push_str(&format!("error: {m}\n"));
                out.status = 1;
                continue;
            }
            Err(kubeplay_api::DecodeError::Server(s)) => {
                out.stderr.push_str(&s.with_source("creating", source).kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        n += 1;
        let kind = obj.kind();
        let ons = if !kind.namespaced() {
            ""
        } else if obj.namespace().is_empty() {
            ns
        } else {
            obj.namespace()
        };
        let exists = ctx.session.cluster().store().get(kind, ons, obj.name()).is_ok();
        let suffix = if dry == DryRun::Server { "(server dry run)" } else { "(dry run)" };
        let op = match mode {
            Mode::Create if dry == DryRun::Server && exists => {
                out.stderr.push_str(&format!(
                    "Error from server (AlreadyExists): error when creating \"{source}\": {}s \"{}\" already exists\n",
                    kind.singular(),
                    obj.name()
                ));
                out.status = 1;
                continue;
            }
            Mode::Create => format!("created {suffix}"),
            // replace.go prints `replaced` with the dry-run suffix.
            Mode::Replace => format!("replaced {suffix}"),
            Mode::Apply => {
                // apply.go applyOneObject: `created` when the object is absent; otherwise the
                // three-way patch decides, `unchanged` when it is `{}` and `configured` when not,
                // for --dry-run=client (patch computed, not sent) and =server (sent with dryRun) alike.
                // The same comparison as a real apply, run on a copy of the store.
                let mut probe = obj.clone();
                annotate_last_applied(&mut probe, ns);
                let now = ctx.session.cluster().now_ms();
                let mut store = ctx.session.cluster().store().clone();
                match store.apply(probe, ns, now) {
                    Ok((_, outcome)) => format!("{} {suffix}", outcome.as_str()),
                    // The server checks what it would store (validation, admission).
                    Err(s) if dry == DryRun::Server => {
                        out.stderr.push_str(&s.with_source("creating", source).kubectl_message());
                        out.stderr.push('\n');
                        out.status = 1;
                        continue;
                    }
                    Err(_) if exists => format!("configured {suffix}"),
                    Err(_) => format!("created {suffix}"),
                }
            }
        };
        let o = print_object(&obj.to_json(), a, kind.singular(), obj.name(), &op, false);
        out.stdout.push_str(&o.stdout);
        out.stderr.push_str(&o.stderr);
        if o.status != 0 {
            out.status = o.status;
        }
    }
    if let Some((_, msg)) = decoded.syntax_error {
        out.stderr.push_str(&format!("error: {msg}\n"));
        out.status = 1;
    } else if n == 0 && out.status == 0 {
        out.stderr.push_str(&format!("error: no objects passed to {}\n", mode.verb()));
        out.status = 1;
    }
}
