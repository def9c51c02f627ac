use super::*;

/// `closest` as it was first written: lowercase everything, full matrix
/// for every candidate. The fast path must give the same answer.
fn reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for &c in candidates {
        let c_lower = c.to_lowercase();
        if c_lower == lower {
            return Some(c);
        }
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

/// A small deterministic generator (xorshift): the same cases every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self, alphabet: &[char], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }

    /// `word` after a few typos: swaps, insertions, deletions, changes
    /// of letter or of case.
    fn typo(&mut self, word: &str, alphabet: &[char]) -> String {
        let mut chars: Vec<char> = word.chars().collect();
        for _ in 0..self.below(4) {
            let at = self.below(chars.len() + 1);
            match self.below(5) {
                0 if at + 1 < chars.len() => chars.swap(at, at + 1),
                1 => chars.insert(at, alphabet[self.below(alphabet.len())]),
                2 if at < chars.len() => {
                    chars.remove(at);
                }
                3 if at < chars.len() => chars[at] = alphabet[self.below(alphabet.len())],
                _ if at < chars.len() => chars[at] = chars[at].to_ascii_uppercase(),
                _ => {}
            }
        }
        chars.into_iter().collect()
    }
}

const ASCII: &[char] = &['a', 'b', 'c', 'd', 'e', 'A', 'B', '-', '_', 'x'];
const MIXED: &[char] = &['a', 'b', 'é', 'É', 'ß', 'K', '\u{212A}', 'Σ', 'σ', 'İ', 'i'];

fn same_as_reference(alphabet: &[char], seed: u64, cases: usize, max_len: usize) {
    let mut rng = Rng(seed);
    for _ in 0..cases {
        let pool: Vec<String> = (0..1 + rng.below(8))
            .map(|_| {
                let len = rng.below(max_len + 1);
                rng.word(alphabet, len)
            })
            .collect();
        let candidates: Vec<&str> = pool.iter().map(String::as_str).collect();
        let word = if rng.below(4) == 0 {
            let len = rng.below(max_len + 1);
            rng.word(alphabet, len)
        } else {
            let from = candidates[rng.below(candidates.len())];
            rng.typo(from, alphabet)
        };
        assert_eq!(
            closest(&word, candidates.iter().copied()),
            reference(&word, &candidates),
            "closest({word:?}, {candidates:?})"
        );
    }
}

#[test]
fn suggestions() {
    let tools = ["Read", "Write", "Edit", "Grep", "Glob", "WebFetch"];
    assert_eq!(closest("read", tools), Some("Read"));
    assert_eq!(closest("Wirte", tools), Some("Write"));
    assert_eq!(closest("WebFecth", tools), Some("WebFetch"));
    assert_eq!(closest("Frobnicate", tools), None);
}

#[test]
fn ties_go_to_the_first_candidate() {
    assert_eq!(closest("cat", ["bat", "cut", "car"]), Some("bat"));
    assert_eq!(closest("cat", ["dog", "cut", "bat"]), Some("cut"));
}

#[test]
fn an_exact_match_wins_over_an_earlier_near_one() {
    assert_eq!(closest("model", ["mode", "MODEL"]), Some("MODEL"));
}

#[test]
fn unicode_is_lowercased_as_unicode() {
    assert_eq!(closest("ÉCRIRE", ["lire", "écrire"]), Some("écrire"));
    assert_eq!(closest("naïve", ["naive"]), Some("naive"));
    // The Kelvin sign lowercases to an ASCII `k`.
    assert_eq!(closest("kind", ["\u{212A}IND"]), Some("\u{212A}IND"));
    assert_eq!(closest("\u{212A}ind", ["KIND"]), Some("KIND"));
}

#[test]
fn adjacent_swaps_cost_one_edit() {
    assert_eq!(distance("ab", "ba"), 1);
    assert_eq!(distance("tools", "tolos"), 1);
    // Optimal string alignment: a swapped pair is not edited again.
    assert_eq!(distance("ca", "abc"), 3);
    assert_eq!(ascii_within(b"ab", b"BA", 1), Some(1));
    assert_eq!(ascii_within(b"ca", b"abc", 3), Some(3));
    assert_eq!(ascii_within(b"ca", b"abc", 2), None);
}

#[test]
fn lengths_far_apart_count_as_the_longer_length() {
    let long = "a".repeat(30);
    assert_eq!(distance("a", &long), 30);
    assert_eq!(ascii_within(b"a", long.as_bytes(), 30), Some(30));
    assert_eq!(ascii_within(b"a", long.as_bytes(), 29), None);
}

#[test]
fn the_bounded_distance_is_the_distance_within_its_bound() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let (la, lb) = (rng.below(12), rng.below(12));
        let a = rng.word(ASCII, la);
        let b = if rng.below(2) == 0 {
            rng.typo(&a, ASCII)
        } else {
            rng.word(ASCII, lb)
        };
        let d = distance(&a.to_lowercase(), &b.to_lowercase());
        for bound in 0..=d + 2 {
            let want = (d <= bound).then_some(d);
            assert_eq!(
                ascii_within(a.as_bytes(), b.as_bytes(), bound),
                want,
                "{a:?} {b:?} within {bound}"
            );
        }
    }
}

#[test]
fn the_fast_path_agrees_with_the_reference_on_ascii() {
    same_as_reference(ASCII, 1, 4000, 12);
}

#[test]
fn the_fast_path_agrees_with_the_reference_past_the_stack_rows() {
    // Candidates longer than the rows kept on the stack.
    same_as_reference(ASCII, 2, 400, 3 * STACK);
}

#[test]
fn the_general_path_agrees_with_the_reference_on_unicode() {
    same_as_reference(MIXED, 3, 4000, 8);
}
