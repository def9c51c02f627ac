#!/usr/bin/env python3
"""Record how a real Claude Code binary lists each skill and command fixture.

usage: record_skills.py --claude PATH [--cases DIR] [--out FILE] [--jobs N] [--keep DIR]
                        [--only CASE ...] [--untrusted] [--date YYYY-MM-DD]

Cases (under --cases, default tests/fixtures/recorded):
  skills/<case>/           a skill folder (SKILL.md and anything beside it), staged as
                           <project>/.claude/skills/<case>/
  commands/<path>.md       a command, staged as <project>/.claude/commands/<path>.md
                           (subfolders kept: `g1/c.md` is the command `g1:c`)

Each case gets its own offline run (`claude -p hi`, the same staging and environment as
record.py). The fake model makes no tool call: the first main-loop request carries the listing
("The following skills are available for use with the Skill tool:", one `- label: text` line
per item), and every line an empty project does not show is the case's. Every command, and a
skill whose files hold a `$`, gets a second run, `claude -p '/<name> alpha "beta gamma" delta'`,
and the text the item expanded to (what the model receives) is recorded too.

The table (--out, default <cases>/claude-code-<version>-skills.json) is
{"claude_code_version", "recorded", "arguments", "cases": [...]}, sorted by case. See README.md.
Standard library only. Never contacts anything but 127.0.0.1.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep tests/recorder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_api import FakeApi  # noqa: E402
from record import REPO, claude_version, clean_line, keep_run, run_claude, stage  # noqa: E402

DEFAULT_CASES = os.path.join(REPO, "tests", "fixtures", "recorded")
HEADER = "The following skills are available for use with the Skill tool:\n\n"
# What the argument run types after the item's name: a quoted argument is one argument.
ARGUMENTS = 'alpha "beta gamma" delta'
# Debug lines about listing that name no file.
ABOUT = [r"Description invalid for ", r"over budget"]
FLAGS = {
    "yaml_ignored": re.compile(r"failed to parse and was ignored"),
    "description_invalid": re.compile(r"Description invalid for "),
    "over_budget": re.compile(r"over budget"),
}
NOISE = re.compile(r"\[Stall\]")


def cases_in(root):
    """Case ids: `skills/<folder>` and `commands/<path>.md`, sorted."""
    out = []
    skills = os.path.join(root, "skills")
    if os.path.isdir(skills):
        out += ["skills/" + d for d in os.listdir(skills) if os.path.isdir(os.path.join(skills, d))]
    commands = os.path.join(root, "commands")
    for dirpath, _, files in os.walk(commands):
        for f in files:
            if f.endswith(".md"):
                rel = os.path.relpath(os.path.join(dirpath, f), commands)
                out.append("commands/" + rel.replace(os.sep, "/"))
    return sorted(out)


def invoked_name(case):
    """The name a user types after `/` for the case (skill folder, or command path with `:`)."""
    kind, rel = case.split("/", 1)
    return rel if kind == "skills" else rel[:-len(".md")].replace("/", ":")


def make_stager(root, case):
    def stager(_, tmp, trusted):
        home, project = stage(None, tmp, trusted)
        kind, rel = case.split("/", 1)
        src = os.path.join(root, kind, rel)
        dst = os.path.join(project, ".claude", kind, rel)
        if kind == "skills":
            shutil.copytree(src, dst)
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
        return home, project
    return stager


def texts(req):
    """Every text block of the request's messages, in order."""
    out = []
    for msg in req.get("messages", []):
        content = msg.get("content")
        if isinstance(content, str):
            out.append(content)
        elif isinstance(content, list):
            out.extend(b.get("text", "") for b in content if isinstance(b, dict))
    return out


def listing_lines(req):
    """The listing's `- label: text` lines, or None if the request has no listing."""
    for text in texts(req):
        start = text.find(HEADER)
        if start < 0:
            continue
        body = text[start + len(HEADER):]
        end = body.find("\n\n")
        body = body[:end] if end >= 0 else body
        return [line[2:] for line in body.split("\n") if line.startswith("- ")]
    return None


def expansion(req):
    """The text a `/name args` prompt expanded to: the block after `<command-args>`."""
    blocks = texts(req)
    for i, text in enumerate(blocks):
        if "<command-args>" in text and i + 1 < len(blocks):
            return blocks[i + 1]
    return None


def first_main(requests):
    return next((r["request"] for r in requests if r["kind"] == "main"), None)


def learn_bundled(claude, api, trusted):
    """The listing lines of an empty project (Claude Code's bundled skills)."""
    requests, _, _, _, stdout, tmp = run_claude(claude, api, lambda r: None, None, trusted)
    shutil.rmtree(tmp, ignore_errors=True)
    req = first_main(requests)
    lines = listing_lines(req) if req else None
    if lines is None:
        sys.exit("the empty-project run showed no skill listing; Claude Code said:\n" + stdout)
    return set(lines)


def has_dollar(root, case):
    kind, rel = case.split("/", 1)
    path = os.path.join(root, kind, rel)
    files = [path] if kind == "commands" else [
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]
    for p in files:
        with open(p, encoding="utf-8", errors="replace") as f:
            if "$" in f.read():
                return True
    return False


