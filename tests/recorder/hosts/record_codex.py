#!/usr/bin/env python3
"""Record what the real Codex CLI does with each skill fixture.

    sudo python3 tests/recorder/hosts/record_codex.py \
        --codex /tmp/cx/package/vendor/x86_64-unknown-linux-musl/bin/codex

Each `tests/fixtures/recorded/codex/<case>/SKILL.md` is staged alone as
`~/.codex/skills/<case>/SKILL.md` in a fresh HOME beside a fresh `git init`ed
project, with the environment cleared, the whole recorder inside `unshare -n`
(loopback only) when it may. Then `codex app-server` (JSON-RPC over stdio; no
login, no model, no fake API needed) answers `skills/list` for the project:
the skills it loaded (name, description, scope) and an `errors` array, one
entry per SKILL.md it skipped, in Codex's words.

Before the cases, one run stages the same valid skill in every folder a
skill might be looked for (`FOLDERS`) and records which of them Codex read,
as the table's `folders`.

The table goes to `tests/fixtures/recorded/codex-<version>.json`. See
README.md beside this. Python 3 standard library only.
"""

import argparse
import datetime
import json
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostrun import enter_offline_namespace, record_in_slots, write_table  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests/fixtures/recorded/codex"
TIMEOUT = 60

# Where a skill might be looked for: `~` is HOME, `.` the project.
FOLDERS = [
    "~/.codex/skills",
    "~/.agents/skills",
    "~/.claude/skills",
    "./.codex/skills",
    "./.agents/skills",
    "./.claude/skills",
    "./.github/skills",
    "./skills",
]


class NoApi:
    """`record_in_slots` wants a fake API per slot; Codex needs none here."""

    def close(self):
        pass


def skills_list(codex, home, project):
    """`codex app-server`'s answer to `skills/list` for `project`: the
    `data` entry of that folder, or an exception."""
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"clientInfo": {"name": "agentls-recorder", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "skills/list", "params": {"cwds": [str(project)]}},
    ]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "TERM": "dumb", "NO_COLOR": "1"}
    p = subprocess.Popen([codex, "app-server"], cwd=project, env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        p.stdin.write("".join(json.dumps(m) + "\n" for m in msgs))
        p.stdin.flush()
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            ready, _, _ = select.select([p.stdout], [], [], 1)
            if not ready:
                continue
            line = p.stdout.readline()
            if not line:
                break
            m = json.loads(line)
            if m.get("id") == 2:
                if "error" in m:
                    raise RuntimeError(f"skills/list failed: {m['error']}")
                [entry] = m["result"]["data"]
                return entry
        raise RuntimeError(f"no skills/list answer within {TIMEOUT} s (rc {p.poll()})")
    finally:
        p.kill()
        p.wait()


def fresh(scratch):
    shutil.rmtree(scratch, ignore_errors=True)
    home, project = scratch / "home", scratch / "project"
    home.mkdir(parents=True)
    project.mkdir()
    subprocess.run(["git", "init", "-q", "."], cwd=project, capture_output=True)
    return home, project


def relative(path, home, project):
    """A path Codex reported, as `~/…` or `./…`."""
    for root, mark in ((project, "."), (home, "~")):
        if path.startswith(str(root) + "/"):
            return mark + path[len(str(root)):]
    return path


def mine(entry, home, project):
    """The loaded skills that are not Codex's own (`scope: system`) and the
    errors, paths made relative."""
    skills = [
        {"name": s["name"], "description": s.get("description"), "scope": s["scope"],
         "path": relative(s["path"], home, project)}
        for s in entry["skills"] if s["scope"] != "system"
    ]
    errors = [
        {"path": relative(e["path"], home, project), "message": e["message"]}
        for e in entry.get("errors") or []
    ]
    return skills, errors


def record_folders(codex, scratch):
    """Which of `FOLDERS` Codex reads skills from, and with what scope."""
    home, project = fresh(scratch)
    for i, folder in enumerate(FOLDERS):
        root = (home if folder.startswith("~") else project) / folder[2:]
        d = root / f"probe-{i}"
        d.mkdir(parents=True)
        (d / "SKILL.md").write_text(f"---\nname: probe-{i}\ndescription: A probe for {folder}.\n---\n\nProbe.\n")
    skills, errors = mine(skills_list(codex, home, project), home, project)
    scopes = {s["name"]: s["scope"] for s in skills}
    shutil.rmtree(scratch, ignore_errors=True)
    if errors:
        raise RuntimeError(f"a probe skill failed: {errors}")
    return [
        {"folder": f, "read": f"probe-{i}" in scopes, "scope": scopes.get(f"probe-{i}")}
        for i, f in enumerate(FOLDERS)
    ]


def record_case(codex, scratch, case):
    home, project = fresh(scratch)
    target = home / ".codex/skills" / case.name
    target.mkdir(parents=True)
    shutil.copy(case / "SKILL.md", target / "SKILL.md")
    skills, errors = mine(skills_list(codex, home, project), home, project)
    if len(skills) > 1:
        raise RuntimeError(f"{case.name}: more than one skill loaded: {skills}")
    s = skills[0] if skills else {}
    return {
        "file": case.name,
        "loaded": bool(skills),
        "name": s.get("name"),
        "description": s.get("description"),
        "errors": [e["message"] for e in errors],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--codex", required=True, help="the codex binary (@openai/codex-linux-x64)")
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--out", help="default: tests/fixtures/recorded/codex-<version>.json")
    ap.add_argument("--only", nargs="*", help="case folders to re-record, merged into --out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    a = ap.parse_args()
    enter_offline_namespace("Codex may reach the network (skills/list itself needs none)")

    codex = str(Path(a.codex).resolve())
    v = subprocess.run([codex, "--version"], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    m = re.search(r"\b(\d+\.\d+\.\d+)\b", v.stdout)
    if not m:
        sys.exit(f"cannot read the Codex version: {v.stdout!r}")
    version = m.group(1)
    out = Path(a.out or REPO / f"tests/fixtures/recorded/codex-{version}.json")
    cases = sorted(p for p in Path(a.cases).iterdir() if (p / "SKILL.md").is_file())
    if a.only:
        cases = [c for c in cases if c.name in a.only]

    rows = record_in_slots(
        cases, a.jobs, NoApi, "cx-rec-",
        lambda _api, scratch, case: record_case(codex, scratch, case),
    )
    folders = record_folders(codex, Path(tempfile.mkdtemp(prefix="cx-folders-")).resolve())
    head = {"codex_version": version, "recorded": a.date, "folders": folders}
    rows = write_table(out, head, rows, bool(a.only))
    loaded = sum(r["loaded"] for r in rows)
    print(f"{out}: {len(rows)} cases, {loaded} loaded, {len(rows) - loaded} skipped")


if __name__ == "__main__":
    main()
