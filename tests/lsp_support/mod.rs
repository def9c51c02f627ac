//! A minimal LSP client for end-to-end tests: spawns the real `agentls lsp`
//! binary and speaks Content-Length framed JSON-RPC over its stdio.
//!
//! Every wait has a timeout, so a hung server fails a test instead of
//! hanging it. The child is killed on drop. [`workspace`] starts the server
//! in a temporary workspace folder on disk.

#![allow(dead_code)] // Each test crate uses a different subset.

pub mod workspace;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read but not yet claimed by a wait.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// Everything the server wrote to stderr so far (a panic message lands
    /// here even when the panic is caught).
    stderr: Arc<Mutex<String>>,
}

/// The server binary: `AGENTLS_BIN` when set (the fuzzers' long runs point
/// it at a release build), else the one Cargo built for these tests.
pub fn binary() -> std::path::PathBuf {
    // Absolute: some tests run it from another folder.
    std::env::var_os("AGENTLS_BIN")
        .map(|p| std::path::absolute(&p).unwrap_or_else(|_| p.into()))
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_agentls").into())
}

impl Client {
    /// Spawn the server; does not initialize.
    pub fn spawn() -> Client {
        Client::spawn_with_env(&[])
    }

    /// [`Client::spawn`] with extra environment variables for the server
    /// (`AGENTLS_HOME` points the user scope at a fake home).
    pub fn spawn_with_env(vars: &[(&str, &Path)]) -> Client {
        let mut child = Command::new(binary())
            .arg("lsp")
            // Never the developer's own `~/.claude`: tests name their home.
            .env("AGENTLS_HOME", "/nonexistent/agentls-test-home")
            .envs(vars.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn agentls lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        // Drain stderr so the server can never block on a full pipe; keep it
        // for [`Client::stderr`] and echo it for test failure output.
        let kept = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&kept);
        thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let mut all = sink.lock().unwrap_or_else(|e| e.into_inner());
                // Bounded: a server that logs forever must not eat memory.
                if all.len() < 1 << 20 {
                    all.push_str(&line);
                }
                line.clear();
            }
            let s = sink.lock().unwrap_or_else(|e| e.into_inner());
            if !s.trim().is_empty() {
                eprintln!("[agentls stderr]\n{s}");
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr: kept,
        }
    }

    /// What the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The exit status, if the server has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Spawn and run the `initialize` handshake. `encodings` is the client's
    /// `general.positionEncodings` (None: the field is absent).
    pub fn start(encodings: Option<&[&str]>) -> (Client, Value) {
        let mut c = Client::spawn();
        let result = c.initialize(encodings);
        (c, result)
    }

    pub fn initialize(&mut self, encodings: Option<&[&str]>) -> Value {
        let mut caps = json!({});
        if let Some(e) = encodings {
            caps = json!({ "general": { "positionEncodings": e } });
        }
        let resp = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": caps }),
        );
        self.notify("initialized", json!({}));
        resp.get("result").cloned().expect("initialize result")
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        self.send_body(&body);
    }

    pub fn send_body(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Send a request and wait for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(TIMEOUT, |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
        .unwrap_or_else(|| panic!("no response to {method} (id {id}) within {TIMEOUT:?}"))
    }

    /// First message matching `pred`, leaving the others in the backlog.
    pub fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receive(left) {
                Ok(m) if pred(&m) => return Some(m),
                Ok(m) => self.backlog.push_back(m),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// The next message from the server. A request from the server (e.g.
    /// `client/registerCapability`) is answered at once with a null result,
    /// as a real client would, and still handed on so tests can inspect it.
    fn receive(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError> {
        let m = self.incoming.recv_timeout(timeout)?;
        if let (Some(id), Some(_)) = (m.get("id"), m.get("method")) {
            let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
            let body = serde_json::to_vec(&reply).expect("json");
            let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
            frame.extend_from_slice(&body);
            // The server may be gone already (tests of exits): not an error here.
            if let Some(stdin) = self.stdin.as_mut() {
                let _ = stdin.write_all(&frame).and_then(|()| stdin.flush());
            }
        }
        Ok(m)
    }

    /// Wait for `publishDiagnostics` for `uri` with exactly `version`
    /// (`None`: a publish without a version, as on close).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        self.diagnostics_within(uri, version, TIMEOUT)
    }

    pub fn diagnostics_within(
        &mut self,
        uri: &str,
        version: Option<i64>,
        t: Duration,
    ) -> Vec<Value> {
        let want_version = version.map_or(Value::Null, |v| json!(v));
        let msg = self
            .wait_for(t, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && *m["params"].get("version").unwrap_or(&Value::Null) == want_version
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} version {version:?} within {t:?}"));
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Every message that arrives within `quiet`, without waiting longer.
    pub fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out: Vec<Value> = self.backlog.drain(..).collect();
        while let Ok(m) = self.receive(quiet) {
            out.push(m);
        }
        out
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// The server is alive iff it still answers a request. An unknown
    /// method is the cheapest one that needs no document.
    pub fn assert_alive(&mut self) {
        let resp = self.request("agentls/doesNotExist", json!({}));
        assert_eq!(resp["error"]["code"], -32601, "unexpected reply {resp}");
    }

    /// `shutdown` + `exit`; the exit status of the process.
    pub fn shutdown(mut self) -> ExitStatus {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "shutdown failed: {resp}");
        self.notify("exit", Value::Null);
        self.wait_exit(TIMEOUT)
            .expect("server did not exit after `exit`")
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message, or None at end of stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

// ---------------------------------------------------------------------------
// Expected values, computed independently of the server's encoder.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }

    /// Width of `c` in code units of this encoding.
    pub fn units(self, c: char) -> u64 {
        match self {
            Enc::Utf8 => c.len_utf8() as u64,
            Enc::Utf16 => c.len_utf16() as u64,
        }
    }
}

/// LSP position of byte `offset`, by walking chars and splitting lines at
/// `\n`, `\r\n` and `\r`.
pub fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let (mut line, mut col) = (0u64, 0u64);
    let mut prev_cr = false;
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        match c {
            '\n' if prev_cr => {} // second half of CRLF: already counted
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            _ => col += enc.units(c),
        }
        prev_cr = c == '\r';
    }
    json!({ "line": line, "character": col })
}

