//! Tool lists between hosts, through the rows of `catalog/convert.toml`:
//! each host's names are read into rows (capabilities), and the rows are
//! written with the target's names. Claude Code and Gemini CLI list
//! tools, Copilot lists aliases that each cover several rows, OpenCode
//! denies what is not allowed (`permission`).

use std::collections::BTreeMap;

use super::host::{Host, Lost, lost_text};
use crate::catalog::{ModelFamily, ToolRow, catalog, convert_catalog};
use crate::model::{ToolRef, list_entries, tool_entries};
use crate::parse::yaml::{Node, ScalarKind};

/// The tools an agent may use: rows of the catalog, each with the source
/// name that gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tools {
    /// No restriction.
    All,
    /// These rows and MCP tools only.
    Only {
        rows: BTreeMap<usize, String>,
        mcp: Vec<Mcp>,
    },
    /// Every tool but these rows.
    AllBut(BTreeMap<usize, String>),
}

/// An MCP server's tool, or all of them (`tool: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mcp {
    pub server: String,
    pub tool: Option<String>,
    pub source: String,
}

pub fn names_on(row: &ToolRow, host: Host) -> &[String] {
    match host {
        Host::ClaudeCode => &row.claude_code,
        Host::Copilot => &row.copilot,
        Host::OpenCode => &row.opencode,
        Host::Gemini => &row.gemini,
    }
}

pub fn template(fam: &ModelFamily, host: Host) -> Option<&str> {
    match host {
        Host::ClaudeCode => fam.claude_code.as_deref(),
        Host::Copilot => fam.copilot.as_deref(),
        Host::OpenCode => fam.opencode.as_deref(),
        Host::Gemini => fam.gemini.as_deref(),
    }
}

/// The rows `name` stands for on `host` (Copilot also resolves Claude
/// Code's names; every host compared without case).
fn rows_named(host: Host, name: &str) -> Vec<usize> {
    let rows = &convert_catalog().tools;
    let find = |h: Host| -> Vec<usize> {
        (0..rows.len())
            .filter(|&i| {
                names_on(&rows[i], h)
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name))
            })
            .collect()
    };
    let found = find(host);
    if found.is_empty() && host == Host::Copilot {
        return find(Host::ClaudeCode);
    }
    found
}

fn grant(rows: &mut BTreeMap<usize, String>, found: &[usize], name: &str) {
    for &r in found {
        rows.entry(r).or_insert_with(|| name.to_string());
    }
}

fn unknown(host: Host, name: &str) -> Lost {
    lost_text(
        &format!("tools: {name}"),
        &format!(
            "not a {} tool agentls can name on other hosts",
            host.label()
        ),
    )
}

/// Claude Code: `tools` (a list or string of names, `mcp__server__tool`)
/// and `disallowedTools`.
pub fn read_claude(
    text: &str,
    tools: Option<&Node>,
    denied: Option<&Node>,
    lost: &mut Vec<Lost>,
) -> Tools {
    let mut out = match tools {
        None => Tools::All,
        // An empty `tools:` gives no tools at all (AG038).
        Some(n) if is_null(n) => Tools::Only {
            rows: BTreeMap::new(),
            mcp: Vec::new(),
        },
        Some(n) => {
            let refs = tool_entries(text, n);
            if refs.iter().any(ToolRef::is_all) {
                Tools::All
            } else {
                let (mut rows, mut mcp) = (BTreeMap::new(), Vec::new());
                for r in &refs {
                    if r.is_mcp() {
                        match claude_mcp(&r.text) {
                            Some(m) => mcp.push(m),
                            None => lost.push(unknown(Host::ClaudeCode, &r.text)),
                        }
                        continue;
                    }
                    let name = catalog().resolve(r.name());
                    let found = rows_named(Host::ClaudeCode, name);
                    if found.is_empty() {
                        lost.push(unknown(Host::ClaudeCode, &r.text));
                    }
                    grant(&mut rows, &found, &r.text);
                }
                Tools::Only { rows, mcp }
            }
        }
    };
    let Some(denied) = denied else { return out };
    let mut deny = BTreeMap::new();
    for r in tool_entries(text, denied) {
        let found = rows_named(Host::ClaudeCode, catalog().resolve(r.name()));
        if found.is_empty() || r.specifier().is_some() {
            lost.push(lost_text(
                &format!("disallowedTools: {}", r.text),
                "no tool agentls can deny on other hosts",
            ));
        }
        if r.specifier().is_none() {
            grant(&mut deny, &found, &r.text);
        }
    }
    match &mut out {
        Tools::All if !deny.is_empty() => out = Tools::AllBut(deny),
        Tools::Only { rows, .. } => rows.retain(|r, _| !deny.contains_key(r)),
        _ => {}
    }
    out
}

