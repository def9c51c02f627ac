//! Editing other hosts' files in the pure core: completion and hover from
//! each host's catalog on fixtures from `fixtures/host-features/{complete,
//! hover}/` (a `$0` cursor marker, removed first; the name's prefix says
//! which host's file it is), and semantic tokens and the outline for every
//! kind of host file.

use std::path::{Path, PathBuf};

use agentls_core::complete::{Doc, HostAgentFact, Item, WorkspaceFacts, complete_host_in};
use agentls_core::host_tokens::host_tokens;
use agentls_core::outline;
use agentls_core::structure::{self, SymbolKind};
use agentls_core::tokens::TokenKind;
use agentls_core::{FileKind, HostFile, analyze, classify, hover};

const CURSOR: &str = "$0";

/// Where a file of each host kind lives, by fixture prefix.
const KINDS: &[(&str, &str, HostFile)] = &[
    (
        "copilot-agent",
        "/w/.github/agents/x.agent.md",
        HostFile::CopilotAgent,
    ),
    (
        "copilot-chatmode",
        "/w/.github/chatmodes/x.chatmode.md",
        HostFile::CopilotChatMode,
    ),
    (
        "copilot-prompt",
        "/w/.github/prompts/x.prompt.md",
        HostFile::CopilotPrompt,
    ),
    (
        "copilot-instructions",
        "/w/.github/instructions/x.instructions.md",
        HostFile::CopilotInstructions,
    ),
    (
        "opencode",
        "/w/.opencode/agents/x.md",
        HostFile::OpenCodeAgent,
    ),
    ("cursor", "/w/.cursor/rules/x.mdc", HostFile::CursorRule),
    ("gemini", "/w/.gemini/agents/x.md", HostFile::GeminiAgent),
    ("codex", "/w/.codex/prompts/x.md", HostFile::CodexPrompt),
    (
        "windsurf",
        "/w/.windsurf/rules/x.md",
        HostFile::WindsurfRule,
    ),
    (
        "windsurf-workflow",
        "/w/.windsurf/workflows/x.md",
        HostFile::WindsurfWorkflow,
    ),
    ("kiro", "/w/.kiro/steering/x.md", HostFile::KiroSteering),
];

fn kind_of(name: &str) -> (PathBuf, HostFile) {
    let (_, path, host) = KINDS
        .iter()
        .filter(|(prefix, _, _)| name.starts_with(&format!("{prefix}-")))
        .max_by_key(|(prefix, _, _)| prefix.len())
        .unwrap_or_else(|| panic!("{name}: no host prefix"));
    assert_eq!(classify(Path::new(path)), FileKind::Host(*host), "{path}");
    (PathBuf::from(path), *host)
}

/// Every fixture of `dir`: name, text without the marker, marker offset.
fn fixtures(dir: &str) -> Vec<(String, String, usize)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/host-features");
    let mut out: Vec<_> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let raw = std::fs::read_to_string(&p).unwrap();
            let at = raw.find(CURSOR).expect("a $0 cursor");
            assert_eq!(raw.matches(CURSOR).count(), 1, "{name}: one cursor");
            (name, raw.replacen(CURSOR, "", 1), at)
        })
        .collect();
    out.sort();
    out
}

fn render_items(text: &str, at: usize, items: &[Item]) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut out = format!(
        "line: {}{CURSOR}{}\n",
        &text[line_start..at],
        &text[at..line_end]
    );
    for i in items {
        out.push_str(&format!(
            "{:<24} {:<6} replace {:?} insert {:?}{}\n",
            i.label,
            format!("{:?}", i.kind),
            &text[i.replace.clone()],
            i.insert,
            if i.snippet { " (snippet)" } else { "" },
        ));
    }
    out
}

/// The agents a Copilot file can name in the fixtures' workspace, as the
/// index gives them (a Copilot agent, a Claude Code agent VS Code reads).
fn facts() -> WorkspaceFacts {
    let agent = |name: &str, description: &str, label| HostAgentFact {
        name: name.into(),
        description: description.into(),
        label,
    };
    WorkspaceFacts {
        copilot_agents: vec![
            agent("implementer", "Implements the plan.", "Copilot agent"),
            agent("reviewer", "", "Claude Code agent"),
        ],
        // Claude Code's own names never reach another host's file.
        agents: vec![("claude-only".into(), "Not offered.".into())],
        ..WorkspaceFacts::default()
    }
}

