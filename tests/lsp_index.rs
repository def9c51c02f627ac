//! End-to-end workspace index through the real `agentls lsp` binary, over a
//! fixture project and a fake home (`AGENTLS_HOME`) on disk: the cross-file
//! findings (AG060–AG066) as published diagnostics, navigation for agent
//! names, skills and MCP servers, workspace symbols, and the index kept live
//! through file events (watched or polled).
//!
//! Every test builds its own fixture in a fresh temporary folder and starts
//! its own server; every wait is bounded.

mod lsp_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_support::workspace::{Init, TempWorkspace, file_uri, start_in};
use lsp_support::{Client, Enc, TIMEOUT, needle_position, needle_range, offset};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// The fixture: `project/` (the workspace folder) and `home/` (the user scope).

const REVIEWER: &str = "\
---
name: reviewer
description: Reviews diffs for bugs.
tools: Read, Grep
---
Review the diff.
";

/// Refers to agents, skills and MCP servers, some of which do not exist.
const LEAD: &str = "\
---
name: lead
description: Plans the work and delegates it.
tools: Read, Agent(reviewer), Agent(ghost), mcp__github__create_issue, mcp__jira__search
skills: fmt, deploy, missing, lint
---
Ask the reviewer agent for a review, then ping @reviewer, @agent-reviewer or `reviewer` again.
";

/// In a subfolder of `.claude/agents`.
const TESTER: &str = "\
---
name: tester
description: Writes tests.
tools: Read, Bash, mcp__github__list_prs
skills:
  - fmt
---
Hand the results to @reviewer.
";

/// Wins over the user's `helper` (its name on another line than there, so
/// the two ranges differ).
const HELPER: &str = "\
---
description: Project helper.
name: helper
---
Help.
";

const EXPLORE: &str = "\
---
name: Explore
description: Explores the project my way.
---
Explore.
";

const TWIN_1: &str = "---\nname: twin\ndescription: First twin.\n---\nOne.\n";
const TWIN_2: &str = "---\nname: twin\ndescription: Second twin.\n---\nTwo.\n";
const FMT: &str = "---\nname: fmt\ndescription: Formats code.\n---\nRun the formatter.\n";
const DEPLOY: &str =
    "---\nname: deploy\ndescription: Deploys.\ndisable-model-invocation: true\n---\nDeploy.\n";
const COMMIT: &str = "---\ndescription: Commit staged changes.\n---\nCommit.\n";
const VENDORED: &str = "---\nname: vendored\ndescription: Vendored.\n---\nV.\n";
const MCP_JSON: &str =
    "{\n  \"mcpServers\": {\n    \"github\": { \"command\": \"gh-mcp\" }\n  }\n}\n";

const USER_HELPER: &str = "---\nname: helper\ndescription: My personal helper.\n---\nHelp me.\n";
const MENTOR: &str = "---\nname: mentor\ndescription: Mentors juniors.\n---\nMentor.\n";
const LINT: &str = "---\nname: lint\ndescription: Lints.\n---\nLint.\n";

const GHOST: &str = "---\nname: ghost\ndescription: Haunts.\n---\nBoo.\n";

/// A project (the workspace folder, `project/`) and a fake home (`home/`,
/// beside it) in a fresh temporary folder, removed on drop.
struct Fixture {
    ws: TempWorkspace,
}

impl Fixture {
    /// Empty `project/` and `home/` folders.
    fn empty(tag: &str) -> Fixture {
        let ws = TempWorkspace::new(&format!("index-{tag}"));
        std::fs::create_dir_all(ws.beside("home")).unwrap();
        Fixture { ws }
    }

    /// The full fixture: project agents (one in a subfolder), skills, a
    /// command, `.mcp.json`, an ignored `vendor/`, and user agents and a
    /// user skill in the home.
    fn new(tag: &str) -> Fixture {
        let fx = Fixture::empty(tag);
        for (rel, text) in [
            (".claude/agents/reviewer.md", REVIEWER),
            (".claude/agents/lead.md", LEAD),
            (".claude/agents/team/tester.md", TESTER),
            (".claude/agents/helper.md", HELPER),
            (".claude/agents/explore.md", EXPLORE),
            (".claude/agents/twin-1.md", TWIN_1),
            (".claude/agents/team/twin-2.md", TWIN_2),
            (".claude/skills/fmt/SKILL.md", FMT),
            (".claude/skills/deploy/SKILL.md", DEPLOY),
            (".claude/commands/git/commit.md", COMMIT),
            ("vendor/.claude/agents/vendored.md", VENDORED),
            (".gitignore", "vendor/\n"),
            (".mcp.json", MCP_JSON),
        ] {
            fx.write(rel, text);
        }
        for (rel, text) in [
            (".claude/agents/helper.md", USER_HELPER),
            (".claude/agents/mentor.md", MENTOR),
            (".claude/skills/lint/SKILL.md", LINT),
        ] {
            fx.ws.write_beside(&format!("home/{rel}"), text);
        }
        fx
    }

    /// Path of a project file.
    fn path(&self, rel: &str) -> PathBuf {
        self.ws.path(rel)
    }

    /// Write a file of the project.
    fn write(&self, rel: &str, text: &str) {
        self.ws.write(rel, text);
    }

    /// URI of a project file.
    fn uri(&self, rel: &str) -> String {
        self.ws.uri(rel)
    }

    /// URI of a file in the home.
    fn home_uri(&self, rel: &str) -> String {
        file_uri(&self.ws.beside("home").join(rel))
    }
}

// ---------------------------------------------------------------------------
// Starting the server.

