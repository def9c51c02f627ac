//! `agentls check` on a repository holding several hosts' agents judges
//! each by its own host: a correct Copilot agent gets no Claude Code
//! findings, and the hidden folders of other hosts are entered for their
//! agent files only.

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
fn check_judges_each_host_by_its_own_rules() {
    let dir = TempDir::new("cli-hosts");
    // The same Claude Code agent in three hosts' folders.
    let claude_style = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep\ncolor: red\n---\nReview.\n";
    dir.write(".claude/agents/reviewer.md", claude_style);
    dir.write(".github/agents/reviewer.agent.md", claude_style);
    dir.write(".opencode/agents/reviewer.md", claude_style);
    // A correct Copilot agent with Copilot's own keys, which Claude Code
    // does not know (AG015 there).
    dir.write(
        ".github/agents/planner.agent.md",
        "---\ndescription: Plans a change.\ntools: ['read', 'search']\ntarget: vscode\n\
         user-invocable: true\n---\nPlan.\n",
    );
    // Not an agent of any host: never judged, even below a named folder.
    dir.write(".github/ISSUE_TEMPLATE/bug.md", "# Bug\n");
    dir.write(".github/copilot-instructions.md", "Use Rust.\n");
    // Copilot skips it: its error says so, not Claude Code's verdict.
    dir.write(
        ".github/agents/broken.md",
        "---\nname: broken\n---\nBody.\n",
    );
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", "."][..],
    ] {
        let out = run(dir.path(), args, None);
        let doc = stdout_json(&out);
        let claude = codes_for(&doc, ".claude/agents/reviewer.md").expect("Claude agent");
        assert!(claude.is_empty(), "{claude:?}");
        let copilot = codes_for(&doc, ".github/agents/reviewer.agent.md").expect("Copilot agent");
        assert_eq!(copilot, ["AG203"], "`color` is ignored by Copilot");
        let planner = codes_for(&doc, ".github/agents/planner.agent.md").expect("Copilot agent");
        assert!(planner.is_empty(), "{planner:?}");
        let opencode = codes_for(&doc, ".opencode/agents/reviewer.md").expect("OpenCode agent");
        assert_eq!(opencode, ["AG216", "AG215"], "OpenCode refuses to start");
        let broken = codes_for(&doc, ".github/agents/broken.md").expect("Copilot agent");
        assert_eq!(broken, ["AG202"]);
        for other in [
            ".github/ISSUE_TEMPLATE/bug.md",
            ".github/copilot-instructions.md",
        ] {
            assert!(
                codes_for(&doc, other).is_none(),
                "{other} checked: {args:?}"
            );
        }
    }
    let text = run(dir.path(), &["check"], None);
    let printed = String::from_utf8_lossy(&text.stdout);
    assert!(printed.contains("AG202"), "{printed}");
    assert!(!printed.contains("Claude Code will not load"), "{printed}");
}

