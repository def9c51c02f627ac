//! What kind of file a path is: the one place that decides. The server (which
//! documents to analyse), its index, `agentls check`'s discovery and the
//! editor integrations (through [`EDITOR_GLOBS`], held to [`classify`] by a
//! test) all ask here.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub mod overrides;

/// A file agentls reads, by the host and role its path gives it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `.claude/agents/**/*.md`, in a project or in `~/.claude`: a Claude Code
    /// agent. `root` is the `agents` folder (duplicates are judged per tree).
    ClaudeAgent { root: PathBuf },
    /// `<plugin>/agents/**/*.md` outside a `.claude` folder: a plugin's agent,
    /// registered as `plugin:name`.
    PluginAgent { root: PathBuf },
    /// `skills/<name>/SKILL.md`.
    ClaudeSkill { name: String },
    /// `commands/**/*.md`: the path below `commands` without `.md`, its
    /// folders joined by `:` (`git/commit.md` is `git:commit`).
    ClaudeCommand { name: String },
    /// `.claude/output-styles/*.md` (project or `~/.claude`), or a plugin's
    /// `output-styles/*.md` (`plugin`: only there is `force-for-plugin` read).
    ClaudeOutputStyle { plugin: bool },
    /// `.claude/rules/**/*.md`: instructions loaded with the memory, for the
    /// files matching its `paths` (or always).
    ClaudeRule,
    /// `CLAUDE.md` or `CLAUDE.local.md` where no folder above makes it an
    /// agent, a command or a skill's file: memory, front matter stripped.
    ClaudeMemory,
    /// A file another host reads (GitHub Copilot, OpenCode, Cursor, Gemini
    /// CLI, Codex): judged by that host's rules only, never by Claude Code's.
    Host(HostFile),
    /// Not a file agentls reads.
    Other,
}

/// The files of hosts other than Claude Code, by their path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostFile {
    /// `.github/agents/**/*.md` (`*.agent.md` by convention): a Copilot
    /// custom agent.
    CopilotAgent,
    /// `.github/chatmodes/*.chatmode.md`: the custom agents' former name.
    CopilotChatMode,
    /// `.github/prompts/*.prompt.md`: a Copilot prompt file.
    CopilotPrompt,
    /// `.github/instructions/**/*.instructions.md`.
    CopilotInstructions,
    /// `.opencode/agent(s)/**/*.md`, `.opencode/mode(s)/*.md`, and the same
    /// below `~/.config/opencode`: an OpenCode agent.
    OpenCodeAgent,
    /// `.cursor/rules/**/*.mdc`: a Cursor project rule.
    CursorRule,
    /// `.gemini/agents/*.md`: a Gemini CLI subagent.
    GeminiAgent,
    /// `.codex/prompts/*.md`: a Codex custom prompt.
    CodexPrompt,
    /// `.windsurf/rules/*.md`: a Windsurf (Cascade) rule.
    WindsurfRule,
    /// `.windsurf/workflows/*.md`: a Windsurf workflow, run as `/<name>`.
    WindsurfWorkflow,
    /// `.kiro/steering/*.md` (project or `~/.kiro`): a Kiro steering file.
    KiroSteering,
}

impl HostFile {
    /// An agent definition of its host (Copilot agent or chat mode,
    /// OpenCode agent, Gemini CLI subagent), not a prompt or a rule.
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            HostFile::CopilotAgent
                | HostFile::CopilotChatMode
                | HostFile::OpenCodeAgent
                | HostFile::GeminiAgent
        )
    }

    /// The host that reads the file, for messages.
    pub fn host(self) -> &'static str {
        match self {
            HostFile::CopilotAgent
            | HostFile::CopilotChatMode
            | HostFile::CopilotPrompt
            | HostFile::CopilotInstructions => "GitHub Copilot",
            HostFile::OpenCodeAgent => "OpenCode",
            HostFile::CursorRule => "Cursor",
            HostFile::GeminiAgent => "Gemini CLI",
            HostFile::CodexPrompt => "Codex",
            HostFile::WindsurfRule | HostFile::WindsurfWorkflow => "Windsurf",
            HostFile::KiroSteering => "Kiro",
        }
    }
}

