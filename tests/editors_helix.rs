//! editors/helix: the shipped `languages.toml` registers agentls for agent,
//! skill and command files, and its file-type globs select exactly the files
//! the server analyses.
//!
//! Helix matches a `{ glob = ... }` file type against the file's absolute
//! path with `globset` defaults (`*` also matches `/`), after putting `*/` in
//! front of a glob that starts neither with `/` nor with `*/`. `helix_glob`
//! below reproduces that.

use std::path::{Path, PathBuf};
use toml::Value;

fn helix_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/helix")
}

fn languages() -> Value {
    let path = helix_dir().join("languages.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
    Value::Table(table)
}

fn agent_language(doc: &Value) -> &Value {
    let langs = doc["language"].as_array().expect("[[language]] entries");
    let agent: Vec<&Value> = langs
        .iter()
        .filter(|l| {
            l.get("language-servers")
                .and_then(Value::as_array)
                .is_some_and(|s| s.iter().any(|s| server_name(s) == Some("agentls")))
        })
        .collect();
    assert_eq!(agent.len(), 1, "exactly one language uses agentls");
    agent[0]
}

/// A `language-servers` entry: `"name"` or `{ name = "name", ... }`.
fn server_name(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v.get("name").and_then(Value::as_str))
}

fn globs(lang: &Value) -> Vec<String> {
    lang["file-types"]
        .as_array()
        .expect("file-types")
        .iter()
        .map(|ft| {
            ft.get("glob")
                .and_then(Value::as_str)
                .unwrap_or_else(|| {
                    panic!(
                        "file type {ft} is not a glob: an extension would take every markdown file"
                    )
                })
                .to_string()
        })
        .collect()
}

// ---- a tiny glob matcher with Helix's semantics ----

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Lit(u8),
    /// `*` (or a `**` not delimited by separators): any run of characters,
    /// `/` included (globset's default `literal_separator(false)`).
    Any,
    /// `?`: one character.
    One,
    /// `**/` at the start: nothing, or anything ending in `/`.
    LeadDirs,
    /// `/**/` in the middle: `/`, or `/` … `/`.
    MidDirs,
    /// `/**` at the end: `/` followed by anything.
    TailDirs,
}

fn compile(glob: &str) -> Vec<Tok> {
    let b = glob.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"**/") && i == 0 {
            toks.push(Tok::LeadDirs);
            i += 3;
        } else if b[i..].starts_with(b"/**/") {
            toks.push(Tok::MidDirs);
            i += 4;
        } else if &b[i..] == b"/**" {
            toks.push(Tok::TailDirs);
            i += 3;
        } else {
            match b[i] {
                b'*' => {
                    while i < b.len() && b[i] == b'*' {
                        i += 1;
                    }
                    toks.push(Tok::Any);
                    continue;
                }
                b'?' => toks.push(Tok::One),
                b'[' | b'{' | b'\\' => panic!("glob feature not emulated here: {glob}"),
                c => toks.push(Tok::Lit(c)),
            }
            i += 1;
        }
    }
    toks
}

fn matches(toks: &[Tok], s: &[u8]) -> bool {
    let Some((&t, rest)) = toks.split_first() else {
        return s.is_empty();
    };
    match t {
        Tok::Lit(c) => s.first() == Some(&c) && matches(rest, &s[1..]),
        Tok::One => !s.is_empty() && matches(rest, &s[1..]),
        Tok::Any => (0..=s.len()).any(|k| matches(rest, &s[k..])),
        Tok::LeadDirs => {
            matches(rest, s) || (1..=s.len()).any(|k| s[k - 1] == b'/' && matches(rest, &s[k..]))
        }
        Tok::MidDirs => {
            s.first() == Some(&b'/')
                && (1..=s.len()).any(|k| s[k - 1] == b'/' && matches(rest, &s[k..]))
        }
        Tok::TailDirs => s.first() == Some(&b'/'),
    }
}

/// Does the Helix file type `{ glob = glob }` select the file at `abs_path`?
fn helix_glob(glob: &str, abs_path: &str) -> bool {
    assert!(abs_path.starts_with('/'), "Helix matches absolute paths");
    let glob = if glob.starts_with('/') || glob.starts_with("*/") {
        glob.to_string()
    } else {
        format!("*/{glob}")
    };
    matches(&compile(&glob), abs_path.as_bytes())
}

#[test]
fn glob_matcher_itself() {
    assert!(helix_glob(".git/config", "/home/u/p/.git/config"));
    assert!(!helix_glob(".git/config", "/home/u/p/.git/config.bak"));
    assert!(helix_glob("*.md", "/a/b.md"));
    assert!(helix_glob("a/**/*.md", "/x/a/b.md"));
    assert!(helix_glob("a/**/*.md", "/x/a/b/c/d.md"));
    assert!(!helix_glob("a/**/*.md", "/x/ab/c.md"));
    assert!(helix_glob("**/a/*.md", "/x/a/b.md"));
    assert!(helix_glob("/abs/**", "/abs/x/y"));
    assert!(!helix_glob("/abs/**", "/absx/y"));
}

// ---- the shipped configuration ----

#[test]
fn server_is_registered() {
    let doc = languages();
    let server = &doc["language-server"]["agentls"];
    assert_eq!(server["command"].as_str(), Some("agentls"));
    assert!(
        server
            .get("args")
            .is_none_or(|a| a.as_array().is_some_and(|a| a.is_empty())),
        "agentls speaks LSP on stdio with no arguments"
    );
}

#[test]
fn agent_language_is_markdown_plus_agentls() {
    let doc = languages();
    let lang = agent_language(&doc);
    let name = lang["name"].as_str().expect("name");
    assert_ne!(
        name, "markdown",
        "a separate language, not every markdown file"
    );
    assert_eq!(lang["grammar"].as_str(), Some("markdown"));
    assert!(
        lang["scope"]
            .as_str()
            .expect("scope")
            .starts_with("source.md")
    );
    let servers: Vec<&str> = lang["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(server_name)
        .collect();
    assert_eq!(servers.first(), Some(&"agentls"), "{servers:?}");
    // Every server it names is defined here or is one Helix ships (marksman).
    for s in &servers {
        assert!(
            doc["language-server"].get(*s).is_some() || *s == "marksman",
            "undefined language server {s}"
        );
    }
    // Helix finds queries by language name: ship ones inheriting markdown.
    for q in ["highlights.scm", "injections.scm"] {
        let path = helix_dir().join("runtime/queries").join(name).join(q);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            text.lines().next() == Some("; inherits: markdown"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn file_types_select_analysed_files_only() {
    let doc = languages();
    let globs = globs(agent_language(&doc));
    assert!(
        globs.iter().any(|g| g == ".claude/agents/**/*.md"),
        "{globs:?}"
    );
    let selected = |p: &str| globs.iter().any(|g| helix_glob(g, p));

    // (workspace-relative path, must attach); `maybe` rows may go either way.
    let table = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editor_paths.tsv"),
    )
    .unwrap();
    let cases: Vec<(&str, bool)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, w)| *w != "maybe")
        .map(|(p, w)| (p, w == "yes"))
        .collect();
    for root in ["/w", "/home/u/projects/app", "/home/u"] {
        for &(rel, want) in &cases {
            let abs = format!("{root}/{rel}");
            assert_eq!(selected(&abs), want, "{abs} with {globs:?}");
            // Same verdict as the server's own rule.
            assert_eq!(
                agentls_core::classify(Path::new(&abs)).is_analysed(),
                want,
                "server disagrees on {abs}"
            );
        }
    }
}
