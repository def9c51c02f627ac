use std::path::Path;

use crate::analysis::{Verdict, analyze};

fn skill(text: &str) -> crate::Analysis {
    analyze(text, Some(Path::new("/w/.claude/skills/fmt-code/SKILL.md")))
}

fn codes_of(a: &crate::Analysis) -> Vec<&'static str> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_correct_skill_has_no_findings() {
    let a = skill(
        "---\nname: fmt-code\ndescription: Formats code. Use when asked to format.\n\
         allowed-tools: Bash(cargo fmt:*) Read\n---\n# Format\n\nRun the formatter.\n",
    );
    assert_eq!(a.verdict, Verdict::Loads);
    assert_eq!(codes_of(&a), Vec::<&str>::new());
}

#[test]
fn broken_yaml_is_ignored_not_fatal() {
    let a =
        skill("---\nname: fmt-code\ndescription: Formats\n  Examples: x\n---\n# Formats code\n");
    assert_eq!(a.verdict, Verdict::LoadsWithLoss);
    assert!(codes_of(&a).contains(&"AG100"));
    let msg = &a
        .diagnostics
        .iter()
        .find(|d| d.code == "AG100")
        .unwrap()
        .message;
    assert!(msg.contains("“Formats code”"), "{msg}");
    assert!(!msg.contains("agent"), "{msg}");
}

#[test]
fn source_positions_map_back() {
    // Plain: exact. The name's `X` is at its own byte.
    let text = "---\nname: fmt-Xode\ndescription: d\n---\nbody\n";
    let a = skill(text);
    let d = a.diagnostics.iter().find(|d| d.code == "AG102").unwrap();
    assert_eq!(&text[d.range.clone()], "X");
    // Double-quoted without escapes: exact too.
    let text = "---\nname: \"fmt--code\"\ndescription: d\n---\nbody\n";
    let a = skill(text);
    let d = a.diagnostics.iter().find(|d| d.code == "AG102").unwrap();
    assert_eq!(&text[d.range.clone()], "--");
}

#[test]
fn listing_cut_points_at_the_cut() {
    let desc = "a".repeat(1530) + "bcdefghij";
    let text = format!("---\nname: fmt-code\ndescription: {desc}\n---\nbody\n");
    let a = skill(&text);
    let d = a.diagnostics.iter().find(|d| d.code == "AG105").unwrap();
    // 1,535 characters are kept: `a`×1530 and `bcdef`.
    assert_eq!(&text[d.range.clone()], "ghij");
    // In a block scalar the position is approximated by non-blank characters.
    let block = format!(
        "---\nname: fmt-code\ndescription: |\n  {}\n  {}\n---\nbody\n",
        "a".repeat(1000),
        "b".repeat(600)
    );
    let a = skill(&block);
    let d = a.diagnostics.iter().find(|d| d.code == "AG105").unwrap();
    assert!(block[d.range.clone()].starts_with('b'));
    // Kept: 1,000 `a`, the line break and 534 `b`; the other 66 are cut.
    assert_eq!(block[d.range.clone()].trim_end(), "b".repeat(66));
}

/// Random text, and random text after a skill's opening, as a skill and
/// as a command: never a panic, every range on character boundaries.
#[test]
fn random_text_never_panics() {
    let pieces = [
        "---\n",
        "name: ",
        "description: ",
        "when_to_use: ",
        "background: yes\n",
        "context: fork\n",
        "allowed-tools: ",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "|\n",
        ">-\n",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "é",
        "🧠",
        "<a>",
        "--",
        "-",
        ":",
        "#",
        "x",
        "Claude",
        "model: ",
        "effort: ",
        "metadata: ",
        "0",
        "yes",
        "paths: ",
        "\u{feff}",
        "&a ",
        "*a",
        "!tag ",
    ];
    let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1du64);
    for round in 0..3000 {
        let len = (next() % 40) as usize;
        let mut text = String::new();
        if round % 2 == 0 {
            text.push_str("---\n");
        }
        for _ in 0..len {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        if round % 3 == 0 {
            text.push_str("\n---\nbody\n");
        }
        for path in ["/w/.claude/skills/s/SKILL.md", "/w/.claude/commands/c.md"] {
            let a = analyze(&text, Some(Path::new(path)));
            assert_ne!(a.verdict, Verdict::DoesNotLoad, "{text:?}");
            for d in &a.diagnostics {
                assert!(
                    d.range.start <= d.range.end && d.range.end <= text.len(),
                    "{text:?} {d:?}"
                );
                assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
                for f in &d.fixes {
                    for e in &f.edits {
                        assert!(e.range.start <= e.range.end && e.range.end <= text.len());
                        assert!(
                            text.is_char_boundary(e.range.start)
                                && text.is_char_boundary(e.range.end)
                        );
                    }
                }
            }
        }
    }
}
