//! Fixes in the core: the AG011 rewrites keep exactly what Claude Code
//! loads, fix-all reaches a fixed point, and each fix kind's result text
//! (snapshots, `tests/fixtures/fixes/kinds/`).

mod common;

use std::path::{Path, PathBuf};

use agentls_core::fix::{apply_edits, fix_all};
use agentls_core::{Analysis, Diagnostic, Edit, Syntax, Verdict};
use common::check;

fn fixtures(sub: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn seeds() -> Vec<(String, String)> {
    fixtures("seeds")
}

/// The edits of every AG011 fix chosen by `pick` (all AG011 values at once,
/// as a file may need several). A laxity only Claude Code's parser accepts
/// (tab indentation, a closing bracket) has one fix, taken in both passes.
fn ag011_edits(a: &Analysis, pick: impl Fn(&agentls_core::Fix) -> bool) -> Vec<Edit> {
    a.diagnostics
        .iter()
        .filter(|d| d.code == "AG011")
        .map(|d| {
            let only = (d.fixes.len() == 1).then(|| &d.fixes[0]);
            let f = d
                .fixes
                .iter()
                .find(|f| pick(f))
                .or(only)
                .unwrap_or_else(|| panic!("AG011 without the expected fix: {:#?}", d.fixes));
            assert_eq!(f.edits.len(), 1);
            f.edits[0].clone()
        })
        .collect()
}

/// Codes other than AG011, in order: what a rewrite must leave untouched.
fn other_codes(a: &Analysis) -> Vec<&'static str> {
    a.diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| *c != "AG011")
        .collect()
}

/// Apply each AG011 rewrite and check the result is strict YAML that loads
/// exactly as before.
fn assert_rewrites_keep_loaded_text(name: &str, text: &str) -> usize {
    let before = check(name, text);
    let n = before
        .diagnostics
        .iter()
        .filter(|d| d.code == "AG011")
        .count();
    if n == 0 {
        return 0;
    }
    let original = before.agent.clone().expect("a rescued agent loads");
    assert!(original.description.is_some(), "{name}");
    for (label, preferred) in [("block scalar", true), ("double-quoted", false)] {
        let edits = ag011_edits(&before, |f| f.preferred == preferred);
        let fixed = apply_edits(text, &edits);
        let after = check(name, &fixed);
        let fm = after.frontmatter.as_ref().expect("front matter");
        assert_eq!(
            fm.syntax,
            Syntax::Strict,
            "{name} ({label}) is not strict YAML:\n{fixed}"
        );
        assert_eq!(
            after.agent.as_ref(),
            Some(&original),
            "{name} ({label}) loads differently:\n{fixed}"
        );
        assert_eq!(
            other_codes(&after),
            other_codes(&before),
            "{name} ({label})"
        );
    }
    n
}

#[test]
fn rescued_rows_rewrite_to_strict_yaml_with_the_same_loaded_text() {
    for (name, text) in fixtures("fixes/rescued") {
        let a = check(&name, &text);
        assert!(
            matches!(
                a.frontmatter.as_ref().map(|f| &f.syntax),
                Some(Syntax::Rescued { .. })
            ),
            "{name} should need Claude Code's retry"
        );
        assert!(
            assert_rewrites_keep_loaded_text(&name, &text) > 0,
            "{name}: no AG011"
        );
    }
}

#[test]
fn seeds_and_rule_fixtures_rewrite_to_strict_yaml_with_the_same_loaded_text() {
    let mut rewritten = 0;
    for (name, text) in seeds().into_iter().chain(fixtures("diagnostics")) {
        rewritten += assert_rewrites_keep_loaded_text(&name, &text);
    }
    assert!(rewritten >= 4, "seeds 000, 001, 004 and rescued-colon");
}

#[test]
fn the_rewrite_handles_escapes_breaks_and_spaces() {
    let text = "---\nname: a\ndescription: x: \\\"q\\\"\\n  two\\n\\nC:\\\\new\\t \n---\nB\n";
    let a = check("a", text);
    let block = ag011_edits(&a, |f| f.preferred);
    assert_eq!(
        block[0].new_text,
        "|2-\n  x: \\\"q\\\"\n    two\n\n  C:\\\n  ew\\t "
    );
    let quoted = ag011_edits(&a, |f| !f.preferred);
    assert_eq!(
        quoted[0].new_text,
        r#""x: \\\"q\\\"\n  two\n\nC:\\\new\\t ""#
    );
    assert_rewrites_keep_loaded_text("a", text);
}

/// Every file the tests know: seeds, rule fixtures, fix fixtures.
fn everything() -> Vec<(String, String)> {
    let mut all = seeds();
    for sub in ["diagnostics", "fixes/rescued", "fixes/kinds"] {
        all.extend(fixtures(sub));
    }
    all
}

fn preferred(a: &Analysis) -> Vec<&Diagnostic> {
    a.diagnostics
        .iter()
        .filter(|d| d.fixes.iter().any(|f| f.preferred))
        .collect()
}

#[test]
fn fix_all_reaches_a_fixed_point_and_is_idempotent() {
    for (name, text) in everything() {
        let (fixed, count) = fix_all(&text, Some(&agent_path(&name)));
        let after = check(&name, &fixed);
        assert!(
            preferred(&after).is_empty(),
            "{name}: preferred fixes left after fix-all: {:#?}\n{fixed}",
            preferred(&after)
        );
        assert_eq!(count == 0, fixed == text, "{name}: {count} fixes reported");
        let (again, more) = fix_all(&fixed, Some(&agent_path(&name)));
        assert_eq!((again.as_str(), more), (fixed.as_str(), 0), "{name}");
    }
}

