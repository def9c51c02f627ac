//! The stable diagnostic codes: one row per rule, never renumbered.

use std::ops::Range;

use crate::{Diagnostic, Severity};

#[derive(Debug, serde::Serialize)]
pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The finding means a field or value is dropped or ignored by Claude Code.
    pub loss: bool,
    pub summary: &'static str,
}

macro_rules! codes {
    ($($id:ident = $code:literal, $name:literal, $sev:ident, $loss:literal, $summary:literal;)*) => {
        codes!(@table ALL; $($id = $code, $name, $sev, $loss, $summary;)*);
    };
    (@table $table:ident; $($id:ident = $code:literal, $name:literal, $sev:ident, $loss:literal, $summary:literal;)*) => {
        $(pub const $id: &str = $code;)*
        pub const $table: &[CodeInfo] = &[
            $(CodeInfo { code: $code, name: $name, severity: Severity::$sev, loss: $loss, summary: $summary },)*
        ];
    };
}

codes! {
    NOT_AN_AGENT = "AG001", "no-frontmatter", Hint, false,
        "No front matter: Claude Code treats the file as documentation beside the agents and skips it.";
    FRONTMATTER_NOT_AT_START = "AG002", "frontmatter-not-at-start", Error, false,
        "Front matter must open with `---` on the very first line; anything before it hides the whole block.";
    FRONTMATTER_UNCLOSED = "AG003", "frontmatter-unclosed", Error, false,
        "The front matter has no closing `---`, so Claude Code does not load the file.";
    YAML_NOT_LOADED = "AG010", "yaml-not-loaded", Error, false,
        "YAML that neither strict parsing nor Claude Code's fallback can read: the agent is skipped.";
    YAML_STRICT_REJECTS = "AG011", "yaml-strict-rejects", Warning, false,
        "Claude Code rescues this value with its fallback parser, but strict YAML parsers (Copilot CLI, OpenCode, PyYAML) reject the file.";
    FRONTMATTER_CUT = "AG012", "frontmatter-cut", Warning, true,
        "A `---` inside a value ends the front matter there; the rest becomes the system prompt.";
    COMMENT_TRUNCATES = "AG013", "comment-truncates", Warning, true,
        "` #` starts a YAML comment, so the value is cut short.";
    DUPLICATE_KEY = "AG014", "duplicate-key", Warning, true,
        "A key given twice: Claude Code keeps the last one and ignores the others.";
    UNKNOWN_KEY = "AG015", "unknown-key", Warning, true,
        "A key Claude Code does not know: it is loaded and ignored.";
    YAML_TAG = "AG017", "yaml-tag-drops-text", Warning, true,
        "A value that starts with `!word`: YAML reads a tag, and Claude Code drops it from the value.";
    NAME_MISSING = "AG020", "name-missing", Error, false,
        "No usable `name`: Claude Code skips the file.";
    DESCRIPTION_MISSING = "AG021", "description-missing", Error, false,
        "No usable `description`: Claude Code skips the file.";
    NAME_INVALID = "AG022", "name-invalid", Error, false,
        "A `name` with `:` or a leading `-` is rejected and the file skipped.";
    NAME_STYLE = "AG023", "name-style", Hint, false,
        "Names are meant to be lowercase words joined by hyphens.";
    TOOLS_NONE_RESOLVE = "AG030", "tools-none-resolve", Error, false,
        "No entry of `tools` resolves, so Claude Code refuses to start the agent.";
    TOOL_REMOVED = "AG031", "tool-removed", Warning, true,
        "A tool Claude Code no longer has: dropped when the agent starts.";
    TOOL_RENAMED = "AG032", "tool-renamed", Information, false,
        "An old tool name that still works as an alias of the new one.";
    TOOL_UNKNOWN = "AG033", "tool-unknown", Warning, true,
        "A tool name Claude Code does not know (names are case-sensitive): dropped when the agent starts.";
    TOOL_UNAVAILABLE = "AG034", "tool-unavailable", Warning, true,
        "A tool subagents do not get (main-session only, off unless enabled, or ToolSearch with nothing to defer): dropped when the agent starts.";
    TOOL_DUPLICATE = "AG035", "tool-duplicate", Hint, false,
        "The same tool listed twice.";
    TOOL_CONFLICT = "AG036", "tool-allowed-and-disallowed", Warning, true,
        "A tool in both `tools` and `disallowedTools`: the deny wins.";
    TOOL_MALFORMED = "AG037", "tool-malformed", Warning, true,
        "A malformed MCP tool name or permission rule.";
    TOOLS_EMPTY = "AG038", "tools-empty", Information, false,
        "An empty `tools` gives the agent no tools at all.";
    TOOL_REPLACED_BY_BASH = "AG039", "tool-replaced-by-bash", Information, false,
        "With Bash among its tools an agent gets no Grep or Glob: Claude Code leaves searching to Bash.";
    INVALID_COLOR = "AG040", "invalid-color", Warning, true,
        "A color Claude Code does not have: ignored without a word.";
    INVALID_VALUE = "AG041", "invalid-value", Warning, true,
        "A value outside the field's allowed set or type: ignored.";
    INVALID_MODEL = "AG042", "invalid-model", Warning, false,
        "Not a Claude model alias or ID: sent to the API as-is when the agent starts, and the request fails.";
    HOOKS_INVALID = "AG043", "hooks-invalid", Error, false,
        "`hooks` that Claude Code cannot read (not a mapping, or an event that is not a list): the agent does not load.";
    HOOK_IGNORED = "AG044", "hook-ignored", Warning, true,
        "A hook Claude Code ignores: an unknown event or type, or a matcher or handler missing what it needs.";
    HOOK_OUTSIDE_HOOKS = "AG045", "hook-outside-hooks", Error, false,
        "Hook-shaped data outside `hooks` (a top-level `PreToolUse`, or a matcher under another key): Claude Code does not load the agent.";
    BODY_EMPTY = "AG050", "body-empty", Warning, false,
        "The body (the agent's system prompt) is empty.";
    MOJIBAKE = "AG051", "mojibake", Warning, false,
        "UTF-8 text that was once decoded as Windows-1252 (`ðŸ§ `, `â€”`): the model reads the garbled characters.";
    EXAMPLE_TAGS = "AG052", "example-tags-unbalanced", Warning, false,
        "An `<example>` or `<commentary>` tag in the description without its partner.";
}

