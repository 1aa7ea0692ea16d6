//! `kubeplay token inspect TOKEN | -f FILE | -`: the token inspector in the console
//! ([`kubeplay_api::serviceaccount::inspect`]). kubeplay's own command — kubectl has none, and
//! the name cannot clash with a real tool.

use kubeplay_api::k8s_openapi::jiff::Timestamp;
use kubeplay_api::serviceaccount::authenticator::TokenKind;
use kubeplay_api::serviceaccount::inspect::{inspect, Inspection, SignatureCheck};
use kubeplay_cluster::Session;
use kubeplay_shell::Output;

use crate::printers::human_duration;

/// The usage line.
pub const USAGE: &str = "usage: kubeplay token inspect TOKEN | kubeplay token inspect -f FILE (- reads stdin)";

/// Runs `kubeplay token ARGS`; `read` reads a console file.
pub fn run(session: &Session, args: &[String], stdin: Option<String>, read: impl Fn(&str) -> Result<String, String>) -> Output {
    let token = match args {
        [verb, t] if verb == "inspect" && t != "-f" && t != "-" => t.clone(),
        [verb, f, file] if verb == "inspect" && f == "-f" && file != "-" => match read(file) {
            Ok(t) => t,
            Err(e) => return Output::err(format!("kubeplay: token inspect: {e}")),
        },
        [verb, dash] | [verb, _, dash] if verb == "inspect" && dash == "-" => match stdin {
            Some(t) => t,
            None => return Output::err("kubeplay: token inspect: nothing on standard input"),
        },
        _ => return Output::err(USAGE),
    };
    let now_s = (kubeplay_api::store::EPOCH_UNIX_MS + session.cluster().now_ms() as i64) / 1000;
    match inspect(session.cluster().store(), &token, now_s) {
        Ok(i) => {
            let text = render(&i);
            if i.verdict.is_ok() {
                Output::ok(text)
            } else {
                Output { stdout: text, stderr: String::new(), status: 1 }
            }
        }
        Err(e) => Output::err(format!("kubeplay: token inspect: {e}")),
    }
}

fn time(s: i64) -> String {
    Timestamp::from_second(s).map(|t| t.to_string()).unwrap_or_else(|_| s.to_string())
}

/// `in 59m` / `59m ago` for a moment relative to now.
fn relative(at: i64, now: i64) -> String {
    let d = human_duration((at - now).abs() * 1000);
    if at > now {
        format!("in {d}")
    } else {
        format!("{d} ago")
    }
}

/// The inspector's report: header and claims as JSON, the signature, the times, what the token
/// is bound to, and the API server's verdict.
pub fn render(i: &Inspection) -> String {
    let mut o = String::new();
    o.push_str(&format!("Header:     {}\n", i.header));
    let claims = serde_json::to_string_pretty(&i.claims).unwrap_or_default();
    o.push_str(&format!("Claims:\n{claims}\n"));
    let sig = match i.signature {
        SignatureCheck::Valid => "valid: ES256 by this cluster's service-account key",
        SignatureCheck::Invalid => "INVALID: not signed by this cluster's service-account key (altered or forged)",
    };
    o.push_str(&format!("Signature:  {sig}\n"));
    let kind = match i.kind {
        Some(TokenKind::Bound) => "TokenRequest token (projected volume or kubectl create token)",
        Some(TokenKind::Legacy) => "legacy secret-based token (kubernetes.io/service-account-token Secret)",
        None => "unknown issuer: the API server ignores it",
    };
    o.push_str(&format!("Kind:       {kind}\n"));
    o.push_str(&format!("Subject:    {}\n", if i.subject.is_empty() { "<none>" } else { &i.subject }));
    if let Some(t) = i.issued_at {
        o.push_str(&format!("Issued:     {} ({})\n", time(t), relative(t, i.now_s)));
    }
    if let Some(t) = i.not_before.filter(|&n| Some(n) != i.issued_at) {
        o.push_str(&format!("Not before: {} ({})\n", time(t), relative(t, i.now_s)));
    }
    match i.expires_at {
        Some(t) => o.push_str(&format!("Expires:    {} ({})\n", time(t), relative(t, i.now_s))),
        None => o.push_str("Expires:    never (no exp claim)\n"),
    }
    if let Some(t) = i.warn_after {
        let stale = if t < i.now_s { ", stale now: each use is audited" } else { "" };
        o.push_str(&format!("Warn after: {} ({}{stale})\n", time(t), relative(t, i.now_s)));
    }
    for (kind, name, uid) in &i.bound {
        let uid = if uid.is_empty() { String::new() } else { format!(" (uid {uid})") };
        o.push_str(&format!("Bound to:   {kind} {name}{uid}\n"));
    }
    match &i.verdict {
        Ok(user) => o.push_str(&format!("Verdict:    valid now: the API server authenticates it as {user}\n")),
        Err(e) => {
            // What the API server's reason means for the learner (its text stays as the API server logs it).
            let why = match e {
                kubeplay_api::serviceaccount::TokenError::Invalidated => " (an object it is bound to is gone)",
                kubeplay_api::serviceaccount::TokenError::LegacyInvalidated => " (its Secret is gone)",
                _ => "",
            };
            o.push_str(&format!("Verdict:    rejected now (401 Unauthorized): {e}{why}\n"));
        }
    }
    o
}
