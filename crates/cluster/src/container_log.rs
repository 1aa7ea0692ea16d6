//! A container's log as the runtime keeps it: one entry per line the process wrote to stdout or
//! stderr, stamped with the virtual time it was written. Lines stamped after "now" were computed
//! ahead (a process runs to its end when it starts) and stay hidden until the clock reaches them.
//!
//! Mirrors the CRI log format (`pkg/kubelet/kuberuntime/logs/logs.go`): each line carries its
//! stream and an `RFC3339NanoFixed` timestamp, which `kubectl logs --timestamps` prints.

use serde::Serialize;

/// The most lines one container instance keeps (the rest is dropped with a note line).
pub const MAX_LOG_LINES: usize = 10_000;

/// Which stream a line was written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogLine {
    /// When it was written (virtual ms).
    pub at_ms: u64,
    /// Its stream.
    pub stream: Stream,
    /// The text, without its newline.
    pub text: String,
}

/// The log of one container instance (a restart starts a new one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContainerLog {
    lines: Vec<LogLine>,
}

impl ContainerLog {
    /// Appends what a command wrote at `at_ms`, one entry per line (a last line without its
    /// newline is still a line, as the runtime's log reader ends it at EOF).
    pub fn write(&mut self, at_ms: u64, stream: Stream, text: &str) {
        for line in text.split_inclusive('\n') {
            if self.lines.len() >= MAX_LOG_LINES {
                return;
            }
            let text = line.strip_suffix('\n').unwrap_or(line).to_owned();
            self.lines.push(LogLine { at_ms, stream, text });
        }
    }

    /// The lines written at or before `now_ms`, oldest first.
    pub fn visible(&self, now_ms: u64) -> impl Iterator<Item = &LogLine> {
        self.lines.iter().take_while(move |l| l.at_ms <= now_ms)
    }

    /// Every line, including those the clock has not reached yet.
    pub fn all(&self) -> &[LogLine] {
        &self.lines
    }
}

/// A virtual time as `RFC3339NanoFixed` (`2006-01-02T15:04:05.000000000Z07:00`, UTC), the prefix
/// of `kubectl logs --timestamps` (pkg/kubelet/kuberuntime/logs/logs.go `timeFormatOut`).
pub fn rfc3339_nano_fixed(at_ms: u64) -> String {
    let t = kubeplay_api::store::time_at(at_ms);
    let secs = t.0.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    format!("{secs}.{:09}Z", (at_ms % 1000) * 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_appear_when_the_clock_reaches_them() {
        let mut log = ContainerLog::default();
        log.write(1_000, Stream::Stdout, "a\nb\n");
        log.write(6_000, Stream::Stderr, "c");
        let at = |now| log.visible(now).map(|l| l.text.as_str()).collect::<Vec<_>>();
        assert_eq!(at(999), Vec::<&str>::new());
        assert_eq!(at(1_000), ["a", "b"]);
        assert_eq!(at(6_000), ["a", "b", "c"]);
    }

    #[test]
    fn timestamps_have_nine_fraction_digits() {
        // EPOCH_UNIX_MS is 2026-01-01T00:00:00Z.
        assert_eq!(rfc3339_nano_fixed(1_500), "2026-01-01T00:00:01.500000000Z");
    }
}