/// Hidden folders of other hosts: below one, a folder named `agents` is
/// never a Claude Code plugin's.
const HOST_FOLDERS: &[&str] = &[
    ".github",
    ".opencode",
    ".gemini",
    ".cursor",
    ".codex",
    ".agents",
    ".windsurf",
    ".kiro",
];

impl FileKind {
    /// An agent definition: analysed with the agent rules.
    pub fn is_agent(&self) -> bool {
        matches!(
            self,
            FileKind::ClaudeAgent { .. } | FileKind::PluginAgent { .. }
        )
    }

    /// A file analysed and reported on: an agent, a skill or a command, each
    /// by its own rules.
    pub fn is_analysed(&self) -> bool {
        !matches!(self, FileKind::Other)
    }

    /// A file the workspace index keeps (it defines something by name).
    /// Output styles, rules and memory define nothing other files name.
    /// Other hosts' agents are kept too: Copilot agents name each other.
    pub fn is_indexed(&self) -> bool {
        if let FileKind::Host(host) = self {
            return host.is_agent();
        }
        !matches!(
            self,
            FileKind::Other
                | FileKind::ClaudeOutputStyle { .. }
                | FileKind::ClaudeRule
                | FileKind::ClaudeMemory
        )
    }

    /// Memory or a rule: a file whose `@path` mentions Claude Code inlines.
    pub fn has_imports(&self) -> bool {
        matches!(self, FileKind::ClaudeRule | FileKind::ClaudeMemory)
    }

    /// A file with findings that need the disk: memory's and rules'
    /// imports, a skill's own files, a command's `@file` includes.
    pub fn reads_disk(&self) -> bool {
        self.has_imports()
            || matches!(
                self,
                FileKind::ClaudeSkill { .. } | FileKind::ClaudeCommand { .. }
            )
    }

    /// The `agents` folder an agent file was found under.
    pub fn agents_root(&self) -> Option<&Path> {
        match self {
            FileKind::ClaudeAgent { root } | FileKind::PluginAgent { root } => Some(root),
            _ => None,
        }
    }
}

/// Globs (LSP/VS Code syntax) an editor uses to attach agentls to the files
/// it analyses. A glob cannot say "the innermost folder decides", so they
/// match a little more than [`classify`] serves; the server then ignores
/// the rest (a skill's other files, or `.claude/skills/<s>/agents/x.md`).
/// `tests/editors.rs` holds every editor's patterns to these.
pub const EDITOR_GLOBS: &[&str] = &[
    "**/.claude/agents/**/*.md",
    "**/agents/**/*.md",
    "**/skills/*/SKILL.md",
    "**/commands/**/*.md",
    "**/output-styles/*.md",
    "**/.claude/rules/**/*.md",
    "**/CLAUDE.md",
    "**/CLAUDE.local.md",
    "**/.github/chatmodes/*.chatmode.md",
    "**/.github/prompts/*.prompt.md",
    "**/.github/instructions/**/*.instructions.md",
    "**/.opencode/agent/**/*.md",
    "**/.opencode/mode/*.md",
    "**/.opencode/modes/*.md",
    "**/.config/opencode/agent/**/*.md",
    "**/.config/opencode/mode/*.md",
    "**/.config/opencode/modes/*.md",
    "**/.cursor/rules/**/*.mdc",
    "**/.codex/prompts/*.md",
    "**/.windsurf/rules/*.md",
    "**/.windsurf/workflows/*.md",
    "**/.kiro/steering/*.md",
];

