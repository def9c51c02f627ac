#!/usr/bin/env python3
"""Record what a real Claude Code binary does with each agent fixture file.

usage: record.py --claude PATH [--cases DIR] [--out FILE] [--jobs N] [--keep DIR]
                 [--only NAME ...] [--untrusted] [--date YYYY-MM-DD]

For every `*.md` file in --cases (default tests/fixtures/recorded/agents) the recorder
makes a fresh temporary HOME and project, puts the file alone in
`<project>/.claude/agents/`, marks the project trusted in `~/.claude.json` (unless
--untrusted), stages the case's optional sidecar files (see SIDECARS), and
runs `claude -p hi --debug-file ...` offline against a loopback FakeApi. The fake model
first calls the Agent tool with a subagent type that does not exist: Claude Code's refusal
lists every agent that loaded. It then spawns each agent of the project (in the
foreground, `run_in_background: false`), so the next request is the subagent's own: its
`tools` and `model` are what the agent really got. The agent's description is read from the
main loop's "Available agent types" listing.

The table (--out, default tests/fixtures/recorded/claude-code-<version>.json) is a JSON
object {"claude_code_version", "recorded", "cases": [...]}, one case per file, sorted by
file name. See README.md beside this script for the columns. With --only, only the named
cases are recorded and merged into an existing table.

Standard library only. Never contacts anything but 127.0.0.1.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # keep tests/recorder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_api import FakeApi, result_text, system_text, tool_names, tool_results  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CASES = os.path.join(REPO, "tests", "fixtures", "recorded", "agents")
FAKE_MCP = os.path.join(HERE, "fake_mcp.py")

# A subagent type no fixture uses: asking for it makes Claude Code list what loaded.
NO_SUCH_AGENT = "zz-recorder-no-such-agent"
LISTING_HEADER = "Available agent types for the Agent tool:"
LISTING_END = "\n\nWhen you launch multiple agents"
NOT_FOUND = re.compile(r"^Agent type '.*' not found\. Available agents: (.*)$", re.S)
# Debug lines that concern the run's one agent without naming its file or its name.
SPAWN_LINES = [r"Agent tools entry ", r"\[remote agent\]"]
# Lines that vary from run to run and say nothing about the file.
NOISE = re.compile(r"\[Stall\]")
SESSION_ID = re.compile(r"\bsession [0-9a-f]{8,}\b")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z ")

# Optional files staged beside a case `<stem>.md`, keyed by suffix. Their text may use the
# placeholders ${PROJECT}, ${HOME}, ${FAKE_MCP} and ${PYTHON} (absolute paths, inserted
# JSON-escaped so the files stay valid JSON).
SIDECARS = {
    ".home-claude.json": ("home", ".claude.json"),
    ".home-settings.json": ("home", os.path.join(".claude", "settings.json")),
    ".mcp.json": ("project", ".mcp.json"),
    ".settings.json": ("project", os.path.join(".claude", "settings.json")),
}

RUN_TIMEOUT = 180


def claude_version(claude):
    home = tempfile.mkdtemp(prefix="agentls-rec-version-")
    try:
        out = subprocess.run([claude, "--version"], capture_output=True, text=True, timeout=60,
                             env={"PATH": os.environ.get("PATH", ""), "HOME": home,
                                  "DISABLE_AUTOUPDATER": "1"})
    finally:
        shutil.rmtree(home, ignore_errors=True)
    m = re.match(r"\s*(\d+\.\d+\.\d+)", out.stdout)
    if not m:
        sys.exit(f"cannot read the version of {claude}: {out.stdout!r} {out.stderr!r}")
    return m.group(1)


def listing_section(req):
    """The "Available agent types" block the main loop was shown, or None."""
    texts = [system_text(req)]
    for msg in req.get("messages", []):
        content = msg.get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts.extend(b.get("text", "") for b in content if isinstance(b, dict))
    for text in texts:
        start = text.find(LISTING_HEADER)
        if start >= 0:
            end = text.find(LISTING_END, start)
            return text[start:end if end >= 0 else len(text)]
    return None


def not_found_names(text):
    m = NOT_FOUND.match(text.strip())
    return [n for n in m.group(1).split(", ")] if m else None


class Builtins:
    """What an empty project shows: built-in agent names and their exact listing lines."""

    def __init__(self, names, entries):
        self.names = names
        self.entries = entries  # each "\n- name: description (Tools: ...)"


def project_agents(section, available, builtins):
    """[(name, description)] of the agents in the listing that are not the built-ins as an
    empty project lists them (a project agent that overrides a built-in shows up too, since
    its line differs)."""
    rest = section
    for entry in builtins.entries:
        rest = rest.replace(entry, "", 1)
    found = []
    for name in available:
        i = rest.find("\n- " + name + ": ")
        if i >= 0:
            found.append((i, name))
    found.sort()
    agents = []
    for k, (i, name) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(rest)
        entry = rest[i + len("\n- " + name + ": "):end]
        cut = entry.rfind(" (Tools: ")
        agents.append((name, entry[:cut] if cut >= 0 else entry))
    return agents


class Steer:
    """Decides the fake model's Agent calls for one run."""

    def __init__(self, builtins):
        self.builtins = builtins
        self.available = None
        self.agents = None

    def __call__(self, req):
        results = tool_results(req)
        if not results:
            return {"subagent_type": NO_SUCH_AGENT, "description": "list agents",
                    "prompt": "Say done.", "run_in_background": False}
        if self.agents is None:
            self.available = not_found_names(result_text(results[0])) or []
            section = listing_section(req) or ""
            if self.builtins is None:
                self.agents = []
            else:
                self.agents = project_agents(section, self.available, self.builtins)
        k = len(results) - 1
        if k < len(self.agents):
            return {"subagent_type": self.agents[k][0], "description": "spawn probe",
                    "prompt": "Say done.", "run_in_background": False}
        return None


