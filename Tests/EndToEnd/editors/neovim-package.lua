-- Headless Neovim with editors/neovim on its runtime path: the filetype is detected, the syntax
-- groups are right at probed positions, and the package's language server setup attaches
-- `dgenerate --lsp` and receives diagnostics. Prints "neovim package: ok" or exits 1 with why.
local binary = os.getenv("DGENERATE_BINARY")
local function fail(why)
  io.stderr:write("neovim package: " .. why .. "\n")
  vim.cmd("cquit 1")
end
require("dgenerate").setup({ cmd = { binary, "--lsp" } })
local path = vim.fn.tempname() .. ".dgen"
vim.fn.writefile({
  "#! dgenerate 5.0.0",
  "\\set size 512 # tail comment",
  "models/tiny --prompts \"a fox\" --output-size 512x512 \\",
  "  --seeds 3 $SEED",
  "{% for i in [1, 2] %}",
  "\\print {{ i | upper }}",
  "{% endfor %}",
  "\\prnt hello",
}, path)
vim.cmd("edit " .. path)
if vim.bo.filetype ~= "dgenerate" then fail("filetype is '" .. vim.bo.filetype .. "'") end
local probes = {
  { 1, 1, "dgenerateVersion" }, { 2, 1, "dgenerateDirective" }, { 2, 15, "dgenerateTailComment" },
  { 3, 13, "dgenerateOption" }, { 3, 23, "dgenerateString" }, { 3, 45, "dgenerateSize" },
  { 3, 53, "dgenerateContinuation" }, { 4, 11, "dgenerateNumber" }, { 4, 13, "dgenerateEnvironment" },
  { 5, 1, "dgenerateJinjaDelimiter" }, { 5, 4, "dgenerateJinjaKeyword" }, { 5, 14, "dgenerateJinjaNumber" },
  { 6, 1, "dgenerateDirective" }, { 6, 15, "dgenerateJinjaFilter" }, { 8, 1, "dgenerateDirective" },
}
for _, probe in ipairs(probes) do
  local name = vim.fn.synIDattr(vim.fn.synID(probe[1], probe[2], 1), "name")
  if name ~= probe[3] then fail(("line %d column %d: %s, not %s"):format(probe[1], probe[2], name, probe[3])) end
end
local got = vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not got then fail("no diagnostics from the package's language server") end
local messages = {}
for _, diagnostic in ipairs(vim.diagnostic.get(0)) do table.insert(messages, diagnostic.message) end
if not table.concat(messages, "\n"):find("unknown directive '\\prnt'", 1, true) then
  fail("unexpected diagnostics: " .. vim.inspect(messages))
end
os.remove(path)
print("neovim package: ok")
vim.cmd("qall!")
