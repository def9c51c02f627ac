//! Where MCP servers are configured: a project's `.mcp.json`, the user's
//! `~/.claude.json` (top-level `mcpServers`, and `projects["<path>"]
//! .mcpServers` for one project), and where each is named in `.mcp.json`.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// The MCP servers a workspace's agents can use, as far as agentls can read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct McpConfig {
    /// For every project: `.mcp.json` and `~/.claude.json`'s top level.
    pub servers: Vec<String>,
    /// `~/.claude.json`'s `projects["<path>"].mcpServers`: one project each.
    pub local: Vec<(PathBuf, Vec<String>)>,
    /// Whether the user configuration was considered: `Some(false)` when it
    /// could not be read (a server may be configured where agentls cannot
    /// see), `None` when the caller gave project servers only.
    pub user: Option<bool>,
}

impl McpConfig {
    /// Servers of `.mcp.json` only.
    pub fn project(servers: &[String]) -> McpConfig {
        McpConfig {
            servers: servers.to_vec(),
            ..McpConfig::default()
        }
    }

    /// Add what `~/.claude.json` configures; `None`: it could not be read.
    pub fn add_user_config(&mut self, json: Option<&str>) {
        let Some(json) = json else {
            self.user = Some(false);
            return;
        };
        self.user = Some(true);
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
            self.user = Some(false);
            return;
        };
        self.servers.extend(server_names(&value));
        if let Some(projects) = value.get("projects").and_then(|p| p.as_object()) {
            for (path, project) in projects {
                let names = server_names(project);
                if !names.is_empty() {
                    self.local.push((PathBuf::from(path), names));
                }
            }
        }
        self.servers.sort();
        self.servers.dedup();
    }

    /// Whether `server` is configured for agents of `project` (`None`: no
    /// project, a user or plugin agent).
    pub fn has(&self, server: &str, project: Option<&Path>) -> bool {
        self.servers.iter().any(|s| s == server)
            || project.is_some_and(|p| {
                self.local
                    .iter()
                    .any(|(lp, names)| lp == p && names.iter().any(|s| s == server))
            })
    }
}

/// The keys of `value.mcpServers`.
fn server_names(value: &serde_json::Value) -> Vec<String> {
    value
        .get("mcpServers")
        .and_then(|s| s.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Server names from a `.mcp.json` text (`{"mcpServers": {"name": {…}}}`),
/// sorted; empty when the JSON does not parse.
pub fn mcp_json_servers(json: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut names = server_names(&value);
    names.sort();
    names
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

    #[test]
    fn user_configuration() {
        let mut c = McpConfig::project(&["gh".to_string()]);
        c.add_user_config(Some(
            r#"{"mcpServers": {"usersrv": {}}, "projects": {"/p": {"mcpServers": {"local": {}}}}}"#,
        ));
        assert_eq!(c.user, Some(true));
        assert!(c.has("gh", None) && c.has("usersrv", None));
        assert!(c.has("local", Some(Path::new("/p"))));
        assert!(!c.has("local", Some(Path::new("/q"))) && !c.has("local", None));
        let mut c = McpConfig::default();
        c.add_user_config(None);
        assert_eq!(c.user, Some(false));
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
