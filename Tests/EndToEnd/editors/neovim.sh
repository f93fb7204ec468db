#!/usr/bin/env bash
# Runs neovim.lua when Neovim is installed (apt-get install neovim): the built-in client wired by hand.
set -euo pipefail
command -v nvim >/dev/null || { echo "neovim: not installed, skipped"; exit 0; }
cd "$(dirname "$0")"
DGENERATE_BINARY=${DGENERATE_BINARY:-$PWD/../../../.build/release/dgenerate} timeout 60 nvim --headless -u NONE -n -c "luafile neovim.lua" 2>&1; echo
