//! The project configuration file, read by the core: one fixture per shape
//! in `fixtures/config/`, each snapshot listing the file's own findings on
//! their exact characters; and what a read configuration does to findings.

mod common;

use std::path::Path;

use agentls_core::policy::{self, Level, Policy, Suppressions, parse_config};
use agentls_core::{Severity, codes};
use common::{assert_every_code_shown, check, fixtures, render_diagnostics};

#[test]
fn config_fixtures() {
    for (name, text) in fixtures("config", "toml", 4) {
        let loaded = parse_config(&text, Path::new("/ws/agentls.toml"));
        insta::assert_snapshot!(
            format!("config_{name}"),
            render_diagnostics(&text, &loaded.diagnostics)
        );
    }
}

/// Every configuration code is shown by a fixture.
#[test]
fn every_config_code_has_a_fixture() {
    let seen = fixtures("config", "toml", 4)
        .into_iter()
        .flat_map(|(_, text)| parse_config(&text, Path::new("/ws/agentls.toml")).diagnostics);
    assert_every_code_shown(codes::CONFIG, seen.map(|d| d.code));
}

#[test]
fn the_valid_fixture_reads_into_its_policy() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/valid.toml"),
    )
    .unwrap();
    let loaded = parse_config(&text, Path::new("/ws/agentls.toml"));
    let p = &loaded.policy;
    assert_eq!(p.hosts, ["claude-code", "copilot"]);
    assert_eq!(p.claude_code_version.as_deref(), Some("2.1.332"));
    assert_eq!(p.root, Path::new("/ws"));
    assert_eq!(p.rules[0], ("AG015", Level::Off));
    assert_eq!(
        p.rules[1],
        ("AG023", Level::On(Severity::Warning)),
        "names resolve to codes"
    );
    assert!(p.excludes(Path::new("/ws/vendor/x/.claude/agents/a.md")));
    assert!(p.excludes(Path::new("/ws/src/generated/a.md")));
    assert!(!p.excludes(Path::new("/ws/.claude/agents/a.md")));
}

/// `[kinds]` gives paths below the configuration's folder their kind; the
/// lines the fixture gets wrong are left out.
#[test]
fn kinds_give_paths_their_kind() {
    use agentls_core::{FileKind, HostFile, classify_with};
    let read = |name: &str| {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/config")
                .join(name),
        )
        .unwrap();
        parse_config(&text, Path::new("/ws/agentls.toml"))
    };
    for fixture in ["valid.toml", "kinds.toml"] {
        let loaded = read(fixture);
        let kind = |p: &str| classify_with(Path::new(p), &[&loaded.policy.kinds]);
        assert_eq!(
            kind("/ws/docs/agents/review.md"),
            FileKind::Host(HostFile::CopilotAgent),
            "{fixture}"
        );
        assert_eq!(kind("/ws/notes/todo.md"), FileKind::Other, "{fixture}");
        assert!(kind("/ws/.claude/agents/a.md").is_agent(), "{fixture}");
    }
    let valid = read("valid.toml");
    let kind = |p: &str| classify_with(Path::new(p), &[&valid.policy.kinds]);
    assert_eq!(
        kind("/ws/prompts/fix.md"),
        FileKind::Host(HostFile::CodexPrompt)
    );
    assert_eq!(kind("/ws/prompts/old/fix.md"), FileKind::Other);
    assert_eq!(kind("/elsewhere/notes/todo.md"), FileKind::Other);
    // The wrong lines apply nothing: the folders decide there.
    let mistakes = read("kinds.toml");
    let kind = |p: &str| classify_with(Path::new(p), &[&mistakes.policy.kinds]);
    assert_eq!(kind("/ws/drafts/a.md"), FileKind::Other);
    assert_eq!(kind("/ws/misc/a.md"), FileKind::Other);
    assert_eq!(mistakes.diagnostics.len(), 3, "{:?}", mistakes.diagnostics);
}