pub fn range(text: &str, r: &Range<usize>, enc: Enc) -> Value {
    json!({ "start": position(text, r.start, enc), "end": position(text, r.end, enc) })
}

/// Byte offset of an LSP position, the inverse of [`position`]: a column
/// past the end of its line is the line's end, a line past the last is the
/// end of the text.
pub fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let (line, character) = (
        pos["line"].as_u64().expect("line"),
        pos["character"].as_u64().expect("character"),
    );
    let line_end = |from: usize| text[from..].find(['\r', '\n']).map(|i| from + i);
    let mut start = 0;
    for _ in 0..line {
        let Some(end) = line_end(start) else {
            return text.len();
        };
        start = end
            + if text[end..].starts_with("\r\n") {
                2
            } else {
                1
            };
    }
    let end = line_end(start).unwrap_or(text.len());
    let mut col = 0;
    for (i, c) in text[start..end].char_indices() {
        if col >= character {
            return start + i;
        }
        col += enc.units(c);
    }
    end
}

// Needles: a word found in a text, by its surroundings.

/// Byte offset of `needle` inside the first `context` of `text`.
pub fn needle_offset(text: &str, context: &str, needle: &str) -> usize {
    let at = text
        .find(context)
        .unwrap_or_else(|| panic!("no {context:?} in the text"));
    at + context
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in {context:?}"))
}

/// The LSP range of `needle` inside the first `context` of `text`.
pub fn needle_range(text: &str, context: &str, needle: &str, enc: Enc) -> Value {
    let start = needle_offset(text, context, needle);
    range(text, &(start..start + needle.len()), enc)
}

/// An LSP position inside `needle` (after its first byte) within the first
/// `context` of `text`.
pub fn needle_position(text: &str, context: &str, needle: &str, enc: Enc) -> Value {
    position(text, needle_offset(text, context, needle) + 1, enc)
}

/// Byte range of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn nth_range(text: &str, needle: &str, nth: usize) -> Range<usize> {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth}"))
        .0;
    start..start + needle.len()
}

/// The LSP diagnostics the server should publish for `text` at `uri`:
/// `analyze()` of the text, positions by [`position`].
pub fn expected_diagnostics(uri: &str, path: &Path, text: &str, enc: Enc) -> Vec<Value> {
    let analysis = agentls_core::analyze(text, Some(path));
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "range": range(text, &d.range, enc),
                "severity": match d.severity {
                    agentls_core::Severity::Error => 1,
                    agentls_core::Severity::Warning => 2,
                    agentls_core::Severity::Information => 3,
                    agentls_core::Severity::Hint => 4,
                },
                "code": d.code,
                "source": "agentls",
                "message": d.message,
            });
            if !d.related.is_empty() {
                v["relatedInformation"] = d
                    .related
                    .iter()
                    .map(|r| json!({ "location": { "uri": uri, "range": range(text, &r.range, enc) }, "message": r.message }))
                    .collect();
            }
            v
        })
        .collect()
}

/// Diagnostics as a sorted list, so comparisons ignore publication order.
pub fn sorted(mut diags: Vec<Value>) -> Vec<Value> {
    diags.sort_by_key(|d| d.to_string());
    diags
}

/// Seed fixtures: (file name, text).
pub fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("seed dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("seed text"))
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// `file:///tmp/ws/.claude/agents/<name>` and its path.
pub fn agent_uri(ws: &str, name: &str) -> (String, std::path::PathBuf) {
    let path = std::path::PathBuf::from(format!("/tmp/{ws}/.claude/agents/{name}"));
    (format!("file://{}", path.display()), path)
}

/// True once the analysis core reports anything at all (it starts as a
/// stub). Tests whose strength depends on real diagnostics check this.
pub fn core_is_live() -> bool {
    let broken = "---\nname: [\ntools: Reed\n---\n";
    !agentls_core::analyze(broken, Some(Path::new("/w/.claude/agents/x.md")))
        .diagnostics
        .is_empty()
}

/// Deterministic pseudo-random numbers (xorshift64*).
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A `Location[]` result as (uri, range) pairs, sorted: the order servers
/// list locations in is not part of the protocol.
pub fn sorted_locations(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .unwrap_or_else(|| panic!("locations: {v}"))
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"].to_string(),
            )
        })
        .collect();
    out.sort();
    out
}
