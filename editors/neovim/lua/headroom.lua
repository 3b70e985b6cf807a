-- Headroom language server for Neovim 0.7-0.10 (also works on 0.11+, where
-- `vim.lsp.enable('headroom')` with lsp/headroom.lua is the simpler way).
--
--   require('headroom').setup({
--     cmd = { 'headroom', 'lsp' },                        -- optional: another executable
--     settings = { headroom = { gpu = 'rtx-4090' } },     -- optional: gpu, gpuCount, margin
--     on_attach = function(client, bufnr) end,            -- optional
--   })
--
-- Starts (or reuses, per project root) one `headroom lsp` client for every buffer whose
-- filetype is yaml or json: vim.lsp.start on 0.8+, vim.lsp.start_client on 0.7.

local M = {}

local function plugin_root()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  return vim.fn.fnamemodify(source, ':p:h:h')
end

--- The base configuration: lsp/headroom.lua next to this module (one source of truth).
function M.base_config()
  local ok, config = pcall(dofile, plugin_root() .. '/lsp/headroom.lua')
  if ok and type(config) == 'table' then
    return config
  end
  return {
    cmd = { 'headroom', 'lsp' },
    filetypes = { 'yaml', 'json' },
    root_markers = { '.headroom.yaml', '.git' },
    settings = { headroom = {} },
  }
end

--- The nearest directory above `path` holding one of `markers`, else the file's directory.
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers or {}) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, dir .. ';')
    end
    if found ~= '' then
      local root = vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git$', '')
      return root
    end
  end
  return dir
end

local function client_config(config, root)
  local headroom_settings = (config.settings or {}).headroom
  return {
    name = 'headroom',
    cmd = config.cmd,
    root_dir = root,
    settings = config.settings,
    -- The server also reads its settings from initializationOptions at start-up.
    init_options = (headroom_settings and next(headroom_settings)) and headroom_settings or nil,
    capabilities = config.capabilities,
    on_attach = config.on_attach,
    handlers = config.handlers,
  }
end

--- Attaches the headroom client to `bufnr`; returns the client id (nil when it could not start).
function M.attach(bufnr, config)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  local root = find_root(name, config.root_markers)
  local cfg = client_config(config, root)
  if vim.lsp.start then -- Neovim 0.8+
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  -- Neovim 0.7: reuse the client already running for this root, else start one.
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if client.name == 'headroom' and client.config.root_dir == root and not client.is_stopped() then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  local id = vim.lsp.start_client(cfg)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  local config = vim.tbl_deep_extend('force', M.base_config(), opts or {})
  M.config = config
  local group = vim.api.nvim_create_augroup('headroom_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf, config)
    end,
    desc = 'Attach the headroom language server',
  })
  -- Buffers opened before setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes, vim.bo[buf].filetype) then
      M.attach(buf, config)
    end
  end
end

return M
