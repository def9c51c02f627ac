//! End-to-end navigation to skills and commands through the real
//! `agentls lsp` binary: from `/name` in any analysed file's body and from
//! `Skill(name)` entries to the skill's `SKILL.md` (or the command's file),
//! and every place that names them.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, needle_range, position, sorted_locations};
use serde_json::{Value, json};

const SKILL: &str = "---\nname: deploy\ndescription: Deploys.\nallowed-tools: Bash\n---\nCommit first with /git:commit.\n";
const COMMAND: &str = "---\ndescription: Commit.\n---\nCommit the staged changes.\n";
const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Skill(deploy)\n---\nShip with /deploy, never /tmp/deploy.\n";

fn workspace(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("ws-skills-{tag}"));
    ws.write(".claude/skills/deploy/SKILL.md", SKILL);
    ws.write(".claude/commands/git/commit.md", COMMAND);
    ws.write(".claude/agents/lead.md", LEAD);
    ws
}

fn start(ws: &TempWorkspace) -> Client {
    start_in(ws, Init::new(Enc::Utf8)).0
}

/// The position `skip` bytes into the first `needle` of `text`.
fn at(text: &str, needle: &str, skip: usize) -> Value {
    position(text, text.find(needle).expect(needle) + skip, Enc::Utf8)
}

fn start_of(uri: &str) -> Value {
    json!({ "uri": uri, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } } })
}

#[test]
fn definition_goes_from_slash_names_and_skill_entries_to_the_file() {
    let ws = workspace("def");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    let skill = ws.uri(".claude/skills/deploy/SKILL.md");
    c.open(&lead, LEAD, 1);
    for (needle, skip) in [("Skill(deploy)", 7), ("/deploy,", 3)] {
        let r = c.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": lead }, "position": at(LEAD, needle, skip) }),
        );
        assert_eq!(r["result"], start_of(&skill), "from {needle}: {r}");
    }
    // A path is not a command.
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": lead }, "position": at(LEAD, "/tmp/deploy", 7) }),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    // From a skill's body to a command in a subfolder.
    c.open(&skill, SKILL, 1);
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": skill }, "position": at(SKILL, "/git:commit", 5) }),
    );
    assert_eq!(
        r["result"],
        start_of(&ws.uri(".claude/commands/git/commit.md")),
        "{r}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn references_list_every_slash_and_skill_entry() {
    let ws = workspace("refs");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    let skill = ws.uri(".claude/skills/deploy/SKILL.md");
    c.open(&lead, LEAD, 1);
    let params = |decl: bool| {
        json!({
            "textDocument": { "uri": lead },
            "position": at(LEAD, "/deploy,", 2),
            "context": { "includeDeclaration": decl },
        })
    };
    let mut expected = vec![
        (
            lead.clone(),
            needle_range(LEAD, "Skill(deploy)", "deploy", Enc::Utf8).to_string(),
        ),
        (
            lead.clone(),
            needle_range(LEAD, "/deploy,", "deploy", Enc::Utf8).to_string(),
        ),
    ];
    expected.sort();
    let r = c.request("textDocument/references", params(false));
    assert_eq!(sorted_locations(&r["result"]), expected, "{r}");
    expected.push((skill.clone(), start_of(&skill)["range"].to_string()));
    expected.sort();
    let r = c.request("textDocument/references", params(true));
    assert_eq!(sorted_locations(&r["result"]), expected, "{r}");
    assert!(c.shutdown().success());
}

/// A client that can rename files in a workspace edit.
fn start_renaming(ws: &TempWorkspace) -> Client {
    let mut init = Init::new(Enc::Utf8);
    init.capabilities["workspace"] = json!({
        "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename"] }
    });
    start_in(ws, init).0
}

