#!/usr/bin/env python3
"""Instructions the server executes per keystroke, counted by valgrind's
callgrind: a figure that does not move with the load of a shared machine,
so two builds compare exactly where wall-clock latency (latency.py) cannot.

Usage (from the repository root, valgrind installed):

    python3 server/benches/keystroke_instructions.py BINARY [BINARY...]
    python3 server/benches/keystroke_instructions.py --as skill BINARY   # seeds as SKILL.md
    python3 server/benches/keystroke_instructions.py --as skill --seeds server/benches/skills BINARY

For each binary and each seed of tests/fixtures/seeds: one run types
--keystrokes keystrokes (front matter and body in turn, as latency.py does,
each waiting for the publish of its own version), one run types none; the
difference divided by the keystrokes is the work of one keystroke (analysis,
index update, conversion, publish), startup and shutdown excluded.

The seeds are agents; server/benches/skills holds skills written the way
real ones are (name, description, allowed-tools, `$ARGUMENTS`, `!` commands,
paths to their own files), each opened as .claude/skills/<stem>/SKILL.md.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency import PLACES, ROOT, Server, is_publish, keystroke, keystroke_site  # noqa: E402


def instructions(binary, text, name, keystrokes, work, kind="agent"):
    out = os.path.join(work, "cg.out")
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "lsp"]
    s = Server(argv)
    s.initialize()
    uri = "file:///tmp/agentls-bench/" + PLACES[kind](name)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    s.wait(lambda m: is_publish(m, uri, 1), timeout=120)
    sites = [keystroke_site(text, "front matter"), keystroke_site(text, "body")]
    version = 1
    for k in range(keystrokes):
        version += 1
        line, col = sites[k % 2]
        if keystroke(s, uri, version, line, col, k) is None:
            raise SystemExit(f"no publish for version {version}")
    s.close()
    s.proc.wait()
    with open(out) as f:
        totals = [int(m.group(1)) for m in re.finditer(r"^(?:totals|summary): (\d+)", f.read(), re.M)]
    return totals[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--seeds", default=os.path.join(ROOT, "tests", "fixtures", "seeds"))
    ap.add_argument("--keystrokes", type=int, default=40)
    ap.add_argument("--as", dest="kind", choices=sorted(PLACES), default="agent",
                    help="open each seed as this kind of file (default: agent)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for binary in args.binaries:
            per = []
            for path in sorted(glob.glob(os.path.join(args.seeds, "*.md"))):
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                name = os.path.basename(path)
                base = instructions(binary, text, name, 0, work, args.kind)
                typed = instructions(binary, text, name, args.keystrokes, work, args.kind)
                per.append((name, (typed - base) / args.keystrokes))
            print(f"{binary} (seeds as {args.kind}):")
            for name, n in per:
                print(f"  {name:30} {n / 1000:9.1f} k instructions per keystroke")
            print(f"  {'mean':30} {sum(n for _, n in per) / len(per) / 1000:9.1f} k")


if __name__ == "__main__":
    main()
