-- Headless Neovim against `headroom lsp`, configured only by this repo's editors/neovim
-- (lsp/headroom.lua + lua/headroom.lua), the way a user's init.lua would load it.
-- Run by editors/neovim/test/run.sh, which sets the environment below and puts `headroom`
-- on PATH. Prints one PASS/FAIL line per check and exits 1 when any failed.
--
--   HR_FIT        a copy of an example that does not fit, with `# headroom: gpu=rtx-4090`
--   HR_SETTING    a copy without any directive: its target comes from settings.headroom.gpu
--   HR_JSON       a JSON config (DeepSpeed) to check the json filetype attaches
--   HR_TITLE_OUT  where to write the title of the code action applied to HR_FIT
--   HR_PLUGIN     editors/neovim
--   HR_TIMEOUT    seconds per wait

local env = vim.env
local timeout = (tonumber(env.HR_TIMEOUT) or 20) * 1000
local failures = 0

local function say(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end
local function result(ok, what)
  say((ok and 'PASS' or 'FAIL') .. ' neovim: ' .. what)
  if not ok then
    failures = failures + 1
  end
  return ok
end
local function finish()
  pcall(function()
    for _, c in ipairs(vim.lsp.get_active_clients()) do
      c.stop()
    end
    vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  end)
  say(string.format('neovim: %d failed', failures))
  os.exit(failures == 0 and 0 or 1)
end

local v = vim.version()
say(string.format('neovim: Neovim %d.%d.%d', v.major, v.minor, v.patch))

-- Count pushed diagnostics per uri (the default handler still runs).
local pushes = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
  if res and res.uri then
    pushes[res.uri] = (pushes[res.uri] or 0) + 1
  end
  return default_publish(err, res, ctx, config)
end

-- 0. lsp/headroom.lua (the 0.11+ form) is a valid config table
local ok_base, base = pcall(dofile, env.HR_PLUGIN .. '/lsp/headroom.lua')
result(ok_base and type(base) == 'table' and base.cmd and base.cmd[1] == 'headroom' and base.cmd[2] == 'lsp'
  and vim.tbl_contains(base.filetypes or {}, 'yaml') and vim.tbl_contains(base.filetypes or {}, 'json'),
  'lsp/headroom.lua loads and runs `headroom lsp` for yaml and json')

local function clients_of(bufnr)
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'headroom' then
      table.insert(out, c)
    end
  end
  return out
end

local function error_diags(bufnr, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if (code == nil or c == code) and d.severity == vim.diagnostic.severity.ERROR then
      table.insert(out, d)
    end
  end
  return out
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(timeout, function()
    local cs = clients_of(bufnr)
    return #cs > 0 and cs[1].initialized
  end, 20)
  return bufnr, attached and clients_of(bufnr)[1] or nil
end

-- 1. the yaml file attaches through the FileType autocmd of require('headroom').setup()
local fit_buf, client = open(env.HR_FIT)
result(vim.bo[fit_buf].filetype == 'yaml', 'the copied example has filetype yaml (got ' .. vim.bo[fit_buf].filetype .. ')')
if not result(client ~= nil, 'headroom attached to the yaml buffer and initialized') then
  finish()
end
local fit_uri = vim.uri_from_bufnr(fit_buf)

-- 2. push diagnostics: this client cannot pull, so the server must not offer pull and must push
local caps = client.server_capabilities or {}
result(caps.diagnosticProvider == nil, 'the server offers no pull diagnostics to a client that cannot pull')
local got = vim.wait(timeout, function() return #error_diags(fit_buf, 'does-not-fit') > 0 end, 20)
local d = error_diags(fit_buf, 'does-not-fit')[1]
result(got and (pushes[fit_uri] or 0) > 0, 'a pushed does-not-fit error arrived'
  .. (d and string.format(' (line %d: %s)', d.lnum + 1, d.message) or ''))

-- 3. hover on a memory key opens the breakdown
local mb_line
for i, line in ipairs(vim.api.nvim_buf_get_lines(fit_buf, 0, -1, false)) do
  if line:match('^micro_batch_size:') then
    mb_line = i
  end
end
local hover_text = ''
if mb_line then
  vim.api.nvim_win_set_cursor(0, { mb_line, 2 })
  local main_win = vim.api.nvim_get_current_win()
  vim.lsp.buf.hover()
  vim.wait(timeout, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if w ~= main_win and vim.api.nvim_win_get_config(w).relative ~= '' then
        hover_text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
        return hover_text ~= ''
      end
    end
    return false
  end, 20)
  -- close the float and go back to the file
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if w ~= main_win and vim.api.nvim_win_get_config(w).relative ~= '' then
      pcall(vim.api.nvim_win_close, w, true)
    end
  end
  vim.api.nvim_set_current_win(main_win)
end
result(mb_line ~= nil and (hover_text:find('Peak per GPU', 1, true) or hover_text:find('| component |', 1, true)) ~= nil,
  'hover on micro_batch_size shows the memory breakdown in a float'
  .. (hover_text ~= '' and (' (' .. (hover_text:match('Peak[^\n]*') or hover_text:sub(1, 60)) .. ')') or ' (no float)'))

-- 4. settings.headroom.gpu (workspace/configuration) gives a target to a file without directive
local setting_buf = open(env.HR_SETTING)
local same = clients_of(setting_buf)[1]
result(same ~= nil and same.id == client.id, 'a second yaml file in the same folder reuses the same client')
got = vim.wait(timeout, function() return #error_diags(setting_buf, 'does-not-fit') > 0 end, 20)
d = error_diags(setting_buf, 'does-not-fit')[1]
result(got, 'settings.headroom.gpu reached the server: does-not-fit without a directive'
  .. (d and (' (' .. d.message .. ')') or ''))

-- 5. a JSON config attaches too and gets a publish
local json_buf, json_client = open(env.HR_JSON)
local json_uri = vim.uri_from_bufnr(json_buf)
got = vim.wait(timeout, function() return (pushes[json_uri] or 0) > 0 end, 20)
result(vim.bo[json_buf].filetype == 'json' and json_client ~= nil and got,
  'a .json file (filetype ' .. vim.bo[json_buf].filetype .. ') attaches and gets diagnostics pushed')

-- 6. code action on the error: the preferred one (make-it-fit) is applied as a user would pick it
vim.cmd('buffer ' .. fit_buf)
d = error_diags(fit_buf, 'does-not-fit')[1]
local offered, chosen = {}, nil
local pushes_before_edit = pushes[fit_uri] or 0
if d then
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local tick = vim.api.nvim_buf_get_changedtick(fit_buf)
  local original_select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    for _, item in ipairs(items) do
      local action = item[2] or item.action or item
      table.insert(offered, action)
      if action.isPreferred and not chosen then
        chosen = item
      end
    end
    on_choice(chosen)
  end
  vim.lsp.buf.code_action()
  vim.wait(timeout, function() return vim.api.nvim_buf_get_changedtick(fit_buf) ~= tick end, 20)
  vim.ui.select = original_select
end
local chosen_action = chosen and (chosen[2] or chosen.action or chosen) or nil
result(#offered > 0, string.format('code actions offered on the error line (%d)', #offered))
result(chosen_action ~= nil and chosen_action.kind == 'quickfix' and (chosen_action.title or ''):match('^Make it fit') ~= nil,
  'the preferred action is the make-it-fit quickfix' .. (chosen_action and (': ' .. chosen_action.title:sub(1, 80)) or ''))
if chosen_action then
  local f = io.open(env.HR_TITLE_OUT, 'w')
  f:write(chosen_action.title)
  f:close()
end
result(vim.bo[fit_buf].modified, 'applying it changed the buffer')
vim.cmd('silent write')

-- 7. the edit went to the server (incremental didChange) and the error is gone
got = vim.wait(timeout, function()
  return (pushes[fit_uri] or 0) > pushes_before_edit and #error_diags(fit_buf, 'does-not-fit') == 0
end, 20)
result(chosen_action ~= nil and got, 'after the edit the server pushed new diagnostics without does-not-fit')

finish()
