//! Where agent names occur in one agent file, for navigation (definition,
//! references, rename): the `name:` value, the names inside `Agent(…)` /
//! `Task(…)` entries of `tools`, and body mentions (`@name`, `@agent-name`,
//! `` `name` ``, "the name agent"). Pure text scans with byte ranges.

use std::ops::Range;

use super::mentions::{code_spans, prose_lines};
use crate::Analysis;

/// What a site is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The `name:` value of the file itself.
    Declaration,
    /// Inside `Agent(…)` / `Task(…)` in `tools`.
    Tools,
    /// A mention in the body.
    Body,
}

/// One occurrence of an agent name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameSite {
    pub name: String,
    /// Byte range of the name itself (no quotes, `@` or `agent-`).
    pub range: Range<usize>,
    pub site: Site,
}

/// Byte range of the `name:` value without surrounding quotes, and the name.
pub fn declaration(text: &str, analysis: &Analysis) -> Option<NameSite> {
    let entry = analysis.frontmatter.as_ref()?.get("name")?;
    let name = entry.value.as_str()?.to_string();
    let range = unquoted(text, entry.value.range());
    Some(NameSite {
        name,
        range,
        site: Site::Declaration,
    })
}

/// A range without one pair of surrounding quotes, when it has them.
pub fn unquoted(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(src) = text.get(r.clone()) else {
        return r;
    };
    let quoted = src.len() >= 2
        && ((src.starts_with('"') && src.ends_with('"'))
            || (src.starts_with('\'') && src.ends_with('\'')));
    if quoted { r.start + 1..r.end - 1 } else { r }
}

/// The names inside `Agent(…)` / `Task(…)` entries of `tools`.
pub fn tool_sites(text: &str, analysis: &Analysis) -> Vec<NameSite> {
    analysis
        .tools
        .iter()
        .flatten()
        .flat_map(|t| t.agent_names())
        .filter(|(name, range)| text.get(range.clone()) == Some(*name))
        .map(|(name, range)| NameSite {
            name: name.to_string(),
            range,
            site: Site::Tools,
        })
        .collect()
}

/// The body: from the analysis' start to the end of the current text (a
/// body-only edit leaves the front matter, and so its analysis, unchanged).
fn body(text: &str, analysis: &Analysis) -> Range<usize> {
    analysis.body.start.min(text.len())..text.len()
}

/// Mentions of the agent `name` in the body: `@name`, `@agent-name`,
/// `` `name` `` and "name agent" / "name subagent".
pub fn body_mentions(text: &str, analysis: &Analysis, name: &str) -> Vec<Range<usize>> {
    if name.is_empty() {
        return Vec::new();
    }
    body_candidates(text, body(text, analysis))
        .into_iter()
        .filter(|r| text.get(r.clone()) == Some(name))
        .collect()
}

/// Characters agent names are made of, for telling where a mention ends.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || c == ':'
}

