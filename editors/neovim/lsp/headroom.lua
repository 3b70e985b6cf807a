-- Headroom language server for Neovim 0.11+ (`:help lsp-config`).
--
-- Put this file on your runtimepath as lsp/headroom.lua (e.g. ~/.config/nvim/lsp/headroom.lua),
-- then in init.lua:   vim.lsp.enable('headroom')
-- Settings:           vim.lsp.config('headroom', { settings = { headroom = { gpu = 'rtx-4090' } } })
--
-- The same table is the base configuration of require('headroom').setup() for Neovim 0.7-0.10.
return {
  cmd = { 'headroom', 'lsp' },
  filetypes = { 'yaml', 'json' },
  root_markers = { '.headroom.yaml', '.git' },
  -- Read by the server through workspace/configuration (section "headroom").
  -- gpu: 'rtx-4090' | 'a100-80gb' | '8xh100' | '24GiB' ...; gpuCount: integer; margin: 0.05
  settings = {
    headroom = vim.empty_dict and vim.empty_dict() or {},
  },
}
