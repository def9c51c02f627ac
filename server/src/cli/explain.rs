//! The long explanation of every diagnostic code: one table, read by
//! `agentls explain` and by the SARIF renderer's rule descriptions, so the
//! two never say different things. The one-line summary stays in the core's
//! code table ([`agentls_core::codes`]).

use std::io::Write;

use agentls_core::codes::{self, CodeInfo};

/// What `explain` prints for a code beyond its summary.
pub struct Explanation {
    pub code: &'static str,
    /// Why it matters: what Claude Code (or another host) really does.
    pub why: &'static str,
    /// Front matter (or a description of a file) that triggers it.
    pub example: &'static str,
    /// How to make the finding go away.
    pub fix: &'static str,
}

macro_rules! explanations {
    ($($code:literal: $why:literal, $example:literal, $fix:literal;)*) => {
        const TABLE: &[Explanation] = &[
            $(Explanation { code: $code, why: $why, example: $example, fix: $fix },)*
        ];
    };
}

explanations! {
    "AG001": "Claude Code reads every markdown file in an agents folder but only files that open with a front matter block define an agent; anything else is silently passed over. That is fine for a README, and a surprise for an agent whose `---` went missing.",
        "A `README.md` in `.claude/agents/` that starts with `# Our agents`.",
        "Nothing, if the file is documentation. If it is meant to be an agent, start it with a `---` block holding `name` and `description`.";
    "AG002": "The front matter is recognised only when `---` is the very first line. A blank line, a byte-order mark or a heading before it turns the whole block into plain prompt text, so the agent has no name and does not load.",
        "A blank line, then `---`, `name: reviewer`, …",
        "Delete whatever stands before the opening `---`.";
    "AG003": "Without the closing `---` the loader cannot tell where the settings end and the prompt begins, and it gives up on the file: the agent is not available.",
        "`---`, `name: reviewer`, `description: Reviews code`, then the prompt with no `---` in between.",
        "Add a line holding only `---` after the last setting.";
    "AG010": "Claude Code parses the front matter as YAML and, when that fails, retries with a lenient fallback. This text defeats both, so the file is dropped and the agent never appears in the list.",
        "`description: Reviews code. Examples:` followed by an `<example>` line at column 0.",
        "Quote the value, or move long text into a `|` block scalar indented under the key.";
    "AG011": "Claude Code's lenient fallback rescues this value, so the agent loads there. Other tools that read the same file with a strict YAML parser (Copilot CLI, OpenCode, scripts using PyYAML) reject it, so the file is not portable.",
        "`description: Use when: a test fails` (a second `: ` inside a plain value).",
        "Quote the value or use a block scalar; the offered fix rewrites it to an equivalent `|2-` block.";
    "AG012": "A line of three dashes is where the front matter ends, even inside what looks like a value. Everything after it becomes part of the system prompt, and the settings below it are lost.",
        "`description: Splits --- sections` written over several lines, one of them only `---`.",
        "Keep `---` out of values (write `—` or quote the text), and close the front matter with exactly three dashes.";
    "AG013": "In YAML a space followed by `#` starts a comment. The loader keeps only the text before it, so the value the agent gets is shorter than what you wrote.",
        "`description: Fix issue #123 quickly` loads as `Fix issue`.",
        "Quote the value: `description: \"Fix issue #123 quickly\"`.";
    "AG014": "When a key appears twice Claude Code keeps the last one and silently forgets the earlier ones, which usually hides an edit that was meant to replace the first.",
        "Two `description:` lines in one front matter.",
        "Delete the copy you do not want, or merge the two.";
    "AG015": "Claude Code reads only the keys it knows. Any other key is accepted without complaint and then ignored, so a misspelled or foreign setting quietly has no effect.",
        "`allowedTools: Read` (the key is `tools`), `Model: opus` (keys are case-sensitive).",
        "Rename the key to the one Claude Code knows (the finding suggests it), or delete it.";
    "AG016": "A team may run an older Claude Code than the newest one. The catalog records the release in which each key arrived; with `claude-code-version` set in agentls.toml, a key that arrived later is one the team's Claude Code does not know, so it ignores the key and its setting has no effect there.",
        "`claude-code-version = \"2.0.0\"` in agentls.toml and `memory: project` (arrived in 2.1.33) in an agent.",
        "Upgrade Claude Code and raise `claude-code-version`, or drop the key while the older release is in use.";
    "AG017": "A plain value that starts with `!word` is a YAML tag, not text. The loader drops the tag, so the first word of the value disappears.",
        "`description: !important reviewer` loads as `reviewer`.",
        "Quote the value so the `!` is text.";
    "AG020": "Every agent needs a `name` that is a string. Without one Claude Code has nothing to call the agent by and skips the file.",
        "No `name` key, `Name:` with a capital, or `name: 123`.",
        "Add `name: your-agent` as a plain lowercase string.";
    "AG021": "The `description` tells the main session when to hand work to the agent, and Claude Code requires it to be a string. Without it the file is skipped.",
        "No `description` key, or `description:` holding a list.",
        "Add a one-line string `description` saying when the agent should be used.";
    "AG022": "Some names are refused outright: a `:` clashes with how plugin agents are addressed, and a leading `-` reads as an option. The file does not load.",
        "`name: my:agent`, `name: -agent`.",
        "Use lowercase words joined by hyphens, e.g. `my-agent`.";
    "AG023": "Any name without `:` loads, but agents are called by name in prompts and `Agent(...)` rules; the lowercase-with-hyphens convention keeps those references predictable.",
        "`name: Backend Architect`.",
        "Rename to `backend-architect` (and update references to it).";
    "AG030": "When `tools` is given but no entry matches a tool Claude Code has, the agent would start with nothing, and Claude Code refuses to start it at all.",
        "`tools: Foo, LS` (one unknown, one removed).",
        "List real tool names, e.g. `tools: Read, Grep, Glob`, or remove `tools` to inherit every tool.";
    "AG031": "The tool was removed from Claude Code. The agent still starts, but the entry is dropped, so the agent lacks a capability its prompt may count on.",
        "`tools: Read, MultiEdit` (`MultiEdit` is gone; `Edit` covers it).",
        "Replace it with its successor, or delete it.";
    "AG032": "The tool was renamed; the old name still works as an alias today, but aliases can be removed in a later release.",
        "`tools: Task` (now `Agent`).",
        "Use the current name.";
    "AG033": "Tool names are matched exactly, case included. A name Claude Code does not know is dropped when the agent starts, so the agent runs without it.",
        "`tools: read` (the tool is `Read`), `Grepp`.",
        "Correct the spelling (the finding suggests the nearest name), or delete it.";
    "AG034": "Some tools exist only in the main session, are off unless a setting enables them, or make sense only next to other tools. Subagents do not receive them, so listing them changes nothing.",
        "`tools: Read, AskUserQuestion`.",
        "Remove the entry, or do that work in the main session.";
    "AG035": "Listing a tool twice is harmless but usually a leftover from an edit.",
        "`tools: Read, Read`.",
        "Delete the repeat.";
    "AG036": "A tool that is both allowed and denied is denied: the deny list is applied last, so the entry in `tools` has no effect.",
        "`tools: Bash` together with `disallowedTools: Bash`.",
        "Remove it from one of the two lists.";
    "AG037": "MCP tool names and permission rules have a fixed shape. A malformed one matches no tool and is dropped.",
        "`Bash(git diff:*` (no closing parenthesis), a bare `mcp__`.",
        "Complete the entry, e.g. `Bash(git diff:*)` or `mcp__server__tool`.";
    "AG038": "`tools` with no value is an empty list, not \"all tools\": the agent starts with no tools at all. That is rarely intended.",
        "`tools:` with nothing after it.",
        "Remove the key to inherit every tool, or list the tools the agent needs.";
    "AG039": "When Bash is among an agent's tools, Claude Code starts it without Grep and Glob and expects searches to go through the shell; listing them as well does not bring them back.",
        "`tools: Read, Grep, Bash`.",
        "Nothing, if searching through Bash is fine; otherwise drop Bash.";
    "AG040": "Only a fixed set of colors exists for agents. Any other value is ignored without a warning and the agent gets the default color.",
        "`color: magenta`.",
        "Pick one of the colors Claude Code offers (completion lists them).";
    "AG041": "The field accepts only certain values or a certain type. Anything else is ignored, so the agent behaves as if the field were absent.",
        "`permissionMode: acceptedits` (it is `acceptEdits`), `maxTurns: 0`.",
        "Use one of the allowed values (completion and hover list them).";
    "AG042": "The model is not checked when the agent loads; the text is sent to the API as-is when the agent starts, and an unknown model makes that request fail.",
        "`model: gpt-4o`, `model: default`.",
        "Use an alias (`sonnet`, `opus`, `haiku`, `inherit`) or a full Claude model ID.";
    "AG043": "`hooks` must be a mapping from event names to lists. When it cannot be read at all, Claude Code rejects the whole agent, not just the hooks.",
        "`hooks: echo hi`, or `PreToolUse:` holding a mapping instead of a list.",
        "Write `hooks:` as a mapping of events, each a list of matchers with their `hooks`.";
    "AG044": "This hook is skipped while the rest load: an unknown event or handler type, or a matcher or handler missing a required field, never runs.",
        "`hooks:` with an event `OnSave:`, or a handler with `type: shell`.",
        "Use a known event and `type: command` (or another supported type), with every required field.";
    "AG045": "Hook-shaped data outside `hooks` is not ignored: Claude Code fails to read the front matter's shape and the agent does not load.",
        "A top-level `PreToolUse:` list next to `name`.",
        "Move the entry under `hooks:`.";
    "AG050": "The body below the front matter is the agent's system prompt. With none, the agent runs with no instructions of its own.",
        "A file that ends right after the closing `---`.",
        "Write the prompt below the front matter.";
    "AG051": "The text was once saved as UTF-8, read back as Windows-1252 and saved again. The model sees the garbled characters, not the ones you meant.",
        "`ðŸ§ ` where `🧠` was meant, `â€”` for `—`.",
        "Apply the fix, which decodes the text back, or retype the characters.";
    "AG052": "Descriptions often carry `<example>` blocks that teach the main session when to delegate. An unclosed tag makes the rest of the description read as one long example.",
        "`<example>` in the description with no `</example>`.",
        "Close every `<example>` and `<commentary>` tag.";
    "AG060": "Agents are looked up by name, and a higher-priority scope wins: the project over the user, a closer `.claude/agents` over one further up. This agent is never chosen.",
        "A user agent `reviewer` while the project also defines `reviewer`.",
        "Rename one of them, or delete the one that is never used.";
    "AG061": "Two files in the same folder claim one name. Only one of them loads, and which one is not specified.",
        "Two files in `.claude/agents/` with `name: reviewer`.",
        "Give each file its own name.";
    "AG062": "An agent named like a built-in one replaces it for this project, so the built-in behaviour is gone.",
        "`name: Explore`.",
        "Nothing, if replacing it is the point; otherwise choose another name.";
    "AG063": "`Agent(x)` (or the older `Task(x)`) limits which agents this one may call. A name that matches no agent means the permission allows nothing.",
        "`tools: Agent(reviwer)` with no agent of that name.",
        "Correct the name, or add the agent.";
    "AG064": "An `mcp__server__tool` entry works only when that server is configured. agentls found no such server in the project or the agent, though it may still be set up in your user configuration.",
        "`mcp__github__create_issue` with no `github` in `.mcp.json`.",
        "Configure the server in `.mcp.json` or the agent's `mcpServers`, or remove the entry.";
    "AG065": "`skills` preloads skills into the agent. A name that matches no skill, or a skill marked `disable-model-invocation: true`, is not preloaded.",
        "`skills: [missing]`.",
        "Correct the name, create the skill, or remove the entry.";
    "AG066": "Every loaded agent's description is placed in every session's context so the model can pick one. Past a few thousand tokens that costs context in every conversation.",
        "Twenty agents with long descriptions full of examples.",
        "Shorten descriptions; keep examples in the prompt body instead.";
    "AG080": "agentls reads `agentls.toml` with a TOML parser. When the file does not parse, none of it can be trusted, so every rule runs at its default severity until the file is fixed; checking goes on.",
        "`[rules` (an unclosed table header) or `AG015 = off` (a bare word where TOML needs a quoted string).",
        "Fix the TOML at the place shown: quote string values, close brackets.";
    "AG081": "A setting agentls does not have is ignored, so whatever it was meant to change stays as it was. Usually a misspelling or a setting from another tool.",
        "`excludes = [\"vendor/**\"]` (the setting is `exclude`).",
        "Rename it to the setting the finding suggests, or delete it.";
    "AG082": "A setting whose value has the wrong type, or is not one of its choices, is ignored; the rest of the file still applies.",
        "`AG023 = \"loud\"` under `[rules]`, or `hosts = [\"copilt\"]`, or an `[[overrides]]` without `files`.",
        "Use one of the values the message lists: a level is off, error, warning, info or hint.";
    "AG083": "Each line under `[rules]` names a code (`AG015`) or its rule name (`unknown-key`). A line naming neither changes nothing.",
        "`AG999 = \"off\"` or `unkown-key = \"off\"`.",
        "Use a code or name `agentls explain` knows; the finding suggests the closest.";
    "AG090": "A suppression comment that silences nothing hides the next problem of that kind to appear where it applies, long after the reason for it is gone; a code agentls does not have (a typo) silences nothing at all, and a comment naming no code is refused rather than read as \"ignore everything\". This hint cannot itself be silenced by a comment.",
        "`colour: red  # agentls-ignore: AG015, AG023` where nothing on the line is AG023; `# agentls-ignore: AG999`; `<!-- agentls-ignore -->`.",
        "Remove the code (or the whole comment) with the offered fix; `check --fix` removes unused codes of single-file rules. Correct a misspelled code, or name the codes a bare comment was meant for.";
    "AG100": "Claude Code reads a skill's or command's front matter like an agent's, but when it cannot (YAML no parser reads, a block never closed, lines before the opening `---`) it does not drop the item: it ignores the whole front matter and lists the item with the first line of its body, a heading's `#` taken off. Every field is lost with it: the description the model decides by, `allowed-tools`, `model`, `disable-model-invocation`.",
        "`description: Reviews code` followed by `  Examples: review my PR` (an indented line that looks like a key); a front matter with no closing `---`.",
        "Fix the YAML where the finding points: quote the value or write it as a block scalar (`description: |`), or add the missing `---`.";
    "AG101": "Claude Code lists a skill under the name of its folder (`skills/<folder>/SKILL.md`); a different `name` is at most shown beside it, and only when it has no spaces and no other skill has it. The Agent Skills specification requires `name` to equal the folder's name, and hosts that enforce it reject the skill. Codex does not: 0.171.0 was measured listing such a skill under its `name`.",
        "`skills/pdf-forms/SKILL.md` with `name: pdf-tools`.",
        "Set `name` to the folder's name (the offered fix), or rename the folder.";
    "AG102": "The Agent Skills specification requires a skill's `name`: 1 to 64 characters, lowercase letters, digits and `-` only, no `-` at the start or end and no `--`. Claude Code itself lists the folder name and does not mind; hosts that enforce the specification reject the skill. Codex 0.171.0 loads uppercase, `_`, `--` and an edge `-`, and skips only a name over 64 characters (AG264 where Codex reads the skill). The finding points at the first character that breaks a rule.",
        "`name: PDF_Tools`; `name: my--skill`; `name: tools-`; no `name` at all.",
        "Use lowercase words joined by single hyphens, the same as the folder's name; the fix adds a missing `name`.";
    "AG103": "Without a `description`, Claude Code lists a skill or command with the first line of its body (at most 100 characters; `Skill` or `Custom command` for an empty body), and the model picks skills by that listing. A list or a mapping (a `{{X}}` placeholder is one to YAML) is omitted the same way (Claude Code logs \"Description invalid\"); a number or boolean is listed as written. The Agent Skills specification requires a description for skills. Commands need none: for a command only a value that is not a string is reported, as information.",
        "A `SKILL.md` with only `name:` in its front matter; `description: {{DESCRIPTION}}` left from a template.",
        "Write a description saying what the skill does and when to use it; quote a value that YAML would read as something else.";
    "AG104": "The Agent Skills specification limits a skill's `description` to 1,024 characters, and hosts that enforce it reject a longer one (Codex 0.171.0 loads one of 6,000). Claude Code accepts it (its own listing cuts at 1,536 characters, AG105). The finding covers the part past the limit.",
        "A description of 1,200 characters pasting a whole usage guide.",
        "Keep the description to what the skill does and when to use it; move the rest into the body.";
    "AG105": "The model chooses skills and commands from a listing that holds, for each, its `description` and `when_to_use` joined by ` - `, each run of line breaks and tabs made one space, `<` and `>` shown as `&lt;` and `&gt;`, and cut at 1,536 UTF-16 units (1,535 and `…`; an emoji counts two; measured on Claude Code 2.1.332). What is past the cut never reaches the model. The finding starts at the first character cut; in block scalars and escaped strings that position is approximate (counted over the value's non-blank characters).",
        "A 1,000-character `description` and a 600-character `when_to_use`.",
        "Shorten them, with what matters most first.";
    "AG106": "The guidance for skills is to keep `SKILL.md` under 500 lines: all of it is read into the conversation when the skill is used, while files it links are read only when needed. Claude Code reads longer files; this is advice.",
        "A `SKILL.md` of 800 lines holding an API reference.",
        "Move reference material into files next to `SKILL.md` and link them from it.";
    "AG107": "Portability (claude.ai upload): skills uploaded to claude.ai or through the API may only have the keys `allowed-tools`, `compatibility`, `description`, `license`, `metadata` and `name`; `name` and `description` may not hold XML tags, and `name` may not contain `anthropic` or `claude`. Claude Code is not affected: this matters only if the skill is uploaded too. Keys Claude Code does not know at all are reported as AG015 instead.",
        "`when_to_use:`, `model:` or `context: fork` in a skill; `name: claude-helper`; `description: Makes <b>bold</b> text`.",
        "For a skill meant for upload, keep to the allowed keys and plain text; otherwise set AG107 to off in `agentls.toml`.";
    "AG108": "`background: true` asks for a forked skill to run in the background, so it only means something with `context: fork`; without it Claude Code ignores the key.",
        "`background: true` in a skill with no `context`.",
        "Add `context: fork` if the skill should run in a subagent of its own, or remove `background`.";
    "AG109": "Claude Code fills `$0`, `$1`, … with the arguments typed after a command or skill, counting from `$0`. Earlier versions counted from `$1`, so a body that uses `$1` but never `$0` was probably written for the old numbering and now skips its first argument. `$1.50` and `$1` inside code are not counted.",
        "`Compare $1 with $2` in a command's body, and no `$0`.",
        "Count from `$0` (the fix renumbers the body's `$N`), or use named `arguments`. If `$1` really means the second argument, suppress the hint.";
    "AG110": "With `arguments:` declared, `$name` in the body is replaced by the matching argument; a `$word` not among them is not replaced, and the model reads it as written. Only lowercase words outside code are flagged, so `$HOME` or a shell variable in a code block is left alone.",
        "`arguments: old new` and `Rename $old to $nwe`.",
        "Fix the spelling (a fix is offered for a close name) or add the word to `arguments`.";
    "AG111": "Claude Code substitutes a fixed set of `${CLAUDE_…}` names in a skill or command body and in the `Bash` rules of its `allowed-tools`: `${CLAUDE_SESSION_ID}`, `${CLAUDE_EFFORT}`, `${CLAUDE_SKILL_DIR}`, `${CLAUDE_PROJECT_DIR}`, `${CLAUDE_PLUGIN_ROOT}` and `${CLAUDE_PLUGIN_DATA}`. Any other is left as written. Code blocks are not checked (a shell reads its own variables there).",
        "`Read ${CLAUDE_SKIL_DIR}/checks.md`.",
        "Use one of the substituted names (a fix is offered for a close one).";
    "AG112": "A `` !`command` `` in the body, or a line of a ```` ```! ```` block, runs in a shell before the prompt is sent, with the permissions of a Bash call. Without a `Bash` rule in `allowed-tools` that allows it (`Bash`, `Bash(git status:*)`, `Bash(git *)`), Claude Code asks for permission on every run, and a run nobody can answer (`claude -p`, CI) fails. Permissions granted in settings are not seen by agentls.",
        "`allowed-tools: Read` and `Status: !`git status``.",
        "Add a rule such as `Bash(git *)` to `allowed-tools` (the fix adds one for the command's first word), or a narrower one.";
    "AG113": "Claude Code lists skills and commands in one namespace. When a skill and a command in the same folder (`.claude`, `~/.claude` or a plugin) share a name, the skill is listed and the command is dropped without a log line (measured).",
        "`.claude/skills/deploy/SKILL.md` and `.claude/commands/deploy.md`.",
        "Rename the command (or the skill), or move the command's text into the skill and delete the command.";
    "AG114": "With `context: fork`, the skill runs in a sub-agent of the type `agent` names. An agent that no file defines (or one Claude Code skips) and that is not built in cannot run it. An agent of a plugin the workspace does not hold (`plugin:agent`) is not reported: it may be installed.",
        "`context: fork` and `agent: reviewr` when the agent is `reviewer`.",
        "Correct the name (a close one is suggested), create the agent, or use a built-in such as `Explore` or `general-purpose`.";
    "AG115": "A skill's files live in its folder, and its body tells the model to read them. A markdown link, or a path under `scripts/`, `references/`, `assets/`, `templates/` or `examples/` (or starting with `./`), naming a file that is not there sends the model to a file that does not exist. Other bare names (`package.json`) are taken to be the project's and not checked.",
        "`See [the reference](reference.md)` in a skill folder without `reference.md`.",
        "Add the file to the skill's folder or correct the path.";
    "AG116": "A command's `@path` includes the file's contents when the command runs. Paths are read from the project folder (the one holding `.claude`); a path naming no file includes nothing. Commands in `~/.claude/commands` run in whatever project is open and are not checked.",
        "`Review @src/mian.rs` in `.claude/commands/review.md`.",
        "Correct the path relative to the project folder.";
    "AG117": "Skills and commands of the same name in several scopes do not add up: the personal one (`~/.claude`) wins over the project's, so the project's is never used on a machine that has both.",
        "`~/.claude/skills/notes/SKILL.md` and `.claude/skills/notes/SKILL.md`.",
        "Rename one of them, or delete the copy you no longer use.";
    "AG118": "A `Skill(name)` permission rule allows the skill or command `name` to run without asking. A name that matches no skill or command of the workspace or of `~/.claude` is usually a typo or a renamed skill; it may also be a plugin's or one Claude Code bundles, which agentls does not see, so this is information only.",
        "`allowed-tools: Skill(deplyo)` when the skill is `deploy`.",
        "Correct the name (a close one is suggested), or leave it if a plugin provides the skill.";
    "AG120": "Claude Code uses an output style, a rule or a CLAUDE.md whatever its front matter; YAML it cannot read, or a front matter that is never closed or does not start on the first line, loses all the fields. An output style is then listed under its file name without a description; a rule loses `paths`, so it is loaded in every session instead of only for the files it names.",
        "A rule starting `---`, `paths: [\"src/**`, `---`.",
        "Fix the YAML (close the quote or the list), or put `---` on the first line and after the last field.";
    "AG121": "`paths` globs decide which files a rule (or a CLAUDE.md) is loaded for. A `[` or `{` that is never closed is read as a literal character, so the pattern only matches a path spelled with it; an empty pattern matches nothing. The rule is not loaded for the files meant.",
        "`paths: \"src/[ab.ts\"` or `- \"**/*.{ts,tsx\"`.",
        "Close the class or the alternative (`src/[ab].ts`, `**/*.{ts,tsx}`), or escape the character (`\\[`).";
    "AG122": "`force-for-plugin` turns a plugin's output style on whenever the plugin is enabled. Claude Code reads it only in a plugin's `output-styles/` folder; in `.claude/output-styles` (project or user) it is ignored.",
        "`force-for-plugin: true` in `.claude/output-styles/terse.md`.",
        "Remove it, and choose the style with `/output-style` or the `outputStyle` setting.";
    "AG123": "The `/output-style` menu shows each style's `description` beside its name. Without one the menu shows nothing there, and people choosing a style cannot tell what it does.",
        "An output style whose front matter has only `name: Terse`.",
        "Add `description:` with a line saying what the style changes.";
    "AG124": "`paths` lists the files a rule is for. An empty list names none; what Claude Code does with it is not documented, and it says nothing about the author's intent.",
        "`paths: []` in `.claude/rules/ts.md`.",
        "List the globs the rule is for, or remove `paths` to load the rule in every session.";
    "AG125": "Claude Code inlines the file an `@path` mention names in a CLAUDE.md or a rule (relative to the file's folder, `~/` for the home folder, or absolute; not inside code). When no file is there, the import is skipped without a word, and the instructions it was meant to bring are missing.",
        "`See @docs/conventions.md` when `docs/conventions.md` does not exist next to the CLAUDE.md.",
        "Fix the path, or put the mention in backticks when it is not meant as an import.";
    "AG126": "Imported files may import others, but Claude Code follows at most 5 hops from the file it loads: a file further down the chain is not read. The finding is on the import of this file that leads there, and names the chain.",
        "`CLAUDE.md` imports `@1.md`, which imports `@2.md`, … up to `@6.md`.",
        "Import the deep file from a file nearer the top, or flatten the chain.";
    "AG200": "Copilot CLI reads an agent's front matter with a strict YAML parser and has no fallback: where Claude Code rescues a plain value holding `: `, Copilot CLI logs a parse error and leaves the agent out of its list.",
        "`description: Use this agent when: the user asks for a plan` in `.github/agents/planner.agent.md`.",
        "Quote the value (the fix does), or write it as a `|` block scalar.";
    "AG201": "Copilot reads an agent's settings, its `description` first, from the front matter; a file without one it can find is logged as malformed and skipped.",
        "A `.github/agents/planner.md` that starts with `# Planner`.",
        "Start the file with `---`, `description: …` and `---`; keep nothing before the opening `---`.";
    "AG202": "`description` is the one key Copilot CLI and github.com require: it says when to pick the agent. Without it the agent is skipped (VS Code still lists it).",
        "`name: planner` and `tools: [read]`, no `description`.",
        "Add `description:` with a sentence saying what the agent does and when to use it.";
    "AG203": "Copilot reads a fixed set of keys and ignores the rest (Copilot CLI logs a warning). Keys copied from Claude Code agents, like `color` or `mcpServers`, or misspelled keys, have no effect.",
        "`color: red` in `.github/agents/reviewer.agent.md`.",
        "Remove the key, or rename it to Copilot's (the finding suggests one: `mcpServers` is `mcp-servers`).";
    "AG204": "VS Code documents the key as `user-invokable`; Copilot CLI and github.com read `user-invocable`, and the CLI logs the VS Code spelling as an unknown field. The agent then stays in the picker there.",
        "`user-invokable: false` in a Copilot agent.",
        "Write `user-invocable`; keep both keys if the agent is also for a VS Code that reads only the other spelling.";
    "AG205": "`handoffs` add buttons after a reply that hand the conversation to another agent. Only VS Code has them: Copilot CLI logs the key as unknown and github.com ignores it.",
        "`handoffs:` with a `label` and an `agent` in `.github/agents/planner.agent.md`.",
        "Nothing, if the agent is for VS Code. Elsewhere, say in the prompt which agent to use next.";
    "AG206": "Each Copilot key takes one type of value: booleans for `user-invocable` and `disable-model-invocation`, `vscode` or `github-copilot` for `target`, a list for `tools` and `agents`, a mapping for `mcp-servers`. Another value does not do what it says.",
        "`target: cloud`, or `user-invocable: \"no\"` (a string, not `false`).",
        "Write a value of the type the key takes (the finding names it).";
    "AG207": "Copilot resolves tool names through aliases (`execute`, `read`, `edit`, `search`, `agent`, `web`, `todo`, in any case), the Claude Code names they stand for, VS Code's own tools, and `server/tool` for MCP tools. Any other name is dropped without a word, and the agent lacks the tool.",
        "`tools: [read, Reed]`.",
        "Fix the name, use an alias, or write `server/tool` for an MCP server's tool.";
    "AG208": "`infer` once said whether Copilot could pick the agent by itself. Newer Copilot documents `disable-model-invocation` instead; Copilot CLI 1.0.102 still reads `infer` (its changelog calls the change backward compatible, and it loads such agents without a warning), so this is only a nudge to the current key.",
        "`infer: false` in a Copilot agent.",
        "Use `disable-model-invocation: true` to keep the agent from being called as a subagent, `user-invocable: false` to hide it from the picker.";
    "AG209": "github.com accepts a custom agent's prompt up to 30,000 characters. A longer one is refused there (VS Code and Copilot CLI read it).",
        "A `.github/agents/*.agent.md` that pastes a whole style guide into its body.",
        "Shorten the prompt, or keep the reference material in files the agent reads when it needs them.";
    "AG210": "Chat modes were the first form of VS Code's custom agents. They are still read, but custom agents in `.github/agents/*.agent.md` replace them (with more keys: `name`, `agents`, `handoffs`…), and VS Code offers to migrate them.",
        "`.github/chatmodes/plan.chatmode.md`.",
        "Move the file to `.github/agents/plan.agent.md`; its keys carry over.";
    "AG215": "OpenCode validates every agent when it starts: `color` must be `#RRGGBB` or a theme color (primary, secondary, accent, success, warning, error, info). A Claude Code color name like `red` makes OpenCode stop with a validation error before any session starts.",
        "`color: red` in `.opencode/agents/reviewer.md`.",
        "Write a hex color (`\"#FF6B6B\"`, quoted: `#` starts a YAML comment) or a theme color.";
    "AG216": "OpenCode's `tools` is a mapping of tool names to `true` or `false` (and is deprecated in favour of `permission`). Claude Code's form, a string or a list of names, fails OpenCode's validation and OpenCode refuses to start.",
        "`tools: Read, Grep, Glob` in `.opencode/agents/reviewer.md`.",
        "Write `tools:` with `write: false` lines, or better a `permission:` map (`edit: deny`, `bash: ask`).";
    "AG217": "OpenCode's `mode` says where an agent is offered: `subagent`, `primary` or `all`. Any other value fails its validation and OpenCode refuses to start.",
        "`mode: helper` in an OpenCode agent.",
        "Write `subagent`, `primary` or `all`, or leave `mode` out (`all`).";
    "AG260": "OpenCode checks the type of every agent field when it starts: `description` and `model` are strings, `temperature`, `top_p` and `steps` numbers, `hidden` and `disable` booleans, each `tools` entry true or false, each `permission` allow, ask or deny. A quoted number, a quoted boolean or an empty value (`description:` with nothing after it) fails the check and OpenCode refuses to start.",
        "`temperature: \"0.3\"` or `hidden: \"true\"` in `.opencode/agents/reviewer.md`.",
        "Write the value unquoted (`temperature: 0.3`, `hidden: true`), give the empty field a value, or delete the line.";
    "AG261": "Gemini CLI checks every subagent field against its schema: `model`, `display_name` are strings (one model, not a list), `temperature` a number (unquoted), `max_turns` and `timeout_mins` whole numbers above 0, `kind` `local` or `remote`, `mcp_servers` a mapping. An empty value is null, which no field accepts. Any mismatch and the subagent is not loaded (measured with 0.61.0).",
        "`model: [gemini-2.5-pro, gemini-2.5-flash]` or `max_turns: \"5\"` in `.gemini/agents/reviewer.md`.",
        "Give one model as a string, write numbers unquoted (`max_turns: 5`, above 0, whole for `max_turns` and `timeout_mins`), give the empty field a value or delete the line.";
    "AG262": "Gemini CLI checks each name in a subagent's `tools`: its own tools (`read_file`, `grep_search`, `glob`, `list_directory`, `run_shell_command`, `replace`, `write_file`, `web_fetch`, `google_web_search`…), `*` for all, `mcp_<server>_<tool>`, `mcp_<server>_*` or `mcp_*` for MCP tools. Claude Code's names (`Read`, `Grep`) and unknown names reject the whole subagent (measured with 0.61.0).",
        "`tools: [Read, Grep]` or `tools: [read_file, ls]` in a Gemini CLI subagent.",
        "Write Gemini CLI's tool names: `tools: [read_file, grep_search]`, or `mcp_<server>_<tool>` for an MCP tool.";
    "AG263": "Copilot CLI checks the type of the agent fields it reads: `name`, `description` and `model` are strings (`model` may be a list), `tools` a list or one comma-separated string, `user-invocable` and `disable-model-invocation` booleans, `mcp-servers` a mapping whose local servers (`command`) list their `args`. A value of another type (a number, `yes`/`no` or a quoted `\"true\"`, an empty value) makes it skip the agent, with the reason only in its log (measured with 1.0.102).",
        "`user-invocable: yes` or `description: 42` in `.github/agents/reviewer.agent.md`.",
        "Write booleans as `true` or `false`, strings as text, give the empty field a value or delete the line; add `args: []` to a local MCP server whose command takes none.";
    "AG264": "Codex reads skills from `.codex/skills/<name>/SKILL.md` and `.agents/skills/<name>/SKILL.md`, in the project and in the home folder (not from `.claude/skills`). It skips a skill, saying why only through its app server, when the file does not open with `---` at its first byte (a byte-order mark, a blank line first, no or an unclosed or an empty block), when `description` is missing, empty or null, when the name (`name`, else the folder's) passes 64 characters, when a tab indents a line, when `name`, `description` or `metadata` is given twice, when `name` or `description` is a list or a mapping, or when `metadata` is not a mapping (measured with 0.171.0). It loads the rest: a name unlike the folder or with uppercase letters, a long description, unknown keys, an unquoted `: `.",
        "`.agents/skills/format/SKILL.md` with `name:` and no `description:`, or saved with a byte-order mark.",
        "Give the skill a one-line `description`, indent with spaces, keep each field once, shorten the name, save the file as UTF-8 without BOM.";
    "AG220": "Gemini CLI parses a subagent's front matter with a strict YAML parser, with no fallback: a plain value holding `: ` (which Claude Code rescues) fails to parse, and the subagent is reported as a loading error and left out.",
        "`description: Use this agent when: the user asks for a plan` in `.gemini/agents/planner.md`.",
        "Quote the value, or write it as a `|` block scalar.";
    "AG221": "A Gemini CLI subagent must start with its front matter; a file without one is an invalid agent definition and is not loaded.",
        "A `.gemini/agents/planner.md` that starts with `# Planner`.",
        "Start the file with `---`, `name:`, `description:` and `---`.";
    "AG222": "Gemini CLI requires both `name` (it becomes the tool the main agent calls) and a non-empty `description` (how the main agent knows when to call it). Without either, validation fails and the subagent is not loaded.",
        "A subagent with `description:` but no `name:`.",
        "Add the missing key.";
    "AG223": "A subagent's `name` becomes a tool name, so Gemini CLI accepts only a slug: lowercase letters, digits, `-` and `_`. Anything else fails validation and the subagent is not loaded.",
        "`name: Code Reviewer`.",
        "Write `name: code-reviewer`, and `display_name: Code Reviewer` for the name people see.";
    "AG224": "Gemini CLI validates a subagent against a strict schema: a key it does not have rejects the whole file, where Claude Code or Copilot would ignore it. Claude Code keys (`color`, `permissionMode`) and the documented but unaccepted `mcpServers` (0.61.0 wants `mcp_servers`) are the usual causes.",
        "`color: red` in `.gemini/agents/reviewer.md`.",
        "Remove the key, or rename it to Gemini CLI's spelling (the fix does for `mcpServers`).";
    "AG225": "Gemini CLI's `tools` is a list of its own tool names (`read_file`, `grep_search`, `run_shell_command`…, with `*` and `mcp_*` wildcards). Claude Code's comma-separated string fails validation and the subagent is not loaded.",
        "`tools: Read, Grep, Glob` in a Gemini CLI subagent.",
        "Write a list of Gemini CLI tool names: `tools: [read_file, grep_search]`.";
    "AG230": "VS Code's Copilot reads a project's Claude Code agents (`.claude/agents/*.md`) as custom agents and maps Claude Code's tool names to its aliases (`Read` to `read`, `Grep` and `Glob` to `search`, `Bash` to `execute`, …). A permission rule (`Bash(git *)`, `Agent(name)`), Claude Code's `mcp__server__tool` form or a name no alias covers is not resolved there: Copilot's users get the agent without that tool. Reported only when the project serves Copilot (`hosts` in agentls.toml, or a `.github/agents` folder).",
        "`tools: Read, Bash(git diff:*), mcp__github__get_issue` in `.claude/agents/reviewer.md` of a project with `.github/agents`.",
        "Keep the entry if only Claude Code needs it, or give the agent whole tools Copilot knows; `hosts = [\"claude-code\"]` in agentls.toml says Copilot is not served.";
    "AG231": "Claude Code's model aliases (`sonnet`, `opus`, `haiku`, `fable`) name no model in Copilot, which spells models in full (`Claude Sonnet 4.5 (copilot)`). When VS Code's Copilot reads the agent it uses the model picked in the chat instead. Reported only when the project serves Copilot.",
        "`model: haiku` in `.claude/agents/quick.md` of a project with `.github/agents`.",
        "Nothing breaks; keep the alias for Claude Code, or remove `model` if the chat's model is what you want in both hosts.";
    "AG280": "A Copilot custom agent names other agents in `handoffs` (each entry's `agent`: the button that hands the conversation over) and in `agents` (the subagents it may run). VS Code resolves these names among the custom agents it knows: those in `.github/agents` (and chat modes), and the Claude Code agents of `.claude/agents`, which it also reads. A name none of them has leaves the handoff or subagent with nowhere to go. VS Code's built-in agents (`agent`, `ask`, `edit`, `plan`) are never reported.",
        "`handoffs:\n  - label: Review\n    agent: reviwer` in `.github/agents/plan.agent.md` when the agent is `reviewer`.",
        "Correct the name (the fix offers the closest agent), or create the agent in `.github/agents/`.";
    "AG240": "VS Code reads a prompt file's `description`, `name`, `argument-hint`, `agent`, `model` and `tools`. Any other key (a typo, a Claude Code key such as `color` or `allowed-tools`) is ignored without a word, so what it was meant to do does not happen.",
        "`descripton: Fix the tests.` in `.github/prompts/fix.prompt.md`.",
        "Rename the key to the one meant (the fix offers the closest), or remove it.";
    "AG241": "Older prompt files chose the chat mode with `mode`; the key is now `agent` (`ask`, `edit`, `agent` or a custom agent's name).",
        "`mode: edit` in a prompt file.",
        "Rename `mode` to `agent` (the fix does), or remove `mode` when `agent` is already there.";
    "AG242": "VS Code replaces a fixed set of variables in a prompt file: `${workspaceFolder}`, `${workspaceFolderBasename}`, `${selection}`, `${selectedText}`, `${file}`, `${fileBasename}`, `${fileDirname}`, `${fileBasenameNoExtension}`, and `${input:name}` or `${input:name:placeholder}` for a value asked when the prompt runs. Anything else reaches the model as written. Code spans and fenced blocks are not checked: `${HOME}` in a shell snippet is the shell's.",
        "`Fix the tests in ${selectio}.`",
        "Write one of the variables (the fix offers the closest), or `${input:name}` to ask for a value.";
    "AG243": "A tool named in a prompt file's `tools` or as `#tool:name` that is neither a Copilot alias (`read`, `edit`, `search`…) nor one of VS Code's own tools. MCP servers and extensions add tools agentls cannot see, so this is only worth a look: a misspelt tool is not available to the prompt.",
        "`#tool:jira_lookup` where no MCP server gives `jira_lookup`.",
        "Check the spelling, or write `server/tool` for an MCP server's tool.";
    "AG244": "VS Code reads an instructions file's `name`, `description` and `applyTo`. Other keys are ignored; `paths` (what `.claude/rules` files say) does nothing in `.github/instructions`.",
        "`paths: [\"src/**/*.rs\"]` in `.github/instructions/rust.instructions.md`.",
        "Rename the key (the fix offers `applyTo` for `paths`), or remove it.";
    "AG245": "`applyTo` says for which files VS Code adds the instructions to a request. Without it, the instructions are used only when someone attaches them by hand. Fine for instructions meant that way.",
        "An instructions file with only `description:`.",
        "Add `applyTo: \"**\"` for every file, or a glob such as `\"**/*.ts,**/*.tsx\"`.";
    "AG246": "`applyTo` holds globs separated by commas. A glob that opens a `[` or `{` it never closes, or an empty one, matches no file, so the instructions are never added for the files meant. A comma inside `{…}` is taken as part of the glob.",
        "`applyTo: \"src/**/*.rs, tests/[ab*.rs\"`.",
        "Close the `[` or `{`, or remove the empty pattern.";
    "AG247": "A Cursor rule's front matter has `description`, `globs` and `alwaysApply`. Any other key is ignored.",
        "`always_apply: true` in `.cursor/rules/style.mdc`.",
        "Rename the key (the fix offers the closest), or remove it.";
    "AG248": "Cursor reads `globs` as patterns separated by commas, written without quotes or brackets; users report that quoted or bracketed globs do not match, so the rule is never attached. This front matter is not YAML: do not quote it to please a YAML linter.",
        "`globs: \"src/**/*.rs\"` or `globs: [\"**/*.py\"]`.",
        "Write `globs: src/**/*.rs, tests/**/*.rs` (the fix does).";
    "AG249": "`alwaysApply` wants a bare `true` or `false`. The string `\"true\"` is taken as false, so the rule is not in every request.",
        "`alwaysApply: \"true\"`.",
        "Write `alwaysApply: true` (the fix does).";
    "AG250": "A Cursor rule is applied always (`alwaysApply: true`), for matching files (`globs`), when the agent finds its `description` relevant, or, with none of these, only when someone @-mentions it. Fine for a rule meant that way.",
        "A rule whose front matter holds only `alwaysApply: false`.",
        "Add a `description`, `globs`, or `alwaysApply: true`.";
    "AG251": "Codex documents `description` and `argument-hint` (also `argument_hint`) in a custom prompt's front matter. What it does with other keys is not documented; most likely they are ignored.",
        "`model: gpt-5` in `.codex/prompts/explain.md`.",
        "Remove the key, or rename it (the fix offers the closest).";
    "AG252": "A Windsurf rule's front matter documents `trigger`, `description` and `globs`. What Windsurf does with any other key is not documented; most likely it is ignored, so a misspelt `trigger` or `globs` leaves the rule applied otherwise than meant.",
        "`triger: glob` or `paths: src/**` in `.windsurf/rules/style.md`.",
        "Rename the key (the fix offers the closest), or remove it.";
    "AG253": "Windsurf applies a rule by its `trigger`: `always_on`, `glob`, `model_decision` or `manual`. Any other value is not documented, so when (or whether) Cascade applies the rule is unknown.",
        "`trigger: always` or `trigger: model-decision`.",
        "Write one of the four triggers (the fix offers the closest).";
    "AG254": "With `trigger: glob`, a Windsurf rule is attached when a file matching its `globs` is involved. Without `globs`, no file matches, so the rule is never attached by itself.",
        "`trigger: glob` and no `globs` line.",
        "Add `globs: \"**/*.ts\"` (the files meant), or pick another trigger.";
    "AG255": "A Windsurf rule's `globs` or a Kiro steering file's `fileMatchPattern` that cannot match the files meant: an empty pattern, or a `[` or `{` never closed, which makes it a literal character.",
        "`globs: \"src/**/*.{ts,tsx\"` or `fileMatchPattern: \"\"`.",
        "Fix the pattern.";
    "AG256": "Windsurf limits each rule file to 12,000 characters. What it does with a longer file is not documented: the end may be cut or the rule left out.",
        "A rule of 15,000 characters in `.windsurf/rules/`.",
        "Split the rule into several files, or shorten it.";
    "AG257": "Kiro documents `inclusion` and `fileMatchPattern` in a steering file's front matter (with `name` and `description` for `inclusion: auto`). What it does with other keys is not documented; most likely they are ignored.",
        "`applyTo: \"**/*.ts\"` in `.kiro/steering/style.md`.",
        "Remove the key, or rename it (the fix offers the closest).";
    "AG258": "Kiro includes a steering file by its `inclusion`: `always` (the default), `fileMatch`, `manual` or `auto`. Any other value is not documented, so when (or whether) the file is included is unknown.",
        "`inclusion: file_match` or `inclusion: conditional`.",
        "Write one of the four values (the fix offers the closest).";
    "AG259": "With `inclusion: fileMatch`, Kiro includes a steering file when a file matching its `fileMatchPattern` is involved. Without one, no file matches, so the steering file is never included by itself.",
        "`inclusion: fileMatch` and no `fileMatchPattern` line.",
        "Add `fileMatchPattern: \"**/*.ts\"` (the files meant), or pick another inclusion.";
    "AG099": "To keep reports and editors responsive, agentls reports at most 500 findings per file. The rest are counted in this one finding but not shown.",
        "A generated file with 600 unknown keys.",
        "Fix the findings shown and check again; the rest appear as the count goes down.";
}

