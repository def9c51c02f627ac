//! `agentls convert --to HOST FILE...`: prints the converted agent after a
//! line naming where HOST reads it; `--write` puts it there, never over an
//! existing file without `--force`; a file that is no agent is refused
//! with the reason.

mod common;

use common::TempDir;
use common::cli::{run, stderr, stdout};

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep\n\
                     color: red\n---\nReview the change.\n";

#[test]
fn convert_prints_the_converted_agent_with_its_place() {
    let dir = TempDir::new("cli-convert-print");
    dir.write(".claude/agents/reviewer.md", AGENT);
    let out = run(
        dir.path(),
        &["convert", "--to", "copilot", ".claude/agents/reviewer.md"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "==> .github/agents/reviewer.agent.md <==\n---\nname: reviewer\n\
         description: Reviews code.\ntools: [read, search]\n\
         # Not carried over from Claude Code to GitHub Copilot (agentls convert):\n\
         # - `tools`: `search` is the narrowest GitHub Copilot tool: it also allows glob, list\n\
         # - `color: red`: GitHub Copilot agents have no color\n---\nReview the change.\n"
    );
    assert!(
        !dir.path().join(".github").exists(),
        "printing writes nothing"
    );
}

#[test]
fn convert_write_puts_the_file_where_the_host_reads_it_and_keeps_existing_ones() {
    let dir = TempDir::new("cli-convert-write");
    dir.write(".claude/agents/reviewer.md", AGENT);
    let args = [
        "convert",
        "--to=gemini",
        "--write",
        ".claude/agents/reviewer.md",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("wrote .gemini/agents/reviewer.md (1 thing not carried over"),
        "{}",
        stdout(&out)
    );
    let written = std::fs::read_to_string(dir.path().join(".gemini/agents/reviewer.md")).unwrap();
    assert!(
        written.contains("tools: [read_file, grep_search]\n"),
        "{written}"
    );
    // The written file passes Gemini CLI's rules.
    let check = run(
        dir.path(),
        &["check", "--format", "json", ".gemini/agents/reviewer.md"],
        None,
    );
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));

    // Again: the file is there, so it is kept, unless --force.
    std::fs::write(dir.path().join(".gemini/agents/reviewer.md"), "mine\n").unwrap();
    let out = run(dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already exists (--force replaces it)"),
        "{}",
        stderr(&out)
    );
    let kept = std::fs::read_to_string(dir.path().join(".gemini/agents/reviewer.md")).unwrap();
    assert_eq!(kept, "mine\n");
    let mut forced = args.to_vec();
    forced.insert(1, "--force");
    let out = run(dir.path(), &forced, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let replaced = std::fs::read_to_string(dir.path().join(".gemini/agents/reviewer.md")).unwrap();
    assert_eq!(replaced, written);
}

#[test]
fn convert_refuses_what_is_not_an_agent_and_goes_on_with_the_rest() {
    let dir = TempDir::new("cli-convert-refuse");
    dir.write(".claude/agents/reviewer.md", AGENT);
    dir.write(
        ".claude/skills/fmt/SKILL.md",
        "---\nname: fmt\ndescription: Formats.\n---\nFormat.\n",
    );
    let out = run(
        dir.path(),
        &[
            "convert",
            "--to",
            "opencode",
            ".claude/skills/fmt/SKILL.md",
            ".claude/agents/reviewer.md",
            "missing.md",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "a file could not be read");
    let err = stderr(&out);
    assert!(
        err.contains(".claude/skills/fmt/SKILL.md: cannot convert to OpenCode: not an agent file"),
        "{err}"
    );
    assert!(err.contains("missing.md: cannot read"), "{err}");
    assert!(
        stdout(&out).starts_with("==> .opencode/agents/reviewer.md <==\n---\ndescription: Reviews code.\nmode: subagent\n"),
        "{}",
        stdout(&out)
    );
    let usage = run(dir.path(), &["convert", ".claude/agents/reviewer.md"], None);
    assert_eq!(usage.status.code(), Some(2));
    assert!(
        stderr(&usage).contains("needs `--to HOST`"),
        "{}",
        stderr(&usage)
    );
    let help = run(dir.path(), &["--help"], None);
    assert!(stdout(&help).contains("agentls convert --to HOST FILE..."));
}
