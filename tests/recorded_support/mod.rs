//! What the recorded-host tests share: the recorded tables and fixtures
//! (`tests/fixtures/recorded/`), `agentls check` on one fixture placed where
//! its host reads it, and the lines of a front-matter field.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[path = "../common/temp_dir.rs"]
mod temp_dir;
pub use temp_dir::TempDir;

pub fn recorded() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// The `cases` of a recorded table.
pub fn table(name: &str) -> Vec<Value> {
    let path = recorded().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let json: Value = serde_json::from_str(&text).expect("table is JSON");
    json["cases"].as_array().expect("cases").clone()
}

/// The fixture files of `recorded/<dir>/` (names ending in `.md`), sorted.
pub fn fixture_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(recorded().join(dir))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    files.sort();
    files
}

/// The `file` of every row, in the table's order.
pub fn row_files(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r["file"].as_str().map(String::from))
        .collect()
}

/// A finding of `agentls check --format json`: code, severity and 1-based line.
pub struct Finding {
    pub code: String,
    pub severity: String,
    pub line: usize,
}

impl Finding {
    pub fn shown(&self) -> String {
        format!("{}@{}({})", self.code, self.line, self.severity)
    }
}

/// The fixture `recorded/<dir>/<file>` alone at `<project>/<folder>/<file>`,
/// checked by the binary.
pub fn check(dir: &str, folder: &str, file: &str) -> Vec<Finding> {
    let tmp = TempDir::new("recorded-hosts");
    let project = tmp.path().canonicalize().unwrap().join("project");
    std::fs::create_dir_all(project.join(folder)).unwrap();
    std::fs::copy(
        recorded().join(dir).join(file),
        project.join(folder).join(file),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .arg(format!("{folder}/{file}"))
        .current_dir(&project)
        .env("AGENTLS_HOME", tmp.path())
        .output()
        .expect("run agentls check");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{file}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    json["files"][0]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| Finding {
            code: d["code"].as_str().unwrap_or("?").to_string(),
            severity: d["severity"].as_str().unwrap_or("?").to_string(),
            line: d["range"]["start"]["line"].as_u64().unwrap_or(0) as usize,
        })
        .collect()
}

/// The 1-based lines of top-level `field` in the fixture's front matter:
/// its key line and the indented lines under it.
pub fn field_lines(text: &str, field: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut inside = false;
    for (i, line) in text.lines().enumerate().skip(1) {
        if line == "---" {
            break;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            inside = line.starts_with(&format!("{field}:"));
        }
        if inside {
            lines.push(i + 1);
        }
    }
    lines
}

/// The cases a host run is held to, with the known disagreements: a known
/// case that agrees now, or an unknown one that disagrees, is reported.
pub fn hold(
    host: &str,
    rows: &[Value],
    known: &[(&str, &str)],
    disagreements: impl Fn(&Value) -> Vec<String>,
) {
    let mut wrong = Vec::new();
    for row in rows {
        let file = row["file"].as_str().unwrap_or("?");
        let is_known = known.iter().any(|(f, _)| *f == file);
        let found = disagreements(row);
        match (is_known, found.is_empty()) {
            (false, false) => wrong.extend(found.iter().map(|w| format!("{file}: {w}"))),
            (true, true) => wrong.push(format!("{file}: agrees now; take it off the known list")),
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases disagree with {host} (besides {} known):\n{}",
        wrong.len(),
        rows.len(),
        known.len(),
        wrong.join("\n")
    );
}

/// The skill folders of `recorded/<dir>/` (each holding a `SKILL.md`), sorted.
pub fn skill_dirs(dir: &str) -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(recorded().join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("SKILL.md").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    dirs.sort();
    dirs
}
