-- agentls: language server for Claude Code agent files (.claude/agents/*.md),
-- skills (skills/<name>/SKILL.md), commands (.claude/commands/**/*.md),
-- output styles, rules (.claude/rules/**/*.md) and memory (CLAUDE.md).
--
-- Neovim 0.11+ picks this file up from any `lsp/` folder on 'runtimepath':
--
--   vim.lsp.enable('agentls')
--
-- Override any field with vim.lsp.config, e.g.
--
--   vim.lsp.config('agentls', { cmd = { '/path/to/agentls' } })
--
-- Cursor rules (`.cursor/rules/**/*.mdc`) are markdown too: plugin/agentls.lua
-- gives them that filetype.
--
-- The client attaches only to markdown buffers whose path matches one of
-- AGENT_GLOBS: agentls's editor globs (`kind::EDITOR_GLOBS` in the server,
-- which a test holds this list to). The server decides the rest; other
-- markdown files are left alone.

--- The server's editor globs (LSP glob syntax).
local AGENT_GLOBS = {
  '**/.claude/agents/**/*.md',
  '**/agents/**/*.md',
  '**/skills/*/SKILL.md',
  '**/commands/**/*.md',
  '**/output-styles/*.md',
  '**/.claude/rules/**/*.md',
  '**/CLAUDE.md',
  '**/CLAUDE.local.md',
  '**/.github/chatmodes/*.chatmode.md',
  '**/.github/prompts/*.prompt.md',
  '**/.github/instructions/**/*.instructions.md',
  '**/.opencode/agent/**/*.md',
  '**/.opencode/mode/*.md',
  '**/.opencode/modes/*.md',
  '**/.config/opencode/agent/**/*.md',
  '**/.config/opencode/mode/*.md',
  '**/.config/opencode/modes/*.md',
  '**/.cursor/rules/**/*.mdc',
  '**/.codex/prompts/*.md',
  '**/.windsurf/rules/*.md',
  '**/.windsurf/workflows/*.md',
  '**/.kiro/steering/*.md',
}

local matchers = nil

--- True when `path` matches one of AGENT_GLOBS.
---@param path string
---@return boolean
local function is_agent_file(path)
  if path == nil or path == '' then
    return false
  end
  path = path:gsub('\\', '/')
  if matchers == nil then
    matchers = {}
    for _, glob in ipairs(AGENT_GLOBS) do
      table.insert(matchers, vim.glob.to_lpeg(glob))
    end
  end
  for _, m in ipairs(matchers) do
    if m:match(path) then
      return true
    end
  end
  return false
end

---@type vim.lsp.Config
return {
  cmd = { 'agentls' },
  -- `userScope = false` leaves ~/.claude/agents and ~/.claude/skills out of
  -- the workspace index.
  init_options = { userScope = true },
  filetypes = { 'markdown' },
  -- Only used when `root_dir` below is replaced by the user: a function
  -- `root_dir` takes precedence over `root_markers`.
  root_markers = { '.claude', '.git' },
  ---@param bufnr integer
  ---@param on_dir fun(root_dir?: string)
  root_dir = function(bufnr, on_dir)
    local fname = vim.api.nvim_buf_get_name(bufnr)
    if vim.bo[bufnr].buftype ~= '' or not is_agent_file(fname) then
      return -- not an agent file: do not attach
    end
    -- The workspace root: the folder holding `.claude` (where `.mcp.json`
    -- and `.claude/agents/` live), else the repository, else the file's folder.
    local root = vim.fs.root(bufnr, { '.claude', '.git' }) or vim.fs.dirname(fname)
    on_dir(root)
  end,
}
