#!/usr/bin/env bash
# Runs emacs.el when Emacs and eglot are installed (apt-get install emacs-nox elpa-eglot).
set -uo pipefail
command -v emacs >/dev/null || { echo "emacs: not installed, skipped"; exit 0; }
cd "$(dirname "$0")"
log=$(mktemp)
DGENERATE_BINARY=${DGENERATE_BINARY:-$PWD/../../../.build/release/dgenerate} timeout 90 emacs --batch -l emacs.el >"$log" 2>&1
status=$?
grep -E "^emacs: " "$log" || cat "$log"
rm -f "$log"
exit $status
