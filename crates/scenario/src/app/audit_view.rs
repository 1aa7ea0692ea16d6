//! The audit view: the API server's audit log (`--audit-policy-file`), newest event first, with
//! what each event says at a glance and whether it carries a Secret's data.

use kubeplay_api::audit::Level;

use super::state::State;

/// The most audit events listed at once (a filter narrows them).
pub const AUDIT_SHOWN: usize = 200;

/// One audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// The event as the log file holds it (one JSON line).
    pub line: String,
    /// The auditID (shared by a request's stages).
    pub audit_id: String,
    /// `RequestReceived` or `ResponseComplete`.
    pub stage: &'static str,
    /// `Metadata`, `Request` or `RequestResponse`.
    pub level: &'static str,
    /// `get secrets default/db`.
    pub summary: String,
    /// Who made it (the impersonated user when there is one).
    pub user: String,
    /// The response code (ResponseComplete only).
    pub code: Option<u16>,
    /// The event holds a Secret's request or response object: its data, base64, in the log.
    pub leaks_secret: bool,
}

/// The audit view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditView {
    /// The API server runs with an audit policy.
    pub enabled: bool,
    /// How many rules the policy has.
    pub rules: usize,
    /// The events shown, newest first (at most [`AUDIT_SHOWN`]).
    pub rows: Vec<AuditRow>,
    /// How many events match the filter.
    pub matching: usize,
    /// How many events in the whole log carry a Secret's data.
    pub leaking: usize,
}

impl State {
    /// The audit log's events whose JSON line contains `filter`, newest first.
    pub fn audit(&self, filter: &str) -> AuditView {
        let session = &self.playground().console().session;
        let policy = session.cluster().store().audit_policy();
        let entries = session.audit_log().entries();
        let leaks = |e: &kubeplay_api::audit::Event| e.has_body && e.resource == "secrets" && e.level >= Level::Request;
        let matching: Vec<_> = entries.iter().rev().filter(|e| e.event.line.contains(filter)).collect();
        AuditView {
            enabled: policy.is_some(),
            rules: policy.map_or(0, |p| p.rules.len()),
            matching: matching.len(),
            leaking: entries.iter().filter(|e| leaks(&e.event)).count(),
            rows: matching
                .into_iter()
                .take(AUDIT_SHOWN)
                .map(|e| {
                    let ev = &e.event;
                    let target = match (ev.namespace.as_str(), ev.name.as_str()) {
                        ("", "") => String::new(),
                        ("", n) => format!(" {n}"),
                        (ns, "") => format!(" -n {ns}"),
                        (ns, n) => format!(" {ns}/{n}"),
                    };
                    AuditRow {
                        line: ev.line.clone(),
                        audit_id: ev.audit_id.clone(),
                        stage: ev.stage.as_str(),
                        level: ev.level.as_str(),
                        summary: format!("{} {}{target}", ev.verb, ev.resource),
                        user: ev.user.clone(),
                        code: ev.code,
                        leaks_secret: leaks(ev),
                    }
                })
                .collect(),
        }
    }
}
