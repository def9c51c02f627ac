//! Human output, shaped like a compiler's so it reads familiar:
//!
//! ```text
//! warning[AG062]: unknown tool `MultiEdit`
//!   --> examples/broken.md:5:22
//!    |
//!  5 | tools: Write, Read, MultiEdit, Bash
//!    |                     ^^^^^^^^^
//! ```

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use crate::cli::lines::LineIndex;
use crate::cli::report::{FileReport, Outcome, Summary};
use agentls_core::{Diagnostic, Severity, Verdict};

/// Tabs expand to the next multiple of this, in the source line and under it.
const TAB_WIDTH: usize = 4;
/// Source lines wider than this are cut to a window around the carets
/// (agent descriptions are often one 2,000-character line).
const MAX_LINE_WIDTH: usize = 160;
/// How much of the line to keep left of the carets when windowing.
const LEFT_CONTEXT: usize = 40;

/// ANSI colour only for a terminal, and never when `NO_COLOR` is set
/// (<https://no-color.org>: set and not empty).
pub fn color_wanted() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Paint {
    on: bool,
}

impl Paint {
    fn code(&self, code: &'static str) -> &'static str {
        if self.on { code } else { "" }
    }
    fn reset(&self) -> &'static str {
        self.code("\x1b[0m")
    }
    fn bold(&self) -> &'static str {
        self.code("\x1b[1m")
    }
    fn gutter(&self) -> &'static str {
        self.code("\x1b[1;34m")
    }
    fn severity(&self, s: Severity) -> &'static str {
        self.code(match s {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Information => "\x1b[1;36m",
            Severity::Hint => "\x1b[1;32m",
        })
    }
}

pub fn write(
    reports: &[FileReport],
    summary: &Summary,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { on: color };
    super::in_order(reports, out, |report, out| file(out, &paint, report))?;
    writeln!(
        out,
        "{}{}{}",
        paint.bold(),
        super::summary_line(summary),
        paint.reset()
    )
}

fn file(out: &mut dyn Write, paint: &Paint, report: &FileReport) -> io::Result<()> {
    let path = report.path.display();
    match &report.outcome {
        Outcome::Checked(checked) => {
            let text = checked.text(&report.path);
            let mut index = LineIndex::new(&text);
            for d in &checked.diagnostics {
                diagnostic(out, paint, &mut index, &path.to_string(), d)?;
            }
            if checked.verdict == Verdict::DoesNotLoad {
                writeln!(
                    out,
                    "{}{path}: Claude Code will not load this agent{}\n",
                    paint.bold(),
                    paint.reset()
                )?;
            }
        }
        Outcome::Skipped(why) => writeln!(
            out,
            "{}note{}: skipped: {why}\n  --> {path}\n",
            paint.severity(Severity::Information),
            paint.reset()
        )?,
        Outcome::Unreadable(_) | Outcome::Crashed => {}
    }
    Ok(())
}

fn diagnostic(
    out: &mut dyn Write,
    paint: &Paint,
    index: &mut LineIndex,
    path: &str,
    d: &Diagnostic,
) -> io::Result<()> {
    let start = index.clamp(d.range.start);
    let end = index.clamp(d.range.end).max(start);
    let pos = index.position(start);
    let line = index.line_of(start);
    let source = index.line_text(line);
    let line_start = index.line_start(line);
    // Underline to the range's end, or to the end of the line if it goes on.
    let from = (start - line_start).min(source.len());
    let to = if index.line_of(end) == line {
        (end - line_start).min(source.len())
    } else {
        source.len()
    };
    let snippet = Snippet::new(source, from, to);

    let (sev, bold, gutter, reset) = (
        paint.severity(d.severity),
        paint.bold(),
        paint.gutter(),
        paint.reset(),
    );
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len() + 1);
    writeln!(
        out,
        "{sev}{}[{}]{reset}{bold}: {}{reset}",
        d.severity.as_str(),
        d.code,
        sanitize(&d.message)
    )?;
    writeln!(
        out,
        "{pad}{gutter}-->{reset} {path}:{}:{}",
        pos.line, pos.column
    )?;
    writeln!(out, "{pad} {gutter}|{reset}")?;
    writeln!(
        out,
        "{gutter}{number:>w$} |{reset} {}",
        snippet.line,
        w = pad.len()
    )?;
    writeln!(
        out,
        "{pad} {gutter}|{reset} {}{sev}{}{reset}",
        " ".repeat(snippet.caret_at),
        "^".repeat(snippet.caret_len)
    )?;
    for r in &d.related {
        let p = index.position(r.range.start);
        writeln!(
            out,
            "{pad} {gutter}={reset} note: {path}:{}:{}: {}",
            p.line,
            p.column,
            sanitize(&r.message)
        )?;
    }
    for f in &d.fixes {
        writeln!(out, "{pad} {gutter}={reset} help: {}", sanitize(&f.title))?;
    }
    writeln!(out)
}

/// A source line made printable, and where the carets go under it.
#[derive(Debug, PartialEq, Eq)]
struct Snippet {
    line: String,
    caret_at: usize,
    caret_len: usize,
}

