-- agentls ships its client configuration in lsp/agentls.lua (Neovim 0.11+).
-- Nothing is started here: call vim.lsp.enable('agentls') in your config.
if vim.g.loaded_agentls then
  return
end
vim.g.loaded_agentls = true

-- Cursor rules are markdown with front matter, in `.mdc` files Neovim has
-- no filetype for: make them markdown so the client can attach.
vim.filetype.add({ pattern = { ['.*/%.cursor/rules/.*%.mdc'] = 'markdown' } })

if vim.fn.has('nvim-0.11') == 0 then
  vim.schedule(function()
    vim.notify('agentls: the bundled LSP config needs Neovim 0.11+ (vim.lsp.enable)', vim.log.levels.WARN)
  end)
end
