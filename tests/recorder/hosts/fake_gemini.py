"""A stand-in for the Gemini API (generateContent, streamGenerateContent,
countTokens) on 127.0.0.1, for recording Gemini CLI offline.

`begin(agent)` starts a run: every request body is kept, in arrival order,
and each is answered with the text "done", except the first one that offers
the `invoke_agent` tool while `agent` is set: that one gets a call to
`invoke_agent` for `agent`, so the next requests are the subagent's own
(its system prompt, its tools, its generation settings). `finish()` returns
the run's requests. Python standard library only.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def function_names(req):
    """The names of the functions (tools) a request offers."""
    return [
        f.get("name")
        for t in req.get("tools") or []
        if isinstance(t, dict)
        for f in t.get("functionDeclarations") or []
        if isinstance(f, dict)
    ]


def system_text(req):
    parts = (req.get("systemInstruction") or {}).get("parts") or []
    return "".join(p.get("text", "") for p in parts if isinstance(p, dict))


def answer(parts):
    return {
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1, "totalTokenCount": 2},
        "modelVersion": "gemini-2.5-pro",
    }


class FakeGemini:
    def __init__(self):
        self._lock = threading.Lock()
        self._requests = []
        self._agent = None
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, data, ctype):
                self.send_response(200)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._send(b"{}", "application/json")

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                if "countTokens" in self.path:
                    return self._send(b'{"totalTokens": 1}', "application/json")
                try:
                    req = json.loads(raw)
                except ValueError:
                    req = {}
                reply = api._answer(req)
                if "stream" in self.path.lower():
                    self._send(f"data: {json.dumps(reply)}\r\n\r\n".encode(), "text/event-stream")
                else:
                    self._send(json.dumps(reply).encode(), "application/json")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def begin(self, agent):
        with self._lock:
            self._requests, self._agent = [], agent

    def finish(self):
        with self._lock:
            reqs, self._requests, self._agent = self._requests, [], None
        return reqs

    def _answer(self, req):
        with self._lock:
            self._requests.append(req)
            agent = self._agent
            if agent and "invoke_agent" in function_names(req):
                self._agent = None
                call = {"name": "invoke_agent", "args": {"agent_name": agent, "prompt": "Say done."}}
                return answer([{"functionCall": call}])
        return answer([{"text": "done"}])

    def close(self):
        self._server.shutdown()
        self._server.server_close()
