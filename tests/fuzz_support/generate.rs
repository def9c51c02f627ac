//! Random agent files: front matters of every YAML shape a person (or a
//! tool) might write, right and wrong, and markdown bodies; and the short
//! snippets that edits type.
//!
//! Shapes are built as lines and joined with a line break chosen per file
//! (LF, CRLF, lone CR or a mix), since line breaks are where positions go
//! wrong.

use super::Rng;

const KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "color",
    "permissionMode",
    "skills",
    "mcpServers",
    "hooks",
    "memory",
    "effort",
    "background",
    "Name",
    "tool",
    "unknown-key",
    "\"name\"",
    "'tools'",
    "? name",
    "naïve",
    "键",
    "",
];

const WORDS: &[&str] = &[
    "Read",
    "Write",
    "MultiEdit",
    "Bash(git *)",
    "Bash(npm run test:*)",
    "Agent(reviewer)",
    "Task",
    "mcp__github__create_issue",
    "mcp__srv",
    "Reed",
    "sonnet",
    "opus",
    "inherit",
    "purple",
    "plan",
    "acceptEdits",
    "project",
    "high",
    "true",
    "false",
    "null",
    "~",
    "42",
    "0x1F",
    "1e3",
    "reviewer",
    "a: b",
    "key: value: more",
    "x #not a comment",
    "# comment",
    "-",
    "- item",
    "?",
    "%TAG",
    "@at",
    "`tick`",
    "<example>",
    "</example>",
    "\\n",
    "\\",
    "é",
    "中文",
    "🧠",
    "👩‍💻",
    "e\u{301}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "ðŸ§",
    "\t",
    "  ",
];

/// Multi-byte characters, for the edges of values.
const WIDE: &[&str] = &[
    "é",
    "中",
    "🧠",
    "\u{a0}",
    "\u{10FFFF}",
    "e\u{301}",
    "👍🏽",
    "\u{2028}",
    "\u{85}",
];

pub const BREAKS: &[&str] = &["\n", "\r\n", "\r"];

/// A whole agent file: usually front matter then body, sometimes broken
/// fences, a BOM, no front matter at all.
pub fn agent_file(rng: &mut Rng) -> String {
    let eol = match rng.below(8) {
        0 => "\r\n",
        1 => "\r",
        2 => "", // mixed: a random break per line
        _ => "\n",
    };
    let mut lines = Vec::new();
    let mut start = String::new();
    if rng.one_in(12) {
        start.push('\u{feff}');
    }
    if rng.one_in(20) {
        lines.push(String::new());
    }
    let open = match rng.below(20) {
        0 => "",
        1 => "--- ",
        2 => "----",
        3 => " ---",
        4 => "---\t# c",
        _ => "---",
    };
    lines.push(format!("{start}{open}"));
    front_matter_lines(rng, &mut lines);
    let close = match rng.below(24) {
        0 => None,
        1 => Some("..."),
        2 => Some("--- trailing"),
        3 => Some("-----"),
        4 => Some("  ---"),
        _ => Some("---"),
    };
    if let Some(c) = close {
        lines.push(c.to_string());
    }
    body_lines(rng, &mut lines);
    join(rng, &lines, eol)
}

fn join(rng: &mut Rng, lines: &[String], eol: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 < lines.len() || !rng.one_in(5) {
            out.push_str(if eol.is_empty() {
                rng.pick(BREAKS)
            } else {
                eol
            });
        }
    }
    out
}

/// The lines between the fences.
pub fn front_matter_lines(rng: &mut Rng, out: &mut Vec<String>) {
    // Now and then a big one: many keys, or deep nesting.
    let keys = if rng.one_in(60) {
        200 + rng.below(800)
    } else {
        rng.skewed(12)
    };
    if rng.one_in(3) {
        out.push(format!("name: {}", plain(rng)));
    }
    if rng.one_in(2) {
        out.push(format!("description: {}", scalar(rng)));
    }
    for _ in 0..keys {
        let key = rng.pick(KEYS);
        let sep = rng.pick(&[": ", ":", " : ", ":\t", ": ", ": ", ": "]);
        match rng.below(10) {
            0 => {
                out.push(format!("{key}{}", sep.trim_end()));
                let items = if rng.one_in(40) { 40 } else { 4 };
                let items = rng.skewed(items);
                block_value(rng, out, 1, items);
            }
            1 => {
                let style = rng.pick(&["|", ">", "|-", ">+", "|2", ">-\t", "| # c"]);
                out.push(format!("{key}{sep}{style}"));
                for _ in 0..rng.skewed(5) {
                    let indent = rng.pick(&["  ", "  ", "    ", " ", "\t", ""]);
                    out.push(format!("{indent}{}", scalar(rng)));
                }
            }
            2 => {
                let depth = rng.skewed(8);
                out.push(format!("{key}{sep}{}", flow(rng, depth)));
            }
            3 => out.push(format!("{key}{sep}&a{} {}", rng.below(3), scalar(rng))),
            4 => out.push(format!("{key}{sep}*a{}", rng.below(3))),
            5 => out.push(format!(
                "{key}{sep}{} {}",
                rng.pick(&["!!str", "!!int", "!custom", "!<tag:x>", "!"]),
                scalar(rng)
            )),
            6 => out.push(junk_line(rng)),
            _ => out.push(format!("{key}{sep}{}", scalar(rng))),
        }
    }
    if rng.one_in(80) {
        // Deep flow nesting, closed or not.
        let depth = 1 + rng.below(300);
        let (open, close) = rng.pick(&[("[", "]"), ("{a: ", "}")]);
        let closing = if rng.one_in(2) {
            close.repeat(depth)
        } else {
            String::new()
        };
        out.push(format!("tools: {}x{closing}", open.repeat(depth)));
    }
}