#[test]
fn completion_fixtures_snapshot() {
    let all = fixtures("complete");
    assert!(all.len() >= 20, "fixtures went missing");
    let mut hosts = Vec::new();
    for (name, text, at) in all {
        let (_, host) = kind_of(&name);
        hosts.push(host);
        let mut items = complete_host_in(&text, at, host, &facts());
        items.sort_by(|a, b| a.sort.cmp(&b.sort).then_with(|| a.label.cmp(&b.label)));
        for i in &items {
            let (Doc::Markdown(doc) | Doc::Plain(doc)) = &i.documentation;
            assert!(!doc.trim().is_empty(), "{name}: {} undocumented", i.label);
            assert!(i.replace.start <= at && at <= i.replace.end, "{name}");
        }
        // Only Cursor's unquoted globs are left to the user.
        assert_eq!(items.is_empty(), name == "cursor-globs", "{name}");
        insta::assert_snapshot!(format!("complete-{name}"), render_items(&text, at, &items));
    }
    for (_, _, host) in KINDS {
        assert!(hosts.contains(host), "no completion fixture for {host:?}");
    }
}

/// The card a hover shows, in the order the server asks.
fn card(text: &str, path: &Path, at: usize) -> Option<hover::HoverInfo> {
    let a = analyze(text, Some(path));
    hover::copilot_hover(text, &a, at)
        .or_else(|| hover::host_file_hover(text, &a, at))
        .or_else(|| hover::host_value_hover(text, &a, at))
}

#[test]
fn hover_fixtures_snapshot() {
    let all = fixtures("hover");
    let mut hosts = Vec::new();
    for (name, text, at) in all {
        let (path, host) = kind_of(&name);
        hosts.push(host);
        let info = card(&text, &path, at).unwrap_or_else(|| panic!("{name}: no card"));
        assert!(info.range.start <= at && at < info.range.end, "{name}");
        assert!(
            info.markdown.contains(host.host()),
            "{name}: the card names no host: {}",
            info.markdown
        );
        let shown = format!("hovered: {}\n\n{}\n", &text[info.range], info.markdown);
        insta::assert_snapshot!(format!("hover-{name}"), shown);
    }
    for (_, _, host) in KINDS {
        assert!(hosts.contains(host), "no hover fixture for {host:?}");
    }
}

/// A correct file of each kind, with a key the host does not read.
fn sample(host: HostFile) -> &'static str {
    match host {
        HostFile::CopilotAgent | HostFile::CopilotChatMode => {
            "---\ndescription: Plans.\ntools: [read, search]\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::CopilotPrompt => {
            "---\nagent: ask\ntools: [read]\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::CopilotInstructions => {
            "---\napplyTo: \"**/*.rs\"\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::OpenCodeAgent => {
            "---\ndescription: Plans.\nmode: subagent\ntools:\n  write: false\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::CursorRule => {
            "---\nglobs: src/**/*.ts, src/**/*.tsx\nalwaysApply: false\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::GeminiAgent => {
            "---\nname: planner\ndescription: Plans.\ntools: [read_file]\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::CodexPrompt | HostFile::WindsurfWorkflow => {
            "---\ndescription: Plans.\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::WindsurfRule => {
            "---\ntrigger: glob\nglobs: **/*.ts\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
        HostFile::KiroSteering => {
            "---\ninclusion: fileMatch\nfileMatchPattern: \"**/*.php\"\nbogus: 1\n---\n# Plan\n\n## Steps\nGo.\n"
        }
    }
}

#[test]
fn every_host_kind_gets_semantic_tokens() {
    for (_, _, host) in KINDS {
        let text = sample(*host);
        let tokens = host_tokens(text, *host);
        let keys: Vec<(&str, bool)> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Key)
            .map(|t| (&text[t.range.clone()], t.unknown))
            .collect();
        // Every key is a token; only the one the host does not know is
        // marked unknown.
        let want = text
            .lines()
            .skip(1)
            .take_while(|l| *l != "---")
            .filter(|l| !l.starts_with([' ', '\t']))
            .filter_map(|l| l.split_once(':').map(|(k, _)| (k, k == "bogus")))
            .collect::<Vec<_>>();
        assert_eq!(keys, want, "{host:?}");
        // Tool names are tokens where the host lists them.
        let has_tools = text.contains("tools:");
        assert_eq!(
            tokens.iter().any(|t| t.kind == TokenKind::Tool),
            has_tools,
            "{host:?}"
        );
        assert!(
            tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Tool)
                .all(|t| !t.unknown),
            "{host:?}: a known tool marked unknown"
        );
    }
}

