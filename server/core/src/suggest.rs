//! "Did you mean" suggestions.

/// The candidate closest to `word`: an exact case-insensitive match first,
/// then the smallest edit distance within a third of the word's length.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_lower = c.to_lowercase();
        if c_lower == lower {
            return Some(c);
        }
        // The distance is at least the difference in length: past the
        // limit it cannot win, and need not be computed.
        if c_lower.chars().count().abs_diff(length) > limit {
            continue;
        }
        let d = distance(&lower, &c_lower);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// The key someone writing `key` most likely meant: a known misspelling
/// from the catalog first, then the closest documented key.
pub fn key(key: &str) -> Option<&'static str> {
    let cat = crate::catalog::catalog();
    cat.key_hints.get(key).map(String::as_str).or_else(|| {
        closest(
            key,
            cat.fields
                .iter()
                .filter(|f| !f.undocumented)
                .map(|f| f.name.as_str()),
        )
    })
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 8 {
        return a.len().max(b.len());
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let tools = ["Read", "Write", "Edit", "Grep", "Glob", "WebFetch"];
        assert_eq!(closest("read", tools), Some("Read"));
        assert_eq!(closest("Wirte", tools), Some("Write"));
        assert_eq!(closest("WebFecth", tools), Some("WebFetch"));
        assert_eq!(closest("Frobnicate", tools), None);
    }
}