#[test]
fn renaming_a_skill_moves_its_folder_and_edits_every_reference() {
    let ws = workspace("rename");
    let mut c = start_renaming(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    let skill = ws.uri(".claude/skills/deploy/SKILL.md");
    c.open(&lead, LEAD, 1);
    // From a `/name` and from the skill's own `name:` value: one range each.
    let pos = at(LEAD, "/deploy,", 3);
    let r = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": lead }, "position": pos }),
    );
    let slash = needle_range(LEAD, "/deploy,", "deploy", Enc::Utf8);
    assert_eq!(
        r["result"],
        json!({ "range": slash, "placeholder": "deploy" }),
        "{r}"
    );
    c.open(&skill, SKILL, 1);
    let r = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": skill }, "position": at(SKILL, "deploy", 2) }),
    );
    let name = needle_range(SKILL, "name: deploy", "deploy", Enc::Utf8);
    assert_eq!(
        r["result"],
        json!({ "range": name, "placeholder": "deploy" }),
        "{r}"
    );
    // Names the Agent Skills specification rejects are refused.
    for bad in ["", "Ship", "a--b", "-x", "a:b"] {
        let r = c.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": lead }, "position": pos, "newName": bad }),
        );
        assert!(r["error"].is_object(), "{bad:?} refused: {r}");
    }
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": lead }, "position": pos, "newName": "ship" }),
    );
    let ops = r["result"]["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("operations: {r}"));
    let mut edits: Vec<(String, String)> = Vec::new();
    for op in &ops[..ops.len() - 1] {
        let uri = op["textDocument"]["uri"].as_str().unwrap();
        for e in op["edits"].as_array().unwrap() {
            assert_eq!(e["newText"], "ship");
            edits.push((uri.to_string(), e["range"].to_string()));
        }
    }
    edits.sort();
    let mut expected = vec![
        (
            lead.clone(),
            needle_range(LEAD, "Skill(deploy)", "deploy", Enc::Utf8).to_string(),
        ),
        (lead.clone(), slash.to_string()),
        (skill.clone(), name.to_string()),
    ];
    expected.sort();
    assert_eq!(edits, expected, "{r}");
    // Last, the folder moves (the edits name files by their old URIs).
    let rename = ops.last().unwrap();
    assert_eq!(rename["kind"], "rename", "{r}");
    assert_eq!(rename["oldUri"], ws.uri(".claude/skills/deploy"));
    assert_eq!(rename["newUri"], ws.uri(".claude/skills/ship"));
    assert!(c.shutdown().success());
}

#[test]
fn renaming_a_skill_needs_a_client_that_renames_files() {
    let ws = workspace("rename-refused");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": lead }, "position": at(LEAD, "/deploy,", 3), "newName": "ship" }),
    );
    let message = r["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("refused: {r}"));
    assert!(message.contains("resourceOperations"), "{message}");
    assert!(c.shutdown().success());
}

#[test]
fn renaming_a_command_renames_its_file() {
    let ws = workspace("rename-command");
    ws.write(".claude/commands/ship.md", COMMAND);
    let lead_text = "---\nname: lead\ndescription: Leads.\n---\nThen /ship.\n";
    ws.write(".claude/agents/lead.md", lead_text);
    let mut c = start_renaming(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, lead_text, 1);
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": lead }, "position": at(lead_text, "/ship", 2), "newName": "release" }),
    );
    let ops = r["result"]["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(ops.len(), 2, "{r}");
    assert_eq!(ops[0]["edits"][0]["newText"], "release");
    assert_eq!(ops[1]["oldUri"], ws.uri(".claude/commands/ship.md"));
    assert_eq!(ops[1]["newUri"], ws.uri(".claude/commands/release.md"));
    assert!(c.shutdown().success());
}

