#!/usr/bin/env bash
# Editor set-ups against real clients (issue 9): installs Debian's Neovim and Emacs (+ eglot,
# yaml-mode, lsp-mode) when missing, then drives them headless with the repo's own editors/
# configurations against SERVER_BIN, and checks the VS Code extension's manifest.
#
#   .ci/editors.sh SERVER_BIN        e.g. .ci/editors.sh .build/release/headroom
#
# Every check prints a PASS/FAIL line; exit 1 when any failed. Each editor run is bounded
# by `timeout`, each wait inside an editor by HR_TIMEOUT (20 s).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SERVER_BIN" >&2; exit 2; }
cd "$(dirname "$0")/.."
server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$server" ] || { echo "editors: no server executable at $1" >&2; exit 2; }
start=$(date +%s)
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

echo "== editors: installing clients (only what is missing)"
have_el() {  # is the Emacs library $1 installed (Debian elpa-* or built in)?
  command -v emacs >/dev/null && emacs --batch -Q --eval "(progn
    (dolist (d '(\"/usr/share/emacs/site-lisp/elpa/\" \"/usr/share/emacs/site-lisp/elpa-src/\"))
      (when (file-directory-p d) (let ((default-directory d)) (normal-top-level-add-subdirs-to-load-path))))
    (kill-emacs (if (locate-library \"$1\") 0 1)))" >/dev/null 2>&1
}
missing=()
command -v nvim >/dev/null || missing+=(neovim)
command -v emacs >/dev/null || missing+=(emacs-nox)
have_el eglot || missing+=(elpa-eglot)
have_el yaml-mode || missing+=(elpa-yaml-mode)
have_el lsp-mode || missing+=(elpa-lsp-mode)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log/apt.txt" 2>&1 \
    || { tail -20 "$log/apt.txt"; echo "FAIL editors: apt-get install ${missing[*]}"; exit 1; }
fi
echo "nvim: $(nvim --version | head -1); emacs: $(emacs --version | head -1)"

failed=0
run() {  # name, command...: run one suite, keep going on failure
  local name=$1; shift
  echo "== editors: $name"
  if ! "$@" 2>&1 | tee "$log/$name.txt"; then failed=1; fi
  if grep -q '^FAIL' "$log/$name.txt"; then failed=1; fi
  if ! grep -q '^PASS' "$log/$name.txt"; then echo "FAIL editors: $name ran no check"; failed=1; fi
}

run vscode python3 editors/vscode/check_package.py --self-test
run neovim editors/neovim/test/run.sh "$server"
run emacs editors/emacs/test/run.sh "$server"
run config-files python3 editors/test/check_configs.py --self-test

passed=$(cat "$log"/*.txt | grep -c '^PASS' || true)
nfailed=$(cat "$log"/*.txt | grep -c '^FAIL' || true)
[ $failed -eq 1 ] && [ "$nfailed" -eq 0 ] && nfailed=1
echo "== editors: $(( $(date +%s) - start )) s"
echo "editors: $passed passed, $nfailed failed"
exit $failed