fn agent_path(name: &str) -> PathBuf {
    PathBuf::from(format!("/ws/.claude/agents/{name}.md"))
}

#[test]
fn fix_all_keeps_every_seed_loading_with_its_description() {
    for (name, text) in seeds() {
        let before = check(&name, &text);
        let (fixed, count) = fix_all(&text, Some(&agent_path(&name)));
        let after = check(&name, &fixed);
        assert!(count > 0, "{name}: every seed has something to fix");
        assert_ne!(after.verdict, Verdict::DoesNotLoad, "{name}");
        assert_eq!(
            after.frontmatter.as_ref().map(|f| &f.syntax),
            Some(&Syntax::Strict),
            "{name}"
        );
        assert_eq!(
            after.agent.as_ref().and_then(|a| a.description.as_ref()),
            before.agent.as_ref().and_then(|a| a.description.as_ref()),
            "{name}"
        );
    }
}

#[test]
fn duplicate_tool_removal_keeps_lists_well_formed() {
    let cases = [
        ("tools: Read, Read, Grep", "tools: Read, Grep"),
        ("tools: Read, Grep, Read", "tools: Read, Grep"),
        ("tools: Read,Grep,Read", "tools: Read,Grep"),
        ("tools: Read Grep Read", "tools: Read Grep"),
        ("tools: \"Read, Grep, Read\"", "tools: \"Read, Grep\""),
        ("tools: [Read, Read]", "tools: [Read]"),
        ("tools: [\"Read\", 'Read', Grep]", "tools: [\"Read\", Grep]"),
        (
            "tools:\n  - Read\n  - Read\n  - Grep",
            "tools:\n  - Read\n  - Grep",
        ),
        (
            "tools:\n  - Read\n  - Grep\n  - 'Read'",
            "tools:\n  - Read\n  - Grep",
        ),
    ];
    for (tools, want) in cases {
        let text = format!("---\nname: a\ndescription: d\n{tools}\n---\nBody.\n");
        let a = check("a", &text);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "AG035")
            .unwrap_or_else(|| panic!("{tools}: no AG035"));
        let fixed = apply_edits(&text, &d.fixes[0].edits);
        assert_eq!(
            fixed,
            format!("---\nname: a\ndescription: d\n{want}\n---\nBody.\n"),
            "{tools}"
        );
    }
}

#[test]
fn every_garbled_run_offers_repairing_the_whole_file() {
    let text = "---\nname: a\ndescription: d\n---\nCafÃ© â€” ok ðŸ§\u{a0}\n";
    let a = check("a", text);
    let runs: Vec<_> = a.diagnostics.iter().filter(|d| d.code == "AG051").collect();
    assert_eq!(runs.len(), 3);
    for d in &runs {
        let all = d
            .fixes
            .iter()
            .find(|f| f.title == "Repair all garbled text in this file")
            .expect("whole-file repair");
        assert!(!all.preferred);
        assert_eq!(
            apply_edits(text, &all.edits),
            "---\nname: a\ndescription: d\n---\nCafé — ok 🧠\n"
        );
    }
}

/// Each fix of each diagnostic of a `kinds` fixture, applied alone, then
/// fix-all: the snapshot shows the resulting text of every one.
#[test]
fn each_fix_kind_applied() {
    for (name, text) in fixtures("fixes/kinds") {
        let a = check(&name, &text);
        let mut out = String::new();
        for d in &a.diagnostics {
            for f in &d.fixes {
                let token: String = text[d.range.clone()].chars().take(40).collect();
                out.push_str(&format!(
                    "== {} `{}` fix{}: {}\n{}\n",
                    d.code,
                    token.replace('\n', "\\n"),
                    if f.preferred { "*" } else { "" },
                    f.title,
                    apply_edits(&text, &f.edits).replace('\r', "\\r")
                ));
            }
        }
        let (fixed, count) = fix_all(&text, Some(&agent_path(&name)));
        out.push_str(&format!(
            "== fix all ({count} fixes)\n{}",
            fixed.replace('\r', "\\r")
        ));
        insta::assert_snapshot!(format!("kinds-{name}"), out);
    }
}

/// Generated values mixing every character YAML treats specially with
/// `\n` sequences, backslashes, quotes, tabs and spaces: each one Claude
/// Code rescues must rewrite to strict YAML with the same loaded text.
#[test]
fn generated_rescued_values_rewrite_faithfully() {
    const PIECES: [&str; 24] = [
        "word", " ", ": ", "#", "\\n", "\\", "\"", "'", "\t", "[", "]", "{", "}", "*", "@", "`",
        "|", ">", "%", "!", "&", "é", "🧠", "  ",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut checked = 0;
    for _ in 0..3000 {
        let len = 1 + next(8);
        let mut value = String::from("x");
        for _ in 0..len {
            value.push_str(PIECES[next(PIECES.len())]);
        }
        let text = format!("---\nname: gen\ndescription: {value}\ntools: Read\n---\nBody.\n");
        let a = check("gen", &text);
        if a.diagnostics.iter().any(|d| d.code == "AG011") {
            checked += assert_rewrites_keep_loaded_text("gen", &text);
        }
    }
    assert!(checked > 300, "only {checked} rescued values generated");
}
