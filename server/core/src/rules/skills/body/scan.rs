//! The body read as Claude Code expands it: the `$` tokens (with whether
//! they are in code) and the shell commands, in one pass over the lines.

use std::ops::Range;

#[derive(Debug, PartialEq)]
pub(crate) enum Token {
    Arguments,
    /// `$ARGUMENTS[n]`.
    ArgIndex,
    /// `$n`; `price`: followed by `.5` or `,000`, more likely money.
    Index {
        n: u64,
        price: bool,
    },
    Named(String),
    /// `${NAME}`: the range of NAME.
    Brace(Range<usize>),
}

#[derive(Debug)]
pub(crate) struct Dollar {
    pub(crate) token: Token,
    pub(crate) range: Range<usize>,
    pub(crate) in_code: bool,
}

/// A shell command Claude Code runs while expanding the body.
#[derive(Debug)]
pub(crate) struct Shell {
    pub(crate) command: Range<usize>,
    /// What a finding points at: the whole `` !`…` ``, or the block's line.
    pub(crate) range: Range<usize>,
}

#[derive(Default, Debug)]
pub(crate) struct Scan {
    pub(crate) dollars: Vec<Dollar>,
    pub(crate) shells: Vec<Shell>,
}

pub(crate) fn scan(text: &str, body: Range<usize>) -> Scan {
    scan_lines(text, body, true)
}