/// One prompt or rule file of each other host, judged by that host: the
/// correct ones get nothing, and Cursor's unquoted globs are not YAML
/// mistakes.
#[test]
fn check_judges_prompt_and_rule_files_by_their_host() {
    let dir = TempDir::new("cli-host-files");
    dir.write(
        ".github/prompts/review.prompt.md",
        "---\ndescription: Review the selection.\nagent: ask\n---\nReview ${selection}.\n",
    );
    dir.write(
        ".github/prompts/fix.prompt.md",
        "---\nmode: edit\n---\nFix ${selectio}.\n",
    );
    dir.write(
        ".github/instructions/ts.instructions.md",
        "---\napplyTo: \"**/*.ts,**/*.tsx\"\n---\nStrict.\n",
    );
    dir.write(
        ".github/instructions/release.instructions.md",
        "---\npaths: [\"src/**\"]\n---\nRelease.\n",
    );
    dir.write(
        ".cursor/rules/ts.mdc",
        "---\ndescription: TS\nglobs: src/**/*.ts, src/**/*.tsx\nalwaysApply: false\n---\nTS.\n",
    );
    dir.write(
        ".cursor/rules/py.mdc",
        "---\nglobs: \"**/*.py\"\nalwaysApply: \"true\"\n---\nPy.\n",
    );
    dir.write(
        ".codex/prompts/pr.md",
        "---\ndescription: Draft a PR\nargument-hint: FILES=<paths>\n---\nSummarise $FILES for $1.\n",
    );
    dir.write(
        ".codex/prompts/explain.md",
        "---\nmodel: gpt-5\n---\nExplain $ARGUMENTS.\n",
    );
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let doc = stdout_json(&out);
    for (file, want) in [
        (".github/prompts/review.prompt.md", &[][..]),
        (".github/prompts/fix.prompt.md", &["AG241", "AG242"][..]),
        (".github/instructions/ts.instructions.md", &[][..]),
        (
            ".github/instructions/release.instructions.md",
            &["AG245", "AG244"][..],
        ),
        (".cursor/rules/ts.mdc", &[][..]),
        (".cursor/rules/py.mdc", &["AG248", "AG249"][..]),
        (".codex/prompts/pr.md", &[][..]),
        (".codex/prompts/explain.md", &["AG251"][..]),
    ] {
        let got = codes_for(&doc, file).unwrap_or_else(|| panic!("{file} not checked"));
        assert_eq!(got, want, "{file}");
    }
}

/// Windsurf rules and workflows and Kiro steering files, judged by what
/// their hosts document; the projects naming them in `hosts` is fine, and
/// their folders' other files are not checked.
#[test]
fn check_judges_windsurf_and_kiro_files() {
    let dir = TempDir::new("cli-rule-hosts");
    dir.write("agentls.toml", "hosts = [\"windsurf\", \"kiro\"]\n");
    dir.write(
        ".windsurf/rules/ts.md",
        "---\ntrigger: glob\ndescription: TypeScript\nglobs: **/*.ts\n---\nStrict.\n",
    );
    dir.write(
        ".windsurf/rules/py.md",
        "---\ntrigger: glob\ntriger: always\n---\nPy.\n",
    );
    dir.write(
        ".windsurf/workflows/release.md",
        "---\ndescription: Cut a release\n---\n1. Tag.\n",
    );
    dir.write(
        ".kiro/steering/php.md",
        "---\ninclusion: fileMatch\nfileMatchPattern: \"**/*.php\"\n---\nPSR-12.\n",
    );
    dir.write("packages/app/.kiro/steering/tech.md", "# Tech\n\nRust.\n");
    dir.write(
        ".kiro/steering/go.md",
        "---\ninclusion: file_match\n---\nGo.\n",
    );
    // Not these hosts' rule files.
    dir.write(".windsurf/notes.md", "---\nbogus: 1\n---\n");
    dir.write(".kiro/specs/login/design.md", "---\nbogus: 1\n---\n");
    let out = run(dir.path(), &["check", "--format", "json"], None);
    let doc = stdout_json(&out);
    for (file, want) in [
        (".windsurf/rules/ts.md", &[][..]),
        (".windsurf/rules/py.md", &["AG254", "AG252"][..]),
        (".windsurf/workflows/release.md", &[][..]),
        (".kiro/steering/php.md", &[][..]),
        ("packages/app/.kiro/steering/tech.md", &[][..]),
        (".kiro/steering/go.md", &["AG258"][..]),
    ] {
        let got = codes_for(&doc, file).unwrap_or_else(|| panic!("{file} not checked"));
        assert_eq!(got, want, "{file}");
    }
    for other in [".windsurf/notes.md", ".kiro/specs/login/design.md"] {
        assert!(codes_for(&doc, other).is_none(), "{other} checked");
    }
    // `hosts` names both without a finding about the configuration.
    let config = codes_for(&doc, "agentls.toml").unwrap_or_default();
    assert!(config.is_empty(), "{config:?}");
}
