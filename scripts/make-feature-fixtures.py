#!/usr/bin/env python3
"""Writes protocol-fixtures/features-<dialect>.json: one recorded session per dialect over an
example config (hover on the model key, code actions on the whole file, completion on the
last line, inlay hints), with the target GPU from initializationOptions. Only the client
side is written here; `HEADROOM_RECORD_FIXTURES=1 swift test --filter FixtureReplay` records
the server's answers, which are then reviewed and committed as golden output."""
import json, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PICKS = {
    "axolotl": ("examples/axolotl/gemma2-9b-lora.yml", "rtx-4090"),
    "llamafactory": ("examples/llamafactory/llama32-3b-qlora-sft.yaml", "rtx-3060-12gb"),
    "torchtune": ("examples/torchtune/llama3_2_3B_lora_single_device.yaml", "rtx-4090"),
    "trl": ("examples/trl/sft-qwen3-8b-qlora.yaml", "rtx-4090"),
    "litgpt": ("examples/litgpt/phi2-qlora.yaml", "rtx-3060-12gb"),
    "mlx": ("examples/mlx/qwen25-7b-qlora.yaml", "m4-pro-24gb"),
    "deepspeed": ("examples/deepspeed/zero2_auto.json", "a100-80gb"),
    "accelerate": ("examples/accelerate/multi_gpu_2.yaml", "a100-80gb"),
}
PREFIX = {"axolotl": "gradient_ch", "llamafactory": "use_", "torchtune": "compile", "trl": "optim",
          "litgpt": "lora_", "mlx": "seed", "deepspeed": "", "accelerate": "fsdp"}
MODEL_KEYS = re.compile(r'^\s*("?)(base_model|model_name_or_path|checkpoint_dir|_component_|model)\1\s*:\s*\S')

def main():
    for dialect, (path, gpu) in PICKS.items():
        text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        lines = text.split("\n")
        model_line = next((i for i, l in enumerate(lines) if MODEL_KEYS.match(l)), 0)
        col = len(lines[model_line]) - len(lines[model_line].lstrip()) + 1
        uri = "file:///headroom-fixtures/" + path
        last = len(lines) - 1
        steps = [
            {"client": {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                                 "textDocument": {"hover": {"contentFormat": ["markdown"]},
                                                  "publishDiagnostics": {"relatedInformation": True},
                                                  "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor"]}}}}},
                "initializationOptions": {"gpu": gpu}}}},
            {"client": {"jsonrpc": "2.0", "method": "initialized", "params": {}}},
            {"client": {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": {"uri": uri, "languageId": "json" if path.endswith(".json") else "yaml", "version": 1, "text": text}}}},
            {"client": {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
                "textDocument": {"uri": uri}, "position": {"line": model_line, "character": col}}}},
            {"client": {"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {
                "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": last, "character": 0}},
                "context": {"diagnostics": []}}}},
            # type the start of a key on the last (empty) line, then complete it
            {"client": {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": {"start": {"line": last, "character": 0}, "end": {"line": last, "character": 0}}, "text": PREFIX[dialect]}]}}},
            {"client": {"jsonrpc": "2.0", "id": 4, "method": "textDocument/completion", "params": {
                "textDocument": {"uri": uri}, "position": {"line": last, "character": len(PREFIX[dialect])}}}},
            {"client": {"jsonrpc": "2.0", "id": 5, "method": "textDocument/inlayHint", "params": {
                "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": last, "character": 0}}}}},
            {"client": {"jsonrpc": "2.0", "id": 6, "method": "shutdown"}},
            {"client": {"jsonrpc": "2.0", "method": "exit"}, "exit": 0},
        ]
        out = os.path.join(ROOT, "protocol-fixtures", f"features-{dialect}.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"description": f"{dialect}: diagnostics, hover on the model key, code actions, completion and inlay hints over {path} with target {gpu}",
                       "steps": steps}, f, ensure_ascii=False, indent=2)
            f.write("\n")

if __name__ == "__main__":
    main()
