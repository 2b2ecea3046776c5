//! Running Graphviz `dot` as a separate program, for `render --engine graphviz` and
//! `bench layout`.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// Why `dot` gave no output.
pub(crate) enum DotError {
    /// `dot` could not be started (most likely it is not installed).
    NotInstalled(std::io::Error),
    /// `dot` ran and failed; what it said.
    Failed(String),
}

/// Runs `dot -T<format>` on `source` and returns its standard output.
pub(crate) fn run_dot(format: &str, source: &str) -> Result<Vec<u8>, DotError> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(DotError::NotInstalled)?;
    if let Some(mut stdin) = child.stdin.take() {
        // dot reads all input before writing; a failed write shows up in its exit status.
        let _ = stdin.write_all(source.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| DotError::Failed(e.to_string()))?;
    if !out.status.success() {
        return Err(DotError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(out.stdout)
}
