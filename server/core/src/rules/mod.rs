//! The rules: each module turns one aspect of the model into diagnostics.

mod body;
mod context;
mod fields;
mod hooks;
mod hooks_outside;
mod hosts;
mod memory;
pub(crate) mod skills;
mod syntax;
mod tools;
mod values;

use crate::diagnostic::Diagnostic;

pub use body::check as check_body;
pub use context::Context;
pub use hosts::check as check_host;
pub use hosts::codex_skills;
pub use memory::{Item as MemoryItem, check as check_memory};
pub use skills::listing as skills_listing;
pub use skills::{Item as SkillItem, check as check_skill};
pub use syntax::check_split;

/// Run every front-matter rule on a front matter that loads.
pub fn check_front_matter(cx: &Context, out: &mut Vec<Diagnostic>) {
    syntax::check(cx, out);
    fields::check(cx, out);
    values::check(cx, out);
    tools::check(cx, out);
    hooks::check(cx, out);
    hooks_outside::check(cx, out);
}
