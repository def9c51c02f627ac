"""A stand-in for the Anthropic Messages API that listens on 127.0.0.1 only.

The recorder starts one FakeApi per worker (on a port the kernel picks) and points
Claude Code at it with ANTHROPIC_BASE_URL. Every request body is kept in memory for the
current run, in arrival order. Replies are canned:

* a request whose system prompt carries `cc_is_subagent=true` is a spawned subagent:
  it is answered with the text "done";
* a request that offers the `Agent` tool is the main loop: the recorder's `steer`
  callback sees the request and returns either the input of an `Agent` tool call to make
  next, or None to finish with the text "done";
* anything else (side calls Claude Code makes for itself) gets the text "done".

Streaming (server-sent events) and plain JSON replies are both supported; count_tokens
gets a fixed count. Python standard library only.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SUBAGENT_MARK = "cc_is_subagent=true"


def system_text(req):
    """The request's top-level system prompt as one string."""
    sysp = req.get("system")
    if isinstance(sysp, str):
        return sysp
    return "\n".join(b.get("text", "") for b in (sysp or []) if isinstance(b, dict))


def tool_names(req):
    return [t.get("name") for t in req.get("tools", []) if isinstance(t, dict)]


def request_kind(req):
    if SUBAGENT_MARK in system_text(req):
        return "subagent"
    if "Agent" in tool_names(req):
        return "main"
    return "side"


def tool_results(req):
    """Every tool_result block in the request's messages, oldest first."""
    out = []
    for msg in req.get("messages", []):
        content = msg.get("content")
        if isinstance(content, list):
            for block in content:
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    out.append(block)
    return out


def result_text(block):
    """The text of a tool_result block (its content may be a string or a list of blocks)."""
    content = block.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(c.get("text", "") for c in content if isinstance(c, dict))
    return ""


class FakeApi:
    """One loopback server; `begin(steer)` starts a run, `finish()` returns its requests."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests = []
        self._steer = None
        self._calls = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send_json(self, obj):
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_HEAD(self):
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def do_GET(self):
                self._send_json({})

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    req = json.loads(raw)
                except ValueError:
                    req = {}
                path = self.path.split("?")[0]
                if "count_tokens" in path:
                    return self._send_json({"input_tokens": 10})
                if not path.startswith("/v1/messages"):
                    return self._send_json({})
                content = api._answer(req)
                api._reply(self, req, content)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def begin(self, steer):
        with self._lock:
            self._requests = []
            self._steer = steer
            self._calls = 0

    def finish(self):
        """The run's requests in arrival order: dicts with `kind` ("main", "subagent" or
        "side"), `request` (the parsed body) and `call` (the Agent input we answered with)."""
        with self._lock:
            reqs, self._requests, self._steer = self._requests, [], None
        return reqs

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, req):
        kind = request_kind(req)
        entry = {"kind": kind, "request": req, "call": None}
        with self._lock:
            self._requests.append(entry)
            steer = self._steer
        if kind == "main" and steer is not None:
            call = steer(req)
            if call is not None:
                entry["call"] = call
                with self._lock:
                    self._calls += 1
                    n = self._calls
                return [{"type": "tool_use", "id": f"toolu_rec{n:03d}", "name": "Agent", "input": call}]
        return [{"type": "text", "text": "done"}]

    @staticmethod
    def _reply(handler, req, content):
        stop = "tool_use" if any(c["type"] == "tool_use" for c in content) else "end_turn"
        message = {
            "id": "msg_recorder",
            "type": "message",
            "role": "assistant",
            "model": req.get("model", "unknown"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1},
        }
        if not req.get("stream"):
            handler._send_json(message)
            return
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("connection", "close")
        handler.end_headers()
        handler.close_connection = True

        def event(name, payload):
            handler.wfile.write(f"event: {name}\ndata: {json.dumps(payload)}\n\n".encode())

        start = dict(message, content=[], stop_reason=None)
        event("message_start", {"type": "message_start", "message": start})
        for i, block in enumerate(content):
            if block["type"] == "text":
                event("content_block_start", {"type": "content_block_start", "index": i,
                                              "content_block": {"type": "text", "text": ""}})
                event("content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "text_delta", "text": block["text"]}})
            else:
                event("content_block_start", {"type": "content_block_start", "index": i,
                                              "content_block": {"type": "tool_use", "id": block["id"],
                                                                "name": block["name"], "input": {}}})
                event("content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "input_json_delta",
                                                        "partial_json": json.dumps(block["input"])}})
            event("content_block_stop", {"type": "content_block_stop", "index": i})
        event("message_delta", {"type": "message_delta",
                                "delta": {"stop_reason": stop, "stop_sequence": None},
                                "usage": {"output_tokens": 1}})
        event("message_stop", {"type": "message_stop"})
        handler.wfile.flush()
