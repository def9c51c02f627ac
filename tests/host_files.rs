//! Other hosts' prompt and rule files, each judged by what its host does
//! with it: one fixture per finding in `fixtures/host-files/`. The
//! fixture's name gives the path it is analysed at: `prompt-…` as
//! `.github/prompts/<stem>.prompt.md`, `instructions-…` as
//! `.github/instructions/<stem>.instructions.md`, `cursor-…` as
//! `.cursor/rules/<stem>.mdc`, `codex-…` as `.codex/prompts/<stem>.md`.

mod common;

use std::path::{Path, PathBuf};

use agentls_core::codes::{self, HOST_FILES};
use agentls_core::{Analysis, FileKind, HostFile, analyze};
use common::{assert_every_code_shown, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("host-files", "md", 12)
}

fn path_of(name: &str) -> PathBuf {
    common::path_by_prefix(
        name,
        &[
            ("prompt-", "/ws/.github/prompts/{}.prompt.md"),
            (
                "instructions-",
                "/ws/.github/instructions/lang/{}.instructions.md",
            ),
            ("cursor-", "/ws/.cursor/rules/{}.mdc"),
            ("codex-", "/ws/.codex/prompts/{}.md"),
        ],
    )
}

fn analyse(name: &str, text: &str) -> Analysis {
    analyze(text, Some(&path_of(name)))
}

fn fixture(name: &str) -> String {
    common::fixture("host-files", "md", name)
}

fn codes_of(name: &str) -> Vec<&'static str> {
    let text = fixture(name);
    analyse(name, &text)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn host_file_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(&name, &text);
        insta::assert_snapshot!(format!("host-files-{name}"), render(&text, &a));
        assert!(matches!(a.kind, FileKind::Host(_)), "{name}: {:?}", a.kind);
        for d in &a.diagnostics {
            assert!(
                HOST_FILES.iter().any(|c| c.code == d.code),
                "{name}: {} is not a host file code",
                d.code
            );
        }
    }
}

#[test]
fn every_host_file_code_has_a_fixture() {
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(&name, &text).diagnostics);
    assert_every_code_shown(HOST_FILES, seen.map(|d| d.code));
}

/// A correct file of each kind: nothing to say.
#[test]
fn correct_files_are_clean() {
    for name in [
        "prompt-correct",
        "instructions-correct",
        "cursor-correct",
        "codex-correct",
    ] {
        let text = fixture(name);
        let a = analyse(name, &text);
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
    }
}

/// Cursor's own way of writing globs is not YAML's: never "fixed" into
/// quotes, and no YAML finding however the lax parser reads it.
#[test]
fn cursor_globs_unquoted_and_comma_separated_are_right() {
    for globs in [
        "src/**/*.ts, src/**/*.tsx",
        "*.md",
        "src/**/*.{ts,tsx}, docs/*: notes/#*",
    ] {
        let text = format!("---\nglobs: {globs}\n---\nBody.\n");
        let a = analyze(&text, Some(Path::new("/ws/.cursor/rules/x.mdc")));
        assert_eq!(a.kind, FileKind::Host(HostFile::CursorRule));
        assert!(a.diagnostics.is_empty(), "{globs}: {:?}", a.diagnostics);
    }
}

/// The fixes write what Cursor reads: unquoted, comma-separated globs and
/// a bare `true`.
#[test]
fn cursor_fixes_unquote() {
    let text = fixture("cursor-quoted");
    let a = analyse("cursor-quoted", &text);
    let fixed = |code: &str| {
        let d = a.diagnostics.iter().find(|d| d.code == code).unwrap();
        let e = &d.fixes[0].edits[0];
        let mut t = text.clone();
        t.replace_range(e.range.clone(), &e.new_text);
        t
    };
    assert!(fixed(codes::CURSOR_GLOBS_QUOTED).contains("\nglobs: src/**/*.rs, tests/**/*.rs\n"));
    assert!(fixed(codes::CURSOR_ALWAYS_APPLY_STRING).contains("\nalwaysApply: true\n"));
    let text = fixture("cursor-brackets");
    let a = analyse("cursor-brackets", &text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == codes::CURSOR_GLOBS_QUOTED)
        .unwrap();
    assert_eq!(d.fixes[0].edits[0].new_text, "**/*.py, pyproject.toml");
}

/// `mode` is renamed to `agent` only when that does not write `agent`
/// twice.
#[test]
fn prompt_mode_is_renamed_unless_agent_is_there() {
    let mistakes = fixture("prompt-mistakes");
    let a = analyse("prompt-mistakes", &mistakes);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == codes::COPILOT_PROMPT_MODE_LEGACY)
        .unwrap();
    assert_eq!(&mistakes[d.range.clone()], "mode");
    assert_eq!(d.fixes[0].edits[0].new_text, "agent");
    let both = fixture("prompt-mode-and-agent");
    let a = analyse("prompt-mode-and-agent", &both);
    assert_eq!(a.diagnostics.len(), 1, "{:?}", a.diagnostics);
    assert!(a.diagnostics[0].fixes.is_empty());
}

/// An unknown variable is reported on exactly its `${…}`.
#[test]
fn prompt_variable_range_is_exact() {
    let text = fixture("prompt-mistakes");
    let a = analyse("prompt-mistakes", &text);
    let found: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::COPILOT_PROMPT_VARIABLE_UNKNOWN)
        .map(|d| &text[d.range.clone()])
        .collect();
    assert_eq!(found, ["${selectio}", "${workspace}"]);
}

#[test]
fn finding_codes_by_kind() {
    assert_eq!(
        codes_of("instructions-no-apply-to"),
        [codes::COPILOT_INSTRUCTIONS_NO_APPLY_TO]
    );
    assert_eq!(codes_of("cursor-manual"), [codes::CURSOR_MANUAL_ONLY]);
    // Values below their key count: not manual, and nothing said of them.
    let below = "---\ndescription: >\n  Python style\nglobs:\n  - \"*.py\"\n---\nPy.\n";
    let a = analyze(below, Some(Path::new("/ws/.cursor/rules/py.mdc")));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let globs_below = "---\nglobs:\n  - \"*.py\"\n---\nPy.\n";
    let a = analyze(globs_below, Some(Path::new("/ws/.cursor/rules/py.mdc")));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    // A Codex prompt with no front matter at all is fine.
    let a = analyze("Fix $1.\n", Some(Path::new("/ws/.codex/prompts/fix.md")));
    assert!(a.diagnostics.is_empty());
    // An instructions file without front matter is used only by hand too.
    let a = analyze(
        "Use rustfmt.\n",
        Some(Path::new("/ws/.github/instructions/rust.instructions.md")),
    );
    let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::COPILOT_INSTRUCTIONS_NO_APPLY_TO]);
}
