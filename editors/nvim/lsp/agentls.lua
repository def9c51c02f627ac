-- agentls: language server for Claude Code agent files (.claude/agents/*.md).
--
-- Neovim 0.11+ picks this file up from any `lsp/` folder on 'runtimepath':
--
--   vim.lsp.enable('agentls')
--
-- Override any field with vim.lsp.config, e.g.
--
--   vim.lsp.config('agentls', { cmd = { '/path/to/agentls' } })
--
-- The client attaches only to markdown buffers whose path has a folder named
-- `agents` above them (`.claude/agents/`, `~/.claude/agents/`, a plugin's
-- `agents/`), the same rule the server uses; other markdown files are left
-- alone.

--- True when `path` is a markdown file below a folder named `agents`.
---@param path string
---@return boolean
local function is_agent_file(path)
  if path == nil or path == '' then
    return false
  end
  path = path:gsub('\\', '/')
  if not path:lower():match('%.md$') then
    return false
  end
  -- `/.claude/agents/` is a special case of `/agents/`; both listed for clarity.
  return path:find('/.claude/agents/', 1, true) ~= nil or path:find('/agents/', 1, true) ~= nil
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
