#!/usr/bin/env python3
"""Runs ../shared/tools/lspbench.py on Headroom and the reference servers in one run and
prints one table with Headroom/reference ratios. Used by bench/run.sh."""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH = os.path.join(ROOT, "..", "shared", "tools", "lspbench.py")

def run(name, server, lang, template, sizes, repeat):
    cmd = [sys.executable, BENCH, "--server", server, "--language-id", lang, "--scale", template,
           "--sizes", sizes, "--repeat", str(repeat), "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    try:
        data = json.loads(p.stdout[p.stdout.index("{"):p.stdout.rindex("}") + 1])
    except ValueError:
        print(f"{name}: lspbench failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}", file=sys.stderr)
        return None
    return {r.get("size", r["lines"]): r for r in data["runs"]}

METRICS = [("init_ms", "cold start -> initialize (ms)"), ("open_diag_ms", "didOpen -> diagnostics (ms)"),
           ("change_p50_ms", "keystroke -> diagnostics p50 (ms)"), ("change_p95_ms", "keystroke -> diagnostics p95 (ms)"),
           ("hover_p50_ms", "hover p50 (ms)"), ("hover_p95_ms", "hover p95 (ms)"), ("peak_rss_mb", "peak RSS (MB)")]

def main():
    headroom, sizes, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    servers = [("headroom", f"{headroom} lsp", "yaml", os.path.join(HERE, "axolotl-template.yaml")),
               ("ruff", "ruff server", "python", os.path.join(HERE, "python-template.py")),
               ("tombi", "tombi lsp", "toml", os.path.join(HERE, "toml-template.toml"))]
    results = {}
    for name, server, lang, template in servers:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results[name] = run(name, server, lang, template, sizes, repeat)
    names = [n for n, *_ in servers if results.get(n)]
    refs = [n for n in names if n != "headroom"]
    size_list = [int(s) for s in sizes.split(",")]
    header = f"{'metric':36} {'lines':>6} " + " ".join(f"{n:>9}" for n in names) + " " + " ".join(f"{'H/' + r:>9}" for r in refs)
    print(header)
    print("-" * len(header))
    def val(n, size, key):
        r = (results.get(n) or {}).get(size)
        return r.get(key) if r else None
    def fmt(v):
        return f"{v:9.2f}" if isinstance(v, (int, float)) else f"{'-':>9}"
    for key, label in METRICS:
        for size in size_list:
            row = f"{label:36} {size:>6} " + " ".join(fmt(val(n, size, key)) for n in names)
            h = val("headroom", size, key)
            for r in refs:
                v = val(r, size, key)
                row += " " + (f"{h / v:9.2f}" if isinstance(h, (int, float)) and v else f"{'-':>9}")
            print(row)
    lo, hi = size_list[0], size_list[-1]
    for key, label in [("change_p50_ms", "keystroke p50"), ("open_diag_ms", "didOpen"), ("peak_rss_mb", "peak RSS")]:
        row = f"{'ratio ' + str(hi) + '/' + str(lo) + ' ' + label:36} {'':>6} "
        for n in names:
            a, b = val(n, lo, key), val(n, hi, key)
            row += f"{'x%.1f' % (b / a) if a and b else '-':>9} "
        print(row)

if __name__ == "__main__":
    main()
