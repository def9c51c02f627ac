//! The workspace pull (`workspace/diagnostic`) on the files judged alone
//! (`CLAUDE.md`, `CLAUDE.local.md`, `.claude/CLAUDE.md`, rules, output
//! styles) and on skills and commands, through the real `agentls lsp`
//! binary: nobody has them open, and the pull reports what `agentls check`
//! prints, the findings read from disk (imports, a skill's own files, a
//! command's includes) too; an import target that appears clears the
//! finding once the file event comes.

mod lsp_support;

use std::path::Path;
use std::time::{Duration, Instant};

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT, offset};
use serde_json::{Value, json};

/// A project with every kind that reads the disk, and one finding or more
/// on each file.
const FILES: [(&str, &str); 9] = [
    ("docs/present.md", "Conventions.\n"),
    (
        "CLAUDE.md",
        "# Project\n\nSee @docs/guide.md and @docs/present.md\n",
    ),
    ("CLAUDE.local.md", "Mine: @missing-local.md\n"),
    (
        ".claude/CLAUDE.md",
        "---\nfoo: bar\n---\nMore @docs/present.md\n",
    ),
    (
        ".claude/rules/style.md",
        "---\npaths: \"src/[ab.ts\"\n---\nStyle, see @nope.md\n",
    ),
    (
        ".claude/output-styles/terse.md",
        "---\nname: terse\n---\nBe terse.\n",
    ),
    (
        ".claude/skills/fmt/SKILL.md",
        "---\nname: fmt\ndescription: Formats code.\n---\nRead [the reference](reference.md).\n",
    ),
    (
        ".claude/commands/deploy.md",
        "---\ndescription: Deploys.\n---\nWith @config/deploy.yaml\n",
    ),
    (
        ".claude/agents/lead.md",
        "---\nname: lead\ndescription: Leads.\ntools: Skill(fmt), Skill(ghost)\n---\nLead.\n",
    ),
];

fn project(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("pull-memory-{tag}"));
    for (rel, text) in FILES {
        ws.write(rel, text);
    }
    ws
}

/// A client that pulls, is asked to pull again, and watches files.
fn pulling() -> Init {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["textDocument"] = json!({ "diagnostic": { "dynamicRegistration": false } });
    init.capabilities["workspace"] = json!({
        "diagnostics": { "refreshSupport": true },
        "didChangeWatchedFiles": { "dynamicRegistration": true },
    });
    init
}

fn pull_workspace(c: &mut Client, previous: &[(String, String)]) -> Vec<Value> {
    let previous: Vec<Value> = previous
        .iter()
        .map(|(uri, id)| json!({ "uri": uri, "value": id }))
        .collect();
    let resp = c.request(
        "workspace/diagnostic",
        json!({ "identifier": "agentls", "previousResultIds": previous }),
    );
    resp["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("workspace/diagnostic failed: {resp}"))
}

/// The first workspace pull that lists `at_least` files (the scan may
/// still run).
fn pull_all(c: &mut Client, at_least: usize) -> Vec<Value> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let items = pull_workspace(c, &[]);
        if items.len() >= at_least {
            return items;
        }
        assert!(Instant::now() < deadline, "too few reports: {items:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn report_for<'a>(items: &'a [Value], uri: &str) -> Option<&'a Value> {
    items.iter().find(|r| r["uri"] == uri)
}

fn codes(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    out.sort();
    out
}

/// `path code [start,end]` of every finding `agentls check` prints below
/// `root` (like the server, it judges only the files that have a kind:
/// `docs/` holds none).
fn from_check(root: &Path, home: &Path) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .arg(root)
        .env("AGENTLS_HOME", home)
        .output()
        .expect("run agentls check");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    let mut found = Vec::new();
    for file in doc["files"].as_array().expect("files") {
        let path = file["path"].as_str().unwrap_or_default();
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            let code = d["code"].as_str().unwrap_or_default();
            found.push(format!("{path} {code} {}", d["byte_range"]));
        }
    }
    found.sort();
    found
}

/// The same from a workspace pull's reports.
fn from_pull(items: &[Value]) -> Vec<String> {
    let mut found = Vec::new();
    for r in items {
        let uri = r["uri"].as_str().unwrap_or_default();
        let path = uri.strip_prefix("file://").expect("file URI");
        let text = std::fs::read_to_string(path).expect("reported file exists");
        for d in r["items"].as_array().expect("items") {
            let code = d["code"].as_str().unwrap_or_default();
            let start = offset(&text, &d["range"]["start"], Enc::Utf16);
            let end = offset(&text, &d["range"]["end"], Enc::Utf16);
            found.push(format!("{path} {code} {}", json!([start, end])));
        }
    }
    found.sort();
    found
}

