use super::*;
use crate::analyze;
use crate::fix::apply_edits;

/// The codes left after the comments are applied.
fn left(text: &str) -> Vec<&'static str> {
    let a = analyze(text, None);
    let mut diags = a.diagnostics.clone();
    a.suppressions.apply(&mut diags);
    diags.iter().map(|d| d.code).collect()
}

const HEAD: &str = "---\nname: a\ndescription: A.\n";

#[test]
fn no_marker_reads_nothing() {
    assert!(Suppressions::read("---\nname: a\n---\nbody # agentls\n").is_empty());
    assert!(Suppressions::read("").is_empty());
}

#[test]
fn trailing_and_line_above_in_front_matter() {
    let plain = format!("{HEAD}colour: red\n---\nBody.\n");
    assert_eq!(left(&plain), ["AG015"]);
    let trailing = format!("{HEAD}colour: red  # agentls-ignore: AG015\n---\nBody.\n");
    assert!(left(&trailing).is_empty(), "{:?}", left(&trailing));
    let above = format!("{HEAD}# agentls-ignore: unknown-key\ncolour: red\n---\nBody.\n");
    assert!(left(&above).is_empty());
    // Above a line other than the finding's: the finding stays, the
    // comment is unused.
    let far = format!("{HEAD}# agentls-ignore: AG015\n\ncolour: red\n---\nBody.\n");
    assert_eq!(left(&far), ["AG015", "AG090"]);
    // Stacked comments above one line all apply to it.
    let stacked = format!(
        "{HEAD}# agentls-ignore: AG015\n# agentls-ignore-file: AG051\ncolour: red\n---\nðŸ§ \n"
    );
    assert!(left(&stacked).is_empty(), "{:?}", left(&stacked));
}

#[test]
fn hashes_inside_values_are_not_comments() {
    // In a block scalar and a quoted string a `#` is text.
    let block = "---\nname: a\ndescription: |\n  # agentls-ignore: AG015\n  text\ncolour: red\n---\nBody.\n";
    assert_eq!(left(block), ["AG015"]);
    let quoted = format!("{HEAD}colour: \"red # agentls-ignore: AG015\"\n---\nBody.\n");
    assert_eq!(left(&quoted), ["AG015"]);
    // A comment on the `|` line itself is one.
    let header =
        "---\nname: a\nnote: | # agentls-ignore: AG015\n  text\ndescription: A.\n---\nB.\n";
    assert!(left(header).is_empty(), "{:?}", left(header));
    // Glued to a word, `#` is not a comment either.
    let glued = format!("{HEAD}colour: red#agentls-ignore AG015\n---\nBody.\n");
    assert_eq!(left(&glued), ["AG015"]);
}

#[test]
fn body_forms_and_code_fences() {
    let body = format!("{HEAD}---\nðŸ§  <!-- agentls-ignore AG051 -->\n");
    assert!(left(&body).is_empty());
    let above = format!("{HEAD}---\n<!-- agentls-ignore: mojibake -->\nðŸ§ \n");
    assert!(left(&above).is_empty());
    let fenced = format!("{HEAD}---\n```\n<!-- agentls-ignore AG051 -->\nðŸ§ \n```\n");
    assert_eq!(left(&fenced), ["AG051"]);
    let span = format!("{HEAD}---\nðŸ§  `<!-- agentls-ignore AG051 -->`\n");
    assert_eq!(left(&span), ["AG051"]);
    let file = format!("{HEAD}---\nðŸ§ \n\nmore â€” here\n<!-- agentls-ignore-file AG051 -->\n");
    assert!(left(&file).is_empty());
    let in_yaml = "---\n# agentls-ignore-file: AG051\nname: a\ndescription: A.\n---\nðŸ§ \n";
    assert!(left(in_yaml).is_empty());
}

#[test]
fn unused_unknown_and_bare_are_reported() {
    let text = format!("{HEAD}colour: red  # agentls-ignore: AG015, AG023, AG999\n---\nB.\n");
    let a = analyze(&text, None);
    let mut diags = a.diagnostics.clone();
    a.suppressions.apply(&mut diags);
    let unused: Vec<_> = diags.iter().filter(|d| d.code == "AG090").collect();
    assert_eq!(unused.len(), 2);
    assert_eq!(&text[unused[0].range.clone()], "AG023");
    assert!(unused[1].message.contains("not an agentls code"));
    // Removing AG023 is safe; the unknown code is left to the author.
    assert!(unused[0].fixes[0].preferred);
    assert!(!unused[1].fixes[0].preferred);
    let fixed = apply_edits(&text, &unused[0].fixes[0].edits);
    assert!(
        fixed.contains("# agentls-ignore: AG015, AG999\n"),
        "{fixed}"
    );
    let bare = format!("{HEAD}colour: red  # agentls-ignore\n---\nB.\n");
    assert_eq!(left(&bare), ["AG015", "AG090"]);
    // A comment alone on its line that silences nothing goes whole.
    let alone = format!("{HEAD}# agentls-ignore: AG023\nmodel: opus\n---\nB.\n");
    let a = analyze(&alone, None);
    let mut diags = a.diagnostics.clone();
    a.suppressions.apply(&mut diags);
    let fixed = apply_edits(&alone, &diags[0].fixes[0].edits);
    assert_eq!(fixed, format!("{HEAD}model: opus\n---\nB.\n"));
}

