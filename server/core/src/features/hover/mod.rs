//! Hover cards: what the thing under the cursor means to Claude Code.
//!
//! Front-matter keys ([`keys`]), values ([`values`]), tool names ([`tools`]),
//! body headings and file references ([`body`]) each get a markdown card
//! built from the catalog and the analysis. Pure: whatever needs the file
//! system (does a referenced file exist, what is in it) is asked of a
//! [`FileLookup`] the caller supplies.

mod body;
mod card;
mod copilot;
mod host_files;
mod host_values;
mod keys;
mod markdown;
mod memory;
mod skill;
mod tools;
mod values;

use super::outline::Section;
use crate::Analysis;

use card::within;
pub use card::{FileLookup, FileState, HoverInfo, NoFiles, PREVIEW_LINES, Preview};
pub use copilot::copilot_hover;
pub use host_files::host_file_hover;
pub use host_values::host_value_hover;
pub use memory::memory_hover;
pub use skill::skill_hover;
pub use tools::tool_markdown;

/// The card for byte `offset` of `text`, if anything there has one.
pub fn hover(
    text: &str,
    analysis: &Analysis,
    sections: &[Section],
    offset: usize,
    files: &dyn FileLookup,
) -> Option<HoverInfo> {
    if !text.is_char_boundary(offset) {
        return None;
    }
    let info = match &analysis.parts {
        Some(parts) if offset < parts.body_start => {
            if offset < parts.yaml.start || offset >= parts.yaml.end {
                return None;
            }
            front_matter(text, analysis, offset)
        }
        _ if offset < analysis.body.start => None,
        _ => body::card(text, analysis, sections, offset, files),
    }?;
    // Ranges come from several scanners; never hand out one that would
    // slice the text badly.
    let ok = info.range.start <= info.range.end
        && info.range.end <= text.len()
        && text.is_char_boundary(info.range.start)
        && text.is_char_boundary(info.range.end);
    ok.then_some(info)
}

fn front_matter(text: &str, a: &Analysis, offset: usize) -> Option<HoverInfo> {
    let fm = a.frontmatter.as_ref()?;
    if fm.root.is_none() {
        return broken_key(text, a, offset);
    }
    let entries = fm.entries();
    for (i, e) in entries.iter().enumerate() {
        let Some(key) = e.key.as_scalar().map(|s| &*s.text) else {
            continue;
        };
        if within(&e.key.range(), offset) {
            let overridden = entries[i + 1..]
                .iter()
                .any(|later| later.key.as_scalar().is_some_and(|s| *s.text == *key));
            return Some(HoverInfo {
                range: e.key.range(),
                markdown: keys::key_card(key, overridden),
            });
        }
        if within(&e.value.range(), offset) {
            return values::value_card(a, key, &e.value, offset);
        }
    }
    None
}

/// Broken YAML has no tree, but a `key:` at the start of a line is still a
/// key the reader may want explained.
fn broken_key(text: &str, a: &Analysis, offset: usize) -> Option<HoverInfo> {
    let yaml = a.parts.as_ref()?.yaml.clone();
    let line_start = text[..offset]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(yaml.start);
    let line = &text[line_start..yaml.end];
    let len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let range = line_start..line_start + len;
    (len > 0 && line[len..].starts_with(':') && within(&range, offset)).then(|| HoverInfo {
        markdown: keys::key_card(&line[..len], false),
        range,
    })
}
