#!/usr/bin/python3
"""Reference values for tests/nn/torch-mha.test.ts: torch.nn.MultiheadAttention on fixed
random inputs, written to tests/nn/torch-mha.json. Run once with PyTorch installed
(Debian: apt-get install python3-torch):  /usr/bin/python3 tests/nn/torch-mha.py (Debian's Python, where python3-torch lives)
Biases are drawn at random (PyTorch initialises them to 0, which would hide a missing bias).
Cases: cross-attention with separate key and value inputs; self-attention with a causal
attn_mask; key_padding_mask. attn_output_weights are averaged over heads (PyTorch's default)."""
import json, os
import torch

torch.manual_seed(0)
E, HEADS, B = 8, 2, 2
mha = torch.nn.MultiheadAttention(E, HEADS, bias=True, batch_first=True)
with torch.no_grad():
    mha.in_proj_bias.normal_(0, 0.5)
    mha.out_proj.bias.normal_(0, 0.5)

def case(name, q, k, v, **kw):
    with torch.no_grad():
        out, w = mha(q, k, v, need_weights=True, **kw)
    c = {"name": name, "query": q.tolist(), "key": k.tolist(), "value": v.tolist(), "output": out.tolist(), "weights": w.tolist()}
    if "attn_mask" in kw: c["causal"] = True
    if "key_padding_mask" in kw: c["keyPadding"] = (~kw["key_padding_mask"]).int().tolist()  # 1 = a real token
    return c

query, key, value = torch.randn(B, 3, E), torch.randn(B, 5, E), torch.randn(B, 5, E)
x = torch.randn(B, 4, E)
causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)  # True = blocked
padding = torch.tensor([[False] * 5, [False, False, False, True, True]])  # True = padding
data = {
    "torch": torch.__version__, "embedDim": E, "heads": HEADS,
    "inProjWeight": mha.in_proj_weight.tolist(), "inProjBias": mha.in_proj_bias.tolist(),
    "outProjWeight": mha.out_proj.weight.tolist(), "outProjBias": mha.out_proj.bias.tolist(),
    "cases": [
        case("cross", query, key, value),
        case("causal", x, x, x, attn_mask=causal),
        case("padding", query, key, value, key_padding_mask=padding),
    ],
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-mha.json"), "w") as f:
    json.dump(data, f)
print("torch", torch.__version__)
