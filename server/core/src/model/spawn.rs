//! The tools an agent starts with, as Claude Code resolves its `tools`,
//! `disallowedTools` and `memory` when it spawns it (measured on 2.1.332).

use super::tool_ref::ToolRef;
use crate::catalog::{ToolStatus, catalog};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::Node;

/// What the agent is spawned with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spawn {
    /// Built-in tools, in the order first named (MCP tools left out: which
    /// exist depends on the servers connected).
    pub tools: Vec<String>,
    /// `mcp__…` entries kept (their tools come from the servers).
    pub mcp: Vec<String>,
    /// Tools named in `tools` that Bash takes over (Grep, Glob).
    pub replaced_by_bash: Vec<String>,
    /// Tools left out of the first request, loaded on demand through tool
    /// search (which is then among `tools`).
    pub deferred: Vec<String>,
    /// Every entry of `tools` is unrecognized: Claude Code refuses to start
    /// the agent (an MCP entry counts as recognized here; whether its server
    /// exists is for the workspace to say).
    pub refused: bool,
    /// Every entry recognized is an MCP tool: the agent starts only if one
    /// of their servers is configured.
    pub only_mcp: bool,
}

/// What an agent with these `tools` and `disallowedTools` (`None`: the key
/// is absent), and with `memory` or not, is spawned with, before tool search.
fn spawn(tools: Option<&[ToolRef]>, denied: Option<&[ToolRef]>, memory: bool) -> Spawn {
    let cat = catalog();
    let mut out = Spawn::default();
    let add = |list: &mut Vec<String>, name: &str| {
        if !list.iter().any(|t| t == name) {
            list.push(name.to_string());
        }
    };
    match tools {
        None => cat
            .spawn
            .default
            .iter()
            .for_each(|t| add(&mut out.tools, t)),
        Some(entries) => {
            let (mut builtin, mut mcp) = (false, false);
            for t in entries {
                if t.is_all() {
                    cat.spawn
                        .default
                        .iter()
                        .for_each(|d| add(&mut out.tools, d));
                    builtin = true;
                } else if t.is_mcp() {
                    if !t.is_malformed_mcp() {
                        add(&mut out.mcp, &t.text);
                        mcp = true;
                    }
                } else if !t.is_unbalanced()
                    && matches!(t.status(), Some(ToolStatus::Current | ToolStatus::Alias))
                {
                    add(&mut out.tools, t.resolved_name());
                    builtin = true;
                }
            }
            out.refused = !entries.is_empty() && !builtin && !mcp;
            out.only_mcp = mcp && !builtin;
        }
    }
    for d in denied.unwrap_or_default() {
        if d.is_all() {
            out.tools.clear();
            out.mcp.clear();
        } else if d.is_mcp() {
            out.mcp.retain(|m| *m != d.text);
        } else {
            let name = d.resolved_name();
            out.tools.retain(|t| t != name);
        }
    }
    if memory {
        cat.spawn
            .memory_adds
            .iter()
            .for_each(|m| add(&mut out.tools, m));
    }
    if out.tools.iter().any(|t| t == "Bash") {
        let gone = &cat.spawn.bash_replaces;
        out.replaced_by_bash = out
            .tools
            .iter()
            .filter(|t| gone.contains(t))
            .cloned()
            .collect();
        out.tools.retain(|t| !gone.contains(t));
    }
    out
}

/// What the agent of this front matter is spawned with, given its `tools`
/// and `disallowedTools` entries (its `model` may turn tool search off).
pub fn spawn_of(fm: &FrontMatter, tools: Option<&[ToolRef]>, denied: Option<&[ToolRef]>) -> Spawn {
    let string = |key: &str| fm.get(key).and_then(|e| e.value.as_str());
    let memory = string("memory").is_some_and(|m| catalog().memory.contains_key(m));
    let mut out = spawn(tools, denied, memory);
    // Servers of `mcpServers` bring MCP tools, which tool search defers too
    // (assumed like `mcp__` entries, measured in ts05).
    let servers = fm
        .get("mcpServers")
        .is_some_and(|e| matches!(&e.value, Node::Seq { items, .. } if !items.is_empty()));
    defer(&mut out, string("model"), servers);
    out
}