/// Differential: with memory, rules, an output style, a skill, a command
/// and an agent, nobody has a file open, and the workspace pull reports
/// exactly what `agentls check` prints, file by file and byte by byte.
#[test]
fn check_and_the_server_agree_on_memory_rules_and_skills_in_a_workspace_pull() {
    let ws = project("agree");
    let home = ws.beside("home");
    let expected = from_check(ws.root(), &home);
    for (rel, code) in [
        ("CLAUDE.md", "AG125"),
        ("CLAUDE.local.md", "AG125"),
        (".claude/CLAUDE.md", "AG015"),
        (".claude/CLAUDE.md", "AG125"),
        (".claude/rules/style.md", "AG121"),
        (".claude/rules/style.md", "AG125"),
        (".claude/output-styles/terse.md", "AG123"),
        (".claude/skills/fmt/SKILL.md", "AG115"),
        (".claude/commands/deploy.md", "AG116"),
        (".claude/agents/lead.md", "AG118"),
    ] {
        let at = format!("{} {code} ", ws.path(rel).display());
        assert!(
            expected.iter().any(|f| f.starts_with(&at)),
            "the fixture must give {code} on {rel}: {expected:#?}"
        );
    }
    let mut init = pulling();
    init.home = Some(home);
    let (mut c, _) = start_in(&ws, init);
    let items = pull_all(&mut c, FILES.len() - 1);
    assert_eq!(from_pull(&items), expected);
    // `docs/present.md` is no agent file: never reported.
    assert!(report_for(&items, &ws.uri("docs/present.md")).is_none());
    assert!(c.shutdown().success());
}

/// `@docs/guide.md` names nothing until the file is made: the server
/// watches every markdown file, and the next pull clears AG125 on the
/// closed `CLAUDE.md` (the other files' reports are unchanged). A memory
/// file made later is reported too, and dropped when deleted.
#[test]
fn an_import_target_that_appears_clears_the_finding_on_the_next_pull() {
    let ws = project("appears");
    let (mut c, _) = start_in(&ws, pulling());
    let reg = c
        .wait_for(TIMEOUT, |m| m["method"] == "client/registerCapability")
        .expect("the server registers file watchers");
    let globs = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(globs.contains("\"**/*.md\""), "{globs}");

    let memory = ws.uri("CLAUDE.md");
    let items = pull_all(&mut c, FILES.len() - 1);
    let before = report_for(&items, &memory).expect("CLAUDE.md is reported");
    assert_eq!(codes(before), ["AG125"], "{before}");
    let previous: Vec<(String, String)> = items
        .iter()
        .map(|r| {
            let uri = r["uri"].as_str().unwrap().to_string();
            (uri, r["resultId"].as_str().unwrap().to_string())
        })
        .collect();

    ws.write("docs/guide.md", "The guide.\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("docs/guide.md"), "type": 1 }] }),
    );
    c.wait_for(TIMEOUT, |m| m["method"] == "workspace/diagnostic/refresh")
        .expect("a refresh after the import target appeared");
    let items = pull_workspace(&mut c, &previous);
    let after = report_for(&items, &memory).expect("CLAUDE.md is reported");
    assert_eq!(after["kind"], "full", "{after}");
    assert_eq!(codes(after), Vec::<String>::new(), "{after}");
    let agent = report_for(&items, &ws.uri(".claude/agents/lead.md")).unwrap();
    assert_eq!(agent["kind"], "unchanged", "{agent}");

    // A memory file made in a subfolder: reported from the event on.
    let nested = ws.uri("pkg/CLAUDE.md");
    ws.write("pkg/CLAUDE.md", "See @gone.md\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": nested, "type": 1 }] }),
    );
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let items = pull_workspace(&mut c, &[]);
        if let Some(r) = report_for(&items, &nested) {
            assert_eq!(codes(r), ["AG125"], "{r}");
            break;
        }
        assert!(Instant::now() < deadline, "pkg/CLAUDE.md never reported");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Open, a memory file is pulled alone; closed, the workspace's again.
    let local = ws.uri("CLAUDE.local.md");
    c.open(&local, FILES[2].1, 1);
    assert!(report_for(&pull_workspace(&mut c, &[]), &local).is_none());
    c.close(&local);
    let items = pull_workspace(&mut c, &[]);
    let r = report_for(&items, &local).expect("the closed memory file is reported");
    assert_eq!(codes(r), ["AG125"], "{r}");

    std::fs::remove_file(ws.path("pkg/CLAUDE.md")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": nested, "type": 3 }] }),
    );
    let deadline = Instant::now() + TIMEOUT;
    while report_for(&pull_workspace(&mut c, &[]), &nested).is_some() {
        assert!(Instant::now() < deadline, "pkg/CLAUDE.md still reported");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(c.shutdown().success());
}
