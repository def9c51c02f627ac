//! What a skill or command shows and how portable it is: its `name` and
//! `description` against Claude Code's listing and the Agent Skills
//! specification, the claude.ai upload's allow-list, `background`, length.

use std::ops::Range;

use super::text::{clip, source_at};
use super::{Item, listed_as};
use crate::Severity;
use crate::catalog::skill_catalog;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Parts;
use crate::parse::yaml::ScalarKind;
use crate::rules::context::line_of;

/// Rules on a front matter Claude Code reads. Returns whether the
/// description is dropped (present, not a string).
pub fn check(item: &Item, parts: &Parts, fm: &FrontMatter, out: &mut Vec<Diagnostic>) -> bool {
    if item.is_skill() {
        name(item, parts, fm, out);
        upload_keys(fm, out);
        background(fm, out);
    }
    let dropped = description(item, parts, fm, out);
    listing(item, fm, out);
    dropped
}

/// A skill without front matter: listed without a description. (One whose
/// front matter is ignored has that finding, which says so already.)
pub fn no_front_matter(item: &Item, out: &mut Vec<Diagnostic>) {
    if item.is_skill() {
        out.push(missing_description(item, 0..first_line_end(item.text)));
    }
}

fn first_line_end(text: &str) -> usize {
    text.find(['\n', '\r']).unwrap_or(text.len())
}

fn missing_description(item: &Item, at: Range<usize>) -> Diagnostic {
    diag(
        codes::SKILL_DESCRIPTION_MISSING,
        at,
        format!(
            "This skill has no `description`, so it is {}: the model decides from that line \
             when to use it. Write a description of what it does and when to use it (the Agent \
             Skills specification requires one).",
            listed_as(item)
        ),
    )
}

fn name(item: &Item, parts: &Parts, fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let Some(folder) = item.folder else { return };
    let Some(entry) = fm.get("name") else {
        let line = format!("name: {folder}\n");
        let d = diag(
            codes::SKILL_NAME_SPEC,
            parts.open.clone(),
            format!(
                "The Agent Skills specification requires a `name`, equal to the folder name \
                 (`{folder}`): hosts following it (Copilot, …) reject this skill; Codex lists \
                 it under the folder's name, as Claude Code does (`{folder}`)."
            ),
        );
        out.push(d.with_fix(
            format!("Add `name: {folder}`"),
            insert_after_open(item.text, parts, line),
            true,
        ));
        return;
    };
    let Some(scalar) = entry
        .value
        .as_scalar()
        .filter(|s| s.kind == ScalarKind::Str)
    else {
        return;
    };
    let value: &str = &scalar.text;
    if value != folder {
        let mut d = diag(
            codes::SKILL_NAME_NOT_FOLDER,
            scalar.range.clone(),
            format!(
                "Claude Code lists this skill under its folder's name, as `{}`; and hosts \
                 following the Agent Skills specification (Copilot, …) reject a skill whose \
                 `name` is not its folder's (Codex lists it under its `name`). Set `name` to \
                 `{folder}`, or rename the folder.",
                super::listing::skill_label(folder, Some(&clip(value, 60)))
            ),
        );
        if spec_problem(folder).is_none() {
            d = d.with_fix(
                format!("Change to `{folder}`"),
                replace(scalar.range.clone(), folder),
                true,
            );
        }
        out.push(d);
    }
    if let Some((why, chars)) = spec_problem(value) {
        let start = source_at(item.text, scalar, chars.start);
        let end = source_at(item.text, scalar, chars.end).max(start);
        out.push(diag(
            codes::SKILL_NAME_SPEC,
            start..end,
            format!(
                "The Agent Skills specification rejects this name: {why}. Hosts following it \
                 (Copilot, …) do not load the skill."
            ),
        ));
    }
    let lower = value.to_lowercase();
    for word in &skill_catalog().upload.reserved_words {
        if lower.contains(word.as_str()) {
            out.push(upload(
                scalar.range.clone(),
                format!("a skill `name` must not contain the reserved word `{word}`"),
            ));
        }
    }
    if has_xml_tag(value) {
        out.push(upload(
            scalar.range.clone(),
            "a skill `name` must not contain XML tags".into(),
        ));
    }
}