/// The kind of the file at `path`. Only the path is read, never the disk.
///
/// Below a `.claude` folder, the folder right after the innermost `.claude`
/// decides (`.claude/agents/…` is an agent wherever `skills` or `commands`
/// appear below it). Elsewhere (plugins, `~/.claude/plugins/…`), the
/// innermost `agents`, `skills` or `commands` folder decides. Where no
/// folder decides, a file right in an `output-styles` folder is a plugin's
/// output style, and a `CLAUDE.md` or `CLAUDE.local.md` is memory.
///
/// Other hosts' folders come first ([`host_file`]): `.github/agents/x.md`
/// is Copilot's, and no `agents` folder below `.github`, `.opencode`,
/// `.gemini`, `.cursor`, `.codex`, `.windsurf` or `.kiro` is a Claude Code
/// plugin's.
pub fn classify(path: &Path) -> FileKind {
    let ext = path.extension();
    let is_md = ext.is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let is_mdc = ext.is_some_and(|e| e.eq_ignore_ascii_case("mdc"));
    if !is_md && !is_mdc {
        return FileKind::Other;
    }
    // Every part of the path with the length of the path up to its end:
    // classification runs several times per file, so no `Components`.
    let parts = parts(path);
    let folders = parts.len().saturating_sub(1);
    if let Some(host) = host_file(&parts, is_mdc) {
        return FileKind::Host(host);
    }
    if is_mdc {
        return FileKind::Other;
    }
    let claude = parts[..folders].iter().rposition(|(n, _)| *n == ".claude");
    if let Some(c) = claude
        && c + 1 < folders
        && let Some(kind) = by_folder(path, &parts, c + 1, true)
    {
        return kind;
    }
    if let Some(kind) = (0..folders)
        .rev()
        .find_map(|i| by_folder(path, &parts, i, false))
    {
        return kind;
    }
    if folders > 0 && parts[folders - 1].0 == "output-styles" {
        return FileKind::ClaudeOutputStyle { plugin: true };
    }
    let name = parts.last().map(|(n, _)| *n);
    if name.is_some_and(|n| n == "CLAUDE.md" || n == "CLAUDE.local.md") {
        return FileKind::ClaudeMemory;
    }
    FileKind::Other
}

fn is_host_folder(name: &OsStr) -> bool {
    HOST_FOLDERS.iter().any(|h| name == *h)
}

/// Another host's file, by the innermost host folder of the path (`parts`
/// ends with the file name; `mdc`: the file is `.mdc`, else `.md`). A
/// `.claude` folder below that host folder leaves the file to Claude Code.
fn host_file(parts: &[(&OsStr, usize)], mdc: bool) -> Option<HostFile> {
    let last = parts.len().checked_sub(1)?;
    let file = parts[last].0.to_str()?;
    let at = parts[..last]
        .iter()
        .rposition(|(n, _)| is_host_folder(n) || *n == ".claude" || *n == "opencode")?;
    let host = parts[at].0.to_str()?;
    // The folder right below the host folder decides; `direct`: the file
    // sits in it, not deeper.
    let folder = parts.get(at + 1).filter(|_| at + 1 < last)?.0.to_str()?;
    let direct = at + 2 == last;
    let found = match (host, folder) {
        (".github", "agents") if !mdc => HostFile::CopilotAgent,
        (".github", "chatmodes") if direct && file.ends_with(".chatmode.md") => {
            HostFile::CopilotChatMode
        }
        (".github", "prompts") if direct && file.ends_with(".prompt.md") => HostFile::CopilotPrompt,
        (".github", "instructions") if file.ends_with(".instructions.md") => {
            HostFile::CopilotInstructions
        }
        // `~/.config/opencode` is OpenCode's user folder.
        ("opencode", _) if at == 0 || parts[at - 1].0 != ".config" => return None,
        (".opencode" | "opencode", "agent" | "agents") if !mdc => HostFile::OpenCodeAgent,
        (".opencode" | "opencode", "mode" | "modes") if direct && !mdc => HostFile::OpenCodeAgent,
        (".cursor", "rules") if mdc => HostFile::CursorRule,
        (".gemini", "agents") if direct && !mdc => HostFile::GeminiAgent,
        (".codex", "prompts") if direct && !mdc => HostFile::CodexPrompt,
        (".windsurf", "rules") if direct && !mdc => HostFile::WindsurfRule,
        (".windsurf", "workflows") if direct && !mdc => HostFile::WindsurfWorkflow,
        (".kiro", "steering") if direct && !mdc => HostFile::KiroSteering,
        _ => return None,
    };
    Some(found)
}

