//! Windsurf rules and workflows and Kiro steering files, judged by what
//! their hosts document (no recording of either exists, so no finding is an
//! error): one fixture per finding in `fixtures/rule-hosts/`. The fixture's
//! name gives the path it is analysed at: `windsurf-…` as
//! `.windsurf/rules/<stem>.md`, `workflow-…` as `.windsurf/workflows/<stem>.md`,
//! `kiro-…` as `.kiro/steering/<stem>.md`.

mod common;

use std::path::{Path, PathBuf};

use agentls_core::codes::{self, RULE_HOSTS};
use agentls_core::{Analysis, FileKind, HostFile, Severity, analyze, classify};
use common::{assert_every_code_shown, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("rule-hosts", "md", 17)
}

fn path_of(name: &str) -> PathBuf {
    common::path_by_prefix(
        name,
        &[
            ("windsurf-", "/ws/.windsurf/rules/{}.md"),
            ("workflow-", "/ws/.windsurf/workflows/{}.md"),
            ("kiro-", "/ws/.kiro/steering/{}.md"),
        ],
    )
}

fn analyse(name: &str, text: &str) -> Analysis {
    analyze(text, Some(&path_of(name)))
}

fn fixture(name: &str) -> String {
    common::fixture("rule-hosts", "md", name)
}

#[test]
fn rule_host_fixtures() {
    for (name, text) in fixtures() {
        let a = analyse(&name, &text);
        insta::assert_snapshot!(format!("rule-hosts-{name}"), render(&text, &a));
        assert!(matches!(a.kind, FileKind::Host(_)), "{name}: {:?}", a.kind);
        for d in &a.diagnostics {
            assert!(
                RULE_HOSTS.iter().any(|c| c.code == d.code),
                "{name}: {} is not a Windsurf or Kiro code",
                d.code
            );
            // Neither host was recorded: nothing says a file fails to load.
            assert_ne!(d.severity, Severity::Error, "{name}: {}", d.code);
        }
    }
}

#[test]
fn every_rule_host_code_has_a_fixture() {
    let seen = fixtures()
        .into_iter()
        .flat_map(|(name, text)| analyse(&name, &text).diagnostics);
    assert_every_code_shown(RULE_HOSTS, seen.map(|d| d.code));
}

/// The files of these hosts by their path: right in their folders, in the
/// workspace or a subfolder's own, or in `~/.kiro`; nothing deeper, and no
/// `agents` folder there is a Claude Code plugin's.
#[test]
fn windsurf_and_kiro_paths() {
    use HostFile::*;
    for (path, want) in [
        ("p/.windsurf/rules/style.md", WindsurfRule),
        ("p/pkg/.windsurf/rules/style.md", WindsurfRule),
        ("p/.windsurf/workflows/release.md", WindsurfWorkflow),
        ("p/.kiro/steering/tech.md", KiroSteering),
        ("/h/.kiro/steering/style.md", KiroSteering),
    ] {
        assert_eq!(classify(Path::new(path)), FileKind::Host(want), "{path}");
        assert!(!classify(Path::new(path)).is_indexed(), "{path}");
    }
    for path in [
        "p/.windsurf/rules/old/style.md",
        "p/.windsurf/rules/style.mdc",
        "p/.windsurf/workflows/old/release.md",
        "p/.windsurf/agents/x.md",
        "p/.windsurf/rules/agents/x.md",
        "p/.kiro/steering/team/x.md",
        "p/.kiro/agents/x.md",
        "p/.kiro/specs/login/design.md",
    ] {
        assert_eq!(classify(Path::new(path)), FileKind::Other, "{path}");
    }
}

#[test]
fn kinds_of_the_fixtures() {
    use HostFile::*;
    for (name, want) in [
        ("windsurf-correct", WindsurfRule),
        ("workflow-release", WindsurfWorkflow),
        ("kiro-correct", KiroSteering),
    ] {
        assert_eq!(analyse(name, &fixture(name)).kind, FileKind::Host(want));
    }
}

