//! Other hosts' files, each judged by its own host's rules and never by
//! Claude Code's: one fixture per finding in `fixtures/hosts/`. The
//! fixture's name gives the path it is analysed at: `copilot-…` as
//! `.github/agents/<stem>.agent.md`, `chatmode-…` as
//! `.github/chatmodes/<stem>.chatmode.md`, `opencode-…` as
//! `.opencode/agents/<stem>.md`, `gemini-…` as `.gemini/agents/<stem>.md`.

mod common;

use std::path::{Path, PathBuf};

use agentls_core::codes::{self, HOSTS};
use agentls_core::{Analysis, FileKind, HostFile, analyze};
use common::{assert_every_code_shown, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("hosts", "md", 14)
}

fn path_of(name: &str) -> PathBuf {
    common::path_by_prefix(
        name,
        &[
            ("copilot-", "/ws/.github/agents/{}.agent.md"),
            ("chatmode-", "/ws/.github/chatmodes/{}.chatmode.md"),
            ("opencode-", "/ws/.opencode/agents/{}.md"),
            ("gemini-", "/ws/.gemini/agents/{}.md"),
        ],
    )
}

fn analyse(name: &str, text: &str) -> Analysis {
    analyze(text, Some(&path_of(name)))
}

/// Whether `code` is one of the other hosts' codes (not Claude Code's).
fn host_code(code: &str) -> bool {
    HOSTS.iter().any(|c| c.code == code)
}

#[test]
fn host_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(&name, &text);
        insta::assert_snapshot!(format!("hosts-{name}"), render(&text, &a));
        assert!(matches!(a.kind, FileKind::Host(_)), "{name}: {:?}", a.kind);
        for d in &a.diagnostics {
            assert!(host_code(d.code), "{name}: Claude Code's {}", d.code);
            assert!(
                !d.message.contains("Claude Code will"),
                "{name}: {}",
                d.message
            );
        }
    }
}

/// Every code of the hosts' table is shown by a fixture (the prompt length
/// by a prompt made here: 30,000 characters do not belong in a snapshot).
#[test]
fn every_host_code_has_a_fixture() {
    let long = long_agent();
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(&name, &text).diagnostics)
        .chain(analyse("copilot-long", &long).diagnostics);
    assert_every_code_shown(HOSTS, seen.map(|d| d.code));
}

fn long_agent() -> String {
    format!(
        "---\ndescription: Knows everything.\n---\n{}",
        "All of it. ".repeat(3000)
    )
}

#[test]
fn a_prompt_over_30000_characters_is_too_long_for_github() {
    let text = long_agent();
    let a = analyse("copilot-long", &text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == codes::COPILOT_BODY_TOO_LONG)
        .expect("AG209");
    assert_eq!(d.range.end, text.len());
    assert_eq!(
        text[..d.range.start].chars().count() - text.find("All").unwrap(),
        30_000
    );
    // One character fewer is fine.
    let fits = format!("---\ndescription: Fits.\n---\n{}", "x".repeat(30_000));
    assert!(analyse("copilot-fits", &fits).diagnostics.is_empty());
}

/// A correct file of each host: nothing to say, neither warning nor error.
#[test]
fn correct_files_are_clean() {
    for name in [
        "copilot-correct",
        "opencode-correct",
        "opencode-theme-color",
        "gemini-correct",
    ] {
        let (_, text) = fixtures().into_iter().find(|(n, _)| n == name).unwrap();
        let a = analyse(name, &text);
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
    }
    let chat_mode = fixtures()
        .into_iter()
        .find(|(n, _)| n == "chatmode-plan")
        .unwrap();
    let a = analyse("chatmode-plan", &chat_mode.1);
    let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::COPILOT_CHAT_MODE_LEGACY]);
}

/// An OpenCode agent in the user's global folder without front matter is
/// left alone (OpenCode reads it with defaults). The prompt and rule files
/// of other hosts are shown by tests/host_files.rs.
#[test]
fn opencode_global_agent_without_front_matter_is_silent() {
    let path = "/home/u/.config/opencode/agent/x.md";
    let a = analyze("No front matter.\n", Some(Path::new(path)));
    assert_eq!(a.kind, FileKind::Host(HostFile::OpenCodeAgent), "{path}");
    assert!(a.diagnostics.is_empty(), "{path}: {:?}", a.diagnostics);
}

/// The same Claude-style agent, judged by where it lies: Claude Code's
/// rules under `.claude/agents`, Copilot's under `.github/agents`.
#[test]
fn the_same_file_is_judged_by_its_host() {
    let text =
        "---\nname: reviewer\ndescription: Reviews code.\ncolor: red\nhandoffs: []\n---\nReview.\n";
    let claude = analyze(text, Some(Path::new("/ws/.claude/agents/reviewer.md")));
    assert!(claude.diagnostics.iter().all(|d| !host_code(d.code)));
    assert!(
        claude
            .diagnostics
            .iter()
            .any(|d| d.code == codes::UNKNOWN_KEY)
    );
    let copilot = analyze(text, Some(Path::new("/ws/.github/agents/reviewer.md")));
    let codes: Vec<_> = copilot.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            codes::COPILOT_UNKNOWN_FIELD,
            codes::COPILOT_HANDOFFS_VSCODE_ONLY
        ]
    );
}