/// `mcp__server`, `mcp__server__*`, `mcp__server__tool`.
fn claude_mcp(name: &str) -> Option<Mcp> {
    let rest = name.strip_prefix("mcp__")?;
    let (server, tool) = match rest.split_once("__") {
        Some((s, "*")) => (s, None),
        Some((s, t)) => (s, Some(t.to_string())),
        None => (rest, None),
    };
    (!server.is_empty() && server != "*").then(|| Mcp {
        server: server.to_string(),
        tool,
        source: name.to_string(),
    })
}

/// Copilot: a list (or comma string) of aliases, Claude Code's names,
/// `server/tool` and `server/*`.
pub fn read_copilot(text: &str, tools: Option<&Node>, lost: &mut Vec<Lost>) -> Tools {
    read_names(Host::Copilot, text, tools, lost, |name| {
        let (server, tool) = name.split_once('/')?;
        Some((server, (tool != "*").then(|| tool.to_string())))
    })
}

/// A host's list of tool names: absent, null or holding `*`, every tool;
/// else the rows its names grant and the MCP servers `mcp` recognises
/// (`(server, tool)`, no tool for all of them).
fn read_names(
    host: Host,
    text: &str,
    tools: Option<&Node>,
    lost: &mut Vec<Lost>,
    mcp_of: impl Fn(&str) -> Option<(&str, Option<String>)>,
) -> Tools {
    let Some(n) = tools.filter(|n| !is_null(n)) else {
        return Tools::All;
    };
    let (mut rows, mut mcp) = (BTreeMap::new(), Vec::new());
    for name in names(text, n) {
        if name == "*" {
            return Tools::All;
        }
        if let Some((server, tool)) = mcp_of(&name) {
            mcp.push(Mcp {
                server: server.to_string(),
                tool,
                source: name.clone(),
            });
            continue;
        }
        let found = rows_named(host, &name);
        if found.is_empty() {
            lost.push(unknown(host, &name));
        }
        grant(&mut rows, &found, &name);
    }
    Tools::Only { rows, mcp }
}

/// OpenCode: `permission` (one action, or a map of permissions to an action
/// or to pattern rules) and the deprecated `tools` map of names to booleans.
pub fn read_opencode(
    permission: Option<&Node>,
    tools: Option<&Node>,
    lost: &mut Vec<Lost>,
) -> Tools {
    let mut deny = BTreeMap::new();
    match permission {
        Some(Node::Map { entries, .. }) => {
            for e in entries {
                let key = e.key.as_str().unwrap_or("");
                let found = rows_named(Host::OpenCode, key);
                match &e.value {
                    v if v.as_str() == Some("deny") => {
                        if found.is_empty() {
                            lost.push(lost_text(
                                &format!("permission: {key}: deny"),
                                "no tool agentls can deny on other hosts",
                            ));
                        }
                        grant(&mut deny, &found, key);
                    }
                    Node::Map { .. } => lost.push(lost_text(
                        &format!("permission: {key}: (rules by pattern)"),
                        "other hosts have no rules by pattern in an agent: the tool is allowed",
                    )),
                    _ => {}
                }
            }
        }
        Some(v) if v.as_str() == Some("deny") => {
            return Tools::Only {
                rows: BTreeMap::new(),
                mcp: Vec::new(),
            };
        }
        _ => {}
    }
    if let Some(Node::Map { entries, .. }) = tools {
        for e in entries {
            let key = e.key.as_str().unwrap_or("");
            let off = e.value.as_scalar().is_some_and(|s| {
                s.kind == ScalarKind::Bool && s.text.eq_ignore_ascii_case("false")
            });
            if off {
                let found = rows_named(Host::OpenCode, key);
                if found.is_empty() {
                    lost.push(lost_text(
                        &format!("tools: {key}: false"),
                        "no tool agentls can deny on other hosts",
                    ));
                }
                grant(&mut deny, &found, key);
            }
        }
    }
    if deny.is_empty() {
        Tools::All
    } else {
        Tools::AllBut(deny)
    }
}

