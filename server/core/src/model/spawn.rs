//! The tools an agent starts with, as Claude Code resolves its `tools`,
//! `disallowedTools` and `memory` when it spawns it (measured on 2.1.332).

use super::tool_ref::ToolRef;
use crate::catalog::{ToolStatus, catalog};

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
    /// Every entry of `tools` is unrecognized: Claude Code refuses to start
    /// the agent (an MCP entry counts as recognized here; whether its server
    /// exists is for the workspace to say).
    pub refused: bool,
    /// Every entry recognized is an MCP tool: the agent starts only if one
    /// of their servers is configured.
    pub only_mcp: bool,
}

/// What an agent with these `tools` and `disallowedTools` (`None`: the key
/// is absent), and with `memory` or not, is spawned with.
pub fn spawn(tools: Option<&[ToolRef]>, denied: Option<&[ToolRef]>, memory: bool) -> Spawn {
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
    }
}