/// The names of `path`'s parts, each with the byte length of the path up to
/// and including it (`.` parts and doubled separators left out).
#[cfg(unix)]
fn parts(path: &Path) -> Vec<(&OsStr, usize)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let mut out = Vec::with_capacity(16);
    let mut start = 0;
    let separators = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'/')
        .map(|(i, _)| i);
    for end in separators.chain(std::iter::once(bytes.len())) {
        let part = &bytes[start..end];
        if !part.is_empty() && part != b"." {
            out.push((OsStr::from_bytes(part), end));
        }
        start = end + 1;
    }
    out
}

/// Elsewhere, by `Components` (prefixes and both separators).
#[cfg(not(unix))]
fn parts(path: &Path) -> Vec<(&OsStr, usize)> {
    let mut out = Vec::new();
    let mut so_far = PathBuf::new();
    for c in path.components() {
        so_far.push(c);
        out.push((c.as_os_str(), so_far.as_os_str().len()));
    }
    out
}

/// The path up to and including the part that ends at byte `end`.
fn prefix(path: &Path, end: usize) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(&path.as_os_str().as_bytes()[..end]))
    }
    #[cfg(not(unix))]
    {
        path.ancestors()
            .find(|a| a.as_os_str().len() == end)
            .map_or_else(PathBuf::new, Path::to_path_buf)
    }
}