#[test]
fn known_limits_what_is_called_unused() {
    let text = format!("{HEAD}tools: Agent(x)  # agentls-ignore: AG063, AG023\n---\nB.\n");
    let s = Suppressions::read(&text);
    let unused = |k: Known| {
        let mut d = Vec::new();
        s.clone().knowing(k).apply(&mut d);
        d.iter().map(|d| &text[d.range.clone()]).collect::<Vec<_>>()
    };
    assert_eq!(unused(Known::All), ["AG063", "AG023"]);
    assert_eq!(unused(Known::Own), ["AG023"]);
    assert!(unused(Known::Nothing).is_empty());
}

#[test]
fn ignore_fixes_silence_the_finding() {
    let cases = [
        format!("{HEAD}colour: red\n---\nBody.\n"),
        format!("{HEAD}tools: Read, MultiEdit\n---\nBody.\n"),
        "---\nname: a\ndescription: |\n  <example> x\ntools:\n  - MultiEdit\n---\nB.\n".to_string(),
        format!("{HEAD}---\nðŸ§ \r\n"),
        format!("{HEAD}colour: red # note\n---\nBody.\n"),
        format!("{HEAD}colour: red # agentls-ignore: AG023\n---\nBody.\n"),
    ];
    for text in cases {
        let unused = |t: &str| left(t).iter().filter(|c| **c == "AG090").count();
        let a = analyze(&text, None);
        let fixes = ignore_fixes(&text, &a, &a.diagnostics);
        for (d, fixes) in a.diagnostics.iter().zip(&fixes) {
            assert!(!fixes.is_empty(), "{} in {text:?}", d.code);
            for f in fixes {
                let fixed = apply_edits(&text, &f.edits);
                let after = analyze(&fixed, None);
                assert_eq!(after.verdict, a.verdict, "{fixed}");
                let still = left(&fixed);
                assert!(
                    !still.contains(&d.code) && unused(&fixed) == unused(&text),
                    "{}: {fixed:?} leaves {still:?}",
                    f.title
                );
            }
        }
    }
}

#[test]
fn no_line_fix_inside_a_block_scalar_or_a_code_block() {
    let text = "---\nname: a\ndescription: |\n  one\n  <example> x\n---\n```\nðŸ§ \n```\n";
    let a = analyze(text, None);
    let fixes = ignore_fixes(text, &a, &a.diagnostics);
    assert!(!a.diagnostics.is_empty());
    for f in fixes.iter().flatten() {
        assert!(f.title.ends_with("in this file"), "{}", f.title);
    }
}

#[test]
fn random_text_never_panics() {
    let pieces = [
        "---\n",
        "# agentls-ignore",
        "-file",
        ": ",
        "AG015",
        ",",
        " ",
        "unknown-key",
        "<!--",
        "-->",
        "\n",
        "\r\n",
        "|\n",
        "  ",
        "\"",
        "'",
        "```\n",
        "colour: red",
        "é",
        "ðŸ§ ",
        "#",
        "--",
        "\u{feff}",
        "name: a\n",
        "[",
        "]",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let mut text = String::new();
        let n = (seed % 24) as usize;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let a = analyze(&text, None);
        let mut diags = a.diagnostics.clone();
        Suppressions::read(&text).apply(&mut diags);
        a.suppressions.apply(&mut diags);
        for fixes in ignore_fixes(&text, &a, &diags) {
            for f in fixes {
                apply_edits(&text, &f.edits);
            }
        }
        for d in &diags {
            assert!(d.range.end <= text.len() + 1, "{text:?}");
        }
    }
}

#[test]
fn a_comment_after_a_quoted_value_is_read() {
    // saphyr's span of a quoted scalar runs over the comment after it.
    let text = format!("{HEAD}colour: \"red # x\"  # agentls-ignore: AG015\n---\nB.\n");
    assert!(left(&text).is_empty(), "{:?}", left(&text));
    let single = format!("{HEAD}colour: 'it''s # x'  # agentls-ignore: AG015\n---\nB.\n");
    assert!(left(&single).is_empty(), "{:?}", left(&single));
}

#[test]
fn in_a_rescued_front_matter_a_trailing_comment_is_part_of_the_value() {
    // Claude Code's retry quotes every top-level value holding `#`, comment
    // and all: the marker is then text, and the name carries it.
    let text = "---\nname: a  # agentls-ignore: AG023\ndescription: Use when: x\n---\nB.\n";
    let a = analyze(text, None);
    assert!(matches!(
        a.frontmatter.as_ref().unwrap().syntax,
        crate::Syntax::Rescued { .. }
    ));
    assert!(a.suppressions.is_empty());
    // The name now holds a `:`, so Claude Code skips the agent.
    assert_eq!(a.verdict, crate::Verdict::DoesNotLoad);
    assert!(
        a.diagnostics.iter().any(|d| d.code == codes::NAME_INVALID),
        "{:?}",
        a.diagnostics
    );
}
