//! `agentls check` under a project configuration: the nearest
//! `agentls.toml` above each file, `--config`, `--isolated`, `exclude`, and
//! the configuration's own findings reported like a file's.

mod common;

use common::TempDir;
use common::cli::{run, stderr, stdout, stdout_json};
use serde_json::Value;

/// An unknown key (AG015, warning) and a name not in kebab case (AG023, hint).
const AGENT: &str = "---\nname: Reviewer\ndescription: Reviews diffs.\ncolour: red\n---\nReview.\n";

/// `(path, code, severity)` of every finding in a JSON report.
fn findings(json: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for file in json["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            out.push((
                file["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn project(name: &str, config: &str) -> TempDir {
    let dir = TempDir::new(name);
    // A repository: the lookup stops at its root.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    dir.write("agentls.toml", config);
    dir.write(".claude/agents/reviewer.md", AGENT);
    dir.write(
        "legacy/.claude/agents/old.md",
        AGENT.replace("Reviewer", "Old"),
    );
    dir
}

fn row(path: &str, code: &str, severity: &str) -> (String, String, String) {
    (path.into(), code.into(), severity.into())
}

#[test]
fn the_nearest_configuration_sets_levels_and_overrides_per_folder() {
    let dir = project(
        "cli-config-nearest",
        "[rules]\nunknown-key = \"error\"\n\n[[overrides]]\nfiles = [\"legacy\"]\nrules = { AG015 = \"off\", AG023 = \"off\" }\n",
    );
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "AG015 raised to error");
    assert_eq!(
        findings(&stdout_json(&out)),
        [
            row(".claude/agents/reviewer.md", "AG023", "hint"),
            row(".claude/agents/reviewer.md", "AG015", "error"),
        ]
    );

    // A folder below with its own configuration: that one is nearer.
    dir.write("legacy/agentls.toml", "[rules]\nAG015 = \"info\"\n");
    let out = run(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(
        findings(&stdout_json(&out)),
        [
            row(".claude/agents/reviewer.md", "AG023", "hint"),
            row(".claude/agents/reviewer.md", "AG015", "error"),
            row("legacy/.claude/agents/old.md", "AG023", "hint"),
            row("legacy/.claude/agents/old.md", "AG015", "info"),
        ]
    );
}

#[test]
fn isolated_reads_no_configuration_and_config_names_one() {
    let dir = project(
        "cli-config-flags",
        "[rules]\nAG015 = \"off\"\nAG023 = \"off\"\n",
    );
    let quiet = run(dir.path(), &["check", "--format", "json"], None);
    assert!(findings(&stdout_json(&quiet)).is_empty());

    let out = run(
        dir.path(),
        &["check", "--isolated", "--format", "json"],
        None,
    );
    assert_eq!(
        findings(&stdout_json(&out)).len(),
        4,
        "every rule at its default"
    );

    dir.write("strict/ci.toml", "[rules]\nAG023 = \"error\"\n");
    let out = run(
        dir.path(),
        &[
            "check",
            "--config",
            "strict/ci.toml",
            "--format",
            "json",
            ".claude",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&stdout_json(&out)),
        [
            row(".claude/agents/reviewer.md", "AG023", "error"),
            row(".claude/agents/reviewer.md", "AG015", "warning"),
        ]
    );

    let out = run(dir.path(), &["check", "--config", "missing.toml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.toml: cannot read the configuration"),
        "{}",
        stderr(&out)
    );
    let out = run(
        dir.path(),
        &["check", "--config", "a.toml", "--isolated"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "the two contradict each other");
}

#[test]
fn exclude_leaves_files_out_even_when_named() {
    let dir = project("cli-config-exclude", "exclude = [\"legacy/**\"]\n");
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let files: Vec<&str> = stdout_json(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect::<Vec<_>>()
        .into_iter()
        .map(|s| {
            if s.starts_with("legacy") {
                "legacy"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(files, ["other"]);
    let out = run(dir.path(), &["check", "legacy/.claude/agents/old.md"], None);
    assert!(stdout(&out).contains("0 files checked"), "{}", stdout(&out));
}

#[test]
fn a_broken_configuration_is_reported_and_checking_goes_on() {
    let dir = project("cli-config-broken", "[rules]\nAG015 = off\n");
    let out = run(dir.path(), &["check"], None);
    assert_eq!(out.status.code(), Some(1), "AG080 is an error");
    let text = stdout(&out);
    assert!(text.contains("error[AG080]"), "{text}");
    assert!(text.contains("--> agentls.toml:2:9"), "{text}");
    assert!(
        text.contains("warning[AG015]"),
        "defaults apply meanwhile: {text}"
    );

    let dir = project("cli-config-typo", "[rules]\nAG015 = \"of\"\n");
    let out = run(dir.path(), &["check", "--format", "github"], None);
    let text = stdout(&out);
    assert!(
        text.contains("::warning file=agentls.toml,line=2,"),
        "annotations point into the configuration: {text}"
    );
}

#[test]
fn claude_code_version_reports_keys_the_targeted_release_lacks() {
    let dir = project("cli-config-version", "claude-code-version = \"2.1.0\"\n");
    dir.write(
        ".claude/agents/keeper.md",
        "---\nname: keeper\ndescription: Keeps notes.\nmemory: project\n---\nKeep notes.\n",
    );
    let out = run(
        dir.path(),
        &["check", "--format", "json", ".claude/agents/keeper.md"],
        None,
    );
    assert_eq!(
        findings(&stdout_json(&out)),
        [row(".claude/agents/keeper.md", "AG016", "warning")]
    );
    let out = run(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            ".claude/agents/keeper.md",
        ],
        None,
    );
    assert!(findings(&stdout_json(&out)).is_empty());
}
