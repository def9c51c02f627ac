//! The line a skill or command gets in the listing the model reads
//! ("- label: text"), as Claude Code 2.1.332 builds it. Every step is
//! measured (`tests/fixtures/recorded/claude-code-2.1.332-skills.json`,
//! held to this by `tests/recorded_skills.rs`):
//!
//! - label: a skill's folder, with its `name` in brackets when that differs
//!   and has no spaces; a command's path joined by `:`;
//! - text: `description` (numbers and booleans as JavaScript prints them; a
//!   list or mapping is invalid and dropped), else the body's first
//!   non-blank line without a heading's `#`, at most 100 characters (97 and
//!   `...`), else `Skill` / `Custom command`; then ` - ` and `when_to_use`
//!   (a list joined by `,`), each trimmed;
//! - runs of line breaks and tabs become one space, `<` and `>` become
//!   `&lt;` and `&gt;`, and past 1,536 UTF-16 units the text is cut to
//!   1,535 and `…`;
//! - `disable-model-invocation` true (any accepted spelling): not listed.
//!
//! Not measured, assumed: the body line is capped before escaping, a piece
//! is trimmed before the two are joined.

use crate::catalog::skill_catalog;
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::yaml::{Node, Scalar, ScalarKind};

use super::Item;

/// The body line's cap and what replaces its end.
const LINE_MAX: usize = 100;
const LINE_ELLIPSIS: &str = "...";

/// One item of the listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub label: String,
    pub text: String,
    /// Set when the text was cut at the listing's cap.
    pub cut: Option<Cut>,
    /// `description` is there but a list or mapping: Claude Code logs
    /// "Description invalid" and lists the fallback.
    pub description_invalid: bool,
}

/// Where the cap cut the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// UTF-16 units the uncut text has (what Claude Code counts).
    pub total: usize,
    /// The field whose value is cut first, and the index of the first lost
    /// character in its loaded value (None: the cut falls on the body line,
    /// a default text or the ` - ` between the two).
    pub at: Option<(&'static str, usize)>,
}

/// The item's line, or None when Claude Code leaves it out of the listing.
/// `fm` is the front matter as read (a broken one counts as absent).
/// `name` is the name the item's path gives it (a skill's folder, a
/// command's `a:b`).
pub fn entry(item: &Item, name: &str, fm: Option<&FrontMatter>) -> Option<Listing> {
    let fm = fm.filter(|f| !matches!(f.syntax, Syntax::Broken(_)));
    if fm.is_some_and(hidden) {
        return None;
    }
    let get = |key: &str| fm.and_then(|f| f.get(key)).map(|e| &e.value);
    let label = label(item, name, get("name").and_then(Node::as_str));
    let mut description_invalid = false;
    let described = match get("description") {
        Some(Node::Scalar(s)) => scalar_text(s).map(|t| ("description", s, t)),
        Some(_) => {
            description_invalid = true;
            None
        }
        None => None,
    };
    let mut pieces: Vec<Piece> = Vec::new();
    match described {
        Some((field, scalar, value)) => pieces.push(Piece::field(field, scalar, &value)),
        None => pieces.push(Piece::plain(&fallback(item))),
    }
    if let Some((scalar, value)) = get("when_to_use").and_then(when_text) {
        pieces.push(Piece::plain(" - "));
        match scalar {
            Some(s) => pieces.push(Piece::field("when_to_use", s, &value)),
            None => pieces.push(Piece::plain(&value)),
        }
    }
    let (text, cut) = show(&pieces);
    Some(Listing {
        label,
        text,
        cut,
        description_invalid,
    })
}

fn hidden(fm: &FrontMatter) -> bool {
    fm.get("disable-model-invocation")
        .and_then(|e| e.value.as_scalar())
        .is_some_and(|s| {
            skill_catalog()
                .booleans
                .accepted_true
                .iter()
                .any(|t| t.eq_ignore_ascii_case(s.text.trim()))
        })
}

fn label(item: &Item, path_name: &str, declared: Option<&str>) -> String {
    if item.is_skill() {
        skill_label(path_name, declared)
    } else {
        path_name.to_string()
    }
}

/// A skill's label: its folder, with a `name` that differs in brackets when
/// it has no spaces (unless another item has taken it: not known here).
pub fn skill_label(folder: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if name != folder && !name.is_empty() && !name.contains(char::is_whitespace) => {
            format!("{folder} ({name})")
        }
        _ => folder.to_string(),
    }
}

/// A scalar's value as the JavaScript string Claude Code makes of it; None
/// for null or an empty string (which fall back like a missing value).
fn scalar_text(s: &Scalar) -> Option<String> {
    let text = s.text.trim();
    let out = match s.kind {
        ScalarKind::Null => return None,
        ScalarKind::Str => text.to_string(),
        ScalarKind::Bool => text.to_ascii_lowercase(),
        ScalarKind::Int => int_text(text).unwrap_or_else(|| text.to_string()),
        ScalarKind::Float => float_text(text),
    };
    (!out.is_empty()).then_some(out)
}

