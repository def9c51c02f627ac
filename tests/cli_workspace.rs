//! `agentls check` applies the workspace rules: run the binary over the
//! fixture workspace with `AGENTLS_HOME` pointing at its fake home (never the
//! real `~/.claude`).

use std::process::Command;

mod common;

const W: &str = "tests/fixtures/workspace";

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("AGENTLS_HOME", format!("{W}/home"))
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn project_args() -> Vec<String> {
    vec![
        format!("{W}/project/.claude/agents"),
        format!("{W}/project/packages/web/.claude/agents"),
    ]
}

#[test]
fn text_reports_shadowing_and_skills_with_notes() {
    let mut args = project_args();
    args.push(format!("{W}/home/.claude/agents/reviewer.md"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, code) = run(&args);
    // `ghost.md` has no description: an error, so exit 1 as before.
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!(
        "warning[AG060]: `reviewer` is shadowed: a project agent of the same name wins over user \
         agents, so this definition is never used.\n  --> {W}/home/.claude/agents/reviewer.md:2:7\n"
    )), "{out}");
    assert!(
        out.contains(&format!(
            "the definition used is at {W}/project/.claude/agents/reviewer.md:2:7"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "the definition used is at {W}/project/packages/web/.claude/agents/helper.md:2:7"
        )),
        "{out}"
    );
    assert!(out.contains(
        "warning[AG065]: No skill `nope` found (`.claude/skills/nope/SKILL.md`): it is not preloaded."
    ), "{out}");
    assert!(
        out.contains("warning[AG065]: Skill `manual-only` sets `disable-model-invocation: true`"),
        "{out}"
    );
    assert!(
        out.contains("warning[AG064]: No MCP server `jira`"),
        "{out}"
    );
    assert!(!out.contains("No MCP server `github`"), "{out}");
    assert!(
        out.contains(&format!(
            "also named `twin` at {W}/project/.claude/agents/team/twin-b.md:2:7"
        )),
        "{out}"
    );
    // Deterministic: the same bytes on a second run.
    assert_eq!(run(&args).0, out);
}

#[test]
fn user_files_are_context_unless_named() {
    let args = project_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _) = run(&args);
    // The user agent still shapes the result (nothing to report on the
    // project's winner) but its own finding is not printed.
    assert!(!out.contains("home/.claude/agents"), "{out}");
    assert!(out.contains("AG060"), "{out}");
}

#[test]
fn json_carries_workspace_findings_and_related() {
    let mut args = vec!["--format".to_string(), "json".to_string()];
    args.extend(project_args());
    args.push(format!("{W}/home/.claude/agents/reviewer.md"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, code) = run(&args);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = |suffix: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} missing in {out}"))
            .clone()
    };
    let user = file("home/.claude/agents/reviewer.md");
    let d = &user["diagnostics"][0];
    assert_eq!(d["code"], "AG060");
    assert_eq!(d["name"], "agent-shadowed");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["byte_range"], serde_json::json!([10, 18]));
    assert_eq!(
        d["related"][0]["message"],
        format!("the definition used is at {W}/project/.claude/agents/reviewer.md:2:7")
    );
    let reviewer = file("project/.claude/agents/reviewer.md");
    let codes: Vec<&str> = reviewer["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["AG063", "AG064", "AG065", "AG065"]);
    assert_eq!(doc["summary"]["warnings"], 8);
}

/// Findings of `check` run in `dir` with `args`, per file, as JSON.
fn findings_in(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .current_dir(dir)
        .env("AGENTLS_HOME", "/nonexistent/agentls-test-home")
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["files"].clone()
}

/// Issue 11: `check one-file.md` once reported "no agent named b loads"
/// for an agent in the same folder. A file checked alone must get the
/// findings it gets when its whole project is checked: its siblings and
/// the agents of the projects above it (up to the current folder) count.
#[test]
fn one_file_is_judged_with_its_neighbours() {
    let dir = common::TempDir::new("one-file");
    let agent = |name: &str, tools: &str| {
        format!("---\nname: {name}\ndescription: Does {name}.\ntools: {tools}\n---\nBody.\n")
    };
    dir.write(".claude/agents/a.md", agent("a", "Agent(b), Agent(c)"));
    dir.write(".claude/agents/team/b.md", agent("b", "Read"));
    dir.write(
        "pkg/.claude/agents/c.md",
        agent("c", "Agent(a), Agent(b), Agent(nobody)"),
    );
    let whole = findings_in(dir.path(), &[]);
    for file in [".claude/agents/a.md", "pkg/.claude/agents/c.md"] {
        let alone = findings_in(dir.path(), &[file]);
        let same = whole
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == file)
            .unwrap();
        assert_eq!(alone[0]["diagnostics"], same["diagnostics"], "{file}");
    }
    // Not vacuous: alone, `a` would miss `b` and `c` would miss `a`;
    // `nobody` is nowhere.
    let text = whole.to_string();
    assert!(text.contains("No agent named `nobody`"), "{text}");
    assert!(!text.contains("No agent named `b`"), "{text}");
}
