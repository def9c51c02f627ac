//! A guard between the client's byte stream and tower-lsp-server.
//!
//! tower-lsp-server reads with a `tokio_util` `FramedRead`, which ends the
//! stream after the first decode error: one malformed body (bad JSON, a
//! lone surrogate escape like `"\ud800"`, JSON that is not JSON-RPC) would
//! silently stop the server. It also drops requests whose method starts
//! with `$/` without answering, though LSP requires MethodNotFound.
//!
//! So frames are read here first. Bodies tower would accept are passed on
//! unchanged; bodies that differ only by lone surrogate escapes are passed
//! on with U+FFFD in their place (one UTF-16 unit, like the surrogate, so
//! the client's positions still line up); everything else is answered here
//! with the JSON-RPC error and never reaches tower. Outgoing frames from
//! tower and from this guard share one ordered queue to stdout.

use std::io;

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};

/// Larger bodies are skipped (and answered with an error) rather than
/// buffered.
const MAX_BODY: usize = 256 << 20;

/// One read attempt on a framed stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable Content-Length.
    BadHeader,
    /// A body over [`MAX_BODY`], already skipped.
    TooLarge,
    Eof,
}

/// Read the next frame. Tolerates stray blank lines, any header case, extra
/// headers, and garbage glued before `Content-Length` on the same line.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> io::Result<Frame> {
    let mut length: Option<Option<usize>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Ok(Frame::Eof);
        }
        let line = trim_line_end(&line);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some(value) = content_length_value(line) {
            length = Some(
                std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok()),
            );
        }
    }
    match length {
        Some(Some(n)) if n <= MAX_BODY => {
            let mut body = vec![0; n];
            match r.read_exact(&mut body).await {
                Ok(_) => Ok(Frame::Body(body)),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::Eof),
                Err(e) => Err(e),
            }
        }
        Some(Some(n)) => {
            let skipped = tokio::io::copy(&mut r.take(n as u64), &mut tokio::io::sink()).await?;
            Ok(if skipped < n as u64 {
                Frame::Eof
            } else {
                Frame::TooLarge
            })
        }
        _ => Ok(Frame::BadHeader),
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The value after the last `content-length:` (any case) on the line.
fn content_length_value(line: &[u8]) -> Option<&[u8]> {
    const NAME: &[u8] = b"content-length:";
    let start = line
        .windows(NAME.len())
        .rposition(|w| w.eq_ignore_ascii_case(NAME))?;
    Some(&line[start + NAME.len()..])
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What to do with one incoming body.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Pass to tower (possibly repaired).
    Forward(Vec<u8>),
    /// Answer the client with this response body; tower never sees it.
    Reply(Vec<u8>),
}

pub fn classify(body: Vec<u8>) -> Verdict {
    if let Some(v) = accept(&body) {
        return v;
    }
    if body.windows(2).any(|w| w == b"\\u") {
        let repaired = replace_lone_surrogates(&body);
        if repaired != body
            && let Some(v) = accept(&repaired)
        {
            return v;
        }
    }
    let id = serde_json::from_slice::<IdOnly>(&body)
        .ok()
        .and_then(|m| m.id)
        .unwrap_or(Id::Null);
    let error = if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok() {
        Error::invalid_request()
    } else {
        Error::parse_error()
    };
    reply(id, error)
}

/// The same shape tower's decoder reads: a body is forwarded only when
/// `serde_json::from_str::<TowerMessage>` succeeds on it, which is exactly
/// tower's test (its `Message` is private).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum TowerMessage {
    Response(#[allow(dead_code)] Response), // only that it parses matters
    Request(Request),
}

/// Finds the `id` of a message that cannot be read as a whole. serde_json
/// skips the other members without building them, so neither their depth
/// nor their bytes stop it.
#[derive(serde::Deserialize)]
struct IdOnly {
    id: Option<Id>,
}

/// Whether a body has a `method` member, whatever its value.
#[derive(serde::Deserialize)]
struct MethodOnly {
    method: Option<serde::de::IgnoredAny>,
}

/// Whether tower's decoder reads `body` as a request (`Some(true)`), as a
/// response (`Some(false)`), or stops on it (`None`).
fn tower_reads(body: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(body).ok()?;
    match serde_json::from_str::<TowerMessage>(text).ok()? {
        TowerMessage::Request(_) => Some(true),
        TowerMessage::Response(_) => Some(false),
    }
}

