//! Shared helpers for the core's specification tests.
#![allow(dead_code)]

use agentls_core::{Analysis, analyze};
use std::path::Path;

pub mod cli;
// Also compiled into `tests/lsp_support` (by path), for its workspaces.
mod temp_dir;
#[allow(unused_imports)] // Each test crate uses a different subset.
pub use temp_dir::TempDir;

/// The fixtures `tests/fixtures/<dir>/*.<ext>` as (stem, text), sorted; at
/// least `min` of them, so a fixture folder that went missing fails.
pub fn fixtures(dir: &str, ext: &str, min: usize) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    assert!(
        files.len() >= min,
        "fixtures went missing in {}",
        dir.display()
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The text of the fixture `tests/fixtures/<dir>/<name>.<ext>`.
#[allow(dead_code)] // Each test crate uses a different subset.
pub fn fixture(dir: &str, ext: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(format!("{name}.{ext}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The path a fixture is analysed at, from its name's prefix: the place of
/// the first prefix it starts with, `{}` standing for the name.
#[allow(dead_code)] // Each test crate uses a different subset.
pub fn path_by_prefix(name: &str, places: &[(&str, &str)]) -> std::path::PathBuf {
    let (_, place) = places
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("{name}: a fixture name says where it lives"));
    place.replace("{}", name).into()
}

/// Every code of `table` is among the codes `seen` (shown by a fixture).
pub fn assert_every_code_shown(
    table: &[agentls_core::codes::CodeInfo],
    seen: impl IntoIterator<Item = &'static str>,
) {
    let seen: std::collections::BTreeSet<&str> = seen.into_iter().collect();
    let missing: Vec<_> = table
        .iter()
        .map(|c| c.code)
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// Analyse `text` as `.claude/agents/<name>.md`.
pub fn check(name: &str, text: &str) -> Analysis {
    analyze(
        text,
        Some(Path::new(&format!("/ws/.claude/agents/{name}.md"))),
    )
}

/// Analyse `text` as the `SKILL.md` of `/ws/.claude/skills/<folder>`.
pub fn check_skill(folder: &str, text: &str) -> Analysis {
    analyze(
        text,
        Some(Path::new(&format!("/ws/.claude/skills/{folder}/SKILL.md"))),
    )
}

/// Analyse `text` as `/ws/.claude/commands/<name>.md`.
pub fn check_command(name: &str, text: &str) -> Analysis {
    analyze(
        text,
        Some(Path::new(&format!("/ws/.claude/commands/{name}.md"))),
    )
}

/// One line per diagnostic: `line:col code severity `token` message`, the
/// token being the exact text the range covers.
pub fn render(text: &str, a: &Analysis) -> String {
    format!(
        "verdict: {:?}\n{}",
        a.verdict,
        render_diagnostics(text, &a.diagnostics)
    )
}

/// [`render`]'s lines for any list of findings on `text`.
pub fn render_diagnostics(text: &str, diagnostics: &[agentls_core::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let line = text[..d.range.start].matches('\n').count() + 1;
        let col = d.range.start - text[..d.range.start].rfind('\n').map_or(0, |i| i + 1) + 1;
        let mut token: String = text[d.range.clone()].chars().take(60).collect();
        if text[d.range.clone()].chars().count() > 60 {
            token.push('…');
        }
        out.push_str(&format!(
            "{line}:{col} {} {} `{}` {}\n",
            d.code,
            d.severity.as_str(),
            token.replace('\n', "\\n"),
            d.message
        ));
        for f in &d.fixes {
            let edits: Vec<String> = f
                .edits
                .iter()
                .map(|e| {
                    format!(
                        "{:?}->{:?}",
                        &text[e.range.clone()].chars().take(40).collect::<String>(),
                        e.new_text.chars().take(60).collect::<String>()
                    )
                })
                .collect();
            out.push_str(&format!(
                "    fix{}: {} {}\n",
                if f.preferred { "*" } else { "" },
                f.title,
                edits.join(" ")
            ));
        }
    }
    out
}