/// The kind given by the folder `parts[i]`, if it is one that decides.
/// `in_claude`: the folder sits right below a `.claude` folder.
fn by_folder(
    path: &Path,
    parts: &[(&OsStr, usize)],
    i: usize,
    in_claude: bool,
) -> Option<FileKind> {
    let (name, end) = parts[i];
    if in_claude && name == "output-styles" {
        // Read from the folder itself only, not from folders below it.
        return Some(if i + 2 == parts.len() {
            FileKind::ClaudeOutputStyle { plugin: false }
        } else {
            FileKind::Other
        });
    }
    if in_claude && name == "rules" {
        return Some(FileKind::ClaudeRule);
    }
    if name == "agents" {
        if !in_claude && parts[..i].iter().any(|(n, _)| is_host_folder(n)) {
            return Some(FileKind::Other);
        }
        let root = prefix(path, end);
        return Some(if in_claude {
            FileKind::ClaudeAgent { root }
        } else {
            FileKind::PluginAgent { root }
        });
    }
    if name == "skills" {
        let skill = (i + 3 == parts.len() && path.file_name().is_some_and(|f| f == "SKILL.md"))
            .then(|| parts[i + 1].0.to_str())
            .flatten();
        return match skill {
            Some(name) => Some(FileKind::ClaudeSkill {
                name: name.to_string(),
            }),
            // Another file of a skill's folder, below `.claude`: not ours.
            None if in_claude => Some(FileKind::Other),
            None => None,
        };
    }
    if name == "commands" {
        let rest: Vec<&str> = parts[i + 1..]
            .iter()
            .filter_map(|(c, _)| c.to_str())
            .collect();
        let joined = rest.join(":");
        // `.md` was checked in any case; a non-UTF-8 file name (dropped
        // from `rest`) leaves no command name at all.
        let name = joined
            .get(..joined.len().saturating_sub(3))
            .filter(|_| joined.to_ascii_lowercase().ends_with(".md"))
            .unwrap_or("");
        return Some(if name.is_empty() {
            FileKind::Other
        } else {
            FileKind::ClaudeCommand {
                name: name.to_string(),
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> FileKind {
        classify(Path::new(p))
    }

    #[test]
    fn kinds_from_paths() {
        assert_eq!(
            kind("p/.claude/agents/sub/a.md"),
            FileKind::ClaudeAgent {
                root: PathBuf::from("p/.claude/agents")
            }
        );
        assert_eq!(
            kind("plug/agents/a.MD"),
            FileKind::PluginAgent {
                root: PathBuf::from("plug/agents")
            }
        );
        assert_eq!(
            kind("p/.claude/skills/fmt/SKILL.md"),
            FileKind::ClaudeSkill { name: "fmt".into() }
        );
        assert_eq!(
            kind("p/.claude/commands/git/commit.md"),
            FileKind::ClaudeCommand {
                name: "git:commit".into()
            }
        );
        assert_eq!(kind("README.md"), FileKind::Other);
        assert_eq!(
            kind("/w//p/./.claude/agents/a.md"),
            FileKind::ClaudeAgent {
                root: PathBuf::from("/w//p/./.claude/agents")
            }
        );
        assert_eq!(kind("p/.claude/agents/a.txt"), FileKind::Other);
    }

    #[test]
    fn the_folder_below_claude_decides() {
        assert!(kind("p/.claude/agents/commands/a.md").is_agent());
        assert!(kind("p/.claude/agents/skills/s/SKILL.md").is_agent());
        assert_eq!(kind("p/.claude/skills/s/agents/a.md"), FileKind::Other);
        assert_eq!(
            kind("p/.claude/commands/agents/a.md"),
            FileKind::ClaudeCommand {
                name: "agents:a".into()
            }
        );
        // Installed plugins live below `~/.claude/plugins`.
        assert_eq!(
            kind("/h/.claude/plugins/cache/x/output-styles/terse.md"),
            FileKind::ClaudeOutputStyle { plugin: true }
        );
        assert_eq!(
            kind("/h/.claude/plugins/cache/x/agents/a.md"),
            FileKind::PluginAgent {
                root: PathBuf::from("/h/.claude/plugins/cache/x/agents")
            }
        );
    }

    #[test]
    fn output_styles_rules_and_memory() {
        let style = |plugin| FileKind::ClaudeOutputStyle { plugin };
        assert_eq!(kind("p/.claude/output-styles/terse.md"), style(false));
        assert_eq!(kind("/h/.claude/output-styles/terse.md"), style(false));
        assert_eq!(kind("plug/output-styles/terse.md"), style(true));
        // Only the folder's own files are read.
        assert_eq!(
            kind("p/.claude/output-styles/old/terse.md"),
            FileKind::Other
        );
        assert_eq!(kind("p/.claude/output-styles/terse.txt"), FileKind::Other);
        assert_eq!(kind("p/.claude/rules/rust.md"), FileKind::ClaudeRule);
        assert_eq!(kind("p/.claude/rules/lang/rust.md"), FileKind::ClaudeRule);
        assert_eq!(kind("/h/.claude/rules/style.md"), FileKind::ClaudeRule);
        assert_eq!(kind("p/.claude/rules/agents/x.md"), FileKind::ClaudeRule);
        assert_eq!(kind("rules/x.md"), FileKind::Other);
        for memory in [
            "CLAUDE.md",
            "p/CLAUDE.md",
            "p/src/CLAUDE.md",
            "p/CLAUDE.local.md",
            "p/.claude/CLAUDE.md",
            "/h/.claude/CLAUDE.md",
            "plug/skills/s/CLAUDE.md",
        ] {
            assert_eq!(kind(memory), FileKind::ClaudeMemory, "{memory}");
        }
        // Names are exact, and a folder that decides keeps deciding.
        assert_eq!(kind("p/claude.md"), FileKind::Other);
        assert_eq!(kind("p/CLAUDE.markdown"), FileKind::Other);
        assert!(kind("p/.claude/agents/CLAUDE.md").is_agent());
        assert!(kind("plug/agents/output-styles/x.md").is_agent());
        assert_eq!(
            kind("p/.claude/commands/CLAUDE.md"),
            FileKind::ClaudeCommand {
                name: "CLAUDE".into()
            }
        );
        assert_eq!(kind("p/.claude/skills/s/CLAUDE.md"), FileKind::Other);
        assert_eq!(kind("p/.claude/rules/CLAUDE.md"), FileKind::ClaudeRule);
        for k in [style(true), FileKind::ClaudeRule, FileKind::ClaudeMemory] {
            assert!(k.is_analysed() && !k.is_indexed() && !k.is_agent());
        }
        assert!(FileKind::ClaudeRule.has_imports() && !style(false).has_imports());
    }

    #[test]
    fn other_hosts_files() {
        use HostFile::*;
        let host = |p: &str| match kind(p) {
            FileKind::Host(h) => Some(h),
            _ => None,
        };
        for (path, want) in [
            ("p/.github/agents/review.agent.md", CopilotAgent),
            ("p/.github/agents/review.md", CopilotAgent),
            ("p/.github/agents/team/lead.agent.md", CopilotAgent),
            ("p/.github/chatmodes/plan.chatmode.md", CopilotChatMode),
            ("p/.github/prompts/fix.prompt.md", CopilotPrompt),
            (
                "p/.github/instructions/rust.instructions.md",
                CopilotInstructions,
            ),
            (
                "p/.github/instructions/lang/rust.instructions.md",
                CopilotInstructions,
            ),
            ("p/.opencode/agent/review.md", OpenCodeAgent),
            ("p/.opencode/agents/team/review.md", OpenCodeAgent),
            ("p/.opencode/mode/plan.md", OpenCodeAgent),
            ("p/.opencode/modes/plan.md", OpenCodeAgent),
            ("/h/.config/opencode/agent/review.md", OpenCodeAgent),
            ("/h/.config/opencode/agents/review.md", OpenCodeAgent),
            ("/h/.config/opencode/modes/plan.md", OpenCodeAgent),
            ("p/.cursor/rules/style.mdc", CursorRule),
            ("p/.cursor/rules/lang/rust.MDC", CursorRule),
            ("p/.gemini/agents/review.md", GeminiAgent),
            ("/h/.gemini/agents/review.md", GeminiAgent),
            ("p/.codex/prompts/fix.md", CodexPrompt),
        ] {
            assert_eq!(host(path), Some(want), "{path}");
            let k = kind(path);
            assert!(k.is_analysed() && !k.is_agent(), "{path}");
            // The hosts' agents are indexed (Copilot agents name each other).
            assert_eq!(k.is_indexed(), want.is_agent(), "{path}");
            assert!(k.agents_root().is_none() && !k.has_imports(), "{path}");
        }
        // Not these hosts' files, and never a Claude Code plugin's agent.
        for path in [
            "p/.github/workflows/ci.md",
            "p/.github/chatmodes/plan.md",
            "p/.github/chatmodes/old/plan.chatmode.md",
            "p/.github/prompts/fix.md",
            "p/.github/instructions/rust.md",
            "p/.github/copilot-instructions.md",
            "p/.github/tools/agents/x.md",
            "p/.opencode/modes/old/plan.md",
            "p/.gemini/agents/team/x.md",
            "p/.gemini/extensions/e/agents/x.md",
            "p/.cursor/rules/style.md",
            "p/.cursor/agents/x.md",
            "p/.codex/prompts/old/fix.md",
            "p/rules/style.mdc",
            "p/.claude/agents/x.mdc",
        ] {
            assert_eq!(kind(path), FileKind::Other, "{path}");
        }
        // Claude Code's own folders keep their kinds, whatever is above them.
        assert!(kind("p/.github/x/.claude/agents/a.md").is_agent());
        assert!(kind("p/opencode/agents/a.md").is_agent());
        assert!(kind("p/.config/agents/a.md").is_agent());
        assert_eq!(
            kind("p/.github/commands/x.md"),
            FileKind::ClaudeCommand { name: "x".into() }
        );
    }
}
