//! `agentls check` with a project's `[kinds]`: a pattern gives the files it
//! matches a kind whatever their folders say, and `none` makes a file no
//! agent file at all, found by no walk and checked under no name.

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

/// A correct Copilot custom agent: no `name`, Copilot's tool names and a
/// handoff. Read as a Claude Code plugin's agent (any `agents` folder), it
/// gets Claude Code's errors.
const COPILOT_AGENT: &str = "---\ndescription: Reviews pull requests.\n\
    tools: ['read', 'search']\nhandoffs:\n  - label: Fix it\n    agent: fixer\n\
    \x20   prompt: Fix what the review found.\n---\nReview the diff.\n";

/// An agent with a misspelled key and a name that is not kebab case.
const SLOPPY_AGENT: &str = "---\nname: Notes\ndescription: Notes.\ncolour: red\n---\nx\n";

fn project(config: Option<&str>) -> TempDir {
    let dir = TempDir::new("cli-kinds");
    dir.write("docs/agents/review.md", COPILOT_AGENT);
    dir.write("notes/agents/todo.md", SLOPPY_AGENT);
    // `model` is Claude Code's, not a Codex prompt's (AG251).
    dir.write(
        "prompts/fix.md",
        "---\ndescription: Fix it.\nmodel: x\n---\nFix $1.\n",
    );
    if let Some(config) = config {
        dir.write("agentls.toml", config);
    }
    dir
}

const KINDS: &str = "[kinds]\n\"docs/agents/**\" = \"copilot-agent\"\n\
    \"prompts/*.md\" = \"codex-prompt\"\n\"notes/**\" = \"none\"\n";

#[test]
fn without_kinds_the_folders_decide() {
    let dir = project(None);
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    let review = codes_for(&doc, "docs/agents/review.md").expect("a plugin agent by its folder");
    assert!(
        review.contains(&"AG020".to_string()),
        "no `name`: {review:?}"
    );
    assert!(codes_for(&doc, "notes/agents/todo.md").is_some());
    assert!(
        codes_for(&doc, "prompts/fix.md").is_none(),
        "no folder makes it an agent file"
    );
}

#[test]
fn kinds_judge_each_file_by_the_host_they_name() {
    let dir = project(Some(KINDS));
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", "."][..],
        &["check", "--format", "json", "docs", "prompts", "notes"][..],
    ] {
        let doc = stdout_json(&run(dir.path(), args, None));
        // Copilot's rules: a handoff is worth knowing (VS Code only), its
        // target `fixer` is no agent of the workspace (judged with the
        // current folder's, as a Copilot agent), and none of Claude Code's
        // complaints.
        let review = codes_for(&doc, "docs/agents/review.md").expect("checked");
        assert_eq!(review, ["AG205", "AG280"], "{args:?}");
        // Found by the pattern though no folder makes it an agent file.
        let prompt = codes_for(&doc, "prompts/fix.md").expect("a Codex prompt");
        assert_eq!(
            prompt,
            ["AG251"],
            "judged as a Codex prompt, not a Claude agent"
        );
        assert!(
            codes_for(&doc, "notes/agents/todo.md").is_none(),
            "`none`: {args:?}"
        );
    }
}

#[test]
fn none_silences_a_file_even_when_named() {
    let dir = project(Some(KINDS));
    let out = run(dir.path(), &["check", "notes/agents/todo.md"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 files checked"), "{text}");
    // Through stdin too, as an editor hook passes it.
    let out = run(
        dir.path(),
        &["check", "--stdin-filename", "notes/agents/todo.md"],
        Some(SLOPPY_AGENT),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 files checked"), "{text}");
}

#[test]
fn a_kind_agentls_does_not_know_is_reported_and_applies_nothing() {
    let dir = project(Some("[kinds]\n\"docs/agents/**\" = \"copilot\"\n"));
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    let config = codes_for(&doc, "agentls.toml").expect("the configuration's own finding");
    assert_eq!(config, ["AG082"]);
    let review = codes_for(&doc, "docs/agents/review.md").expect("checked");
    assert!(review.contains(&"AG020".to_string()), "{review:?}");
}

/// The workspace pass registers what `[kinds]` decides, as the server's
/// index: an agent by its folders made `none` is no agent `Agent(…)` can
/// start, whether the whole folder or one file is checked (then it is a
/// neighbour read for context); a file made a Copilot agent outside
/// `.github` is one a handoff reaches.
#[test]
fn the_workspace_pass_follows_kinds() {
    let dir = TempDir::new("cli-kinds-workspace");
    dir.write(
        "agentls.toml",
        "[kinds]\n\".claude/agents/draft.md\" = \"none\"\n\"docs/agents/**\" = \"copilot-agent\"\n",
    );
    dir.write(
        ".claude/agents/lead.md",
        "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(drafty, helper)\n---\nLead.\n",
    );
    dir.write(
        ".claude/agents/draft.md",
        "---\nname: drafty\ndescription: Drafts.\n---\nD.\n",
    );
    dir.write(
        ".claude/agents/helper.md",
        "---\nname: helper\ndescription: Helps.\n---\nH.\n",
    );
    dir.write(
        ".github/agents/plan.agent.md",
        "---\ndescription: Plans.\nhandoffs:\n  - label: Go\n    agent: doc-writer\n---\nPlan.\n",
    );
    dir.write(
        "docs/agents/doc-writer.md",
        "---\ndescription: Writes docs.\n---\nWrite.\n",
    );
    let lead = ".claude/agents/lead.md";
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", lead],
    ] {
        let doc = stdout_json(&run(dir.path(), args, None));
        let codes = codes_for(&doc, lead).expect("the lead is checked");
        let unknown = codes.iter().filter(|c| *c == "AG063").count();
        assert_eq!(unknown, 1, "only `drafty` is unknown ({args:?}): {codes:?}");
    }
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    let plan = codes_for(&doc, ".github/agents/plan.agent.md").expect("checked");
    assert!(!plan.contains(&"AG280".to_string()), "{plan:?}");
}

/// A file no folder shows is checked by its kind but, as in the server's
/// index, names no agent: a handoff to it is still unknown.
#[test]
fn a_file_only_a_pattern_shows_is_not_indexed() {
    let dir = TempDir::new("cli-kinds-unindexed");
    dir.write(
        "agentls.toml",
        "[kinds]\n\"notes/*.md\" = \"copilot-agent\"\n",
    );
    dir.write(
        ".github/agents/plan.agent.md",
        "---\ndescription: Plans.\nhandoffs:\n  - label: Go\n    agent: helper\n---\nPlan.\n",
    );
    dir.write("notes/helper.md", "---\ndescription: Helps.\n---\nHelp.\n");
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    assert!(codes_for(&doc, "notes/helper.md").is_some(), "checked");
    let plan = codes_for(&doc, ".github/agents/plan.agent.md").expect("checked");
    assert!(plan.contains(&"AG280".to_string()), "{plan:?}");
}