/// [`scan`]; without `jump` every line is looked at, as the tests do to
/// hold the jumps to the same result.
pub(super) fn scan_lines(text: &str, body: Range<usize>, jump: bool) -> Scan {
    let mut s = Scan::default();
    // The open fence: its character, its length, whether it is ```` ```! ````.
    let mut fence: Option<(u8, usize, bool)> = None;
    let bytes = text.as_bytes();
    let mut at = body.start;
    // Line by line, each with its `\n`; but outside a ```` ```! ```` block
    // a line without a backtick, `~` or `$` holds no token and opens or
    // closes no fence: jump to the next line that has one.
    while at < body.end {
        if jump && !matches!(fence, Some((_, _, true))) {
            let Some(p) = memchr::memchr3(b'`', b'~', b'$', &bytes[at..body.end]) else {
                break;
            };
            let hit = at + p;
            at = memchr::memrchr(b'\n', &bytes[at..hit]).map_or(at, |q| at + q + 1);
        }
        let start = at;
        at = memchr::memchr(b'\n', &bytes[at..body.end]).map_or(body.end, |p| at + p + 1);
        let line = &text[start..at];
        // Byte loops: char-pattern trims cost more, line after line.
        let mut end = line.len();
        while end > 0 && matches!(line.as_bytes()[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let content = &line[..end];
        let indented = content.bytes().take_while(|&b| b == b' ').count();
        let marker = (indented <= 3)
            .then(|| fence_marker(&content[indented..]))
            .flatten();
        match (fence, marker) {
            (Some((c, n, _)), Some((mc, mn, info))) if mc == c && mn >= n && info.is_empty() => {
                fence = None;
                continue;
            }
            (None, Some((c, n, info))) => {
                fence = Some((c, n, c == b'`' && info.starts_with('!')));
                continue;
            }
            _ => {}
        }
        let line_range = start..start + content.len();
        match fence {
            Some((_, _, shell)) => {
                let command = if shell { content.trim() } else { "" };
                if !command.is_empty() && !command.starts_with('#') {
                    let lead = content.len() - content.trim_start().len();
                    let command = start + lead..start + lead + command.len();
                    s.shells.push(Shell {
                        range: command.clone(),
                        command,
                    });
                }
                dollars(text, line_range, true, &mut s.dollars);
            }
            None => prose_line(text, line_range, &mut s),
        }
    }
    s
}

/// A fence line's character, length and info string.
fn fence_marker(line: &str) -> Option<(u8, usize, &str)> {
    let c = *line.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = line.bytes().take_while(|&b| b == c).count();
    let info = line[n..].trim();
    (n >= 3 && !(c == b'`' && info.contains('`'))).then_some((c, n, info))
}

/// A line outside fences: code spans, `` !`cmd` `` and the `$` tokens.
fn prose_line(text: &str, line: Range<usize>, s: &mut Scan) {
    let bytes = text.as_bytes();
    // Most lines have neither: nothing to find.
    if memchr::memchr2(b'`', b'$', &bytes[line.clone()]).is_none() {
        return;
    }
    // The backtick runs, and for each the next run of the same length: a
    // span closes there. Found in one pass, so a line of unclosed runs
    // stays linear.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = line.start;
    while let Some(p) = memchr::memchr(b'`', &bytes[i..line.end]) {
        let open = i + p;
        let len = bytes[open..line.end]
            .iter()
            .take_while(|&&b| b == b'`')
            .count();
        runs.push((open, len));
        i = open + len;
    }
    let mut next = vec![usize::MAX; runs.len()];
    let mut last: std::collections::HashMap<usize, usize> = Default::default();
    for (k, &(_, len)) in runs.iter().enumerate().rev() {
        if let Some(j) = last.insert(len, k) {
            next[k] = j;
        }
    }
    let mut from = line.start;
    let mut k = 0;
    while k < runs.len() {
        let (open, run) = runs[k];
        let Some(&(close, _)) = runs.get(next[k]) else {
            k += 1;
            continue;
        };
        let after = open + run;
        let bang = run == 1
            && open > line.start
            && bytes[open - 1] == b'!'
            && (open - 1 == line.start || bytes[open - 2].is_ascii_whitespace());
        dollars(text, from..open - bang as usize, false, &mut s.dollars);
        dollars(text, after..close, true, &mut s.dollars);
        if bang && !text[after..close].trim().is_empty() {
            s.shells.push(Shell {
                command: after..close,
                range: open - 1..close + 1,
            });
        }
        from = close + run;
        k = next[k] + 1;
    }
    dollars(text, from..line.end, false, &mut s.dollars);
}

/// The `$` tokens of `range`.
pub(crate) fn dollars(text: &str, range: Range<usize>, in_code: bool, out: &mut Vec<Dollar>) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    while let Some(p) = memchr::memchr(b'$', &bytes[i..range.end]) {
        let at = i + p;
        i = at + 1;
        let rest = &bytes[at + 1..range.end];
        if at > range.start && bytes[at - 1] == b'\\' {
            continue;
        }
        let token = match rest.first() {
            Some(b'$') => {
                i += 1;
                continue;
            }
            Some(b'{') => {
                let Some(close) = rest.iter().take(80).position(|&b| b == b'}') else {
                    continue;
                };
                let name = &rest[1..close];
                if !name.starts_with(b"CLAUDE_")
                    || !name
                        .iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
                {
                    continue;
                }
                i = at + 2 + close;
                Token::Brace(at + 2..at + 1 + close)
            }
            Some(b) if b.is_ascii_digit() => {
                let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                i = at + 1 + n;
                let price = matches!(rest.get(n), Some(b'.' | b','))
                    && rest.get(n + 1).is_some_and(u8::is_ascii_digit);
                let n = std::str::from_utf8(&rest[..n])
                    .ok()
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(u64::MAX);
                Token::Index { n, price }
            }
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                let n = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                i = at + 1 + n;
                let word = &text[at + 1..at + 1 + n];
                if word == "ARGUMENTS" {
                    let index = rest[n..]
                        .strip_prefix(b"[")
                        .map(|r| r.iter().take_while(|b| b.is_ascii_digit()).count())
                        .filter(|&d| d > 0 && rest.get(n + 1 + d) == Some(&b']'));
                    match index {
                        Some(d) => {
                            i += d + 2;
                            Token::ArgIndex
                        }
                        None => Token::Arguments,
                    }
                } else if at > range.start && bytes[at - 1].is_ascii_alphanumeric() {
                    // `US$word`: not a placeholder anyone meant.
                    continue;
                } else {
                    Token::Named(word.to_string())
                }
            }
            _ => continue,
        };
        out.push(Dollar {
            token,
            range: at..i,
            in_code,
        });
    }
}
