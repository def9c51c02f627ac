//! What an output style shows in the `/output-style` menu: its
//! `description` (AG123).

use super::Item;
use crate::catalog::MemoryKind;
use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Parts;

/// `parts` and `fm` when the front matter is read.
pub fn check(
    item: &Item,
    parts: Option<&Parts>,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    if item.kind != MemoryKind::OutputStyle {
        return;
    }
    if fm.is_some_and(|fm| fm.get("description").is_some()) {
        return;
    }
    let at = match parts {
        Some(p) => p.open.clone(),
        None => 0..item.text.find(['\n', '\r']).unwrap_or(item.text.len()),
    };
    out.push(diag(
        codes::OUTPUT_STYLE_DESCRIPTION_MISSING,
        at,
        "This output style has no `description`: the `/output-style` menu shows nothing beside \
         its name. Add a line saying what the style changes."
            .into(),
    ));
}