/// Semantic tokens in a skill: its own keys (an agent-only key marked), its
/// values, and what the body expands.
#[test]
fn a_skill_gets_its_own_semantic_tokens() {
    let (mut c, init) = Client::start(Some(&[Enc::Utf8.name()]));
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let text = "---\ncontext: fork\ncolor: red\n---\nFix $ARGUMENTS in ${CLAUDE_SKILL_DIR}: !`git status`\n";
    let uri = "file:///tmp/ws-skill-tokens/.claude/skills/fix/SKILL.md";
    c.open(uri, text, 1);
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let data = r["result"]["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    let lines: Vec<&str> = text.lines().collect();
    let (mut line, mut start) = (0usize, 0usize);
    let mut got = Vec::new();
    for t in data.chunks(5) {
        let n = |i: usize| t[i].as_u64().unwrap() as usize;
        if n(0) > 0 {
            start = 0;
        }
        line += n(0);
        start += n(1);
        let spelled = &lines[line][start..start + n(2)];
        got.push((spelled.to_string(), types[n(3)].to_string(), n(4) & 1 == 1));
    }
    let want = [
        ("context", "property", false),
        ("fork", "enumMember", false),
        ("color", "property", true),
        ("$ARGUMENTS", "variable", false),
        ("${CLAUDE_SKILL_DIR}", "variable", false),
        ("!`git status`", "macro", false),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(a, b, d)| (a.to_string(), b.to_string(), *d))
        .collect();
    assert_eq!(got, want);
    assert!(c.shutdown().success());
}

/// Hover on `/name` says what the index knows: the skill's description and
/// file, or the command's.
#[test]
fn hover_on_a_slash_name_shows_the_skill_or_command() {
    let ws = workspace("hover");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    let skill = ws.uri(".claude/skills/deploy/SKILL.md");
    c.open(&lead, LEAD, 1);
    c.open(&skill, SKILL, 1);
    let hover = |c: &mut Client, uri: &str, text: &str, needle: &str| {
        let r = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at(text, needle, 2) }),
        );
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"))
            .to_string()
    };
    let card = hover(&mut c, &lead, LEAD, "/deploy,");
    assert!(
        card.contains("Deploys.") && card.contains(".claude/skills/deploy/SKILL.md"),
        "{card}"
    );
    let card = hover(&mut c, &skill, SKILL, "/git:commit");
    assert!(
        card.contains("project command") && card.contains(".claude/commands/git/commit.md"),
        "{card}"
    );
    assert!(c.shutdown().success());
}

/// A skill's body names `scripts/run.sh`, which its folder does not hold:
/// shown while the skill is open (looked up off the protocol thread, as
/// `check` does), and gone once the file is created.
#[test]
fn a_missing_skill_file_is_shown_until_it_exists() {
    const NAMES: &str = "---\nname: ship\ndescription: Ships.\n---\nRun scripts/run.sh first.\n";
    let ws = TempWorkspace::new("ws-skills-missing-file");
    ws.write(".claude/skills/ship/SKILL.md", NAMES);
    let mut c = start(&ws);
    let uri = ws.uri(".claude/skills/ship/SKILL.md");
    c.open(&uri, NAMES, 1);
    let got = c.diagnostics(&uri, Some(1));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AG115"], "{got:?}");
    assert_eq!(
        got[0]["range"],
        needle_range(NAMES, "Run scripts/run.sh", "scripts/run.sh", Enc::Utf8)
    );

    ws.write(".claude/skills/ship/scripts/run.sh", "echo ok\n");
    let event = json!({ "uri": ws.uri(".claude/skills/ship/scripts/run.sh"), "type": 1 });
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [event] }),
    );
    let got = c.diagnostics(&uri, Some(1));
    assert!(got.is_empty(), "{got:?}");
}

/// `/name` in a body is a document link to the skill's `SKILL.md` or the
/// command's file, over the `/` and the name; a path, an unknown name and
/// the `Skill(…)` entries (definition serves those) are not links.
#[test]
fn slash_names_are_document_links_to_the_skill_or_command() {
    let ws = workspace("links");
    let mut c = start(&ws);
    let links = |c: &mut Client, uri: &str| -> Vec<Value> {
        let r = c.request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": uri } }),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    };
    let lead = ws.uri(".claude/agents/lead.md");
    let skill = ws.uri(".claude/skills/deploy/SKILL.md");
    c.open(&lead, LEAD, 1);
    let got = links(&mut c, &lead);
    let range = needle_range(LEAD, "Ship with /deploy", "/deploy", Enc::Utf8);
    assert_eq!(got, [json!({ "range": range, "target": skill })], "{got:?}");
    // From a skill's body to a command in a subfolder; a name nobody
    // defines is no link.
    let text = format!("{SKILL}Then /nobody.\n");
    c.open(&skill, &text, 1);
    let got = links(&mut c, &skill);
    assert_eq!(
        got,
        [json!({
            "range": needle_range(&text, "/git:commit", "/git:commit", Enc::Utf8),
            "target": ws.uri(".claude/commands/git/commit.md"),
        })],
        "{got:?}"
    );
    c.shutdown();
}
