#!/usr/bin/env python3
"""Write a deterministic tree of agent files for differential and scale runs.

usage: gen_agents.py OUTDIR [COUNT]   (COUNT defaults to 1000)

The tree has nested projects (a root project, packages with their own
.claude/agents, one package nested in another), a plugin agents/ folder,
skills, commands and a .mcp.json, and agents that exercise most rules: clean
ones, rescued colons, legacy and unknown tools, invalid values, broken YAML,
duplicates and shadowed names across the nested projects, Agent(x) and
mcp__server references that resolve and that do not.
"""
import os
import random
import sys

SHAPES = [
    # (front matter lines, body)
    ("name: {n}\ndescription: Reviews {n} changes.\ntools: Read, Grep, Glob\nmodel: sonnet\ncolor: blue\n", "You review code.\n"),
    ("name: {n}\ndescription: Use when: a test fails in {n}\ntools: Read, Edit, MultiEdit, LS\n", "You fix tests.\n"),
    ("name: {n}\ndescription: Plans {n}.\nmodel: gpt-4o\ncolor: magenta\npermissionMode: acceptedits\n", "You plan.\n"),
    ("name: {n}\ndescription: Broken {n}. Examples:\n<example>\nuser: hi\n</example>\n", "Body.\n"),
    ("name: {n}\ndescription: Delegates for {n}.\ntools: Agent(helper-1, missing-{n}), Read, mcp__github__create_issue, mcp__nosuch__x\n", "Ask the helper-1 agent, then @helper-2.\n"),
    ("name: {n}\ndescription: Fix issue #12 in {n}\nskills: fmt, lint, nosuch\nallowedTools: Read\n", "ðŸ§  garbled.\n"),
    ("Name: {n}\ndescription: Capitalised key in {n}.\n", "Body.\n"),
    ("name: {n}\ndescription: Duplicate name of helper-1.\n", "Body.\n"),
    ("name: helper-1\ndescription: A shadowing helper.\ntools: [\"Read\", \"Grep\"]\n", "Body.\n"),
    ("name: {n}\ndescription: |\n  Multi-line for {n}.\n  Second line: with colon.\ntools:\n  - Read\n  - Bash(git diff:*)\n  - Read\n", "## Protocol\n1. Read `notes.md`.\n2. Write the report.\n"),
]


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(20261201)
    projects = [
        "",
        "packages/web",
        "packages/api",
        "packages/api/sub",
        "services/worker",
    ]
    def write(rel, text):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)
    write(".mcp.json", '{"mcpServers": {"github": {"command": "gh"}}}\n')
    for skill, extra in [("fmt", ""), ("lint", "disable-model-invocation: true\n")]:
        write(f".claude/skills/{skill}/SKILL.md", f"---\nname: {skill}\ndescription: {skill}.\n{extra}---\nDo {skill}.\n")
    write(".claude/commands/git/commit.md", "---\ndescription: Commit.\n---\nCommit $ARGUMENTS.\n")
    for i in range(count):
        shape, body = SHAPES[rng.randrange(len(SHAPES))]
        name = f"agent-{i}"
        if i < 3:
            name = f"helper-{i}"
        if i % 97 == 0:
            where = f"plugins/tools-{i % 3}/agents"
        else:
            project = projects[rng.randrange(len(projects))]
            where = os.path.join(project, ".claude/agents") if project else ".claude/agents"
            if i % 11 == 0:
                where = os.path.join(where, "team")
        text = "---\n" + shape.format(n=name) + "---\n" + body
        if i % 13 == 0:
            text = text.replace("\n", "\r\n")
        write(os.path.join(where, f"{name}.md"), text)
    write("docs/readme.md", "# Not an agent\n")


if __name__ == "__main__":
    main()
