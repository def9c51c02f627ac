#!/usr/bin/env python3
"""Workspace-scale benchmark of the agentls server: indexing, latency while
indexing, rename and references over a large workspace.

Usage (from the repository root, after `cargo build --release`):

    python3 server/benches/workspace.py
    python3 server/benches/workspace.py --agents 2000 --keystrokes 100
    python3 server/benches/workspace.py --binary target/release/agentls
    python3 server/benches/workspace.py --server "target/release/agentls lsp"
    python3 server/benches/workspace.py --no-watchers   # server polls the disk

Generates, in a temp dir, a project with N agents (default 10,000) under
`.claude/agents/group-<i % 100>/` (the seeds of tests/fixtures/seeds renamed
`agent-<i>`, each with `skills: [fmt, missing-<i % 7>]` and
`Agent(agent-<i+1>, nobody)` in its tools, as server/benches/index_10k.sh
does), a `fmt` skill, a `.mcp.json`, and a fake home (AGENTLS_HOME) with 100
user agents. Then, over Content-Length framed JSON-RPC on the server's stdio
(the client of latency.py; the client offers dynamic file watchers, like VS
Code, and answers the server's requests):

  1. index: `initialized` -> first non-null workspace/symbol reply, polled
     every 10 ms (median of --index-runs), the server's CPU time by then,
     and its peak RSS (VmHWM) once the cross-file diagnostics of the
     closed files have been published;
  2. latency while indexing: one agent opened right after `initialized`,
     then cycles of keystroke (didChange -> its publishDiagnostics; front
     matter and body in turn, as latency.py types), hover (on `tools:`) and
     completion (at the start of the `tools:` value) round trips, labelled
     "indexing" until workspace/symbol answers, "just ready" for the next
     second (while the closed files' diagnostics go out), then "ready"
     (after they have) for --keystrokes keystrokes; finally completion
     inside `Agent(`, which lists every agent of the workspace;
  3. rename: 500 more files `callers/caller-<j>.md`, each naming the agent
     `target` twice (`tools: Read, Agent(target)` and "the target agent" in
     the body): 1,000 references plus the declaration in `callers/target.md`,
     in the same 10,000-agent workspace. textDocument/rename and
     textDocument/references round trips, median of 5 after a warm-up, and
     the edit / location counts checked (1,001 each).

Prints a table with the issue's targets and exits 0 unless the server cannot
be started. Python standard library only; times include a little Python
overhead (upper bounds).
"""

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency import ROOT, WAIT, Server, is_publish, keystroke, keystroke_site, pct  # noqa: E402

CALLERS = 500  # files naming `target` twice each
TARGET_NEW = "target-renamed"
PHASES = ("indexing", "just ready", "ready")
FLOOD = 1.0  # seconds after the index is ready labelled "just ready"


class Client(Server):
    """latency.Server that answers the server's own requests (watcher
    registration) while waiting, and counts diagnostics of other files."""

    def __init__(self, argv):
        super().__init__(argv)
        self.other_publishes = 0
        self.watched_uri = None

    def wait(self, pred, timeout=WAIT):
        def serve(m):
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                return False
            if m.get("method") == "textDocument/publishDiagnostics" and \
                    m.get("params", {}).get("uri") != self.watched_uri:
                self.other_publishes += 1
            return pred(m)
        return super().wait(serve, timeout)

    def start(self, project, watchers):
        caps = {
            "general": {"positionEncodings": ["utf-16"]},
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": watchers, "relativePatternSupport": watchers},
                "workspaceEdit": {"documentChanges": False},
            },
        }
        uri = project.as_uri()
        got = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri, "capabilities": caps,
            "workspaceFolders": [{"uri": uri, "name": project.name}],
        })
        return got is not None and "result" in got[1]

    def ready(self, probe):
        """One workspace/symbol request: True once the index answers."""
        got = self.request("workspace/symbol", {"query": probe})
        return got is not None and got[1].get("result") is not None, got

    def open(self, path):
        text = path.read_text(encoding="utf-8")
        self.watched_uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.watched_uri, "languageId": "markdown", "version": 1, "text": text}})
        self.wait(lambda m: is_publish(m, self.watched_uri, None))
        return text

    def timed(self, method, params):
        """(ms, reply message) of one request round trip."""
        t0 = time.perf_counter()
        got = self.request(method, params)
        if got is None:
            return None, None
        return (got[0] - t0) * 1000, got[1]

    def settle(self, quiet=0.3, limit=30.0):
        """Wait until the server has been silent for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if self.wait(lambda m: True, quiet) is None:
                return

    def cpu_s(self):
        """User + system CPU seconds the server has used so far."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def rss_mb(self):
        """(VmHWM, VmRSS) in MB, from /proc."""
        vals = {}
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key in ("VmHWM", "VmRSS"):
                        vals[key] = int(rest.split()[0]) / 1024
        except OSError:
            pass
        return vals.get("VmHWM"), vals.get("VmRSS")