impl Snippet {
    /// `from..to` are byte offsets into `source` (on char boundaries).
    fn new(source: &str, from: usize, to: usize) -> Snippet {
        // Expand to display cells: one per char, tabs to spaces, control
        // characters replaced (they would misalign or drive the terminal).
        let mut cells: Vec<char> = Vec::with_capacity(source.len());
        let (mut at, mut until) = (None, None);
        for (i, c) in source.char_indices() {
            if i == from {
                at = Some(cells.len());
            }
            if i == to {
                until = Some(cells.len());
            }
            match c {
                '\t' => {
                    let n = TAB_WIDTH - cells.len() % TAB_WIDTH;
                    cells.extend(std::iter::repeat_n(' ', n));
                }
                c if c.is_control() => cells.push('\u{FFFD}'),
                c => cells.push(c),
            }
            // Past the window the carets need: the rest of a long line
            // would be cut off anyway (and carets stop at the window's end).
            if at.is_some_and(|at| cells.len() > at.saturating_sub(LEFT_CONTEXT) + MAX_LINE_WIDTH) {
                break;
            }
        }
        let at = at.unwrap_or(cells.len());
        let until = until.unwrap_or(cells.len()).max(at);
        let mut snippet = Snippet {
            caret_at: at,
            caret_len: (until - at).max(1),
            line: String::new(),
        };
        if cells.len() <= MAX_LINE_WIDTH {
            snippet.line = cells.into_iter().collect();
            return snippet;
        }
        // Too wide: keep a window that starts a little left of the carets.
        let first = at.saturating_sub(LEFT_CONTEXT);
        let last = (first + MAX_LINE_WIDTH).min(cells.len());
        let mut line = String::new();
        if first > 0 {
            line.push_str("...");
        }
        line.extend(&cells[first..last]);
        if last < cells.len() {
            line.push_str("...");
        }
        snippet.line = line;
        snippet.caret_at = at - first + if first > 0 { 3 } else { 0 };
        snippet.caret_len = snippet.caret_len.min(last.saturating_sub(at)).max(1);
        snippet
    }
}

/// Messages quote the file; keep its control characters off the terminal.
fn sanitize(s: &str) -> Cow<'_, str> {
    // Control characters are below 0x20, 0x7F, or U+0080–U+009F (0xC2 then
    // a second byte): a byte scan clears the usual message without decoding.
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n') || *b == 0x7F || *b == 0xC2;
    if !s.as_bytes().iter().any(suspect) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let text = "---\nname: x\ncolor: blue\n\ttools: Write, Read, MultiEdit, Bash\n---\n";
        let start = text.find("MultiEdit").unwrap();
        let d = Diagnostic {
            code: "AG062",
            severity: Severity::Warning,
            range: start..start + "MultiEdit".len(),
            message: "unknown tool `MultiEdit`".into(),
            fixes: Vec::new(),
            related: Vec::new(),
        };
        let mut out = Vec::new();
        let mut index = LineIndex::new(text);
        diagnostic(&mut out, &Paint { on: false }, &mut index, "a.md", &d).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "warning[AG062]: unknown tool `MultiEdit`\n  \
             --> a.md:4:22\n   \
             |\n \
             4 |     tools: Write, Read, MultiEdit, Bash\n   \
             |                         ^^^^^^^^^\n\n"
        );
    }

    #[test]
    fn carets_under_the_range() {
        let s = Snippet::new("tools: Write, MultiEdit", 14, 23);
        assert_eq!(s.line, "tools: Write, MultiEdit");
        assert_eq!((s.caret_at, s.caret_len), (14, 9));
    }

    #[test]
    fn tabs_expand_in_line_and_offset() {
        // `\t` at column 0 becomes 4 spaces; `x\t` becomes `x` + 3 spaces.
        let s = Snippet::new("\tx\ty", 3, 4);
        assert_eq!(s.line, "    x   y");
        assert_eq!((s.caret_at, s.caret_len), (8, 1));
    }

    #[test]
    fn multibyte_chars_count_once() {
        let s = Snippet::new("é: ü", 4, 6);
        assert_eq!((s.caret_at, s.caret_len), (3, 1));
    }

    #[test]
    fn empty_range_and_end_of_line_get_one_caret() {
        let s = Snippet::new("abc", 3, 3);
        assert_eq!((s.caret_at, s.caret_len), (3, 1));
    }

    #[test]
    fn control_characters_are_replaced() {
        let s = Snippet::new("a\x1b[31mb", 0, 1);
        assert!(!s.line.contains('\x1b'));
        assert_eq!(sanitize("x\x1by\nz"), "x\u{FFFD}y\nz");
    }

    #[test]
    fn carets_past_the_window_stop_at_its_end() {
        let s = Snippet::new(&"a".repeat(300), 0, 300);
        assert_eq!(s.line, format!("{}...", "a".repeat(MAX_LINE_WIDTH)));
        assert_eq!((s.caret_at, s.caret_len), (0, MAX_LINE_WIDTH));
        // Tabs count as the cells they expand to.
        let source = format!("{}x{}", "\t".repeat(20), "b".repeat(300));
        let s = Snippet::new(&source, 20, 321);
        assert_eq!(
            s.line,
            format!("...{}xb{}...", " ".repeat(40), "b".repeat(118))
        );
        assert_eq!((s.caret_at, s.caret_len), (43, 120));
    }

    #[test]
    fn long_lines_are_windowed_around_the_carets() {
        let source = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let s = Snippet::new(&source, 500, 506);
        assert!(s.line.starts_with("...") && s.line.ends_with("..."));
        assert!(s.line.len() <= MAX_LINE_WIDTH + 6);
        assert_eq!(&s.line[s.caret_at..s.caret_at + s.caret_len], "TARGET");
    }
}
