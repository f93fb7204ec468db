-- Headless Neovim 0.7 with its built-in LSP client against `dgenerate --lsp`: diagnostics,
-- hover and completion on one script. Prints "neovim: ok" or exits with status 1 and the reason.
local binary = os.getenv("DGENERATE_BINARY")
local function fail(why)
  io.stderr:write("neovim: " .. why .. "\n")
  vim.cmd("cquit 1")
end
local buffer = vim.api.nvim_create_buf(true, false)
vim.api.nvim_set_current_buf(buffer)
vim.api.nvim_buf_set_name(buffer, "/tmp/dgenerate-nvim-test.dgen")
vim.api.nvim_buf_set_lines(buffer, 0, -1, false, { "\\set x 1", "\\prnt {{ x }}", "models/tiny --infer" })
local client = vim.lsp.start_client({ name = "dgenerate", cmd = { binary, "--lsp" }, root_dir = "/tmp" })
if not client then fail("the server did not start") end
vim.lsp.buf_attach_client(buffer, client)
local got = vim.wait(10000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
if not got then fail("no diagnostics") end
local diagnostic = vim.diagnostic.get(buffer)[1]
if diagnostic.lnum ~= 1 or not diagnostic.message:find("did you mean '\\print'", 1, true) then
  fail("unexpected diagnostic: " .. vim.inspect(diagnostic))
end
local lsp = vim.lsp.get_client_by_id(client)
local hover = lsp.request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = 0, character = 2 } }, 5000, buffer)
if not hover or not hover.result or not hover.result.contents.value:find("\\set", 1, true) then
  fail("unexpected hover: " .. vim.inspect(hover))
end
local completion = lsp.request_sync("textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = 2, character = 19 } }, 5000, buffer)
local found = false
for _, item in ipairs((completion and completion.result and completion.result.items) or {}) do
  if item.label == "--inference-steps" then found = true end
end
if not found then fail("no --inference-steps completion: " .. vim.inspect(completion)) end
print("neovim: ok")
vim.cmd("qall!")
