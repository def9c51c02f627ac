//! Completion in the pure core, on fixtures from `fixtures/complete/` with a
//! `$0` cursor marker (removed before completing). Each snapshot lists the
//! items as an editor would sort them, with the exact text their edit
//! replaces and what it inserts.

use std::path::Path;

use agentls_core::catalog::{ToolStatus, catalog};
use agentls_core::complete::{Doc, Item, ItemKind, WorkspaceFacts, complete};

const CURSOR: &str = "$0";

fn facts() -> WorkspaceFacts {
    WorkspaceFacts {
        mcp_servers: vec!["context7".into(), "github".into()],
        agents: vec![
            ("lead".into(), String::new()),
            ("reviewer".into(), "Reviews code for bugs.".into()),
            ("tester".into(), "Runs the test suite.".into()),
        ],
        skills: vec![
            ("changelog".into(), "Writes changelog entries.".into()),
            ("fmt".into(), String::new()),
            ("release-notes".into(), "Drafts release notes.".into()),
        ],
        ..WorkspaceFacts::default()
    }
}

/// The text without its marker, and the marker's byte offset.
fn load(name: &str) -> (String, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/complete")
        .join(format!("{name}.md"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let at = raw.find(CURSOR).expect("fixture has a $0 cursor");
    assert_eq!(raw.matches(CURSOR).count(), 1, "{name}: one cursor");
    (raw.replacen(CURSOR, "", 1), at)
}

fn items(name: &str) -> (String, usize, Vec<Item>) {
    let (text, at) = load(name);
    let mut items = complete(&text, at, &facts());
    items.sort_by(|a, b| a.sort.cmp(&b.sort).then_with(|| a.label.cmp(&b.label)));
    for i in &items {
        let doc = match &i.documentation {
            Doc::Markdown(s) | Doc::Plain(s) => s,
        };
        assert!(
            !doc.trim().is_empty(),
            "{name}: {} has no documentation",
            i.label
        );
        assert!(
            i.replace.start <= at && at <= i.replace.end,
            "{name}: {} replaces {:?}, cursor at {at}",
            i.label,
            i.replace
        );
    }
    (text, at, items)
}

fn render(text: &str, at: usize, items: &[Item]) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut out = format!(
        "line: {}{CURSOR}{}\n",
        &text[line_start..at],
        &text[at..line_end]
    );
    for i in items {
        out.push_str(&format!(
            "{:<22} {:<9} replace {:?} insert {:?}{}{}\n",
            i.label,
            format!("{:?}", i.kind),
            &text[i.replace.clone()],
            i.insert,
            if i.snippet { " (snippet)" } else { "" },
            // Workspace items: what the index says about them.
            if matches!(i.kind, ItemKind::Agent | ItemKind::Skill) {
                format!(" detail {:?}", i.detail)
            } else {
                String::new()
            }
        ));
    }
    out
}

fn labels(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn fixtures_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/complete");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "fixtures went missing");
    for name in names {
        let (text, at, items) = items(&name);
        insta::assert_snapshot!(name.clone(), render(&text, at, &items));
    }
}

#[test]
fn keys_put_required_first_and_skip_present_and_undocumented() {
    let (_, _, items) = items("key-empty-line");
    let l = labels(&items);
    assert_eq!(l[0], "description", "{l:?}");
    assert!(!l.contains(&"name") && !l.contains(&"tools"), "{l:?}");
    assert!(!l.contains(&"omitClaudeMd"), "undocumented key offered");
    assert!(items.iter().all(|i| i.kind == ItemKind::Key && i.snippet));
    let color = items.iter().find(|i| i.label == "color").unwrap();
    assert_eq!(
        color.insert,
        "color: ${1|red,blue,green,yellow,purple,orange,pink,cyan|}"
    );
    let background = items.iter().find(|i| i.label == "background").unwrap();
    assert_eq!(background.insert, "background: ${1|true,false|}");
    let tools_doc = match &items
        .iter()
        .find(|i| i.label == "disallowedTools")
        .unwrap()
        .documentation
    {
        Doc::Markdown(s) => s.clone(),
        Doc::Plain(_) => panic!("markdown expected"),
    };
    assert!(
        tools_doc.contains("Since Claude Code 2.0.30"),
        "{tools_doc}"
    );
}

#[test]
fn tool_lists_offer_only_current_unlisted_tools() {
    for name in [
        "tools-comma",
        "tools-flow",
        "tools-block",
        "tools-partial",
        "disallowed-tools",
        "broken-yaml",
    ] {
        let (_, _, items) = items(name);
        assert!(!items.is_empty(), "{name}: nothing offered");
        for i in items
            .iter()
            .filter(|i| i.kind == ItemKind::Tool && i.label != "Agent(")
        {
            let t = catalog().tool(&i.label).expect("catalog tool");
            assert_eq!(t.status, ToolStatus::Current, "{name}: {} offered", i.label);
        }
    }
    let (_, _, comma) = items("tools-comma");
    let l = labels(&comma);
    // `Task` is `Agent` by another name: both it and `Agent(` are listed already.
    for listed in ["Read", "Agent", "Agent(", "MultiEdit", "Task"] {
        assert!(!l.contains(&listed), "{listed} offered: {l:?}");
    }
    let (_, _, flow) = items("tools-flow");
    assert!(!labels(&flow).contains(&"Grep"), "quoted entry not seen");
    let (_, _, block) = items("tools-block");
    assert!(!labels(&block).contains(&"Bash"), "rule entry not seen");
}

#[test]
fn inserted_text_keeps_the_yaml_valid() {
    let insert_of = |name: &str, label: &str| {
        let (_, _, items) = items(name);
        items
            .into_iter()
            .find(|i| i.label == label)
            .unwrap_or_else(|| panic!("{name}: no {label}"))
            .insert
    };
    assert_eq!(insert_of("tools-after-colon", "Grep"), " Grep");
    assert_eq!(insert_of("tools-comma", "Grep"), "Grep");
    assert_eq!(insert_of("tools-flow", "Glob"), "Glob");
    assert_eq!(insert_of("tools-block-glued-dash", "Grep"), " Grep");
    assert_eq!(insert_of("tools-block-bare-line", "Grep"), "- Grep");
    assert_eq!(insert_of("background-glued", "true"), " true");
    assert_eq!(insert_of("key-rename", "color"), "color");
}

#[test]
fn workspace_facts_reach_the_items() {
    let (_, _, mcp) = items("tools-mcp");
    let servers: Vec<_> = mcp
        .iter()
        .filter(|i| i.kind == ItemKind::McpServer)
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(servers, ["mcp__context7__", "mcp__github__"]);
    let (text, _, agents) = items("tools-agent-names");
    assert_eq!(
        labels(&agents),
        ["lead", "tester"],
        "reviewer is listed already"
    );
    assert!(agents.iter().all(|i| text[i.replace.clone()].is_empty()));
    let (_, _, described) = items("agent-description");
    assert_eq!(labels(&described), ["lead", "reviewer", "tester"]);
    let reviewer = &described[1];
    assert_eq!(reviewer.detail, "Reviews code for bugs.");
    assert!(
        matches!(&reviewer.documentation, Doc::Markdown(s) if s.starts_with("Reviews code for bugs.")),
        "{:?}",
        reviewer.documentation
    );
    // No description: still a detail and documentation.
    assert_eq!(described[0].detail, "agent");
}

#[test]
fn skills_offer_known_unlisted_skills_in_every_list_form() {
    let skills = |name: &str| {
        let (text, at, items) = items(name);
        assert!(items.iter().all(|i| i.kind == ItemKind::Skill), "{name}");
        // The partial word is replaced, and only the name is inserted.
        let word_start = text[..at].rfind([' ', '[', ',']).map_or(0, |i| i + 1);
        assert!(
            items
                .iter()
                .all(|i| i.replace == (word_start..at) && i.insert == i.label),
            "{name}"
        );
        items.into_iter().map(|i| i.label).collect::<Vec<_>>()
    };
    assert_eq!(skills("skills-comma"), ["fmt", "release-notes"]);
    assert_eq!(skills("skills-flow"), ["release-notes"]);
    assert_eq!(skills("skills-block"), ["changelog", "release-notes"]);
    assert_eq!(skills("skills-listed"), ["fmt"], "listed on both sides");
    // Right after the colon, and on a bare line of a block list being written.
    let text = "---\nname: a\nskills:\n---\n";
    let at = text.find("skills:").unwrap() + 7;
    let got = complete(text, at, &facts());
    assert_eq!(got[0].insert, " changelog");
    let text = "---\nname: a\nskills:\n  \n---\n";
    let at = text.find("  \n").unwrap() + 2;
    let got = complete(text, at, &facts());
    assert_eq!(got[0].insert, "- changelog");
    // No skills known, nothing offered; in a comment, nothing either.
    assert!(complete(text, at, &WorkspaceFacts::default()).is_empty());
    let text = "---\nname: a\nskills: fmt # c\n---\n";
    assert!(complete(text, text.find("# c").unwrap() + 3, &facts()).is_empty());
    // The key itself still completes to a block list.
    let (_, _, keys) = items("key-empty-line");
    let key = keys.iter().find(|i| i.label == "skills").unwrap();
    assert_eq!(key.insert, "skills:\n  - ${1}");
}

#[test]
fn values_are_exactly_the_catalog_values() {
    let cat = catalog();
    let (_, _, colors) = items("color");
    assert_eq!(labels(&colors), cat.field("color").unwrap().values);
    for c in &colors {
        assert_eq!(c.kind, ItemKind::Color);
        assert_eq!(c.documentation, Doc::Plain(cat.colors[&c.label].clone()));
    }
    let (_, _, models) = items("model-partial");
    assert_eq!(
        labels(&models),
        ["sonnet", "opus", "haiku", "fable", "inherit"]
    );
    for (field, value_line) in [
        ("permissionMode", "permissionMode: "),
        ("effort", "effort: "),
        ("memory", "memory: "),
        ("isolation", "isolation: "),
    ] {
        let text = format!("---\nname: a\n{value_line}\n---\nbody\n");
        let at = text.find(value_line).unwrap() + value_line.len();
        let got = complete(&text, at, &WorkspaceFacts::default());
        assert_eq!(labels(&got), cat.field(field).unwrap().values, "{field}");
        // Each value explains itself, not just the field.
        assert!(got.iter().all(|i| match &i.documentation {
            Doc::Markdown(s) => *s != cat.field(field).unwrap().summary,
            Doc::Plain(_) => false,
        }));
    }
}

#[test]
fn nothing_outside_the_front_matter_or_in_comments() {
    for name in ["body", "comment"] {
        let (_, _, items) = items(name);
        assert!(items.is_empty(), "{name}: {:?}", labels(&items));
    }
    let text = "---\nname: a\n---\nbody\n";
    for at in [0, 2, 3, text.find("---\nbody").unwrap(), text.len()] {
        assert!(complete(text, at, &facts()).is_empty(), "offset {at}");
    }
    assert!(complete("no front matter\n", 3, &facts()).is_empty());
}

#[test]
fn broken_yaml_still_completes() {
    let text = "---\nname: a\ndescription: Use when: x\n<example>\ntools: Read, \n---\nbody\n";
    assert!(matches!(
        agentls_core::analyze(text, None)
            .frontmatter
            .map(|f| f.root.is_none()),
        Some(true)
    ));
    let at = text.find("Read, ").unwrap() + 6;
    assert!(labels(&complete(text, at, &facts())).contains(&"Grep"));
}

#[test]
fn multibyte_text_keeps_ranges_on_char_boundaries() {
    let text = "---\nname: é🧠\ndescription: 🧠 ü\ntools: Read, Gr\n---\n🧠\n";
    for at in 0..=text.len() {
        for i in complete(text, at, &facts()) {
            assert!(text.is_char_boundary(i.replace.start) && text.is_char_boundary(i.replace.end));
        }
    }
}

/// Every offset of every fixture, seed and diagnostics file: no panic, and
/// every range lies inside the text on char boundaries.
#[test]
fn any_offset_of_any_fixture_is_safe() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for sub in ["complete", "seeds", "diagnostics"] {
        for e in std::fs::read_dir(root.join(sub)).expect("fixture dir") {
            let path = e.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for at in ends {
                for i in complete(&text, at, &facts()) {
                    assert!(
                        i.replace.end <= text.len()
                            && text.is_char_boundary(i.replace.start)
                            && text.is_char_boundary(i.replace.end),
                        "{}: {:?}",
                        path.display(),
                        i.replace
                    );
                }
            }
        }
    }
}