/// What the client declares in `initialize`.
#[derive(Clone, Copy, Default)]
struct Options {
    /// `workspace.didChangeWatchedFiles.dynamicRegistration: true`.
    watch: bool,
    /// `workspaceEdit.documentChanges` with the `rename` resource operation.
    rename_files: bool,
    /// `initializationOptions.userScope`, when given.
    user_scope: Option<bool>,
}

/// Start the server on the fixture's project (UTF-8 positions, the fixture's
/// home as `AGENTLS_HOME`), ready once the index is.
fn start(fx: &Fixture, opts: Options) -> Client {
    let mut init = Init::new(Enc::Utf8);
    init.home = Some(fx.ws.beside("home"));
    if opts.watch {
        init.capabilities["workspace"]["didChangeWatchedFiles"] =
            json!({ "dynamicRegistration": true });
    }
    if opts.rename_files {
        init.capabilities["workspace"]["workspaceEdit"] = json!({
            "documentChanges": true,
            "resourceOperations": ["create", "rename", "delete"],
        });
    }
    if let Some(user_scope) = opts.user_scope {
        init.initialization_options = Some(json!({ "userScope": user_scope }));
    }
    let (mut c, result) = start_in(&fx.ws, init);
    assert_eq!(
        result["capabilities"]["workspaceSymbolProvider"], true,
        "{result}"
    );
    if opts.watch {
        // The test client answers it (null result); the server waits for that.
        let reg = c
            .wait_for(TIMEOUT, |m| m["method"] == "client/registerCapability")
            .expect("the server registers file watchers");
        assert_eq!(
            reg["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles",
            "{reg}"
        );
    }
    c
}

// ---------------------------------------------------------------------------
// Requests and notifications.

fn symbols(c: &mut Client, query: &str) -> Vec<Value> {
    let r = c.request("workspace/symbol", json!({ "query": query }));
    r["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("symbols: {r}"))
}

/// The URIs of the symbols named exactly `name`, sorted.
fn symbol_uris(c: &mut Client, name: &str) -> Vec<String> {
    let mut uris: Vec<String> = symbols(c, name)
        .iter()
        .filter(|s| s["name"] == name)
        .map(|s| {
            s["location"]["uri"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    uris.sort();
    uris
}

/// Poll until `symbol_uris(name)` is `want`; false when `within` passes first.
fn symbol_appears(c: &mut Client, name: &str, want: &[String], within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if symbol_uris(c, name) == want {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn position_params(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

fn definition(c: &mut Client, uri: &str, position: Value) -> Value {
    c.request("textDocument/definition", position_params(uri, position))["result"].clone()
}

fn references(c: &mut Client, uri: &str, position: Value, declaration: bool) -> Vec<String> {
    let mut params = position_params(uri, position);
    params["context"] = json!({ "includeDeclaration": declaration });
    let r = c.request("textDocument/references", params);
    locations(&r["result"])
}

fn rename(c: &mut Client, uri: &str, position: Value, new_name: &str) -> Value {
    let mut params = position_params(uri, position);
    params["newName"] = json!(new_name);
    c.request("textDocument/rename", params)
}

/// File system events: `(uri, type)` with 1 created, 2 changed, 3 deleted.
fn file_events(c: &mut Client, events: &[(&str, u8)]) {
    let changes: Vec<Value> = events
        .iter()
        .map(|(uri, typ)| json!({ "uri": uri, "type": typ }))
        .collect();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": changes }),
    );
}

const CREATED: u8 = 1;
const CHANGED: u8 = 2;
const DELETED: u8 = 3;

/// The publications for `uri` with `version` in arrival order, until one
/// satisfies `pred`: that one's diagnostics.
fn published_until(
    c: &mut Client,
    uri: &str,
    version: Option<i64>,
    what: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let want = version.map_or(Value::Null, |v| json!(v));
        let Some(msg) = c.wait_for(left, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && *m["params"].get("version").unwrap_or(&Value::Null) == want
        }) else {
            panic!("{what}: not published for {uri} within {TIMEOUT:?}; last: {last:?}");
        };
        let diags = msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if pred(&diags) {
            return diags;
        }
        last = Some(diags);
    }
}

// ---------------------------------------------------------------------------
// Expected values.

/// The range of `needle` inside the first `context` of `text`.
fn span(text: &str, context: &str, needle: &str) -> Value {
    needle_range(text, context, needle, Enc::Utf8)
}

/// A position inside `needle` (its second character) within `context`.
fn at(text: &str, context: &str, needle: &str) -> Value {
    needle_position(text, context, needle, Enc::Utf8)
}

fn location(uri: &str, range: Value) -> String {
    json!({ "uri": uri, "range": range }).to_string()
}

/// The start of a file: where skills, commands and `.mcp.json`-less
/// definitions point.
fn file_start(uri: &str) -> String {
    let zero = json!({ "line": 0, "character": 0 });
    location(uri, json!({ "start": zero, "end": zero }))
}

/// Locations as sorted strings, so comparisons ignore order.
fn locations(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("locations: {v}"))
        .iter()
        .map(|l| location(l["uri"].as_str().unwrap_or_default(), l["range"].clone()))
        .collect();
    out.sort();
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Each diagnostic as `code range`, sorted.
fn findings(diags: &[Value]) -> Vec<String> {
    sorted(
        diags
            .iter()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap_or("?"), d["range"]))
            .collect(),
    )
}

fn finding(code: &str, range: Value) -> String {
    format!("{code} {range}")
}

fn has_code(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

/// The cross-file findings on `LEAD` as the fixture has it.
fn lead_findings() -> Vec<String> {
    sorted(vec![
        finding("AG063", span(LEAD, "Agent(ghost)", "ghost")),
        finding("AG064", span(LEAD, "mcp__jira__", "jira")),
        finding("AG065", span(LEAD, "skills: fmt, deploy", "deploy")),
        finding("AG065", span(LEAD, "missing", "missing")),
    ])
}

/// A `documentChanges` answer as `uri: edits` lines (edits sorted) plus the
/// resource operations, in order.
fn document_changes(result: &Value) -> Vec<String> {
    let ops = result["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("documentChanges: {result}"));
    ops.iter()
        .map(|op| match op["kind"].as_str() {
            Some(kind) => format!("{kind} {} -> {}", op["oldUri"], op["newUri"]),
            None => {
                let edits: Vec<String> = op["edits"]
                    .as_array()
                    .unwrap_or_else(|| panic!("edits: {op}"))
                    .iter()
                    .map(|e| format!("{}={}", e["range"], e["newText"]))
                    .collect();
                format!("{}: {}", op["textDocument"]["uri"], sorted(edits).join(" "))
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// 1. Cross-file findings as published diagnostics.

#[test]
fn workspace_rules_are_published_on_the_right_files_and_ranges() {
    let fx = Fixture::new("rules");
    let mut c = start(&fx, Options::default());

    // Files nobody opened get their cross-file findings (and only those:
    // `Explore` also breaks the name style, a single-file hint).
    let explore = published_until(
        &mut c,
        &fx.uri(".claude/agents/explore.md"),
        None,
        "AG062",
        |d| !d.is_empty(),
    );
    assert_eq!(
        findings(&explore),
        vec![finding("AG062", span(EXPLORE, "Explore", "Explore"))]
    );
    assert_eq!(explore[0]["severity"], 3, "information: {explore:?}");

    // Two files of one agents tree share a name: each points at the other.
    let twin_1 = fx.uri(".claude/agents/twin-1.md");
    let twin_2 = fx.uri(".claude/agents/team/twin-2.md");
    for (uri, other) in [(&twin_1, &twin_2), (&twin_2, &twin_1)] {
        let d = published_until(&mut c, uri, None, "AG061", |d| !d.is_empty());
        let name = span(TWIN_1, "twin", "twin");
        assert_eq!(findings(&d), vec![finding("AG061", name.clone())], "{uri}");
        let related = &d[0]["relatedInformation"][0]["location"];
        assert_eq!(related, &json!({ "uri": other, "range": name }), "{uri}");
    }

    // The user's `helper` is shadowed by the project's: the note points at
    // the winner's `name:` value.
    let user_helper = fx.home_uri(".claude/agents/helper.md");
    let d = published_until(&mut c, &user_helper, None, "AG060", |d| !d.is_empty());
    assert_eq!(
        findings(&d),
        vec![finding("AG060", span(USER_HELPER, "helper", "helper"))]
    );
    assert_eq!(d[0]["severity"], 2);
    let related = &d[0]["relatedInformation"][0];
    assert_eq!(
        related["location"],
        json!({ "uri": fx.uri(".claude/agents/helper.md"), "range": span(HELPER, "name: helper", "helper") }),
        "{related}"
    );
    assert!(
        related["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("the definition used is at ")),
        "{related}"
    );

    // `lead` before and after opening it: the same cross-file findings
    // (the file is otherwise clean, so nothing else is published).
    let lead = fx.uri(".claude/agents/lead.md");
    let closed = published_until(&mut c, &lead, None, "lead closed", |d| !d.is_empty());
    assert_eq!(findings(&closed), lead_findings());
    c.open(&lead, LEAD, 1);
    let open = c.diagnostics(&lead, Some(1));
    assert_eq!(findings(&open), lead_findings());
    let message = |code: &str, word: &str| {
        open.iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["message"].as_str().unwrap_or_default())
            .any(|m| m.contains(word))
    };
    assert!(message("AG063", "`ghost`"), "{open:?}");
    assert!(message("AG064", "`jira`"), "{open:?}");
    assert!(message("AG065", "disable-model-invocation"), "{open:?}");
    assert!(message("AG065", "No skill `missing`"), "{open:?}");
    assert!(c.shutdown().success());
}

/// Three agents whose descriptions total ≈18,000 characters.
fn long_agent(name: &str) -> String {
    let description = "Handles a long list of cases. ".repeat(200);
    format!(
        "---\nname: {name}\ndescription: {}\n---\nWork.\n",
        description.trim_end()
    )
}

#[test]
fn descriptions_over_budget_show_an_info_note_on_open_files_only() {
    let fx = Fixture::empty("budget");
    let alpha = long_agent("alpha");
    fx.write(".claude/agents/alpha.md", &alpha);
    fx.write(".claude/agents/beta.md", &long_agent("beta"));
    fx.write(".claude/agents/gamma.md", &long_agent("gamma"));
    let mut c = start(&fx, Options::default());

    // A closed file's only finding is the budget note: it is left out.
    let beta = published_until(
        &mut c,
        &fx.uri(".claude/agents/beta.md"),
        None,
        "beta",
        |_| true,
    );
    assert_eq!(beta, Vec::<Value>::new(), "no budget note on closed files");

    let uri = fx.uri(".claude/agents/alpha.md");
    c.open(&uri, &alpha, 1);
    let d = c.diagnostics(&uri, Some(1));
    assert_eq!(
        findings(&d),
        vec![finding(
            "AG066",
            span(&alpha, "description:", "description")
        )]
    );
    assert_eq!(d[0]["severity"], 3, "information: {d:?}");
    let message = d[0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("3 agents' descriptions"), "{message}");
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 2. Agent names: definition, references, rename.

/// Every site of `reviewer` in the open documents: (uri, text, context).
fn reviewer_sites(fx: &Fixture) -> Vec<(String, &'static str, &'static str)> {
    let lead = fx.uri(".claude/agents/lead.md");
    vec![
        (
            fx.uri(".claude/agents/reviewer.md"),
            REVIEWER,
            "name: reviewer",
        ),
        (lead.clone(), LEAD, "Agent(reviewer)"),
        (lead.clone(), LEAD, "the reviewer agent"),
        (lead.clone(), LEAD, "ping @reviewer"),
        (lead.clone(), LEAD, "@agent-reviewer"),
        (lead, LEAD, "`reviewer`"),
        (fx.uri(".claude/agents/team/tester.md"), TESTER, "@reviewer"),
    ]
}

/// Open the three files that name `reviewer`.
fn open_reviewer_files(c: &mut Client, fx: &Fixture) {
    c.open(&fx.uri(".claude/agents/reviewer.md"), REVIEWER, 1);
    c.open(&fx.uri(".claude/agents/lead.md"), LEAD, 1);
    c.open(&fx.uri(".claude/agents/team/tester.md"), TESTER, 1);
}

#[test]
fn definition_and_references_of_an_agent_name_from_every_site_kind() {
    let fx = Fixture::new("names");
    let mut c = start(&fx, Options::default());
    open_reviewer_files(&mut c, &fx);
    let reviewer = fx.uri(".claude/agents/reviewer.md");
    let declaration = location(&reviewer, span(REVIEWER, "name: reviewer", "reviewer"));
    let uses: Vec<String> = reviewer_sites(&fx)
        .into_iter()
        .skip(1)
        .map(|(uri, text, context)| location(&uri, span(text, context, "reviewer")))
        .collect();
    let with_declaration = sorted([uses.clone(), vec![declaration.clone()]].concat());

    for (uri, text, context) in reviewer_sites(&fx) {
        let pos = at(text, context, "reviewer");
        let def = definition(&mut c, &uri, pos.clone());
        assert_eq!(def.to_string(), declaration, "definition from {context}");
        let refs = references(&mut c, &uri, pos.clone(), false);
        assert_eq!(refs, sorted(uses.clone()), "references from {context}");
        let refs = references(&mut c, &uri, pos, true);
        assert_eq!(refs, with_declaration, "with declaration, from {context}");
    }

    // Not a name: the `agent-` of `@agent-reviewer`, a plain word.
    let lead = fx.uri(".claude/agents/lead.md");
    let def = definition(&mut c, &lead, at(LEAD, "@agent-reviewer", "agent-"));
    assert_eq!(def, Value::Null);
    let def = definition(&mut c, &lead, at(LEAD, "for a review", "review"));
    assert_eq!(def, Value::Null);
    assert!(c.shutdown().success());
}

#[test]
fn prepare_rename_accepts_names_and_refuses_anything_else() {
    let fx = Fixture::new("prepare");
    let mut c = start(&fx, Options::default());
    let lead = fx.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);

    let r = c.request(
        "textDocument/prepareRename",
        position_params(&lead, at(LEAD, "@agent-reviewer", "reviewer")),
    );
    assert_eq!(
        r["result"],
        json!({ "range": span(LEAD, "@agent-reviewer", "reviewer"), "placeholder": "reviewer" }),
        "{r}"
    );
    for (context, needle) in [
        ("description: Plans", "Plans"),
        ("tools: Read", "Read"),
        ("mcp__github__create_issue", "create_issue"),
    ] {
        let r = c.request(
            "textDocument/prepareRename",
            position_params(&lead, at(LEAD, context, needle)),
        );
        assert!(r["error"].is_object(), "{needle} refused: {r}");
    }
    assert!(c.shutdown().success());
}

#[test]
fn rename_renames_the_file_too_when_the_client_can() {
    let fx = Fixture::new("rename-file");
    let mut c = start(
        &fx,
        Options {
            rename_files: true,
            ..Options::default()
        },
    );
    open_reviewer_files(&mut c, &fx);
    let reviewer = fx.uri(".claude/agents/reviewer.md");
    let lead = fx.uri(".claude/agents/lead.md");
    let tester = fx.uri(".claude/agents/team/tester.md");
    let edit =
        |text: &str, context: &str| format!("{}=\"critic\"", span(text, context, "reviewer"));
    let lead_edits = sorted(
        reviewer_sites(&fx)
            .into_iter()
            .filter(|(uri, ..)| *uri == lead)
            .map(|(_, text, context)| edit(text, context))
            .collect(),
    );
    // Text edits by file (sorted by path), then the file rename.
    let expected = vec![
        format!("\"{lead}\": {}", lead_edits.join(" ")),
        format!("\"{reviewer}\": {}", edit(REVIEWER, "name: reviewer")),
        format!("\"{tester}\": {}", edit(TESTER, "@reviewer")),
        format!(
            "rename \"{reviewer}\" -> \"{}\"",
            fx.uri(".claude/agents/critic.md")
        ),
    ];
    for (uri, text, context) in reviewer_sites(&fx) {
        let r = rename(&mut c, &uri, at(text, context, "reviewer"), "critic");
        assert!(r["result"]["changes"].is_null(), "{r}");
        assert_eq!(document_changes(&r["result"]), expected, "from {context}");
    }

    // A file not named after its agent stays where it is: plain changes.
    let explore = fx.uri(".claude/agents/explore.md");
    c.open(&explore, EXPLORE, 1);
    let r = rename(&mut c, &explore, at(EXPLORE, "Explore", "Explore"), "scout");
    assert!(r["result"]["documentChanges"].is_null(), "{r}");
    assert_eq!(
        r["result"]["changes"],
        json!({ explore: [{ "range": span(EXPLORE, "Explore", "Explore"), "newText": "scout" }] })
    );
    assert!(c.shutdown().success());
}

#[test]
fn rename_without_file_operations_returns_plain_changes() {
    let fx = Fixture::new("rename-plain");
    let mut c = start(&fx, Options::default());
    open_reviewer_files(&mut c, &fx);
    let mut expected: Vec<String> = reviewer_sites(&fx)
        .into_iter()
        .map(|(uri, text, context)| format!("{uri} {}", span(text, context, "reviewer")))
        .collect();
    expected.sort();
    for (uri, text, context) in reviewer_sites(&fx) {
        let r = rename(&mut c, &uri, at(text, context, "reviewer"), "critic");
        assert!(r["result"]["documentChanges"].is_null(), "{r}");
        let changes = r["result"]["changes"]
            .as_object()
            .unwrap_or_else(|| panic!("changes: {r}"));
        let mut got = Vec::new();
        for (file, edits) in changes {
            for e in edits.as_array().expect("edits") {
                assert_eq!(e["newText"], "critic", "{e}");
                got.push(format!("{file} {}", e["range"]));
            }
        }
        got.sort();
        assert_eq!(got, expected, "from {context}");
    }
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 3. Skills and MCP servers.

#[test]
fn definition_and_references_of_skills_and_mcp_servers() {
    let fx = Fixture::new("targets");
    let mut c = start(&fx, Options::default());
    let lead = fx.uri(".claude/agents/lead.md");
    let tester = fx.uri(".claude/agents/team/tester.md");
    c.open(&lead, LEAD, 1);
    c.open(&tester, TESTER, 1);

    // A project skill, from a comma list and from a block list.
    let fmt = fx.uri(".claude/skills/fmt/SKILL.md");
    let entries = vec![
        location(&lead, span(LEAD, "skills: fmt", "fmt")),
        location(&tester, span(TESTER, "- fmt", "fmt")),
    ];
    for (uri, pos) in [
        (&lead, at(LEAD, "skills: fmt", "fmt")),
        (&tester, at(TESTER, "- fmt", "fmt")),
    ] {
        let def = definition(&mut c, uri, pos.clone());
        assert_eq!(def.to_string(), file_start(&fmt), "from {uri}");
        assert_eq!(
            references(&mut c, uri, pos.clone(), false),
            sorted(entries.clone())
        );
        assert_eq!(
            references(&mut c, uri, pos, true),
            sorted([entries.clone(), vec![file_start(&fmt)]].concat())
        );
    }
    // A user skill; a missing one has no definition.
    let def = definition(&mut c, &lead, at(LEAD, "lint", "lint"));
    assert_eq!(
        def.to_string(),
        file_start(&fx.home_uri(".claude/skills/lint/SKILL.md"))
    );
    assert_eq!(
        definition(&mut c, &lead, at(LEAD, "missing", "missing")),
        Value::Null
    );

    // An MCP server: its key in `.mcp.json`.
    let key = location(&fx.uri(".mcp.json"), span(MCP_JSON, "\"github\"", "github"));
    let uses = vec![
        location(&lead, span(LEAD, "mcp__github__", "github")),
        location(&tester, span(TESTER, "mcp__github__", "github")),
    ];
    let pos = at(LEAD, "mcp__github__", "github");
    assert_eq!(definition(&mut c, &lead, pos.clone()).to_string(), key);
    assert_eq!(
        references(&mut c, &lead, pos.clone(), false),
        sorted(uses.clone())
    );
    assert_eq!(
        references(&mut c, &lead, pos, true),
        sorted([uses, vec![key]].concat())
    );
    let jira = at(LEAD, "mcp__jira__", "jira");
    assert_eq!(
        definition(&mut c, &lead, jira),
        Value::Null,
        "not configured"
    );
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 4. Workspace symbols.

#[test]
fn workspace_symbols_list_agents_skills_and_commands() {
    let fx = Fixture::new("symbols");
    let mut c = start(&fx, Options::default());
    let all = symbols(&mut c, "");
    let mut got: Vec<String> = all
        .iter()
        .map(|s| {
            let uri = s["location"]["uri"].as_str().unwrap_or_default();
            let rel = uri
                .strip_prefix(&file_uri(fx.ws.base()))
                .unwrap_or(uri)
                .trim_start_matches('/');
            format!("{} {} {} {}", s["name"], s["kind"], s["containerName"], rel)
        })
        .collect();
    got.sort();
    // Agents are classes (5), skills functions (12), commands events (24);
    // the container says what and whose it is (host and scope), and an
    // agent's description after it.
    let expected = [
        r#""Explore" 5 "Claude Code agent · project · Explores the project my way." project/.claude/agents/explore.md"#,
        r#""deploy" 12 "Claude Code skill · project" project/.claude/skills/deploy/SKILL.md"#,
        r#""fmt" 12 "Claude Code skill · project" project/.claude/skills/fmt/SKILL.md"#,
        r#""git:commit" 24 "Claude Code command · project" project/.claude/commands/git/commit.md"#,
        r#""helper" 5 "Claude Code agent · project · Project helper." project/.claude/agents/helper.md"#,
        r#""helper" 5 "Claude Code agent · user · My personal helper." home/.claude/agents/helper.md"#,
        r#""lead" 5 "Claude Code agent · project · Plans the work and delegates it." project/.claude/agents/lead.md"#,
        r#""lint" 12 "Claude Code skill · user" home/.claude/skills/lint/SKILL.md"#,
        r#""mentor" 5 "Claude Code agent · user · Mentors juniors." home/.claude/agents/mentor.md"#,
        r#""reviewer" 5 "Claude Code agent · project · Reviews diffs for bugs." project/.claude/agents/reviewer.md"#,
        r#""tester" 5 "Claude Code agent · project · Writes tests." project/.claude/agents/team/tester.md"#,
        r#""twin" 5 "Claude Code agent · project · First twin." project/.claude/agents/twin-1.md"#,
        r#""twin" 5 "Claude Code agent · project · Second twin." project/.claude/agents/team/twin-2.md"#,
    ];
    assert_eq!(got, sorted(expected.map(String::from).to_vec()));

    // Locations: an agent's `name:` value, the start of a skill or command.
    let reviewer = symbols(&mut c, "review");
    assert_eq!(reviewer.len(), 1, "{reviewer:?}");
    assert_eq!(
        reviewer[0]["location"]["range"],
        span(REVIEWER, "name: reviewer", "reviewer")
    );
    let commit = symbols(&mut c, "COMMIT");
    assert_eq!(
        commit[0]["location"].to_string(),
        file_start(&fx.uri(".claude/commands/git/commit.md"))
    );
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 5. File events, with dynamic registration.

fn watching(fx: &Fixture) -> Client {
    start(
        fx,
        Options {
            watch: true,
            ..Options::default()
        },
    )
}

#[test]
fn created_agent_is_indexed_and_resolves_a_reference() {
    let fx = Fixture::new("created");
    let mut c = watching(&fx);
    let lead = fx.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    assert_eq!(findings(&c.diagnostics(&lead, Some(1))), lead_findings());

    fx.write(".claude/agents/ghost.md", GHOST);
    let ghost = fx.uri(".claude/agents/ghost.md");
    file_events(&mut c, &[(&ghost, CREATED)]);
    assert_eq!(symbol_uris(&mut c, "ghost"), vec![ghost]);
    // `Agent(ghost)` now resolves: republished without that finding.
    let d = published_until(&mut c, &lead, Some(1), "ghost resolved", |d| {
        !has_code(d, "AG063")
    });
    let mut rest = lead_findings();
    rest.retain(|f| !f.starts_with("AG063"));
    assert_eq!(findings(&d), rest);
    assert!(c.shutdown().success());
}

#[test]
fn changed_name_on_disk_updates_the_symbols() {
    let fx = Fixture::new("changed");
    let mut c = watching(&fx);
    let tester = fx.uri(".claude/agents/team/tester.md");
    assert_eq!(symbol_uris(&mut c, "tester"), vec![tester.clone()]);

    fx.write(
        ".claude/agents/team/tester.md",
        &TESTER.replace("name: tester", "name: checker"),
    );
    file_events(&mut c, &[(&tester, CHANGED)]);
    assert_eq!(symbol_uris(&mut c, "checker"), vec![tester]);
    assert_eq!(symbol_uris(&mut c, "tester"), Vec::<String>::new());
    assert!(c.shutdown().success());
}

#[test]
fn renamed_file_moves_its_agent() {
    let fx = Fixture::new("moved");
    let mut c = watching(&fx);
    let old = fx.uri(".claude/agents/reviewer.md");
    let new = fx.uri(".claude/agents/reviewer-v2.md");
    std::fs::rename(
        fx.path(".claude/agents/reviewer.md"),
        fx.path(".claude/agents/reviewer-v2.md"),
    )
    .unwrap();
    file_events(&mut c, &[(&old, DELETED), (&new, CREATED)]);
    assert_eq!(symbol_uris(&mut c, "reviewer"), vec![new.clone()]);
    // References to it follow.
    let lead = fx.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let def = definition(&mut c, &lead, at(LEAD, "Agent(reviewer)", "reviewer"));
    assert_eq!(def["uri"], json!(new), "{def}");
    assert!(c.shutdown().success());
}

#[test]
fn deleted_agent_leaves_the_index_and_its_references_dangle() {
    let fx = Fixture::new("deleted");
    let mut c = watching(&fx);
    let reviewer = fx.uri(".claude/agents/reviewer.md");
    std::fs::remove_file(fx.path(".claude/agents/reviewer.md")).unwrap();
    file_events(&mut c, &[(&reviewer, DELETED)]);
    assert_eq!(symbol_uris(&mut c, "reviewer"), Vec::<String>::new());
    // `lead` is closed: its cross-file findings are republished.
    let lead = fx.uri(".claude/agents/lead.md");
    let d = published_until(&mut c, &lead, None, "reviewer unknown", |d| {
        d.iter().any(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("`reviewer`"))
        })
    });
    let expected = sorted(
        [
            lead_findings(),
            vec![finding("AG063", span(LEAD, "Agent(reviewer)", "reviewer"))],
        ]
        .concat(),
    );
    assert_eq!(findings(&d), expected);
    assert!(c.shutdown().success());
}

#[test]
fn deleted_folder_removes_every_agent_below_it() {
    let fx = Fixture::new("rmdir");
    let mut c = watching(&fx);
    let team = fx.path(".claude/agents/team");
    std::fs::remove_dir_all(&team).unwrap();
    file_events(&mut c, &[(&file_uri(&team), DELETED)]);
    assert_eq!(symbol_uris(&mut c, "tester"), Vec::<String>::new());
    let twin_1 = fx.uri(".claude/agents/twin-1.md");
    assert_eq!(symbol_uris(&mut c, "twin"), vec![twin_1.clone()]);
    // No duplicate left: the remaining twin's finding is withdrawn.
    let d = published_until(&mut c, &twin_1, None, "twin alone", |d| d.is_empty());
    assert!(d.is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn created_folder_is_walked() {
    let fx = Fixture::new("mkdir");
    let mut c = watching(&fx);
    // Moved in whole: one event for the folder, none for its files.
    fx.write(".claude/agents/squad/ghost.md", GHOST);
    fx.write(
        ".claude/agents/squad/deep/scout.md",
        "---\nname: scout\ndescription: Scouts.\n---\nScout.\n",
    );
    let squad = fx.uri(".claude/agents/squad");
    file_events(&mut c, &[(&squad, CREATED)]);
    assert_eq!(
        symbol_uris(&mut c, "ghost"),
        vec![fx.uri(".claude/agents/squad/ghost.md")]
    );
    assert_eq!(
        symbol_uris(&mut c, "scout"),
        vec![fx.uri(".claude/agents/squad/deep/scout.md")]
    );
    assert!(c.shutdown().success());
}

#[test]
fn changed_mcp_json_resolves_a_server() {
    let fx = Fixture::new("mcp");
    let mut c = watching(&fx);
    fx.write(
        ".mcp.json",
        r#"{ "mcpServers": { "github": {}, "jira": {} } }"#,
    );
    file_events(&mut c, &[(&fx.uri(".mcp.json"), CHANGED)]);
    // `lead` is closed: republished without `mcp__jira__…`'s finding.
    let lead = fx.uri(".claude/agents/lead.md");
    let d = published_until(&mut c, &lead, None, "jira configured", |d| {
        !d.is_empty() && !has_code(d, "AG064")
    });
    let mut rest = lead_findings();
    rest.retain(|f| !f.starts_with("AG064"));
    assert_eq!(findings(&d), rest);
    assert!(c.shutdown().success());
}

#[test]
fn an_open_document_wins_over_disk_events() {
    let fx = Fixture::new("open-wins");
    let mut c = watching(&fx);
    let tester = fx.uri(".claude/agents/team/tester.md");
    c.open(&tester, &TESTER.replace("name: tester", "name: draft"), 1);
    assert_eq!(symbol_uris(&mut c, "draft"), vec![tester.clone()]);

    // The disk changes under the editor: the editor's text stays.
    fx.write(
        ".claude/agents/team/tester.md",
        &TESTER.replace("name: tester", "name: ondisk"),
    );
    file_events(&mut c, &[(&tester, CHANGED)]);
    assert_eq!(symbol_uris(&mut c, "draft"), vec![tester.clone()]);
    assert_eq!(symbol_uris(&mut c, "ondisk"), Vec::<String>::new());

    // Its folder is deleted: the open document stays, its neighbour goes.
    let team = fx.path(".claude/agents/team");
    std::fs::remove_dir_all(&team).unwrap();
    file_events(&mut c, &[(&file_uri(&team), DELETED)]);
    assert_eq!(symbol_uris(&mut c, "draft"), vec![tester.clone()]);
    assert_eq!(
        symbol_uris(&mut c, "twin"),
        vec![fx.uri(".claude/agents/twin-1.md")]
    );

    // Closed: back to the disk, where the file is gone.
    c.close(&tester);
    assert_eq!(symbol_uris(&mut c, "draft"), Vec::<String>::new());
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 6. Without dynamic registration: polling.

#[test]
fn without_watchers_new_files_are_found_by_polling() {
    let fx = Fixture::new("polling");
    let mut c = start(&fx, Options::default());
    fx.write(".claude/agents/ghost.md", GHOST);
    let ghost = vec![fx.uri(".claude/agents/ghost.md")];
    assert!(
        symbol_appears(&mut c, "ghost", &ghost, Duration::from_secs(10)),
        "ghost.md not picked up within 10 s"
    );
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 7. What is left out.

#[test]
fn gitignored_folders_are_not_indexed() {
    let fx = Fixture::new("gitignore");
    assert!(fx.path("vendor/.claude/agents/vendored.md").is_file());
    let mut c = start(&fx, Options::default());
    assert_eq!(symbol_uris(&mut c, "vendored"), Vec::<String>::new());
    assert_eq!(
        symbol_uris(&mut c, "reviewer"),
        vec![fx.uri(".claude/agents/reviewer.md")]
    );
    assert!(c.shutdown().success());
}

#[test]
fn user_scope_false_leaves_the_home_out() {
    let fx = Fixture::new("no-user");
    let mut c = start(
        &fx,
        Options {
            user_scope: Some(false),
            ..Options::default()
        },
    );
    assert_eq!(symbol_uris(&mut c, "mentor"), Vec::<String>::new());
    assert_eq!(symbol_uris(&mut c, "lint"), Vec::<String>::new());
    assert_eq!(
        symbol_uris(&mut c, "helper"),
        vec![fx.uri(".claude/agents/helper.md")]
    );
    // Without the user's skill, `lint` no longer resolves.
    let lead = fx.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let d = c.diagnostics(&lead, Some(1));
    let expected = sorted(
        [
            lead_findings(),
            vec![finding("AG065", span(LEAD, "lint", "lint"))],
        ]
        .concat(),
    );
    assert_eq!(findings(&d), expected);
    assert!(c.shutdown().success());
}

/// Hover on a `skills:` entry or an MCP server name shows what the index
/// knows: where it is defined, or that it is not.
#[test]
fn hover_on_skills_and_mcp_servers_shows_the_index() {
    let fx = Fixture::new("hover");
    let mut c = start(&fx, Options::default());
    let lead = fx.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let mut hover = |pos: Value| {
        let r = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": lead }, "position": pos }),
        );
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let fmt = hover(at(LEAD, "skills: fmt", "fmt"));
    assert!(fmt.starts_with("**fmt** · project skill"), "{fmt}");
    assert!(fmt.contains("Formats code."), "{fmt}");
    assert!(fmt.contains("`.claude/skills/fmt/SKILL.md`"), "{fmt}");
    let deploy = hover(at(LEAD, "deploy", "deploy"));
    assert!(deploy.contains("cannot be preloaded"), "{deploy}");
    let lint = hover(at(LEAD, "lint", "lint"));
    assert!(lint.starts_with("**lint** · user skill"), "{lint}");
    let missing = hover(at(LEAD, "missing", "missing"));
    assert!(missing.contains("skill not found"), "{missing}");
    let github = hover(at(LEAD, "mcp__github__", "github"));
    assert!(
        github.starts_with("**github** · MCP server configured in `.mcp.json`"),
        "{github}"
    );
    let jira = hover(at(LEAD, "mcp__jira__", "jira"));
    assert!(jira.contains("not configured"), "{jira}");
    assert!(c.shutdown().success());
}

// ---------------------------------------------------------------------------
// 8. One engine: `agentls check` and the server agree.

/// Differential: every cross-file finding `agentls check` prints for the
/// project's agents, the server publishes on the same file and bytes, and
/// nothing else (the budget note aside: closed files never show it).
#[test]
fn check_and_the_server_report_the_same_cross_file_findings() {
    let fx = Fixture::new("agree");
    let found = check_agrees_with_the_server(&fx, &fx.path(".claude"));
    assert!(found > 0, "the fixture has cross-file findings");
}

/// The same with nested projects and a plugin's agents: Claude Code started
/// in `pkg/` sees `pkg/.claude/agents` first, then the root's.
#[test]
fn check_and_the_server_agree_on_nested_projects_and_plugins() {
    let fx = Fixture::empty("nested");
    for (rel, text) in [
        (
            ".claude/agents/dup.md",
            "---\nname: dup\ndescription: Root dup.\n---\nRoot.\n",
        ),
        (
            ".claude/agents/lead.md",
            "---\nname: lead\ndescription: Lead.\ntools: Agent(solo), Agent(dup)\n---\nLead.\n",
        ),
        (
            "pkg/.claude/agents/dup.md",
            "---\nname: dup\ndescription: Pkg dup.\n---\nPkg.\n",
        ),
        (
            "pkg/.claude/agents/solo.md",
            "---\nname: solo\ndescription: Solo.\n---\nSolo.\n",
        ),
        (
            "plugins/kit/agents/helper.md",
            "---\nname: helper\ndescription: Kit helper.\ntools: Agent(nobody)\n---\nHelp.\n",
        ),
    ] {
        fx.write(rel, text);
    }
    let found = check_agrees_with_the_server(&fx, &fx.path(""));
    // Seen from pkg/, the root's `dup` is shadowed by pkg's.
    assert!(found >= 2, "shadowing and the plugin's unknown agent");
}

/// The same for Copilot agents' handoffs and `agents:` entries (AG280),
/// judged against the project's `.github/agents` and `.claude/agents`.
#[test]
fn check_and_the_server_agree_on_copilot_handoffs() {
    let fx = Fixture::empty("copilot-handoffs");
    for (rel, text) in [
        (
            ".github/agents/plan.agent.md",
            "---\ndescription: Plans.\nagents: [builder, ghost]\nhandoffs:\n  - label: Go\n    \
             agent: buildr\n  - label: Check\n    agent: checker\n---\nPlan.\n",
        ),
        (
            ".github/agents/builder.agent.md",
            "---\ndescription: Builds.\nhandoffs:\n  - label: Back\n    agent: plan\n---\nB.\n",
        ),
        (
            ".claude/agents/checker.md",
            "---\nname: checker\ndescription: Checks.\n---\nCheck.\n",
        ),
    ] {
        fx.write(rel, text);
    }
    let found = check_agrees_with_the_server(&fx, &fx.path(""));
    assert_eq!(found, 2, "`ghost` and `buildr`");
}

/// Run `agentls check --format json` on `target` and the server on the
/// fixture; assert both report the same cross-file findings on the same
/// files and bytes; the number of findings.
fn check_agrees_with_the_server(fx: &Fixture, target: &std::path::Path) -> usize {
    let cross_file = |code: &str| (code.starts_with("AG06") && code != "AG066") || code == "AG280";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .arg(target)
        .env("AGENTLS_HOME", fx.ws.beside("home"))
        .output()
        .expect("run agentls check");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    let mut from_check = Vec::new();
    for file in doc["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            let code = d["code"].as_str().unwrap_or_default();
            if cross_file(code) {
                let path = file["path"].as_str().unwrap_or_default();
                from_check.push(format!("{path} {code} {}", d["byte_range"]));
            }
        }
    }

    let mut c = start(fx, Options::default());
    // The last publication per file, once the server has gone quiet.
    let mut last: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for m in c.drain(Duration::from_millis(700)) {
        if m["method"] == "textDocument/publishDiagnostics" {
            let uri = m["params"]["uri"].as_str().unwrap_or_default().to_string();
            let diags = m["params"]["diagnostics"].as_array().cloned();
            last.insert(uri, diags.unwrap_or_default());
        }
    }
    let mut from_server = Vec::new();
    for (uri, diags) in &last {
        let path = uri.strip_prefix("file://").expect("file URI");
        if !path.starts_with(target.to_str().unwrap()) {
            continue; // the home's files: check reports only what it is given
        }
        let text = std::fs::read_to_string(path).expect("published file exists");
        for d in diags {
            let code = d["code"].as_str().unwrap_or_default();
            if cross_file(code) {
                let start = offset(&text, &d["range"]["start"], Enc::Utf8);
                let end = offset(&text, &d["range"]["end"], Enc::Utf8);
                from_server.push(format!("{path} {code} {}", json!([start, end])));
            }
        }
    }
    assert_eq!(sorted(from_server), sorted(from_check.clone()));
    assert!(c.shutdown().success());
    from_check.len()
}
