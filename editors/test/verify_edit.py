#!/usr/bin/env python3
"""Checks a make-it-fit edit that a real editor applied to an Axolotl config.

    verify_edit.py --server BIN --editor NAME ORIGINAL EDITED TITLE_FILE

ORIGINAL is the file before the edit (with a `# headroom: gpu=...` directive it does not fit),
EDITED the file the editor saved after applying the preferred code action, TITLE_FILE holds that
action's title ("Make it fit: qlora + adamw-8bit: 26.2 -> 20.0 GiB, ..."). Prints one PASS/FAIL
line per check; exit status 1 when any failed.

Checks:
- `headroom check ORIGINAL` reports does-not-fit (so the rest can fail);
- the title is a make-it-fit title and names suggestion ids;
- EDITED differs from ORIGINAL only in top-level keys those ids may change in Axolotl
  (DIALECTS.md section 11: qlora -> adapter + load_in_4bit, adamw-8bit -> optimizer, ...), each id
  changed at least one of its keys, and every other line (comments included) is byte-identical
  and in order;
- `headroom check EDITED` no longer reports does-not-fit.
"""

import argparse
import json
import re
import subprocess
import sys

# Which top-level Axolotl keys each suggestion id may change (../shared/data/DIALECTS.md §11).
AXOLOTL_KEYS = {
    "qlora": {"adapter", "load_in_4bit", "load_in_8bit", "bnb_config_kwargs"},
    "lora": {"adapter", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules", "lora_target_linear"},
    "adamw-8bit": {"optimizer"},
    "paged-optimizer": {"optimizer"},
    "gradient-checkpointing": {"gradient_checkpointing", "gradient_checkpointing_kwargs"},
    "flash-attention": {"attn_implementation", "flash_attention", "sdp_attention", "xformers_attention"},
    "smaller-micro-batch": {"micro_batch_size", "gradient_accumulation_steps", "batch_size"},
    "shorter-sequence": {"sequence_len"},
    "zero3": {"deepspeed", "fsdp", "fsdp_config", "fsdp_version"},
    "cpu-offload": {"deepspeed", "fsdp", "fsdp_config", "fsdp_version"},
}

TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*)\s*:(.*)$")


def top_level(text):
    """{key: (value text, block lines)} for each top-level mapping key of a block-style YAML file."""
    keys, current = {}, None
    for line in text.splitlines():
        m = TOP_KEY.match(line)
        if m:
            current = m.group(1)
            keys[current] = [m.group(2).strip()]
        elif current is not None and (line.startswith((" ", "\t", "-")) and line.strip()):
            keys[current].append(line)
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        else:
            current = None
    return keys


def does_not_fit(server, path):
    r = subprocess.run([server, "check", path, "--format", "json"], capture_output=True, text=True, timeout=60)
    if r.returncode == 2:
        raise RuntimeError(f"headroom check {path} failed: {r.stderr.strip()}")
    report = json.loads(r.stdout)
    diags = [d for f in report.get("files", []) for d in f.get("diagnostics", [])]
    return [d for d in diags if d.get("code") == "does-not-fit"], r.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--editor", default="editor")
    ap.add_argument("original")
    ap.add_argument("edited")
    ap.add_argument("title_file")
    a = ap.parse_args()
    failures = 0

    def result(ok, what):
        nonlocal failures
        print(f"{'PASS' if ok else 'FAIL'} {a.editor}: {what}")
        if not ok:
            failures += 1
        return ok

    original = open(a.original, encoding="utf-8").read()
    edited = open(a.edited, encoding="utf-8").read()
    title = open(a.title_file, encoding="utf-8").read().strip()

    before, _ = does_not_fit(a.server, a.original)
    result(bool(before), f"headroom check reports does-not-fit on the file before the edit ({len(before)} finding)")

    m = re.match(r"^Make it fit: (.+?): ", title)
    ids = [re.sub(r"×\d+$", "", part.strip()) for part in m.group(1).split(" + ")] if m else []
    if not result(bool(ids) and all(i in AXOLOTL_KEYS for i in ids),
                  f"the applied action is make-it-fit with known suggestion ids {ids} (title: {title[:100]!r})"):
        return 1

    result(edited != original, "the edit changed the file")
    old, new = top_level(original), top_level(edited)
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    allowed = set().union(*(AXOLOTL_KEYS[i] for i in ids))
    result(bool(changed) and set(changed) <= allowed,
           f"changed keys {changed} are among those {ids} may change ({sorted(allowed)})")
    for i in ids:
        result(bool(AXOLOTL_KEYS[i] & set(changed)), f"suggestion {i} changed one of its keys ({sorted(AXOLOTL_KEYS[i])})")
    for k in changed:
        print(f"  {k}: {' / '.join(old.get(k, ['(absent)']))!r} -> {' / '.join(new.get(k, ['(absent)']))!r}")

    def untouched(text, keys):
        """The lines that are not part of a changed key's block (key line and indented lines)."""
        out, skip = [], False
        for line in text.splitlines():
            km = TOP_KEY.match(line)
            if km:
                skip = km.group(1) in keys
                if skip:
                    continue
            elif skip and line.strip() and line.startswith((" ", "\t", "-")):
                continue
            elif line.strip() and not line.lstrip().startswith("#"):
                skip = False
            out.append(line)
        return out

    if not result(untouched(original, set(changed)) == untouched(edited, set(changed)),
                  "every other line (comments, blank lines, other keys) is unchanged and in order"):
        import difflib
        for line in difflib.unified_diff(original.splitlines(), edited.splitlines(), "before", "after", lineterm="", n=1):
            print("  " + line)
    if "qlora" in ids:
        result(new.get("adapter", [""])[0] == "qlora" and new.get("load_in_4bit", [""])[0] == "true",
               "qlora wrote `adapter: qlora` and `load_in_4bit: true`")

    after, rc = does_not_fit(a.server, a.edited)
    result(not after, f"headroom check no longer reports does-not-fit on the edited file (exit {rc})"
           + ("" if not after else f": {after[0].get('message')}"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