/// The explanation of a code.
pub fn of(code: &str) -> Option<&'static Explanation> {
    TABLE.iter().find(|e| e.code == code)
}

/// A code's row, by code (any case) or by name.
pub fn find(query: &str) -> Option<&'static CodeInfo> {
    let query = query.trim();
    codes::all().find(|c| c.code.eq_ignore_ascii_case(query) || c.name == query)
}

/// `agentls explain CODE`; returns the exit code.
pub fn main(query: &str) -> i32 {
    let Some(info) = find(query) else {
        let _ = writeln!(
            std::io::stderr(),
            "agentls: no code or name `{query}`. Codes look like AG015 and names like \
             unknown-key; the codes a run finds are printed with each finding, and the \
             README's \"Diagnostic codes\" table lists them all."
        );
        return 2;
    };
    let _ = write!(std::io::stdout(), "{}", render(info));
    0
}

/// The text `explain` prints.
pub fn render(info: &CodeInfo) -> String {
    let mut out = format!(
        "{} {} ({})\n\n{}\n",
        info.code,
        info.name,
        info.severity.as_str(),
        info.summary
    );
    if let Some(e) = of(info.code) {
        out.push_str(&format!(
            "\nWhy it matters: {}\n\nExample: {}\n\nFix: {}\n",
            e.why, e.example, e.fix
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new code must come with its explanation (and no row may outlive
    /// its code).
    #[test]
    fn every_code_is_explained() {
        for info in codes::all() {
            let e = of(info.code)
                .unwrap_or_else(|| panic!("{} has no explanation in cli/explain.rs", info.code));
            assert!(!e.why.is_empty() && !e.example.is_empty() && !e.fix.is_empty());
        }
        for e in TABLE {
            assert!(codes::lookup(e.code).is_some(), "{} is no code", e.code);
        }
        assert_eq!(TABLE.len(), codes::all().count());
    }

    #[test]
    fn found_by_code_or_name() {
        assert_eq!(find("AG015").map(|c| c.code), Some("AG015"));
        assert_eq!(find("ag015").map(|c| c.code), Some("AG015"));
        assert_eq!(find("unknown-key").map(|c| c.code), Some("AG015"));
        assert!(find("AG999").is_none());
    }
}
