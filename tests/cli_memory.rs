//! `agentls check` finds output styles, rules and CLAUDE.md without naming
//! them, judges each by its own kind, and looks their `@path` imports up on
//! disk.

mod common;

use common::TempDir;
use common::cli::{run, stdout_json};
use serde_json::Value;

/// The codes reported for `file` in `check --format json`'s output.
fn codes_for(doc: &Value, file: &str) -> Option<Vec<String>> {
    let files = doc["files"].as_array()?;
    let f = files.iter().find(|f| f["path"] == file)?;
    Some(
        f["diagnostics"]
            .as_array()?
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect(),
    )
}

#[test]
fn check_judges_styles_rules_and_memory_each_by_kind() {
    let dir = TempDir::new("cli-memory");
    // `paths` is a rule's key, not a style's (AG015); `force-for-plugin`
    // outside a plugin (AG122).
    dir.write(
        ".claude/output-styles/terse.md",
        "---\ndescription: Short.\nforce-for-plugin: true\npaths: src\n---\nBe brief.\n",
    );
    // `description` is a style's key, not a rule's; the glob never closes.
    dir.write(
        ".claude/rules/ts.md",
        "---\npaths: \"src/[ab.ts\"\ndescription: TS\n---\nSee @../../docs/ts.md.\n",
    );
    dir.write("docs/ts.md", "TypeScript rules.\n");
    dir.write("docs/a.md", "Conventions.\n");
    dir.write(
        "CLAUDE.md",
        "# Project\n\nRead @docs/a.md and @docs/missing.md\n\n`@docs/in-code.md`\n",
    );
    dir.write("docs/notes.md", "not checked without paths\n");
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let doc = stdout_json(&out);
    let style = codes_for(&doc, ".claude/output-styles/terse.md").expect("style checked");
    assert_eq!(style, ["AG122", "AG015"]);
    let rule = codes_for(&doc, ".claude/rules/ts.md").expect("rule checked");
    // `@../../docs/ts.md.` (the full stop is part of the path as written)
    // names no file: Claude Code reads the mention up to whitespace.
    assert_eq!(rule, ["AG121", "AG015", "AG125"]);
    let memory = codes_for(&doc, "CLAUDE.md").expect("CLAUDE.md checked");
    // The good import and the one in code say nothing; the missing one does.
    assert_eq!(memory, ["AG125"]);
    let files = doc["files"].as_array().unwrap();
    let missing =
        files.iter().find(|f| f["path"] == "CLAUDE.md").unwrap()["diagnostics"][0].clone();
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("`docs/missing.md` names no file"),
        "{missing}"
    );
    assert_eq!(missing["range"]["start"]["line"], 3);
    assert!(
        codes_for(&doc, "docs/notes.md").is_none(),
        "not a kind agentls reads"
    );
    // Warnings only: exit code 0 unless asked otherwise.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
