-- The dgenerate language server for *.dgen buffers: `dgenerate --lsp` started once per root and
-- attached to each dgenerate buffer, with `vim.lsp.start` (Neovim 0.8 and later) or
-- `vim.lsp.start_client` (0.7).
--
--   require("dgenerate").setup({ cmd = { "dgenerate", "--lsp" } })   -- options optional
local M = {}

local function root_of(buffer)
  local name = vim.api.nvim_buf_get_name(buffer)
  return vim.fn.fnamemodify(name ~= "" and name or vim.fn.getcwd(), ":p:h")
end

local clients = {}

function M.attach(buffer, options)
  local config = { name = "dgenerate", cmd = options.cmd, root_dir = root_of(buffer) }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = buffer })
  end
  -- Neovim 0.7: one client per root, attached by hand
  local id = clients[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(buffer, id) end
  return id
end

function M.setup(options)
  options = vim.tbl_extend("keep", options or {}, { cmd = { "dgenerate", "--lsp" } })
  vim.cmd("augroup dgenerate_lsp | autocmd! | augroup END")
  vim.api.nvim_create_autocmd("FileType", {
    group = "dgenerate_lsp",
    pattern = "dgenerate",
    callback = function(event) M.attach(event.buf, options) end,
  })
end

return M
