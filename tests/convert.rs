//! `agentls convert` in the core: every agent fixture of every host,
//! converted to every other host, is a file the target host loads without
//! a finding worth a warning, at the place that host reads it; what cannot
//! be carried over is listed in the new file, never dropped silently.
//!
//! Fixtures: Claude Code agents in `fixtures/diagnostics/`,
//! `fixtures/recorded/agents/` and `examples/`; the other hosts' agents in
//! `fixtures/hosts/` (the name's prefix gives the host, as in `hosts.rs`).

mod common;

use std::path::PathBuf;

use agentls_core::convert::{Host, Refusal, convert};
use agentls_core::{Severity, analyze, classify};
use common::render_diagnostics;

/// Every agent fixture with the path it is analysed at.
fn agents() -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["diagnostics", "recorded/agents", "../../examples"] {
        for (name, text) in common::fixtures(dir, "md", 5) {
            let path = PathBuf::from(format!("/ws/.claude/agents/{name}.md"));
            out.push((format!("{dir}/{name}"), path, text));
        }
    }
    for (name, text) in common::fixtures("hosts", "md", 14) {
        let path = if name.starts_with("copilot-") {
            format!("/ws/.github/agents/{name}.agent.md")
        } else if name.starts_with("chatmode-") {
            format!("/ws/.github/chatmodes/{name}.chatmode.md")
        } else if name.starts_with("opencode-") {
            format!("/ws/.opencode/agents/{name}.md")
        } else {
            format!("/ws/.gemini/agents/{name}.md")
        };
        out.push((format!("hosts/{name}"), PathBuf::from(path), text));
    }
    out
}

fn is_serious(s: Severity) -> bool {
    matches!(s, Severity::Error | Severity::Warning)
}

