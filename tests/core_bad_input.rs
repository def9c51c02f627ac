//! Hostile input never panics the core, never hangs it, and every range it
//! returns lies on character boundaries inside the text.

mod common;

use agentls_core::{Analysis, analyze, decode_bytes};
use common::check;

fn assert_sane(text: &str, a: &Analysis) {
    for d in &a.diagnostics {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
            "{d:?}"
        );
        for f in &d.fixes {
            for e in &f.edits {
                assert!(
                    e.range.end <= text.len()
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end)
                );
            }
        }
    }
    assert!(a.body.end <= text.len());
}

#[test]
fn ten_megabyte_body() {
    let mut text = String::from("---\nname: big\ndescription: Big\n---\n");
    let line = "Some prompt text with ðŸ§  mojibake and `code` in it.\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    let a = check("big", &text);
    assert_sane(&text, &a);
}

#[test]
fn hundred_thousand_line_front_matter() {
    let mut text = String::from("---\nname: long\ndescription: Long\n");
    for i in 0..100_000 {
        text.push_str(&format!("key{i}: value: with colon {i}\n"));
    }
    text.push_str("---\nBody\n");
    let a = check("long", &text);
    assert_sane(&text, &a);
    // Same again with every line needing the fallback parser.
    let mut text = String::from("---\nname: long\ndescription: Long\n");
    for i in 0..100_000 {
        text.push_str(&format!("k: [v{i}] x\n"));
    }
    text.push_str("---\nBody\n");
    assert_sane(&text, &check("long", &text));
}

#[test]
fn alias_bomb_and_deep_nesting() {
    let mut bomb =
        String::from("---\nname: bomb\ndescription: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("tools: *a11\n---\nBody\n");
    assert_sane(&bomb, &check("bomb", &bomb));
    let deep = format!(
        "---\nname: deep\ndescription: x\ntools: {}{}\n---\nBody\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_sane(&deep, &check("deep", &deep));
    let deep_map = format!(
        "---\nname: deep\ndescription: x\nhooks: {}{}\n---\nBody\n",
        "{a: ".repeat(50_000),
        "}".repeat(50_000)
    );
    assert_sane(&deep_map, &check("deep", &deep_map));
}

#[test]
fn invalid_utf8_and_binary() {
    let bytes = b"---\nname: bad\ndescription: caf\xe9 \xff\xfe\n---\nBody \xc3\n";
    let text = decode_bytes(bytes).expect("text with replacement characters");
    assert!(text.contains('\u{fffd}'));
    assert_sane(&text, &check("bad", &text));
    assert!(
        decode_bytes(b"\x7fELF\x02\x01\x01\x00\x00").is_none(),
        "binary is refused"
    );
}

#[test]
fn random_yamlish_text_never_panics() {
    // Deterministic xorshift over pieces that stress the splitter, the YAML
    // parser, the retry and the rules.
    const PIECES: &[&str] = &[
        "---",
        "\n",
        "\r\n",
        "\r",
        "name",
        "description",
        "tools",
        "model",
        "color",
        ": ",
        ":",
        " ",
        "  ",
        "\t",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "- ",
        "#",
        " #",
        "|",
        ">",
        "&a",
        "*a",
        "!!str",
        "Read",
        "MultiEdit",
        "Bash(",
        ")",
        "mcp__",
        "__",
        "ðŸ§",
        "\u{a0}",
        "🧠",
        "é",
        "\u{feff}",
        "<example>",
        "</example>",
        "\\n",
        "%",
        "@",
        "`",
        "?",
        "true",
        "123",
        "~",
        "...",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..5_000 {
        let len = (next() % 40) as usize;
        let mut text = String::from(if next() % 4 == 0 { "" } else { "---\n" });
        for _ in 0..len {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let a = analyze(&text, None);
        assert_sane(&text, &a);
    }
}

/// Rescued `tools` values that start or end with a multi-byte character
/// once sliced a string inside a character (issue 11): every one of these
/// panicked the analysis.
#[test]
fn non_ascii_at_the_edges_of_rescued_tool_values() {
    for value in [
        "Read: é",
        "中: x",
        ">é",
        "é: Read",
        "Read, 中",
        "🧠:",
        "Bash(é: x)",
    ] {
        for key in ["tools", "disallowedTools"] {
            let text = format!("---\nname: a\ndescription: d\n{key}: {value}\n---\nBody\n");
            let a = analyze(&text, None);
            assert_sane(&text, &a);
        }
    }
}

#[test]
fn at_most_500_findings_per_file_then_one_that_counts_the_rest() {
    let mut text = String::from("---\nname: many\ndescription: Many unknown keys.\n");
    for i in 0..600 {
        text.push_str(&format!("unknown{i:03}: x\n"));
    }
    text.push_str("---\nBody.\n");
    let a = analyze(
        &text,
        Some(std::path::Path::new("/w/.claude/agents/many.md")),
    );
    assert_sane(&text, &a);
    assert_eq!(a.diagnostics.len(), 501);
    let (shown, note) = a.diagnostics.split_at(500);
    assert!(
        shown.iter().all(|d| d.code == "AG015"),
        "unknown keys first"
    );
    assert_eq!(note[0].code, "AG099");
    assert!(
        note[0].message.starts_with("100 more findings"),
        "{}",
        note[0].message
    );
    // It sits on the first finding left out: the 501st unknown key.
    assert_eq!(&text[note[0].range.clone()], "unknown500");
}

/// Found by `tests/fuzz_front_matter.rs` (seed 1592591224): a tag before a
/// quoted tools value (`! '…'`) shifted every entry's range onto the tag,
/// cutting a multi-byte character.
#[test]
fn a_tag_or_anchor_before_a_quoted_tools_value_keeps_entry_ranges_exact() {
    for value in ["! 'e\u{301}👍🏽: Reed'", "!!str 'Reed'", "&a \"Reed, é\""] {
        let text = format!("---\nname: a\ndescription: d\ntools: {value}\n---\nBody\n");
        let a = analyze(&text, None);
        assert_sane(&text, &a);
        let unknown: Vec<&str> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "AG033")
            .map(|d| &text[d.range.clone()])
            .collect();
        assert!(unknown.contains(&"Reed"), "{value}: {unknown:?}");
    }
}

/// Where quoting changed a tools value (`''`, escapes), its entries cannot
/// be found in the source: their findings cover the whole value and offer
/// no edit, which once replaced the wrong bytes (`'it''s, Reed'` became
/// `'it''sReaded'` under `check --fix`).
#[test]
fn entries_of_a_tools_value_that_quoting_changed_get_no_edits() {
    for value in ["'it''s, Reed'", "\"Grep\\tReed\"", "'é''中, Reed'"] {
        let text = format!("---\nname: a\ndescription: d\ntools: {value}\n---\nBody\n");
        let a = analyze(&text, None);
        assert_sane(&text, &a);
        let reed = a
            .diagnostics
            .iter()
            .find(|d| d.code == "AG033" && d.message.contains("`Reed`"))
            .unwrap_or_else(|| panic!("{value}: no finding for Reed"));
        assert_eq!(&text[reed.range.clone()], value);
        assert!(reed.fixes.is_empty(), "{value}: {:?}", reed.fixes);
        let (fixed, _) = agentls_core::fix::fix_all(&text, None);
        assert!(fixed.contains(value), "{value} was rewritten: {fixed}");
    }
}
