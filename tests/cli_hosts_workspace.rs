//! `agentls check` judges a Copilot agent's `handoffs[].agent` and
//! `agents:` entries against the agents of its project (AG280), whether
//! the whole folder or the one file is checked, and says the same as the
//! editor (tests/lsp_hosts_workspace.rs).

mod common;

use common::TempDir;
use common::cli::{run, stdout_json};
use serde_json::Value;

/// (code, 1-based line) of each finding on `file` in `check --format json`.
fn found(doc: &Value, file: &str) -> Vec<(String, u64)> {
    let files = doc["files"].as_array().expect("files");
    let f = files
        .iter()
        .find(|f| f["path"] == file)
        .unwrap_or_else(|| panic!("{file} in {doc}"));
    f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn handoffs_naming_no_agent_of_the_project_are_reported() {
    let dir = TempDir::new("cli-hostws");
    dir.write(
        ".github/agents/plan.agent.md",
        "---\ndescription: Plans.\nagents: [implementer, reviewer, '*']\nhandoffs:\n  \
         - label: Build\n    agent: implementer\n  - label: Review\n    agent: reviewr\n  \
         - label: Ask\n    agent: ask\n---\nPlan.\n",
    );
    dir.write(
        ".github/agents/impl.agent.md",
        "---\nname: implementer\ndescription: Builds.\n---\nBuild.\n",
    );
    dir.write(
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews.\n---\nReview.\n",
    );
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", ".github/agents/plan.agent.md"][..],
    ] {
        let out = run(dir.path(), args, None);
        let doc = stdout_json(&out);
        let plan: Vec<_> = found(&doc, ".github/agents/plan.agent.md")
            .into_iter()
            .filter(|(c, _)| c == "AG280")
            .collect();
        assert_eq!(plan, [("AG280".to_string(), 8)], "{args:?}: {doc}");
        let message = doc.to_string();
        assert!(message.contains("Did you mean `reviewer`?"), "{message}");
    }
    // Once the agent exists, nothing is reported.
    dir.write(
        ".github/agents/reviewr.agent.md",
        "---\ndescription: Typo'd.\n---\nX.\n",
    );
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    assert!(
        !found(&doc, ".github/agents/plan.agent.md")
            .iter()
            .any(|(c, _)| c == "AG280"),
        "{doc}"
    );
}
