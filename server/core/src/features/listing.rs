//! The line an analysed skill or command gets in the listing the model
//! reads to decide what to use: `- label: text`, or nothing when Claude Code
//! leaves it out (`disable-model-invocation`). Built by the same code that
//! judges the listing's cap (AG105), from what Claude Code 2.1.332 was
//! measured to do (`tests/recorded_skills.rs`).

use crate::rules::skills_listing;
use crate::{Analysis, FileKind};

pub use crate::rules::skills_listing::{Cut, Listing};

/// The listing line of `text` analysed as `analysis`; None for a file that
/// is not a skill or command, or one that is not listed.
pub fn listing_entry(text: &str, analysis: &Analysis) -> Option<Listing> {
    let (kind, name, folder) = match &analysis.kind {
        FileKind::ClaudeSkill { name } => (
            crate::catalog::Applies::Skill,
            name.as_str(),
            Some(name.as_str()),
        ),
        FileKind::ClaudeCommand { name } => (crate::catalog::Applies::Command, name.as_str(), None),
        _ => return None,
    };
    let item = crate::rules::SkillItem {
        text,
        kind,
        folder,
        body: analysis.body.clone(),
    };
    skills_listing::entry(&item, name, analysis.frontmatter.as_ref())
}
