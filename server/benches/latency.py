#!/usr/bin/env python3
"""Keystroke -> publishDiagnostics latency and startup time of agentls.

Usage (from the repository root, after `cargo build --release`):

    python3 server/benches/latency.py
    python3 server/benches/latency.py --binary target/release/agentls
    python3 server/benches/latency.py --server "agnix-lsp --stdio"   # compare
    python3 server/benches/latency.py --keystrokes 500 --startup-runs 50
    python3 server/benches/latency.py --as skill     # seeds opened as SKILL.md
    python3 server/benches/latency.py --as skill --seeds server/benches/skills   # real-shaped skills

Measures, over real Content-Length framed JSON-RPC on the server's stdio:

  (a) startup: process spawn -> `initialize` reply, median of N runs;
  (b) for each seed (tests/fixtures/seeds/*.md, opened as
      file:///tmp/agentls-bench/.claude/agents/<name>): K keystrokes in the
      front matter (typing then deleting a char inside the description
      value) and K in the body, each one didChange with version v, timed
      from writing the notification to receiving the publishDiagnostics
      for version v (or, for a server that publishes without versions, the
      next publish for the document).

Prints a table of p50/p99/max in milliseconds per seed and region and
exits 0. Python standard library only. Timestamps are taken by a reader
thread as each message is complete, so the figures include a little
Python overhead: they are an upper bound on the server's own latency.
"""

import argparse
import glob
import json
import os
import queue
import shlex
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WAIT = float(os.environ.get("AGENTLS_BENCH_WAIT", "10"))


class Server:
    """One server process and a reader thread that timestamps messages."""

    def __init__(self, argv):
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            body = out.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout=WAIT):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                t, msg = self.inbox.get(timeout=left)
            except queue.Empty:
                return None
            if pred(msg):
                return t, msg

    def initialize(self):
        caps = {"general": {"positionEncodings": ["utf-16"]}}
        got = self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps})
        self.notify("initialized", {})
        return got

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def utf16_col(line, char_index):
    return len(line[:char_index].encode("utf-16-le")) // 2


def keystroke_site(text, region):
    """(line, utf-16 column) of a spot to type at, inside the description
    value or in the middle of the body."""
    lines = text.split("\n")
    if region == "front matter":
        for i, line in enumerate(lines):
            if line.startswith("description:"):
                return i, utf16_col(line, min(len(line), len("description: ") + 5))
        return 1, 0
    closing = next((i for i, l in enumerate(lines) if i > 0 and l.strip() == "---"), 0)
    body = [i for i in range(closing + 1, len(lines)) if lines[i].strip()]
    i = body[len(body) // 2] if body else len(lines) - 1
    return i, utf16_col(lines[i], len(lines[i]) // 2)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def measure_startup(argv, runs):
    times = []
    for _ in range(runs):
        s = Server(argv)
        got = s.initialize()
        if got:
            times.append((got[0] - s.t_spawn) * 1000)
        s.close()
    return times


# Where each seed is opened: its kind decides which rules judge it.
PLACES = {
    "agent": lambda name: ".claude/agents/" + name,
    "skill": lambda name: ".claude/skills/" + name[:-3] + "/SKILL.md",
    "command": lambda name: ".claude/commands/" + name,
}


def measure_keystrokes(argv, path, keystrokes, kind="agent"):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    uri = "file:///tmp/agentls-bench/" + PLACES[kind](name)
    s = Server(argv)
    s.initialize()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    s.wait(lambda m: is_publish(m, uri, None))
    version = 1
    results = {}
    for region in ("front matter", "body"):
        line, col = keystroke_site(text, region)
        samples, timeouts = [], 0
        for k in range(keystrokes):
            version += 1
            ms = keystroke(s, uri, version, line, col, k)
            if ms is None:
                timeouts += 1
            else:
                samples.append(ms)
        results[region] = (samples, timeouts)
    s.close()
    return name, len(text.encode()), results


def keystroke(s, uri, version, line, col, k):
    """One keystroke at line:col as didChange `version`: types "x" when k is
    even, deletes it when odd (so the text comes back every two). Returns
    the milliseconds until that version's publishDiagnostics, or None."""
    start = {"line": line, "character": col}
    if k % 2 == 0:
        change = {"range": {"start": start, "end": start}, "text": "x"}
    else:
        end = {"line": line, "character": col + 1}
        change = {"range": {"start": start, "end": end}, "text": ""}
    t0 = time.perf_counter()
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
    got = s.wait(lambda m: is_publish(m, uri, version))
    return None if got is None else (got[0] - t0) * 1000


def is_publish(msg, uri, version):
    if msg.get("method") != "textDocument/publishDiagnostics":
        return False
    params = msg.get("params", {})
    if params.get("uri") != uri:
        return False
    got = params.get("version")
    return version is None or got is None or got == version


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "agentls"))
    ap.add_argument("--server", help='full command instead of "<binary> lsp", e.g. "agnix-lsp"')
    ap.add_argument("--seeds", default=os.path.join(ROOT, "tests", "fixtures", "seeds"))
    ap.add_argument("--startup-runs", type=int, default=20)
    ap.add_argument("--keystrokes", type=int, default=200)
    ap.add_argument("--as", dest="kind", choices=sorted(PLACES), default="agent",
                    help="open each seed as an agent (default), a skill's SKILL.md or a command")
    args = ap.parse_args()

    argv = shlex.split(args.server) if args.server else [args.binary, "lsp"]
    if not args.server and not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first or pass --binary")

    startup = measure_startup(argv, args.startup_runs)
    print(f"server: {' '.join(argv)} (seeds opened as {args.kind}s)")
    if startup:
        print(f"startup (spawn -> initialize reply): median {statistics.median(startup):.2f} ms "
              f"over {len(startup)} runs (min {min(startup):.2f}, max {max(startup):.2f})")
    else:
        print("startup: no initialize reply")
    print()
    header = f"{'seed':<28} {'bytes':>7}  {'region':<13} {'n':>4} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'timeouts':>8}"
    print(header)
    print("-" * len(header))
    for path in sorted(glob.glob(os.path.join(args.seeds, "*.md"))):
        name, size, results = measure_keystrokes(argv, path, args.keystrokes, args.kind)
        for region, (samples, timeouts) in results.items():
            if samples:
                cols = f"{pct(samples, 50):8.3f} {pct(samples, 99):8.3f} {max(samples):8.3f}"
            else:
                cols = f"{'-':>8} {'-':>8} {'-':>8}"
            print(f"{name:<28} {size:>7}  {region:<13} {len(samples):>4} {cols} {timeouts:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