// Cross-file codes, from `workspace::workspace_diagnostics` only. Kept in
// their own table because `ALL` promises that single-file analysis of some
// fixture shows each code (tests/diagnostics.rs); these are shown by the
// workspace fixture instead (tests/workspace.rs).
codes! {
    @table WORKSPACE;
    AGENT_SHADOWED = "AG060", "agent-shadowed", Warning, true,
        "An agent of the same name in a higher-priority scope (project over user, the closest `.claude/agents` first) wins: this one is never used.";
    AGENT_DUPLICATE_NAME = "AG061", "agent-duplicate-name", Warning, false,
        "Two files in one agents folder declare the same `name`: only one loads, in an undocumented order.";
    AGENT_OVERRIDES_BUILT_IN = "AG062", "agent-overrides-built-in", Information, false,
        "An agent named like a built-in one (`Explore`, `Plan`, `general-purpose`, …) replaces it.";
    AGENT_UNKNOWN = "AG063", "agent-unknown", Warning, false,
        "`Agent(x)` or `Task(x)` names an agent that neither loads in the workspace nor is built in.";
    MCP_SERVER_UNKNOWN = "AG064", "mcp-server-unknown", Warning, false,
        "An `mcp__server__…` tool for a server not configured in the project or the agent (it may still be configured at user level).";
    SKILL_UNAVAILABLE = "AG065", "skill-unavailable", Warning, false,
        "A `skills` entry naming no skill, or one with `disable-model-invocation: true`: it is not preloaded.";
    DESCRIPTIONS_BUDGET = "AG066", "descriptions-budget", Information, false,
        "Every loaded agent's description is in every session's context; together they exceed ≈4,000 tokens.";
}

// Findings about suppression comments, made when they are applied
// (`policy::settle`, after the workspace rules); shown by the suppression
// fixtures (tests/suppress.rs).
codes! {
    @table SUPPRESSION;
    UNUSED_SUPPRESSION = "AG090", "unused-suppression", Hint, false,
        "An `agentls-ignore` comment, or a code in one, that silences nothing: no such finding where it applies, a code agentls does not have, or no code at all.";
}

