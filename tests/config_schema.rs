//! The JSON Schema of `agentls.toml` (`editors/schema/agentls.schema.json`,
//! offered to editors for completion and checks) is generated from the
//! code table, so it can never name a code that does not exist or miss
//! one. `AGENTLS_UPDATE_SCHEMA=1 cargo test --test config_schema` writes it.

use std::path::Path;
use std::process::Command;

use agentls_core::codes;
use agentls_core::kind::overrides::KIND_NAMES;
use agentls_core::policy::config::HOSTS;
use serde_json::{Map, Value, json};

fn schema() -> Value {
    let mut rules = Map::new();
    for c in codes::all() {
        let doc = format!(
            "{} ({}, {} by default): {}",
            c.code,
            c.name,
            c.severity.as_str(),
            c.summary
        );
        rules.insert(
            c.code.to_string(),
            json!({ "$ref": "#/definitions/level", "description": doc }),
        );
        rules.insert(
            c.name.to_string(),
            json!({ "$ref": "#/definitions/level", "description": doc }),
        );
    }
    let patterns = json!({
        "description": "Paths relative to this file's folder, as in .gitignore: `*` within a segment, `**` across; a bare name matches at any depth; a folder matches everything below it.",
        "oneOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } }
        ]
    });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "agentls.toml",
        "description": "Project configuration of agentls, the language server and linter for agent markdown files.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "hosts": {
                "description": "The hosts this project's agent files serve; the portability rules warn about what breaks in one of them.",
                "type": "array",
                "items": { "enum": HOSTS }
            },
            "exclude": patterns,
            "claude-code-version": {
                "description": "The Claude Code release to judge against, where the catalog knows differences.",
                "type": "string",
                "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"
            },
            "rules": { "$ref": "#/definitions/rules" },
            "kinds": {
                "description": "Kinds by path: each pattern (relative to this file's folder, as in .gitignore) gives the markdown files it matches a kind, whatever their folders say; `none`: not an agent file at all. The last matching pattern wins.",
                "type": "object",
                "additionalProperties": { "enum": KIND_NAMES }
            },
            "overrides": {
                "description": "Rule levels for the files the globs match; a later override wins over an earlier one and over [rules].",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["files"],
                    "properties": {
                        "files": patterns,
                        "rules": { "$ref": "#/definitions/rules" }
                    }
                }
            }
        },
        "definitions": {
            "level": {
                "description": "off, or the severity to show the finding with.",
                "enum": ["off", "error", "warning", "info", "information", "hint"]
            },
            "rules": {
                "description": "A code (AG015) or its rule name (unknown-key) and its level.",
                "type": "object",
                "additionalProperties": false,
                "properties": rules
            }
        }
    })
}

/// The schema and the copy the VS Code extension ships (offered to TOML
/// extensions through `contributes.tomlValidation`).
#[test]
fn the_shipped_schema_is_the_generated_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let want = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
    for rel in [
        "editors/schema/agentls.schema.json",
        "editors/vscode/schemas/agentls.schema.json",
    ] {
        let path = root.join(rel);
        if std::env::var_os("AGENTLS_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date: run `AGENTLS_UPDATE_SCHEMA=1 cargo test --test config_schema`",
            path.display()
        );
    }
}

/// Each fixture, read by Python's TOML parser, checked against the schema
/// with `jsonschema` (installed for the SARIF test: see tests/cli_ci.rs):
/// the valid one passes, the others fail. Skipped without jsonschema,
/// unless AGENTLS_REQUIRE_SARIF_SCHEMA=1 (as in CI).
#[test]
fn the_schema_accepts_the_valid_fixture_and_rejects_the_mistakes() {
    const SCRIPT: &str = r#"
import json, sys, tomllib
try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed"); sys.exit(3)
schema = json.load(open(sys.argv[1]))
for path, want in zip(sys.argv[2::2], sys.argv[3::2]):
    with open(path, "rb") as f:
        try:
            data = tomllib.load(f)
        except tomllib.TOMLDecodeError:
            continue  # not TOML at all: nothing for a schema to say
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    if (want == "valid") != (not errors):
        print(path, want, [e.message for e in errors]); sys.exit(1)
"#;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/config");
    let mut args = vec![
        root.join("editors/schema/agentls.schema.json")
            .display()
            .to_string(),
    ];
    for (name, want) in [
        ("valid.toml", "valid"),
        ("mistakes.toml", "invalid"),
        ("kinds.toml", "invalid"),
        ("wrong_types.toml", "invalid"),
        ("not_toml.toml", "invalid"),
    ] {
        args.push(fixtures.join(name).display().to_string());
        args.push(want.to_string());
    }
    let python_path = std::env::var("AGENTLS_SARIF_PYTHONPATH").unwrap_or_default();
    let required = std::env::var("AGENTLS_REQUIRE_SARIF_SCHEMA").is_ok_and(|v| v == "1");
    let run = Command::new("python3")
        .args(["-c", SCRIPT])
        .args(&args)
        .env("PYTHONPATH", python_path)
        .output()
        .expect("python3 runs");
    if run.status.code() == Some(3) {
        assert!(
            !required,
            "AGENTLS_REQUIRE_SARIF_SCHEMA=1 but jsonschema is missing"
        );
        eprintln!("SKIPPED: jsonschema is not installed (see tests/cli_ci.rs)");
        return;
    }
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
