//! The body (system prompt) and text-level problems anywhere in the file.

use std::ops::Range;

use crate::codes;
use crate::codes::diag;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::replace;

/// Checks on the body and on the whole text; `description` is the loaded
/// description's source range, for its `<example>` tags.
pub fn check(
    text: &str,
    body: Range<usize>,
    close_fence: Range<usize>,
    description: Option<Range<usize>>,
    out: &mut Vec<Diagnostic>,
) {
    if text[body].trim().is_empty() {
        out.push(diag(
            codes::BODY_EMPTY,
            close_fence,
            "The body below the front matter is the agent's system prompt, and it is empty: \
             the agent starts with no instructions. Write what it should do."
                .into(),
        ));
    }
    if let Some(range) = description {
        example_tags(text, range, out);
    }
    mojibake(text, out);
}

/// `<example>` / `<commentary>` opened and not closed, or closed and not opened.
fn example_tags(text: &str, range: Range<usize>, out: &mut Vec<Diagnostic>) {
    let src = &text[range.clone()];
    for tag in ["example", "commentary"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let mut stack: Vec<usize> = Vec::new();
        let mut i = 0;
        while let Some(pos) = src[i..].find('<') {
            let at = i + pos;
            if src[at..].starts_with(&open) {
                stack.push(at);
                i = at + open.len();
            } else if src[at..].starts_with(&close) {
                if stack.pop().is_none() {
                    let start = range.start + at;
                    out.push(diag(
                        codes::EXAMPLE_TAGS,
                        start..start + close.len(),
                        format!("`{close}` closes no `{open}`: the model sees a broken example. Remove it or add the opening tag."),
                    ));
                }
                i = at + close.len();
            } else {
                i = at + 1;
            }
        }
        for at in stack {
            let start = range.start + at;
            out.push(diag(
                codes::EXAMPLE_TAGS,
                start..start + open.len(),
                format!(
                    "`{open}` is never closed: the model sees a broken example. Add `{close}`."
                ),
            ));
        }
    }
}

/// Windows-1252's mapping of bytes 0x80..=0x9F (0 where the code page has none:
/// those bytes come through as the C1 control of the same number).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// The byte a char stood for when UTF-8 was decoded as Windows-1252.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&v| u32::from(v) == u)
        .map(|i| 0x80 + i as u8)
}

/// Runs of text that are UTF-8 read as Windows-1252 (`ðŸ§ `, `â€”`, `Ã©`),
/// each with its repair when the bytes decode.
pub(super) fn mojibake(text: &str, out: &mut Vec<Diagnostic>) {
    // Every lead character (U+00C2..=U+00F4) is encoded with a 0xC3 byte:
    // without one there is nothing to find, and most files have none.
    if memchr::memchr(0xC3, text.as_bytes()).is_none() {
        return;
    }
    let first = out.len();
    mojibake_runs(text, out);
    repair_all(&mut out[first..]);
}

const MAX_REPAIR_ALL_COPIES: usize = 64;

/// With two or more repairable runs, each also offers repairing them all at
/// once (not preferred: fix-all already applies every single repair).
fn repair_all(found: &mut [Diagnostic]) {
    let edits: Vec<_> = found
        .iter()
        .filter_map(|d| d.fixes.first())
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    if edits.len() < 2 {
        return;
    }
    // Each copy carries every edit: past a few dozen runs that is quadratic
    // (and ships in every diagnostic's `data`), so only the first carries it.
    let carriers = if edits.len() <= MAX_REPAIR_ALL_COPIES {
        usize::MAX
    } else {
        1
    };
    for d in found
        .iter_mut()
        .filter(|d| !d.fixes.is_empty())
        .take(carriers)
    {
        d.fixes.push(crate::Fix {
            title: "Repair all garbled text in this file".into(),
            edits: edits.clone(),
            preferred: false,
        });
    }
}

