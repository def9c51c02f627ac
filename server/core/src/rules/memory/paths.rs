//! The globs of `paths` (rules, CLAUDE.md): a pattern that can match no
//! file (AG121), and a `paths` with no pattern at all (AG124).

use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::{Node, Scalar};

pub fn check(fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let Some(e) = fm.get("paths") else { return };
    match &e.value {
        Node::Seq { items, range } => {
            if items.is_empty() {
                out.push(diag(
                    codes::PATHS_EMPTY,
                    range.clone(),
                    "`paths` is an empty list: it names no file this is for. List the globs \
                     (e.g. `- \"src/**/*.ts\"`), or remove `paths` to load it in every session."
                        .into(),
                ));
            }
            for s in items.iter().filter_map(Node::as_scalar) {
                pattern(s, out);
            }
        }
        Node::Scalar(s) if e.value.as_str().is_some() => pattern(s, out),
        _ => {}
    }
}

fn pattern(s: &Scalar, out: &mut Vec<Diagnostic>) {
    if s.kind != crate::parse::yaml::ScalarKind::Str {
        return;
    }
    if let Some(why) = problem(&s.text) {
        out.push(diag(
            codes::PATHS_GLOB_INVALID,
            s.range.clone(),
            format!("{why}: Claude Code does not load this for the files meant. Fix the pattern."),
        ));
    }
}

/// Why the glob `g` matches no file path, if it does not.
pub(crate) fn problem(g: &str) -> Option<String> {
    if g.trim().is_empty() {
        return Some("An empty pattern matches no file".into());
    }
    let (mut brackets, mut braces) = (None::<usize>, Vec::new());
    let mut chars = g.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if brackets.is_none() => brackets = Some(i),
            ']' => brackets = None,
            '{' if brackets.is_none() => braces.push(i),
            '}' if brackets.is_none() => {
                braces.pop();
            }
            _ => {}
        }
    }
    if brackets.is_some() {
        return Some(format!(
            "`{g}` opens a `[` character class it never closes, so the `[` is a literal \
             character (only a path spelled with it matches)"
        ));
    }
    if !braces.is_empty() {
        return Some(format!(
            "`{g}` opens a `{{` alternative it never closes, so the `{{` is a literal \
             character (only a path spelled with it matches)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn patterns_that_match_nothing() {
        for ok in ["src/**/*.ts", "**/*.{ts,tsx}", "a/[abc].md", "x\\[.md", "*"] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in ["", "  ", "src/[ab.ts", "**/*.{ts,tsx"] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
