//! Suppression comments (`tests/fixtures/suppress/`): each snapshot lists
//! the findings left once the file's `agentls-ignore` comments are applied
//! (with the unused-suppression hints and their fixes), then the "ignore"
//! fixes offered for each finding left, with the text they insert where.

mod common;

use agentls_core::fix::apply_edits;
use agentls_core::policy::suppress::ignore_fixes;
use agentls_core::{Analysis, Verdict};
use common::{check, render};

fn fixtures() -> Vec<(String, String)> {
    common::fixtures("suppress", "md", 10)
}

/// The analysis with its findings settled by its comments.
fn settled(name: &str, text: &str) -> Analysis {
    let mut a = check(name, text);
    let mut diags = std::mem::take(&mut a.diagnostics);
    a.suppressions.apply(&mut diags);
    diags.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    a.diagnostics = diags;
    a
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

#[test]
fn suppression_fixtures() {
    for (name, text) in fixtures() {
        let a = settled(&name, &text);
        let mut out = render(&text, &a);
        let fixes = ignore_fixes(&text, &a, &a.diagnostics);
        for (d, fixes) in a.diagnostics.iter().zip(fixes) {
            for f in fixes {
                let e = &f.edits[0];
                out.push_str(&format!(
                    "ignore {} at {}:{}: {:?}\n",
                    d.code,
                    line_of(&text, e.range.start),
                    f.title,
                    e.new_text
                ));
            }
        }
        insta::assert_snapshot!(name.clone(), out);
    }
}

/// Every offered ignore fix silences its finding, adds no unused-suppression
/// hint, and leaves the verdict and every other finding as they were.
#[test]
fn ignore_fixes_silence_exactly_their_finding() {
    for (name, text) in fixtures() {
        let a = settled(&name, &text);
        let fixes = ignore_fixes(&text, &a, &a.diagnostics);
        for (d, fixes) in a.diagnostics.iter().zip(fixes) {
            for f in fixes {
                let fixed = apply_edits(&text, &f.edits);
                let after = settled(&name, &fixed);
                assert_eq!(after.verdict, a.verdict, "{name}: {}", f.title);
                let gone = !after
                    .diagnostics
                    .iter()
                    .any(|x| x.code == d.code && x.range == d.range);
                assert!(
                    gone,
                    "{name}: {} did not silence {}:\n{fixed}",
                    f.title, d.code
                );
                // Other codes are untouched; no hint is added (adding a code
                // to a bare comment ends its hint).
                let tally = |a: &Analysis| {
                    let mut t: Vec<_> = a
                        .diagnostics
                        .iter()
                        .filter(|x| x.code != d.code && x.code != "AG090")
                        .map(|x| x.code)
                        .collect();
                    t.sort_unstable();
                    (
                        t,
                        a.diagnostics.iter().filter(|x| x.code == "AG090").count(),
                    )
                };
                let ((others_after, hints_after), (others, hints)) = (tally(&after), tally(&a));
                assert!(
                    others_after == others && hints_after <= hints,
                    "{name}: {} changed other findings:\n{fixed}",
                    f.title
                );
            }
        }
    }
}

/// A suppressed error does not make a file load: the verdict is Claude
/// Code's, whatever is shown.
#[test]
fn a_suppressed_error_keeps_the_verdict() {
    let text = "---\n# agentls-ignore-file: AG020\ndescription: Reviews code.\n---\nBody.\n";
    let a = settled("x", text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(a.verdict, Verdict::DoesNotLoad);
}

/// Every suppression code is shown by some fixture.
#[test]
fn every_suppression_code_has_a_fixture() {
    let seen: Vec<&str> = fixtures()
        .iter()
        .flat_map(|(n, t)| settled(n, t).diagnostics.into_iter().map(|d| d.code))
        .collect();
    for info in agentls_core::codes::SUPPRESSION {
        assert!(seen.contains(&info.code), "{} has no fixture", info.code);
    }
}