#[test]
fn every_fixture_converts_to_a_file_its_target_loads_cleanly() {
    let mut converted = 0;
    let mut failures = Vec::new();
    for (name, path, text) in agents() {
        let from = Host::of(&classify(&path)).expect("an agent fixture");
        let source = analyze(&text, Some(&path));
        for to in Host::ALL.into_iter().filter(|&h| h != from) {
            match convert(&text, &path, to) {
                Ok(c) => {
                    converted += 1;
                    let at = PathBuf::from("/ws").join(&c.path);
                    assert_eq!(Host::of(&classify(&at)), Some(to), "{name} -> {}", c.path);
                    let a = analyze(&c.text, Some(&at));
                    let serious: Vec<_> = a
                        .diagnostics
                        .iter()
                        .filter(|d| is_serious(d.severity))
                        .cloned()
                        .collect();
                    if !serious.is_empty() {
                        failures.push(format!(
                            "{name} -> {}:\n{}\n{}",
                            to.id(),
                            c.text,
                            render_diagnostics(&c.text, &serious)
                        ));
                    }
                    // The body is carried over unchanged.
                    let body = text.split_once("\n---").map(|(_, b)| b);
                    if let Some(body) = body.and_then(|b| b.split_once('\n').map(|(_, b)| b)) {
                        assert!(
                            c.text.ends_with(body),
                            "{name} -> {}: body changed",
                            to.id()
                        );
                    }
                    // Everything lost is listed in the file.
                    for l in &c.lost {
                        assert!(
                            c.text.contains(&l.why.replace("---", "- - -")),
                            "{name} -> {}: {l:?} not listed",
                            to.id()
                        );
                    }
                }
                // A file is refused only when it has no front matter or no
                // description (every host but OpenCode needs one), or when
                // its own host rejects it.
                Err(Refusal::NoDescription | Refusal::NoFrontMatter) => {}
                Err(why) => assert!(
                    source
                        .diagnostics
                        .iter()
                        .any(|d| d.severity == Severity::Error),
                    "{name} -> {}: refused ({why}) though its host loads it",
                    to.id()
                ),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(converted >= 150, "only {converted} conversions made");
}

fn convert_fixture(dir: &str, name: &str, to: Host) -> String {
    let (path, text) = agents()
        .into_iter()
        .find(|(n, ..)| *n == format!("{dir}/{name}"))
        .map(|(_, p, t)| (p, t))
        .unwrap_or_else(|| panic!("no fixture {dir}/{name}"));
    let c = convert(&text, &path, to).unwrap_or_else(|e| panic!("{name}: {e}"));
    format!("{}\n{}", c.path, c.text)
}

/// A few conversions in full: the Claude Code example to every host, each
/// other host's correct agent to Claude Code, and two of the worst.
#[test]
fn conversions_read_as_intended() {
    for to in [Host::Copilot, Host::OpenCode, Host::Gemini] {
        insta::assert_snapshot!(
            format!("convert-code-reviewer-to-{}", to.id()),
            convert_fixture("../../examples", "code-reviewer", to)
        );
    }
    for (name, to) in [
        ("copilot-correct", Host::ClaudeCode),
        ("opencode-correct", Host::ClaudeCode),
        ("gemini-correct", Host::ClaudeCode),
        ("copilot-correct", Host::Gemini),
        ("opencode-correct", Host::Copilot),
        ("chatmode-plan", Host::Copilot),
    ] {
        insta::assert_snapshot!(
            format!("convert-{name}-to-{}", to.id()),
            convert_fixture("hosts", name, to)
        );
    }
    // Claude Code agents with much that does not carry over.
    for (name, to) in [
        ("tools-mixed", Host::OpenCode),
        ("invalid-values", Host::Gemini),
    ] {
        insta::assert_snapshot!(
            format!("convert-{name}-to-{}", to.id()),
            convert_fixture("diagnostics", name, to)
        );
    }
}

/// Claude Code to Copilot and back keeps the name, the description, the
/// tools (Copilot's aliases may add a sibling: `search` is Grep and Glob)
/// and the body.
#[test]
fn claude_to_copilot_and_back_keeps_what_both_have() {
    let mut checked = 0;
    for (name, path, text) in agents()
        .into_iter()
        .filter(|(n, ..)| n.starts_with("../../examples/"))
    {
        // An example with front matter no host reads is refused, above.
        let Ok(there) = convert(&text, &path, Host::Copilot) else {
            continue;
        };
        checked += 1;
        let at = PathBuf::from("/ws").join(&there.path);
        let back = convert(&there.text, &at, Host::ClaudeCode).unwrap();
        let before = analyze(&text, Some(&path));
        let after = analyze(&back.text, Some(&PathBuf::from("/ws").join(&back.path)));
        let field = |a: &agentls_core::Analysis, k: &str| {
            a.frontmatter
                .as_ref()
                .and_then(|fm| fm.get(k))
                .and_then(|e| e.value.as_str().map(str::to_string))
        };
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let own = field(&before, "name").unwrap_or(stem);
        assert_eq!(Some(own), field(&after, "name"), "{name}");
        assert_eq!(
            field(&before, "description"),
            field(&after, "description"),
            "{name}"
        );
        let tools = |a: &agentls_core::Analysis| -> Vec<String> {
            field(a, "tools")
                .map(|t| t.split(',').map(|s| s.trim().to_string()).collect())
                .unwrap_or_default()
        };
        // The names Claude Code honours (`MultiEdit` comes back as `Edit`).
        let current = |t: &String| {
            agentls_core::catalog::catalog()
                .tool(t)
                .is_some_and(|t| t.status == agentls_core::catalog::ToolStatus::Current)
        };
        for t in tools(&before).iter().filter(|t| current(t)) {
            let t = t.split('(').next().unwrap().to_string();
            assert!(
                tools(&after).contains(&t),
                "{name}: {t} lost: {}",
                back.text
            );
        }
        let body = text.split_once("\n---\n").unwrap().1;
        assert!(back.text.ends_with(body), "{name}: {}", back.text);
    }
    assert!(checked >= 4, "{checked} examples round-tripped");
}
