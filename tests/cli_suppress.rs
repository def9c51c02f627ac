//! Suppression comments in `agentls check`: a silenced error no longer
//! fails the run (when the file still loads), `--no-inline-ignores` shows
//! every finding again with no unused-suppression hints, and `--fix`
//! removes unused codes but does not repair what a comment silences.

mod common;

use common::TempDir;
use common::cli::{run, stdout};

/// `tools: Foo` resolves to nothing: an error (the agent cannot start), but
/// the file loads. The comment silences it; the second code is unused.
const SILENCED: &str = "---\nname: a\ndescription: Reviews code.\ntools: Foo  # agentls-ignore: AG030, AG033, AG023\n---\nBody.\n";

#[test]
fn comments_silence_and_no_inline_ignores_shows_everything() {
    let dir = TempDir::new("suppress-cli");
    dir.write("a.md", SILENCED);
    let out = run(dir.path(), &["check", "a.md"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("error[") && !text.contains("[AG033]"),
        "{text}"
    );
    assert!(
        text.contains("hint[AG090]") && text.contains("`AG023` silences nothing"),
        "{text}"
    );
    let audit = run(dir.path(), &["check", "--no-inline-ignores", "a.md"], None);
    let text = stdout(&audit);
    assert_eq!(audit.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[AG030]") && text.contains("warning[AG033]"),
        "{text}"
    );
    assert!(!text.contains("AG090"), "{text}");
}

#[test]
fn fix_removes_unused_codes_and_leaves_silenced_findings() {
    let dir = TempDir::new("suppress-fix");
    // AG031 (MultiEdit, fix: Edit) is silenced: not fixed. AG023 is unused.
    let text = "---\nname: a\ndescription: Reviews code.\ntools: Read, MultiEdit  # agentls-ignore: AG031, AG023\n---\nBody.\n";
    let path = dir.write("a.md", text);
    let out = run(dir.path(), &["check", "--fix", "a.md"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, text.replace(", AG023", ""));
    // Audited, the silenced finding is fixed too.
    run(
        dir.path(),
        &["check", "--fix", "--no-inline-ignores", "a.md"],
        None,
    );
    let audited = std::fs::read_to_string(&path).unwrap();
    assert!(audited.contains("tools: Read, Edit  #"), "{audited}");
}
