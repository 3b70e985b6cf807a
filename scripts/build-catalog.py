#!/usr/bin/env python3
"""Build Headroom's own catalogs (catalog/models.json, catalog/gpus.json) from the sourced facts
in ../shared/data/catalog (a development-time step; the binary never reads ../shared).

Usage: python3 scripts/build-catalog.py [path/to/shared/data/catalog]
Then:  scripts/embed-catalog.sh   (writes Sources/MemoryModel/Generated/CatalogData.swift)
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "catalog")

DTYPES = {"bfloat16": "bf16", "float16": "fp16", "float32": "fp32"}


def model_entry(m):
    e = {
        "id": m["id"],
        "name": m["display_name"],
        "hfRepo": m["hf_repo"],
        "aliases": m.get("aliases", []),
        "layout": m["layout"],
        "hiddenSize": m["hidden_size"],
        "intermediateSize": m["intermediate_size"] or 0,
        "numLayers": m["num_hidden_layers"],
        "numHeads": m["num_attention_heads"],
        "numKeyValueHeads": m.get("num_key_value_heads") or m["num_attention_heads"],
        "headDim": m.get("head_dim") or m["hidden_size"] // m["num_attention_heads"],
        "vocabSize": m["vocab_size"],
        "tieWordEmbeddings": bool(m["tie_word_embeddings"]),
        "attentionBias": bool(m.get("attention_bias")),
        "mlpBias": bool(m.get("mlp_bias")),
        "maxPositionEmbeddings": m.get("max_position_embeddings") or 0,
        "torchDtype": DTYPES.get(m.get("torch_dtype"), "bf16"),
    }
    if m.get("new_decoder_architecture"):
        e["newDecoderArchitecture"] = True
    moe = m.get("moe")
    if moe:
        ns = moe.get("num_shared_experts") or 0
        e["moe"] = {
            "numExperts": moe["num_experts"],
            "expertsPerToken": moe["num_experts_per_tok"],
            "moeIntermediateSize": moe["moe_intermediate_size"],
            "sharedExperts": ns,
            "sharedExpertIntermediateSize": moe["moe_intermediate_size"] if ns else 0,
            "firstDenseLayers": moe.get("first_k_dense_replace") or 0,
        }
    mla = m.get("mla")
    if mla:
        e["mla"] = {
            "qLoraRank": mla.get("q_lora_rank"),
            "kvLoraRank": mla["kv_lora_rank"],
            "qkNopeHeadDim": mla["qk_nope_head_dim"],
            "qkRopeHeadDim": mla["qk_rope_head_dim"],
            "vHeadDim": mla["v_head_dim"],
        }
    e["parameters"] = m["params"]["computed_total"]
    s = m.get("source", {})
    e["source"] = "; ".join(f"{k}: {v}" for k, v in s.items()) if isinstance(s, dict) else str(s)
    return e


# Checkpoints that the measured runs use and the reference catalog lacks (numbers from their
# config.json, counts checked against the published totals in measured-runs.jsonl).
EXTRA_MODELS = [
    {"id": "stablelm-base-alpha-3b", "name": "StableLM Base Alpha 3B", "hfRepo": "stabilityai/stablelm-base-alpha-3b",
     "aliases": ["stablelm-alpha-3b", "stablelm-tuned-alpha-3b"], "layout": "gpt_neox", "hiddenSize": 4096,
     "intermediateSize": 16384, "numLayers": 16, "numHeads": 32, "numKeyValueHeads": 32, "headDim": 128,
     "vocabSize": 50688, "tieWordEmbeddings": False, "attentionBias": True, "mlpBias": True,
     "maxPositionEmbeddings": 4096, "torchDtype": "fp32", "parameters": 3637321728,
     "source": "stabilityai/stablelm-base-alpha-3b config.json (GPT-NeoX: hidden 4096, 16 layers, 32 heads, ffn 16384, vocab 50688, untied); total 3,637,321,728 as in shared/data/measured-runs.jsonl params_total"},
    {"id": "phi-1.5", "name": "Phi-1.5", "hfRepo": "microsoft/phi-1_5", "aliases": ["phi-1_5", "phi1.5"],
     "layout": "phi", "hiddenSize": 2048, "intermediateSize": 8192, "numLayers": 24, "numHeads": 32,
     "numKeyValueHeads": 32, "headDim": 64, "vocabSize": 51200, "tieWordEmbeddings": False,
     "attentionBias": True, "mlpBias": True, "maxPositionEmbeddings": 2048, "torchDtype": "fp16",
     "parameters": 1418270720,
     "source": "microsoft/phi-1_5 config.json (hidden 2048, 24 layers, 32 heads, ffn 8192, vocab 51200, untied lm_head with bias); total 1,418,270,720 as in shared/data/measured-runs.jsonl params_total"},
    {"id": "bloomz-7b1", "name": "BLOOMZ 7B1", "hfRepo": "bigscience/bloomz-7b1", "aliases": ["bloom-7b1", "bloomz-7b"],
     "layout": "bloom", "hiddenSize": 4096, "intermediateSize": 16384, "numLayers": 30, "numHeads": 32,
     "numKeyValueHeads": 32, "headDim": 128, "vocabSize": 250880, "tieWordEmbeddings": True,
     "attentionBias": True, "mlpBias": True, "maxPositionEmbeddings": 0, "torchDtype": "fp16",
     "parameters": 7069016064,
     "source": "bigscience/bloomz-7b1 config.json (hidden 4096, 30 layers, 32 heads, 4h MLP, vocab 250880, ALiBi, tied, embedding LayerNorm); total 7,069,016,064 = BLOOM-7B1 model card '7,069,016,064 parameters'"},
]

VENDOR_GPU_CONTEXT = {"nvidia": True}


def gpu_entries(g):
    out = []
    base = {
        "id": g["id"],
        "name": g["display_name"],
        "vendor": g["vendor"],
        "kind": g["kind"],
        "architecture": g.get("architecture") or "",
        "memoryBytes": g["memory_bytes"],
        "bf16": g["bf16"] == "yes" or g["bf16"] == "partial",
        "fp8": g["fp8"] == "yes",
        "bandwidthGBs": g.get("memory_bandwidth_gb_s") or 0,
        "aliases": list(g.get("aliases", [])),
        "source": g["source"],
    }
    if g.get("cuda_compute_capability"):
        base["computeCapability"] = g["cuda_compute_capability"]
    if g["vendor"] == "apple":
        share = g.get("default_gpu_share") or 0.75
        opts = g.get("unified_memory_options_gib") or []
        for i, gib in enumerate(opts):
            e = dict(base)
            e["id"] = f"{g['id']}-{gib}gb"
            e["name"] = f"{g['display_name']} {gib} GB"
            e["memoryBytes"] = gib * 2**30
            s = share if gib >= 64 else 2.0 / 3.0
            e["usableMemoryBytes"] = int(gib * 2**30 * s)
            e["usableMemoryBasis"] = f"unified memory x {s:.2f} (Metal recommendedMaxWorkingSetSize default)"
            e["aliases"] = [f"{a} {gib}gb" for a in g.get("aliases", [])] + [f"{g['id']} {gib}gb"]
            if i == len(opts) - 1:
                e["aliases"] += list(g.get("aliases", [])) + [g["id"]]
            e["source"] = g["source"]
            out.append(e)
        return out
    e = dict(base)
    if g.get("nvidia_smi_total_mib"):
        e["usableMemoryBytes"] = g["nvidia_smi_total_mib"] * 2**20
        e["usableMemoryBasis"] = f"nvidia-smi total ({g.get('nvidia_smi_total_status')})"
    elif g["id"] == "mi250x":
        e["usableMemoryBytes"] = 64 * 2**30
        e["usableMemoryBasis"] = "one GCD (each MI250X appears to PyTorch as two 64 GB devices)"
    else:
        e["usableMemoryBytes"] = g["memory_bytes"]
        e["usableMemoryBasis"] = "marketed capacity (no published nvidia-smi/rocm-smi total)"
    if g.get("notes"):
        e["notes"] = g["notes"]
    out.append(e)
    return out


def main():
    models = json.load(open(os.path.join(src, "models.json")))["models"]
    gpus = json.load(open(os.path.join(src, "gpus.json")))["gpus"]
    mout = {"schemaVersion": 1,
            "description": "Architecture numbers of checkpoints people fine-tune; parameters = exact count of the Hugging Face model (tied weights once).",
            "models": [model_entry(m) for m in models] + EXTRA_MODELS}
    gout = {"schemaVersion": 1,
            "description": "Accelerators with the memory a training process can use (usableMemoryBytes: nvidia-smi total on NVIDIA, GPU share of unified memory on Apple).",
            "gpus": [e for g in gpus for e in gpu_entries(g)]}
    with open(os.path.join(root, "catalog", "models.json"), "w") as f:
        json.dump(mout, f, indent=1, ensure_ascii=True)
        f.write("\n")
    with open(os.path.join(root, "catalog", "gpus.json"), "w") as f:
        json.dump(gout, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print(len(mout["models"]), "models,", len(gout["gpus"]), "gpus")


if __name__ == "__main__":
    main()
