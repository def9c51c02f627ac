//! `agentls check` on the shipped examples: these depend on what the core
//! finds, so they pin down the examples' teaching points (which file loads,
//! which does not, where the carets go) rather than exact codes or wording.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn agentls(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(args)
        .current_dir(ROOT)
        // Never the developer's own ~/.claude: results must not depend on it.
        .env("AGENTLS_HOME", "/nonexistent/agentls-home")
        .stdin(Stdio::null())
        .output()
        .expect("agentls could not be started")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn example(name: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join("examples").join(name)).unwrap()
}

/// The JSON report of one example file.
fn json_for(name: &str) -> serde_json::Value {
    let path = format!("examples/{name}");
    let out = agentls(&["check", "--format", "json", &path]);
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    assert_eq!(doc["files"][0]["path"], path);
    doc["files"][0].take()
}

fn diagnostics(file: &serde_json::Value) -> &Vec<serde_json::Value> {
    file["diagnostics"].as_array().expect("diagnostics array")
}

/// The source text a diagnostic's byte range covers.
fn covered<'a>(text: &'a str, d: &serde_json::Value) -> &'a str {
    let s = d["byte_range"][0].as_u64().unwrap() as usize;
    let e = d["byte_range"][1].as_u64().unwrap() as usize;
    &text[s..e]
}

/// 1-based line of a byte offset, counted the plain way (the files use `\n`).
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[test]
fn readme_command_exits_one_because_an_example_does_not_load() {
    let out = agentls(&["check", "examples/"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("examples/test-runner.md: Claude Code will not load this agent"),
        "{text}"
    );
    assert!(text.contains("5 files checked: "), "{text}");
    assert!(text.contains("error["), "{text}");
    assert!(text.contains("warning["), "{text}");
}

#[test]
fn clean_example_has_no_findings() {
    let out = agentls(&["check", "examples/code-reviewer.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "1 file checked: no problems found\n");
    let file = json_for("code-reviewer.md");
    assert_eq!(file["verdict"], "loads");
    assert!(diagnostics(&file).is_empty());
}

#[test]
fn carets_sit_under_legacy_tools() {
    let out = agentls(&["check", "examples/legacy-refactorer.md"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    for tool in ["MultiEdit", "LS"] {
        // The source line is followed by a caret line whose `^`s span the tool.
        let found = lines.windows(2).any(|w| {
            let Some(src) = w[0].split_once(" | ").map(|(_, s)| s) else {
                return false;
            };
            let Some(carets) = w[1].split_once(" | ").map(|(_, s)| s) else {
                return false;
            };
            let at = carets.len() - carets.trim_start().len();
            let len = carets.trim().len();
            carets.trim().chars().all(|c| c == '^')
                && src.starts_with("tools:")
                && src.get(at..at + len) == Some(tool)
        });
        assert!(found, "no carets under {tool}:\n{text}");
    }
    assert!(
        text.contains("--> examples/legacy-refactorer.md:4:"),
        "{text}"
    );
}

#[test]
fn legacy_tools_and_bad_colour_are_located_exactly() {
    let text = example("legacy-refactorer.md");
    let file = json_for("legacy-refactorer.md");
    assert_ne!(file["verdict"], "does-not-load");
    let diags = diagnostics(&file);
    for token in ["MultiEdit", "LS", "magenta"] {
        let d = diags
            .iter()
            .find(|d| covered(&text, d) == token)
            .unwrap_or_else(|| panic!("no diagnostic covering {token}: {diags:#?}"));
        assert_ne!(d["severity"], "error", "{token} still loads");
        // Every code has a kebab-case name next to it.
        let name = d["name"].as_str().expect("name");
        assert!(!name.is_empty() && !name.contains(' '), "{name}");
        // Line/column agree with the byte range.
        let start = d["byte_range"][0].as_u64().unwrap() as usize;
        assert_eq!(d["range"]["start"]["line"], line_of(&text, start));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(d["range"]["start"]["column"], start - line_start + 1);
    }
}

#[test]
fn unquoted_colon_is_rescued_but_reported() {
    let text = example("release-notes-writer.md");
    let file = json_for("release-notes-writer.md");
    assert_ne!(file["verdict"], "does-not-load", "Claude Code rescues it");
    let on_description = diagnostics(&file).iter().any(|d| {
        let start = d["byte_range"][0].as_u64().unwrap() as usize;
        text[start..].starts_with(':') || line_of(&text, start) == 3
    });
    assert!(on_description, "{file:#?}");
}

#[test]
fn unindented_examples_do_not_load() {
    let file = json_for("test-runner.md");
    assert_eq!(file["verdict"], "does-not-load");
    assert!(
        diagnostics(&file).iter().any(|d| d["severity"] == "error"),
        "{file:#?}"
    );
    let out = agentls(&["check", "examples/test-runner.md"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn capitalised_name_and_unknown_keys_are_pointed_at() {
    let text = example("doc-writer.md");
    let file = json_for("doc-writer.md");
    let diags = diagnostics(&file);
    for key in ["Name", "temperature", "max_tokens"] {
        assert!(
            diags.iter().any(|d| covered(&text, d).starts_with(key)),
            "nothing at `{key}`: {diags:#?}"
        );
    }
}

#[test]
fn github_annotations_for_the_examples() {
    let out = agentls(&["check", "--format", "github", "examples/"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=examples/test-runner.md,line=")),
        "{text}"
    );
    assert!(
        text.lines().any(
            |l| l.starts_with("::warning file=examples/legacy-refactorer.md,line=4,")
                && l.contains(",title=AG")
        ),
        "{text}"
    );
    // Every line is a workflow command except the closing summary.
    let lines: Vec<&str> = text.lines().collect();
    let (summary, commands) = lines.split_last().unwrap();
    assert!(summary.contains("files checked"));
    assert!(commands.iter().all(|l| l.starts_with("::")), "{text}");
}