fn int_text(text: &str) -> Option<String> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some((if neg { -value } else { value }).to_string())
}

fn float_text(text: &str) -> String {
    match text.to_ascii_lowercase().trim_start_matches('+') {
        ".inf" => "Infinity".into(),
        "-.inf" => "-Infinity".into(),
        ".nan" => "NaN".into(),
        other => other
            .parse::<f64>()
            .map_or_else(|_| text.to_string(), |f| f.to_string()),
    }
}

/// `when_to_use` as text: a scalar, or a list's items joined by `,`
/// (JavaScript's `String([a, b])`). The scalar is kept when the text maps
/// back to it.
fn when_text(node: &Node) -> Option<(Option<&Scalar>, String)> {
    match node {
        Node::Scalar(s) => scalar_text(s).map(|t| (Some(s), t)),
        Node::Seq { items, .. } => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| i.as_scalar().and_then(scalar_text).unwrap_or_default())
                .collect();
            let joined = parts.join(",");
            (!joined.trim().is_empty()).then(|| (None, joined.trim().to_string()))
        }
        _ => None,
    }
}

/// The body's first non-blank line, a heading's `#` taken off, capped;
/// or the default for an empty body.
pub fn fallback(item: &Item) -> String {
    match first_line(item.text, item.body.clone()) {
        Some(line) if utf16_len(&line) > LINE_MAX => {
            let keep = LINE_MAX - LINE_ELLIPSIS.len();
            let mut out = take_units(&line, keep).0;
            out.push_str(LINE_ELLIPSIS);
            out
        }
        Some(line) => line,
        None if item.is_skill() => "Skill".into(),
        None => "Custom command".into(),
    }
}

/// The body's first non-blank line, a heading's `#` taken off, uncapped.
pub fn first_line(text: &str, body: std::ops::Range<usize>) -> Option<String> {
    let line = text
        .get(body)?
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    Some(line.trim_start_matches('#').trim().to_string())
}

/// One part of the text, with where its characters come from.
struct Piece {
    text: String,
    /// The field and the index of the piece's first character in its value.
    from: Option<(&'static str, usize)>,
}

impl Piece {
    fn plain(text: &str) -> Self {
        Piece {
            text: text.to_string(),
            from: None,
        }
    }

