//! Output styles (`.claude/output-styles/*.md`), rules (`.claude/rules/**/*.md`)
//! and memory (`CLAUDE.md`, `CLAUDE.local.md`): their own front-matter
//! rules, driven by the memory catalog (`catalog/claude-code-memory.toml`).
//!
//! Claude Code never skips one of these files for its front matter: YAML
//! it cannot read loses the fields (a rule its `paths`, so it is loaded in
//! every session), and the file's text is used all the same.

mod keys;
pub(crate) mod paths;
mod style;

use super::context::Context;
use super::fields;
use super::skills::{for_skills, sentence};
use super::syntax;
use crate::catalog::MemoryKind;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::{Failure, FrontMatter, Syntax};
use crate::parse::split::{Parts, Split};

/// The file being judged.
pub struct Item<'a> {
    pub text: &'a str,
    pub kind: MemoryKind,
    /// An output style of a plugin (`force-for-plugin` is read there only).
    pub plugin: bool,
}

impl Item<'_> {
    /// The file, for messages ("an output style").
    fn noun(&self) -> &'static str {
        self.kind.noun()
    }

    /// What losing the front matter costs, for messages.
    fn lost(&self) -> &'static str {
        match self.kind {
            MemoryKind::OutputStyle => {
                "the style is listed under its file name, with no description, and replaces \
                 Claude Code's coding instructions"
            }
            MemoryKind::Rule => {
                "the rule has no `paths`, so Claude Code loads it in every session, whatever \
                 the files worked on"
            }
            MemoryKind::Memory => {
                "any `paths` it holds are lost (the file then applies everywhere)"
            }
        }
    }
}

/// Every rule for these files. `parts` and `fm` are the split and the
/// front matter when the file has one.
pub fn check(
    item: &Item,
    split: &Split,
    parts: Option<&Parts>,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    not_found(item, split, out);
    match (parts, fm) {
        (Some(parts), Some(fm)) if !matches!(fm.syntax, Syntax::Broken(_)) => {
            // YAML that reads differently elsewhere and repeated keys mean
            // the same here as in an agent: reuse those rules.
            let cx = Context {
                text: item.text,
                parts,
                fm,
                stem: None,
                tools: None,
                disallowed_tools: None,
                left_out: Default::default(),
            };
            let reused = out.len();
            syntax::check(&cx, out);
            fields::duplicates(&cx, out);
            let noun = item
                .noun()
                .trim_start_matches("an ")
                .trim_start_matches("a ");
            for d in &mut out[reused..] {
                d.message = for_skills(&d.message, noun);
            }
            keys::check(item, fm, out);
            paths::check(fm, out);
            style::check(item, Some(parts), Some(fm), out);
        }
        (Some(_), Some(fm)) => {
            if let Syntax::Broken(failures) = &fm.syntax {
                ignored(item, failures, out);
            }
        }
        _ if *split == Split::None => style::check(item, None, None, out),
        _ => {}
    }
    super::body::mojibake(item.text, out);
}

/// A front matter Claude Code does not find: read as text of the file.
fn not_found(item: &Item, split: &Split, out: &mut Vec<Diagnostic>) {
    let lost = item.lost();
    match split {
        Split::Unclosed { open } => out.push(diag(
            codes::MEMORY_FRONTMATTER_IGNORED,
            open.clone(),
            format!(
                "This front matter is never closed, so Claude Code reads none of it: the whole \
                 file, fields included, is text, and {lost}. Add a `---` line after the last \
                 field."
            ),
        )),
        Split::Displaced { fence } => out.push(
            diag(
                codes::MEMORY_FRONTMATTER_IGNORED,
                fence.clone(),
                format!(
                    "Claude Code only reads front matter that opens with `---` on the first \
                     line: the lines before this one hide it, so its fields are text, and \
                     {lost}. Delete them."
                ),
            )
            .with_fix(
                "Remove the lines before the front matter",
                replace(
                    item.text.starts_with('\u{feff}') as usize * 3..fence.start,
                    "",
                ),
                true,
            ),
        ),
        Split::FrontMatter(_) | Split::None => {}
    }
}

/// YAML nothing reads: the fields are lost, the file is used.
fn ignored(item: &Item, failures: &[Failure], out: &mut Vec<Diagnostic>) {
    let lost = item.lost();
    for f in failures {
        out.push(diag(
            codes::MEMORY_FRONTMATTER_IGNORED,
            f.range.clone(),
            format!(
                "{} All of it is ignored: {lost}.",
                sentence(&for_skills(&f.message, "file"))
            ),
        ));
    }
}
