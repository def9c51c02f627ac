//! One fixture per rule in `fixtures/diagnostics/`: the snapshot lists each
//! finding with its position, code, severity, the exact token it covers,
//! its message and its fixes.

mod common;

use common::{assert_every_code_shown, check, fixtures, render};

#[test]
fn diagnostic_fixtures() {
    for (name, text) in fixtures("diagnostics", "md", 20) {
        insta::assert_snapshot!(name.clone(), render(&text, &check(&name, &text)));
    }
}

/// Every code in the table is shown by at least one fixture or seed.
#[test]
fn every_code_has_a_fixture() {
    let files = fixtures("diagnostics", "md", 20)
        .into_iter()
        .chain(fixtures("seeds", "md", 5));
    let seen = files.flat_map(|(name, text)| check(&name, &text).diagnostics);
    assert_every_code_shown(agentls_core::codes::ALL, seen.map(|d| d.code));
}
