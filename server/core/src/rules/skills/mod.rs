//! Skills (`skills/<name>/SKILL.md`) and commands (`commands/**/*.md`):
//! their own front-matter rules, driven by the skill catalog
//! (`catalog/claude-code-skills.toml`).
//!
//! Claude Code is lenient with these files where it is strict with agents:
//! YAML it cannot read does not drop the item, it ignores the front matter
//! and lists the item with the first line of its body. So nothing here
//! stops a file from loading; findings say what is ignored, cut or not
//! portable to other hosts (the Agent Skills specification, claude.ai).

pub(crate) mod body;
mod keys;
pub mod listing;
mod spec;
mod text;

use std::ops::Range;

pub(super) use text::{for_skills, sentence};

use super::context::Context;
use super::fields;
use super::syntax;
use crate::catalog::Applies;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::{Parts, Split};

/// The file being judged.
pub struct Item<'a> {
    pub text: &'a str,
    pub kind: Applies,
    /// A skill's folder name: the name Claude Code lists it under.
    pub folder: Option<&'a str>,
    /// Byte range of the body (the instructions).
    pub body: Range<usize>,
}

impl Item<'_> {
    fn noun(&self) -> &'static str {
        match self.kind {
            Applies::Skill => "skill",
            Applies::Command => "command",
        }
    }

    fn is_skill(&self) -> bool {
        self.kind == Applies::Skill
    }
}

/// Every skill or command rule. `parts` and `fm` are the split and the
/// front matter when the file has one. Returns whether something Claude
/// Code reads is dropped beyond what a finding's `loss` says (a
/// `description` that is not a string).
pub fn check(
    item: &Item,
    split: &Split,
    parts: Option<&Parts>,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    not_found(item, split, out);
    let mut dropped = false;
    match (parts, fm) {
        (Some(parts), Some(fm)) if !matches!(fm.syntax, Syntax::Broken(_)) => {
            // The agent rules on YAML that reads differently elsewhere and on
            // repeated keys mean the same here: reuse them.
            let cx = Context {
                text: item.text,
                parts,
                fm,
                stem: item.folder,
                tools: None,
                disallowed_tools: None,
                left_out: Default::default(),
            };
            let reused = out.len();
            syntax::check(&cx, out);
            fields::duplicates(&cx, out);
            for d in &mut out[reused..] {
                d.message = text::for_skills(&d.message, item.noun());
            }
            keys::check(item, fm, out);
            dropped = spec::check(item, parts, fm, out);
        }
        (Some(_), Some(fm)) => {
            if let Syntax::Broken(failures) = &fm.syntax {
                ignored(item, failures, out);
            }
        }
        _ if *split == Split::None => spec::no_front_matter(item, out),
        _ => {}
    }
    spec::length(item, out);
    body::check(item, parts, fm, out);
    super::body::mojibake(item.text, out);
    dropped
}

/// How the item shows in the listing without a description, for messages.
fn listed_as(item: &Item) -> String {
    match listing::first_line(item.text, item.body.clone()) {
        Some(_) => format!(
            "listed with the first line of its body (“{}”)",
            listing::fallback(item)
        ),
        None => format!(
            "listed as “{}” (its body is empty)",
            listing::fallback(item)
        ),
    }
}

/// A front matter Claude Code does not find: for a skill or a command it
/// is not a skipped file but a front matter read as body text.
fn not_found(item: &Item, split: &Split, out: &mut Vec<Diagnostic>) {
    let noun = item.noun();
    match split {
        Split::Unclosed { open } => out.push(diag(
            codes::FRONTMATTER_IGNORED,
            open.clone(),
            format!(
                "This front matter is never closed, so Claude Code reads none: the whole file, \
                 fields included, is the {noun}'s body, and it is {}. Add a `---` line after \
                 the last field.",
                listed_as(item)
            ),
        )),
        Split::Displaced { fence } => out.push(
            diag(
                codes::FRONTMATTER_IGNORED,
                fence.clone(),
                format!(
                    "Claude Code only reads front matter that opens with `---` on the first \
                     line: the lines before this one hide it, so its fields are ignored and the \
                     {noun} is {}. Delete them.",
                    listed_as(item)
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

/// YAML nothing reads: Claude Code drops the front matter, not the item.
fn ignored(
    item: &Item,
    failures: &[crate::parse::frontmatter::Failure],
    out: &mut Vec<Diagnostic>,
) {
    let noun = item.noun();
    for f in failures {
        out.push(diag(
            codes::FRONTMATTER_IGNORED,
            f.range.clone(),
            format!(
                "{} All of it is ignored (description, allowed-tools and every other field), \
                 and the {noun} is {}.",
                text::sentence(&text::for_skills(&f.message, noun)),
                listed_as(item)
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