/// Every place in `within` that would be a mention of an agent named as
/// its text: `@word` (and the word after `@agent-`), a whole code span, and
/// the one to three words before "agent"/"subagent". The index keeps these
/// per file, so finding a name's mentions never rescans a body; sorted and
/// without duplicates.
pub fn body_candidates(text: &str, within: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (start, line) in prose_lines(text, within) {
        // Most lines hold no mention at all: skip them before splitting.
        if !could_mention(line) {
            continue;
        }
        for span in code_spans(line) {
            if !span.is_empty() {
                out.push(start + span.start..start + span.end);
            }
        }
        // Words: maximal runs of name characters, with byte ranges.
        let mut words: Vec<Range<usize>> = Vec::new();
        let mut cur: Option<usize> = None;
        for (i, c) in line
            .char_indices()
            .chain(std::iter::once((line.len(), ' ')))
        {
            match (cur, is_name_char(c)) {
                (None, true) => cur = Some(i),
                (Some(s), false) => {
                    words.push(s..i);
                    cur = None;
                }
                _ => {}
            }
        }
        for (k, w) in words.iter().enumerate() {
            let before = &line[..w.start];
            if before.ends_with('@') {
                out.push(start + w.start..start + w.end);
                let word = &line[w.clone()];
                if word.len() > "agent-".len() && word.starts_with("agent-") {
                    out.push(start + w.start + "agent-".len()..start + w.end);
                }
                continue;
            }
            if !followed_by_agent(&line[w.end..]) {
                continue;
            }
            // The name may span up to three words joined by single spaces.
            let mut first = k;
            loop {
                let from = words[first].start;
                if !line[..from].ends_with('@') {
                    out.push(start + from..start + w.end);
                }
                let joined = first > 0
                    && k - first < 2
                    && words[first - 1].end + 1 == from
                    && line.as_bytes()[from - 1] == b' ';
                if !joined {
                    break;
                }
                first -= 1;
            }
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// A line with a backtick, an `@` or the word "agent" in any case.
fn could_mention(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter().any(|&c| c == b'`' || c == b'@')
        || b.windows(5).any(|w| w.eq_ignore_ascii_case(b"agent"))
}

/// "` agent`", "`** subagent`": the word agent/subagent after some markup
/// and at least one space.
fn followed_by_agent(after: &str) -> bool {
    let rest = after.trim_start_matches(['`', '*', '"', '\'', '_']);
    let word = rest.trim_start_matches([' ', '\t']);
    if word.len() == rest.len() {
        return false;
    }
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    let len = if lower.starts_with("subagent") {
        8
    } else if lower.starts_with("agent") {
        5
    } else {
        return false;
    };
    word[len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() || c == 's')
}

/// Every site of the agent `name` in one file.
pub fn sites_of(text: &str, analysis: &Analysis, name: &str) -> Vec<NameSite> {
    let mut out: Vec<NameSite> = declaration(text, analysis)
        .into_iter()
        .chain(tool_sites(text, analysis))
        .filter(|s| s.name == name)
        .collect();
    out.extend(
        body_mentions(text, analysis, name)
            .into_iter()
            .map(|range| NameSite {
                name: name.to_string(),
                range,
                site: Site::Body,
            }),
    );
    out
}

/// The agent-name site under byte `offset` (a range's end counts, so a
/// cursor just after the name finds it). In the body, of the mentions
/// around the cursor the narrowest one `known` accepts wins, else the word
/// under the cursor: "the Backend Architect agent" is one name when such an
/// agent exists.
pub fn site_at(
    text: &str,
    analysis: &Analysis,
    offset: usize,
    known: &dyn Fn(&str) -> bool,
) -> Option<NameSite> {
    let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    if let Some(s) = declaration(text, analysis).filter(|s| within(&s.range)) {
        return Some(s);
    }
    if let Some(s) = tool_sites(text, analysis)
        .into_iter()
        .find(|s| within(&s.range))
    {
        return Some(s);
    }
    if offset < analysis.body.start || offset > text.len() {
        return None;
    }
    // Up to the cursor's line: fences opened above it still count.
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let from = body(text, analysis).start;
    let mut around: Vec<Range<usize>> = body_candidates(text, from..line_end)
        .into_iter()
        .filter(|r| r.start >= line_start && within(r))
        .collect();
    around.sort_by_key(|r| r.len());
    // A phrase ("Ask the reviewer") is a name only when an agent has it.
    let pick = around
        .iter()
        .find(|r| known(&text[(*r).clone()]))
        .or(around.first().filter(|r| !text[(*r).clone()].contains(' ')))?;
    Some(NameSite {
        name: text[pick.clone()].to_string(),
        range: pick.clone(),
        site: Site::Body,
    })
}

/// Why a new agent name is refused, if it is.
pub fn invalid_name(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("an agent name cannot be empty")
    } else if name.contains(':') {
        Some("an agent name cannot contain `:`")
    } else if name.starts_with('-') {
        Some("an agent name cannot start with `-`")
    } else if name.contains(['(', ')', ',', '\n', '\r', '#']) || name != name.trim() {
        Some("an agent name cannot contain parentheses, commas, `#`, line breaks or edge spaces")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use std::path::Path;

    const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(reviewer, x)\n---\nAsk the reviewer agent, then @reviewer or `reviewer`; not reviewers or @agent-reviewer-2.\n";

    fn lead() -> Analysis {
        analyze(LEAD, Some(Path::new("/w/.claude/agents/lead.md")))
    }

    #[test]
    fn finds_every_site_of_a_name() {
        let a = lead();
        let sites = sites_of(LEAD, &a, "reviewer");
        let texts: Vec<_> = sites
            .iter()
            .map(|s| (&LEAD[s.range.clone()], s.site))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("reviewer", Site::Tools),
                ("reviewer", Site::Body),
                ("reviewer", Site::Body),
                ("reviewer", Site::Body),
            ]
        );
        let decl = declaration(LEAD, &a).unwrap();
        assert_eq!(&LEAD[decl.range], "lead");
    }

    #[test]
    fn site_under_the_cursor() {
        let a = lead();
        let at = LEAD.find("@reviewer").unwrap() + 3;
        assert_eq!(site_at(LEAD, &a, at, &|_| false).unwrap().name, "reviewer");
        let at = LEAD.find("Agent(reviewer").unwrap() + 7;
        assert_eq!(site_at(LEAD, &a, at, &|_| false).unwrap().site, Site::Tools);
        let at = LEAD.find("Ask").unwrap() + 1;
        assert_eq!(site_at(LEAD, &a, at, &|_| false), None);
    }

    #[test]
    fn new_names_are_validated() {
        assert!(invalid_name("").is_some());
        assert!(invalid_name("a:b").is_some());
        assert!(invalid_name("-a").is_some());
        assert_eq!(invalid_name("code-reviewer"), None);
    }
}
