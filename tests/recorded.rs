//! agentls against what the real Claude Code did, recorded
//! (`tests/fixtures/recorded/claude-code-<version>.json`, written by
//! `tests/recorder/record.py`): on every fixture, the verdict (loads or
//! not), the loaded name and description, whether the spawn is refused, and
//! the built-in tools the agent starts with must be what Claude Code did.
//!
//! Each fixture is staged as the recorder staged it (alone in
//! `<project>/.claude/agents/`, with its `.mcp.json` and `~/.claude.json`
//! sidecars) and checked by the real binary; loaded values come from the core.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::TempDir;

const VERSION: &str = "2.1.332";

fn recorded() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// The fixture in a project of its own, as the recorder ran it: the project
/// folder and the home.
fn stage(dir: &TempDir, file: &str) -> (PathBuf, PathBuf) {
    let root = dir.path().canonicalize().expect("temp dir");
    let (project, home) = (root.join("project"), root.join("home"));
    std::fs::create_dir_all(project.join(".claude/agents")).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let cases = recorded().join("agents");
    std::fs::copy(cases.join(file), project.join(".claude/agents").join(file)).unwrap();
    let stem = file.trim_end_matches(".md");
    for (suffix, target) in [
        (".home-claude.json", home.join(".claude.json")),
        (".mcp.json", project.join(".mcp.json")),
    ] {
        let Ok(text) = std::fs::read_to_string(cases.join(format!("{stem}{suffix}"))) else {
            continue;
        };
        let text = text
            .replace("${PROJECT}", &project.to_string_lossy())
            .replace("${HOME}", &home.to_string_lossy())
            .replace("${FAKE_MCP}", "/recorder/fake_mcp.py")
            .replace("${PYTHON}", "python3");
        std::fs::write(target, text).unwrap();
    }
    (project, home)
}

/// `agentls check --format json` on the staged file: verdict and codes.
fn check(project: &Path, home: &Path, file: &str) -> (String, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .arg(format!(".claude/agents/{file}"))
        .current_dir(project)
        .env("AGENTLS_HOME", home)
        .output()
        .expect("run agentls check");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{file}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let f = &json["files"][0];
    let codes = f["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|d| d["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    (f["verdict"].as_str().unwrap_or("?").to_string(), codes)
}

#[test]
fn agentls_judges_every_recorded_file_as_claude_code_did() {
    let table: Value = serde_json::from_str(
        &std::fs::read_to_string(recorded().join(format!("claude-code-{VERSION}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(table["claude_code_version"], VERSION);
    assert_eq!(
        agentls_core::catalog::catalog().meta.claude_code_version,
        VERSION,
        "the catalog names the Claude Code version the table was recorded with"
    );
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 100, "only {} recorded cases", cases.len());
    let mut wrong: Vec<String> = Vec::new();
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let dir = TempDir::new("recorded");
        let (project, home) = stage(&dir, file);
        let (verdict, codes) = check(&project, &home, file);
        let loaded = case["loaded"].as_bool().unwrap();
        let we_load = matches!(verdict.as_str(), "loads" | "loads-with-loss");
        if loaded != we_load {
            wrong.push(format!(
                "{file}: Claude Code {}, agentls `{verdict}` {codes:?}",
                if loaded {
                    "loads it"
                } else {
                    "does not load it"
                }
            ));
            continue;
        }
        if !loaded {
            continue;
        }
        let path = project.join(".claude/agents").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = agentls_core::analyze(&text, Some(&path));
        let agent = analysis.agent.clone().unwrap_or_default();
        if case["name"].as_str() != agent.name.as_deref() {
            wrong.push(format!(
                "{file}: name {:?}, agentls {:?}",
                case["name"], agent.name
            ));
        }
        if case["description"].as_str() != agent.description.as_deref() {
            wrong.push(format!(
                "{file}: description {:?}, agentls {:?}",
                case["description"], agent.description
            ));
        }
        let refused = !case["spawn_refused"].is_null();
        if refused != codes.iter().any(|c| c == "AG030") {
            wrong.push(format!(
                "{file}: spawn refused {refused}, agentls {codes:?}"
            ));
        }
        // The built-in tools it starts with (MCP tools depend on the servers;
        // the placeholder is Claude Code's own).
        if let (Some(got), Some(spawn)) = (case["tools_at_spawn"].as_array(), analysis.spawn()) {
            let got: BTreeSet<&str> = got
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| !t.starts_with("mcp__") && *t != "DeferredToolPlaceholder")
                .collect();
            let ours: BTreeSet<&str> = spawn.tools.iter().map(String::as_str).collect();
            if got != ours {
                wrong.push(format!("{file}: spawned with {got:?}, agentls {ours:?}"));
            }
        }
        // A model Claude Code does not know goes to the API as written.
        if codes.iter().any(|c| c == "AG042")
            && case["model_at_spawn"].as_str() != agent.model.as_deref()
        {
            wrong.push(format!(
                "{file}: model at spawn {:?}, agentls {:?}",
                case["model_at_spawn"], agent.model
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} recorded cases differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
