-- istio-ls in Neovim 0.7 (Debian's neovim): a headless check that the server works as a
-- plain LSP server outside VS Code. Run through test/e2e/run-nvim.mjs, or by hand:
--
--   ISTIO_LS_SERVER=dist/server/main.js ISTIO_LS_ROOT=examples \
--     nvim --headless --clean -c 'luafile test/e2e/nvim/check.lua' examples/book-typos/book-typos.yaml
--
-- Env: ISTIO_LS_SERVER (server script), ISTIO_LS_ROOT (workspace root),
--      ISTIO_LS_COMPLETION_FILE (optional: a file with a `subset:` value to complete in),
--      ISTIO_LS_TIMEOUT_MS (per wait, default 20000).
-- 0.7 has no vim.lsp.start and no `nvim -l`: use start_client + buf_attach_client.
-- Prints one "PASS name: detail" / "FAIL name: detail" line per check; exits 1 on any failure.

local timeout = tonumber(os.getenv('ISTIO_LS_TIMEOUT_MS') or '') or 20000
local server = os.getenv('ISTIO_LS_SERVER') or 'dist/server/main.js'
local file = vim.api.nvim_buf_get_name(0)
local root = os.getenv('ISTIO_LS_ROOT') or vim.fn.fnamemodify(file, ':h')
local failures = 0

local function say(line)
  io.stdout:write(line .. '\n')
end

local function result(ok, name, detail)
  if not ok then failures = failures + 1 end
  say(('%s %s: %s'):format(ok and 'PASS' or 'FAIL', name, detail or ''))
end

local function finish()
  if failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

local function flat(s, max)
  s = tostring(s or ''):gsub('%s+', ' ')
  if max and #s > max then s = s:sub(1, max) .. '…' end
  return s
end

-- Finds the first line matching `pattern` (Lua pattern) in buffer `buf`; returns the
-- 0-based line and the 0-based column of the capture position `()` in the pattern.
local function find(buf, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:match(pattern)
    if col then return i - 1, col - 1 end
  end
end

local function params(buf, line, col)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'
  return buf
end

vim.bo.filetype = 'yaml'
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'istio-ls',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  on_exit = function(code, signal)
    if code ~= 0 then say(('istio-ls exited with code %s signal %s'):format(code, signal)) end
  end,
})
if not id then
  result(false, 'start', 'vim.lsp.start_client returned nil')
  finish()
  return
end
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)
local t0 = vim.loop.hrtime()
local ready = vim.wait(timeout, function() return client.initialized == true end, 20)
result(ready, 'initialize', ready and ('%.0f ms, root %s'):format((vim.loop.hrtime() - t0) / 1e6, root)
  or ('no initialize response within %d ms'):format(timeout))
if not ready then finish() return end

-- 1. Diagnostics: ILS0101 (an unquoted `- *.foo.com`), or at least a message about quoting.
local function wanted(d)
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  return tostring(code) == 'ILS0101' or (d.message or ''):lower():find('quot') ~= nil
end
local got = vim.wait(timeout, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do if wanted(d) then return true end end
  return false
end, 50)
local all = vim.diagnostic.get(buf)
for _, d in ipairs(all) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  say(('  DIAG %s:%d:%d [%s %s] %s'):format(vim.fn.fnamemodify(file, ':t'), d.lnum + 1, d.col + 1,
    d.source or '', code, flat(d.message, 100)))
end
result(got, 'diagnostics', got and (#all .. ' diagnostic(s), ILS0101 among them')
  or ('%d diagnostic(s) after %d ms, none is ILS0101'):format(#all, timeout))

-- 2. Hover on a key.
local hovered = false
local hover_detail = 'no key found to hover'
for _, key in ipairs({ 'hosts', 'kind', 'metadata', 'spec', 'apiVersion' }) do
  local line, col = find(buf, '^%s*()' .. key .. ':')
  if line then
    local res = client.request_sync('textDocument/hover', params(buf, line, col + 1), timeout, buf)
    local contents = res and res.result and res.result.contents
    local text = ''
    if type(contents) == 'string' then text = contents
    elseif type(contents) == 'table' then
      if contents.value then text = contents.value
      else for _, c in ipairs(contents) do text = text .. (type(c) == 'string' and c or (c.value or '')) .. '\n' end end
    end
    hover_detail = ('"%s" at %d:%d -> %s'):format(key, line + 1, col + 2,
      res and res.err and ('error ' .. flat(res.err.message or vim.inspect(res.err), 100)) or (text ~= '' and flat(text, 100) or 'empty'))
    if text:match('%S') then hovered = true break end
  end
end
result(hovered, 'hover', hover_detail)

-- 3. Completion: at a `subset:` value (ISTIO_LS_COMPLETION_FILE), else at the `kind:` value.
local cfile = os.getenv('ISTIO_LS_COMPLETION_FILE')
local cbuf, cline, ccol, what = buf, nil, nil, nil
if cfile and cfile ~= '' then
  cbuf = open(cfile)
  vim.lsp.buf_attach_client(cbuf, id)
  cline, ccol = find(cbuf, '^%s*subset:%s*()')
  what = 'subset value'
end
if not cline then
  if cbuf ~= buf then vim.api.nvim_set_current_buf(buf) end
  cbuf = buf
  cline, ccol = find(buf, '^kind:%s*()')
  what = 'kind value'
end
if not cline then
  result(false, 'completion', 'no position to complete at')
else
  local items = {}
  local err
  -- The file was just opened: poll until the server answers with items (or the deadline).
  vim.wait(timeout, function()
    local res = client.request_sync('textDocument/completion', params(cbuf, cline, ccol), timeout, cbuf)
    if res and res.err then err = res.err return true end
    local r = res and res.result
    items = (r and (r.items or r)) or {}
    return #items > 0
  end, 100)
  local labels = {}
  for i, it in ipairs(items) do if i <= 8 then labels[#labels + 1] = it.label end end
  result(#items > 0, 'completion', ('%s at %s:%d:%d -> %d item(s)%s%s'):format(what,
    vim.fn.fnamemodify(vim.api.nvim_buf_get_name(cbuf), ':t'), cline + 1, ccol + 1, #items,
    #labels > 0 and (': ' .. table.concat(labels, ', ')) or '', err and (' error ' .. flat(err.message or vim.inspect(err), 100)) or ''))
end

finish()