/// Gemini CLI: a list of Gemini's names, `*`, `mcp_<server>_*`.
pub fn read_gemini(text: &str, tools: Option<&Node>, lost: &mut Vec<Lost>) -> Tools {
    read_names(Host::Gemini, text, tools, lost, |name| {
        let server = name.strip_prefix("mcp_")?.strip_suffix("_*")?;
        (!server.is_empty()).then_some((server, None))
    })
}

fn is_null(n: &Node) -> bool {
    n.as_scalar().is_some_and(|s| s.kind == ScalarKind::Null)
}

/// The target's names for the allowed rows: each name written once, when
/// it covers an allowed row; a name that also covers a row not allowed is
/// noted (`broader`).
fn names_for(to: Host, allowed: &dyn Fn(usize) -> bool) -> (Vec<String>, Vec<String>) {
    let rows = &convert_catalog().tools;
    let mut written: Vec<String> = Vec::new();
    let mut broader = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(name) = names_on(row, to).first() else {
            continue;
        };
        if written.contains(name) || !allowed(i) {
            continue;
        }
        let covered: Vec<usize> = (0..rows.len())
            .filter(|&j| names_on(&rows[j], to).first() == Some(name))
            .collect();
        let extra: Vec<&str> = covered
            .iter()
            .filter(|&&j| !allowed(j))
            .map(|&j| rows[j].id.as_str())
            .collect();
        if !extra.is_empty() {
            broader.push(format!(
                "`{name}` is the narrowest {} tool: it also allows {}",
                to.label(),
                extra.join(", ")
            ));
        }
        written.push(name.clone());
    }
    (written, broader)
}

/// Rows allowed but without a name on the target.
fn unnamed(to: Host, rows: &BTreeMap<usize, String>, lost: &mut Vec<Lost>) {
    let catalog = &convert_catalog().tools;
    let mut seen = Vec::new();
    for (&r, source) in rows {
        if names_on(&catalog[r], to).is_empty() && !seen.contains(source) {
            seen.push(source.clone());
            lost.push(lost_text(
                &format!("tools: {source}"),
                &format!("{} has no {} tool", to.label(), catalog[r].id),
            ));
        }
    }
}

/// The front-matter lines that give the agent `tools` on `to`.
pub fn write(tools: &Tools, to: Host, lost: &mut Vec<Lost>) -> Vec<(String, Value)> {
    let count = convert_catalog().tools.len();
    match tools {
        Tools::All => Vec::new(),
        Tools::Only { rows, mcp } => {
            unnamed(to, rows, lost);
            if to == Host::OpenCode {
                mcp_names(mcp, to, lost);
                let (denied, broader) = denials(|i| rows.contains_key(&i));
                note(lost, broader);
                return permission(denied);
            }
            let (mut names, broader) = names_for(to, &|i| rows.contains_key(&i));
            note(lost, broader);
            let mcp_names = mcp_names(mcp, to, lost);
            match to {
                Host::ClaudeCode => {
                    names.extend(mcp_names);
                    vec![("tools".into(), Value::Comma(names))]
                }
                _ => {
                    names.extend(mcp_names);
                    vec![("tools".into(), Value::List(names))]
                }
            }
        }
        Tools::AllBut(denied) => {
            let allowed = |i: usize| !denied.contains_key(&i) && i < count;
            match to {
                Host::OpenCode => {
                    let (keys, broader) = denials(allowed);
                    note(lost, broader);
                    permission(keys)
                }
                Host::ClaudeCode => {
                    // `disallowedTools` keeps every other tool, MCP ones too.
                    let (names, broader) = names_for(to, &|i| denied.contains_key(&i));
                    note(
                        lost,
                        broader
                            .into_iter()
                            .map(|b| b.replace("it also allows", "denying it also denies"))
                            .collect(),
                    );
                    vec![("disallowedTools".into(), Value::Comma(names))]
                }
                _ => {
                    let (mut names, broader) = names_for(to, &allowed);
                    note(lost, broader);
                    if to == Host::Gemini {
                        names.push("mcp_*".into());
                    } else {
                        lost.push(lost_text(
                            "tools (every MCP tool)",
                            "Copilot has no name for every MCP server's tools: add `server/*` \
                             for each",
                        ));
                    }
                    vec![("tools".into(), Value::List(names))]
                }
            }
        }
    }
}

