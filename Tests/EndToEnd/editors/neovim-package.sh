#!/usr/bin/env bash
# Runs neovim-package.lua when Neovim is installed: the package in editors/neovim on the
# runtime path, filetype detection and syntax on, as a user's configuration would have them.
set -euo pipefail
command -v nvim >/dev/null || { echo "neovim package: not installed, skipped"; exit 0; }
cd "$(dirname "$0")"
package=$(cd ../../../editors/neovim && pwd)
DGENERATE_BINARY=${DGENERATE_BINARY:-$PWD/../../../.build/release/dgenerate} timeout 60 nvim --headless -u NONE -n \
  --cmd "set runtimepath^=$package" -c "filetype plugin on" -c "syntax on" -c "luafile neovim-package.lua" 2>&1; echo
