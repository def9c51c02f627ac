//! Skills where Codex reads them: `<root>/.codex/skills/<name>/SKILL.md` and
//! `<root>/.agents/skills/<name>/SKILL.md`, `<root>` a project or the home
//! folder (Codex CLI 0.171.0 reads those four folders, not `.claude/skills`).
//! The file is still a skill to agentls and judged by the skill rules; these
//! findings add what Codex skips, measured with `codex app-server`'s
//! `skills/list` (tests/fixtures/recorded/codex-0.171.0.json).
//!
//! Codex is lenient where it was measured to be: a `name` that differs
//! from the folder, uppercase, `_` or `--` in it, a description over 1,024
//! characters, XML tags, `description: 42` or `true`, unknown keys, an
//! unquoted `: ` (its retry quotes values, as Claude Code's does) all load.

use std::path::Path;

use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::Split;
use crate::parse::yaml::{Node, ScalarKind};

/// Codex's limit on a skill's name (the folder's when `name` is unset),
/// counted in characters: 60 `é` (120 bytes) load.
const NAME_MAX: usize = 64;

/// The keys Codex reads into its own fields: given twice, the skill is
/// skipped (`duplicate field`); other keys may repeat.
const FIELDS: &[&str] = &["name", "description", "metadata"];

/// Whether Codex reads the skill at `path`: its folder sits right in a
/// `skills` folder of a `.codex` or `.agents` folder.
pub fn reads(path: &Path) -> bool {
    let mut up = path.ancestors().skip(2).map(Path::file_name);
    matches!(
        (up.next(), up.next()),
        (Some(Some(skills)), Some(Some(host)))
            if skills == "skills" && (host == ".codex" || host == ".agents")
    )
}

/// What makes Codex skip the skill. `folder` is the skill's folder name.
pub fn check(
    text: &str,
    folder: &str,
    split: &Split,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    let first_line = 0..text.find(['\n', '\r']).unwrap_or(text.len());
    if text.starts_with('\u{feff}') {
        out.push(
            skipped(
                first_line,
                "Codex looks for `---` at the very first byte and skips a skill that starts \
                 with a byte-order mark: save the file as UTF-8 without BOM.",
            )
            .with_fix("Remove the byte-order mark", replace(0..3, ""), true),
        );
        return;
    }
    let (open, yaml) = match split {
        Split::FrontMatter(parts) => (parts.open.clone(), &text[parts.yaml.clone()]),
        Split::None => return no_front_matter(first_line, out),
        Split::Unclosed { open } => return no_front_matter(open.clone(), out),
        Split::Displaced { fence } => return no_front_matter(fence.clone(), out),
    };
    if yaml.trim().is_empty() {
        return no_front_matter(open, out);
    }
    let Some(fm) = fm else { return };
    match &fm.syntax {
        Syntax::Broken(failures) => {
            for f in failures {
                out.push(skipped(
                    f.range.clone(),
                    "Codex cannot read this YAML and skips the skill.",
                ));
            }
            return;
        }
        // Measured: an unquoted value and a closing bracket left of its
        // key load in Codex; a tab does not.
        Syntax::Rescued { lax, .. } => {
            for l in lax.iter().filter(|l| l.breaks_other_readers()) {
                out.push(
                    skipped(
                        l.range.clone(),
                        "Tabs indent this line: Codex's YAML parser rejects them and skips the \
                         skill. Indent with spaces.",
                    )
                    .with_fix(
                        "Indent with spaces",
                        replace(l.range.clone(), l.strict.clone()),
                        true,
                    ),
                );
            }
        }
        Syntax::Strict => {}
    }
    repeated(fm, out);
    types(fm, out);
    description(fm, &open, out);
    name(fm, folder, &open, out);
}

fn skipped(range: std::ops::Range<usize>, message: &str) -> Diagnostic {
    diag(codes::CODEX_SKILL_SKIPPED, range, message.to_string())
}

fn no_front_matter(at: std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    out.push(skipped(
        at,
        "Codex skips a skill without front matter opening on its first line with `---` and \
         closed by `---`, holding at least a `description`: add one.",
    ));
}

/// `name`, `description` or `metadata` given again.
fn repeated(fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    if !fm.may_repeat_keys() {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for e in fm.entries() {
        let Some(key) = e.key.as_str().filter(|k| FIELDS.contains(k)) else {
            continue;
        };
        if seen.contains(&key) {
            out.push(skipped(
                e.key.range(),
                &format!("`{key}` is given twice: Codex skips the skill. Keep one."),
            ));
        } else {
            seen.push(key);
        }
    }
}

/// `name` and `description` are strings to Codex (a number or a boolean is
/// read as its text), `metadata` a mapping.
fn types(fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    for key in ["name", "description"] {
        if let Some(e) = fm.get(key)
            && matches!(e.value, Node::Seq { .. } | Node::Map { .. })
        {
            out.push(skipped(
                e.value.range(),
                &format!(
                    "Codex wants `{key}` as a string and skips the skill with {}: write one line \
                     of text.",
                    e.value.kind_name()
                ),
            ));
        }
    }
    if let Some(e) = fm.get("metadata")
        && let Node::Scalar(s) = &e.value
        && s.kind != ScalarKind::Null
    {
        out.push(skipped(
            e.value.range(),
            &format!(
                "Codex wants `metadata` as a mapping (`author: …` lines below it) and skips the \
                 skill with {}.",
                e.value.kind_name()
            ),
        ));
    }
}

/// No `description`, or one that is empty once trimmed.
fn description(fm: &FrontMatter, open: &std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let entry = fm.get("description");
    let empty = match entry.map(|e| &e.value) {
        None => true,
        Some(Node::Scalar(s)) => s.kind == ScalarKind::Null || s.text.trim().is_empty(),
        // A list or a mapping is reported by `types`; an alias is not judged.
        Some(_) => false,
    };
    if empty {
        let at = entry.map_or(open.clone(), |e| e.key.range());
        // Claude Code's view of the same gap (AG103: listed by its first
        // line) is not what happens in a folder only Codex reads.
        out.retain(|d| d.code != codes::SKILL_DESCRIPTION_MISSING);
        out.push(skipped(
            at,
            "Codex skips a skill without a `description` (a non-empty string): add one saying \
             what the skill does and when to use it.",
        ));
    }
}

/// The name Codex lists, `name` or else the folder's, over 64 characters.
fn name(fm: &FrontMatter, folder: &str, open: &std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let given = fm.get("name").and_then(|e| match &e.value {
        Node::Scalar(s) if s.kind != ScalarKind::Null && !s.text.trim().is_empty() => {
            Some((e, &*s.text))
        }
        _ => None,
    });
    let (at, shown, whose) = match given {
        Some((e, name)) => (e.value.range(), name, "This name"),
        None => (open.clone(), folder, "Without a `name`, the folder's name"),
    };
    let chars = shown.chars().count();
    if chars > NAME_MAX {
        out.push(skipped(
            at,
            &format!(
                "{whose} has {chars} characters: Codex skips a skill whose name passes \
                 {NAME_MAX}. Shorten it."
            ),
        ));
    }
}