/// `None`: not a request or response. Otherwise what to do with it.
///
/// A body the strict parse accepts may still stop tower's decoder (a member
/// nested past serde_json's depth limit, invalid UTF-8 in a member nobody
/// reads), or be read by tower as the other kind (a request that also
/// carries `result`). Such a body is forwarded re-serialised from what was
/// parsed, without the members tower would misread or ignore; a response
/// whose result is itself too deep reaches its waiting request as an error.
/// A body with a `method` is a request, whatever else it holds.
fn accept(body: &[u8]) -> Option<Verdict> {
    if let Some(verdict) = as_tower_reads_it(body) {
        return Some(verdict);
    }
    // tower's `Request` reads a body without `method` too (as method ""),
    // so the member's presence decides.
    let has_method = serde_json::from_slice::<MethodOnly>(body).is_ok_and(|m| m.method.is_some());
    if has_method && let Ok(req) = serde_json::from_slice::<Request>(body) {
        return Some(accept_request(body, req));
    }
    let response = serde_json::from_slice::<Response>(body).ok()?;
    if tower_reads(body) == Some(false) {
        return Some(Verdict::Forward(body.to_vec()));
    }
    let canonical = serde_json::to_vec(&response).unwrap_or_default();
    if tower_reads(&canonical) == Some(false) {
        return Some(Verdict::Forward(canonical));
    }
    let (id, _) = response.into_parts();
    let mut error = Error::parse_error();
    error.message = "the client's response could not be read".into();
    let replaced = serde_json::to_vec(&Response::from_error(id, error)).unwrap_or_default();
    Some(Verdict::Forward(replaced))
}

/// The usual case in one parse: a body tower reads as what it is (a
/// request with a method, or a response without one) goes through
/// unchanged; `None` sends the rest through [`accept`]'s checks.
fn as_tower_reads_it(body: &[u8]) -> Option<Verdict> {
    let text = std::str::from_utf8(body).ok()?;
    let as_is = match serde_json::from_str::<TowerMessage>(text).ok()? {
        TowerMessage::Request(req) => {
            let reserved = req.id().is_some() && req.method().starts_with("$/");
            !req.method().is_empty() && !reserved
        }
        TowerMessage::Response(_) => {
            serde_json::from_slice::<MethodOnly>(body).is_ok_and(|m| m.method.is_none())
        }
    };
    as_is.then(|| Verdict::Forward(body.to_vec()))
}

fn accept_request(body: &[u8], req: Request) -> Verdict {
    if let Some(id) = req.id()
        && req.method().starts_with("$/")
    {
        let mut error = Error::method_not_found();
        error.data = Some(serde_json::Value::String(req.method().to_string()));
        return reply(id.clone(), error);
    }
    if tower_reads(body) == Some(true) {
        return Verdict::Forward(body.to_vec());
    }
    let canonical = serde_json::to_vec(&req).unwrap_or_default();
    if tower_reads(&canonical) == Some(true) {
        return Verdict::Forward(canonical);
    }
    reply(
        req.id().cloned().unwrap_or(Id::Null),
        Error::invalid_request(),
    )
}

fn reply(id: Id, error: Error) -> Verdict {
    let body = serde_json::to_vec(&Response::from_error(id, error)).unwrap_or_default();
    Verdict::Reply(body)
}

