//! The audit log backend (`--audit-log-path`): the events the API server's audit filter wrote
//! for the requests users made (the console's kubectl, the editor's apply), oldest first.
//!
//! The log belongs to the [`crate::history::Session`], beside its recorded calls: reads are not
//! replayed, so a cluster rebuilt from snapshots could not rebuild their events. Going back to
//! a step drops the events of requests made after it, as it drops those calls.
//! The cluster's own components (scheduler, kubelets, controllers) also call the API server in
//! a real cluster; their requests are not simulated as HTTP requests and are not logged.

use kubeplay_api::audit::{self, Event, Request, Response};
use kubeplay_api::rng::{self, Component};
use rand_chacha::rand_core::RngCore;

/// One logged event and the step it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Steps done before the request.
    pub at: u64,
    /// The event.
    pub event: Event,
}

/// The audit log and the steps of the audited requests (their count numbers the `auditID`s).
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    entries: Vec<Entry>,
    requests: Vec<u64>,
}

/// Most events kept; older ones are dropped first (a bounded log, as `--audit-log-maxsize` rotates).
pub const MAX_EVENTS: usize = 20_000;

impl AuditLog {
    /// The events, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Runs the policy on one request and writes its events (none at level `None` or without
    /// a policy). `seed` and the request count give the `auditID`.
    pub fn record(&mut self, policy: Option<&audit::Policy>, seed: u64, at: u64, now_ms: u64, req: &Request, resp: &Response) {
        let Some(policy) = policy else { return };
        let attrs = audit::RequestAttributes {
            user: &req.user,
            verb: &req.verb,
            group: &req.group,
            resource: &req.resource,
            subresource: &req.subresource,
            namespace: &req.namespace,
            name: &req.name,
        };
        let (level, omit) = policy.level_and_stages(&attrs);
        if level == audit::Level::None {
            return;
        }
        let mut r = rng::stream(seed, Component::Audit);
        r.set_word_pos(self.requests.len() as u128 * 4);
        let mut bytes = [0u8; 16];
        r.fill_bytes(&mut bytes);
        self.requests.push(at);
        let id = audit::audit_id(bytes);
        for event in audit::events(req, resp, level, &omit, &id, now_ms) {
            self.entries.push(Entry { at, event });
        }
        if self.entries.len() > MAX_EVENTS {
            let extra = self.entries.len() - MAX_EVENTS;
            self.entries.drain(..extra);
        }
    }

    /// Drops the events written after step `target`.
    pub fn truncate_after(&mut self, target: u64) {
        self.entries.retain(|e| e.at <= target);
        self.requests.retain(|&at| at <= target);
    }

    /// The log as `--audit-log-path` writes it: one JSON object per line.
    pub fn json_lines(&self) -> String {
        self.entries.iter().map(|e| format!("{}\n", e.event.line)).collect()
    }
}
