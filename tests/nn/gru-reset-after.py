# Writes tests/nn/gru-reset-after.json: PyTorch's nn.GRU (which applies the reset gate after
# the recurrent product, "reset-after", as cuDNN does) on a small random input, with its
# weights and outputs, so tests/nn/gru-reset-after.test.ts can check the book's from-scratch
# GRU (components/nn/rnn-cells.ts, resetAfter: true) against PyTorch's own numbers.
#   python3 tests/nn/gru-reset-after.py   (Debian: apt-get install python3-torch)
import json
from pathlib import Path

import torch

torch.manual_seed(2024)
batch, steps, inputs, hidden = 3, 6, 5, 4
gru = torch.nn.GRU(input_size=inputs, hidden_size=hidden, batch_first=True)
x = torch.randn(batch, steps, inputs)
h0 = torch.randn(1, batch, hidden)
with torch.no_grad():
    out, hn = gru(x, h0)

def rows(t):
    return [[round(float(v), 8) for v in row] for row in t.reshape(t.shape[0], -1)]

result = {
    "generator": "tests/nn/gru-reset-after.py",
    "torch": torch.__version__,
    "note": "PyTorch gate order is r, z, n; weight_ih [3h, in], weight_hh [3h, h]",
    "batch": batch, "steps": steps, "inputs": inputs, "hidden": hidden,
    "weight_ih": rows(gru.weight_ih_l0.detach()),
    "weight_hh": rows(gru.weight_hh_l0.detach()),
    "bias_ih": [round(float(v), 8) for v in gru.bias_ih_l0.detach()],
    "bias_hh": [round(float(v), 8) for v in gru.bias_hh_l0.detach()],
    "x": x.tolist(),
    "h0": h0[0].tolist(),
    "output": out.tolist(),
}
Path(__file__).with_suffix(".json").write_text(json.dumps(result) + "\n")
print(f"wrote {Path(__file__).with_suffix('.json')} with torch {torch.__version__}")
