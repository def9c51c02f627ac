//! Output styles, rules and memory (`CLAUDE.md`), judged by their own rules:
//! one fixture per rule in `fixtures/memory/`. The fixture's name gives the
//! path it is analysed at: `style-…` as `.claude/output-styles/<stem>.md`,
//! `plugin-style-…` as a plugin's `output-styles/<stem>.md`, `rule-…` as
//! `.claude/rules/<stem>.md`, `memory-…` as the `CLAUDE.md` of a folder
//! named like the fixture.

mod common;

use std::path::{Path, PathBuf};

use agentls_core::{Analysis, FileKind, Verdict, analyze};
use common::{assert_every_code_shown, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("memory", "md", 15)
}

fn path_of(name: &str) -> PathBuf {
    common::path_by_prefix(
        name,
        &[
            ("plugin-style-", "/ws/plug/output-styles/{}.md"),
            ("style-", "/ws/.claude/output-styles/{}.md"),
            ("rule-", "/ws/.claude/rules/{}.md"),
            ("memory-", "/ws/{}/CLAUDE.md"),
        ],
    )
}

fn analyse(name: &str, text: &str) -> Analysis {
    analyze(text, Some(&path_of(name)))
}

#[test]
fn memory_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(&name, &text);
        insta::assert_snapshot!(format!("memory-{name}"), render(&text, &a));
        // Claude Code uses these files whatever their front matter.
        assert_ne!(a.verdict, Verdict::DoesNotLoad, "{name}");
        assert!(
            matches!(
                a.kind,
                FileKind::ClaudeOutputStyle { .. } | FileKind::ClaudeRule | FileKind::ClaudeMemory
            ),
            "{name}: {:?}",
            a.kind
        );
        for d in &a.diagnostics {
            for agent_words in ["skips the agent", "system prompt", "agent is skipped"] {
                assert!(!d.message.contains(agent_words), "{name}: {}", d.message);
            }
        }
    }
}

/// Every code of the memory table is shown by at least one fixture.
#[test]
fn every_memory_code_has_a_fixture() {
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(&name, &text).diagnostics);
    assert_every_code_shown(agentls_core::codes::MEMORY, seen.map(|d| d.code));
}

/// Files Claude Code reads as written: nothing to say.
#[test]
fn correct_files_are_clean() {
    for name in [
        "style-correct",
        "plugin-style-correct",
        "rule-correct",
        "rule-paths-string",
        "memory-correct",
    ] {
        let (_, text) = fixtures().into_iter().find(|(n, _)| n == name).unwrap();
        let a = analyse(name, &text);
        assert_eq!(a.verdict, Verdict::Loads, "{name}");
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
    }
}

/// Each kind by its own catalog: `paths` is read in rules and CLAUDE.md,
/// not in output styles; `description` in output styles only; the agent
/// rules (AG020 name-missing, AG021 description-missing) never apply.
#[test]
fn each_kind_by_its_own_keys() {
    let codes = |path: &str, text: &str| -> Vec<&'static str> {
        analyze(text, Some(Path::new(path)))
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    let paths = "---\npaths: src/**\n---\nText.\n";
    assert_eq!(codes("/w/.claude/rules/r.md", paths), Vec::<&str>::new());
    assert_eq!(codes("/w/CLAUDE.md", paths), Vec::<&str>::new());
    assert_eq!(codes("/w/CLAUDE.local.md", paths), Vec::<&str>::new());
    assert_eq!(
        codes("/w/.claude/output-styles/s.md", paths),
        ["AG123", "AG015"]
    );
    let described = "---\ndescription: x\n---\nText.\n";
    assert_eq!(codes("/w/.claude/rules/r.md", described), ["AG015"]);
    assert_eq!(
        codes("/w/.claude/output-styles/s.md", described),
        Vec::<&str>::new()
    );
    // Without front matter a rule or CLAUDE.md is just text.
    assert!(codes("/w/.claude/rules/r.md", "Text.\n").is_empty());
    assert!(codes("/w/CLAUDE.md", "").is_empty());
}

/// `paths` arrived in 2.1.84: a project targeting an older release hears
/// of it (AG016), through the keys the analysis reports with their release.
#[test]
fn paths_carries_its_release() {
    let a = analyze(
        "---\npaths: src/**\n---\n",
        Some(Path::new("/w/.claude/rules/r.md")),
    );
    let keys = a.versioned_keys();
    assert_eq!(keys.len(), 1);
    assert_eq!((keys[0].key, keys[0].since), ("paths", "2.1.84"));
}

/// The import findings need the disk: given a made-up one, a missing file
/// (AG125) and a chain past 5 hops (AG126) are found, on the import of the
/// file judged; a file the caller does not read is not judged.
#[test]
fn every_import_code_is_shown_with_a_made_up_disk() {
    use agentls_core::imports::{Lookup, findings};
    let disk = |p: &Path| -> Lookup {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match name {
            "outside.md" => Lookup::NotRead,
            // 1.md imports 2.md, … 6.md imports 7.md: seven hops from CLAUDE.md.
            n if n.len() == 4 && n < "7.md" && n.ends_with(".md") => {
                let next = n.as_bytes()[0] - b'0' + 1;
                Lookup::Text(format!("Next: @{next}.md\n"))
            }
            "7.md" | "a.md" => Lookup::Text("End.\n".into()),
            _ => Lookup::Missing,
        }
    };
    let text = "# P\n\n@a.md @gone.md @/elsewhere/outside.md\n\nDeep: @1.md\n";
    let found = findings(text, Path::new("/ws/CLAUDE.md"), None, &mut |p| disk(p));
    insta::assert_snapshot!("memory-imports", common::render_diagnostics(text, &found));
    assert_every_code_shown(agentls_core::codes::IMPORTS, found.iter().map(|d| d.code));
}
