//! What `agentls check DIR` judges: below a directory, the files the
//! classifier gives a kind (by their folders, or by the project's
//! `[kinds]`), exactly as `agentls check` without paths finds them; a
//! README is nobody's agent. A file named on the command line is judged
//! whatever its name: the user asked for it.

mod common;

use common::TempDir;
use common::cli::{run, stdout, stdout_json};
use serde_json::Value;

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews code.\ncolour: red\n---\nReview.\n";

/// Agents, a skill, a command, memory, a Copilot agent, and markdown no
/// host reads (docs, a README at the root, an issue template).
fn mixed_project() -> TempDir {
    let dir = TempDir::new("check-dirs");
    dir.write(".claude/agents/reviewer.md", AGENT);
    dir.write(
        ".claude/skills/fmt/SKILL.md",
        "---\nname: fmt\ndescription: Formats the code.\n---\nFormat $1.\n",
    );
    dir.write(
        ".claude/commands/deploy.md",
        "---\ndescription: Deploy.\nmodel: gpt-4o\n---\nDeploy.\n",
    );
    dir.write("CLAUDE.md", "# Project\nSee @docs/missing.md\n");
    dir.write(
        ".github/agents/plan.agent.md",
        "---\ndescription: Plans.\ntools: ['read']\n---\nPlan.\n",
    );
    dir.write(".github/ISSUE_TEMPLATE/bug.md", "# Bug\n");
    dir.write("docs/readme.md", "# Docs\nNo front matter here.\n");
    dir.write("README.md", "# The project\n");
    dir
}

fn paths(doc: &Value) -> Vec<String> {
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn codes_for(doc: &Value, file: &str) -> Option<Vec<String>> {
    let f = doc["files"]
        .as_array()?
        .iter()
        .find(|f| f["path"] == file)?;
    Some(
        f["diagnostics"]
            .as_array()?
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect(),
    )
}

#[test]
fn check_dot_is_check_without_paths() {
    let dir = mixed_project();
    let found = run(dir.path(), &["check", "--format", "json"], None);
    let dot = run(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(stdout(&found), stdout(&dot), "`check .` and `check` differ");
    assert_eq!(found.status.code(), dot.status.code());
    let doc = stdout_json(&dot);
    assert_eq!(
        paths(&doc),
        [
            ".claude/agents/reviewer.md",
            ".claude/commands/deploy.md",
            ".claude/skills/fmt/SKILL.md",
            ".github/agents/plan.agent.md",
            "CLAUDE.md",
        ]
        .map(|p| p.replace('/', std::path::MAIN_SEPARATOR_STR))
    );
    // Each by its own kind's rules: the agent's misspelled key, the
    // memory file's missing import.
    let has = |file: &str, code: &str| {
        codes_for(&doc, &file.replace('/', std::path::MAIN_SEPARATOR_STR))
            .is_some_and(|c| c.iter().any(|c| c == code))
    };
    assert!(has(".claude/agents/reviewer.md", "AG015"));
    assert!(has("CLAUDE.md", "AG125"));
    // Files of no kind are not checked, so not counted either.
    assert_eq!(doc["summary"]["files"], 5);
    assert_eq!(doc["summary"]["skipped"], 0);
}

#[test]
fn a_folder_of_docs_holds_nothing_to_check() {
    let dir = mixed_project();
    let out = run(dir.path(), &["check", "docs"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("0 files checked"), "{text}");
    assert!(!text.contains("AG001"), "{text}");
}

#[test]
fn a_named_file_of_no_kind_is_still_judged_as_an_agent() {
    let dir = mixed_project();
    let doc = stdout_json(&run(
        dir.path(),
        &["check", "--format", "json", "docs/readme.md"],
        None,
    ));
    assert_eq!(
        codes_for(&doc, "docs/readme.md").expect("checked"),
        ["AG001"],
        "no front matter: not an agent"
    );
    // Named and inside a named folder: judged once.
    let doc = stdout_json(&run(
        dir.path(),
        &["check", "--format", "json", "docs/readme.md", "."],
        None,
    ));
    assert_eq!(doc["summary"]["files"], 6);
    assert!(codes_for(&doc, "docs/readme.md").is_some());
}

#[test]
fn kinds_make_a_folder_of_agents_checked() {
    let dir = TempDir::new("check-dirs-kinds");
    dir.write("personas/reviewer.md", AGENT);
    dir.write("personas/notes.txt", "not markdown\n");
    let before = stdout_json(&run(
        dir.path(),
        &["check", "--format", "json", "personas"],
        None,
    ));
    assert!(paths(&before).is_empty(), "no folder makes it an agent");
    dir.write(
        "agentls.toml",
        "[kinds]\n\"personas/*.md\" = \"claude-agent\"\n",
    );
    for args in [
        &["check", "--format", "json", "personas"][..],
        &["check", "--format", "json", "."][..],
        &["check", "--format", "json"][..],
    ] {
        let doc = stdout_json(&run(dir.path(), args, None));
        assert_eq!(paths(&doc), ["personas/reviewer.md"], "{args:?}");
        // Judged as an agent: `colour` is no key of Claude Code's.
        let codes = codes_for(&doc, "personas/reviewer.md").unwrap_or_default();
        assert!(codes.contains(&"AG015".to_string()), "{args:?}: {codes:?}");
    }
}

#[test]
fn inside_the_agents_folder_dot_still_finds_the_agents() {
    let dir = mixed_project();
    let agents = dir.path().join(".claude/agents");
    let found = run(&agents, &["check", "--format", "json"], None);
    let dot = run(&agents, &["check", "--format", "json", "."], None);
    assert_eq!(stdout(&found), stdout(&dot));
    assert_eq!(paths(&stdout_json(&dot)), ["reviewer.md"]);
}
