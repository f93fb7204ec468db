#!/usr/bin/env bash
# Runs emacs-package.el when Emacs and eglot are installed: editors/emacs/dgenerate-mode.el
# loaded as a user's configuration would load it.
set -uo pipefail
command -v emacs >/dev/null || { echo "emacs package: not installed, skipped"; exit 0; }
cd "$(dirname "$0")"
log=$(mktemp)
DGENERATE_BINARY=${DGENERATE_BINARY:-$PWD/../../../.build/release/dgenerate} timeout 90 emacs --batch -l emacs-package.el >"$log" 2>&1
status=$?
grep -E "^emacs package: " "$log" || cat "$log"
rm -f "$log"
exit $status