def record_case(claude, api, bundled, root, case, keep, trusted):
    problems = []
    stager = make_stager(root, case)
    requests, lines, home, project, stdout, tmp = run_claude(
        claude, api, lambda r: None, None, trusted, stager=stager)
    kind, rel = case.split("/", 1)
    path = os.path.join(project, ".claude", kind, rel)
    req = first_main(requests)
    listing = listing_lines(req) if req else None
    if stdout == "TIMEOUT":
        problems.append("Claude Code timed out")
    if listing is None:
        problems.append("the main loop never showed the skill listing")
        listing = []
    ours = [line for line in listing if line not in bundled]
    if len(ours) > 1:
        problems.append(f"more than one new listing line: {ours}")
    about = re.compile("|".join([re.escape(path)] + ABOUT))
    log = [clean_line(l, home, project) for l in lines if about.search(l) and not NOISE.search(l)]
    row = {"case": case, "listed": bool(ours), "label": None, "text": None}
    if ours:
        label, sep, text = ours[0].partition(": ")
        row["label"], row["text"] = label, (text if sep else None)
    for flag, pattern in FLAGS.items():
        row[flag] = any(pattern.search(l) for l in log)
    row["log"] = log
    row["expanded"] = None
    if keep:
        keep_run(os.path.join(keep, case.replace("/", "_")), requests, lines, home, project, stdout)
    shutil.rmtree(tmp, ignore_errors=True)
    dollar = has_dollar(root, case)
    if dollar or kind == "commands":
        prompt = f"/{invoked_name(case)} {ARGUMENTS}"
        requests, lines, home, project, stdout, tmp = run_claude(
            claude, api, lambda r: None, None, trusted, prompt=prompt, stager=stager)
        req = first_main(requests)
        expanded = expansion(req) if req else None
        if expanded is not None:  # a skill's expansion names its folder
            expanded = expanded.replace(project, "<project>").replace(home, "<home>")
        row["expanded"] = expanded
        if row["expanded"] is None and dollar:
            problems.append(f"`{prompt}` did not expand")
        if keep:
            dst = os.path.join(keep, case.replace("/", "_") + "-args")
            keep_run(dst, requests, lines, home, project, stdout)
        shutil.rmtree(tmp, ignore_errors=True)
    return row, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claude", required=True, help="path of the Claude Code binary")
    ap.add_argument("--cases", default=DEFAULT_CASES, help="folder holding skills/ and commands/")
    ap.add_argument("--out", help="table to write (default: <cases>/claude-code-<version>-skills.json)")
    ap.add_argument("--jobs", type=int, default=2, help="Claude Code processes at once (default 2)")
    ap.add_argument("--keep", help="folder to keep each run's debug log and requests in")
    ap.add_argument("--only", nargs="+", help="record only these cases and merge into --out")
    ap.add_argument("--untrusted", action="store_true",
                    help="do not mark the project folder as trusted in ~/.claude.json")
    ap.add_argument("--date", default=datetime.date.today().isoformat(), help="the 'recorded' date")
    args = ap.parse_args()

    claude = os.path.abspath(args.claude)
    root = os.path.abspath(args.cases)
    version = claude_version(claude)
    out = args.out or os.path.join(root, f"claude-code-{version}-skills.json")
    cases = cases_in(root)
    if args.only:
        missing = set(args.only) - set(cases)
        if missing:
            sys.exit(f"no such case: {sorted(missing)}")
        cases = [c for c in cases if c in args.only]
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)

    started = time.time()
    jobs = max(1, args.jobs)
    apis = [FakeApi() for _ in range(jobs)]
    bundled = learn_bundled(claude, apis[0], not args.untrusted)
    print(f"Claude Code {version}: {len(bundled)} bundled listing lines", file=sys.stderr)
    free = list(apis)
    lock = threading.Lock()

    def work(case):
        with lock:
            api = free.pop()
        try:
            row, problems = record_case(claude, api, bundled, root, case, args.keep,
                                        not args.untrusted)
            if problems:  # one retry: a slow start can miss a step
                row, problems = record_case(claude, api, bundled, root, case, args.keep,
                                            not args.untrusted)
            return row, problems
        finally:
            with lock:
                free.append(api)

    rows, failed = [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for row, problems in pool.map(work, cases):
            rows.append(row)
            shown = f"{row['label']}: {row['text']}" if row["listed"] else "not listed"
            print(f"{row['case']}: {shown[:100]}", file=sys.stderr)
            if problems:
                failed.append((row["case"], problems))
    for api in apis:
        api.close()
    if failed:
        for case, problems in failed:
            print(f"FAILED {case}: {'; '.join(problems)}", file=sys.stderr)
        sys.exit("nothing written: some runs did not complete")
    if args.only and os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            old = {r["case"]: r for r in json.load(f)["cases"]}
        old.update({r["case"]: r for r in rows})
        rows = list(old.values())
    rows.sort(key=lambda r: r["case"])
    table = {"claude_code_version": version, "recorded": args.date, "arguments": ARGUMENTS,
             "cases": rows}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=2, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {len(rows)} cases to {out} in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