/// Where to insert a line: right after the opening `---` line.
fn insert_after_open(text: &str, parts: &Parts, line: String) -> Vec<crate::Edit> {
    let at = text[parts.open.end..]
        .find('\n')
        .map_or(parts.yaml.start, |i| parts.open.end + i + 1);
    let line = if text[..at].ends_with("\r\n") {
        line.replace('\n', "\r\n")
    } else {
        line
    };
    replace(at..at, line)
}

/// The first rule of the specification `name` breaks, and the characters
/// (indices into `name`) that break it.
fn spec_problem(name: &str) -> Option<(String, Range<usize>)> {
    let max = skill_catalog().limits.name_max;
    let count = name.chars().count();
    if count == 0 {
        return Some(("it is empty".into(), 0..0));
    }
    if let Some(i) = name
        .chars()
        .position(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        let c = name.chars().nth(i).unwrap_or(' ');
        let why = if c.is_ascii_uppercase() {
            format!("`{c}` is uppercase; only lowercase letters, digits and `-` are allowed")
        } else {
            format!("`{c}` is not allowed; only lowercase letters, digits and `-` are")
        };
        return Some((why, i..i + 1));
    }
    if name.starts_with('-') {
        return Some(("it starts with `-`".into(), 0..1));
    }
    if name.ends_with('-') {
        return Some(("it ends with `-`".into(), count - 1..count));
    }
    if let Some(i) = name.find("--") {
        // ASCII only by now: bytes are characters.
        return Some(("it has `--`".into(), i..i + 2));
    }
    if count > max {
        return Some((
            format!("it has {count} characters, {} more than {max}", count - max),
            max..count,
        ));
    }
    None
}

/// `<tag>`, `</tag>` or `<tag attr>`: what the upload refuses.
fn has_xml_tag(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        let rest = &s[i + 1..];
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
            && rest
                .find(['>', '<', '\n'])
                .is_some_and(|j| rest.as_bytes()[j] == b'>')
    })
}

fn upload(range: Range<usize>, why: String) -> Diagnostic {
    diag(
        codes::UPLOAD_REJECTS,
        range,
        format!(
            "Portability (claude.ai upload): {why}, so uploading this skill to claude.ai or \
             the API fails. Claude Code itself does not mind."
        ),
    )
}

fn upload_keys(fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let cat = skill_catalog();
    let allowed = &cat.upload.allowed_keys;
    for e in fm.entries() {
        let Some(key) = e.key.as_str() else { continue };
        // Keys Claude Code does not know have their warning (AG015) already.
        if cat.field(key).is_some() && !allowed.iter().any(|a| a == key) {
            out.push(upload(
                e.key.range(),
                format!(
                    "`{key}` is not among the keys an uploaded skill may have ({})",
                    allowed.join(", ")
                ),
            ));
        }
    }
}

fn background(fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let Some(entry) = fm.get("background") else {
        return;
    };
    let on = entry.value.as_scalar().is_some_and(|s| {
        skill_catalog()
            .booleans
            .accepted_true
            .iter()
            .any(|t| t.eq_ignore_ascii_case(s.text.trim()))
    });
    let forked = fm.get("context").and_then(|e| e.value.as_str()) == Some("fork");
    if on && !forked {
        out.push(diag(
            codes::BACKGROUND_WITHOUT_FORK,
            entry.key.range(),
            "`background` only applies to a skill that runs in a subagent of its own: without \
             `context: fork` Claude Code ignores it. Add `context: fork`, or remove \
             `background`."
                .into(),
        ));
    }
}

