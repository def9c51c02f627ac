//! Agent names in Copilot files from the workspace index, end to end
//! through the real binary: completion of `agents:` entries,
//! `handoffs[].agent` values and a prompt's `agent:` offers the Copilot
//! agents and the Claude Code agents VS Code also reads (a Claude Code
//! agent's `Agent(…)` offers only Claude Code's); hover on a handoff
//! target or `agents:` entry shows the agent it names.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, needle_position, needle_range, position};
use serde_json::{Value, json};

const PLAN: &str = "---\ndescription: Plans the work.\nagents: [reviewer, ]\n\
handoffs:\n  - label: Implement\n    agent: implementer\n  - label: Next\n    agent: \n---\nPlan.\n";
const IMPL: &str = "---\nname: implementer\ndescription: Implements the plan.\n---\nDo it.\n";
const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n---\nReview.\n";
const PROMPT: &str = "---\nagent: \n---\nFix it.\n";
const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(\n---\nLead.\n";

fn project(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(tag);
    ws.write(".github/agents/plan.agent.md", PLAN);
    ws.write(".github/agents/impl.agent.md", IMPL);
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    ws.write(".claude/agents/lead.md", LEAD);
    ws.write(".github/prompts/fix.prompt.md", PROMPT);
    // Another host's agent: never a name Copilot resolves.
    ws.write(
        ".opencode/agents/scout.md",
        "---\ndescription: Scouts.\n---\nS.\n",
    );
    ws
}

fn start(ws: &TempWorkspace) -> Client {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["textDocument"] =
        json!({ "completion": { "completionItem": { "snippetSupport": true } } });
    start_in(ws, init).0
}

/// The labels offered at byte `offset` of the open file `rel`.
fn labels(c: &mut Client, ws: &TempWorkspace, rel: &str, text: &str, offset: usize) -> Vec<String> {
    let r = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": ws.uri(rel) }, "position": position(text, offset, Enc::Utf16) }),
    );
    let result = &r["result"];
    let items = result
        .get("items")
        .or(Some(result))
        .and_then(Value::as_array);
    let mut out: Vec<String> = items
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect();
    out.sort();
    out
}

#[test]
fn copilot_files_complete_the_agents_vs_code_can_name() {
    let ws = project("hostnames-complete");
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), PLAN, 1);
    // A handoff's `agent:` value: Copilot's and `.claude/agents`' agents.
    let at = PLAN.find("agent: \n").unwrap() + "agent: ".len();
    let got = labels(&mut c, &ws, plan, PLAN, at);
    for name in ["implementer", "lead", "plan", "reviewer"] {
        assert!(got.contains(&name.to_string()), "{name} in {got:?}");
    }
    assert!(!got.contains(&"scout".to_string()), "{got:?}");
    // An `agents:` entry: those not listed yet.
    let at = PLAN.find("reviewer, ").unwrap() + "reviewer, ".len();
    let got = labels(&mut c, &ws, plan, PLAN, at);
    assert!(got.contains(&"implementer".to_string()), "{got:?}");
    assert!(!got.contains(&"reviewer".to_string()), "listed: {got:?}");

    // A prompt's `agent:`: VS Code's built-ins, then the workspace's.
    let prompt = ".github/prompts/fix.prompt.md";
    c.open(&ws.uri(prompt), PROMPT, 1);
    let at = PROMPT.find("agent: ").unwrap() + "agent: ".len();
    let got = labels(&mut c, &ws, prompt, PROMPT, at);
    for name in ["agent", "ask", "edit", "implementer", "reviewer"] {
        assert!(got.contains(&name.to_string()), "{name} in {got:?}");
    }

    // A Claude Code agent's `Agent(…)`: Claude Code's agents only.
    let lead = ".claude/agents/lead.md";
    c.open(&ws.uri(lead), LEAD, 1);
    let at = LEAD.find("Agent(").unwrap() + "Agent(".len();
    let got = labels(&mut c, &ws, lead, LEAD, at);
    assert!(got.contains(&"reviewer".to_string()), "{got:?}");
    assert!(!got.contains(&"implementer".to_string()), "{got:?}");
    assert!(!got.contains(&"plan".to_string()), "{got:?}");
    assert!(c.shutdown().success());
}

