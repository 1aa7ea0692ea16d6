//! What a command printed and how it ended.

/// What a command printed and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status (0 = success).
    pub status: i32,
}

impl Output {
    /// Success with some output.
    pub fn ok(stdout: impl Into<String>) -> Self {
        Output { stdout: stdout.into(), stderr: String::new(), status: 0 }
    }
    /// Failure with an error message (a newline is added).
    pub fn err(msg: impl Into<String>) -> Self {
        let mut stderr = msg.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Output { stdout: String::new(), stderr, status: 1 }
    }
    /// Both streams as a terminal shows them: kubectl warnings, then stdout, then errors.
    pub fn combined(&self) -> String {
        // kubectl prints its warnings (`Warning: ...`, klog's `W1129 ...`) before the result.
        let is_warning = |l: &str| {
            l.starts_with("Warning: ")
                || (l.starts_with('W') && l.get(1..).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
        };
        let (early, late): (Vec<&str>, Vec<&str>) = self.stderr.split_inclusive('\n').partition(|l| is_warning(l));
        format!("{}{}{}", early.concat(), self.stdout, late.concat())
    }
}