/// A file with an unknown key (AG015), a legacy tool (AG031) and a name
/// that is not kebab case (AG023), judged under `config`.
fn settled(config: &str, path: &str) -> Vec<(&'static str, Severity)> {
    let text =
        "---\nname: Reviewer\ndescription: Reviews.\ncolour: red\ntools: LS, Read\n---\nBody.\n";
    let mut diags = check("reviewer", text).diagnostics;
    let loaded = parse_config(config, Path::new("/ws/agentls.toml"));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    policy::settle(
        &loaded.policy,
        Path::new(path),
        &Suppressions::default(),
        &mut diags,
    );
    diags.iter().map(|d| (d.code, d.severity)).collect()
}

#[test]
fn rules_and_overrides_change_what_a_file_shows() {
    let none = settled("", "/ws/.claude/agents/reviewer.md");
    assert_eq!(
        none,
        [
            ("AG023", Severity::Hint),
            ("AG015", Severity::Warning),
            ("AG031", Severity::Warning)
        ]
    );
    let config = "[rules]\nAG015 = \"off\"\nAG023 = \"error\"\n\n[[overrides]]\nfiles = [\"legacy/**\"]\nrules = { AG031 = \"off\", AG023 = \"info\" }\n\n[[overrides]]\nfiles = [\"legacy/strict/**\"]\nrules = { AG023 = \"warning\" }\n";
    assert_eq!(
        settled(config, "/ws/.claude/agents/reviewer.md"),
        [("AG023", Severity::Error), ("AG031", Severity::Warning)]
    );
    assert_eq!(
        settled(config, "/ws/legacy/.claude/agents/reviewer.md"),
        [("AG023", Severity::Information)],
        "an override wins over [rules]"
    );
    assert_eq!(
        settled(config, "/ws/legacy/strict/.claude/agents/reviewer.md"),
        [("AG023", Severity::Warning)],
        "a later override wins over an earlier one"
    );
    // Outside the configuration's folder its globs match nothing; [rules] still hold.
    assert_eq!(
        settled(config, "/elsewhere/legacy/.claude/agents/reviewer.md"),
        [("AG023", Severity::Error), ("AG031", Severity::Warning)]
    );
}

#[test]
fn the_default_policy_changes_nothing() {
    let text = "---\nname: Reviewer\ndescription: Reviews.\ncolour: red\n---\n";
    let before = check("reviewer", text).diagnostics;
    let mut after = before.clone();
    policy::settle(
        &Policy::default(),
        Path::new("/ws/.claude/agents/reviewer.md"),
        &Suppressions::default(),
        &mut after,
    );
    assert_eq!(before, after);
}

/// `claude-code-version`: keys newer than the targeted release get AG016,
/// which the suppression comments and levels treat like any finding.
#[test]
fn keys_newer_than_the_targeted_release_are_reported() {
    let text = "---\nname: reviewer\ndescription: Reviews.\npermissionMode: plan\nmemory: project\nmodel: sonnet\n---\nBody.\n";
    let analysis = check("reviewer", text);
    let newer = |version: &str| -> Vec<String> {
        let config = format!("claude-code-version = \"{version}\"\n");
        let loaded = parse_config(&config, Path::new("/ws/agentls.toml"));
        policy::version_findings(&loaded.policy, &analysis.versioned_keys())
            .iter()
            .map(|d| format!("{} {}", d.code, &text[d.range.clone()]))
            .collect()
    };
    assert_eq!(newer("2.0.0"), ["AG016 permissionMode", "AG016 memory"]);
    assert_eq!(newer("2.1.0"), ["AG016 memory"], "memory arrived in 2.1.33");
    assert!(newer("2.1.332").is_empty());
    // Without the setting nothing is judged.
    let none = parse_config("", Path::new("/ws/agentls.toml"));
    assert!(policy::version_findings(&none.policy, &analysis.versioned_keys()).is_empty());
}
