//! The non-agent names navigation needs in one agent file — `skills:`
//! entries and the MCP server part of `mcp__server__tool` entries — and where
//! a server is defined in a `.mcp.json` text. Pure scans with byte ranges.

use std::ops::Range;

use super::navigate::unquoted;
use crate::Analysis;
use crate::model::list_entries;
use crate::parse::yaml::{Node, ScalarKind};

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A skill, or a command (`/name` names either; a skill wins).
    Skill(String),
    McpServer(String),
}

/// Every entry of `skills:` (comma string, flow or block list), with the
/// range of the name without quotes. When escapes or folding make the source
/// differ from the name, the range is the entry's whole spelling instead.
pub fn skill_sites(text: &str, analysis: &Analysis) -> Vec<(String, Range<usize>)> {
    let Some(entry) = analysis
        .frontmatter
        .as_ref()
        .and_then(|fm| fm.get("skills"))
    else {
        return Vec::new();
    };
    let node = match &entry.value {
        // A quoted string whose inside spells the value splits like a plain
        // one: hand `list_entries` the range without the quotes.
        Node::Scalar(s) if s.kind == ScalarKind::Str => {
            let inner = unquoted(text, s.range.clone());
            let mut s = s.clone();
            if text.get(inner.clone()) == Some(&*s.text) {
                s.range = inner;
            }
            Node::Scalar(s)
        }
        other => other.clone(),
    };
    list_entries(text, &node)
        .into_iter()
        .map(|(name, range)| {
            let range = trimmed(text, unquoted(text, range));
            (name, range)
        })
        .collect()
}

/// The range without surrounding whitespace (`" a "` as a list item).
fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(src) = text.get(r.clone()) else {
        return r;
    };
    let start = r.start + (src.len() - src.trim_start().len());
    start..start + src.trim().len()
}

/// The server part of every `mcp__server[__tool]` entry of `tools` and
/// `disallowedTools`. Patterns (`mcp__*`) name no server and are left out.
pub fn mcp_sites(text: &str, analysis: &Analysis) -> Vec<(String, Range<usize>)> {
    let lists = [&analysis.tools, &analysis.disallowed_tools];
    let tools = lists.into_iter().flatten().flatten();
    tools
        .filter_map(|tool| {
            let (server, range) = (tool.mcp_server()?, tool.mcp_server_range()?);
            // A quoted entry whose loaded text differs from its source has
            // no exact range for the server (and an analysis of another
            // text has none at all).
            (!server.is_empty() && !server.contains('*') && text.get(range.clone()) == Some(server))
                .then(|| (server.to_string(), range))
        })
        .collect()
}

/// The skill entry or MCP server name under byte `offset` (a range's end
/// counts, so a cursor just after the name finds it).
pub fn target_at(text: &str, analysis: &Analysis, offset: usize) -> Option<(Target, Range<usize>)> {
    let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    if let Some((name, range)) = skill_sites(text, analysis)
        .into_iter()
        .find(|(_, r)| within(r))
    {
        return Some((Target::Skill(name), range));
    }
    // `Skill(name)` entries and `/name` in the body: a skill, or a command.
    if let Some((name, range)) = super::slash::skill_mentions(text, analysis)
        .into_iter()
        .find(|(_, r)| within(r))
    {
        return Some((Target::Skill(name), range));
    }
    mcp_sites(text, analysis)
        .into_iter()
        .find(|(_, r)| within(r))
        .map(|(name, range)| (Target::McpServer(name), range))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use std::path::Path;

    fn analysis(text: &str) -> Analysis {
        analyze(text, Some(Path::new("/w/.claude/agents/a.md")))
    }

    fn agent(front: &str) -> String {
        format!("---\nname: a\ndescription: Does a.\n{front}---\nBody.\n")
    }

    /// Each site's name with the text its range covers.
    fn spelled(text: &str, sites: &[(String, Range<usize>)]) -> Vec<(String, String)> {
        sites
            .iter()
            .map(|(n, r)| (n.clone(), text[r.clone()].to_string()))
            .collect()
    }

    fn same(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), n.to_string()))
            .collect()
    }

    #[test]
    fn skills_in_every_shape() {
        for front in [
            "skills: fmt, lint ,  docs\n",
            "skills: [fmt, \"lint\", 'docs']\n",
            "skills:\n  - fmt\n  - \"lint\"\n  - ' docs '\n",
            "skills: \"fmt, lint, docs\"\n",
            "skills: 'fmt,lint,docs'\n",
        ] {
            let text = agent(front);
            let a = analysis(&text);
            let sites = skill_sites(&text, &a);
            assert_eq!(
                spelled(&text, &sites),
                same(&["fmt", "lint", "docs"]),
                "{front}"
            );
        }
    }

    #[test]
    fn skills_absent_or_odd() {
        let text = agent("tools: Read\n");
        assert!(skill_sites(&text, &analysis(&text)).is_empty());
        let text = agent("skills: 3\n");
        assert!(skill_sites(&text, &analysis(&text)).is_empty());
        let text = "no front matter\n";
        assert!(skill_sites(text, &analysis(text)).is_empty());
        // An escape makes the source differ: the range is the spelling.
        let text = agent("skills: [\"f\\x6dt\"]\n");
        let sites = skill_sites(&text, &analysis(&text));
        assert_eq!(sites[0].0, "fmt");
        assert_eq!(&text[sites[0].1.clone()], "f\\x6dt");
    }

    #[test]
    fn mcp_servers_from_tools_and_disallowed_tools() {
        let text = agent(
            "tools: Read, mcp__github__create_issue, mcp__slack, mcp__*, mcp__\n\
             disallowedTools:\n  - \"mcp__db__query\"\n  - Agent(x)\n",
        );
        let a = analysis(&text);
        let sites = mcp_sites(&text, &a);
        assert_eq!(spelled(&text, &sites), same(&["github", "slack", "db"]));
        let text = agent("tools: [mcp__fs__read, 'mcp__web']\n");
        let sites = mcp_sites(&text, &analysis(&text));
        assert_eq!(spelled(&text, &sites), same(&["fs", "web"]));
    }

    #[test]
    fn target_under_the_cursor() {
        let text = agent("tools: Read, mcp__github__x\nskills: [\"fmt\", lint]\n");
        let a = analysis(&text);
        let fmt = text.find("fmt").unwrap();
        let skill = Some((Target::Skill("fmt".into()), fmt..fmt + 3));
        assert_eq!(target_at(&text, &a, fmt), skill);
        assert_eq!(target_at(&text, &a, fmt + 3), skill);
        assert_eq!(target_at(&text, &a, fmt - 1), None); // on the quote
        assert_eq!(target_at(&text, &a, fmt - 2), None);
        let gh = text.find("github").unwrap();
        let server = Some((Target::McpServer("github".into()), gh..gh + 6));
        assert_eq!(target_at(&text, &a, gh), server);
        assert_eq!(target_at(&text, &a, gh + 6), server);
        assert_eq!(target_at(&text, &a, gh + 7), None);
        assert_eq!(target_at(&text, &a, gh - 1), None);
        assert_eq!(target_at(&text, &a, text.len()), None);
        assert_eq!(target_at(&text, &a, usize::MAX), None);
    }

    #[test]
    fn stale_analysis_does_not_panic() {
        let text = agent("tools: mcp__github__x, Read\nskills: [fmt]\n");
        let a = analysis(&text);
        for cut in 0..text.len() {
            let short = &text[..cut];
            let _ = target_at(short, &a, cut);
            let _ = mcp_sites(short, &a);
            let _ = skill_sites(short, &a);
        }
    }
}