# ---------------------------------------------------------------- workspace

def front_matter_end(lines):
    return next((i for i, l in enumerate(lines) if i > 0 and l.strip() == "---"), 0)


def make_agent(seed, i, n):
    """The seed renamed agent-<i>, with skills and an Agent(...) reference."""
    lines = seed.split("\n")
    end = front_matter_end(lines)
    ref = f"Agent(agent-{(i + 1) % n}, nobody)"
    out, has_tools = [], False
    for k, line in enumerate(lines):
        if 0 < k < end and line.startswith("name:"):
            out += [f"name: agent-{i}", f"skills: [fmt, missing-{i % 7}]"]
        elif 0 < k < end and line.startswith("tools:"):
            out.append(line.rstrip() + ", " + ref)
            has_tools = True
        else:
            if k == end and not has_tools:
                out.append("tools: Read, " + ref)
            out.append(line)
    return "\n".join(out)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(work, n, seeds_dir):
    project, home = work / "project", work / "home"
    agents = project / ".claude" / "agents"
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).glob("*.md"))]
    if not seeds:
        sys.exit(f"no seeds in {seeds_dir}")
    write(project / ".claude/skills/fmt/SKILL.md", "---\nname: fmt\ndescription: Formats.\n---\nFormat.\n")
    write(project / ".mcp.json", '{"mcpServers": {"github": {}}}\n')
    for i in range(n):
        write(agents / f"group-{i % 100}" / f"agent-{i}.md", make_agent(seeds[i % len(seeds)], i, n))
    for i in range(100):
        write(home / ".claude/agents" / f"u-{i}.md",
              f"---\nname: agent-{i}\ndescription: user copy\ntools: Agent(agent-{i + 1}, nobody)\n---\nBody.\n")
    return project, home


def add_callers(project):
    """`target` and CALLERS files naming it twice each."""
    folder = project / ".claude" / "agents" / "callers"
    target = folder / "target.md"
    write(target, "---\nname: target\ndescription: Renamed by the benchmark.\n---\nDo the work.\n")
    for j in range(CALLERS):
        write(folder / f"caller-{j}.md",
              f"---\nname: caller-{j}\ndescription: Caller {j}.\ntools: Read, Agent(target)\n---\n"
              "Hand the hard part to the target agent.\n")
    return target


# ---------------------------------------------------------------- phases

def spawn(argv, project, watchers):
    try:
        s = Client(argv)
        started = s.start(project, watchers)
    except OSError as e:  # not found, or exited at once (broken pipe)
        sys.exit(f"cannot start the server {' '.join(argv)}: {e}")
    if not started:
        s.close()
        sys.exit(f"the server did not answer initialize: {' '.join(argv)}")
    return s


