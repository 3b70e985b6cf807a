#!/usr/bin/env bash
# Drives headless Neovim (>= 0.7) against SERVER_BIN with this repo's editors/neovim set-up:
# diagnostics pushed, hover breakdown, settings, JSON, the make-it-fit code action applied
# and verified with `headroom check`.
#
#   editors/neovim/test/run.sh SERVER_BIN
#
# Prints PASS/FAIL lines; exit 1 when any check failed. HR_TIMEOUT (seconds, default 20)
# bounds each wait inside the editor; the whole run is bounded by `timeout`.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SERVER_BIN" >&2; exit 2; }
server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
repo=$(cd "$editors/.." && pwd)
command -v nvim >/dev/null || { echo "FAIL neovim: nvim is not installed"; exit 1; }
[ -x "$server" ] || { echo "FAIL neovim: no server at $server"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/work" "$tmp/home"
ln -s "$server" "$tmp/bin/headroom"    # the config runs plain `headroom lsp` from PATH

example="$repo/examples/axolotl/gemma2-9b-lora.yml"
grep -q '^# headroom: gpu=' "$example" || { echo "FAIL neovim: $example has no directive line to replace"; exit 1; }
sed 's/^# headroom: gpu=.*/# headroom: gpu=rtx-4090/' "$example" > "$tmp/work/gemma2-9b-lora.yml"
cp "$tmp/work/gemma2-9b-lora.yml" "$tmp/original.yml"
grep -v '^# headroom: gpu=' "$example" > "$tmp/work/no-directive.yml"
cp "$repo/examples/deepspeed/zero2_auto.json" "$tmp/work/zero2_auto.json"

cat > "$tmp/init.lua" <<LUA
vim.opt.runtimepath:prepend('$editors/neovim')
vim.cmd('filetype on')
require('headroom').setup({ settings = { headroom = { gpu = 'rtx-4090' } } })
LUA

export HR_FIT="$tmp/work/gemma2-9b-lora.yml" HR_SETTING="$tmp/work/no-directive.yml"
export HR_JSON="$tmp/work/zero2_auto.json" HR_TITLE_OUT="$tmp/title.txt" HR_PLUGIN="$editors/neovim"
export HR_TIMEOUT=${HR_TIMEOUT:-20}
rc=0
(cd "$tmp/work" && HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" XDG_DATA_HOME="$tmp/home" XDG_STATE_HOME="$tmp/home" \
  PATH="$tmp/bin:$PATH" timeout 120 nvim --headless -u "$tmp/init.lua" -i NONE -n \
  -c "luafile $here/editor_test.lua" </dev/null) || rc=$?
[ $rc -eq 124 ] && echo "FAIL neovim: nvim did not finish within 120 s"
if [ -s "$tmp/title.txt" ]; then
  python3 "$editors/test/verify_edit.py" --server "$server" --editor neovim \
    "$tmp/original.yml" "$tmp/work/gemma2-9b-lora.yml" "$tmp/title.txt" || rc=1
else
  echo "FAIL neovim: no code action was applied, nothing to verify"
  rc=1
fi
exit $rc
