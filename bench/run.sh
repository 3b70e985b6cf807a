#!/usr/bin/env bash
# The benchmark: builds Headroom (release, fully static, as README "Install" builds it), installs the reference servers
# from PyPI (ruff server, tombi lsp), and runs ../shared/tools/lspbench.py on all three over
# documents of 100, 1,000 and 10,000 lines, printing one table with Headroom/reference ratios.
#   bench/run.sh [SIZES] [REPEAT]      e.g. bench/run.sh 100,1000,10000 3
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-100,1000,10000}
repeat=${2:-3}
swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path .build-bench 2>&1 | tail -1
command -v ruff >/dev/null && command -v tombi >/dev/null || python3 -m pip install -q ruff tombi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/compare.py "$PWD/.build-bench/release/headroom" "$sizes" "$repeat"
