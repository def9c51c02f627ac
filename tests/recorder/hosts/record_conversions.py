#!/usr/bin/env python3
"""Record whether what `agentls convert` writes loads in the real target host.

    sudo python3 tests/recorder/hosts/record_conversions.py --agentls target/debug/agentls \
        --claude /tmp/cc/package/claude --opencode /tmp/oc/package/bin/opencode \
        --copilot /tmp/cp/package/copilot \
        --gemini /tmp/g/node_modules/@google/gemini-cli/bundle/gemini.js

Each source fixture in SOURCES (agent files its own host loaded, from the
other recorders' case folders) is staged where its host reads it, converted
with `agentls convert --to HOST` to every other host given, and the result is
stored under `tests/fixtures/recorded/conversions/<source>-to-<target>/` and
run through the target host's real loader, with the very probe that host's
recorder uses (imported, not copied). The table goes to
`tests/fixtures/recorded/conversions.json`; `tests/recorded_conversions.rs`
checks every row loaded without a message about a lost field, and that
`convert` still writes exactly the stored text. Rows not recorded in this run
(a host without a binary given, cases outside `--only`) stay in the table.

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import record  # noqa: E402  Claude Code
import record_copilot  # noqa: E402
import record_gemini  # noqa: E402
import record_opencode  # noqa: E402

RECORDED = REPO / "tests/fixtures/recorded"
OUT_DIR = RECORDED / "conversions"
TABLE = RECORDED / "conversions.json"

# host: (fixture folder, where the host reads agents, chosen cases). Every
# case loaded in its host (see that host's table); together they cover
# tools (lists, strings, maps, wildcards, MCP), colors, models, temperature,
# steps, MCP servers, hidden/mode, permission and name overrides.
SOURCES = {
    "claude-code": ("agents", ".claude/agents", [
        "a01-plain.md", "a09-color-magenta.md", "a16-permission-mode-yolo.md",
        "g02-bash-disallowed.md", "m02-mcpservers-inline-list.md",
        "md03-model-claude-3-7-sonnet.md",
    ]),
    "opencode": ("opencode", ".opencode/agents", [
        "o03-color-hex.md", "o10-tools-map.md", "o13-mode-primary.md",
        "o25-temperature-high.md", "o29-hidden.md", "o36-permission-action.md",
    ]),
    "copilot": ("copilot", ".github/agents", [
        "c08-tools-claude-list.agent.md", "c11-model-list.agent.md",
        "c33-tools-wildcard.agent.md", "c41-mcp-servers-args.agent.md",
        "c42-mcp-servers-http.agent.md",
    ]),
    "gemini": ("gemini", ".gemini/agents", [
        "g12-tools-mcp-wildcard.md", "g16-mcp-servers.md", "g22-temperature-high.md",
        "g28-kind-local.md", "g34-model-claude.md",
    ]),
}
HEADER = re.compile(r"^==> (.*) <==\n")


def convert(agentls, source, case, target):
    """`agentls convert --to target` on the case staged where `source` reads
    it: (file name the target reads it under, text)."""
    folder, place, _ = SOURCES[source]
    tmp = Path(tempfile.mkdtemp(prefix="cv-src-"))
    try:
        staged = tmp / place / case
        staged.parent.mkdir(parents=True)
        shutil.copy(RECORDED / folder / case, staged)
        p = subprocess.run([agentls, "convert", "--to", target, str(staged)],
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"{source}/{case} -> {target}: {p.stderr.decode(errors='replace')}")
        out = p.stdout.decode("utf-8")
        m = HEADER.match(out)
        return Path(m.group(1)).name, out[m.end():]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# Other builds on the machine slow every host down: wait longer than the
# recorders do on their own before calling a run failed.
record_opencode.TIMEOUT = 240
record_copilot.TIMEOUT = 240
record_gemini.TIMEOUT = 300


class Probes:
    """One loader per target host, each from its own recorder."""

    def __init__(self, a):
        self.bins = {"claude-code": a.claude, "opencode": a.opencode,
                     "copilot": a.copilot, "gemini": a.gemini}
        self.bins = {h: str(Path(b).resolve()) for h, b in self.bins.items() if b}
        self.slots = {}
        self.root = Path(tempfile.mkdtemp(prefix="cv-rec-")).resolve()
        if "opencode" in self.bins:
            self.oc_prefix = record_opencode.offline_prefix()
        if "copilot" in self.bins:
            self.slots["copilot"] = [(record_copilot.FakeApi(), self.root / f"c{i}") for i in range(2)]
        if "gemini" in self.bins:
            self.slots["gemini"] = [(record_gemini.FakeGemini(), self.root / f"g{i}") for i in range(3)]
        if "claude-code" in self.bins:
            self.slots["claude-code"] = [(record.FakeApi(), None) for _ in range(2)]
            api = self.slots["claude-code"][0][0]
            self.cc_builtins = record.learn_builtins(self.bins["claude-code"], api, True)

        # A job waits for a free slot of its host (one fake API each).
        self.free = {h: queue.Queue() for h in self.slots}
        for h, slots in self.slots.items():
            for slot in slots:
                self.free[h].put(slot)

    def take(self, host):
        return self.free[host].get()

    def give(self, host, slot):
        self.free[host].put(slot)

    def probe(self, host, path):
        """{loaded, messages, unknown, detail}: `unknown` = fields the host
        said it ignores or kept aside as unknown."""
        binary = self.bins[host]
        if host == "opencode":
            row = record_opencode.record_case(binary, self.oc_prefix, path, None)
            options = ((row.get("agent") or {}).get("options") or {})
            return {"loaded": row["started"], "messages": row["errors"],
                    "unknown": sorted(options), "detail": row}
        slot = self.take(host)
        try:
            if host == "copilot":
                api, scratch = slot
                row = record_copilot.record_case(binary, api, scratch, path, None)
                shutil.rmtree(scratch, ignore_errors=True)
                unknown = [m for m in row["messages"] if "unknown field" in m or "ignored" in m]
                return {"loaded": row["loaded"] and "spawn_error" not in row,
                        "messages": row["messages"], "unknown": unknown, "detail": row}
            if host == "gemini":
                api, scratch = slot
                row = record_gemini.record_case(binary, api, scratch, path, None)
                shutil.rmtree(scratch, ignore_errors=True)
                return {"loaded": row["loaded"], "messages": row["messages"],
                        "unknown": [m for m in row["messages"] if "nrecognized" in m],
                        "detail": row}
            api, _ = slot
            row, problems = record.record_case(binary, api, self.cc_builtins, str(path), None, True)
            if problems:
                row, problems = record.record_case(binary, api, self.cc_builtins, str(path), None, True)
            if problems:
                raise RuntimeError(f"{path}: {problems}")
            unknown = [l for l in row["log"] if re.search(r"unknown|ignor|invalid", l, re.I)]
            return {"loaded": row["loaded"] and not row["spawn_refused"],
                    "messages": row["log"], "unknown": unknown, "detail": row}
        finally:
            self.give(host, slot)

    def close(self):
        for slots in self.slots.values():
            for api, _ in slots:
                api.close()
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agentls", required=True, help="the agentls binary (cargo build)")
    ap.add_argument("--claude", help="Claude Code's binary")
    ap.add_argument("--opencode", help="OpenCode's binary")
    ap.add_argument("--copilot", help="Copilot CLI's binary")
    ap.add_argument("--gemini", help="Gemini CLI's bundle/gemini.js")
    ap.add_argument("--jobs", type=int, default=6)
    ap.add_argument("--only", nargs="*", help="source case files to (re-)record, merged into the table")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    a = ap.parse_args()
    record_copilot.enter_offline_namespace("the hosts may reach the network")  # one namespace serves every host

    agentls = str(Path(a.agentls).resolve())
    probes = Probes(a)
    jobs = []
    for source, (_, _, cases) in SOURCES.items():
        for case in cases:
            for target in probes.bins:
                if target != source and (not a.only or case in a.only):
                    jobs.append((source, case, target))

    def one(job):
        source, case, target = job
        name, text = convert(agentls, source, case, target)
        # One folder per case: several sources share a name (`probe`).
        stem = case[: -len(".agent.md")] if case.endswith(".agent.md") else case[: -len(".md")]
        rel = Path(f"{source}-to-{target}") / stem / name
        path = OUT_DIR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        for attempt in range(3):
            try:
                seen = probes.probe(target, path)
                break
            except RuntimeError as e:  # a run cut short under load: again
                print(f"retry {source}/{case} -> {target}: {e}", file=sys.stderr)
                if attempt == 2:
                    return None
        row = {"source_host": source, "source": case, "target_host": target,
               "converted": rel.as_posix(),
               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), **seen}
        print(f"{source}/{case} -> {target}: {'loaded' if row['loaded'] else 'NOT LOADED'}"
              f"{' unknown=' + str(row['unknown']) if row['unknown'] else ''}", file=sys.stderr)
        save(row)
        return row

    versions = json.loads(TABLE.read_text())["hosts"] if TABLE.exists() else {}
    versions.update({h: host_version(h, b) for h, b in probes.bins.items()})
    lock = threading.Lock()

    def save(row):
        """Merged into the table at once, so a run cut short keeps its rows;
        rows not re-recorded (another host, another case) stay."""
        key = lambda r: (r["source_host"], r["source"], r["target_host"])  # noqa: E731
        with lock:
            rows = json.loads(TABLE.read_text())["rows"] if TABLE.exists() else []
            rows = [r for r in rows if key(r) != key(row)] + [row]
            rows.sort(key=key)
            table = {"recorded": a.date, "hosts": versions, "rows": rows}
            TABLE.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n")

    try:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
            results = list(pool.map(one, jobs))
    finally:
        probes.close()
    failed = [j for j, r in zip(jobs, results) if r is None]
    bad = [r for r in results if r and (not r["loaded"] or r["unknown"])]
    print(f"{TABLE}: {len(results) - len(failed)} conversions recorded, {len(bad)} not loaded "
          f"or with a lost field, {len(failed)} failed: {failed}")


def host_version(host, binary):
    if host == "gemini":
        return json.loads((Path(binary).parent.parent / "package.json").read_text())["version"]
    if host == "claude-code":
        return record.claude_version(binary)
    home = Path(tempfile.mkdtemp(prefix="cv-ver-"))
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin", "HOME": str(home)}).stdout
    finally:
        shutil.rmtree(home, ignore_errors=True)
    m = re.search(r"\d+\.\d+\.\d+", out)
    return m.group(0) if m else out.strip()


if __name__ == "__main__":
    main()
