//! The non-agent names navigation needs in one agent file — `skills:`
//! entries and the MCP server part of `mcp__server__tool` entries — and where
//! a server is defined in a `.mcp.json` text. Pure scans with byte ranges.

use std::ops::Range;

use super::navigate::unquoted;
use crate::parse::yaml::{Node, ScalarKind};
use crate::{Analysis, rules, workspace};

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
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
            if text.get(inner.clone()) == Some(s.text.as_str()) {
                s.range = inner;
            }
            Node::Scalar(s)
        }
        other => other.clone(),
    };
    workspace::list_entries(text, &node)
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
    let Some(fm) = analysis.frontmatter.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["tools", "disallowedTools"] {
        let Some(entry) = fm.get(key) else { continue };
        // `tool_entries` slices the text: an analysis of another text must
        // not make it panic.
        if !within_text(text, &entry.value) {
            continue;
        }
        for tool in rules::tool_entries(text, &entry.value) {
            let Some(rest) = tool.text.strip_prefix("mcp__") else {
                continue;
            };
            let server = rest.split("__").next().unwrap_or(rest);
            if server.is_empty() || server.contains('*') {
                continue;
            }
            let start = tool.range.start + "mcp__".len();
            let range = start..start + server.len();
            // A quoted entry whose loaded text differs from its source has
            // no exact range for the server.
            if text.get(range.clone()) == Some(server) {
                out.push((server.to_string(), range));
            }
        }
    }
    out
}

fn within_text(text: &str, node: &Node) -> bool {
    let ok = |r: Range<usize>| text.get(r).is_some();
    match node {
        Node::Seq { items, range } => ok(range.clone()) && items.iter().all(|i| ok(i.range())),
        other => ok(other.range()),
    }
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
    mcp_sites(text, analysis)
        .into_iter()
        .find(|(_, r)| within(r))
        .map(|(name, range)| (Target::McpServer(name), range))
}

/// One open container of the JSON scan.
struct Frame {
    object: bool,
    /// In an object, the next string is a key.
    expect_key: bool,
    /// This is the top-level `mcpServers` object.
    servers: bool,
}

/// Byte range of the key `server` (without its quotes) directly inside the
/// top-level `"mcpServers"` object of a `.mcp.json` text. Like serde_json,
/// a later duplicate key wins. Lenient about the rest of the document (it may
/// be mid-edit); never panics, iterative, linear in the input.
pub fn mcp_json_server_range(json: &str, server: &str) -> Option<Range<usize>> {
    let bytes = json.as_bytes();
    let mut i = json.strip_prefix('\u{feff}').map_or(0, |_| 3);
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    // Only an object root has an `mcpServers` key.
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    let mut stack: Vec<Frame> = Vec::new();
    // The last top-level key was `mcpServers` and its value has not started.
    let mut after_servers_key = false;
    let mut found = None;
    while i < bytes.len() {
        let top_level = stack.len() == 1;
        match bytes[i] {
            b'{' => {
                let servers = top_level && after_servers_key;
                after_servers_key = false;
                stack.push(Frame {
                    object: true,
                    expect_key: true,
                    servers,
                });
            }
            b'[' => {
                after_servers_key = false;
                stack.push(Frame {
                    object: false,
                    expect_key: false,
                    servers: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
                if stack.is_empty() {
                    // The root closed: anything after it is not this document.
                    break;
                }
            }
            b':' => {
                if let Some(f) = stack.last_mut() {
                    f.expect_key = false;
                }
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.expect_key = f.object;
                }
            }
            b'"' => {
                let start = i + 1;
                let Some(end) = string_end(bytes, start) else {
                    // Unterminated: the rest of the text is this string.
                    break;
                };
                i = end;
                let raw = &json[start..end];
                if let Some(f) = stack.last()
                    && f.object
                    && f.expect_key
                {
                    let key = unescape(raw);
                    if f.servers && key.as_deref() == Some(server) {
                        found = Some(start..end);
                    } else if top_level {
                        after_servers_key = key.as_deref() == Some("mcpServers");
                        if after_servers_key {
                            // A later `mcpServers` replaces the earlier one.
                            found = None;
                        }
                    }
                } else if top_level {
                    after_servers_key = false;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => {
                // A number or literal value.
                if top_level {
                    after_servers_key = false;
                }
            }
        }
        i += 1;
    }
    found
}

/// Index of the closing quote of a string whose content starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return Some(i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// A JSON string's content unescaped; `None` when an escape is invalid.
fn unescape(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !raw.contains('\\') {
        return Some(raw.into());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let c = match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A surrogate pair: `\uD83D\uDE00`.
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let lo = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                } else {
                    char::from_u32(hi)?
                }
            }
            _ => return None,
        };
        out.push(c);
    }
    Some(out.into())
}