// Skills (`skills/<name>/SKILL.md`) and commands (`commands/**/*.md`), from
// their own analysis (`rules::skills`); shown by the fixtures in
// tests/fixtures/skills (tests/skills.rs), which analyse them as such.
codes! {
    @table SKILLS;
    FRONTMATTER_IGNORED = "AG100", "frontmatter-ignored", Warning, true,
        "Front matter Claude Code cannot read in a skill or command: all of it is ignored, and the item is listed with the first line of its body.";
    SKILL_NAME_NOT_FOLDER = "AG101", "skill-name-not-folder", Warning, false,
        "A skill's `name` differs from its folder: Claude Code lists the folder name, and hosts following the Agent Skills specification reject the skill.";
    SKILL_NAME_SPEC = "AG102", "skill-name-spec", Warning, false,
        "A skill `name` the Agent Skills specification rejects: 1 to 64 of `a-z`, `0-9` and `-`, no `-` at either end, no `--`.";
    SKILL_DESCRIPTION_MISSING = "AG103", "skill-description-missing", Warning, false,
        "No `description` string: the first line of the body is listed instead, and the Agent Skills specification requires one.";
    SKILL_DESCRIPTION_LONG = "AG104", "skill-description-long", Warning, false,
        "A skill `description` over 1,024 characters: hosts following the Agent Skills specification reject it.";
    LISTING_CUT = "AG105", "listing-cut", Warning, true,
        "`description` and `when_to_use` together pass 1,536 characters: the listing the model sees cuts the rest.";
    SKILL_TOO_LONG = "AG106", "skill-too-long", Information, false,
        "A `SKILL.md` over 500 lines: the guidance is to keep it shorter and move detail to files it links.";
    UPLOAD_REJECTS = "AG107", "upload-rejects", Information, false,
        "Portability (claude.ai upload): a key outside the upload's allow-list, XML tags in `name` or `description`, or a reserved word in `name`.";
    BACKGROUND_WITHOUT_FORK = "AG108", "background-without-fork", Warning, true,
        "`background` without `context: fork`: Claude Code ignores it.";
    ARGUMENTS_OLD_NUMBERING = "AG109", "arguments-old-numbering", Hint, false,
        "`$1` used and `$0` never: Claude Code counts arguments from `$0` now, so `$1` is the second argument (the old numbering started at `$1`).";
    ARGUMENT_UNDECLARED = "AG110", "argument-undeclared", Warning, false,
        "A lowercase `$word` in the body of an item that declares `arguments:` without `word`: it is not substituted, the model reads it as written.";
    SUBSTITUTION_UNKNOWN = "AG111", "substitution-unknown", Warning, false,
        "A `${CLAUDE_…}` Claude Code does not substitute (it knows `${CLAUDE_SESSION_ID}`, `${CLAUDE_SKILL_DIR}`, …): the model reads it as written.";
    SHELL_NOT_ALLOWED = "AG112", "shell-not-allowed", Warning, false,
        "A `!`-command of the body that no `Bash` rule of `allowed-tools` allows: each run asks for permission, and fails where nobody can answer.";
}

// Skills and commands across files: what wins a name, what a skill's
// `agent` names, which files a body links or includes. AG113 and AG114 come
// from the workspace rules (tests/skills_workspace.rs); AG115 and AG116 need
// the disk, so the caller of `workspace::missing_files` supplies it
// (tests/cli_skills_workspace.rs).
codes! {
    @table SKILLS_WORKSPACE;
    COMMAND_SHADOWED_BY_SKILL = "AG113", "command-shadowed-by-skill", Warning, false,
        "A command named like a skill of the same folder (`.claude`, `~/.claude` or a plugin): the skill wins and the command disappears from the listing without a word.";
    FORK_AGENT_UNKNOWN = "AG114", "fork-agent-unknown", Warning, false,
        "`context: fork` with an `agent` that neither loads in the workspace nor is built in.";
    SKILL_FILE_MISSING = "AG115", "skill-file-missing", Warning, false,
        "A file the skill's body links or names inside its folder does not exist: the model is sent to read a file that is not there.";
    INCLUDE_MISSING = "AG116", "include-missing", Warning, false,
        "A command's `@file` include naming no file (relative to the project folder): nothing is included.";
    SKILL_SHADOWED = "AG117", "skill-shadowed", Warning, false,
        "A skill or command named like one in a higher-priority scope (personal over project): this one is never used.";
    SKILL_RULE_UNKNOWN = "AG118", "skill-rule-unknown", Information, false,
        "A `Skill(name)` rule in `tools` or `allowed-tools` naming no skill or command of the workspace or your personal folder (a plugin's or a bundled one is not seen).";
}