fn mojibake_runs(text: &str, out: &mut Vec<Diagnostic>) {
    let mut run: Option<(usize, usize, Vec<u8>, bool)> = None; // start, end, bytes, complete
    let flush = |run: &mut Option<(usize, usize, Vec<u8>, bool)>, out: &mut Vec<Diagnostic>| {
        if let Some((start, end, bytes, complete)) = run.take() {
            let fixed = complete.then(|| String::from_utf8(bytes).ok()).flatten();
            // One pair alone that would read as a non-Latin letter is more
            // often real text: `1×–2` (times, dash) is not a garbled `ז`.
            // Garbled Greek, Cyrillic or Hebrew words come as longer runs.
            if let Some(f) = &fixed
                && f.len() == 2
                && f.chars().next().is_some_and(|c| c as u32 >= 0x370)
            {
                return;
            }
            let mut d = diag(
                codes::MOJIBAKE,
                start..end,
                match &fixed {
                    Some(f) => format!(
                        "`{}` is garbled UTF-8 (it was read as Windows-1252 once); it should read `{f}`. The model sees the garbled text.",
                        &text[start..end]
                    ),
                    None => format!(
                        "`{}` is garbled UTF-8 (it was read as Windows-1252 once, and some bytes were lost). Retype the character.",
                        &text[start..end]
                    ),
                },
            );
            if let Some(f) = fixed {
                d = d.with_fix(format!("Replace with `{f}`"), replace(start..end, f), true);
            }
            out.push(d);
        }
    };
    // Jump from one 0xC3 byte to the next: every lead character is encoded
    // with one, so the text between them needs no look at all.
    let raw = text.as_bytes();
    let mut pos = 0;
    while let Some(found) = memchr::memchr(0xC3, &raw[pos..]) {
        let i = pos + found;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        pos = i + c.len_utf8();
        let lead = c as u32;
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need == 0 {
            continue;
        }
        let mut bytes = vec![lead as u8];
        let mut end = pos;
        for (j, n) in text[pos..].char_indices() {
            if bytes.len() > need {
                break;
            }
            match cp1252_byte(n) {
                Some(b) if (0x80..=0xBF).contains(&b) => {
                    bytes.push(b);
                    end = pos + j + n.len_utf8();
                }
                _ => break,
            }
        }
        let continuation = bytes.len() - 1;
        // A lone `Â`/`Ã` plus one symbol is common in real text only when
        // the pair decodes; demand the full sequence there, and at least two
        // matching bytes for longer ones (a lost last byte is still mojibake).
        let complete = continuation == need;
        let plausible = complete || (need >= 2 && continuation >= 2);
        if !plausible || (complete && std::str::from_utf8(&bytes).is_err()) {
            continue;
        }
        pos = end;
        match &mut run {
            Some((_, run_end, run_bytes, run_complete)) if *run_end == i => {
                *run_end = end;
                run_bytes.extend_from_slice(&bytes);
                *run_complete &= complete;
            }
            _ => {
                flush(&mut run, out);
                run = Some((i, end, bytes, complete));
            }
        }
    }
    flush(&mut run, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        mojibake(text, &mut out);
        out.into_iter()
            .map(|d| {
                let fix = d.fixes.first().map(|f| f.edits[0].new_text.clone());
                (text[d.range].to_string(), fix)
            })
            .collect()
    }

    #[test]
    fn mojibake_runs_and_repairs() {
        assert_eq!(
            found("## ðŸ§\u{a0} Identity"),
            [("ðŸ§\u{a0}".to_string(), Some("🧠".to_string()))]
        );
        assert_eq!(
            found("10â†’30"),
            [("â†’".to_string(), Some("→".to_string()))]
        );
        assert_eq!(
            found("cafÃ© â€” ok"),
            [
                ("Ã©".to_string(), Some("é".to_string())),
                ("â€”".to_string(), Some("—".to_string()))
            ]
        );
        assert_eq!(found("## ðŸ’ Style"), [("ðŸ’".to_string(), None)]);
    }

    #[test]
    fn real_text_is_not_mojibake() {
        assert!(found("café, naïve, Ärger, señor, 🧠 → — ©").is_empty());
        // A times sign before a dash would decode to one Hebrew letter.
        assert!(found("uses ~1×–1.35× as many, 2×— more").is_empty());
    }

    #[test]
    fn garbled_words_of_other_scripts_are_still_found() {
        assert_eq!(
            found("Ð´Ð° and Ã©"),
            [
                ("Ð´Ð°".to_string(), Some("да".to_string())),
                ("Ã©".to_string(), Some("é".to_string()))
            ]
        );
    }

    #[test]
    fn example_tags_balance() {
        let text = "<example>a</example><example>b <commentary>c</commentary>";
        let mut out = Vec::new();
        example_tags(text, 0..text.len(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].range.clone()], "<example>");
        assert_eq!(out[0].range.start, 20);
    }
}
