#!/usr/bin/env python3
"""Record what the real GitHub Copilot CLI does with each custom agent fixture.

    sudo python3 tests/recorder/hosts/record_copilot.py --copilot /tmp/cp/package/copilot

Each `tests/fixtures/recorded/copilot/<case>` is staged alone in a fresh
project's `.github/agents/`, with an empty HOME and a cleared environment.
Copilot runs in its documented offline mode (`COPILOT_OFFLINE=true`, a
"bring your own key" Anthropic provider) against `../fake_api.py` on
127.0.0.1, the whole recorder inside `unshare -n` (a network namespace
holding only loopback) when it may. Two runs per case:

1. `copilot -p hi --agent zz-none`: Copilot answers `No such agent: zz-none,
   available: <names>`, the agents that loaded, and logs one `[ERROR]` or
   `[WARNING]` line per file it skipped or found fault with;
2. when the agent loaded, `copilot -p hi --agent <name>`: the request the
   agent sends shows its tools after alias resolution and its instructions.

The table goes to `tests/fixtures/recorded/copilot-cli-<version>.json`. See
README.md beside this. Python 3 standard library only.
"""

import argparse
import datetime
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests/recorder"))
from fake_api import FakeApi, system_text, tool_names  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostrun import enter_offline_namespace, record_in_slots, write_table  # noqa: E402

CASES = REPO / "tests/fixtures/recorded/copilot"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 90


def run(copilot, api, scratch, case, agent):
    """One Copilot run with `case` alone in the project: (rc, stdout, log lines)."""
    shutil.rmtree(scratch, ignore_errors=True)
    project, home, logs = scratch / "project", scratch / "home", scratch / "logs"
    (project / ".github/agents").mkdir(parents=True)
    home.mkdir()
    shutil.copy(case, project / ".github/agents" / case.name)
    subprocess.run(["git", "init", "-q", "."], cwd=project, capture_output=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COPILOT_OFFLINE": "true",
        "COPILOT_PROVIDER_TYPE": "anthropic",
        "COPILOT_PROVIDER_BASE_URL": api.url,
        "COPILOT_PROVIDER_API_KEY": "sk-offline",
        "COPILOT_MODEL": "claude-sonnet-4.5",
    }
    args = ["-p", "hi", "--agent", agent, "--allow-all-tools", "--log-level", "all", "--log-dir", str(logs)]
    p = subprocess.run(["timeout", str(TIMEOUT), copilot] + args, cwd=project, env=env,
                       capture_output=True, text=True)
    lines = []
    for log in sorted(logs.glob("*.log")):
        lines += log.read_text(errors="replace").splitlines()
    return p.returncode, ANSI.sub("", p.stdout + p.stderr), lines


def file_messages(lines, name):
    """`[ERROR] …`/`[WARNING] …` log lines about this file, timestamp cut, in order, once."""
    seen = []
    for line in lines:
        m = re.search(r"\[(ERROR|WARNING)\] (\.github/agents/(.+?): .*)$", line)
        if m and m.group(3) == name:
            text = f"[{m.group(1)}] {m.group(2)}"
            if text not in seen:
                seen.append(text)
    return seen


def instructions(req):
    """The agent's instructions as Copilot sent them, without its heading line."""
    m = re.search(r"<agent_instructions>\n.*?\n\n(.*?)</agent_instructions>", system_text(req), re.S)
    return m.group(1) if m else None


def record_case(copilot, api, scratch, case, keep):
    rc, out, lines = run(copilot, api, scratch, case, "zz-none")
    m = re.search(r"No such agent: zz-none, available: ?(.*)", out)
    if not m:
        raise RuntimeError(f"{case.name}: no agent list (rc {rc}): {out[-800:]!r}")
    names = [n.strip() for n in m.group(1).split(",") if n.strip()]
    if len(names) > 1:
        raise RuntimeError(f"{case.name}: more than one agent loaded: {names}")
    row = {
        "file": case.name,
        "loaded": bool(names),
        "name": names[0] if names else None,
        "messages": file_messages(lines, case.name),
        "tools": None,
        "instructions_chars": None,
        "instructions_start": None,
    }
    if keep:
        d = Path(keep) / case.name
        d.mkdir(parents=True, exist_ok=True)
        (d / "list.out").write_text(out)
        (d / "list.log").write_text("\n".join(lines))
    if not names:
        return row
    for _ in range(2):
        # Under load a run now and then ends before its request is kept:
        # one more try before the row says so.
        api.begin(lambda req: None)
        rc, out, lines = run(copilot, api, scratch, case, names[0])
        reqs = [r["request"] for r in api.finish()]
        if any(instructions(r) is not None for r in reqs):
            break
    if keep:
        (Path(keep) / case.name / "spawn.out").write_text(out)
    mine = [r for r in reqs if instructions(r) is not None]
    if rc != 0 or not mine:
        # An agent listed but not runnable (hidden from users, say): the
        # row keeps what the run printed instead of the request.
        row["spawn_error"] = out.strip().splitlines()[-1:] if out.strip() else [f"rc {rc}"]
        return row
    text = instructions(mine[0])
    row["tools"] = tool_names(mine[0])
    row["instructions_chars"] = len(text)
    row["instructions_start"] = text[:60]
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copilot", required=True, help="the copilot binary (@github/copilot-linux-x64)")
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--out", help="default: tests/fixtures/recorded/copilot-cli-<version>.json")
    ap.add_argument("--only", nargs="*", help="case files to re-record, merged into --out")
    ap.add_argument("--jobs", type=int, default=2, help="each job unpacks about 230 MB into its HOME")
    ap.add_argument("--keep", help="keep each run's output and log under this folder")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    a = ap.parse_args()
    enter_offline_namespace("relying on COPILOT_OFFLINE only")

    copilot = str(Path(a.copilot).resolve())
    home = Path(tempfile.mkdtemp(prefix="cp-ver-"))
    try:
        # `--version` unpacks the CLI into HOME too: a scratch one.
        v = subprocess.run([copilot, "--version"], capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(home)})
    finally:
        shutil.rmtree(home, ignore_errors=True)
    m = re.search(r"\b(\d+\.\d+\.\d+)\b", v.stdout)
    if not m:
        sys.exit(f"cannot read the Copilot CLI version: {v.stdout!r}")
    version = m.group(1)
    out = Path(a.out or REPO / f"tests/fixtures/recorded/copilot-cli-{version}.json")
    cases = sorted(p for p in Path(a.cases).iterdir() if p.name.endswith(".md"))
    if a.only:
        cases = [c for c in cases if c.name in a.only]

    rows = record_in_slots(
        cases, a.jobs, FakeApi, "cp-rec-",
        lambda api, scratch, case: record_case(copilot, api, scratch, case, a.keep),
    )
    rows = write_table(out, {"copilot_cli_version": version, "recorded": a.date}, rows, bool(a.only))
    loaded = sum(r["loaded"] for r in rows)
    print(f"{out}: {len(rows)} cases, {loaded} loaded, {len(rows) - loaded} skipped")


if __name__ == "__main__":
    main()
