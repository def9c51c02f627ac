//! Output styles, rules and CLAUDE.md through the real `agentls lsp`
//! binary: their own findings, the `@path` import looked up on disk, and
//! the import's link, definition and hover.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, file_uri, start_in};
use lsp_support::{Enc, position};
use serde_json::{Value, json};

const MEMORY: &str =
    "# Project\n\nRead @docs/a.md and @docs/missing.md\n\n## Elsewhere\n\n@../outside.md\n";
const RULE: &str = "---\npaths: \"src/[ab.ts\"\ndescription: TS\n---\nUse strict mode.\n";

fn at(text: &str, needle: &str, skip: usize) -> Value {
    position(text, text.find(needle).expect(needle) + skip, Enc::Utf8)
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().filter_map(|d| d["code"].as_str()).collect()
}

#[test]
fn memory_and_rules_in_the_editor() {
    let ws = TempWorkspace::new("ws-memory");
    ws.write("docs/a.md", "Conventions: tabs, not spaces.\nMore.\n");
    // Beside the workspace: never read, so neither linked nor judged.
    ws.write_beside("outside.md", "Secret.\n");
    ws.write("CLAUDE.md", MEMORY);
    ws.write(".claude/rules/ts.md", RULE);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf8));

    // A rule, by its own keys: the glob never closes, `description` is an
    // output style's key.
    let rule = ws.uri(".claude/rules/ts.md");
    c.open(&rule, RULE, 1);
    let got = c.diagnostics(&rule, Some(1));
    assert_eq!(codes(&got), ["AG121", "AG015"], "{got:?}");
    // Its keys as tokens: `paths` read, `description` struck through (the
    // first modifier, `deprecated`), never the agent catalog's verdicts.
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": rule } }),
    );
    let data = r["result"]["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    let lines: Vec<&str> = RULE.lines().collect();
    let mut line = 0;
    let keys: Vec<(&str, u64)> = data
        .chunks(5)
        .map(|t| {
            line += t[0].as_u64().unwrap() as usize;
            let (start, len) = (
                t[1].as_u64().unwrap() as usize,
                t[2].as_u64().unwrap() as usize,
            );
            (&lines[line][start..start + len], t[4].as_u64().unwrap() & 1)
        })
        .collect();
    assert_eq!(keys, [("paths", 0), ("description", 1)]);

    // CLAUDE.md: the missing import only.
    let memory = ws.uri("CLAUDE.md");
    c.open(&memory, MEMORY, 1);
    let got = c.diagnostics(&memory, Some(1));
    assert_eq!(codes(&got), ["AG125"], "{got:?}");
    let missing = MEMORY.find("@docs/missing.md").unwrap();
    assert_eq!(
        got[0]["range"]["start"],
        position(MEMORY, missing, Enc::Utf8)
    );

    // The import that exists links to its file; the missing one does not.
    let target = file_uri(&ws.path("docs/a.md").canonicalize().unwrap());
    let doc = json!({ "uri": memory });
    let links = c.request("textDocument/documentLink", json!({ "textDocument": doc }));
    let links = links["result"].as_array().expect("links");
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0]["target"], target.as_str());

    // Go to definition on the import: the file's start.
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": doc, "position": at(MEMORY, "@docs/a.md", 3) }),
    );
    assert_eq!(def["result"]["uri"], target.as_str(), "{def}");

    // Hover on the import: the target and its first lines.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": at(MEMORY, "@docs/a.md", 3) }),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(md.contains("Conventions: tabs, not spaces."), "{md}");
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": at(MEMORY, "@docs/missing.md", 3) }),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(md.contains("silently skips"), "{md}");

    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": at(MEMORY, "@../outside.md", 3) }),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(md.contains("Outside the workspace"), "{md}");
    assert!(!md.contains("Secret"), "{md}");

    // The outline: the headings, as for every other kind.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": doc }),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"Project"), "{symbols}");

    // The missing file is created: the import is found at once.
    ws.write("docs/missing.md", "Now here.\n");
    let event = json!({ "uri": ws.uri("docs/missing.md"), "type": 1 });
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [event] }),
    );
    let got = c.diagnostics(&memory, Some(1));
    assert_eq!(codes(&got), Vec::<&str>::new(), "{got:?}");

    // Hover on a rule's key: the memory catalog's card.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": rule }, "position": at(RULE, "paths", 1) }),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(md.contains("Since Claude Code 2.1.84"), "{md}");
    assert!(c.shutdown().success());
}
