//! The pure analysis core: text (and a path) in; a model of the agent file
//! and its diagnostics out. Every position is a byte offset into the text.
//! Nothing here knows about LSP or does I/O.

use std::ops::Range;
use std::path::Path;

use crate::parse::frontmatter::{self, FrontMatter, Syntax};
use crate::parse::split::{self, Parts};
use crate::{Diagnostic, codes, rules};

/// What Claude Code does with the file as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Loads with every field as written.
    Loads,
    /// Loads, but some field or value is dropped or ignored.
    LoadsWithLoss,
    /// Claude Code skips the file.
    DoesNotLoad,
    /// Not an agent definition at all (no front matter): documentation.
    NotAnAgent,
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Loads => "loads",
            Verdict::LoadsWithLoss => "loads, with fields or values lost",
            Verdict::DoesNotLoad => "Claude Code will not load this agent",
            Verdict::NotAnAgent => "not an agent (no front matter)",
        }
    }
}

/// What Claude Code would load from the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadedAgent {
    pub name: Option<String>,
    /// After Claude Code's normalisation (every `\n` sequence a line break).
    pub description: Option<String>,
    /// Entries of `tools` as written (before resolution), when present.
    pub tools: Option<Vec<String>>,
    pub model: Option<String>,
}

/// The result of analysing one file.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub verdict: Verdict,
    /// The fences and YAML range, when the file has front matter.
    pub parts: Option<Parts>,
    /// The YAML as read, when the file has front matter.
    pub frontmatter: Option<FrontMatter>,
    /// The loaded fields, when the agent loads.
    pub agent: Option<LoadedAgent>,
    /// Byte range of the body (the system prompt).
    pub body: Range<usize>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyse one agent file. `path` is used only for its name (never read).
pub fn analyze(text: &str, path: Option<&Path>) -> Analysis {
    let stem = path.and_then(|p| p.file_stem()).and_then(|s| s.to_str());
    let mut diagnostics = Vec::new();
    let split = split::split(text);
    let split::Split::FrontMatter(parts) = split else {
        rules::check_split(text, &split, &mut diagnostics);
        let verdict = match split {
            split::Split::None => Verdict::NotAnAgent,
            _ => Verdict::DoesNotLoad,
        };
        return finish(verdict, None, None, None, 0..text.len(), diagnostics);
    };
    let fm = frontmatter::read(&text[parts.yaml.clone()], parts.yaml.start);
    let body = parts.body_start..text.len();
    if let Syntax::Broken(failures) = &fm.syntax {
        for f in failures {
            diagnostics.push(rules::diag(
                codes::YAML_NOT_LOADED,
                f.range.clone(),
                f.message.clone(),
            ));
        }
        rules::check_body(
            text,
            body.clone(),
            parts.close.clone(),
            None,
            &mut diagnostics,
        );
        return finish(
            Verdict::DoesNotLoad,
            Some(parts),
            Some(fm),
            None,
            body,
            diagnostics,
        );
    }
    let cx = rules::Context {
        text,
        parts: &parts,
        fm: &fm,
        stem,
    };
    rules::check_front_matter(&cx, &mut diagnostics);
    let description = fm.get("description").map(|e| e.value.range());
    rules::check_body(
        text,
        body.clone(),
        parts.close.clone(),
        description,
        &mut diagnostics,
    );
    let skipped = diagnostics.iter().any(|d| {
        matches!(
            d.code,
            codes::NAME_MISSING | codes::DESCRIPTION_MISSING | codes::NAME_INVALID
        )
    });
    let lossy = diagnostics.iter().any(|d| {
        codes::lookup(d.code).is_some_and(|c| c.loss) || d.code == codes::TOOLS_NONE_RESOLVE
    });
    let verdict = if skipped {
        Verdict::DoesNotLoad
    } else if lossy {
        Verdict::LoadsWithLoss
    } else {
        Verdict::Loads
    };
    let agent = (!skipped).then(|| loaded(text, &fm));
    finish(verdict, Some(parts), Some(fm), agent, body, diagnostics)
}

fn finish(
    verdict: Verdict,
    parts: Option<Parts>,
    frontmatter: Option<FrontMatter>,
    agent: Option<LoadedAgent>,
    body: Range<usize>,
    mut diagnostics: Vec<Diagnostic>,
) -> Analysis {
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    Analysis {
        verdict,
        parts,
        frontmatter,
        agent,
        body,
        diagnostics,
    }
}

fn loaded(text: &str, fm: &FrontMatter) -> LoadedAgent {
    let string = |key: &str| {
        fm.get(key)
            .and_then(|e| e.value.as_str())
            .map(str::to_string)
    };
    LoadedAgent {
        name: string("name"),
        description: string("description").map(|d| d.replace("\\n", "\n")),
        tools: fm.get("tools").map(|e| {
            rules::tool_entries(text, &e.value)
                .into_iter()
                .map(|t| t.text)
                .collect()
        }),
        model: string("model"),
    }
}

/// True when Claude Code would read `path` as an agent definition:
/// a `.md` file below a folder named `agents` (`.claude/agents/`,
/// `~/.claude/agents/`, a plugin's `agents/`).
pub fn is_agent_path(path: &Path) -> bool {
    let is_md = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    is_md
        && path.parent().is_some_and(|p| {
            p.ancestors()
                .any(|a| a.file_name().is_some_and(|n| n == "agents"))
        })
}

/// Text decoded from a file's bytes the way Claude Code reads it (UTF-8,
/// invalid sequences replaced by U+FFFD), or `None` for binary content
/// (a NUL byte in the first 8 KiB), which is not an agent file at all.
pub fn decode_bytes(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return None;
    }
    Some(String::from_utf8_lossy(bytes))
}
