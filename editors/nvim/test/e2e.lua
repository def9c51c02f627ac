-- End-to-end test of editors/nvim with a real Neovim and a real agentls.
--
--   AGENTLS_BIN=/abs/path/to/agentls nvim --headless --clean -u NONE -l editors/nvim/test/e2e.lua
--
-- Exits 0 when every check passes, 1 with a message on stderr otherwise.
-- Every wait is bounded; run.sh adds an overall timeout on top.

local t0 = vim.uv.hrtime()

local function log(fmt, ...)
  io.stdout:write(string.format('[%6.0f ms] ', (vim.uv.hrtime() - t0) / 1e6) .. string.format(fmt, ...) .. '\n')
  io.stdout:flush()
end

local function fail(fmt, ...)
  error({ msg = string.format(fmt, ...) }, 0)
end

local function check(cond, fmt, ...)
  if not cond then
    fail(fmt, ...)
  end
end

local function script_dir()
  local src = debug.getinfo(1, 'S').source
  src = src:sub(1, 1) == '@' and src:sub(2) or src
  return vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(src, ':p')))
end

local function realpath(p)
  return vim.fs.normalize(vim.uv.fs_realpath(p) or p)
end

local WAIT = 10000 -- ms, for any single event

local function main()
  check(vim.fn.has('nvim-0.11') == 1, 'Neovim 0.11+ required, got %s', tostring(vim.version()))
  log('nvim %s', tostring(vim.version()))

  local here = script_dir() -- editors/nvim/test
  local plugin = vim.fs.dirname(here) -- editors/nvim
  local repo = vim.fs.dirname(vim.fs.dirname(plugin))
  local bin = os.getenv('AGENTLS_BIN') or (repo .. '/target/release/agentls')
  check(vim.fn.executable(bin) == 1, 'agentls binary not executable: %s', bin)
  local seed = repo .. '/tests/fixtures/seeds/000_6cb43e73f3232d70.md'
  check(vim.uv.fs_stat(seed) ~= nil, 'seed missing: %s', seed)

  -- Workspace: <tmp>/.claude/agents/backend-architect.md and <tmp>/docs/readme.md
  local tmp = vim.fn.tempname()
  local agent_path = tmp .. '/.claude/agents/backend-architect.md'
  local plain_path = tmp .. '/docs/readme.md'
  vim.fn.mkdir(vim.fs.dirname(agent_path), 'p')
  vim.fn.mkdir(vim.fs.dirname(plain_path), 'p')
  vim.fn.writefile(vim.fn.readfile(seed, 'b'), agent_path, 'b')
  vim.fn.writefile({ '# Readme', '', 'tools: Read, MultiEdit' }, plain_path)
  tmp = realpath(tmp)

  -- Plugin setup exactly as a user would, plus the cmd override.
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('filetype on')
  vim.lsp.config('agentls', { cmd = { bin } })
  vim.lsp.enable('agentls')
  local cfg = vim.lsp.config.agentls
  check(cfg and cfg.cmd and cfg.cmd[1] == bin, 'lsp/agentls.lua not picked up from runtimepath')
  check(vim.deep_equal(cfg.filetypes, { 'markdown' }), 'filetypes: %s', vim.inspect(cfg.filetypes))

  -- 0. The attach rule agrees with the table every editor is held to
  --    (tests/fixtures/editor_paths.tsv, also read by the Rust tests).
  local rows = 0
  for _, line in ipairs(vim.fn.readfile(repo .. '/tests/fixtures/editor_paths.tsv')) do
    local rel, want = line:match('^([^#][^\t]*)\t(%a+)$')
    if rel and want ~= 'maybe' then
      local b = vim.api.nvim_create_buf(false, false)
      vim.api.nvim_buf_set_name(b, tmp .. '/table/' .. rel)
      local attached = false
      cfg.root_dir(b, function()
        attached = true
      end)
      check(attached == (want == 'yes'), 'attach rule on %s: %s, the table says %s', rel, tostring(attached), want)
      vim.api.nvim_buf_delete(b, { force = true })
      rows = rows + 1
    end
  end
  check(rows > 10, 'editor_paths.tsv: only %d rows read', rows)
  log('attach rule agrees with %d rows of editor_paths.tsv', rows)

  -- 1. Agent file: the client attaches, rooted at the folder holding .claude.
  vim.cmd.edit(vim.fn.fnameescape(agent_path))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'markdown', 'filetype is %q, expected markdown', vim.bo[buf].filetype)
  local client
  vim.wait(WAIT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'agentls' })[1]
    return client ~= nil and client.initialized == true
  end, 20)
  check(client ~= nil, 'agentls did not attach to %s', agent_path)
  check(client.initialized, 'agentls attached but never initialized')
  check(realpath(client.root_dir) == tmp, 'root_dir %s, expected %s', tostring(client.root_dir), tmp)
  log('attached: client %d, root %s, encoding %s', client.id, client.root_dir, client.offset_encoding)

  local function line_of(pattern)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local s = l:find(pattern, 1, true)
      if s then
        return i - 1, s - 1, l
      end
    end
    fail('no line with %q', pattern)
  end

  local function ag031()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'AG031' then
        return d
      end
    end
  end

  -- 2. Diagnostics: AG031 on the `MultiEdit` token.
  local d
  vim.wait(WAIT, function()
    d = ag031()
    return d ~= nil
  end, 20)
  check(d ~= nil, 'no AG031 diagnostic; got %s', vim.inspect(vim.diagnostic.get(buf)))
  local row, col = line_of('MultiEdit')
  check(d.lnum == row and d.col == col, 'AG031 at %d:%d, expected %d:%d', d.lnum, d.col, row, col)
  check(d.end_lnum == row and d.end_col == col + #'MultiEdit', 'AG031 ends at %d:%d', d.end_lnum, d.end_col)
  check(d.severity == vim.diagnostic.severity.WARN, 'AG031 severity %s', tostring(d.severity))
  check(d.message:find('Edit', 1, true), 'AG031 message: %s', d.message)
  log('AG031 at %d:%d-%d: %s', d.lnum + 1, d.col + 1, d.end_col + 1, d.message)

  local function request(method, params)
    local resp, err = client:request_sync(method, params, WAIT, buf)
    check(resp ~= nil, '%s: no response (%s)', method, tostring(err))
    check(resp.err == nil, '%s: error %s', method, vim.inspect(resp.err))
    return resp.result
  end

  local function position(line, character)
    return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  end

  -- 3. Hover on `MultiEdit` mentions its replacement `Edit`.
  local hover = request('textDocument/hover', position(row, col + 3))
  check(hover ~= nil and hover.contents ~= nil, 'no hover on MultiEdit')
  local md = hover.contents
  if type(md) == 'table' then
    md = md.value or table.concat(vim.tbl_map(function(c)
      return type(c) == 'table' and c.value or c
    end, md), '\n')
  end
  check(type(md) == 'string' and md:find('`Edit`', 1, true), 'hover does not mention `Edit`: %s', vim.inspect(hover))
  log('hover: %s', (md:gsub('\n.*', '')))

  local function labels(result)
    local items = result and (result.items or result) or {}
    local set = {}
    for _, it in ipairs(items) do
      set[it.label] = true
    end
    return set, #items
  end

  -- 4. Completion after `tools: ` (Neovim sends the edit as an incremental
  --    didChange before the request): drop `Grep` from the list, then ask at
  --    the end of the line.
  local trow, _, tline = line_of('tools: ')
  local new_tools = tline:gsub('Grep%s*$', '')
  check(new_tools ~= tline and new_tools:sub(-2) == ', ', 'unexpected tools line: %s', tline)
  vim.api.nvim_buf_set_lines(buf, trow, trow + 1, false, { new_tools })
  local set, n = labels(request('textDocument/completion', position(trow, #new_tools)))
  check(set.Grep, 'completion after %q lacks Grep (%d items): %s', new_tools, n, vim.inspect(vim.tbl_keys(set)))
  check(not set.Read and not set.MultiEdit, 'completion offers a listed or legacy tool: %s', vim.inspect(vim.tbl_keys(set)))
  log('tool completion: %d items, Grep offered, Read/MultiEdit not', n)

  -- 5. Completion of keys on a new, empty front-matter line.
  local crow = line_of('color: ')
  vim.api.nvim_buf_set_lines(buf, crow + 1, crow + 1, false, { '' })
  set, n = labels(request('textDocument/completion', position(crow + 1, 0)))
  check(set.model, 'key completion lacks model (%d items): %s', n, vim.inspect(vim.tbl_keys(set)))
  check(not set.name and not set.tools, 'key completion offers a present key: %s', vim.inspect(vim.tbl_keys(set)))
  log('key completion: %d items, model offered, name/tools not', n)

  -- 6. The edits reached the server in order: AG031 moved down one line.
  local mrow, mcol = line_of('MultiEdit')
  vim.wait(WAIT, function()
    d = ag031()
    return d ~= nil and d.lnum == mrow
  end, 20)
  check(d ~= nil and d.lnum == mrow and d.col == mcol, 'AG031 did not follow the edit: %s', vim.inspect(d))
  log('AG031 followed the edit to %d:%d', d.lnum + 1, d.col + 1)

  -- 7. A markdown file outside any `agents/` folder: no client.
  vim.cmd.edit(vim.fn.fnameescape(plain_path))
  local pbuf = vim.api.nvim_get_current_buf()
  check(pbuf ~= buf and vim.bo[pbuf].filetype == 'markdown', 'plain file not opened as markdown')
  -- Give a (wrong) attach the same chance the agent file had.
  vim.wait(500, function()
    return #vim.lsp.get_clients({ bufnr = pbuf }) > 0
  end, 20)
  local attached = vim.lsp.get_clients({ bufnr = pbuf })
  check(#attached == 0, 'a client attached to %s: %s', plain_path, attached[1] and attached[1].name or '?')
  check(#vim.lsp.get_clients({ name = 'agentls' }) == 1, 'expected exactly one agentls client')
  log('no client on %s', plain_path)

  client:stop(true)
  vim.fn.delete(tmp, 'rf')
end

local ok, err = xpcall(main, function(e)
  if type(e) == 'table' and e.msg then
    return e.msg
  end
  return debug.traceback(tostring(e), 2)
end)
for _, c in ipairs(vim.lsp.get_clients()) do
  c:stop(true)
end
if ok then
  log('PASS')
  os.exit(0)
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  io.stderr:flush()
  os.exit(1)
end
