//! Skills and commands, judged by their own rules: one fixture per rule in
//! `fixtures/skills/`. A fixture named `command-…` is analysed as
//! `.claude/commands/<stem>.md`, any other as the `SKILL.md` of a skill
//! folder named like the fixture.

mod common;

use agentls_core::{Analysis, Verdict};
use common::{assert_every_code_shown, check_command, check_skill, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("skills", "md", 15)
}

fn analyse(name: &str, text: &str) -> Analysis {
    if name.starts_with("command-") {
        check_command(name, text)
    } else {
        check_skill(name, text)
    }
}

#[test]
fn skill_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(&name, &text);
        insta::assert_snapshot!(format!("skill-{name}"), render(&text, &a));
        // Claude Code never skips a skill or command for its front matter.
        assert_ne!(a.verdict, Verdict::DoesNotLoad, "{name}");
        for d in &a.diagnostics {
            // Messages shared with the agent rules are told for skills.
            for agent_words in ["skips the agent", "system prompt", "agent is skipped"] {
                assert!(!d.message.contains(agent_words), "{name}: {}", d.message);
            }
        }
    }
}

/// Every code of the skills table is shown by at least one fixture.
#[test]
fn every_skills_code_has_a_fixture() {
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(&name, &text).diagnostics);
    assert_every_code_shown(agentls_core::codes::SKILLS, seen.map(|d| d.code));
}

/// A skill and a command that Claude Code and the Agent Skills
/// specification accept: nothing to say, and they load.
#[test]
fn correct_skill_and_command_are_clean() {
    for name in ["correct-skill", "command-correct", "command-body-correct"] {
        let (_, text) = fixtures().into_iter().find(|(n, _)| n == name).unwrap();
        let a = analyse(name, &text);
        assert_eq!(a.verdict, Verdict::Loads, "{name}");
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
    }
}

/// The agent rules do not apply: no AG015 for `allowed-tools`, no AG020 or
/// AG021 for a skill without `name` and `description`.
#[test]
fn agent_rules_do_not_judge_skills() {
    let text = "---\nallowed-tools: Read\nwhen_to_use: Always\n---\n# Title\n";
    let a = check_skill("s", text);
    let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code).collect();
    for agent_only in ["AG015", "AG020", "AG021"] {
        assert!(!codes.contains(&agent_only), "{codes:?}");
    }
    assert!(codes.contains(&"AG103"), "{codes:?}");
    // The same file as an agent is judged by the agent rules.
    let as_agent = common::check("s", text);
    assert!(as_agent.diagnostics.iter().any(|d| d.code == "AG020"));
}

/// Booleans in skills take yes/no/on/off/1/0 in any case; agents do not.
#[test]
fn skill_booleans_are_wide() {
    for v in [
        "true", "False", "yes", "NO", "on", "Off", "1", "0", "\"yes\"",
    ] {
        let text = format!("---\ndescription: d\nuser-invocable: {v}\n---\nb\n");
        let a = check_command("c", &text);
        assert!(a.diagnostics.is_empty(), "{v}: {:?}", a.diagnostics);
    }
    let a = check_command("c", "---\ndescription: d\nuser-invocable: maybe\n---\nb\n");
    assert_eq!(a.diagnostics[0].code, "AG041");
    assert_eq!(a.verdict, Verdict::LoadsWithLoss);
}
