#!/usr/bin/env python3
"""Run an agentls binary on every recorded fixture, the way a user's project holds it.

usage: run_agentls.py --agentls PATH [--cases DIR] [--out FILE]

Each case is copied alone into `<tmp>/project/.claude/agents/` and checked with
`agentls check --format json .claude/agents/<file>` from the project folder, with
AGENTLS_HOME set to a temporary folder: empty, or holding the case's `.home-claude.json`
sidecar as `.claude.json`; a `.mcp.json` sidecar is staged in the project as for the
recorder. Writes one JSON object per case, {"file", "verdict", "codes": [[code, severity,
message], ...]}, as a JSON array to --out (default: stdout). compare.py reads it.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep tests/recorder free of __pycache__
sys.path.insert(0, HERE)
from record import DEFAULT_CASES, stage  # noqa: E402


def check(agentls, case_path):
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="agentls-chk-"))
    try:
        home, project = stage(case_path, tmp, trusted=False)
        file = os.path.basename(case_path)
        proc = subprocess.run([agentls, "check", "--format", "json", f".claude/agents/{file}"],
                              cwd=project, env={"PATH": os.environ.get("PATH", ""),
                                                "HOME": home, "AGENTLS_HOME": home},
                              capture_output=True, text=True, timeout=60)
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            return {"file": file, "verdict": None, "codes": [],
                    "error": (proc.stdout + proc.stderr)[:500]}
        files = report.get("files", [])
        if not files:
            return {"file": file, "verdict": None, "codes": [],
                    "error": json.dumps(report)[:500]}
        entry = files[0]
        return {"file": file, "verdict": entry.get("verdict"),
                "codes": [[d["code"], d["severity"], d["message"]] for d in entry.get("diagnostics", [])]}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agentls", required=True)
    ap.add_argument("--cases", default=DEFAULT_CASES)
    ap.add_argument("--out")
    args = ap.parse_args()
    agentls = os.path.abspath(args.agentls)
    cases = sorted(f for f in os.listdir(args.cases) if f.endswith(".md"))
    rows = [check(agentls, os.path.join(args.cases, c)) for c in cases]
    text = json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
