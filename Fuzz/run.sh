#!/usr/bin/env bash
# Builds one libFuzzer target over the module sources (no SwiftPM) and runs it.
#
#   Fuzz/run.sh TARGET [libFuzzer flags...]     e.g.  Fuzz/run.sh yaml -runs=1000000
#   Fuzz/run.sh TARGET --build-only
#   Fuzz/run.sh TARGET CRASH_FILE               replays one saved input
#
# TARGET: yaml | json | incremental | jsonrpc | dialect  (sources in Fuzz/targets/).
# Environment: FUZZ_SANITIZE (default "fuzzer,address"; "fuzzer" alone runs ~3x faster),
#              FUZZ_OPT (default -O), FUZZ_JOBS_NICE (default 19).
# The modules are compiled into .build-fuzz/ (git-ignored) and reused while their sources
# are unchanged. Seed corpora come from ../shared/conformance (yaml-test-suite, JSONTestSuite),
# ../shared/data/examples, examples/ and protocol-fixtures/; they are copied into a
# temporary folder at run time (never into the repository). Crashes land in
# .build-fuzz/artifacts/TARGET/, new coverage in .build-fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${1:?usage: Fuzz/run.sh yaml|json|incremental|jsonrpc|dialect [libFuzzer flags]}
shift
case $target in yaml|json|incremental|jsonrpc|dialect) ;; *) echo "unknown target $target" >&2; exit 2;; esac
san=${FUZZ_SANITIZE:-fuzzer,address}
opt=${FUZZ_OPT:--O}
out="$root/.build-fuzz/${san//,/-}${opt}"
mkdir -p "$out"
shared="$root/../shared"
renice=(nice -n "${FUZZ_JOBS_NICE:-19}")

# 1. The modules, in dependency order, each as one object file plus its .swiftmodule.
modules=(ConfigSyntax MemoryModel TrainingSetup Analysis LanguageServer)
for m in "${modules[@]}"; do
  stamp=$(find Sources/$m -name '*.swift' | sort | xargs cat | cksum | cut -d' ' -f1)
  if [ -f "$out/$m.o" ] && [ "$(cat "$out/$m.stamp" 2>/dev/null)" = "$stamp" ]; then continue; fi
  echo "fuzz: compiling $m ($san $opt)" >&2
  files=$(find Sources/$m -name '*.swift' | sort)
  "${renice[@]}" swiftc -c -parse-as-library -wmo -num-threads 0 $opt -g -sanitize="$san" \
      -module-name "$m" -emit-module -emit-module-path "$out/$m.swiftmodule" \
      -I "$out" $files -o "$out/$m.o"
  echo "$stamp" > "$out/$m.stamp"
  # Dependants must be rebuilt.
  seen=0
  for d in "${modules[@]}"; do
    [ $seen = 1 ] && rm -f "$out/$d.stamp"
    [ "$d" = "$m" ] && seen=1
  done
done

# 2. The target.
bin="$out/fuzz-$target"
if [ ! -x "$bin" ] || [ -n "$(find Fuzz/targets "$out"/*.o -newer "$bin" 2>/dev/null | head -1)" ]; then
  echo "fuzz: linking $target" >&2
  "${renice[@]}" swiftc -parse-as-library $opt -g -sanitize="$san" -I "$out" \
      Fuzz/targets/$target.swift Fuzz/targets/FuzzCheck.swift "$out"/*.o -o "$bin" 2> >(grep -v 'Cannot export local symbol' >&2)
fi
[ "${1:-}" = "--build-only" ] && { echo "$bin"; exit 0; }

# 3. A replay of one input.
if [ $# -ge 1 ] && [ -f "$1" ]; then exec "$bin" "$@"; fi

# 4. The seed corpus, in a temporary folder.
corpus=$(mktemp -d "${TMPDIR:-/tmp}/headroom-fuzz-$target.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
seed() { # seed NAME FILE...
  local i=0
  for f in "${@:2}"; do [ -f "$f" ] && cp "$f" "$corpus/$1-$i" && i=$((i + 1)); done
  true
}
case $target in
  yaml)
    [ -d "$shared/conformance/yaml-test-suite" ] && seed yts $(find "$shared/conformance/yaml-test-suite" -name in.yaml | sort)
    seed ex $(find examples "$shared/data/examples" -name '*.yaml' -o -name '*.yml' 2>/dev/null | sort) ;;
  json)
    [ -d "$shared/conformance/json-test-suite" ] && seed jts $(find "$shared/conformance/json-test-suite" -name '*.json' | sort)
    seed ex $(find examples "$shared/data/examples" -name '*.json' 2>/dev/null | sort) ;;
  dialect)
    seed ex $(find examples "$shared/data/examples" -name '*.yaml' -o -name '*.yml' -o -name '*.json' 2>/dev/null | sort) ;;
  incremental)
    # format byte, text, NUL, an edit script (5 bytes an edit).
    i=0
    for f in $(find examples "$shared/data/examples" -name '*.yaml' 2>/dev/null | sort) \
             $(find "$shared/conformance/yaml-test-suite" -name in.yaml 2>/dev/null | sort | head -100); do
      { printf '\x00'; tr -d '\000' < "$f"; printf '\x00'; head -c 60 /dev/urandom; } > "$corpus/yaml-$i"; i=$((i + 1))
    done
    for f in $(find examples "$shared/data/examples" -name '*.json' 2>/dev/null | sort); do
      { printf '\x01'; tr -d '\000' < "$f"; printf '\x00'; head -c 60 /dev/urandom; } > "$corpus/json-$i"; i=$((i + 1))
    done ;;
  jsonrpc)
    # Each recorded session's client messages, framed, one file per session.
    python3 - "$corpus" protocol-fixtures <<'PY'
import json, os, sys
out, folder = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(folder)):
    if not name.endswith('.json'): continue
    steps = json.load(open(os.path.join(folder, name))).get('steps', [])
    data = b''
    for s in steps:
        body = s['clientRaw'].encode() if 'clientRaw' in s else json.dumps(s['client']).encode() if 'client' in s else None
        if body is not None: data += b'Content-Length: %d\r\n\r\n' % len(body) + body
    open(os.path.join(out, name), 'wb').write(data)
PY
    ;;
esac
echo "fuzz: $(ls "$corpus" | wc -l) seed inputs for $target" >&2
mkdir -p "$root/.build-fuzz/artifacts/$target"
dict=()
[ -f "Fuzz/dict/$target.dict" ] && dict=(-dict="Fuzz/dict/$target.dict")
# New inputs go to .build-fuzz/corpus/TARGET (git-ignored), so a later run goes on from there.
keep="$root/.build-fuzz/corpus/$target"
mkdir -p "$keep"
"${renice[@]}" "$bin" -artifact_prefix="$root/.build-fuzz/artifacts/$target/" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" "$@" "$keep" "$corpus"
