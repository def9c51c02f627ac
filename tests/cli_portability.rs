//! `agentls check` on a project whose Claude Code agents VS Code's Copilot
//! also reads: the hosts come from `hosts` in agentls.toml, or from the
//! folders the project has.

mod common;

use common::TempDir;
use common::cli::{run, stdout_json};
use serde_json::Value;

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n\
                     tools: Read, Bash(git diff:*)\nmodel: sonnet\n---\nReview.\n";

fn codes_for(doc: &Value, file: &str) -> Vec<String> {
    let files = doc["files"].as_array().expect("files");
    let f = files
        .iter()
        .find(|f| f["path"] == file)
        .unwrap_or_else(|| panic!("{file} not checked: {doc}"));
    f["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

fn agent_codes(dir: &TempDir) -> Vec<String> {
    let out = run(dir.path(), &["check", "--format", "json"], None);
    codes_for(&stdout_json(&out), ".claude/agents/reviewer.md")
}

#[test]
fn a_github_agents_folder_makes_the_project_serve_copilot() {
    let dir = TempDir::new("cli-port-infer");
    dir.write(".claude/agents/reviewer.md", AGENT);
    let alone = agent_codes(&dir);
    assert!(
        !alone.iter().any(|c| c == "AG230" || c == "AG231"),
        "{alone:?}"
    );
    dir.write(
        ".github/agents/helper.agent.md",
        "---\ndescription: Helps.\n---\nHelp.\n",
    );
    let both = agent_codes(&dir);
    assert!(both.contains(&"AG230".to_string()), "{both:?}");
    assert!(both.contains(&"AG231".to_string()), "{both:?}");
}

#[test]
fn configured_hosts_win_over_the_folders() {
    let dir = TempDir::new("cli-port-config");
    dir.write(".claude/agents/reviewer.md", AGENT);
    dir.write(
        ".github/agents/helper.agent.md",
        "---\ndescription: Helps.\n---\nHelp.\n",
    );
    dir.write("agentls.toml", "hosts = [\"claude-code\"]\n");
    let codes = agent_codes(&dir);
    assert!(
        !codes.iter().any(|c| c == "AG230" || c == "AG231"),
        "{codes:?}"
    );
    // Named in the configuration, Copilot is served without its folder, and
    // the levels apply to these findings like to any other.
    let dir = TempDir::new("cli-port-config-copilot");
    dir.write(".claude/agents/reviewer.md", AGENT);
    dir.write(
        "agentls.toml",
        "hosts = [\"claude-code\", \"copilot\"]\n[rules]\nAG231 = \"off\"\n",
    );
    let codes = agent_codes(&dir);
    assert!(codes.contains(&"AG230".to_string()), "{codes:?}");
    assert!(!codes.contains(&"AG231".to_string()), "{codes:?}");
}