#[test]
fn hover_on_a_named_agent_shows_it() {
    let ws = project("hostnames-hover");
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), PLAN, 1);
    let hover = |c: &mut Client, context: &str, needle: &str| {
        c.request(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": ws.uri(plan) },
                "position": needle_position(PLAN, context, needle, Enc::Utf16),
            }),
        )
    };
    let r = hover(&mut c, "agent: implementer", "implementer");
    let card = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(card.starts_with("**implementer** · Copilot agent"), "{r}");
    assert!(card.contains("Implements the plan."), "{card}");
    assert!(card.contains("`.github/agents/impl.agent.md`"), "{card}");
    assert_eq!(
        r["result"]["range"],
        needle_range(PLAN, "agent: implementer", "implementer", Enc::Utf16)
    );
    let r = hover(&mut c, "[reviewer", "reviewer");
    let card = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(card.contains("Claude Code agent"), "{r}");
    assert!(card.contains("Reviews diffs."), "{card}");
    assert!(card.contains("`.claude/agents/reviewer.md`"), "{card}");
    assert!(c.shutdown().success());
}

const KINDS: &str = "[kinds]\n\"docs/agents/**\" = \"copilot-agent\"\n\
\".claude/agents/draft.md\" = \"none\"\n";
const LEAD_PLAN: &str = "---\ndescription: Plans.\nagents: [drafty, helper]\nhandoffs:\n  \
- label: Help\n    agent: helper\n  - label: Ghost\n    agent: ghost\n---\nPlan.\n";

/// The AG280 findings (0-based line, character) of `plan.agent.md` in
/// `check`'s JSON report of the workspace.
fn check_ag280(ws: &TempWorkspace) -> Vec<(u64, u64)> {
    let out = std::process::Command::new(lsp_support::binary())
        .args(["check", "--format", "json", "."])
        .current_dir(ws.root())
        .env("AGENTLS_HOME", "/nonexistent/agentls-home")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        if !file["path"].as_str().unwrap().ends_with("plan.agent.md") {
            continue;
        }
        for d in file["diagnostics"].as_array().unwrap() {
            if d["code"] == "AG280" {
                let start = &d["range"]["start"];
                // 1-based lines and columns (ASCII here: columns are
                // characters).
                found.push((
                    start["line"].as_u64().unwrap() - 1,
                    start["column"].as_u64().unwrap() - 1,
                ));
            }
        }
    }
    found.sort();
    found
}

/// Differential: `[kinds]` decides what the index registers, in the server
/// and in `check` alike: a file it makes a Copilot agent outside
/// `.github` is a name a handoff reaches, and a Claude Code agent it makes
/// `none` is not one.
#[test]
fn kinds_decide_the_index_in_the_server_as_in_check() {
    let ws = TempWorkspace::new("hostnames-kinds");
    ws.write("agentls.toml", KINDS);
    ws.write(".github/agents/plan.agent.md", LEAD_PLAN);
    ws.write(
        "docs/agents/helper.md",
        "---\ndescription: Helps.\n---\nHelp.\n",
    );
    ws.write(
        ".claude/agents/draft.md",
        "---\nname: drafty\ndescription: Drafts.\n---\nD.\n",
    );
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), LEAD_PLAN, 1);
    let diags = c.diagnostics(&ws.uri(plan), Some(1));
    let mut server: Vec<(u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "AG280")
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
            )
        })
        .collect();
    server.sort();
    let at = |ctx: &str, needle: &str| {
        let p = &needle_range(LEAD_PLAN, ctx, needle, Enc::Utf16)["start"];
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        server,
        vec![at("[drafty", "drafty"), at("agent: ghost", "ghost")],
        "{diags:?}"
    );
    assert_eq!(server, check_ag280(&ws), "server == check");
    // The Copilot agent `[kinds]` made is completed and hovered as one.
    let at = LEAD_PLAN.find("agent: helper").unwrap() + "agent: ".len();
    let got = labels(&mut c, &ws, plan, LEAD_PLAN, at);
    assert!(got.contains(&"helper".to_string()), "{got:?}");
    assert!(!got.contains(&"drafty".to_string()), "{got:?}");
    assert!(c.shutdown().success());
}
