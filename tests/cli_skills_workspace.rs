//! `agentls check` on skills and commands across files: a command hidden by
//! a skill (AG113), a forked skill naming no agent (AG114), and the files a
//! skill or command points at, read from the disk (AG115, AG116).

mod common;

use common::TempDir;
use common::cli::{run, stdout_json};
use serde_json::Value;

/// `(code, text under the range)` of each cross-file finding (AG113–AG117)
/// for `file`; the file's own findings are other tests' concern.
fn findings(doc: &Value, file: &str, text: &str) -> Vec<(String, String)> {
    let files = doc["files"].as_array().expect("files");
    let Some(f) = files.iter().find(|f| f["path"] == file) else {
        panic!("{file} not checked: {doc}");
    };
    f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| ("AG113"..="AG117").contains(&d["code"].as_str().unwrap()))
        .map(|d| {
            let start = d["byte_range"][0].as_u64().unwrap() as usize;
            let end = d["byte_range"][1].as_u64().unwrap() as usize;
            (
                d["code"].as_str().unwrap().to_string(),
                text[start..end].to_string(),
            )
        })
        .collect()
}

const SKILL: &str = "---\nname: deploy\ndescription: Deploys the app.\ncontext: fork\n\
                     agent: reviewr\n---\nRead [the guide](reference.md) and [setup](setup.md).\n\
                     Then run scripts/deploy.sh and `scripts/missing.sh`.\n";
const COMMAND: &str = "---\nname: deploy\ndescription: Old deploy.\n---\nDeploy.\n";
const REVIEW: &str =
    "---\ndescription: Review a file.\n---\nReview @src/main.rs and @src/mian.rs.\n";

fn project() -> TempDir {
    let dir = TempDir::new("cli-skills-ws");
    dir.write(".claude/skills/deploy/SKILL.md", SKILL);
    dir.write(".claude/skills/deploy/reference.md", "# Reference\n");
    dir.write(".claude/skills/deploy/scripts/deploy.sh", "echo deploy\n");
    dir.write(".claude/commands/deploy.md", COMMAND);
    dir.write(".claude/commands/review.md", REVIEW);
    dir.write("src/main.rs", "fn main() {}\n");
    dir
}

#[test]
fn skills_and_commands_are_judged_together_and_against_the_disk() {
    let dir = project();
    // The whole project, and each file named alone: the same findings.
    for args in [
        &["check", "--format", "json"][..],
        &[
            "check",
            "--format",
            "json",
            ".claude/skills/deploy/SKILL.md",
            ".claude/commands/deploy.md",
            ".claude/commands/review.md",
        ][..],
    ] {
        let doc = stdout_json(&run(dir.path(), args, None));
        let skill = findings(&doc, ".claude/skills/deploy/SKILL.md", SKILL);
        assert_eq!(
            skill,
            [
                ("AG114".into(), "reviewr".into()),
                ("AG115".into(), "setup.md".into()),
                ("AG115".into(), "scripts/missing.sh".into()),
            ],
            "{args:?}"
        );
        let command = findings(&doc, ".claude/commands/deploy.md", COMMAND);
        assert_eq!(command, [("AG113".into(), "name".into())], "{args:?}");
        let review = findings(&doc, ".claude/commands/review.md", REVIEW);
        assert_eq!(review, [("AG116".into(), "src/mian.rs".into())], "{args:?}");
    }
}

#[test]
fn an_agent_of_the_project_satisfies_a_forked_skill() {
    let dir = project();
    dir.write(
        ".claude/agents/reviewer.md",
        "---\nname: reviewr\ndescription: Reviews.\n---\nReview.\n",
    );
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    let skill = findings(&doc, ".claude/skills/deploy/SKILL.md", SKILL);
    assert!(!skill.iter().any(|(c, _)| c == "AG114"), "{skill:?}");
}

#[test]
fn explain_knows_the_new_codes() {
    let dir = TempDir::new("cli-skills-ws-explain");
    for code in ["AG113", "AG114", "AG115", "AG116", "AG117", "AG118"] {
        let out = run(dir.path(), &["explain", code], None);
        assert!(out.status.success(), "{code}");
    }
}

/// With two projects, Claude Code started in each sees its own agents: a
/// forked skill is judged against its own project's, never the other's.
#[test]
fn a_forked_skill_is_judged_in_its_own_project_only() {
    let dir = TempDir::new("cli-skills-ws-chains");
    let agent = |name: &str| format!("---\nname: {name}\ndescription: D.\n---\nBody.\n");
    dir.write("a/.claude/agents/auditor.md", agent("auditor"));
    dir.write("b/.claude/agents/other.md", agent("other"));
    let skill = "---\nname: s\ndescription: D.\ncontext: fork\nagent: auditor\n---\nBody.\n";
    dir.write("a/.claude/skills/s/SKILL.md", skill);
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    assert_eq!(findings(&doc, "a/.claude/skills/s/SKILL.md", skill), []);
    // The same skill in `b` names an agent `b` does not have.
    dir.write("b/.claude/skills/s/SKILL.md", skill);
    let doc = stdout_json(&run(dir.path(), &["check", "--format", "json"], None));
    assert_eq!(
        findings(&doc, "b/.claude/skills/s/SKILL.md", skill),
        [("AG114".to_string(), "auditor".to_string())]
    );
}