def wait_ready(s, probe, limit):
    """Poll workspace/symbol every 10 ms; the reply time of the first
    non-null answer, or None."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        ok, got = s.ready(probe)
        if ok:
            return got[0], got[1]["result"]
        if s.proc.poll() is not None:
            return None
        time.sleep(0.01)
    return None


def measure_index(argv, project, watchers, probe, runs, limit):
    times, cpu, hwm, rss, found, published = [], [], 0.0, 0.0, None, 0
    for _ in range(runs):
        s = spawn(argv, project, watchers)
        t0 = time.perf_counter()
        s.notify("initialized", {})
        got = wait_ready(s, probe, limit)
        if got is not None:
            times.append(got[0] - t0)
            cpu.append(s.cpu_s() or 0.0)
            found = any(sym.get("name") == probe for sym in got[1])
            s.settle()
            h, r = s.rss_mb()
            hwm, rss, published = max(hwm, h or 0), max(rss, r or 0), s.other_publishes
        s.close()
    return times, cpu, hwm, rss, found, published


def key_position(text, key, after=None):
    """On the line of `key:`: inside the key, or just after `after`."""
    for i, line in enumerate(text.split("\n")):
        if line.startswith(key + ":"):
            col = 1 if after is None or after not in line else line.index(after) + len(after)
            return {"line": i, "character": len(line[:col].encode("utf-16-le")) // 2}
    return {"line": 1, "character": 1}


def measure_during(argv, project, doc, watchers, probe, after, limit):
    s = spawn(argv, project, watchers)
    s.notify("initialized", {})
    text = s.open(doc)
    uri = doc.as_uri()
    sites = [keystroke_site(text, "front matter"), keystroke_site(text, "body")]
    td = {"textDocument": {"uri": uri}}
    hover = dict(td, position=key_position(text, "tools"))
    complete = dict(td, position=key_position(text, "tools", "tools: "))
    agents = dict(td, position=key_position(text, "tools", "Agent("))
    regions = ("front matter", "body")
    res = {p: {k: [] for k in regions + ("hover", "completion")} for p in PHASES}
    timeouts, version, k, ready_at, settled = 0, 1, 0, None, False
    items = dict.fromkeys(PHASES, 0)  # completion items in the last reply
    end = time.perf_counter() + limit
    while time.perf_counter() < end and s.proc.poll() is None:
        if ready_at is None:
            phase = "indexing"
        elif time.perf_counter() - ready_at < FLOOD:
            phase = "just ready"
        else:
            if not settled:
                # The closed files' diagnostics have all gone out before
                # the steady state is measured.
                s.settle()
                settled = True
            phase = "ready"
            if sum(len(res["ready"][r]) for r in regions) >= after:
                break
        version += 1
        region = (k // 2) % 2
        ms = keystroke(s, uri, version, *sites[region], k)
        k += 1
        if ms is None:
            timeouts += 1
        else:
            res[phase][regions[region]].append(ms)
        for name, method, params in (("hover", "textDocument/hover", hover),
                                     ("completion", "textDocument/completion", complete)):
            ms, msg = s.timed(method, params)
            if ms is not None:
                res[phase][name].append(ms)
            if name == "completion" and msg is not None:
                result = msg.get("result") or []
                items[phase] = len(result.get("items", []) if isinstance(result, dict) else result)
        if ready_at is None:
            ok, got = s.ready(probe)
            if ok:
                ready_at = got[0]
    # Completing `Agent(` offers every agent of the workspace: too slow to
    # run every cycle, so timed on its own.
    names = {"ms": [], "items": 0, "bytes": 0}
    for _ in range(3):
        ms, msg = s.timed("textDocument/completion", agents)
        if ms is not None:
            names["ms"].append(ms)
            result = msg.get("result") or []
            names["items"] = len(result.get("items", []) if isinstance(result, dict) else result)
            names["bytes"] = len(json.dumps(msg))
    crashed = s.proc.poll() is not None
    s.close()
    return res, items, names, timeouts, crashed


def measure_rename(argv, project, target, watchers, probe, runs, limit):
    s = spawn(argv, project, watchers)
    s.notify("initialized", {})
    out = {"rename": [], "references": [], "rename_edits": None, "references_count": None,
           "rename_error": None, "bad_files": []}
    if wait_ready(s, probe, limit) is None:
        out["rename_error"] = "index never ready"
        s.close()
        return out
    s.settle()
    s.open(target)
    pos = {"textDocument": {"uri": target.as_uri()}, "position": {"line": 1, "character": 8}}
    for i in range(runs + 1):
        ms, msg = s.timed("textDocument/rename", dict(pos, newName=TARGET_NEW))
        if msg is None or "error" in msg:
            out["rename_error"] = (msg or {}).get("error", "timeout")
            break
        changes = (msg.get("result") or {}).get("changes") or {}
        out["rename_edits"] = sum(len(e) for e in changes.values())
        out["bad_files"] = sorted(
            u.rsplit("/", 1)[-1] for u, e in changes.items()
            if len(e) != (1 if u == target.as_uri() else 2) or not re.search(r"/callers/", u))
        if i:
            out["rename"].append(ms)
        ms, msg = s.timed("textDocument/references", dict(pos, context={"includeDeclaration": True}))
        if msg is not None and isinstance(msg.get("result"), list):
            out["references_count"] = len(msg["result"])
            if i:
                out["references"].append(ms)
    s.close()
    return out


# ---------------------------------------------------------------- report

def row(metric, result, target, ok):
    mark = "-" if ok is None else ("ok" if ok else "MISS")
    print(f"{metric:<44} {result:<46} {target:<22} {mark}")


def dist(xs):
    if not xs:
        return "no samples"
    return f"p50 {pct(xs, 50):.3f} p99 {pct(xs, 99):.3f} max {max(xs):.3f} ms (n={len(xs)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "agentls"))
    ap.add_argument("--server", help='full command instead of "<binary> lsp"')
    ap.add_argument("--seeds", default=os.path.join(ROOT, "tests", "fixtures", "seeds"))
    ap.add_argument("--agents", type=int, default=10_000, help="agent files in the project")
    ap.add_argument("--index-runs", type=int, default=3)
    ap.add_argument("--keystrokes", type=int, default=200, help="keystrokes measured once ready")
    ap.add_argument("--rename-runs", type=int, default=5)
    ap.add_argument("--no-watchers", action="store_true",
                    help="do not offer dynamic file watchers: the server polls the disk")
    ap.add_argument("--keep", action="store_true", help="keep the generated workspace")
    args = ap.parse_args()

    argv = shlex.split(args.server) if args.server else [args.binary, "lsp"]
    if not args.server and not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first or pass --binary")
    watchers = not args.no_watchers
    limit = 30.0
    work = Path(tempfile.mkdtemp(prefix="agentls-ws-"))
    try:
        t = time.perf_counter()
        project, home = generate(work, args.agents, args.seeds)
        os.environ["AGENTLS_HOME"] = str(home)
        probe = f"agent-{args.agents - 1}"
        print(f"server: {' '.join(argv)}  (client file watchers: {'yes' if watchers else 'no, server polls'})")
        print(f"workspace: {args.agents} agents + 100 user agents in {work} "
              f"(generated in {time.perf_counter() - t:.1f} s)")

        times, cpu, hwm, rss, found, published = measure_index(argv, project, watchers, probe, args.index_runs, limit)
        doc = project / ".claude/agents/group-0/agent-0.md"
        during, items, names, timeouts, crashed = measure_during(argv, project, doc, watchers, probe, args.keystrokes, limit)
        target = add_callers(project)
        ren = measure_rename(argv, project, target, watchers, probe, args.rename_runs, limit)

        print()
        print(f"{'metric':<44} {'result':<46} {'target':<22}")
        print("-" * 116)
        if times:
            med = statistics.median(times)
            spread = f" [{min(times):.3f}-{max(times):.3f}]" if len(times) > 1 else ""
            row(f"indexed in (initialized -> symbols), n={len(times)}", f"{med:.3f} s{spread}", "< 1 s", med < 1.0)
            row("  server CPU (user+sys) by then", f"{statistics.median(cpu):.2f} s", "", None)
        else:
            row("indexed in (initialized -> symbols)", f"never ready within {limit:.0f} s", "< 1 s", False)
        row("peak RSS (VmHWM) after indexing", f"{hwm:.1f} MB (VmRSS {rss:.1f} MB)", "< 100 MB", hwm < 100)
        row("  index holds agent probe / diags published", f"{found} / {published} files", "", None)
        for phase in PHASES:
            xs = during[phase]["front matter"] + during[phase]["body"]
            ok = (bool(xs) and pct(xs, 50) <= 0.25 and pct(xs, 99) <= 2.0) if phase != "just ready" else None
            row(f"keystroke -> diagnostics ({phase})", dist(xs), "p50 <= 0.25, p99 <= 2", ok)
            if phase == "just ready":
                continue  # the keystrokes queued behind the closed files' diagnostics
            for region in ("front matter", "body"):
                row(f"  keystroke in {region} ({phase})", dist(during[phase][region]), "", None)
            row(f"  hover round trip ({phase})", dist(during[phase]["hover"]), "", None)
            row(f"  completion in tools, {items[phase]} items ({phase})", dist(during[phase]["completion"]), "", None)
        measured = len(during["ready"]["front matter"]) + len(during["ready"]["body"])
        if measured < args.keystrokes:
            row(f"  (stopped by the {limit:.0f} s limit after {measured} ready keystrokes)", "", "", None)
        if names["ms"]:
            row(f"  completion in Agent( (ready), n={len(names['ms'])}",
                f"median {statistics.median(names['ms']):.1f} ms, {names['items']} items, "
                f"{names['bytes'] / 1e6:.1f} MB", "", None)
        if timeouts or crashed:
            row("  keystroke timeouts / server crashed", f"{timeouts} / {crashed}", "0 / False", False)
        edits, refs = ren["rename_edits"], ren["references_count"]
        want = 2 * CALLERS + 1
        if ren["rename"]:
            med = statistics.median(ren["rename"])
            row(f"rename, {2 * CALLERS} refs in {CALLERS} files (median {len(ren['rename'])})",
                f"{med:.1f} ms, {edits} edits", f"< 100 ms, {want} edits", med < 100 and edits == want)
        else:
            row("rename", f"failed: {ren['rename_error']}", f"< 100 ms, {want} edits", False)
        if ren["bad_files"]:
            row("  files with unexpected edit counts", ", ".join(ren["bad_files"][:5]), "none", False)
        if ren["references"]:
            med = statistics.median(ren["references"])
            row(f"references, incl. declaration (median {len(ren['references'])})",
                f"{med:.1f} ms, {refs} locations", f"< 100 ms, {want} locs", med < 100 and refs == want)
        else:
            row("references", "failed", f"< 100 ms, {want} locs", False)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
