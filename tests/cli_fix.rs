//! `agentls check --fix` end to end, on temporary copies of the fixtures
//! (never the fixtures themselves): files are rewritten with exactly the
//! core's `fix_all`, the per-file counts go to stderr, the remaining
//! findings and the exit code are those of the fixed files.

use std::path::Path;
use std::process::Output;

use agentls_core::fix::fix_all;

mod common;

use common::TempDir;
use common::cli::{self, stderr, stdout};

fn agentls(cwd: &Path, args: &[&str]) -> Output {
    cli::run(cwd, args, None)
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture")
}

const FILES: [&str; 5] = [
    "seeds/000_6cb43e73f3232d70.md",
    "seeds/002_d6d2beda54fc43c0.md",
    "seeds/003_03229a3180e98b31.md",
    "fixes/kinds/tool-names.md",
    "fixes/kinds/missing-description.md",
];

#[test]
fn fix_rewrites_each_file_with_fix_all_and_reports_what_remains() {
    let dir = TempDir::new("rewrite");
    let mut expected = Vec::new();
    for rel in FILES {
        let text = fixture(rel);
        let name = Path::new(rel)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = dir.write(&format!(".claude/agents/{name}"), &text);
        let (fixed, count) = fix_all(&text, Some(&path));
        expected.push((path, text, fixed, count));
    }
    let out = agentls(&dir.0, &["check", "--fix", ".claude/agents"]);
    let err = stderr(&out);
    for (path, original, fixed, count) in &expected {
        let now = std::fs::read_to_string(path).unwrap();
        assert_eq!(&now, fixed, "{}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let line = err.lines().find(|l| l.contains(name.as_ref()));
        if *count == 0 {
            assert_eq!(&now, original);
            assert!(line.is_none(), "unchanged files are not reported: {err}");
        } else {
            let line = line.unwrap_or_else(|| panic!("no report for {name}: {err}"));
            assert!(
                line.ends_with(&format!(
                    "fixed {count} problem{}",
                    if *count == 1 { "" } else { "s" }
                )),
                "{line}"
            );
        }
    }
    // The printed findings and the exit code are those of the fixed files.
    let again = agentls(&dir.0, &["check", ".claude/agents"]);
    assert_eq!(stdout(&out), stdout(&again));
    assert_eq!(out.status.code(), again.status.code());
    assert!(!stdout(&out).contains("AG031"), "{}", stdout(&out));
    // missing-description.md still has no description: an error remains.
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // The fixtures themselves are untouched.
    for (rel, (_, original, _, _)) in FILES.iter().zip(&expected) {
        assert_eq!(&fixture(rel), original);
    }
}

#[test]
fn a_second_fix_run_changes_nothing() {
    let dir = TempDir::new("twice");
    let path = dir.write(
        ".claude/agents/tools.md",
        fixture("fixes/kinds/tool-names.md"),
    );
    let first = agentls(&dir.0, &["check", "--fix"]);
    assert!(
        stderr(&first).contains("fixed 5 problems"),
        "{}",
        stderr(&first)
    );
    let after_first = std::fs::read_to_string(&path).unwrap();
    let second = agentls(&dir.0, &["check", "--fix"]);
    assert_eq!(stderr(&second), "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after_first);
    assert_eq!(second.status.code(), Some(0), "{}", stdout(&second));
}

#[test]
fn json_output_stays_one_document() {
    let dir = TempDir::new("json");
    dir.write(
        ".claude/agents/tools.md",
        fixture("fixes/kinds/tool-names.md"),
    );
    let out = agentls(&dir.0, &["check", "--fix", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert!(doc.is_object(), "{doc}");
    assert!(stderr(&out).contains("fixed 5 problems"));
}

#[test]
fn files_that_are_not_valid_utf8_are_left_alone() {
    let dir = TempDir::new("latin1");
    let mut bytes = fixture("fixes/kinds/tool-names.md").into_bytes();
    bytes.extend_from_slice(b"caf\xe9\n");
    let path = dir.write(".claude/agents/latin1.md", &bytes);
    let out = agentls(&dir.0, &["check", "--fix", ".claude/agents/latin1.md"]);
    assert!(
        stderr(&out).contains("not fixed: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(stdout(&out).contains("AG031"), "findings still reported");
}

#[test]
fn usage_mentions_fix() {
    let out = agentls(Path::new("."), &["--help"]);
    assert!(stdout(&out).contains("--fix"), "{}", stdout(&out));
}