    /// The field's value, trimmed; `from` counts the characters trimmed off
    /// its start, so indices map back to the value as loaded.
    fn field(field: &'static str, scalar: &Scalar, value: &str) -> Self {
        let skipped = if scalar.kind == ScalarKind::Str {
            let raw: &str = &scalar.text;
            raw.chars().count() - raw.trim_start().chars().count()
        } else {
            0
        };
        Piece {
            text: value.trim().to_string(),
            from: Some((field, skipped)),
        }
    }
}

/// The pieces shown: breaks and tabs collapsed, `<>` escaped, cut at the cap.
/// One pass, no per-character buffer: this runs on every keystroke in a
/// skill, and agent-style descriptions run to thousands of characters.
fn show(pieces: &[Piece]) -> (String, Option<Cut>) {
    let cap = skill_catalog().limits.listing_cap;
    let mut shown = Shown::new(cap.saturating_sub(1));
    for piece in pieces {
        let mut in_run = false;
        let text = piece.text.as_str();
        // Byte offset and character index in the piece.
        let (mut at, mut i) = (0, 0);
        while let Some(c) = text[at..].chars().next() {
            let from = piece.from.map(|(f, skip)| (f, skip + i));
            // Plain ASCII, one unit a character, goes in whole runs.
            let run = text.as_bytes()[at..]
                .iter()
                .take_while(|&&b| b.is_ascii() && !matches!(b, b'\n' | b'\r' | b'\t' | b'<' | b'>'))
                .count();
            if run > 0 {
                shown.push_ascii(&text[at..at + run], from);
                in_run = false;
                at += run;
                i += run;
                continue;
            }
            at += c.len_utf8();
            i += 1;
            shown.push_shown(c, from, &mut in_run);
        }
    }
    shown.finish(cap)
}

/// The shown text as it is built: every UTF-16 unit counted, characters
/// kept only while they fit before the cut.
struct Shown {
    text: String,
    units: usize,
    keep: usize,
    /// The first character past `keep` units, with the field character it
    /// stands for. Within the cap it is the last character (one unit more
    /// at most), so it is put back.
    held: Option<(char, Option<(&'static str, usize)>)>,
}

impl Shown {
    fn new(keep: usize) -> Self {
        Shown {
            text: String::new(),
            units: 0,
            keep,
            held: None,
        }
    }

    /// One character of a piece as the listing shows it: a run of breaks
    /// and tabs (`in_run` carries it) as one space, `<>` escaped.
    fn push_shown(&mut self, c: char, from: Option<(&'static str, usize)>, in_run: &mut bool) {
        if matches!(c, '\n' | '\r' | '\t') {
            if !*in_run {
                self.push(' ', from);
            }
            *in_run = true;
            return;
        }
        *in_run = false;
        match c {
            '<' => "&lt;".chars().for_each(|e| self.push(e, from)),
            '>' => "&gt;".chars().for_each(|e| self.push(e, from)),
            c => self.push(c, from),
        }
    }

    fn push(&mut self, c: char, from: Option<(&'static str, usize)>) {
        let n = c.len_utf16();
        if self.held.is_none() {
            if self.units + n > self.keep {
                self.held = Some((c, from));
            } else {
                self.text.push(c);
            }
        }
        self.units += n;
    }

    /// [`Shown::push`] of each character of `run`, ASCII: `from` is the
    /// first one's.
    fn push_ascii(&mut self, run: &str, from: Option<(&'static str, usize)>) {
        if self.held.is_none() {
            // Nothing held: every unit so far fits in `keep`.
            let room = self.keep.saturating_sub(self.units);
            match run.as_bytes().get(room) {
                None => self.text.push_str(run),
                Some(&b) => {
                    self.text.push_str(&run[..room]);
                    self.held = Some((b as char, from.map(|(f, k)| (f, k + room))));
                }
            }
        }
        self.units += run.len();
    }

    /// Within `cap` units the whole text; past it, cut with `…`.
    fn finish(mut self, cap: usize) -> (String, Option<Cut>) {
        if self.units <= cap {
            if let Some((c, _)) = self.held {
                self.text.push(c);
            }
            return (self.text, None);
        }
        self.text.push('…');
        let at = self.held.and_then(|(_, from)| from);
        let total = self.units;
        (self.text, Some(Cut { total, at }))
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` within `units` UTF-16 units, and how many
/// characters it has.
fn take_units(s: &str, units: usize) -> (String, usize) {
    let mut used = 0;
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if used + c.len_utf16() > units {
            break;
        }
        used += c.len_utf16();
        out.push(c);
        n += 1;
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(text: &str) -> (String, Option<Cut>) {
        show(&[Piece {
            text: text.to_string(),
            from: Some(("description", 0)),
        }])
    }

    #[test]
    fn a_pair_that_would_straddle_the_cut_is_cut_whole() {
        let cap = skill_catalog().limits.listing_cap;
        // 1,534 units, then an emoji (2 units) that ends exactly at the cap.
        let whole = format!("{}😀", "a".repeat(cap - 2));
        assert_eq!(described(&whole), (whole.clone(), None));
        // One unit more: the emoji no longer fits before the `…`.
        let over = format!("{}😀", "a".repeat(cap - 1));
        let (text, cut) = described(&over);
        assert_eq!(text, format!("{}…", "a".repeat(cap - 1)));
        let cut = cut.expect("cut");
        assert_eq!(
            (cut.total, cut.at),
            (cap + 1, Some(("description", cap - 1)))
        );
    }

    /// [`show`] one character at a time, as first written.
    fn show_each(pieces: &[Piece]) -> (String, Option<Cut>) {
        let cap = skill_catalog().limits.listing_cap;
        let mut shown = Shown::new(cap.saturating_sub(1));
        for piece in pieces {
            let mut in_run = false;
            for (i, c) in piece.text.chars().enumerate() {
                let from = piece.from.map(|(f, skip)| (f, skip + i));
                shown.push_shown(c, from, &mut in_run);
            }
        }
        shown.finish(cap)
    }

    #[test]
    fn runs_of_ascii_show_as_each_character_would() {
        let cap = skill_catalog().limits.listing_cap;
        let bits = ["a", "word ", "<", ">", "\n", "\r\n", "\t", "é", "😀", "- "];
        let mut next = crate::testing::xorshift(0x5851_f42d_4c95_7f2d);
        for _ in 0..600 {
            let mut pieces = Vec::new();
            for p in 0..1 + next() % 3 {
                // Around the cap, so cuts fall in runs, escapes and pairs.
                let target = (next() as usize) % (cap + 40);
                let mut text = "x".repeat(target.saturating_sub(60));
                while text.len() < target {
                    text.push_str(bits[(next() % bits.len() as u64) as usize]);
                }
                let from = (p != 1).then_some(("description", (next() % 3) as usize));
                pieces.push(Piece { text, from });
            }
            let (a, b) = (show(&pieces), show_each(&pieces));
            assert_eq!(a.0, b.0);
            assert_eq!(a.1.map(|c| (c.total, c.at)), b.1.map(|c| (c.total, c.at)));
        }
    }

    #[test]
    fn escapes_count_as_shown() {
        let cap = skill_catalog().limits.listing_cap;
        // `<` shows as four characters, each counted: a cut can fall
        // inside the escape.
        let text = format!("{}<", "a".repeat(cap - 4));
        let (shown, cut) = described(&text);
        assert_eq!(shown, format!("{}&lt;", "a".repeat(cap - 4)));
        assert!(cut.is_none());
        let text = format!("{}<", "a".repeat(cap - 3));
        let (shown, cut) = described(&text);
        assert_eq!(shown, format!("{}&l…", "a".repeat(cap - 3)));
        assert_eq!(cut.map(|c| c.at), Some(Some(("description", cap - 3))));
    }
}