/// Replace `\uD800`-`\uDFFF` escapes that do not form a high+low pair with
/// `\uFFFD`. Backslashes only occur inside JSON strings, so a linear scan
/// over escapes is enough.
pub fn replace_lone_surrogates(body: &[u8]) -> Vec<u8> {
    let hex_at = |i: usize| -> Option<u16> {
        let digits = body.get(i..i + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let escape_at = |i: usize| -> Option<u16> {
        (body.get(i) == Some(&b'\\') && body.get(i + 1) == Some(&b'u'))
            .then(|| hex_at(i + 2))
            .flatten()
    };
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        match escape_at(i) {
            Some(0xD800..=0xDBFF) if matches!(escape_at(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend_from_slice(&body[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\uFFFD");
                i += 6;
            }
            _ => {
                // Any other escape: copy the backslash and the escaped byte.
                let end = (i + 2).min(body.len());
                out.extend_from_slice(&body[i..end]);
                i = end;
            }
        }
    }
    out
}

/// Outgoing bodies, in the order they must be written.
enum Out {
    Body(Vec<u8>),
    End,
}

/// Client input -> checked frames -> `to_server`; answers for rejected
/// frames go to `out`. Returns at end of input (dropping `to_server`, which
/// tells tower the client is gone).
async fn pump_input<R, W>(input: R, mut to_server: W, out: UnboundedSender<Out>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = tokio::io::BufReader::new(input);
    loop {
        let verdict = match read_frame(&mut input).await {
            Ok(Frame::Body(body)) => classify(body),
            Ok(Frame::BadHeader) => reply(Id::Null, Error::parse_error()),
            Ok(Frame::TooLarge) => reply(Id::Null, Error::invalid_request()),
            Ok(Frame::Eof) | Err(_) => break,
        };
        match verdict {
            Verdict::Forward(body) => {
                if to_server.write_all(&frame(&body)).await.is_err() {
                    break;
                }
            }
            Verdict::Reply(body) => {
                eprintln!("agentls: rejected a malformed message");
                if out.send(Out::Body(body)).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// tower's framed output -> the shared outgoing queue, then `End`.
async fn pump_server_output<R: AsyncRead + Unpin>(from_server: R, out: UnboundedSender<Out>) {
    let mut from_server = tokio::io::BufReader::new(from_server);
    while let Ok(Frame::Body(body)) = read_frame(&mut from_server).await {
        if out.send(Out::Body(body)).is_err() {
            return;
        }
    }
    let _ = out.send(Out::End);
}

async fn write_output<W: AsyncWrite + Unpin>(mut rx: UnboundedReceiver<Out>, mut output: W) {
    while let Some(Out::Body(body)) = rx.recv().await {
        if output.write_all(&frame(&body)).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
    let _ = output.flush().await;
}

/// Run `serve` (tower's server loop, given its input and output streams)
/// behind the guard. Returns when tower is done and its output is written;
/// the input pump may still be blocked on the client and is left behind.
pub async fn guarded<R, W, F, Fut>(input: R, output: W, serve: F)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin,
    F: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> Fut,
    Fut: Future<Output = ()>,
{
    const PIPE: usize = 1 << 16;
    let (to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, from_server) = tokio::io::duplex(PIPE);
    let (tx, rx) = unbounded_channel();
    tokio::spawn(pump_input(input, to_server, tx.clone()));
    let served = async move {
        serve(server_in, server_out).await;
    };
    tokio::join!(
        served,
        pump_server_output(from_server, tx),
        write_output(rx, output)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Vec<Frame> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let mut r = tokio::io::BufReader::new(bytes);
            let mut out = Vec::new();
            loop {
                let f = read_frame(&mut r).await.expect("read");
                let end = f == Frame::Eof;
                out.push(f);
                if end {
                    return out;
                }
            }
        })
    }

    #[test]
    fn frames_resync_after_bad_headers_and_garbage() {
        let input =
            b"Content-Length: 2\r\n\r\n{}\r\ncontent-length:3\r\nContent-Type: x\r\n\r\nabc\
                      Content-Length: nope\r\n\r\ngarbage{Content-Length: 1\r\n\r\nZ";
        assert_eq!(
            read_all(input),
            vec![
                Frame::Body(b"{}".to_vec()),
                Frame::Body(b"abc".to_vec()),
                Frame::BadHeader,
                Frame::Body(b"Z".to_vec()),
                Frame::Eof,
            ]
        );
    }

    #[test]
    fn truncated_body_is_end_of_input() {
        assert_eq!(read_all(b"Content-Length: 10\r\n\r\nabc"), vec![Frame::Eof]);
    }

    fn reply_code(v: Verdict) -> (i64, serde_json::Value) {
        match v {
            Verdict::Reply(b) => {
                let r: serde_json::Value = serde_json::from_slice(&b).expect("json");
                (r["error"]["code"].as_i64().unwrap_or(0), r["id"].clone())
            }
            Verdict::Forward(b) => panic!("forwarded {}", String::from_utf8_lossy(&b)),
        }
    }

    #[test]
    fn bodies_tower_accepts_pass_through_unchanged() {
        for body in [
            &br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#[..],
            br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
            br#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            br#"{"jsonrpc":"2.0","method":"x","params":{"t":"\ud83e\udde0 \\ud800"}}"#,
        ] {
            assert_eq!(classify(body.to_vec()), Verdict::Forward(body.to_vec()));
        }
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let body = br#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\ud800b\udc00\ud800"}}"#;
        let fixed = br#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\uFFFDb\uFFFD\uFFFD"}}"#;
        assert_eq!(classify(body.to_vec()), Verdict::Forward(fixed.to_vec()));
    }

    #[test]
    fn garbage_is_answered_here() {
        assert_eq!(
            reply_code(classify(b"{not json".to_vec())),
            (-32700, serde_json::Value::Null)
        );
        assert_eq!(
            reply_code(classify(b"[1,2]".to_vec())),
            (-32600, serde_json::Value::Null)
        );
        assert_eq!(
            reply_code(classify(
                br#"{"jsonrpc":"1.0","id":7,"method":"m"}"#.to_vec()
            )),
            (-32600, serde_json::json!(7))
        );
        assert_eq!(
            reply_code(classify(
                br#"{"jsonrpc":"2.0","id":"q","method":"$/x"}"#.to_vec()
            )),
            (-32601, serde_json::json!("q"))
        );
    }
}