/// `description`: missing or not a string (AG103), too long for the
/// specification (AG104), XML tags (AG107). Returns whether it is dropped.
fn description(item: &Item, parts: &Parts, fm: &FrontMatter, out: &mut Vec<Diagnostic>) -> bool {
    let entry = fm.get("description");
    let value = entry.map(|e| &e.value);
    let empty = value.is_none_or(|v| {
        v.as_scalar().is_some_and(|s| {
            s.kind == ScalarKind::Null || (s.kind == ScalarKind::Str && s.text.trim().is_empty())
        })
    });
    if empty {
        // A command without a description is common and fine: Claude Code
        // lists its first line, and no specification asks for more.
        if item.is_skill() {
            let at = entry.map_or(parts.open.clone(), |e| e.key.range());
            out.push(missing_description(item, at));
        }
        return false;
    }
    let Some(v) = value else { return false };
    // A number or boolean is listed as JavaScript prints it ("42", "1.5",
    // "true", measured); only a list or mapping is dropped.
    if v.as_scalar().is_some_and(|s| s.kind != ScalarKind::Str) {
        return false;
    }
    let Some(scalar) = v.as_scalar() else {
        let mut d = diag(
            codes::SKILL_DESCRIPTION_MISSING,
            v.range(),
            format!(
                "This `description` is {}, not a string, so Claude Code omits it and the {} is \
                 {}. Quote it (a `{{{{…}}}}` placeholder needs quotes).",
                v.kind_name(),
                item.noun(),
                listed_as(item)
            ),
        );
        if !item.is_skill() {
            // No specification asks commands for a description: losing it
            // is worth knowing, not a warning.
            d.severity = Severity::Information;
        }
        out.push(d);
        return true;
    };
    if !item.is_skill() {
        return false;
    }
    let max = skill_catalog().limits.description_max;
    let count = scalar.text.chars().count();
    if count > max {
        let start = source_at(item.text, scalar, max);
        out.push(diag(
            codes::SKILL_DESCRIPTION_LONG,
            start..scalar.range.end.max(start),
            format!(
                "This description has {count} characters; the Agent Skills specification allows \
                 {max}, so hosts following it (Copilot, …) reject the skill (Codex loads it). \
                 The part from here on is over the limit."
            ),
        ));
    }
    if has_xml_tag(&scalar.text) {
        out.push(upload(
            scalar.range.clone(),
            "a skill `description` must not contain XML tags".into(),
        ));
    }
    false
}

/// The listing the model sees: `description - when_to_use`, cut at the
/// cap (one unit of it being the `…`), as [`super::listing`] builds it.
fn listing(item: &Item, fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let cap = skill_catalog().limits.listing_cap;
    let Some(listed) = super::listing::entry(item, "", Some(fm)) else {
        return;
    };
    let Some(cut) = listed.cut else { return };
    let scalar = |key: &str| fm.get(key).and_then(|e| e.value.as_scalar());
    // The range: from the first lost character to the end of its field; a
    // cut between the two pieces (or in a list) starts at `when_to_use`.
    let (range, whole) = match cut.at.and_then(|(f, i)| Some((f, i, scalar(f)?))) {
        Some((field, index, s)) => {
            let start = source_at(item.text, s, index);
            let whole = if field == "description" {
                "the description"
            } else {
                "`when_to_use`"
            };
            (start..s.range.end.max(start), whole)
        }
        None => match fm.get("when_to_use") {
            Some(e) => (e.value.range(), "`when_to_use`"),
            None => return,
        },
    };
    let lost = cut.total - (cap - 1);
    let also = if whole == "the description" && fm.get("when_to_use").is_some() {
        " `when_to_use` is lost with it."
    } else {
        ""
    };
    out.push(diag(
        codes::LISTING_CUT,
        range,
        format!(
            "The listing the model reads to pick a {} holds {cap} characters of `description` \
             and `when_to_use` together (joined by ` - `, line breaks as spaces, `<` and `>` \
             as `&lt;` and `&gt;`); these come to {}, so {whole} is cut here and the last \
             {lost} characters never reach the model.{also} Shorten it, and put what matters \
             most first.",
            item.noun(),
            cut.total
        ),
    ));
}

/// A `SKILL.md` longer than the guidance: at its first line past the limit.
pub fn length(item: &Item, out: &mut Vec<Diagnostic>) {
    if !item.is_skill() {
        return;
    }
    let max = skill_catalog().limits.skill_lines;
    // Counted first in one pass the compiler vectorises: most skills are
    // short, and then there is no line to find.
    let bytes = item.text.as_bytes();
    if bytes.iter().filter(|&&b| b == b'\n').count() < max {
        return;
    }
    let Some(start) = memchr::memchr_iter(b'\n', bytes).nth(max - 1) else {
        return;
    };
    let start = start + 1;
    if start >= item.text.len() {
        return;
    }
    let end = item.text[start..]
        .find(['\n', '\r'])
        .map_or(item.text.len(), |i| start + i);
    let lines = line_of(item.text, item.text.len().saturating_sub(1));
    out.push(diag(
        codes::SKILL_TOO_LONG,
        start..end,
        format!(
            "This SKILL.md has {lines} lines; the guidance is at most {max}. The whole file is \
             read into the conversation when the skill is used: move reference material into \
             files next to it and link them, so they are read only when needed."
        ),
    ));
}
