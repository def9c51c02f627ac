//! Skills where Codex reads them (`.agents/skills/<name>/SKILL.md`,
//! `.codex/skills/<name>/SKILL.md`): the skill rules plus what Codex skips
//! (AG264), one fixture per case in `fixtures/codex-skills/`, each analysed
//! as the `SKILL.md` of a skill folder named like the fixture. The same
//! files under `.claude/skills`, which Codex does not read, get no AG264.

mod common;

use std::path::Path;

use agentls_core::codes::{self, CODEX_SKILLS};
use agentls_core::{Analysis, FileKind, Severity, analyze, classify};
use common::{assert_every_code_shown, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("codex-skills", "md", 6)
}

fn analyse(folder: &str, name: &str, text: &str) -> Analysis {
    analyze(
        text,
        Some(Path::new(&format!("/ws/{folder}/skills/{name}/SKILL.md"))),
    )
}

#[test]
fn codex_skill_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(".agents", &name, &text);
        insta::assert_snapshot!(format!("codex-skill-{name}"), render(&text, &a));
        // Every error here is Codex's: Claude Code's skill rules have none.
        for d in a
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            assert_eq!(d.code, codes::CODEX_SKILL_SKIPPED, "{name}: {}", d.message);
        }
        // `~/.codex/skills` reads the same: same findings.
        let home = analyze(
            &text,
            Some(Path::new(&format!("/home/u/.codex/skills/{name}/SKILL.md"))),
        );
        assert_eq!(a.diagnostics, home.diagnostics, "{name}");
    }
}

#[test]
fn every_codex_skills_code_has_a_fixture() {
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(".codex", &name, &text).diagnostics);
    assert_every_code_shown(CODEX_SKILLS, seen.map(|d| d.code));
}

/// Codex reads neither `.claude/skills` nor a `skills` folder elsewhere
/// (measured: the table's `folders`): no AG264 there, the skill rules alone.
#[test]
fn no_codex_findings_where_codex_does_not_read() {
    for (name, text) in fixtures() {
        for folder in [".claude", "plugin", ".github"] {
            let a = analyse(folder, &name, &text);
            assert!(
                a.diagnostics
                    .iter()
                    .all(|d| d.code != codes::CODEX_SKILL_SKIPPED),
                "{folder}/{name}: {:?}",
                a.diagnostics
            );
        }
    }
}

/// A skill in `.agents/skills` is a skill; the `.agents` folder is another
/// host's, so an `agents` folder below it is no Claude Code plugin's.
#[test]
fn agents_folder_holds_skills_only() {
    assert_eq!(
        classify(Path::new("p/.agents/skills/fmt/SKILL.md")),
        FileKind::ClaudeSkill { name: "fmt".into() }
    );
    assert_eq!(
        classify(Path::new("p/.agents/agents/a.md")),
        FileKind::Other
    );
}

/// A skill Codex loads (an unquoted `: `, a name unlike its folder,
/// uppercase and `_`, unknown keys, `metadata` a mapping) gets no error.
#[test]
fn what_codex_loads_is_no_error() {
    let (_, text) = fixtures()
        .into_iter()
        .find(|(n, _)| n == "loads-in-codex")
        .unwrap();
    let a = analyse(".agents", "loads-in-codex", &text);
    assert!(
        a.diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{:?}",
        a.diagnostics
    );
}
