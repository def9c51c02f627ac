//! `agentls check` judges each file by its kind: agents by the agent rules,
//! skills and commands by theirs, found without naming them.

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
fn check_finds_agents_skills_and_commands_and_judges_each_by_kind() {
    let dir = TempDir::new("cli-skills");
    dir.write(
        ".claude/agents/helper.md",
        "---\nname: helper\ndescription: Helps.\nallowed-tools: Read\n---\nHelp.\n",
    );
    // A skill with no `name` (the agent rules demand one: AG020) and with
    // `allowed-tools` (unknown to agents: AG015).
    dir.write(
        ".claude/skills/fmt/SKILL.md",
        "---\ndescription: Formats code. Use when asked to format.\n\
         allowed-tools: Bash(cargo fmt:*)\neffort: huge\n---\n# Format\n",
    );
    dir.write(
        ".claude/commands/git/commit.md",
        "---\ndescription: Commit\nargument-hint: [message]\npaths: src\n---\nCommit.\n",
    );
    dir.write("README.md", "# Not checked without paths\n");
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", "."][..],
    ] {
        let out = run(dir.path(), args, None);
        let doc = stdout_json(&out);
        let agent = codes_for(&doc, ".claude/agents/helper.md").expect("agent checked");
        assert!(agent.contains(&"AG015".to_string()), "{agent:?}");
        let skill = codes_for(&doc, ".claude/skills/fmt/SKILL.md").expect("skill checked");
        for agent_rule in ["AG015", "AG020"] {
            assert!(!skill.iter().any(|c| c == agent_rule), "{skill:?}");
        }
        // Its own rules: `name` missing per the specification, `effort`.
        assert!(skill.contains(&"AG102".to_string()), "{skill:?}");
        assert!(skill.contains(&"AG041".to_string()), "{skill:?}");
        let command = codes_for(&doc, ".claude/commands/git/commit.md").expect("command checked");
        assert_eq!(command, ["AG015"], "`paths` is for skills only");
    }
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert!(
        codes_for(&stdout_json(&out), "README.md").is_none(),
        "without paths only agents, skills and commands are checked"
    );
}
