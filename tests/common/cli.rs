//! Running the built `agentls` binary as the CLI tests do.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run the binary with `args` in `cwd`, `stdin` (if any) as its standard
/// input, without colour and never with the developer's own `~/.claude`.
pub fn run(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("AGENTLS_HOME", "/nonexistent/agentls-home")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run agentls");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("piped stdin");
        // A usage error exits before reading: a broken pipe is expected then.
        let _ = pipe.write_all(text.as_bytes());
    }
    child.wait_with_output().expect("wait for agentls")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as one JSON document (the test fails otherwise).
pub fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(out)))
}