fn block_value(rng: &mut Rng, out: &mut Vec<String>, depth: usize, items: usize) {
    let indent = if rng.one_in(10) {
        "\t".repeat(depth)
    } else {
        "  ".repeat(depth)
    };
    for _ in 0..items.max(1) {
        match rng.below(6) {
            0 if depth < 40 => {
                out.push(format!("{indent}- {}:", plain(rng)));
                let items = rng.skewed(3);
                block_value(rng, out, depth + 1, items);
            }
            1 if depth < 40 => {
                out.push(format!("{indent}{}:", plain(rng)));
                let items = rng.skewed(3);
                block_value(rng, out, depth + 1, items);
            }
            2 => out.push(format!("{indent}{}: {}", plain(rng), scalar(rng))),
            3 => out.push(format!("{indent}-{}", scalar(rng))),
            _ => out.push(format!("{indent}- {}", scalar(rng))),
        }
    }
}

/// A flow collection, nested up to `depth`, sometimes unclosed.
fn flow(rng: &mut Rng, depth: usize) -> String {
    let map = rng.one_in(3);
    let mut s = String::from(if map { "{" } else { "[" });
    for i in 0..rng.skewed(5) {
        if i > 0 {
            s.push_str(rng.pick(&[", ", ",", " ,", ",,"]));
        }
        let item = if depth > 0 && rng.one_in(3) {
            flow(rng, depth - 1)
        } else {
            scalar(rng)
        };
        if map {
            s.push_str(&format!("{}: {item}", plain(rng)));
        } else {
            s.push_str(&item);
        }
    }
    if !rng.one_in(8) {
        s.push(if map { '}' } else { ']' });
    }
    s
}

/// A word, sometimes with a multi-byte character at either edge.
fn plain(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.one_in(6) {
        s.push_str(rng.pick(WIDE));
    }
    s.push_str(rng.pick(WORDS));
    if rng.one_in(6) {
        s.push_str(rng.pick(WIDE));
    }
    s
}

/// A scalar in any style: plain words, quoted (sometimes unterminated),
/// with colons, comments, tabs, or a long run.
fn scalar(rng: &mut Rng) -> String {
    let words: Vec<String> = (0..1 + rng.skewed(6)).map(|_| plain(rng)).collect();
    let mut s = words.join(rng.pick(&[" ", ", ", ",", ": ", " #", "\t"]));
    match rng.below(12) {
        0 => s = format!("\"{}\"", s.replace('"', "\\\"")),
        1 => s = format!("'{}'", s.replace('\'', "''")),
        2 => s = format!("\"{s}"),
        3 => s = format!("'{s}"),
        4 => s = format!("\"{s}\\"),
        5 if rng.one_in(20) => s = "long ".repeat(1 + rng.below(3000)),
        _ => {}
    }
    s
}

/// A line that is no `key: value` at all.
fn junk_line(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => String::new(),
        1 => "---".to_string(),
        2 => "```".to_string(),
        3 => format!("  {}", scalar(rng)),
        4 => format!("- {}", scalar(rng)),
        5 => "# just a comment".to_string(),
        6 => "\t".to_string(),
        7 => format!("{}: {}: {}", plain(rng), plain(rng), plain(rng)),
        8 => "%YAML 1.2".to_string(),
        _ => scalar(rng),
    }
}

/// Markdown after the front matter.
fn body_lines(rng: &mut Rng, out: &mut Vec<String>) {
    for _ in 0..rng.skewed(24) {
        let line = match rng.below(14) {
            0 => format!("{} {}", "#".repeat(1 + rng.below(7)), scalar(rng)),
            1 => rng
                .pick(&["```", "```yaml", "~~~", "````", "```bash"])
                .to_string(),
            2 => "<example>".to_string(),
            3 => "</example>".to_string(),
            4 => format!("- {}", scalar(rng)),
            5 => format!(
                "[{}](./{}.md)",
                plain(rng),
                rng.pick(&["a", "../b", "x y", "🧠"])
            ),
            6 => format!("Use the {} agent or @{}.", plain(rng), plain(rng)),
            7 => "---".to_string(),
            8 => String::new(),
            9 => format!("    {}", scalar(rng)),
            10 => format!("> {}", scalar(rng)),
            11 => "| a | b |\n|---|---|".to_string(),
            _ => scalar(rng),
        };
        out.push(line);
    }
}

/// What an edit types: a token, a line break, a line of YAML, markdown.
pub fn snippet(rng: &mut Rng) -> String {
    match rng.below(12) {
        0..=2 => rng.pick(BREAKS).to_string(),
        3 => "---".to_string(),
        4 => {
            let mut lines = Vec::new();
            front_matter_lines(rng, &mut lines);
            lines.truncate(1 + rng.below(3));
            let eol = rng.pick(BREAKS);
            lines.join(eol)
        }
        5 => rng.pick(KEYS).to_string(),
        6 => rng
            .pick(&[
                ": ", ":", "[", "]", "{", "}", ",", "\"", "'", "#", "|", ">", "&a0", "*a0", "- ",
            ])
            .to_string(),
        7 => rng.pick(WIDE).to_string(),
        _ => plain(rng),
    }
}
