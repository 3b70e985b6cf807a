#!/usr/bin/env bash
# Configs checked per second: `headroom check` over a directory of 1,000 configs (copies of
# the examples), release build. Goal: >= 1,000 configs/s on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path .build-bench 2>&1 | tail -1
bin="$PWD/.build-bench/release/headroom"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mapfile -t files < <(find examples -name '*.y*ml' -o -name '*.json' | sort)
for ((i = 0; i < n; i++)); do
  f=${files[$((i % ${#files[@]}))]}
  cp "$f" "$dir/$i-$(basename "$f")"
done
start=$(date +%s.%N)
taskset -c 0 "$bin" check "$dir" --format json > /dev/null || true
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'{n} configs in {s:.2f} s: {n/s:.0f} configs/s on one core')" "$start" "$end" "$n"
