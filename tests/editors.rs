//! Every editor integration attaches agentls to the files the server
//! analyses (agents, skills, commands), by the same globs: `kind::EDITOR_GLOBS` in the core. Each
//! editor's list must equal it, and the paths of
//! `fixtures/editor_paths.tsv` must be judged alike by the server's
//! classifier and by the globs (VS Code's glob semantics here; Helix's in
//! `editors_helix.rs`; Neovim's in its end-to-end test). The pre-commit
//! hook's `files`/`exclude` regexes are held to the same table.

use std::path::Path;

use agentls_core::kind::EDITOR_GLOBS;
use agentls_core::kind::HostFile;
use agentls_core::{FileKind, classify};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The quoted strings inside the first `[…]` or `{…}` after `marker`.
fn quoted_list(text: &str, marker: &str, open: char, close: char) -> Vec<String> {
    let at = text.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &text[at..];
    let start = rest.find(open).unwrap() + 1;
    let end = start + rest[start..].find(close).unwrap();
    rest[start..end]
        .split(',')
        .map(|s| s.trim().trim_matches(['\'', '"']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn globs() -> Vec<String> {
    EDITOR_GLOBS.iter().map(|s| s.to_string()).collect()
}

/// (path, expectation) rows of the shared table.
fn table() -> Vec<(String, String)> {
    read("tests/fixtures/editor_paths.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (p, want) = l.split_once('\t').expect("path<TAB>yes|no|maybe");
            (p.to_string(), want.to_string())
        })
        .collect()
}

#[test]
fn vs_code_uses_the_editor_globs() {
    let ts = read("editors/vscode/src/extension.ts");
    assert_eq!(quoted_list(&ts, "AGENT_PATTERNS =", '[', ']'), globs());
    let package = read("editors/vscode/package.json");
    let json: serde_json::Value = serde_json::from_str(&package).unwrap();
    let events: Vec<&str> = json["activationEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    // A workspace with a project agent, skill or command activates it.
    let activating = [
        "**/.claude/agents/**/*.md",
        "**/.claude/skills/*/SKILL.md",
        "**/.claude/commands/**/*.md",
    ];
    for g in activating {
        assert!(
            events.contains(&format!("workspaceContains:{g}").as_str()),
            "{events:?}"
        );
    }
}

#[test]
fn neovim_uses_the_editor_globs() {
    let lua = read("editors/nvim/lsp/agentls.lua");
    assert_eq!(quoted_list(&lua, "local AGENT_GLOBS =", '{', '}'), globs());
}

#[test]
fn helix_uses_the_editor_globs() {
    let toml: toml::Table = toml::from_str(&read("editors/helix/languages.toml")).unwrap();
    let lang = toml["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("agent-markdown"))
        .expect("agent-markdown language");
    let helix: Vec<String> = lang["file-types"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|ft| ft.get("glob")?.as_str().map(String::from))
        .collect();
    // Helix puts `*/` in front of a relative glob itself: written without `**/`.
    let want: Vec<String> = EDITOR_GLOBS
        .iter()
        .map(|g| g.trim_start_matches("**/").to_string())
        .collect();
    assert_eq!(helix, want);
}

#[test]
fn the_globs_and_the_classifier_agree_on_every_path() {
    for root in ["/w", "/home/u/projects/app", "/home/u"] {
        for (rel, want) in table() {
            let abs = format!("{root}/{rel}");
            let served = classify(Path::new(&abs)).is_analysed();
            let attached = EDITOR_GLOBS.iter().any(|g| lsp_glob(g, &abs));
            match want.as_str() {
                "yes" => assert!(
                    served && attached,
                    "{abs}: served {served}, attached {attached}"
                ),
                "no" => assert!(
                    !served && !attached,
                    "{abs}: served {served}, attached {attached}"
                ),
                "maybe" => assert!(!served, "{abs}: the server analyses it"),
                other => panic!("{rel}: unknown expectation {other}"),
            }
        }
    }
}

/// Every kind of host file. A new kind fails to compile in the match
/// below until it is looked at here (and in `HostFile::ALL`), and then
/// needs a "yes" row in the table.
fn host_kinds() -> Vec<HostFile> {
    use HostFile::*;
    let all = HostFile::ALL.to_vec();
    for h in &all {
        match h {
            CopilotAgent | CopilotChatMode | CopilotPrompt | CopilotInstructions
            | OpenCodeAgent | CursorRule | GeminiAgent | CodexPrompt | WindsurfRule
            | WindsurfWorkflow | KiroSteering => {}
        }
    }
    all
}

/// The editors attach to a file of every host kind (`.agent.md`,
/// `.chatmode.md`, `.prompt.md`, `.instructions.md`, OpenCode's, Cursor's
/// `.mdc`, Gemini CLI's and Codex's folders): the table has a "yes" row of
/// each, held to the globs by the test above.
#[test]
fn every_host_kind_is_attached() {
    let attached: Vec<HostFile> = table()
        .into_iter()
        .filter(|(_, want)| want == "yes")
        .filter_map(|(rel, _)| match classify(Path::new(&format!("/w/{rel}"))) {
            FileKind::Host(h) => Some(h),
            _ => None,
        })
        .collect();
    for host in host_kinds() {
        assert!(attached.contains(&host), "no attached path of {host:?}");
    }
}

/// The hook's `key:` regex in `.pre-commit-hooks.yaml` (a plain scalar).
fn hook_regex(yaml: &str, key: &str) -> regex::Regex {
    let line = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in .pre-commit-hooks.yaml"));
    regex::Regex::new(line.trim()).unwrap()
}

#[test]
fn the_pre_commit_hook_selects_the_files_the_server_analyses() {
    let yaml = read(".pre-commit-hooks.yaml");
    let (files, exclude) = (hook_regex(&yaml, "files:"), hook_regex(&yaml, "exclude:"));
    // pre-commit passes paths relative to the repository root, `/`-separated,
    // and `check` judges a named file of no kind as an agent: "maybe" rows
    // (the server ignores them) must not be passed.
    let extra = [
        ("plugins/p/agents/Upper.MD", "yes"),
        ("plugins/p/commands/Upper.MD", "yes"),
        ("plugins/p/skills/s/SKILL.MD", "no"),
        ("skills/a/b/SKILL.md", "no"),
        (".claude/skills/s/agents/a.md", "no"),
        ("plugins/p/skills/s/commands/x.md", "yes"),
    ];
    let rows = table()
        .into_iter()
        .chain(extra.map(|(p, w)| (p.to_string(), w.to_string())));
    for (rel, want) in rows {
        let passed = files.is_match(&rel) && !exclude.is_match(&rel);
        let served = classify(Path::new(&rel)).is_analysed();
        assert_eq!(passed, want == "yes", "{rel}: hook passes it: {passed}");
        assert_eq!(passed, served, "{rel}: hook {passed}, classifier {served}");
    }
}

/// LSP / VS Code glob matching: `*` and `?` within one path segment, `**`
/// any number of whole segments.
fn lsp_glob(glob: &str, path: &str) -> bool {
    let g: Vec<&str> = glob.split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    segments(&g, &p)
}

fn segments(g: &[&str], p: &[&str]) -> bool {
    match g.split_first() {
        None => p.is_empty(),
        Some((&"**", rest)) => (0..=p.len()).any(|i| segments(rest, &p[i..])),
        Some((first, rest)) => {
            !p.is_empty() && segment(first.as_bytes(), p[0].as_bytes()) && segments(rest, &p[1..])
        }
    }
}

fn segment(g: &[u8], s: &[u8]) -> bool {
    match g.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|i| segment(rest, &s[i..])),
        Some((b'?', rest)) => !s.is_empty() && segment(rest, &s[1..]),
        Some((c, rest)) => s.first() == Some(c) && segment(rest, &s[1..]),
    }
}

#[test]
fn the_glob_matcher_itself() {
    assert!(lsp_glob(
        "**/skills/*/SKILL.md",
        "/w/.claude/skills/a/SKILL.md"
    ));
    assert!(!lsp_glob("**/skills/*/SKILL.md", "/w/skills/a/b/SKILL.md"));
    assert!(lsp_glob("**/agents/**/*.md", "/a/agents/b.md"));
    assert!(lsp_glob("**/agents/**/*.md", "/agents/x/y/b.md"));
    assert!(!lsp_glob("**/agents/**/*.md", "/a/agentsx/b.md"));
    assert!(!lsp_glob("**/*.md", "/a/b.txt"));
    assert!(lsp_glob("a/?.md", "a/b.md"));
}
