//! The five seed agents: all load in Claude Code 2.1.330, so none may show an
//! error; each known problem is reported on exactly its characters.

mod common;

use agentls_core::{Severity, Verdict};
use common::{check, render};

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/seeds/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("seed fixture")
}

const SEEDS: [&str; 5] = [
    "000_6cb43e73f3232d70",
    "001_fd76292242161fe4",
    "002_d6d2beda54fc43c0",
    "003_03229a3180e98b31",
    "004_7c585ab8ecbd29be",
];

#[test]
fn no_seed_shows_an_error() {
    for name in SEEDS {
        let text = seed(name);
        let a = check(name, &text);
        assert_ne!(a.verdict, Verdict::DoesNotLoad, "{name}");
        let errors: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// The code and exact token of every diagnostic of one seed.
fn tokens(name: &str) -> Vec<(&'static str, String)> {
    let text = seed(name);
    check(name, &text)
        .diagnostics
        .iter()
        .map(|d| (d.code, text[d.range.clone()].to_string()))
        .collect()
}

#[test]
fn wizard_descriptions_warn_that_strict_yaml_rejects_them() {
    for name in [
        "000_6cb43e73f3232d70",
        "001_fd76292242161fe4",
        "004_7c585ab8ecbd29be",
    ] {
        let text = seed(name);
        let t = tokens(name);
        let rescued: Vec<_> = t.iter().filter(|(c, _)| *c == "AG011").collect();
        assert_eq!(rescued.len(), 1, "{name}: {t:?}");
        let line = text
            .lines()
            .find(|l| l.starts_with("description: "))
            .unwrap();
        assert_eq!(
            rescued[0].1,
            line["description: ".len()..],
            "{name}: on the whole value"
        );
    }
}

#[test]
fn legacy_tools_are_flagged_on_their_tokens() {
    for name in [
        "000_6cb43e73f3232d70",
        "001_fd76292242161fe4",
        "003_03229a3180e98b31",
    ] {
        assert!(
            tokens(name).contains(&("AG031", "MultiEdit".into())),
            "{name}"
        );
    }
    let t = tokens("003_03229a3180e98b31");
    assert!(t.contains(&("AG031", "LS".into())), "{t:?}");
    assert!(t.contains(&("AG032", "Task".into())), "{t:?}");
}

#[test]
fn unknown_keys_are_warned_on_the_key() {
    let t = tokens("003_03229a3180e98b31");
    assert!(t.contains(&("AG015", "aml_enabled".into())), "{t:?}");
    assert!(t.contains(&("AG015", "aml_config".into())), "{t:?}");
}

#[test]
fn display_name_and_each_mojibake_run_are_flagged() {
    let t = tokens("002_d6d2beda54fc43c0");
    assert!(t.contains(&("AG023", "Backend Architect".into())), "{t:?}");
    let text = seed("002_d6d2beda54fc43c0");
    let runs = text.matches("ðŸ").count();
    let flagged = t
        .iter()
        .filter(|(c, s)| *c == "AG051" && s.starts_with("ðŸ"))
        .count();
    assert_eq!(flagged, runs, "{t:?}");
}

#[test]
fn seed_snapshots() {
    for name in SEEDS {
        let text = seed(name);
        insta::assert_snapshot!(name, render(&text, &check(name, &text)));
    }
}
