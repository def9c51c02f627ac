//! One fixture per rule in `fixtures/diagnostics/`: the snapshot lists each
//! finding with its position, code, severity, the exact token it covers,
//! its message and its fixes.

mod common;

use common::{check, render};

#[test]
fn diagnostic_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "fixtures went missing");
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        insta::assert_snapshot!(name.clone(), render(&text, &check(&name, &text)));
    }
}

/// Every code in the table is shown by at least one fixture or seed.
#[test]
fn every_code_has_a_fixture() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = std::collections::BTreeSet::new();
    for sub in ["diagnostics", "seeds"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            for d in check(&name, &text).diagnostics {
                seen.insert(d.code);
            }
        }
    }
    let missing: Vec<_> = agentls_core::codes::ALL
        .iter()
        .map(|c| c.code)
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}
