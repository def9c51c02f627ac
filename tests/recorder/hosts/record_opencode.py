#!/usr/bin/env python3
"""Record what the real OpenCode does with each agent fixture.

    python3 tests/recorder/hosts/record_opencode.py --opencode /tmp/oc/package/bin/opencode

Each `tests/fixtures/recorded/opencode/<case>.md` is staged alone in a fresh
project's `.opencode/agents/`, with a fresh empty HOME and a cleared
environment, and OpenCode is asked `debug config` (the config after loading
every agent file) and, when it started, `debug agent <name>` (the resolved
agent). Neither talks to a model. The table goes to
`tests/fixtures/recorded/opencode-<version>.json`. See README.md beside this.

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import datetime
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests/fixtures/recorded/opencode"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 60


def offline_prefix():
    """`unshare -n` when this machine allows it (root): OpenCode then has no
    network at all, not even loopback. Otherwise only the env switches below
    keep it from fetching (models list, autoupdate)."""
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        ok = False
    if not ok:
        print("warning: `unshare -n` unavailable; relying on OPENCODE_DISABLE_* only", file=sys.stderr)
    return ["unshare", "-n", "--"] if ok else []


def run(opencode, prefix, project, home, args):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "dumb",
        "NO_COLOR": "1",
        "OPENCODE_DISABLE_AUTOUPDATE": "1",
        "OPENCODE_DISABLE_MODELS_FETCH": "1",
    }
    p = subprocess.run(
        prefix + ["timeout", str(TIMEOUT), opencode] + args,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    return p.returncode, ANSI.sub("", p.stdout), ANSI.sub("", p.stderr)


def clean(value, project, home):
    """Temporary folders written as `<project>` and `<home>`, in any string."""
    text = json.dumps(value, ensure_ascii=False)
    for path, name in ((str(project), "<project>"), (str(home), "<home>")):
        text = text.replace(json.dumps(path)[1:-1], name)
    return json.loads(text)


def record_case(opencode, prefix, case, keep):
    tmp = Path(tempfile.mkdtemp(prefix="oc-rec-")).resolve()
    try:
        project, home = tmp / "project", tmp / "home"
        (project / ".opencode/agents").mkdir(parents=True)
        home.mkdir()
        shutil.copy(case, project / ".opencode/agents" / case.name)
        # OpenCode finds the project by its git root, as in a real checkout.
        subprocess.run(["git", "init", "-q", "."], cwd=project, capture_output=True)
        rc, out, err = run(opencode, prefix, project, home, ["debug", "config"])
        row = {"file": case.name, "started": rc == 0, "errors": [], "config": None, "agent": None}
        if keep:
            d = Path(keep) / case.stem
            d.mkdir(parents=True, exist_ok=True)
            (d / "config.stdout").write_text(out)
            (d / "config.stderr").write_text(err)
        if rc != 0:
            # `Error: Configuration is invalid at <path>` then `↳ <message> <field>`.
            lines = [l.rstrip() for l in err.splitlines() if l.strip()]
            if not any(l.startswith("Error:") for l in lines):
                raise RuntimeError(f"{case.name}: rc {rc} without an error line: {err[-500:]!r}")
            row["errors"] = clean(lines, project, home)
            return row
        agents = json.loads(out).get("agent") or {}
        if len(agents) != 1:
            raise RuntimeError(f"{case.name}: expected one agent in debug config, got {list(agents)}")
        name, config = next(iter(agents.items()))
        row["config"] = clean(config, project, home)
        rc, out, err = run(opencode, prefix, project, home, ["debug", "agent", name])
        if rc != 0:
            raise RuntimeError(f"{case.name}: debug agent {name} failed (rc {rc}): {err[-500:]!r}")
        agent = json.loads(out)
        # The permission rule list holds every default rule; the file's own
        # permissions are already in `config`. The tool map is kept as the
        # tools turned off.
        agent.pop("permission", None)
        tools = agent.pop("tools", None) or {}
        agent["tools_off"] = sorted(k for k, v in tools.items() if v is False)
        row["agent"] = clean(agent, project, home)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--opencode", required=True, help="the opencode binary")
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--out", help="default: tests/fixtures/recorded/opencode-<version>.json")
    ap.add_argument("--only", nargs="*", help="case files to re-record, merged into --out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", help="keep each run's stdout/stderr under this folder")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    a = ap.parse_args()

    opencode = str(Path(a.opencode).resolve())
    version = subprocess.run([opencode, "--version"], capture_output=True, text=True).stdout.strip()
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit(f"cannot read the OpenCode version: {version!r}")
    out = Path(a.out or REPO / f"tests/fixtures/recorded/opencode-{version}.json")
    cases = sorted(Path(a.cases).glob("*.md"))
    if a.only:
        cases = [c for c in cases if c.name in a.only]
    prefix = offline_prefix()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        rows = list(pool.map(lambda c: record_case(opencode, prefix, c, a.keep), cases))
    if a.only and out.exists():
        old = {r["file"]: r for r in json.loads(out.read_text())["cases"]}
        old.update({r["file"]: r for r in rows})
        rows = list(old.values())
    rows.sort(key=lambda r: r["file"])
    table = {"opencode_version": version, "recorded": a.date, "cases": rows}
    out.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n")
    started = sum(r["started"] for r in rows)
    print(f"{out}: {len(rows)} cases, {started} started, {len(rows) - started} refused to start")


if __name__ == "__main__":
    main()