/// OpenCode's permissions that no allowed row needs: each is denied. A
/// permission covering allowed and other rows stays allowed (noted).
fn denials(allowed: impl Fn(usize) -> bool) -> (Vec<String>, Vec<String>) {
    let rows = &convert_catalog().tools;
    let mut keys: Vec<String> = Vec::new();
    let mut broader = Vec::new();
    for row in rows {
        let Some(key) = row.opencode.first() else {
            continue;
        };
        if keys.contains(key)
            || broader
                .iter()
                .any(|b: &String| b.contains(&format!("`{key}`")))
        {
            continue;
        }
        let covered: Vec<usize> = (0..rows.len())
            .filter(|&j| rows[j].opencode.first() == Some(key))
            .collect();
        let on = covered.iter().filter(|&&j| allowed(j)).count();
        if on == 0 {
            keys.push(key.clone());
        } else if on < covered.len() {
            let (wanted, extra): (Vec<usize>, Vec<usize>) =
                covered.iter().partition(|&&j| allowed(j));
            let ids = |rows_of: Vec<usize>| {
                let ids: Vec<&str> = rows_of.iter().map(|&j| rows[j].id.as_str()).collect();
                ids.join(", ")
            };
            // Naming what was asked for too: the key may share its name
            // with a tool it lets in (`glob` asked for list allows glob).
            broader.push(format!(
                "`{key}` is the narrowest OpenCode permission for {}: allowing it also allows {}",
                ids(wanted),
                ids(extra)
            ));
        }
    }
    (keys, broader)
}

fn permission(denied: Vec<String>) -> Vec<(String, Value)> {
    if denied.is_empty() {
        return Vec::new();
    }
    vec![(
        "permission".into(),
        Value::Map(denied.into_iter().map(|k| (k, "deny".into())).collect()),
    )]
}

fn mcp_names(mcp: &[Mcp], to: Host, lost: &mut Vec<Lost>) -> Vec<String> {
    let mut out = Vec::new();
    for m in mcp {
        let name = match (to, &m.tool) {
            (Host::ClaudeCode, None) => Some(format!("mcp__{}__*", m.server)),
            (Host::ClaudeCode, Some(t)) => Some(format!("mcp__{}__{t}", m.server)),
            (Host::Copilot, None) => Some(format!("{}/*", m.server)),
            (Host::Copilot, Some(t)) => Some(format!("{}/{t}", m.server)),
            (Host::Gemini, None) => Some(format!("mcp_{}_*", m.server)),
            _ => None,
        };
        match name {
            Some(n) if !out.contains(&n) => out.push(n),
            Some(_) => {}
            None => lost.push(lost_text(
                &format!("tools: {}", m.source),
                &format!("{} has no name for this MCP tool in an agent", to.label()),
            )),
        }
    }
    out
}

fn note(lost: &mut Vec<Lost>, broader: Vec<String>) {
    for b in broader {
        lost.push(lost_text("tools", &b));
    }
}

/// A value to write: the writer quotes it as the target needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar, quoted when strict YAML would read it otherwise.
    Str(String),
    /// A number, a boolean: written as it is.
    Raw(String),
    /// Claude Code's comma-separated string.
    Comma(Vec<String>),
    /// A flow list.
    List(Vec<String>),
    /// A one-level map of plain keys to strings.
    Map(Vec<(String, String)>),
}

/// The entries of a list field (a YAML list or a comma-separated string).
fn names(text: &str, node: &Node) -> Vec<String> {
    list_entries(text, node)
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}
