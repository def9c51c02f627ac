#!/usr/bin/env python3
"""Record what the real Gemini CLI does with each subagent fixture.

    sudo python3 tests/recorder/hosts/record_gemini.py \
        --gemini /tmp/g/node_modules/@google/gemini-cli/bundle/gemini.js

Each `tests/fixtures/recorded/gemini/<case>.md` is staged alone as a user
agent (`$HOME/.gemini/agents/`: a project agent is only registered after the
user acknowledges it, which a headless run cannot do), with a fresh HOME and
a cleared environment, and `gemini -p hi` runs against `fake_gemini.py` on
127.0.0.1, the whole recorder inside `unshare -n` (a network namespace
holding only loopback) when it may. The fake answers the first request that
offers `invoke_agent` by calling it for the case's agent, so one run shows:

- stderr: one `Agent loading error: Failed to load agent from <path>: …`
  per rejected file (the run itself goes on);
- the main request's system prompt: the subagents offered to the model;
- the subagent's own request: its tools after resolution, its system prompt
  (the body) and generation settings.

The table goes to `tests/fixtures/recorded/gemini-cli-<version>.json`. See
README.md beside this. Python 3 standard library only.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_gemini import FakeGemini, function_names, system_text  # noqa: E402
from hostrun import enter_offline_namespace, record_in_slots, write_table  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests/fixtures/recorded/gemini"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 150
# The subagents Gemini CLI brings itself, offered in every run.
BUILTIN = {"codebase_investigator", "cli_help", "generalist"}
# stdout/stderr lines about everything but agents.
NOISE = re.compile(r"^(Warning: |Ripgrep|\[STARTUP\]|\[AgentRegistry\]|done$|Loaded cached credentials|Error executing tool invoke_agent)")
SETTINGS = {
    "security": {"auth": {"selectedType": "gemini-api-key"}},
    "privacy": {"usageStatisticsEnabled": False},
    "general": {"disableAutoUpdate": True},
}


def run(gemini, api, scratch, case, agent):
    """One `gemini -p hi` with `case` as the only user agent: (rc, output, requests)."""
    shutil.rmtree(scratch, ignore_errors=True)
    project, home = scratch / "project", scratch / "home"
    project.mkdir(parents=True)
    (home / ".gemini/agents").mkdir(parents=True)
    (home / ".gemini/settings.json").write_text(json.dumps(SETTINGS))
    shutil.copy(case, home / ".gemini/agents" / case.name)
    subprocess.run(["git", "init", "-q", "."], cwd=project, capture_output=True)
    env = {
        "PATH": os.path.dirname(shutil.which("node") or "/usr/bin/node") + ":/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "dumb",
        "NO_COLOR": "1",
        "GEMINI_API_KEY": "offline-key",
        "GOOGLE_GEMINI_BASE_URL": api.url,
        "GEMINI_CLI_NO_RELAUNCH": "true",
    }
    api.begin(agent)
    # `-m`: without a model the router first asks a classifier the fake
    # does not play, and retries for minutes.
    p = subprocess.run(
        ["timeout", str(TIMEOUT), "node", gemini, "-p", "hi", "--skip-trust", "-m", "gemini-2.5-pro"],
        cwd=project, env=env, capture_output=True, text=True,
    )
    reqs = api.finish()
    text = ANSI.sub("", p.stderr + "\n" + p.stdout)
    for path, name in ((str(home), "<home>"), (str(project), "<project>")):
        text = text.replace(path, name)
    return p.returncode, text, reqs


def messages(output):
    """The `Agent loading error` lines and the lines that continue them, or
    the line saying a remote agent's card could not be fetched (offline, a
    remote agent never registers)."""
    lines = [l.rstrip() for l in output.splitlines() if l.strip() and not NOISE.match(l)]
    start = next((i for i, l in enumerate(lines) if "Agent loading error" in l), None)
    if start is not None:
        return lines[start:]
    return [l for l in lines if "Failed to load remote agent" in l][:1]


def offered(reqs):
    """The subagents the main request offers the model: {name: description}."""
    for req in reqs:
        if "invoke_agent" not in function_names(req):
            continue
        m = re.search(r"The following sub-agents are available:\n\n(.*?)(\n\n|$)", system_text(req), re.S)
        if not m:
            continue
        pairs = (re.match(r"- (\S+) -> ?(.*)", l) for l in m.group(1).splitlines())
        return {p.group(1): p.group(2) for p in pairs if p and p.group(1) not in BUILTIN}
    return None


def subagent_request(reqs):
    for req in reqs:
        names = function_names(req)
        if "complete_task" in names and "invoke_agent" not in names:
            return req
    return None


def front_name(case):
    m = re.search(r"^name:[ \t]*(\S[^\r\n]*?)[ \t]*\r?$", case.read_text(encoding="utf-8-sig"), re.M)
    return m.group(1).strip("'\"") if m else case.stem


def record_case(gemini, api, scratch, case, keep):
    guess = front_name(case)
    rc, out, reqs = run(gemini, api, scratch, case, guess)
    agents = offered(reqs)
    if agents is None:
        raise RuntimeError(f"{case.name}: no main request offering subagents (rc {rc}): {out[-800:]!r}")
    if len(agents) > 1:
        raise RuntimeError(f"{case.name}: more than one agent offered: {agents}")
    name = next(iter(agents), None)
    if name is not None and name != guess:
        rc, out, reqs = run(gemini, api, scratch, case, name)
    if keep:
        d = Path(keep) / case.name
        d.mkdir(parents=True, exist_ok=True)
        (d / "output.txt").write_text(out)
        (d / "requests.json").write_text(json.dumps(reqs, indent=1))
    row = {
        "file": case.name,
        "loaded": name is not None,
        "name": name,
        "description": agents.get(name) if name else None,
        "messages": messages(out),
        "tools": None,
        "temperature": None,
        "prompt_start": None,
    }
    sub = subagent_request(reqs) if name else None
    if sub is not None:
        row["tools"] = function_names(sub)
        row["temperature"] = (sub.get("generationConfig") or {}).get("temperature")
        row["prompt_start"] = system_text(sub)[:60]
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gemini", required=True, help="@google/gemini-cli's bundle/gemini.js")
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--out", help="default: tests/fixtures/recorded/gemini-cli-<version>.json")
    ap.add_argument("--only", nargs="*", help="case files to re-record, merged into --out")
    ap.add_argument("--jobs", type=int, default=6, help="a run mostly waits: several at once are cheap")
    ap.add_argument("--keep", help="keep each run's output and requests under this folder")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    a = ap.parse_args()
    enter_offline_namespace("Gemini CLI may reach the network")

    gemini = str(Path(a.gemini).resolve())
    pkg = json.loads((Path(gemini).parent.parent / "package.json").read_text())
    version = pkg.get("version", "")
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit(f"cannot read the Gemini CLI version: {version!r}")
    out = Path(a.out or REPO / f"tests/fixtures/recorded/gemini-cli-{version}.json")
    cases = sorted(Path(a.cases).glob("*.md"))
    if a.only:
        cases = [c for c in cases if c.name in a.only]

    rows = record_in_slots(
        cases, a.jobs, FakeGemini, "g-rec-",
        lambda api, scratch, case: record_case(gemini, api, scratch, case, a.keep),
    )
    rows = write_table(out, {"gemini_cli_version": version, "recorded": a.date}, rows, bool(a.only))
    loaded = sum(r["loaded"] for r in rows)
    print(f"{out}: {len(rows)} cases, {loaded} loaded, {len(rows) - loaded} rejected")


if __name__ == "__main__":
    main()