// Output styles, rules and memory (`CLAUDE.md`), from their own analysis
// (`rules::memory`); shown by the fixtures in tests/fixtures/memory
// (tests/memory.rs).
codes! {
    @table MEMORY;
    MEMORY_FRONTMATTER_IGNORED = "AG120", "memory-frontmatter-ignored", Warning, true,
        "Front matter Claude Code cannot read in an output style, rule or CLAUDE.md: all its fields are lost (a rule without its `paths` is loaded in every session).";
    PATHS_GLOB_INVALID = "AG121", "paths-glob-invalid", Warning, true,
        "A `paths` pattern that matches no file as written (empty, or an unclosed `[` or `{`): the rule is never loaded for it.";
    FORCE_FOR_PLUGIN_IGNORED = "AG122", "force-for-plugin-ignored", Warning, true,
        "`force-for-plugin` in an output style outside a plugin: Claude Code ignores it there.";
    OUTPUT_STYLE_DESCRIPTION_MISSING = "AG123", "output-style-description-missing", Information, false,
        "An output style without a `description`: the `/output-style` menu shows nothing beside its name.";
    PATHS_EMPTY = "AG124", "paths-empty", Information, false,
        "`paths` with no pattern at all: nothing says which files the rule is for.";
}

// `@path` imports of memory and rules whose targets are looked up on disk
// (`workspace::imports`, given the disk by the server and `check`); shown
// by tests/memory.rs with a made-up disk and end to end by the CLI and LSP
// tests.
codes! {
    @table IMPORTS;
    IMPORT_MISSING = "AG125", "import-missing", Warning, true,
        "An `@path` import whose file does not exist: Claude Code silently skips it.";
    IMPORT_TOO_DEEP = "AG126", "import-too-deep", Warning, true,
        "An `@path` import more than 5 hops from the file Claude Code loads: it is not followed.";
}

