//! Markdown helpers for the cards.

/// Inline code that survives backticks in the content.
pub(super) fn code(s: &str) -> String {
    let run = longest_backtick_run(s);
    if run == 0 {
        return format!("`{s}`");
    }
    let fence = "`".repeat(run + 1);
    format!("{fence} {s} {fence}")
}

/// Plain text with markdown punctuation escaped.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn clip(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A meaning phrase as a sentence: capital first letter, final period.
pub(super) fn sentence(s: &str) -> String {
    let mut out = capitalised(s);
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

pub(super) fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_survives_backticks() {
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
