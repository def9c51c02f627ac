use std::path::Path;

use crate::analysis::analyze;

fn command(text: &str) -> crate::Analysis {
    analyze(text, Some(Path::new("/w/.claude/commands/c.md")))
}

/// The findings of the body codes, as (code, flagged text).
fn found(text: &str) -> Vec<(&'static str, String)> {
    command(text)
        .diagnostics
        .iter()
        .filter(|d| ["AG109", "AG110", "AG111", "AG112"].contains(&d.code))
        .map(|d| (d.code, text[d.range.clone()].to_string()))
        .collect()
}

#[test]
fn current_numbering_and_code_are_quiet() {
    let fm = "---\narguments: [file, mode]\nallowed-tools: Bash(git *)\n---\n";
    for body in [
        "Use $0 then $1 and $ARGUMENTS.\n",
        "Use $ARGUMENTS[0], $ARGUMENTS[1], $file and $mode.\n",
        "Costs $1.50 or $2,000; \\$1 is escaped; $$ too.\n",
        "Shell: `echo $HOME $name`\n```sh\nawk '{print $1}' $unknown\n```\n",
        "Run !`git status` and !`git log -1 && git diff | git stripspace`.\n",
        "```!\ngit status\n# a comment\n```\n",
        "Home is $HOME, ${CLAUDE_SKILL_DIR} and ${CLAUDE_SESSION_ID}; ${HOME}.\n",
        "A!`not a command` and `!`x``.\n",
    ] {
        assert_eq!(found(&format!("{fm}{body}")), vec![], "{body}");
    }
}

#[test]
fn old_numbering_points_at_the_first_one() {
    let text = "---\ndescription: d\n---\nFix $2 in $1, not `$1`.\n";
    assert_eq!(found(text), [("AG109", "$1".into())]);
    let d = &command(text).diagnostics[0];
    assert_eq!(d.range.start, text.find("$1").unwrap());
    // The fix renumbers prose only.
    let edits = &d.fixes[0].edits;
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().any(|e| e.new_text == "$0"));
    assert!(edits.iter().any(|e| e.new_text == "$1"));
    // `$1` only in code (awk) says nothing.
    assert_eq!(found("```\nawk '{print $1}'\n```\n"), vec![]);
}

#[test]
fn undeclared_named_arguments_need_a_declaration() {
    let text = "---\narguments: file mode\n---\nOpen $file in $mdoe for $user, $HOME.\n";
    assert_eq!(
        found(text),
        [("AG110", "$mdoe".into()), ("AG110", "$user".into())]
    );
    let d = command(text)
        .diagnostics
        .into_iter()
        .find(|d| d.code == "AG110")
        .unwrap();
    assert!(d.message.contains("Did you mean `$mode`?"), "{}", d.message);
    assert_eq!(d.fixes[0].edits[0].new_text, "mode");
    // Without `arguments:` a `$word` is nobody's business.
    assert_eq!(found("---\ndescription: d\n---\n$user\n"), vec![]);
}

#[test]
fn unknown_substitutions_suggest_the_closest() {
    let text = "Read ${CLAUDE_SKIL_DIR}/x and ${CLAUDE_FOO}.\n";
    assert_eq!(
        found(text),
        [
            ("AG111", "${CLAUDE_SKIL_DIR}".into()),
            ("AG111", "${CLAUDE_FOO}".into())
        ]
    );
    let a = command(text);
    assert_eq!(
        a.diagnostics[0].fixes[0].edits[0].new_text,
        "CLAUDE_SKILL_DIR"
    );
    assert!(a.diagnostics[1].fixes.is_empty());
    // In a Bash rule of `allowed-tools` too; not in other entries.
    let text = "---\nallowed-tools: Bash(${CLAUDE_SKIL_DIR}/run.sh) Read(${CLAUDE_X})\n---\nGo.\n";
    assert_eq!(found(text), [("AG111", "${CLAUDE_SKIL_DIR}".into())]);
}

