//! Applying fixes: one edit list to a text, and "fix all" (every preferred
//! fix, repeated until nothing changes). Shared by the LSP's
//! `source.fixAll.agentls` and `agentls check --fix`.

use std::ops::Range;
use std::path::Path;

use crate::policy::{self, Policy, suppress::Known};
use crate::{Edit, analyze_as};

/// Fix-all rounds before giving up: a fix may uncover another (a legacy tool
/// replaced by one already listed becomes a duplicate), but a pair of fixes
/// that undo each other must not loop forever.
pub const MAX_ROUNDS: usize = 10;

/// Two edits conflict when their ranges overlap, or when both start at the
/// same offset (two insertions there have no defined order).
fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start == b.start || (a.start < b.end && b.start < a.end)
}

/// `text` with `edits` applied (byte ranges of `text`). Edits are taken in
/// order of position; one that conflicts with an earlier-accepted edit, or
/// whose range is not on char boundaries of `text`, is dropped.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    // Stable: among equal starts the first given wins.
    sorted.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut prev: Option<&Range<usize>> = None;
    for e in sorted {
        let r = &e.range;
        let valid = r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        if !valid || r.start < last || prev.is_some_and(|p| conflicts(p, r)) {
            continue;
        }
        out.push_str(&text[last..r.start]);
        out.push_str(&e.new_text);
        last = r.end;
        prev = Some(r);
    }
    out.push_str(&text[last..]);
    out
}

/// One round: every preferred fix of the current analysis whose edits do
/// not conflict with a fix already taken (a fix is taken whole or not at
/// all). Returns the edits and how many fixes they carry.
pub fn preferred_edits(text: &str, path: Option<&Path>) -> (Vec<Edit>, usize) {
    preferred_edits_with(text, path, &Policy::default())
}

/// [`preferred_edits`] under a project's policy: a finding its comments or
/// configuration silence is not fixed, and an unused suppression of a
/// single-file code is removed (the file's own findings are all known here;
/// cross-file ones are not, so those suppressions stay).
pub fn preferred_edits_with(
    text: &str,
    path: Option<&Path>,
    policy: &Policy,
) -> (Vec<Edit>, usize) {
    // The kind the project's `[kinds]` gives the file, as `check` judges it.
    let kind = path.map_or(crate::FileKind::Other, |p| {
        crate::classify_with(p, &[&policy.kinds])
    });
    let analysis = analyze_as(text, path, kind);
    let mut diagnostics = analysis.diagnostics;
    let suppressions = analysis.suppressions.knowing(Known::Own);
    let at = path.unwrap_or(Path::new(""));
    policy::settle(policy, at, &suppressions, &mut diagnostics);
    let mut taken: Vec<Edit> = Vec::new();
    let mut fixes = 0;
    for fix in diagnostics
        .iter()
        .flat_map(|d| d.fixes.iter().filter(|f| f.preferred).take(1))
    {
        let clashes = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| conflicts(&t.range, &e.range)))
            || fix.edits.iter().enumerate().any(|(i, e)| {
                fix.edits[i + 1..]
                    .iter()
                    .any(|o| conflicts(&o.range, &e.range))
            });
        if clashes || fix.edits.is_empty() {
            continue;
        }
        taken.extend(fix.edits.iter().cloned());
        fixes += 1;
    }
    (taken, fixes)
}

/// Every preferred fix, applied round after round until the text stops
/// changing (at most [`MAX_ROUNDS`]). Returns the result and the number of
/// fixes applied over all rounds.
pub fn fix_all(text: &str, path: Option<&Path>) -> (String, usize) {
    fix_all_with(text, path, &Policy::default())
}

/// [`fix_all`] under a project's policy (see [`preferred_edits_with`]).
pub fn fix_all_with(text: &str, path: Option<&Path>, policy: &Policy) -> (String, usize) {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let (edits, fixes) = preferred_edits_with(&current, path, policy);
        if fixes == 0 {
            break;
        }
        let next = apply_edits(&current, &edits);
        if next == current {
            break;
        }
        applied += fixes;
        current = next;
    }
    (current, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, new_text: &str) -> Edit {
        Edit {
            range,
            new_text: new_text.into(),
        }
    }

    #[test]
    fn edits_apply_in_position_order_and_overlaps_are_dropped() {
        let text = "abcdef";
        let out = apply_edits(
            text,
            &[
                edit(4..5, "E"),
                edit(0..2, "AB"),
                edit(1..3, "x"),
                edit(6..6, "!"),
            ],
        );
        assert_eq!(out, "ABcdEf!");
        // Two insertions at one point: the first given wins.
        assert_eq!(
            apply_edits("ab", &[edit(1..1, "1"), edit(1..1, "2")]),
            "a1b"
        );
    }

    #[test]
    fn bad_ranges_are_ignored_not_panics() {
        let text = "é";
        assert_eq!(apply_edits(text, &[edit(1..2, "x")]), "é");
        assert_eq!(apply_edits(text, &[edit(0..9, "x")]), "é");
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = edit(2..1, "x");
        assert_eq!(apply_edits(text, &[backwards]), "é");
    }
}
