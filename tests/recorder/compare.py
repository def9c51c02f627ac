#!/usr/bin/env python3
"""List where agentls's findings disagree with a recorded Claude Code table.

usage: compare.py --table FILE --agentls-json FILE [--cases DIR] [--label TEXT]

--agentls-json is what run_agentls.py wrote. Prints Markdown. agentls shows findings, not
loaded values, so beyond the verdict each rule reads what a finding implies and checks it
against what Claude Code did; the rules are named in each section's heading.
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep tests/recorder free of __pycache__
sys.path.insert(0, HERE)
from record import DEFAULT_CASES  # noqa: E402

LOADS = {"loads", "loads-with-loss"}
ENUM_FIELDS = ["permissionMode", "effort", "memory", "isolation", "background", "maxTurns"]


def ticks(message):
    return re.findall(r"`([^`]*)`", message)


def clean_tool(name):
    return name.strip("[]\"' ")


def file_line(text, key):
    m = re.search(rf"^{key}:[ \t]*(.*?)\r?$", text, re.M)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--table", required=True)
    ap.add_argument("--agentls-json", required=True)
    ap.add_argument("--cases", default=DEFAULT_CASES)
    ap.add_argument("--label", default="agentls")
    args = ap.parse_args()
    table = json.load(open(args.table, encoding="utf-8"))
    cc = {c["file"]: c for c in table["cases"]}
    ag = {r["file"]: r for r in json.load(open(args.agentls_json, encoding="utf-8"))}
    known_tools = {t for c in cc.values() for t in (c["tools_at_spawn"] or [])}

    sections = {k: [] for k in ["V", "S", "T", "M", "K", "W", "G", "D", "L"]}
    for file in sorted(cc):
        c, a = cc[file], ag.get(file)
        if a is None:
            continue
        with open(os.path.join(args.cases, file), encoding="utf-8", errors="replace") as f:
            text = f.read()
        diags = a["codes"]
        codes = [d[0] for d in diags]
        errors = sorted({d[0] for d in diags if d[1] == "error"})
        a_loads = a["verdict"] in LOADS
        spawned = c["tools_at_spawn"] is not None
        cc_says = "loads" if c["loaded"] else "does not load"
        reason = next((l for l in c["log"] if ".claude/agents/" in l),
                      c["log"][0] if c["log"] else "(no debug line)")

        # V: the verdict
        if c["loaded"] != a_loads:
            sections["V"].append(f"`{file}`: Claude Code {cc_says}"
                                 + (f" (`{reason}`)" if not c["loaded"] else "")
                                 + f"; {args.label} says `{a['verdict']}` {errors or codes}")
        # S: refusal at spawn (AG030)
        if "AG030" in codes and spawned:
            sections["S"].append(f"`{file}`: AG030 (refused at start), but Claude Code spawned it "
                                 f"with {c['tools_at_spawn']}")
        if c["spawn_refused"] and "zero tools" in c["spawn_refused"] and "AG030" not in codes:
            sections["S"].append(f"`{file}`: Claude Code refused the spawn (`{c['spawn_refused']}`); "
                                 f"no AG030 (findings: {codes or 'none'})")
        # T: a tool said to be unknown that Claude Code did resolve (or apply, in disallowedTools)
        for code, _, msg in diags:
            if code != "AG033" or not ticks(msg):
                continue
            name = clean_tool(ticks(msg)[0])
            if spawned and name in c["tools_at_spawn"]:
                sections["T"].append(f"`{file}`: AG033 on `{ticks(msg)[0]}`, but the agent was "
                                     f"spawned with `{name}` ({c['tools_at_spawn']})")
            elif "no effect" in msg and name in known_tools and spawned and name not in c["tools_at_spawn"]:
                sections["T"].append(f"`{file}`: AG033 says `{ticks(msg)[0]}` has no effect, but "
                                     f"Claude Code removed `{name}` (spawned with {c['tools_at_spawn']})")
        # M: an MCP server said to be unknown whose tools the agent got
        for code, _, msg in diags:
            if code == "AG064" and ticks(msg):
                server = ticks(msg)[0]
                got = [t for t in (c["tools_at_spawn"] or []) if t.startswith(f"mcp__{server}__")]
                if got:
                    sections["M"].append(f"`{file}`: AG064 says server `{server}` is not configured; "
                                         f"the agent was spawned with {got}")
        # K: a field value said to be ignored that Claude Code took without a word
        for code, _, msg in diags:
            if code != "AG041":
                continue
            fields = [t for t in ticks(msg) if t in ENUM_FIELDS]
            if fields and not any(f"has invalid {fields[0]}" in l for l in c["log"]):
                sections["K"].append(f"`{file}`: AG041 says `{fields[0]}` is ignored; Claude Code "
                                     "logged nothing about it (it accepted the value)")
        # W: advice to use Glob on an agent that keeps Bash (Claude Code drops Glob then)
        for code, _, msg in diags:
            if code == "AG031" and "`Glob`" in msg and spawned and "Bash" in c["tools_at_spawn"]:
                sections["W"].append(f"`{file}`: AG031 advises `Glob`, but this agent has Bash and "
                                     f"Claude Code drops Glob/Grep for it (spawned with {c['tools_at_spawn']})")
        # G: tools Claude Code dropped or added, with no finding naming them
        tools_line = file_line(text, "tools")
        simple = "AG014" not in codes and file_line(text, "disallowedTools") is None
        if simple and spawned and tools_line and re.fullmatch(r"[A-Za-z_, ]+", tools_line):
            listed = [t for t in re.split(r"[, ]+", tools_line) if t]
            named = " ".join(d[2] for d in diags)
            dropped = [t for t in listed if t in known_tools and t not in c["tools_at_spawn"]
                       and f"`{t}`" not in named]
            added = [t for t in c["tools_at_spawn"] if t not in listed and t != "DeferredToolPlaceholder"
                     and not (t == "Agent" and "Task" in listed) and not (t == "TaskStop" and "KillShell" in listed)
                     and not any(t.startswith(l + "__") for l in listed if l.startswith("mcp__"))]
            if dropped or added:
                what = []
                if dropped:
                    what.append(f"dropped {dropped}")
                if added:
                    what.append(f"added {added}")
                sections["G"].append(f"`{file}`: `tools: {tools_line}` → spawned with "
                                     f"{c['tools_at_spawn']} ({', '.join(what)}); no finding says so")
        # D: a one-line plain description loaded differently, with no finding about it
        desc = file_line(text, "description")
        if (c["loaded"] and desc and desc[0] not in "\"'|>" and c["description"] is not None
                and not {"AG012", "AG013", "AG014"} & set(codes)):
            shown = desc.strip().replace("\\n", "\n")
            if c["description"].strip() != shown:
                sections["D"].append(f"`{file}`: `description: {desc}` loaded as "
                                     f"{json.dumps(c['description'])}; no finding says so")
        # D (fences): Claude Code closes the front matter at the first line starting with
        # `---`; another `---` line after it means the author meant a later close.
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
        close = next((i for i, l in enumerate(lines) if i > 0 and l.startswith("---")), None)
        if (c["loaded"] and close is not None and "---" in lines[close + 1:close + 20]
                and "AG012" not in codes):
            sections["D"].append(f"`{file}`: Claude Code closed the front matter at line {close + 1} "
                                 f"(`{lines[close]}`) and loaded description {json.dumps(c['description'])}; "
                                 "the text up to the next `---` went to the prompt; no finding says so")
        # L: Claude Code warned or erred about the file, agentls found nothing
        # (a server that cannot start here says nothing about the file)
        loud = [l for l in c["log"] if l.startswith(("[WARN]", "[ERROR]"))
                and "Failed to connect to MCP server" not in l]
        if loud and not diags:
            sections["L"].append(f"`{file}`: Claude Code logged `{loud[0]}`; {args.label} found nothing")

    titles = {
        "V": "Verdict: Claude Code loads the file and agentls says it does not, or the reverse",
        "S": "Spawn refusal (AG030) against what Claude Code did at spawn",
        "T": "Tools reported unknown (AG033) that Claude Code resolved or applied",
        "M": "MCP servers reported missing (AG064) whose tools the agent got",
        "K": "Values reported ignored (AG041) that Claude Code accepted",
        "W": "`LS` → `Glob` advice on an agent that keeps Bash",
        "G": "Tools Claude Code dropped or added at spawn, with no finding about them",
        "D": "Descriptions Claude Code loaded differently, with no finding about them",
        "L": "Claude Code logged a warning or error, agentls reported nothing",
    }
    print(f"Compared: {len(ag)} files; Claude Code {table['claude_code_version']} "
          f"(recorded {table['recorded']}).\n")
    for key, title in titles.items():
        rows = sections[key]
        print(f"## {title} ({len(rows)})\n")
        print("\n".join(f"- {r}" for r in rows) if rows else "None.")
        print()


if __name__ == "__main__":
    main()
