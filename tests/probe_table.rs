//! Every agent row of `fixtures/claude_parse_probe_results.tsv` (what Claude
//! Code 2.1.330 really did with 44 front-matter shapes) as a specification:
//! our verdict and loaded values must match what Claude Code did.

mod common;

use agentls_core::{Analysis, Severity, Verdict};
use common::check;

/// What Claude Code did with a case.
enum Expect {
    /// Loaded; the closure checks loaded values and findings.
    Loads(fn(&Analysis)),
    /// Skipped; the code that says why.
    Skipped(&'static str),
}
use Expect::*;

const FM: &str = "---\n";

fn case(id: &str) -> (String, Expect) {
    let plain = |extra: &str| {
        format!("{FM}name: probe\ndescription: Reviews code\n{extra}---\nYou review code.\n")
    };
    let desc = |d: &str| format!("{FM}name: probe\ndescription: {d}\n---\nYou review code.\n");
    match id {
        "a01" => (
            plain("tools: Read, Grep\nmodel: sonnet\ncolor: blue\n"),
            Loads(|a| {
                assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
                assert_eq!(a.verdict, Verdict::Loads);
            }),
        ),
        "a02" => (
            desc("Use this agent for reviews. Triggers include: PRs, diffs"),
            Loads(|a| {
                assert_eq!(
                    description(a),
                    "Use this agent for reviews. Triggers include: PRs, diffs"
                );
                assert_eq!(codes(a), ["AG011"]);
            }),
        ),
        "a03" => (
            desc(
                r#"Use for reviews.\n\n<example>\nContext: a PR\nuser: "review it"\nassistant: "on it"\n</example>"#,
            ),
            Loads(|a| {
                assert_eq!(
                    description(a),
                    "Use for reviews.\n\n<example>\nContext: a PR\nuser: \"review it\"\nassistant: \"on it\"\n</example>"
                );
                assert_eq!(codes(a), ["AG011"]);
            }),
        ),
        "a04" => (
            format!(
                "{FM}name: probe\ndescription: Use this agent for reviews. Examples:\n\n<example>\nContext: a PR\nuser: \"review\"\n</example>\ncolor: blue\n---\nBody\n"
            ),
            Skipped("AG010"),
        ),
        "a05" => (
            format!(
                "{FM}name: probe\ndescription: |\n  Line one: with colon\n  Line two\n---\nBody\n"
            ),
            Loads(|a| {
                assert_eq!(description(a), "Line one: with colon\nLine two\n");
                assert!(a.diagnostics.is_empty());
            }),
        ),
        "a06" => (
            format!(
                "{FM}name: probe\ndescription:\n  Reviews code and\n  writes notes\n---\nBody\n"
            ),
            Loads(|a| {
                assert_eq!(description(a), "Reviews code and writes notes");
                assert!(a.diagnostics.is_empty());
            }),
        ),
        "a07" => (
            plain("tools:\n  - Read\n  - Grep\n"),
            Loads(|a| {
                assert_eq!(tools(a), ["Read", "Grep"]);
                assert!(a.diagnostics.is_empty());
            }),
        ),
        "a08" => (
            plain("tools: [\"Read\", \"Grep\"]\n"),
            Loads(|a| {
                assert_eq!(tools(a), ["Read", "Grep"]);
                assert!(a.diagnostics.is_empty());
            }),
        ),
        "a09" => (
            plain("color: magenta\n"),
            Loads(|a| assert_eq!(codes(a), ["AG040"])),
        ),
        "a10" => (
            plain("model: gpt-4o\n"),
            Loads(|a| {
                assert_eq!(codes(a), ["AG042"]);
                assert_eq!(a.agent.as_ref().unwrap().model.as_deref(), Some("gpt-4o"));
            }),
        ),
        "a11" => (
            plain("category: review\nversion: 2\n"),
            Loads(|a| assert_eq!(codes(a), ["AG015", "AG015"])),
        ),
        "a12" => (
            format!("{FM}name: Code Reviewer\ndescription: Reviews\n---\nBody\n"),
            Loads(|a| {
                assert_eq!(
                    a.agent.as_ref().unwrap().name.as_deref(),
                    Some("Code Reviewer")
                );
                assert_eq!(codes(a), ["AG023"]);
                assert_eq!(a.diagnostics[0].severity, Severity::Hint);
            }),
        ),
        "a13" => (format!("{FM}name: probe\n---\nBody\n"), Skipped("AG021")),
        "a14" => (
            format!("{FM}name: my:agent\ndescription: x\n---\nBody\n"),
            Skipped("AG022"),
        ),
        "a15" => (
            format!("{FM}name: -agent\ndescription: x\n---\nBody\n"),
            Skipped("AG022"),
        ),
        "a16" => (
            plain("permissionMode: yolo\n"),
            Loads(|a| assert_eq!(codes(a), ["AG041"])),
        ),
        "a17" => (desc("3000"), Skipped("AG021")),
        "a18" => (
            plain(
                "tools: LS, MultiEdit, NotebookRead, TodoWrite, KillShell, BashOutput, Task, Read\n",
            ),
            Loads(|a| {
                assert_eq!(
                    codes(a),
                    [
                        "AG031", "AG031", "AG031", "AG034", "AG032", "AG031", "AG032"
                    ]
                );
            }),
        ),
        "a19" => (
            plain("tools: Foo, Bar\n"),
            Loads(|a| {
                // Loads, but the spawn is refused: an error says it cannot work.
                assert!(codes(a).contains(&"AG030"), "{:?}", codes(a));
                assert_eq!(a.verdict, Verdict::LoadsWithLoss);
            }),
        ),
        "a20" => (
            format!(
                "{FM}name: probe\ndescription: Use this agent for reviews.\n  Examples: <example>Context: a PR</example>\n---\nBody\n"
            ),
            Skipped("AG010"),
        ),
        "a21" => (
            plain(
                "effort: extreme\nmemory: global\nisolation: container\nbackground: maybe\nmaxTurns: many\n",
            ),
            Loads(|a| {
                assert_eq!(codes(a), ["AG041"; 5]);
            }),
        ),
        "a22" => (
            "---\r\nname: probe\r\ndescription: Triggers include: PRs\r\n---\r\nBody\r\n".into(),
            Skipped("AG010"),
        ),
        "a23" => (
            format!("\u{feff}{}", plain("")),
            Loads(|a| assert!(a.diagnostics.is_empty())),
        ),
        "a24" => (
            desc("Reviews code ðŸ§  carefully"),
            Loads(|a| {
                assert_eq!(description(a), "Reviews code ðŸ§  carefully");
                assert_eq!(codes(a), ["AG051"]);
            }),
        ),
        "a25" => (
            desc("Fix issue #123 quickly"),
            Loads(|a| {
                assert_eq!(description(a), "Fix issue");
                assert_eq!(codes(a), ["AG013"]);
            }),
        ),
        "a26" => (
            desc(r#""Reviews: code, \"carefully\": always""#),
            Loads(|a| {
                assert_eq!(description(a), r#"Reviews: code, "carefully": always"#);
                assert!(a.diagnostics.is_empty());
            }),
        ),
        "b03" => (
            desc("[WIP] reviewer agent"),
            Loads(|a| {
                assert_eq!(description(a), "[WIP] reviewer agent");
                assert_eq!(codes(a), ["AG011"]);
            }),
        ),
        "b04" => (
            desc("Use when: fixing issue #12 now"),
            Loads(|a| {
                assert_eq!(description(a), "Use when: fixing issue #12 now");
                assert_eq!(codes(a), ["AG011"]);
            }),
        ),
        "b05" => (
            format!("{FM}name: yes\ndescription: x\n---\nBody\n"),
            Loads(|a| {
                assert_eq!(a.agent.as_ref().unwrap().name.as_deref(), Some("yes"));
            }),
        ),
        "b05b" => (
            format!("{FM}name: true\ndescription: x\n---\nBody\n"),
            Skipped("AG020"),
        ),
        "b06" => (
            format!("{FM}name: 123\ndescription: x\n---\nBody\n"),
            Skipped("AG020"),
        ),
        "b07" => (
            format!("{FM}Name: probe\nDescription: x\n---\nBody\n"),
            Skipped("AG020"),
        ),
        "b08" => (
            format!("{FM}name: probe\ndescription: first\ndescription: second\n---\nBody\n"),
            Loads(|a| {
                assert_eq!(description(a), "second");
                assert_eq!(codes(a), ["AG014"]);
            }),
        ),
        "b09" => (
            desc("@mention first"),
            Loads(|a| {
                assert_eq!(description(a), "@mention first");
                assert_eq!(codes(a), ["AG011"]);
            }),
        ),
        "b12" => (
            format!("{FM}name: probe\ndescription: Reviews code\nand writes notes\n---\nBody\n"),
            Skipped("AG010"),
        ),
        "b13" => (desc("ends with colon:"), Skipped("AG010")),
        "b14" => (
            desc("*Important* agent"),
            Loads(|a| assert_eq!(description(a), "*Important* agent")),
        ),
        "b15" => (desc("- dash first"), Skipped("AG010")),
        "b16" => (
            desc("{curly} agent"),
            Loads(|a| assert_eq!(description(a), "{curly} agent")),
        ),
        "b24" => (desc("\"unterminated quote"), Skipped("AG010")),
        "b26" => (
            format!("{FM}name: probe\ndescription: Reviews code\n  context: more\n---\nBody\n"),
            Skipped("AG010"),
        ),
        "c-lead" => (format!("\n{}", plain("")), Skipped("AG002")),
        "c-noclose" => (
            format!("{FM}name: probe\ndescription: x\n\nBody\n"),
            Skipped("AG003"),
        ),
        "c-dash" => (
            desc("has --- inside"),
            Loads(|a| {
                assert_eq!(description(a), "has");
                assert!(codes(a).contains(&"AG012"));
            }),
        ),
        "c-list" => (
            format!("{FM}name: probe\ndescription:\n  - one\n  - two\n---\nBody\n"),
            Skipped("AG021"),
        ),
        other => panic!("no specification for probe case {other}: add one"),
    }
}

fn codes(a: &Analysis) -> Vec<&'static str> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

fn description(a: &Analysis) -> String {
    a.agent
        .as_ref()
        .and_then(|g| g.description.clone())
        .expect("a loaded description")
}

fn tools(a: &Analysis) -> Vec<String> {
    a.agent
        .as_ref()
        .and_then(|g| g.tools.clone())
        .expect("loaded tools")
}

#[test]
fn every_probe_row_matches_claude_code() {
    let table = include_str!("fixtures/claude_parse_probe_results.tsv");
    let mut checked = 0;
    for row in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (id, claude) = (cols[0], cols[3]);
        let (text, expect) = case(id);
        let a = check(id, &text);
        let claude_loads = !claude.contains("NOT loaded")
            && !claude.contains("not loaded")
            && !claude.contains("skipped")
            && !claude.starts_with("ERROR");
        match expect {
            Loads(f) => {
                assert!(
                    claude_loads,
                    "{id}: spec says loads but the table says: {claude}"
                );
                assert!(
                    matches!(a.verdict, Verdict::Loads | Verdict::LoadsWithLoss),
                    "{id}: {:?} {:#?}",
                    a.verdict,
                    a.diagnostics
                );
                let errors: Vec<_> = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error && d.code != "AG030")
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{id}: a file that loads shows {errors:#?}"
                );
                f(&a);
            }
            Skipped(code) => {
                assert!(
                    !claude_loads,
                    "{id}: spec says skipped but the table says: {claude}"
                );
                assert_eq!(
                    a.verdict,
                    Verdict::DoesNotLoad,
                    "{id}: {:#?}",
                    a.diagnostics
                );
                assert!(
                    a.diagnostics
                        .iter()
                        .any(|d| d.code == code && d.severity == Severity::Error),
                    "{id}: expected {code}, got {:#?}",
                    a.diagnostics
                );
            }
        }
        checked += 1;
    }
    assert_eq!(
        checked, 45,
        "the table has 45 agent rows (44 shapes, b05 measured twice)"
    );
}

/// §2.6 of the format reference: what Claude Code shows for rescued values.
#[test]
fn rescued_values_load_verbatim_with_backslash_n_made_newlines() {
    let cases: &[(&str, &str)] = &[
        (r"Path is C:\temp\new: ok", "Path is C:\\temp\new: ok"),
        (r"Double \\n backslash: here", "Double \\\n backslash: here"),
        ("Ends: with space   ", "Ends: with space   "),
        ("it's: here", "it's: here"),
        (r#"Quote "inside": here"#, r#"Quote "inside": here"#),
        ("[bracket] start: colon", "[bracket] start: colon"),
        ("Two: colons: here", "Two: colons: here"),
        ("Use when: issue #5 arrives", "Use when: issue #5 arrives"),
        ("Alpha\\tBeta", "Alpha\\tBeta"),
    ];
    for (raw, shown) in cases {
        let text = format!("---\nname: probe\ndescription: {raw}\n---\nBody\n");
        let a = check("probe", &text);
        assert_eq!(description(&a), *shown, "{raw}");
    }
    let a = check(
        "probe",
        "---\nname: probe\ndescription: x\ntools: Read: Grep\n---\nBody\n",
    );
    assert_eq!(tools(&a), ["Read:", "Grep"]);
    let a = check("probe", "---\nname: on\ndescription: x\n---\nBody\n");
    assert_eq!(a.agent.unwrap().name.as_deref(), Some("on"));
    let a = check(
        "probe",
        "---\nname: p\ndescription: \"Alpha\\\\nBeta\"\n---\nBody\n",
    );
    assert_eq!(description(&a), "Alpha\nBeta");
}