fn fixed(text: &str) -> String {
    let a = command(text);
    let d = a.diagnostics.iter().find(|d| d.code == "AG112").unwrap();
    let mut out = text.to_string();
    let mut edits = d.fixes[0].edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

#[test]
fn shell_commands_need_a_bash_rule() {
    let body = "Status: !`git status`\n";
    assert_eq!(
        found(&format!("---\nallowed-tools: Read\n---\n{body}")),
        [("AG112", "!`git status`".into())]
    );
    assert_eq!(
        fixed(&format!("---\nallowed-tools: Read\n---\n{body}")),
        format!("---\nallowed-tools: Read, Bash(git *)\n---\n{body}")
    );
    assert_eq!(
        fixed(&format!("---\nallowed-tools: \"Read\"\n---\n{body}")),
        format!("---\nallowed-tools: \"Read, Bash(git *)\"\n---\n{body}")
    );
    assert_eq!(
        fixed(&format!("---\nallowed-tools: [Read]\n---\n{body}")),
        format!("---\nallowed-tools: [Read, Bash(git *)]\n---\n{body}")
    );
    assert_eq!(
        fixed(&format!("---\nallowed-tools:\n  - Read\n---\n{body}")),
        format!("---\nallowed-tools:\n  - Read\n  - Bash(git *)\n---\n{body}")
    );
    assert_eq!(
        fixed(&format!("---\ndescription: d\n---\n{body}")),
        format!("---\ndescription: d\nallowed-tools: Bash(git *)\n---\n{body}")
    );
    // A block: the line no rule allows.
    let text = "---\nallowed-tools: Bash(git status:*)\n---\n```!\ngit status\nnpm test\n```\n";
    assert_eq!(found(text), [("AG112", "npm test".into())]);
    // One part of a compound command is enough.
    let text = "---\nallowed-tools: Bash(git log:*)\n---\n!`git log && rm -rf x`\n";
    assert_eq!(found(text), [("AG112", "!`git log && rm -rf x`".into())]);
}

/// Random bodies: never a panic, every range and edit on char boundaries.
#[test]
fn random_bodies_never_panic() {
    let pieces = [
        "$",
        "$$",
        "\\",
        "$0",
        "$1",
        "$12",
        "$ARGUMENTS",
        "[",
        "]",
        "[0]",
        "${",
        "}",
        "CLAUDE_",
        "${CLAUDE_X}",
        "!",
        "`",
        "```",
        "```!",
        "~~~",
        "\n",
        "\r\n",
        " ",
        "é",
        "🧠",
        "name",
        "$name",
        "git",
        "&&",
        "|",
        ";",
        "'",
        "\"",
        ".5",
        ",",
    ];
    let heads = [
        "",
        "---\narguments: name x\nallowed-tools: Read\n---\n",
        "---\nallowed-tools:\n  - Read\n---\n",
        "---\nallowed-tools: [Bash(git *)]\n---\n",
    ];
    let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15u64);
    for round in 0..3000 {
        let mut text = heads[round % heads.len()].to_string();
        for _ in 0..(next() % 30) {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        for path in ["/w/.claude/skills/s/SKILL.md", "/w/.claude/commands/c.md"] {
            for d in analyze(&text, Some(Path::new(path))).diagnostics {
                let ok = |r: &std::ops::Range<usize>| {
                    r.start <= r.end
                        && r.end <= text.len()
                        && text.is_char_boundary(r.start)
                        && text.is_char_boundary(r.end)
                };
                assert!(ok(&d.range), "{text:?} {d:?}");
                for e in d.fixes.iter().flat_map(|f| &f.edits) {
                    assert!(ok(&e.range), "{text:?} {d:?}");
                }
            }
        }
    }
}

/// The scan jumps over lines without a backtick, `~` or `$` (outside
/// ```` ```! ```` blocks): on random bodies it finds exactly what a scan of
/// every line finds.
#[test]
fn the_scan_skips_only_lines_that_hold_nothing() {
    let pieces = [
        "$",
        "$1",
        "$name",
        "${CLAUDE_SKILL_DIR}",
        "`",
        "``",
        "```",
        "```!",
        "~~~",
        "~~~~",
        "!",
        "!`git status`",
        "git log",
        "# note",
        "\n",
        "\r\n",
        "   ",
        "    ",
        "word",
        "é",
        "\\",
    ];
    let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
    let mut shells = 0;
    for _ in 0..5000 {
        let mut text = String::new();
        for _ in 0..(next() % 40) {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let start = (next() % 3) as usize;
        let start = (start..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        let jumped = super::scan::scan_lines(&text, start..text.len(), true);
        let every = super::scan::scan_lines(&text, start..text.len(), false);
        assert_eq!(format!("{jumped:?}"), format!("{every:?}"), "{text:?}");
        shells += every.shells.len();
    }
    // The bodies do exercise the fences and commands.
    assert!(shells > 200, "{shells}");
}
