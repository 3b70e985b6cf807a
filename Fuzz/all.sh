#!/usr/bin/env bash
# Runs every fuzz target in turn (one at a time, nice'd) for SECONDS each and prints the
# executions each ran: Fuzz/all.sh [SECONDS=600]. Logs go to .build-fuzz/logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
mkdir -p .build-fuzz/logs
for t in ${FUZZ_TARGETS:-yaml json incremental jsonrpc dialect}; do
  log=.build-fuzz/logs/$t-$(date +%Y%m%d-%H%M%S).log
  Fuzz/run.sh "$t" -max_total_time="$secs" > "$log" 2>&1
  rc=$?
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  [ -n "$runs" ] || runs=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*/\1/')
  echo "$t: exit $rc, ${runs:-?} executions in ${secs}s, log $log"
  grep -E 'FUZZ CHECK FAILED|ERROR: (AddressSanitizer|libFuzzer)|Fatal error|artifact_prefix.*Test unit written' "$log" | head -5
done