/// A correct file of each kind: nothing to say.
#[test]
fn correct_files_are_clean() {
    for name in [
        "windsurf-correct",
        "windsurf-model-decision",
        "workflow-release",
        "kiro-correct",
        "kiro-auto",
        "kiro-no-front-matter",
    ] {
        let text = fixture(name);
        let a = analyse(name, &text);
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
    }
}

/// Every trigger and inclusion the hosts document, and globs written as
/// rules in the wild write them (unquoted, which strict YAML rejects; a
/// list), are fine.
#[test]
fn documented_values_and_unquoted_globs_are_right() {
    for trigger in ["always_on", "manual", "model_decision"] {
        let text = format!("---\ntrigger: {trigger}\ndescription: d\n---\nBody.\n");
        let a = analyze(&text, Some(Path::new("/ws/.windsurf/rules/x.md")));
        assert!(a.diagnostics.is_empty(), "{trigger}: {:?}", a.diagnostics);
    }
    for globs in [
        "**/*.ts",
        "'src/**'",
        "[\"**/*.ts\", \"**/*.tsx\"]",
        "\n  - \"**/*.py\"",
    ] {
        let text = format!("---\ntrigger: glob\nglobs: {globs}\n---\nBody.\n");
        let a = analyze(&text, Some(Path::new("/ws/.windsurf/rules/x.md")));
        assert!(a.diagnostics.is_empty(), "{globs}: {:?}", a.diagnostics);
    }
    for inclusion in ["always", "manual", "auto"] {
        let text = format!("---\ninclusion: {inclusion}\n---\nBody.\n");
        let a = analyze(&text, Some(Path::new("/h/.kiro/steering/x.md")));
        assert!(a.diagnostics.is_empty(), "{inclusion}: {:?}", a.diagnostics);
    }
    // No front matter: Kiro includes the file always; a Windsurf rule
    // without one says nothing about its trigger either way.
    for path in ["/ws/.kiro/steering/tech.md", "/ws/.windsurf/rules/x.md"] {
        let a = analyze("# Notes\n", Some(Path::new(path)));
        assert!(a.diagnostics.is_empty(), "{path}: {:?}", a.diagnostics);
    }
}

/// The fixes write a documented value or key, and are never preferred: the
/// author's intent is a guess.
#[test]
fn fixes_write_the_documented_spelling() {
    for (name, code, want) in [
        (
            "windsurf-trigger-spelling",
            codes::WINDSURF_TRIGGER_INVALID,
            "model_decision",
        ),
        ("windsurf-keys", codes::WINDSURF_UNKNOWN_KEY, "trigger"),
        ("kiro-inclusion", codes::KIRO_INCLUSION_INVALID, "fileMatch"),
        ("kiro-keys", codes::KIRO_UNKNOWN_KEY, "inclusion"),
    ] {
        let text = fixture(name);
        let a = analyse(name, &text);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{name}: no {code}"));
        let fix = &d.fixes[0];
        assert!(!fix.preferred, "{name}");
        assert_eq!(fix.edits[0].new_text, want, "{name}");
    }
}

/// The limit counts characters, not bytes: 12,000 characters of `é` (24,000
/// bytes) are within it, one more is not.
#[test]
fn the_windsurf_limit_counts_characters() {
    let long = |head: &str, n: usize| format!("{head}{}", "é".repeat(n - head.len()));
    let at = |n: usize| long("---\ntrigger: always_on\n---\n", n);
    let path = Path::new("/ws/.windsurf/rules/x.md");
    assert!(analyze(&at(12_000), Some(path)).diagnostics.is_empty());
    let over = analyze(&at(12_001), Some(path));
    let codes: Vec<_> = over.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::WINDSURF_RULE_TOO_LONG]);
    // A Kiro steering file or a workflow has no such documented limit.
    let kiro = long("---\ninclusion: always\n---\n", 12_001);
    let kiro = analyze(&kiro, Some(Path::new("/ws/.kiro/steering/x.md")));
    assert!(kiro.diagnostics.is_empty());
}
