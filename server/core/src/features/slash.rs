//! Where skills and commands are named in any analysed file, for
//! navigation: `/name` in the body, and `Skill(name)` entries of `tools`
//! (agents) or `allowed-tools` (skills, commands). Pure scans with byte
//! ranges of the name itself (no `/`, no `Skill(`).

use std::ops::Range;

use super::mentions::prose_lines;
use crate::Analysis;
use crate::model::tool_entries;

/// Front-matter keys whose entries may be `Skill(name)` permission rules.
const TOOL_KEYS: [&str; 4] = [
    "tools",
    "allowed-tools",
    "disallowedTools",
    "disallowed-tools",
];

/// Every `/name` in `within` outside fenced code blocks (backticked ones
/// count: that is how prose quotes a command). A `/` must start a word and
/// the name must not go on as a path (`/usr/bin`, `/tmp/x.md`).
pub fn slash_mentions(text: &str, within: Range<usize>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for (start, line) in prose_lines(text, within) {
        let bytes = line.as_bytes();
        for (i, _) in line.match_indices('/') {
            let starts_word = i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'`' | b'(' | b'"' | b'\'' | b'*'
                );
            if !starts_word {
                continue;
            }
            let name_len = line[i + 1..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
                .count();
            let name = line[i + 1..i + 1 + name_len].trim_end_matches(':');
            let after = &line[i + 1 + name.len()..];
            let path_goes_on = after.starts_with('/')
                || (after.starts_with('.')
                    && after[1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
            if name.is_empty()
                || !name.starts_with(|c: char| c.is_ascii_alphabetic())
                || path_goes_on
            {
                continue;
            }
            let at = start + i + 1;
            out.push((name.to_string(), at..at + name.len()));
        }
    }
    out
}

/// Every `Skill(name)` entry of the tool lists, with the name's range.
pub fn skill_tool_sites(text: &str, analysis: &Analysis) -> Vec<(String, Range<usize>)> {
    let Some(fm) = analysis.frontmatter.as_ref() else {
        return Vec::new();
    };
    TOOL_KEYS
        .iter()
        .filter_map(|k| fm.get(k))
        .flat_map(|e| tool_entries(text, &e.value))
        .filter_map(|t| {
            let (name, range) = t.skill_name()?;
            // Quoting that changed the entry leaves no exact range.
            (text.get(range.clone()) == Some(name)).then(|| (name.to_string(), range))
        })
        .collect()
}

/// Every place naming a skill or command: `Skill(…)` entries, then `/name`
/// in the body.
pub fn skill_mentions(text: &str, analysis: &Analysis) -> Vec<(String, Range<usize>)> {
    let body = analysis.body.start.min(text.len())..text.len();
    let mut out = skill_tool_sites(text, analysis);
    out.extend(slash_mentions(text, body));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use std::path::Path;

    fn names(text: &str, found: &[(String, Range<usize>)]) -> Vec<String> {
        found
            .iter()
            .map(|(n, r)| {
                assert_eq!(&text[r.clone()], n);
                n.clone()
            })
            .collect()
    }

    #[test]
    fn slashes_that_name_skills_and_commands() {
        let text = "Run /deploy, then `/git:commit` (or /fmt).\n\
                    Not and/or, /usr/bin, /tmp/x.md, /1x or a/b.\n\
                    ```\n/in-code\n```\nEnd with /notes:\n";
        let found = slash_mentions(text, 0..text.len());
        assert_eq!(
            names(text, &found),
            ["deploy", "git:commit", "fmt", "notes"]
        );
    }

    #[test]
    fn skill_entries_in_every_tool_list() {
        let text = "---\nname: a\ndescription: d\ntools: Read, Skill(deploy), Skill( fmt:* ), Skill(*)\n\
                    ---\nUse /deploy.\n";
        let a = analyze(text, Some(Path::new("/w/.claude/agents/a.md")));
        assert_eq!(
            names(text, &skill_mentions(text, &a)),
            ["deploy", "fmt", "deploy"]
        );
        let text = "---\ndescription: d\nallowed-tools: [\"Skill(notes)\", Bash]\n---\nBody.\n";
        let a = analyze(text, Some(Path::new("/w/.claude/skills/s/SKILL.md")));
        assert_eq!(names(text, &skill_tool_sites(text, &a)), ["notes"]);
    }
}