// Other hosts' files (`rules::hosts`): GitHub Copilot custom agents and chat
// modes, OpenCode agents, Gemini CLI subagents, each by what that host does;
// shown by the fixtures in tests/fixtures/hosts (tests/hosts.rs).
codes! {
    @table HOSTS;
    COPILOT_YAML_REJECTED = "AG200", "copilot-yaml-rejected", Error, false,
        "Front matter strict YAML rejects (an unquoted `: ` in a value, say): Copilot CLI skips the agent.";
    COPILOT_NO_FRONTMATTER = "AG201", "copilot-no-frontmatter", Error, false,
        "A Copilot agent without front matter Copilot CLI finds (none, not on the first line, or never closed): the file is skipped.";
    COPILOT_DESCRIPTION_MISSING = "AG202", "copilot-description-missing", Error, false,
        "A Copilot agent without a `description`: Copilot CLI and github.com skip it.";
    COPILOT_UNKNOWN_FIELD = "AG203", "copilot-unknown-field", Warning, true,
        "A key Copilot does not read in this file (a Claude Code key like `color`, or a typo): ignored.";
    COPILOT_USER_INVOKABLE = "AG204", "copilot-user-invokable", Warning, true,
        "`user-invokable`, VS Code's spelling: Copilot CLI reads only `user-invocable` and ignores it.";
    COPILOT_HANDOFFS_VSCODE_ONLY = "AG205", "copilot-handoffs-vscode-only", Information, false,
        "`handoffs` work in VS Code only: Copilot CLI and github.com ignore them.";
    COPILOT_VALUE_INVALID = "AG206", "copilot-value-invalid", Warning, true,
        "A value of the wrong type or outside its choices for a Copilot key: it does not do what it says.";
    COPILOT_TOOL_UNKNOWN = "AG207", "copilot-tool-unknown", Warning, true,
        "A tool name Copilot does not know (not an alias, a Claude Code name, a VS Code tool or `server/tool`): ignored.";
    COPILOT_INFER_RETIRED = "AG208", "copilot-infer-retired", Information, true,
        "`infer`, the former key: Copilot CLI still reads it; `disable-model-invocation` (and `user-invocable`) replace it.";
    COPILOT_BODY_TOO_LONG = "AG209", "copilot-body-too-long", Warning, false,
        "A Copilot agent's prompt over 30,000 characters: github.com does not accept it.";
    COPILOT_CHAT_MODE_LEGACY = "AG210", "copilot-chat-mode-legacy", Hint, false,
        "A chat mode (`.chatmode.md`): still read, but custom agents (`.github/agents/*.agent.md`) replace them.";
    OPENCODE_COLOR_INVALID = "AG215", "opencode-color-invalid", Error, false,
        "An OpenCode agent `color` that is neither `#RRGGBB` nor a theme color (`red` is not one): OpenCode refuses to start.";
    OPENCODE_TOOLS_NOT_MAP = "AG216", "opencode-tools-not-map", Error, false,
        "OpenCode `tools` written as a list or a string (Claude Code style): OpenCode refuses to start; it wants a map of tool names to true/false.";
    OPENCODE_MODE_INVALID = "AG217", "opencode-mode-invalid", Error, false,
        "An OpenCode `mode` other than `subagent`, `primary` or `all`: OpenCode refuses to start.";
    GEMINI_YAML_REJECTED = "AG220", "gemini-yaml-rejected", Error, false,
        "Front matter strict YAML rejects (an unquoted `: ` in a value, say): Gemini CLI does not load the subagent.";
    GEMINI_NO_FRONTMATTER = "AG221", "gemini-no-frontmatter", Error, false,
        "A Gemini CLI subagent without front matter on its first line: rejected.";
    GEMINI_FIELD_MISSING = "AG222", "gemini-field-missing", Error, false,
        "A Gemini CLI subagent without a `name` or a `description`: rejected.";
    GEMINI_NAME_INVALID = "AG223", "gemini-name-invalid", Error, false,
        "A Gemini CLI subagent `name` that is not a slug (lowercase letters, digits, `-`, `_`): rejected.";
    GEMINI_UNKNOWN_KEY = "AG224", "gemini-unknown-key", Error, false,
        "A key Gemini CLI's subagent schema does not have (`color`, `mcpServers` for `mcp_servers`): the subagent is rejected.";
    GEMINI_TOOLS_NOT_LIST = "AG225", "gemini-tools-not-list", Error, false,
        "Gemini CLI subagent `tools` written as a string: rejected; it wants a list.";
    OPENCODE_VALUE_INVALID = "AG260", "opencode-value-invalid", Error, false,
        "An OpenCode agent field of the wrong type (`temperature: \"0.3\"`, `hidden: \"true\"`, an empty `description`, `permission` `edit: maybe`): OpenCode refuses to start.";
    GEMINI_VALUE_INVALID = "AG261", "gemini-value-invalid", Error, false,
        "A Gemini CLI subagent field of the wrong type (`model` a list, `temperature: \"0.2\"`, `max_turns: 0`, `timeout_mins: 1.5`, an empty value): rejected.";
    GEMINI_TOOL_INVALID = "AG262", "gemini-tool-invalid", Error, false,
        "A Gemini CLI subagent `tools` entry that is not one of its tools (`Read`, `ls`, a typo): the subagent is rejected.";
    COPILOT_VALUE_REJECTED = "AG263", "copilot-value-rejected", Error, false,
        "A Copilot agent field Copilot CLI checks, of the wrong type (`description: 42`, `user-invocable: yes`, an empty `name`, a local MCP server without `args`): the agent is skipped.";
}