def merge(base, extra):
    """Deep-merge the JSON object `extra` into `base` (objects merge, anything else replaces)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def stage(case_path, tmp, trusted):
    """Make HOME and the project for one run; returns (home, project)."""
    home = os.path.join(tmp, "home")
    project = os.path.join(tmp, "project")
    agents = os.path.join(project, ".claude", "agents")
    os.makedirs(agents)
    os.makedirs(home)
    os.makedirs(os.path.join(tmp, "tmp"))
    # ~/.claude.json: the project's folder trust (a user who works in a project has accepted
    # its trust dialog; without it Claude Code skips an agent's hooks and inline MCP servers),
    # merged with the case's own .home-claude.json sidecar.
    user_config = {"projects": {project: {"hasTrustDialogAccepted": True}}} if trusted else {}
    values = {"PROJECT": project, "HOME": home, "FAKE_MCP": FAKE_MCP, "PYTHON": sys.executable}
    if case_path is not None:
        shutil.copyfile(case_path, os.path.join(agents, os.path.basename(case_path)))
        stem = case_path[:-len(".md")]
        for suffix, (where, rel) in SIDECARS.items():
            src = stem + suffix
            if not os.path.exists(src):
                continue
            with open(src, encoding="utf-8") as f:
                text = f.read()
            for key, value in values.items():
                text = text.replace("${" + key + "}", json.dumps(value)[1:-1])
            if suffix == ".home-claude.json":
                merge(user_config, json.loads(text))
                continue
            dst = os.path.join(home if where == "home" else project, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "w", encoding="utf-8") as f:
                f.write(text)
    if user_config:
        with open(os.path.join(home, ".claude.json"), "w", encoding="utf-8") as f:
            json.dump(user_config, f, indent=2)
    return home, project


def run_claude(claude, api, steer, case_path, trusted=True, prompt="hi", stager=None):
    """One offline run. Returns (requests, debug_lines, home, project, stdout, tmp).
    `stager(case_path, tmp, trusted) -> (home, project)` places the files (default: `stage`,
    an agent fixture); `prompt` is what `claude -p` is given."""
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="agentls-rec-"))
    home, project = (stager or stage)(case_path, tmp, trusted)
    debug = os.path.join(tmp, "debug.log")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TMPDIR": os.path.join(tmp, "tmp"),
        "LANG": "C.UTF-8",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "ANTHROPIC_API_KEY": "sk-ant-offline",
        "ANTHROPIC_BASE_URL": api.url,
    }
    api.begin(steer)
    try:
        proc = subprocess.run([claude, "-p", prompt, "--debug-file", debug], cwd=project, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              errors="replace", timeout=RUN_TIMEOUT)
        stdout = proc.stdout + proc.stderr
    except subprocess.TimeoutExpired:
        stdout = "TIMEOUT"
    requests = api.finish()
    try:
        with open(debug, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    return requests, lines, home, project, stdout, tmp


def declared_name(case_path):
    """The `name:` a file declares, read loosely (for log lines that name an agent that did
    not load, such as "Invalid hooks in agent 'x'")."""
    with open(case_path, encoding="utf-8", errors="replace") as f:
        m = re.search(r"^\ufeff?name:[ \t]*(.*?)[ \t]*\r?$", f.read(), re.M)
    return m.group(1).strip("\"'") if m and m.group(1).strip("\"'") else None


def clean_line(line, home, project):
    line = TIMESTAMP.sub("", line)
    line = SESSION_ID.sub("session <id>", line)
    return line.replace(project, "<project>").replace(home, "<home>")


def learn_builtins(claude, api, trusted):
    steer = Steer(None)
    requests, _, _, _, stdout, tmp = run_claude(claude, api, steer, None, trusted)
    shutil.rmtree(tmp, ignore_errors=True)
    main = [r for r in requests if r["kind"] == "main"]
    if len(main) < 2 or not steer.available:
        sys.exit("the empty-project run did not reach the Agent tool; Claude Code said:\n" + stdout)
    section = listing_section(main[1]["request"]) or ""
    entries = ["\n" + line for line in section.split("\n")[1:] if line.startswith("- ")]
    return Builtins(steer.available, entries)


def record_case(claude, api, builtins, case_path, keep, trusted):
    steer = Steer(builtins)
    requests, lines, home, project, stdout, tmp = run_claude(claude, api, steer, case_path, trusted)
    file = os.path.basename(case_path)
    rel = os.path.join(project, ".claude", "agents", file)
    problems = []
    main = [r for r in requests if r["kind"] == "main"]
    if stdout == "TIMEOUT":
        problems.append("Claude Code timed out")
    if steer.agents is None:
        problems.append("the main loop never showed the agent listing")
    row = {"file": file, "loaded": bool(steer.agents), "log": [], "name": None,
           "description": None, "tools_at_spawn": None, "model_at_spawn": None,
           "spawn_refused": None}
    about = [re.escape(rel)] + SPAWN_LINES
    name = steer.agents[0][0] if steer.agents else declared_name(case_path)
    if name:
        name = re.escape(name)
        about += [f"[Aa]gent '{name}'", rf"\[Agent: {name}\]"]
    about = re.compile("|".join(about))
    row["log"] = [clean_line(l, home, project) for l in lines
                  if about.search(l) and not NOISE.search(l) and NO_SUCH_AGENT not in l]
    if steer.agents:
        if len(steer.agents) > 1:
            problems.append(f"more than one agent loaded from one file: {steer.agents}")
        name, description = steer.agents[0]
        row["name"], row["description"] = name, description
        # Walk the run: after the main loop spawned `name`, the first subagent request is its
        # own (one agent per run; an agent that runs in the background may start after the
        # main loop's next turn). The tool result answering the call tells whether it was
        # refused.
        spawned = False
        for r in requests:
            call = r["call"]
            if r["kind"] == "main" and call and call.get("subagent_type") == name:
                spawned = True
            elif spawned and r["kind"] == "subagent":
                row["tools_at_spawn"] = tool_names(r["request"])
                row["model_at_spawn"] = r["request"].get("model")
                break
        answers = tool_results(main[-1]["request"]) if main else []
        if len(answers) >= 2:
            answer = answers[1]
            if answer.get("is_error"):
                row["spawn_refused"] = clean_line(result_text(answer), home, project)
        else:
            problems.append("the spawn call got no answer")
        if row["tools_at_spawn"] is None and row["spawn_refused"] is None:
            problems.append("spawned, but no subagent request and no refusal")
    if keep:
        keep_run(os.path.join(keep, file[:-len(".md")]), requests, lines, home, project, stdout)
    shutil.rmtree(tmp, ignore_errors=True)
    return row, problems


def keep_run(dst, requests, lines, home, project, stdout):
    """Write one run's debug log, stdout and every API request into `dst`."""
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    with open(os.path.join(dst, "debug.log"), "w", encoding="utf-8") as f:
        f.write("\n".join(clean_line(l, home, project) for l in lines) + "\n")
    with open(os.path.join(dst, "stdout.txt"), "w", encoding="utf-8") as f:
        f.write(stdout)
    for i, r in enumerate(requests):
        with open(os.path.join(dst, f"{i:02d}-{r['kind']}.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, indent=1, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claude", required=True, help="path of the Claude Code binary")
    ap.add_argument("--cases", default=DEFAULT_CASES, help="folder of fixture .md files")
    ap.add_argument("--out", help="table to write (default: beside --cases, claude-code-<version>.json)")
    ap.add_argument("--jobs", type=int, default=2, help="Claude Code processes at once (default 2)")
    ap.add_argument("--keep", help="folder to keep each run's debug log and requests in")
    ap.add_argument("--only", nargs="+", help="record only these case files and merge into --out")
    ap.add_argument("--untrusted", action="store_true",
                    help="do not mark the project folder as trusted in ~/.claude.json")
    ap.add_argument("--date", default=datetime.date.today().isoformat(), help="the 'recorded' date")
    args = ap.parse_args()

    claude = os.path.abspath(args.claude)
    version = claude_version(claude)
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.cases)),
                                   f"claude-code-{version}.json")
    cases = sorted(f for f in os.listdir(args.cases) if f.endswith(".md"))
    if args.only:
        wanted = {o if o.endswith(".md") else o + ".md" for o in args.only}
        missing = wanted - set(cases)
        if missing:
            sys.exit(f"no such case: {sorted(missing)}")
        cases = [c for c in cases if c in wanted]
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)

    started = time.time()
    jobs = max(1, args.jobs)
    apis = [FakeApi() for _ in range(jobs)]
    builtins = learn_builtins(claude, apis[0], not args.untrusted)
    print(f"Claude Code {version}: built-in agents {', '.join(builtins.names)}", file=sys.stderr)

    free = list(apis)
    pool_lock = threading.Lock()

    def work(case):
        with pool_lock:
            api = free.pop()
        try:
            path = os.path.join(args.cases, case)
            row, problems = record_case(claude, api, builtins, path, args.keep, not args.untrusted)
            if problems:  # one retry: a slow start can miss a step
                row, problems = record_case(claude, api, builtins, path, args.keep, not args.untrusted)
            return row, problems
        finally:
            with pool_lock:
                free.append(api)

    rows, failed = [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for row, problems in pool.map(work, cases):
            rows.append(row)
            state = "loaded" if row["loaded"] else "not loaded"
            extra = f" tools={row['tools_at_spawn']}" if row["tools_at_spawn"] is not None else ""
            extra += " REFUSED" if row["spawn_refused"] else ""
            print(f"{row['file']}: {state}{extra}", file=sys.stderr)
            if problems:
                failed.append((row["file"], problems))
    for api in apis:
        api.close()
    if failed:
        for file, problems in failed:
            print(f"FAILED {file}: {'; '.join(problems)}", file=sys.stderr)
        sys.exit("nothing written: some runs did not complete")

    if args.only and os.path.exists(out):
        table = json.load(open(out, encoding="utf-8"))
        keep_rows = {r["file"]: r for r in table["cases"]}
        keep_rows.update({r["file"]: r for r in rows})
        rows = list(keep_rows.values())
    rows.sort(key=lambda r: r["file"])
    table = {"claude_code_version": version, "recorded": args.date, "cases": rows}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=2, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {len(rows)} cases to {out} in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