#[test]
fn every_host_kind_gets_an_outline() {
    for (_, path, host) in KINDS {
        let text = sample(*host);
        let a = analyze(text, Some(Path::new(path)));
        let tree = outline::parse_blocks(text, None).expect("tree");
        let sections = outline::sections(text, &tree);
        let symbols = structure::symbols(text, &a, &sections);
        let shape: Vec<(SymbolKind, String, Vec<String>)> = symbols
            .iter()
            .map(|s| {
                let children = s.children.iter().map(|c| c.name.clone()).collect();
                (s.kind, s.name.clone(), children)
            })
            .collect();
        let keys: Vec<String> = text
            .lines()
            .skip(1)
            .take_while(|l| *l != "---")
            .filter(|l| !l.starts_with([' ', '\t']))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
            .collect();
        assert_eq!(
            shape,
            [
                (SymbolKind::FrontMatter, "front matter".to_string(), keys),
                (
                    SymbolKind::Heading,
                    "Plan".to_string(),
                    vec!["Steps".to_string()]
                ),
            ],
            "{host:?}"
        );
    }
}

/// Hostile text in every host kind, at every byte offset: no panic, and
/// every range handed out slices the text.
#[test]
fn every_offset_of_hostile_text_is_safe() {
    let texts = [
        "\u{feff}---\r\ntools:\r\n  wr: é\r\npermission:\r\n  - 🧠\r\n---\r\n${in #tool:",
        "---\ntools: [\"read_file\", é\u{301}, \ncolor: \"#zz\nmode: \t\n  bash:\n    \"g*\": \n",
        "---\nagent: ask\n---\n${input:x:${sel}} #tool:ré/ #tool: ${}${",
        "---\n\tglobs: *.ts\nalwaysApply: \"true\"\n---\n# ☃\n",
        "no front matter ${selection} #tool:read",
        "---\nhandoffs:\n  - \n  - label: é\n    send: \n-\n  -- x:\n\t- y",
    ];
    for text in texts {
        for (_, path, host) in KINDS {
            let a = analyze(text, Some(Path::new(path)));
            for t in host_tokens(text, *host) {
                assert!(text.get(t.range.clone()).is_some(), "{host:?} {t:?}");
            }
            for at in 0..=text.len() {
                for i in complete_host_in(text, at, *host, &facts()) {
                    assert!(text.get(i.replace.clone()).is_some(), "{host:?} {at}");
                }
                let info = hover::copilot_hover(text, &a, at)
                    .or_else(|| hover::host_file_hover(text, &a, at))
                    .or_else(|| hover::host_value_hover(text, &a, at));
                if let Some(info) = info {
                    assert!(text.get(info.range).is_some(), "{host:?} {at}");
                }
            }
        }
    }
}

/// Gemini's tool names live in one place, the catalog (measured on 0.61.0):
/// the rule accepts a name exactly when completion offers it or it is an
/// MCP/`*` form, hover explains every offered name, and tokens mark as
/// unknown exactly the names the rule rejects.
#[test]
fn gemini_tool_names_agree_across_rule_completion_hover_and_tokens() {
    let path = Path::new("/w/.gemini/agents/x.md");
    let head = "---\nname: r\ndescription: Reviews.\ntools: [";
    let offered: Vec<String> = {
        let text = format!("{head}]\n---\nGo.\n");
        complete_host_in(
            &text,
            head.len(),
            HostFile::GeminiAgent,
            &WorkspaceFacts::default(),
        )
        .into_iter()
        .map(|i| i.label)
        .collect()
    };
    let catalog = &agentls_core::catalog::host_files_catalog()
        .gemini_agent
        .tools;
    let listed: Vec<&str> = catalog.iter().map(|t| t.name.as_str()).collect();
    for name in &listed {
        assert!(offered.iter().any(|o| o == name), "{name} not offered");
    }
    // Names Gemini CLI 0.61.0 rejects, and forms it accepts beside the list.
    let rejected = ["save_memory", "ls", "Read", "mcp_", "mcp__x", "read"];
    let accepted = [
        "*",
        "mcp_*",
        "mcp_github_*",
        "mcp_notes_search",
        "discovered_tool_x",
    ];
    let all = listed.iter().chain(&rejected).chain(&accepted);
    for name in all {
        let text = format!("{head}{name}]\n---\nGo.\n");
        let at = head.len();
        let a = analyze(&text, Some(path));
        let rule_rejects = a.diagnostics.iter().any(|d| d.code == "AG262");
        assert_eq!(rule_rejects, rejected.contains(name), "rule on {name}");
        let tokens = host_tokens(&text, HostFile::GeminiAgent);
        let token = tokens
            .iter()
            .find(|t| t.range.start == at && t.kind == TokenKind::Tool)
            .unwrap_or_else(|| panic!("{name}: no tool token"));
        assert_eq!(token.unknown, rule_rejects, "token on {name}");
        if listed.contains(name) {
            let info = card(&text, path, at).unwrap_or_else(|| panic!("{name}: no hover"));
            assert!(info.markdown.contains(name), "{name}: {}", info.markdown);
        }
    }
    for name in rejected {
        assert!(!offered.iter().any(|o| o == name), "{name} offered");
    }
}