// Other hosts' prompt and rule files (`rules::hosts`): Copilot prompt files
// and instructions, Cursor rules, Codex prompts; shown by the fixtures in
// tests/fixtures/host-files (tests/host_files.rs).
codes! {
    @table HOST_FILES;
    COPILOT_PROMPT_UNKNOWN_KEY = "AG240", "copilot-prompt-unknown-key", Warning, true,
        "A key VS Code does not read in a prompt file (a typo, a Claude Code key): ignored.";
    COPILOT_PROMPT_MODE_LEGACY = "AG241", "copilot-prompt-mode-legacy", Hint, false,
        "`mode` in a prompt file: the older spelling of `agent`.";
    COPILOT_PROMPT_VARIABLE_UNKNOWN = "AG242", "copilot-prompt-variable-unknown", Warning, false,
        "A `${...}` in a prompt file that is not one of VS Code's prompt variables: it is not replaced.";
    COPILOT_PROMPT_TOOL_UNKNOWN = "AG243", "copilot-prompt-tool-unknown", Information, false,
        "A tool in a prompt file that is neither a Copilot alias nor a VS Code tool: fine if an MCP server or extension gives it.";
    COPILOT_INSTRUCTIONS_UNKNOWN_KEY = "AG244", "copilot-instructions-unknown-key", Warning, true,
        "A key VS Code does not read in an instructions file (`paths` for `applyTo`, a typo): ignored.";
    COPILOT_INSTRUCTIONS_NO_APPLY_TO = "AG245", "copilot-instructions-no-apply-to", Information, false,
        "An instructions file without `applyTo`: used only when attached to a request by hand.";
    COPILOT_INSTRUCTIONS_GLOB_INVALID = "AG246", "copilot-instructions-glob-invalid", Warning, true,
        "An `applyTo` glob that can match no file (an unclosed `[` or `{`, an empty pattern).";
    CURSOR_UNKNOWN_KEY = "AG247", "cursor-unknown-key", Warning, true,
        "A key Cursor does not read in a rule (`.mdc`): ignored.";
    CURSOR_GLOBS_QUOTED = "AG248", "cursor-globs-quoted", Warning, true,
        "Cursor rule `globs` in quotes or brackets: reported not to match; Cursor wants them unquoted, separated by commas.";
    CURSOR_ALWAYS_APPLY_STRING = "AG249", "cursor-always-apply-string", Warning, true,
        "`alwaysApply: \"true\"`, a string: Cursor takes it as false.";
    CURSOR_MANUAL_ONLY = "AG250", "cursor-manual-only", Information, false,
        "A Cursor rule with no `description`, `globs` or `alwaysApply: true`: applied only when @-mentioned.";
    CODEX_PROMPT_UNKNOWN_KEY = "AG251", "codex-prompt-unknown-key", Information, false,
        "A front-matter key Codex does not document for custom prompts (`description`, `argument-hint`).";
}

// Windsurf rules and workflows, Kiro steering files (`rules::hosts::windsurf`,
// `rules::hosts::kiro`); no recording of these hosts exists, so nothing here
// says a file fails to load. Shown by tests/fixtures/host-files.
codes! {
    @table RULE_HOSTS;
    WINDSURF_UNKNOWN_KEY = "AG252", "windsurf-unknown-key", Warning, true,
        "A key Windsurf does not document in a rule (`trigger`, `description`, `globs`): likely ignored.";
    WINDSURF_TRIGGER_INVALID = "AG253", "windsurf-trigger-invalid", Warning, false,
        "A Windsurf rule `trigger` other than `always_on`, `glob`, `model_decision` or `manual`: when the rule applies is unknown.";
    WINDSURF_GLOBS_MISSING = "AG254", "windsurf-globs-missing", Warning, false,
        "A Windsurf rule with `trigger: glob` and no `globs`: no file attaches it.";
    HOST_RULE_GLOB_INVALID = "AG255", "host-rule-glob-invalid", Warning, false,
        "A Windsurf `globs` or Kiro `fileMatchPattern` glob that can match no file (an unclosed `[` or `{`, an empty pattern).";
    WINDSURF_RULE_TOO_LONG = "AG256", "windsurf-rule-too-long", Warning, false,
        "A Windsurf rule file over 12,000 characters, the limit Windsurf sets per rule file.";
    KIRO_UNKNOWN_KEY = "AG257", "kiro-unknown-key", Information, false,
        "A front-matter key Kiro does not document for steering files (`inclusion`, `fileMatchPattern`, and `name`/`description` for `auto`).";
    KIRO_INCLUSION_INVALID = "AG258", "kiro-inclusion-invalid", Warning, false,
        "A Kiro steering `inclusion` other than `always`, `fileMatch`, `manual` or `auto`: when the file is included is unknown.";
    KIRO_FILE_MATCH_MISSING = "AG259", "kiro-file-match-missing", Warning, false,
        "A Kiro steering file with `inclusion: fileMatch` and no `fileMatchPattern`: no file brings it in.";
}

// The cap on findings per file, from `analyze` only; shown by the test of
// the cap (tests/core_bad_input.rs) rather than by a fixture of 500 lines.
codes! {
    @table LIMITS;
    FINDINGS_CAPPED = "AG099", "findings-capped", Information, false,
        "A file with more findings than agentls reports (500): the rest are counted, not shown.";
}

