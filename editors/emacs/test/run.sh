#!/usr/bin/env bash
# Drives Emacs (batch) + eglot against SERVER_BIN with this repo's editors/emacs/headroom.el:
# diagnostics pushed into flymake, hover breakdown, settings, JSON, the make-it-fit code action
# applied through M-x eglot-code-actions and verified with `headroom check`.
#
#   editors/emacs/test/run.sh SERVER_BIN
#
# Prints PASS/FAIL lines; exit 1 when any check failed. HR_TIMEOUT (seconds, default 20)
# bounds each wait inside the editor; the whole run is bounded by `timeout`.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SERVER_BIN" >&2; exit 2; }
server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
repo=$(cd "$editors/.." && pwd)
command -v emacs >/dev/null || { echo "FAIL emacs: emacs is not installed"; exit 1; }
[ -x "$server" ] || { echo "FAIL emacs: no server at $server"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/work" "$tmp/home"
ln -s "$server" "$tmp/bin/headroom"    # headroom.el runs plain `headroom lsp` from PATH
git -C "$tmp/work" init -q 2>/dev/null || true   # a project root for eglot (project.el)

example="$repo/examples/axolotl/gemma2-9b-lora.yml"
grep -q '^# headroom: gpu=' "$example" || { echo "FAIL emacs: $example has no directive line to replace"; exit 1; }
sed 's/^# headroom: gpu=.*/# headroom: gpu=rtx-4090/' "$example" > "$tmp/work/gemma2-9b-lora.yml"
cp "$tmp/work/gemma2-9b-lora.yml" "$tmp/original.yml"
grep -v '^# headroom: gpu=' "$example" > "$tmp/work/no-directive.yml"
cp "$repo/examples/deepspeed/zero2_auto.json" "$tmp/work/zero2_auto.json"

export HR_FIT="$tmp/work/gemma2-9b-lora.yml" HR_SETTING="$tmp/work/no-directive.yml"
export HR_JSON="$tmp/work/zero2_auto.json" HR_TITLE_OUT="$tmp/title.txt" HR_EMACS_DIR="$editors/emacs"
export HR_TIMEOUT=${HR_TIMEOUT:-20}
rc=0
(cd "$tmp/work" && HOME="$tmp/home" PATH="$tmp/bin:$PATH" \
  timeout 150 emacs --batch -Q -l "$here/editor_test.el" </dev/null 2>"$tmp/stderr") || rc=$?
if [ $rc -ne 0 ]; then
  [ $rc -eq 124 ] && echo "FAIL emacs: emacs did not finish within 150 s"
  echo "--- emacs stderr (last lines) ---"; grep -v '^  ' "$tmp/stderr" | tail -n 15
fi
if emacs --batch -Q --eval "(progn (package-initialize) (let ((default-directory \"/usr/share/emacs/site-lisp/elpa/\")) (ignore-errors (normal-top-level-add-subdirs-to-load-path))) (kill-emacs (if (locate-library \"lsp-mode\") 0 1)))" 2>/dev/null; then
  (cd "$tmp/work" && HOME="$tmp/home" PATH="$tmp/bin:$PATH" \
    timeout 90 emacs --batch -Q -l "$here/lsp_mode_test.el" </dev/null 2>"$tmp/stderr-lsp") || {
    rc=1; echo "--- emacs (lsp-mode) stderr (last lines) ---"; grep -v '^  ' "$tmp/stderr-lsp" | tail -n 15; }
else
  echo "emacs lsp-mode: not installed, lsp-mode registration not exercised (apt-get install elpa-lsp-mode)"
fi
if [ -s "$tmp/title.txt" ]; then
  python3 "$editors/test/verify_edit.py" --server "$server" --editor emacs \
    "$tmp/original.yml" "$tmp/work/gemma2-9b-lora.yml" "$tmp/title.txt" || rc=1
else
  echo "FAIL emacs: no code action was applied, nothing to verify"
  rc=1
fi
exit $rc
