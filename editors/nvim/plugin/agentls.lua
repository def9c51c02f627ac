-- agentls ships its client configuration in lsp/agentls.lua (Neovim 0.11+).
-- Nothing is started here: call vim.lsp.enable('agentls') in your config.
if vim.g.loaded_agentls then
  return
end
vim.g.loaded_agentls = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.schedule(function()
    vim.notify('agentls: the bundled LSP config needs Neovim 0.11+ (vim.lsp.enable)', vim.log.levels.WARN)
  end)
end