/// Tool search: kept only with something to defer (a deferrable tool, or an
/// MCP tool), which then leaves the first request.
fn defer(out: &mut Spawn, model: Option<&str>, mcp_servers: bool) {
    let cat = &catalog().spawn;
    let search = cat.tool_search.as_str();
    let deferrable = |t: &String| cat.deferrable.contains(t);
    let has_search = out.tools.iter().any(|t| t == search);
    if has_search
        && cat.tool_search_on(model)
        && (mcp_servers || !out.mcp.is_empty() || out.tools.iter().any(deferrable))
    {
        out.deferred = out
            .tools
            .iter()
            .filter(|t| deferrable(t))
            .cloned()
            .collect();
        out.tools.retain(|t| !deferrable(t));
    } else {
        out.tools.retain(|t| t != search);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spawned(front: &str) -> Spawn {
        let text = format!("---\nname: a\ndescription: d\n{front}---\nBody.\n");
        crate::analyze(&text, None).spawn().expect("loads")
    }

    #[test]
    fn tools_as_claude_code_spawns_them() {
        let s = spawned("tools: Read, Grep, Glob, Bash\n");
        assert_eq!(s.tools, ["Read", "Bash"]);
        assert_eq!(s.replaced_by_bash, ["Grep", "Glob"]);
        assert_eq!(
            spawned("tools: Read, Grep, Bash\ndisallowedTools: Bash\n").tools,
            ["Read", "Grep"]
        );
        assert_eq!(
            spawned("tools: Grep\nmemory: user\n").tools,
            ["Grep", "Read", "Write", "Edit"]
        );
        assert_eq!(spawned("tools: Task, MultiEdit, LS\n").tools, ["Agent"]);
        assert!(spawned("tools: MultiEdit, TodoWrite\n").refused);
        assert!(!spawned("tools: Read\ndisallowedTools: Read\n").refused);
        assert!(
            spawned("tools: Read\ndisallowedTools: Read\n")
                .tools
                .is_empty()
        );
        assert_eq!(spawned("tools: mcp__gh__x\n").mcp, ["mcp__gh__x"]);
        assert!(spawned("").tools.contains(&"Bash".to_string()));
        assert!(!spawned("").tools.contains(&"Grep".to_string()));
        assert_eq!(
            spawned("tools: Read Write, Task Decomposer\n").tools,
            ["Read", "Write", "Agent"]
        );
    }

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tool_search_defers_or_goes() {
        let s = spawned("tools: Read, WebFetch, ToolSearch\n");
        assert_eq!(
            (s.tools, s.deferred),
            (strings(&["Read", "ToolSearch"]), strings(&["WebFetch"]))
        );
        assert_eq!(spawned("tools: Read, ToolSearch\n").tools, ["Read"]);
        assert_eq!(
            spawned("tools: Read, mcp__a__b, ToolSearch\n").tools,
            ["Read", "ToolSearch"]
        );
        let s = spawned("tools: ToolSearch\n");
        assert!(s.tools.is_empty() && !s.refused);
        let s = spawned("tools: WebFetch, ToolSearch\nmodel: Claude-3-Haiku-20240307\n");
        assert_eq!((s.tools, s.deferred.len()), (strings(&["WebFetch"]), 0));
        let s = spawned("");
        assert!(s.tools.contains(&"ToolSearch".to_string()));
        assert!(s.deferred.contains(&"WebSearch".to_string()));
        let s = spawned("model: claude-3-5-sonnet-latest\n");
        assert!(s.deferred.is_empty() && s.tools.contains(&"WebSearch".to_string()));
        let s = spawned("tools: Read, ToolSearch\nmcpServers: [gh]\n");
        assert_eq!(s.tools, ["Read", "ToolSearch"]);
    }
}
