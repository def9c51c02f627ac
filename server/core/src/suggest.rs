//! "Did you mean" suggestions.
//!
//! Runs for every unknown key, tool or value on every keystroke, so the
//! common case (ASCII word, ASCII candidates) allocates nothing: letters
//! are compared case-insensitively in place and the distance stops as soon
//! as it cannot beat the best candidate so far. Anything non-ASCII takes
//! the general path, whose lowercasing Unicode defines.

/// The candidate closest to `word`: an exact case-insensitive match first,
/// then the smallest edit distance within a third of the word's length
/// (the first such candidate on a tie).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    // Lowered once, and only when a candidate needs the general path.
    let mut lower: Option<String> = None;
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // A candidate can only win with a distance below the best so far,
        // and only counts within the limit: past that bound it is skipped.
        let bound = match best {
            None => limit,
            Some((0, _)) => break,
            Some((bd, _)) => (bd - 1).min(limit),
        };
        let d = if word.is_ascii() && c.is_ascii() {
            if c.eq_ignore_ascii_case(word) {
                return Some(c);
            }
            ascii_within(word.as_bytes(), c.as_bytes(), bound)
        } else {
            let lower = lower.get_or_insert_with(|| word.to_lowercase());
            let c_lower = c.to_lowercase();
            if c_lower == *lower {
                return Some(c);
            }
            let length = lower.chars().count();
            // The distance is at least the difference in length.
            if c_lower.chars().count().abs_diff(length) > bound {
                continue;
            }
            Some(distance(lower, &c_lower)).filter(|&d| d <= bound)
        };
        if let Some(d) = d {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
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
/// Strings whose lengths differ by more than 8 are taken to be as far
/// apart as the longer one is long.
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

/// Rows kept on the stack: candidates up to this many bytes long.
const STACK: usize = 32;

/// [`distance`] between two ASCII strings compared without case, when it
/// is at most `bound`; `None` otherwise. Three rows instead of a matrix,
/// and no allocation for candidates up to [`STACK`] bytes.
fn ascii_within(a: &[u8], b: &[u8], bound: usize) -> Option<usize> {
    let diff = a.len().abs_diff(b.len());
    if diff > 8 {
        // As `distance` counts it.
        return Some(a.len().max(b.len())).filter(|&d| d <= bound);
    }
    // Every edit changes the length by at most one.
    if diff > bound {
        return None;
    }
    let w = b.len() + 1;
    if w <= STACK {
        let mut rows = [0usize; 3 * STACK];
        osa_band(a, b, bound, &mut rows[..3 * w])
    } else {
        osa_band(a, b, bound, &mut vec![0; 3 * w])
    }
}

/// Beyond any bound: a cell outside the band.
const FAR: usize = usize::MAX / 2;

/// The dynamic programme of [`distance`] over rolling rows (`rows` holds
/// three of `b.len() + 1` cells), within `bound` only:
/// - a cell `d[i][j]` is at least `|i - j|`, so only the band of cells
///   with `|i - j| <= bound` is computed, the cells next to it taken as
///   [`FAR`]: every cell within the bound is exact, the others are over it;
/// - once a whole row is over `bound` the answer is too (no row has a
///   smaller minimum than the one above: a swap's `d[i-2][j-2] + 1` is
///   never less than `d[i-1][j-1]`).
fn osa_band(a: &[u8], b: &[u8], bound: usize, rows: &mut [usize]) -> Option<usize> {
    let w = b.len() + 1;
    let (two_up, rest) = rows.split_at_mut(w);
    let (up, row) = rest.split_at_mut(w);
    let (mut two_up, mut up, mut row) = (two_up, up, row);
    for (j, cell) in up.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let ai = a[i - 1].to_ascii_lowercase();
        let lo = i.saturating_sub(bound).max(1);
        let hi = (i + bound).min(w - 1);
        row[0] = i;
        if lo > 1 {
            row[lo - 1] = FAR;
        }
        let mut least = i;
        for j in lo..=hi {
            let bj = b[j - 1].to_ascii_lowercase();
            let cost = usize::from(ai != bj);
            let mut v = (up[j] + 1).min(row[j - 1] + 1).min(up[j - 1] + cost);
            if i > 1
                && j > 1
                && ai == b[j - 2].to_ascii_lowercase()
                && a[i - 2].to_ascii_lowercase() == bj
            {
                v = v.min(two_up[j - 2] + 1);
            }
            row[j] = v;
            least = least.min(v);
        }
        if hi + 1 < w {
            // Read as the cell above by the next row's band.
            row[hi + 1] = FAR;
        }
        if least > bound {
            return None;
        }
        // Rotate: this row becomes the one above, the one above two up.
        std::mem::swap(&mut two_up, &mut up);
        std::mem::swap(&mut up, &mut row);
    }
    Some(up[w - 1]).filter(|&d| d <= bound)
}

#[cfg(test)]
mod tests;
