//! Portability: a Claude Code agent (`.claude/agents/*.md`) is also read by
//! VS Code's Copilot as a custom agent. What Copilot cannot use there is
//! reported only for projects that serve Copilot (`hosts` in agentls.toml,
//! or the hosts whose folders the project has). One fixture per case in
//! `fixtures/portability/`, analysed as `.claude/agents/<name>.md`.

mod common;

use std::path::Path;

use agentls_core::codes::PORTABILITY;
use agentls_core::policy::Policy;
use agentls_core::portability::{host_findings, infer_hosts, served_findings, served_hosts};
use agentls_core::{FileKind, HostFile, classify};
use common::{assert_every_code_shown, check, render_diagnostics};

fn served(hosts: &[&str]) -> Vec<String> {
    hosts.iter().map(|h| h.to_string()).collect()
}

#[test]
fn portability_fixtures_for_a_project_serving_copilot() {
    let mut seen = Vec::new();
    for (name, text) in common::fixtures("portability", "md", 4) {
        let a = check(&name, &text);
        let found = host_findings(&a);
        let shown = served_findings(&served(&["claude-code", "copilot"]), &found);
        insta::assert_snapshot!(
            format!("portability-{name}"),
            render_diagnostics(&text, &shown)
        );
        // Never a Claude Code finding: the file loads the same for it.
        for d in &shown {
            assert!(
                !a.diagnostics.iter().any(|own| own.code == d.code),
                "{name}"
            );
        }
        seen.extend(shown.iter().map(|d| d.code));
    }
    assert_every_code_shown(PORTABILITY, seen);
}

#[test]
fn a_project_serving_only_claude_code_gets_no_portability_finding() {
    for (name, text) in common::fixtures("portability", "md", 4) {
        let a = check(&name, &text);
        let found = host_findings(&a);
        assert!(
            served_findings(&served(&["claude-code"]), &found).is_empty(),
            "{name}"
        );
        // Hosts that do not read `.claude/agents` (OpenCode, Gemini CLI)
        // give nothing either: `color: red` is fine for Claude Code.
        assert!(
            served_findings(&served(&["opencode", "gemini-cli"]), &found).is_empty(),
            "{name}"
        );
    }
}

#[test]
fn only_claude_code_agents_are_read_by_copilot() {
    let text = "---\nname: x\ndescription: X.\ntools: Bash(git *)\nmodel: opus\n---\nX.\n";
    let skill = agentls_core::analyze(text, Some(Path::new("/ws/.claude/skills/x/SKILL.md")));
    assert!(host_findings(&skill).is_empty());
    let copilot = agentls_core::analyze(text, Some(Path::new("/ws/.github/agents/x.agent.md")));
    assert!(host_findings(&copilot).is_empty());
    let agent = check("x", text);
    assert_eq!(host_findings(&agent).len(), 2);
}

#[test]
fn configured_hosts_win_over_inferred_ones() {
    let inferred = served(&["claude-code", "copilot"]);
    assert_eq!(served_hosts(&Policy::default(), &inferred), inferred);
    let policy = Policy {
        hosts: served(&["claude-code"]),
        ..Policy::default()
    };
    assert_eq!(served_hosts(&policy, &inferred), served(&["claude-code"]));
}

#[test]
fn hosts_are_inferred_from_the_files_found() {
    let kinds: Vec<FileKind> = [
        "/ws/.claude/agents/a.md",
        "/ws/.github/chatmodes/m.chatmode.md",
        "/ws/.opencode/agents/o.md",
        "/ws/.gemini/agents/g.md",
        "/ws/.cursor/rules/r.mdc",
        "/ws/README.md",
    ]
    .iter()
    .map(|p| classify(Path::new(p)))
    .collect();
    assert_eq!(
        infer_hosts(&kinds),
        served(&["claude-code", "copilot", "cursor", "gemini-cli", "opencode"])
    );
    // Prompt files and instructions alone do not make a project serve
    // Copilot's custom agents.
    let prompts = [FileKind::Host(HostFile::CopilotPrompt)];
    assert!(infer_hosts(&prompts).is_empty());
}
