//! Small text helpers shared by the request features.

use std::ops::Range;

/// The run of characters satisfying `is_word` around `offset` (empty at
/// `offset` when there is none). `offset` must be a char boundary.
pub(crate) fn word_around(
    text: &str,
    offset: usize,
    is_word: impl Fn(char) -> bool,
) -> Range<usize> {
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_an_offset() {
        let w = |c: char| c.is_alphanumeric() || c == '-';
        let t = "use the code-reviewer agent";
        assert_eq!(&t[word_around(t, 10, w)], "code-reviewer");
        assert_eq!(&t[word_around(t, 8, w)], "code-reviewer");
        assert_eq!(word_around(t, 3, |c| c == '!'), 3..3);
        assert_eq!(&t[word_around(t, t.len(), w)], "agent");
    }
}