fn hex4(chars: &mut std::str::Chars) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
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

    fn key_at(json: &str, server: &str) -> Option<String> {
        mcp_json_server_range(json, server).map(|r| json[r].to_string())
    }

    #[test]
    fn server_keys_in_mcp_json() {
        let json = r#"{"mcpServers": {"github": {"command": "gh"}, "db": {}}}"#;
        let r = mcp_json_server_range(json, "db").unwrap();
        assert_eq!(r.start, json.find("\"db\"").unwrap() + 1);
        assert_eq!(&json[r], "db");
        assert_eq!(key_at(json, "github").as_deref(), Some("github"));
        assert_eq!(key_at(json, "slack"), None);
        assert_eq!(key_at(json, "command"), None);
        assert_eq!(key_at(json, "mcpServers"), None);
    }

    #[test]
    fn tricky_mcp_json() {
        // A nested key and a value named like the server come first; the
        // string "mcpServers" as a value and as a nested key count for nothing.
        let json = r#"{
          "note": "mcpServers",
          "other": {"mcpServers": {"db": {}}},
          "list": [{"mcpServers": {"db": 1}}],
          "mcpServers": {
            "x\"y": {"db": {"db": "db"}, "args": ["db", "}", "{"]},
            "d\u0062": {"env": {"Q": "\\\""}}
          }
        }"#;
        let r = mcp_json_server_range(json, "db").unwrap();
        assert_eq!(&json[r], "d\\u0062");
        assert_eq!(key_at(json, "x\"y").as_deref(), Some("x\\\"y"));
        assert_eq!(key_at(json, "args"), None);
        assert_eq!(key_at(json, "Q"), None);
        // A later duplicate wins, as in serde_json.
        let json = r#"{"mcpServers": {"a": {}, "a": {}}}"#;
        assert_eq!(
            mcp_json_server_range(json, "a").unwrap().start,
            json.rfind("\"a\"").unwrap() + 1
        );
        let json = r#"{"mcpServers": {"a": {}}, "mcpServers": {"b": {}}}"#;
        assert_eq!(key_at(json, "a"), None);
        assert_eq!(key_at(json, "b").as_deref(), Some("b"));
        // Not an object, or not the root's.
        assert_eq!(key_at(r#"{"mcpServers": ["a"]}"#, "a"), None);
        assert_eq!(key_at(r#"{"mcpServers": "a"}"#, "a"), None);
        assert_eq!(key_at(r#"[{"mcpServers": {"a": {}}}]"#, "a"), None);
        assert_eq!(key_at(r#"{} {"mcpServers": {"a": {}}}"#, "a"), None);
        assert_eq!(
            key_at("\u{feff} {\"mcpServers\":{\"a\":{}}}", "a").as_deref(),
            Some("a")
        );
        // Mid-edit text still answers; invalid escapes never match.
        assert_eq!(
            key_at(r#"{"mcpServers": {"a": {"#, "a").as_deref(),
            Some("a")
        );
        assert_eq!(key_at(r#"{"mcpServers": {"\q": {}}}"#, "q"), None);
        assert_eq!(key_at(r#"{"mcpServers": {"\ud83d": {}}}"#, "x"), None);
        assert_eq!(
            key_at(r#"{"mcpServers": {"\ud83d\ude00": {}}}"#, "😀").as_deref(),
            Some(r"\ud83d\ude00")
        );
        assert_eq!(key_at("", "a"), None);
        assert_eq!(key_at(r#"{"mcpServers": {"a"#, "a"), None);
    }

    #[test]
    fn mcp_json_scanner_never_panics() {
        // xorshift: deterministic and dependency-free.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "{}[]\":,\\ u0dDaAmcpServers\u{e9}😀\n\t".chars().collect();
        let sample =
            r#"{"mcpServers": {"a\"b": {"a": ["a", {"a": 1}]}, "a": {"x": "\ud83d\ude00"}}}"#;
        for _ in 0..20_000 {
            let len = (next() % 64) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = mcp_json_server_range(&s, "a");
            let _ = mcp_json_server_range(&format!("{{\"mcpServers\":{{{s}"), "a");
        }
        for cut in (0..=sample.len()).filter(|&c| sample.is_char_boundary(c)) {
            let _ = mcp_json_server_range(&sample[..cut], "a");
            let _ = mcp_json_server_range(&sample[cut..], "a");
        }
        let bytes: Vec<u8> = (0..4096).map(|_| next() as u8).collect();
        let _ = mcp_json_server_range(&String::from_utf8_lossy(&bytes), "a");
        let deep = format!("{{\"mcpServers\":{}", "[{\"a\":".repeat(200_000));
        assert_eq!(mcp_json_server_range(&deep, "a"), None);
        let deep = "{".repeat(500_000) + &"}".repeat(500_000);
        assert_eq!(mcp_json_server_range(&deep, "a"), None);
    }
}
