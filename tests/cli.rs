//! The `agentls` binary end to end: arguments, file discovery, output
//! formats, exit codes. Nothing here depends on which diagnostics the core
//! produces (see `cli_diagnostics.rs` for that); the "good" file is the
//! clean example, which must stay finding-free.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

mod common;

use common::TempDir;
use common::cli::{stderr, stdout, stdout_json as json};

const GOOD: &str = include_str!("../examples/code-reviewer.md");

/// Run the binary with `args` in `cwd`, failing the test (rather than
/// hanging it) if it takes more than 60 s.
fn agentls(cwd: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agentls"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        // Never the developer's own ~/.claude: results must not depend on it.
        .env("AGENTLS_HOME", "/nonexistent/agentls-home")
        .stdin(Stdio::null());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(cmd.output());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("agentls did not finish within 60 s")
        .expect("agentls could not be started")
}

#[test]
fn version_prints_name_and_version() {
    let out = agentls(Path::new("."), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!("agentls {}\n", env!("CARGO_PKG_VERSION"))
    );
    let short = agentls(Path::new("."), &["-V"]);
    assert_eq!(short.stdout, out.stdout);
}

#[test]
fn help_lists_commands_and_options() {
    for flag in ["--help", "-h"] {
        let out = agentls(Path::new("."), &[flag]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        for needle in ["check", "lsp", "--stdio", "--format", "--version"] {
            assert!(text.contains(needle), "help lacks {needle}:\n{text}");
        }
    }
}

#[test]
fn unknown_options_are_usage_errors() {
    for args in [
        &["--bogus"][..],
        &["check", "--bogus"],
        &["check", "--format", "xml"],
        &["check", "--format"],
        &["lsp", "--bogus"],
        &["frobnicate"],
    ] {
        let out = agentls(Path::new("."), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
        let err = stderr(&out);
        assert!(err.contains("--help"), "{args:?}: no usage hint in {err}");
    }
}

#[test]
fn a_clean_file_exits_zero() {
    let dir = TempDir::new("clean");
    dir.write("agents/code-reviewer.md", GOOD);
    let out = agentls(dir.path(), &["check", "agents"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 file checked: no problems found"));
    assert!(stderr(&out).is_empty());
}

#[test]
fn missing_path_exits_two_and_the_rest_is_still_checked() {
    let dir = TempDir::new("missing");
    dir.write("good.md", GOOD);
    let out = agentls(dir.path(), &["check", "missing.md", "good.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.md: cannot read:"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("1 file checked"), "{text}");
    assert!(text.contains("1 unreadable"), "{text}");
}

#[test]
fn json_has_the_documented_shape() {
    let dir = TempDir::new("json");
    dir.write("b/agents/agent.md", GOOD);
    dir.write("a/agents/agent.md", GOOD);
    let out = agentls(dir.path(), &["check", "--format", "json", "b", "a", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let files = doc["files"].as_array().expect("files array");
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["a/agents/agent.md", "b/agents/agent.md"],
        "sorted by path"
    );
    for file in files {
        assert!(file["verdict"].is_string());
        assert!(file["diagnostics"].is_array());
    }
    assert_eq!(doc["unreadable"][0]["path"], "nope");
    assert!(doc["unreadable"][0]["error"].is_string());
    let summary = &doc["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(summary["unreadable"], 1);
    for key in [
        "errors",
        "warnings",
        "info",
        "hints",
        "skipped",
        "does_not_load",
    ] {
        assert!(summary[key].is_u64(), "summary.{key} missing");
    }
}

#[test]
fn format_equals_form_is_accepted() {
    let dir = TempDir::new("fmt-eq");
    dir.write("x.md", GOOD);
    let out = agentls(dir.path(), &["check", "--format=json", "x.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["summary"]["files"], 1);
}

#[test]
fn binary_files_are_skipped_not_failed() {
    let dir = TempDir::new("binary");
    dir.write(".claude/agents/blob.md", b"\x00\x01\x02 not text");
    dir.write(".claude/agents/good.md", GOOD);
    let out = agentls(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("skipped: binary file"), "{text}");
    assert!(text.contains("blob.md"), "{text}");
    assert!(text.contains("1 file checked"), "{text}");
    assert!(stderr(&out).is_empty());
}

#[test]
fn github_format_escapes_properties() {
    let dir = TempDir::new("github");
    // A binary file yields a notice whatever the core finds; its name
    // carries every character GitHub needs escaped in a property.
    let name = if cfg!(unix) {
        "a,b:c%d\ne.md"
    } else {
        "a,b%d.md"
    };
    dir.write(name, b"\x00");
    let out = agentls(dir.path(), &["check", "--format", "github", name]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let expected = if cfg!(unix) {
        "::notice file=a%2Cb%3Ac%25d%0Ae.md::skipped: binary file\n"
    } else {
        "::notice file=a%2Cb%25d.md::skipped: binary file\n"
    };
    assert!(text.starts_with(expected), "{text}");
}

#[test]
fn without_paths_only_agent_files_are_checked() {
    let dir = TempDir::new("discover");
    dir.write(".claude/agents/reviewer.md", GOOD);
    dir.write("plugin/agents/nested/helper.md", GOOD);
    dir.write("README.md", "# not an agent\n");
    dir.write("docs/guide.md", "# not an agent\n");
    dir.write("node_modules/pkg/agents/vendored.md", b"\x00");
    dir.write("target/agents/built.md", b"\x00");
    dir.write(".git/agents/odd.md", b"\x00");
    let out = agentls(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected = [
        ".claude/agents/reviewer.md",
        "plugin/agents/nested/helper.md",
    ];
    assert_eq!(
        paths,
        expected.map(|p| p.replace('/', std::path::MAIN_SEPARATOR_STR))
    );
    assert_eq!(
        doc["skipped"].as_array().unwrap().len(),
        0,
        "skipped dirs walked"
    );
}

#[test]
fn explicit_files_are_checked_whatever_their_name_and_only_once() {
    let dir = TempDir::new("explicit");
    dir.write("agents/agent.txt", GOOD);
    dir.write("agents/agent.md", GOOD);
    let out = agentls(
        dir.path(),
        &[
            "check",
            "--format=json",
            "agents/agent.txt",
            "agents/agent.md",
            "agents",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    // agent.txt by name, agent.md named and walked: two files.
    assert_eq!(json(&out)["summary"]["files"], 2);
}

#[test]
fn bad_utf8_and_odd_input_do_not_crash() {
    let dir = TempDir::new("odd");
    let mut bad = GOOD.as_bytes().to_vec();
    bad.extend_from_slice(b"\nbroken \xff\xfe bytes\r\n\ttab\r");
    dir.write(".claude/agents/bad-utf8.md", bad);
    dir.write(".claude/agents/empty.md", "");
    dir.write(".claude/agents/only-dashes.md", "---\n");
    dir.write(
        ".claude/agents/huge-line.md",
        format!("---\nname: {}\n---\n", "x".repeat(200_000)),
    );
    let out = agentls(dir.path(), &["check", "."]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status,
        stderr(&out)
    );
    assert!(stdout(&out).contains("4 files checked"), "{}", stdout(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn piped_output_has_no_colour() {
    let dir = TempDir::new("color");
    dir.write(".claude/agents/x.md", b"\x00");
    let out = agentls(dir.path(), &["check", "."]);
    assert!(stdout(&out).contains("skipped"), "{}", stdout(&out));
    assert!(!out.stdout.contains(&0x1b), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn directory_symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("loop");
    dir.write("root/agents/good.md", GOOD);
    symlink(dir.path().join("root"), dir.path().join("root/agents/up")).unwrap();
    symlink("self.md", dir.path().join("root/agents/self.md")).unwrap();
    // A symlinked file is checked; a symlinked directory is not followed.
    symlink("good.md", dir.path().join("root/agents/alias.md")).unwrap();
    let out = agentls(dir.path(), &["check", "--format=json", "root"]);
    let doc = json(&out);
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["root/agents/alias.md", "root/agents/good.md"]);
    // The self-referencing link cannot be read: reported, exit 2.
    assert_eq!(doc["unreadable"][0]["path"], "root/agents/self.md");
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_reported_as_unreadable() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("dangling");
    dir.write("a/agents/good.md", GOOD);
    symlink("gone.md", dir.path().join("a/agents/dangling.md")).unwrap();
    let out = agentls(dir.path(), &["check", "a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a/agents/dangling.md: cannot read:"));
    assert!(stdout(&out).contains("1 file checked"));
}
