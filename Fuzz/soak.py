#!/usr/bin/env python3
"""Soak test: one `headroom lsp` session, N incremental edits each followed by a hover.

    python3 Fuzz/soak.py [--server "CMD"] [--edits 100000] [--batch 50] [--warmup 10000]

Every reply must arrive, in the order the requests were sent, and memory must stay flat:
VmRSS and VmHWM (from /proc/PID/status) after the run may exceed their values at the end of
the warm-up by at most 5 %. The edits type and delete text on several lines of an Axolotl
config (values, comments, a new key typed and removed), so the document stays the same size
over the run and any growth is the server's. Uses ../shared/tools/lspclient.py (stdlib).
Exit status 0 on success; the figures are printed as one JSON line at the end.
"""
import argparse
import json
import os
import random
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
sys.path.insert(0, os.path.join(root, "..", "shared", "tools"))
from lspclient import Server, apply_change  # noqa: E402

TEXT = """# headroom: gpu=rtx-4090
base_model: meta-llama/Llama-3.1-8B
adapter: qlora
load_in_4bit: true
lora_r: 32
lora_alpha: 16
lora_dropout: 0.05
micro_batch_size: 2
gradient_accumulation_steps: 4
sequence_len: 4096
gradient_checkpointing: true
optimizer: paged_adamw_8bit
learning_rate: 0.0002
flash_attention: true
datasets:
  - path: tatsu-lab/alpaca
    type: alpaca
"""


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", default=os.path.join(root, ".build-rel", "debug", "headroom") + " lsp")
    ap.add_argument("--edits", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=50, help="edit+hover pairs sent before waiting")
    ap.add_argument("--warmup", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    s = Server(args.server)
    s.initialize(pull_diagnostics=False, init_options={"gpu": "rtx-4090"})
    uri = "file:///tmp/headroom-soak/config.yaml"
    text = TEXT
    s.open(uri, "yaml", text)
    lines = text.split("\n")
    value_lines = {i: l.split(":", 1)[0] for i, l in enumerate(lines) if ":" in l and not l.startswith(("#", " "))}
    version = 1
    sent_ids = []
    pending_typed = None   # (line, start, text) of a key being typed
    warm = None
    t0 = time.perf_counter()
    missing = 0
    out_of_order = 0
    hover_null = 0
    last_time = -1.0
    done = 0
    while done < args.edits:
        batch_ids = []
        for _ in range(min(args.batch, args.edits - done)):
            version += 1
            lines = text.split("\n")
            kind = rng.randrange(4)
            if pending_typed is not None:
                # Delete the key typed earlier (keeps the document the same size).
                line, start, typed = pending_typed
                if "\n" in typed:
                    end = {"line": line + typed.count("\n"), "character": len(typed.rsplit("\n", 1)[1])}
                else:
                    end = {"line": line, "character": start + len(typed)}
                change = {"range": {"start": {"line": line, "character": start}, "end": end}, "text": ""}
                pending_typed = None
            elif kind == 0:
                # Retype a value: micro_batch_size, lora_r, sequence_len, ...
                line = rng.choice([i for i, k in value_lines.items() if k in ("micro_batch_size", "lora_r", "sequence_len", "gradient_accumulation_steps")])
                key, _ = lines[line].split(":", 1)
                new = str(rng.choice([1, 2, 4, 8, 16, 32, 64, 128, 512, 1024, 2048, 4096, 8192]))
                change = {"range": {"start": {"line": line, "character": len(key) + 2},
                                    "end": {"line": line, "character": len(lines[line])}}, "text": new}
            elif kind == 1:
                # Type a new key at the end of a line (deleted by the next edit).
                line = rng.choice(list(value_lines))
                typed = rng.choice(["\nwarmup_steps: 10", " # note", "\nbf16: auto", "x"])
                start = len(lines[line])
                change = {"range": {"start": {"line": line, "character": start},
                                    "end": {"line": line, "character": start}}, "text": typed}
                pending_typed = (line, start, typed)
            elif kind == 2:
                # Toggle a boolean.
                line = rng.choice([i for i, k in value_lines.items() if k in ("gradient_checkpointing", "flash_attention", "load_in_4bit")])
                key, val = lines[line].split(":", 1)
                new = "false" if val.strip() == "true" else "true"
                change = {"range": {"start": {"line": line, "character": len(key) + 2},
                                    "end": {"line": line, "character": len(lines[line])}}, "text": new}
            else:
                # Switch the optimizer.
                line = [i for i, k in value_lines.items() if k == "optimizer"][0]
                key, _ = lines[line].split(":", 1)
                new = rng.choice(["adamw_torch", "paged_adamw_8bit", "adamw_bnb_8bit", "sgd"])
                change = {"range": {"start": {"line": line, "character": len(key) + 2},
                                    "end": {"line": line, "character": len(lines[line])}}, "text": new}
            text = apply_change(text, change, "utf-16")
            s.change(uri, version, [change])
            hl = rng.choice(list(value_lines))
            batch_ids.append(s.request_async("textDocument/hover", {"textDocument": {"uri": uri},
                                                                  "position": {"line": hl, "character": 2}}))
            done += 1
        for rid in batch_ids:
            try:
                r = s.wait_response(rid, timeout=60)
            except TimeoutError:
                missing += 1
                continue
            if s.last_response_time < last_time:
                out_of_order += 1
            last_time = s.last_response_time
            if r.get("result") is None:
                hover_null += 1
        sent_ids.extend(batch_ids)
        # lspclient keeps every notification; keep only the latest publish so that the
        # client's own memory stays flat over 100,000 edits.
        with s._cond:
            s.notifications.clear()
            for u in s.diagnostics:
                s.diagnostics[u] = s.diagnostics[u][-1:]
        if warm is None and done >= args.warmup:
            warm = {"edits": done, "rss_kb": status_kb(s.proc.pid, "VmRSS"), "hwm_kb": status_kb(s.proc.pid, "VmHWM"),
                    "seconds": round(time.perf_counter() - t0, 1)}
        if done % 10_000 == 0:
            print("soak: %d edits, %.0f s, VmRSS %s KiB, VmHWM %s KiB" % (
                done, time.perf_counter() - t0, status_kb(s.proc.pid, "VmRSS"), status_kb(s.proc.pid, "VmHWM")), flush=True)
    if pending_typed is not None:   # delete the last typed key
        line, start, typed = pending_typed
        end = ({"line": line + typed.count("\n"), "character": len(typed.rsplit("\n", 1)[1])} if "\n" in typed
               else {"line": line, "character": start + len(typed)})
        change = {"range": {"start": {"line": line, "character": start}, "end": end}, "text": ""}
        version += 1
        text = apply_change(text, change, "utf-16")
        s.change(uri, version, [change])
    # Net zero: the document is back to its starting size (only values changed).
    same_shape = text.count("\n") == TEXT.count("\n")
    # The last publish must be for the last version.
    final_diag = s.wait_diagnostics(uri, version=version, timeout=30)
    end = {"edits": done, "rss_kb": status_kb(s.proc.pid, "VmRSS"), "hwm_kb": status_kb(s.proc.pid, "VmHWM"),
           "seconds": round(time.perf_counter() - t0, 1)}
    code = s.shutdown_exit()
    warm = warm or end
    rss_growth = (end["rss_kb"] - warm["rss_kb"]) / warm["rss_kb"]
    hwm_growth = (end["hwm_kb"] - warm["hwm_kb"]) / warm["hwm_kb"]
    ok = (same_shape and missing == 0 and out_of_order == 0 and rss_growth <= 0.05 and hwm_growth <= 0.05
          and final_diag is not None and code == 0 and not s.protocol_errors)
    summary = {"ok": ok, "server": args.server, "edits": done, "hovers": len(sent_ids), "missing_replies": missing,
               "out_of_order": out_of_order, "null_hovers": hover_null, "warmup": warm, "end": end,
               "rss_growth_pct": round(rss_growth * 100, 2), "hwm_growth_pct": round(hwm_growth * 100, 2),
               "final_version_published": final_diag is not None, "document_lines_unchanged": same_shape, "exit_code": code,
               "protocol_errors": s.protocol_errors[:5]}
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
