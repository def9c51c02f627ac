#!/usr/bin/env python3
"""Bounded work on hostile sizes: what one huge file costs the server.

Usage (from the repository root, after `cargo build --release`):

    python3 server/benches/big_files.py
    python3 server/benches/big_files.py --binary /path/to/old/agentls   # compare

Three measurements, each on a fresh server process:

  big body     a 10 MB agent (a short front matter, 140,000 lines of
               markdown with headings, lists and code): didOpen -> first
               publishDiagnostics, then the first hover (on a heading deep
               in the body), documentSymbol, foldingRange and semantic
               tokens, each timed from request to reply; the process's peak
               resident memory (VmHWM) at the end.
  many keys    a front matter of 100,000 `keyN: value` lines: didOpen ->
               publish, then K keystrokes in the description, each timed to
               the publishDiagnostics whose `version` is the edit's (p50,
               p99, max) and the number of diagnostics published.
  slow request K keystrokes on a small agent timed to their publish, first
               alone, then each while a 50 MB agent has just been edited
               (one character) and its documentSymbol (the slowest request
               we have) is running: the huge file's analysis and outline
               are being made anew; then that request alone, timed.

Prints one table; Python standard library only. Figures are an upper bound
(Python's reader thread timestamps each message when it is complete).
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency import Server, pct  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
URI_DIR = "file:///tmp/agentls-bench-big/.claude/agents"


def big_body(megabytes):
    head = "---\nname: big\ndescription: A big agent.\ntools: Read, Grep\n---\n"
    chunk = []
    for i in range(40):
        chunk.append(f"## Section {i}\n\nSome prose with `code` and **bold** text, line {i}.\n")
        chunk.append("- a list item\n- another item\n\n```sh\necho hello\n```\n\n")
    chunk = "".join(chunk)
    parts = [head]
    size = len(head)
    while size < megabytes * 1024 * 1024:
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


def many_keys(n):
    lines = ["---", "name: keys", "description: Many keys."]
    lines += [f"key{i}: value {i}" for i in range(n)]
    lines += ["---", "Body.", ""]
    return "\n".join(lines)


def open_doc(s, name, text, version=1):
    uri = f"{URI_DIR}/{name}"
    t0 = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": version, "text": text}})
    got = s.wait(lambda m: publish_of(m, uri, version), timeout=120)
    return uri, (got[0] - t0 if got else None), (got[1] if got else None)


def publish_of(m, uri, version):
    p = m.get("params") or {}
    return (m.get("method") == "textDocument/publishDiagnostics"
            and p.get("uri") == uri and p.get("version") == version)


def timed(s, method, params):
    t0 = time.perf_counter()
    got = s.request(method, params)
    return (got[0] - t0) if got else None


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def keystrokes(s, uri, line, col, count, first_version):
    """Type then delete a character `count` times; latency of each publish."""
    out, version = [], first_version
    for i in range(count):
        version += 1
        pos = {"line": line, "character": col}
        if i % 2 == 0:
            change = {"range": {"start": pos, "end": pos}, "text": "x"}
        else:
            end = {"line": line, "character": col + 1}
            change = {"range": {"start": pos, "end": end}, "text": ""}
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        got = s.wait(lambda m, v=version: publish_of(m, uri, v), timeout=60)
        out.append((got[0] - t0) if got else float("inf"))
    return out, version


def ms(x):
    return "timeout" if x is None or x == float("inf") else f"{x * 1000:.1f} ms"


def bench_big_body(binary, megabytes):
    s = Server([binary, "lsp"])
    s.initialize()
    text = big_body(megabytes)
    uri, first, _ = open_doc(s, "big.md", text)
    lines = text.split("\n")
    heading = max(i for i, l in enumerate(lines[: len(lines) * 3 // 4]) if l.startswith("## "))
    doc = {"textDocument": {"uri": uri}}
    rows = [("first diagnostics", ms(first))]
    rows.append(("hover (heading)", ms(timed(s, "textDocument/hover", {
        **doc, "position": {"line": heading, "character": 4}}))))
    rows.append(("documentSymbol", ms(timed(s, "textDocument/documentSymbol", doc))))
    rows.append(("foldingRange", ms(timed(s, "textDocument/foldingRange", doc))))
    rows.append(("semanticTokens", ms(timed(s, "textDocument/semanticTokens/full", doc))))
    rss = peak_rss_mb(s.proc.pid)
    rows.append(("peak RSS", f"{rss:.0f} MB" if rss else "n/a"))
    s.close()
    return rows


def bench_many_keys(binary, keys, count):
    s = Server([binary, "lsp"])
    s.initialize()
    uri, first, msg = open_doc(s, "keys.md", many_keys(keys))
    published = len(msg["params"]["diagnostics"]) if msg else 0
    lat, _ = keystrokes(s, uri, 2, len("description: Many"), count, 1)
    s.close()
    return [
        ("first diagnostics", ms(first)),
        ("diagnostics published", str(published)),
        ("keystroke p50", ms(pct(lat, 50))),
        ("keystroke p99", ms(pct(lat, 99))),
        ("keystroke max", ms(max(lat))),
    ]


def bench_slow_request(binary, megabytes, count):
    s = Server([binary, "lsp"])
    s.initialize()
    small = "---\nname: small\ndescription: A small agent.\n---\nBody text.\n"
    small_uri, _, _ = open_doc(s, "small.md", small)
    huge = big_body(megabytes)
    big_uri, _, _ = open_doc(s, "huge.md", huge)
    big_version = 1
    end = {"line": huge.count("\n"), "character": 0}
    quiet, version = keystrokes(s, small_uri, 2, len("description: A small"), count, 1)

    def touch_big():
        # A one-character edit at the end of the huge file: a new revision,
        # so its analysis and outline are made anew, off the loop or not.
        nonlocal big_version
        big_version += 1
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": big_uri, "version": big_version},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": "x"}]})

    # Before each keystroke the huge file changes and its documentSymbol is
    # asked for, so its analysis and outline are being made while the
    # keystroke waits; the request is cancelled after the keystroke.
    during = []
    for _ in range(count):
        touch_big()
        rid = s.next_id
        s.next_id += 1
        s.send({"jsonrpc": "2.0", "id": rid, "method": "textDocument/documentSymbol",
                "params": {"textDocument": {"uri": big_uri}}})
        time.sleep(0.005)
        lat, version = keystrokes(s, small_uri, 2, len("description: A small"), 1, version)
        during += lat
        s.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
    touch_big()
    slow = timed(s, "textDocument/documentSymbol", {"textDocument": {"uri": big_uri}})
    s.close()
    return [
        ("slow request alone", ms(slow)),
        ("keystroke p50, quiet", ms(pct(quiet, 50))),
        ("keystroke p50, during", ms(pct(during, 50))),
        ("keystroke p99, during", ms(pct(during, 99))),
        ("keystroke max, during", ms(max(during))),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "agentls"))
    ap.add_argument("--megabytes", type=int, default=10)
    ap.add_argument("--slow-megabytes", type=int, default=50)
    ap.add_argument("--keys", type=int, default=100_000)
    ap.add_argument("--keystrokes", type=int, default=30)
    ap.add_argument("--only", choices=["body", "keys", "slow"], action="append",
                    help="run only these parts (repeatable)")
    args = ap.parse_args()
    parts = {
        "body": lambda: (f"{args.megabytes} MB body",
                         bench_big_body(args.binary, args.megabytes)),
        "keys": lambda: (f"{args.keys:,} keys",
                         bench_many_keys(args.binary, args.keys, args.keystrokes)),
        "slow": lambda: (f"{args.slow_megabytes} MB documentSymbol running",
                         bench_slow_request(args.binary, args.slow_megabytes, args.keystrokes)),
    }
    sections = [run() for name, run in parts.items() if not args.only or name in args.only]
    print(f"binary: {args.binary}")
    for title, rows in sections:
        print(f"\n{title}")
        for name, value in rows:
            print(f"  {name:<24} {value:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