// Findings about the project configuration file (`agentls.toml`), from
// `policy::config` only; shown by tests/config.rs.
codes! {
    @table CONFIG;
    CONFIG_SYNTAX = "AG080", "config-syntax", Error, false,
        "`agentls.toml` is not valid TOML: none of it applies until it is fixed (the defaults are used).";
    CONFIG_UNKNOWN_SETTING = "AG081", "config-unknown-setting", Warning, true,
        "A setting agentls does not have in `agentls.toml`: ignored.";
    CONFIG_INVALID_VALUE = "AG082", "config-invalid-value", Warning, true,
        "A setting in `agentls.toml` with a value of the wrong type or outside its choices: ignored.";
    CONFIG_UNKNOWN_CODE = "AG083", "config-unknown-code", Warning, true,
        "A rule in `agentls.toml` that names no agentls code: ignored.";
}

// Findings that need the project's `claude-code-version`, from
// `policy::version_findings` only; shown by tests/config.rs.
codes! {
    @table VERSIONS;
    KEY_NEWER_THAN_TARGET = "AG016", "key-newer-than-target", Warning, true,
        "A key that arrived in a later Claude Code release than the one the project targets (`claude-code-version` in agentls.toml): that release ignores it.";
}

// Findings about a file another host the project serves also reads
// (`portability`, kept by the project's `hosts`); shown by
// tests/portability.rs.
codes! {
    @table PORTABILITY;
    PORT_COPILOT_TOOL = "AG230", "port-copilot-tool", Warning, true,
        "A Claude Code agent's tool that VS Code's Copilot, which also reads `.claude/agents`, cannot resolve (`Bash(git *)`, `mcp__server__tool`, an unknown name): ignored there.";
    PORT_COPILOT_MODEL = "AG231", "port-copilot-model", Information, false,
        "A Claude Code model alias (`sonnet`, `opus`, …) in an agent VS Code's Copilot also reads: Copilot does not know it and uses the model picked in the chat.";
}

// Cross-file findings about other hosts' agents (`workspace::host_rules`);
// shown by tests/fixtures/hosts-workspace (tests/hosts_workspace.rs).
codes! {
    @table HOSTS_WORKSPACE;
    COPILOT_AGENT_UNKNOWN = "AG280", "copilot-agent-unknown", Warning, false,
        "A Copilot agent's `handoffs[].agent` or `agents:` entry naming no agent of the workspace (`.github/agents`, `.claude/agents`): VS Code cannot hand off to it.";
}

// Skills where Codex reads them (`.codex/skills/<name>/SKILL.md`,
// `.agents/skills/<name>/SKILL.md`, in a project or the home folder), by
// what Codex CLI 0.171.0 was measured to skip (`rules::hosts::codex_skills`,
// tests/fixtures/recorded/codex-0.171.0.json); shown by
// tests/fixtures/codex-skills (tests/codex_skills.rs).
codes! {
    @table CODEX_SKILLS;
    CODEX_SKILL_SKIPPED = "AG264", "codex-skill-skipped", Error, false,
        "A skill Codex reads (`.codex/skills`, `.agents/skills`) that Codex skips: no front matter at the first byte (a byte-order mark, an empty block), no `description`, a `name` over 64 characters, a tab in the indentation, `name` or `description` given twice or not a string, `metadata` not a mapping.";
}

/// At most this many findings are reported per file; one more, at the first
/// left out, says how many were.
pub const MAX_FINDINGS: usize = 500;

/// Every code: the single-file table, the workspace one, the configuration
/// file's, suppressions, the cap, skills and commands.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    ALL.iter()
        .chain(WORKSPACE)
        .chain(SKILLS)
        .chain(SKILLS_WORKSPACE)
        .chain(MEMORY)
        .chain(IMPORTS)
        .chain(HOSTS)
        .chain(HOST_FILES)
        .chain(RULE_HOSTS)
        .chain(CONFIG)
        .chain(VERSIONS)
        .chain(PORTABILITY)
        .chain(HOSTS_WORKSPACE)
        .chain(CODEX_SKILLS)
        .chain(SUPPRESSION)
        .chain(LIMITS)
}

/// The row for a code, e.g. `lookup("AG010")`.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    all().find(|c| c.code == code)
}

/// A diagnostic of `code`, with the severity its row gives.
pub(crate) fn diag(code: &'static str, range: Range<usize>, message: String) -> Diagnostic {
    let severity = lookup(code).map_or(Severity::Warning, |c| c.severity);
    Diagnostic {
        code,
        severity,
        range,
        message,
        fixes: Vec::new(),
        related: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<_> = all().map(|c| c.code).collect();
        let mut names: Vec<_> = all().map(|c| c.name).collect();
        codes.sort_unstable();
        names.sort_unstable();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), all().count());
        assert_eq!(names.len(), all().count());
    }
}
