//! Semantic tokens of other hosts' files (Copilot, OpenCode, Cursor, Gemini
//! CLI, Codex), from their catalogs ([`host_view`]): front-matter keys,
//! marked when the host does not read them; closed-set values, marked when
//! not in the set; tool names in `tools` (a list, or OpenCode's map), marked
//! when the host does not know them. Found line by line, so Cursor's front
//! matter (not YAML) and YAML being typed get tokens too.

use crate::HostFile;
use crate::features::complete::host_keys::{HostView, ToolsShape, host_view};
use crate::parse::lines::{KeyLine, key_lines, list_entries, scalar_value};

use super::tokens::{Token, TokenKind};

/// Every token of the front matter of a file of kind `host`.
pub fn host_tokens(text: &str, host: HostFile) -> Vec<Token> {
    let view = host_view(host);
    let mut out = Vec::new();
    for kl in key_lines(text) {
        let name = &text[kl.key.clone()];
        let key = view.key(name);
        // OpenCode passes unknown keys on to the model as options: not
        // dropped, so not struck through.
        let dropped = key.is_none() && host != HostFile::OpenCodeAgent;
        out.push(Token {
            range: kl.key.clone(),
            kind: TokenKind::Key,
            deprecated: dropped,
            unknown: key.is_none(),
        });
        let Some(key) = key else { continue };
        if name == "tools" {
            tools(text, &kl, &view, &mut out);
        } else if !key.values.is_empty()
            && let Some(range) = scalar_value(text, &kl)
        {
            // An open set (Copilot's `agent`, Gemini's `model`) only lists
            // the common values: others are not marked.
            let value = &text[range.clone()];
            let valid = key.open
                || key.values.iter().any(|v| v == value)
                || (name == "color" && is_hex(value));
            out.push(Token {
                range,
                kind: TokenKind::Value,
                deprecated: !valid,
                unknown: !valid,
            });
        }
    }
    out
}

/// `#RRGGBB`: OpenCode's other kind of color.
fn is_hex(v: &str) -> bool {
    v.len() == 7 && v.starts_with('#') && v[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn tools(text: &str, kl: &KeyLine, view: &HostView, out: &mut Vec<Token>) {
    let names = match view.shape {
        ToolsShape::List => list_entries(text, kl.value.clone()),
        ToolsShape::Map => map_keys(text, kl),
        ToolsShape::None => return,
    };
    for range in names {
        let known = view.knows_tool(&text[range.clone()]);
        out.push(Token {
            range,
            kind: TokenKind::Tool,
            deprecated: !known,
            unknown: !known,
        });
    }
}

/// The keys of the nested lines of a map value (`  write: false`).
fn map_keys(text: &str, kl: &KeyLine) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = kl.value.start;
    for line in text[kl.value.clone()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        if indent == 0 || start == kl.value.start {
            continue;
        }
        let Some(len) = rest.find(':') else { continue };
        let name = rest[..len].trim_end();
        if !name.is_empty() && !name.starts_with(['#', '-']) {
            out.push(start + indent..start + indent + name.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(text: &str, host: HostFile) -> Vec<(&str, TokenKind, bool)> {
        host_tokens(text, host)
            .into_iter()
            .map(|t| (&text[t.range], t.kind, t.deprecated))
            .collect()
    }

    #[test]
    fn each_host_marks_what_it_does_not_read() {
        use TokenKind::*;
        let g = "---\nname: r\nkind: lokal\ntools: [read_file, Read]\ncolor: red\n---\n";
        assert_eq!(
            spelled(g, HostFile::GeminiAgent),
            [
                ("name", Key, false),
                ("kind", Key, false),
                ("lokal", Value, true),
                ("tools", Key, false),
                ("read_file", Tool, false),
                ("Read", Tool, true),
                ("color", Key, true),
            ]
        );
        let oc = "---\nmode: primary\ntools:\n  write: false\nfoo: 1\ncolor: \"#FF8800\"\n---\n";
        assert_eq!(
            spelled(oc, HostFile::OpenCodeAgent),
            [
                ("mode", Key, false),
                ("primary", Value, false),
                ("tools", Key, false),
                ("write", Tool, false),
                ("foo", Key, false),
                ("color", Key, false),
                ("#FF8800", Value, false),
            ]
        );
        let cursor = "---\nglobs: src/**/*.ts, lib/*\nalwaysApply: yes\n---\n";
        assert_eq!(
            spelled(cursor, HostFile::CursorRule),
            [
                ("globs", Key, false),
                ("alwaysApply", Key, false),
                ("yes", Value, true),
            ]
        );
    }
}
