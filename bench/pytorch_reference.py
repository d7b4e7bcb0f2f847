"""PyTorch references for `npm run bench`, on the CPU, with the browser's batch size and
optimizer:
  cnn:  the articles' CNN (conv 32 -> pool -> conv 64 -> pool -> dense 128 -> dense 10) on
        real MNIST digits (uint8 pixels, then uint8 labels);
  lstm: 3.3's name classifier (embedding 16 -> LSTM 32 -> 1 logit) on real encoded names
        (uint8 ids, 16 per name, left-padded with 0, then uint8 labels). The book's Keras
        LSTM masks the padding (maskZero), so its state starts at the first real letter;
        here the same model is a packed sequence of each name's real letters;
  transformer: 3.5's encoder (d 32, 2 heads, ffn 64, 2 post-LN layers, sinusoidal
        positions) on reversing 8 random digits: the digits the browser trains on when
        the file holds them (uint8, 8 per row), else generated here.
bench/pytorch.ts writes the data file; this trains warm-up + timed batches and prints one
JSON line. Install the reference on Debian with `apt-get install python3-torch`.
Optional arguments after the vocabulary size: the device ("cpu" or "cuda", for the
node-webgpu lane's GPU comparison), the least seconds to time (default 1), the CPU
threads (0: torch's default) and the row where the timed batches start (-1: the old
layout, batches walk through the whole file). With a row given, the warm-up batches are
the rows from 0 and the timed batches cycle over `batches` batches from that row: the
samples the browser's warm-up and timed fit() calls use.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, filters=(32, 64), dense=128):
        super().__init__()
        self.conv1 = nn.Conv2d(1, filters[0], kernel_size=3)
        self.conv2 = nn.Conv2d(filters[0], filters[1], kernel_size=3)
        self.fc1 = nn.Linear(filters[1] * 5 * 5, dense)
        self.fc2 = nn.Linear(dense, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class NameClassifier(nn.Module):
    def __init__(self, vocab, embed=16, units=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.lstm = nn.LSTM(embed, units, batch_first=True)
        self.out = nn.Linear(units, 1)
        # As buildNameClassifier (components/nn/rnn-models.ts), not PyTorch's defaults: the
        # embedding U(-0.1, 0.1) (PyTorch's N(0, 1) is ~17x larger and made this side learn
        # far faster per step: loss 0.02 vs 0.19 after ~900 steps), Glorot-uniform kernels
        # (Keras shapes [in, 4u] and [u, 4u]), zero biases with the forget gate's at 1
        # (unitForgetBias); gate order i, f, g, o is the same in both.
        with torch.no_grad():
            nn.init.uniform_(self.embed.weight, -0.1, 0.1)
            for weight, fan_in in ((self.lstm.weight_ih_l0, embed), (self.lstm.weight_hh_l0, units)):
                limit = (6.0 / (fan_in + 4 * units)) ** 0.5
                nn.init.uniform_(weight, -limit, limit)
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_hh_l0.zero_()
            self.lstm.bias_ih_l0[units:2 * units] = 1.0
            nn.init.xavier_uniform_(self.out.weight)
            self.out.bias.zero_()

    def forward(self, ids):
        # Left-padded ids -> each name's letters first, packed by length: the masked
        # Keras LSTM's state is zero until the first letter, so this is the same function.
        lengths = (ids != 0).sum(1).clamp(min=1)
        shift = (torch.arange(ids.shape[1], device=ids.device).unsqueeze(0) + (ids.shape[1] - lengths).unsqueeze(1)) % ids.shape[1]
        packed = nn.utils.rnn.pack_padded_sequence(self.embed(ids.gather(1, shift)), lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        return self.out(h[-1]).squeeze(1)


class ReverseTransformer(nn.Module):
    def __init__(self, d=32, heads=2, ffn=64, layers=2, length=8, vocab=10):
        super().__init__()
        self.d = d
        self.embed = nn.Embedding(vocab, d)
        # As TinyTransformer: N(0, 1/sqrt(d)), so that after the sqrt(d) scaling below tokens
        # and positions have the same size. PyTorch's default N(0, 1) made the embedding 5.7x
        # the positional encoding, and the reversal (a task about positions) learned far slower.
        nn.init.normal_(self.embed.weight, 0.0, d ** -0.5)
        position = torch.arange(length).unsqueeze(1)
        rate = torch.pow(10000.0, -torch.arange(0, d, 2) / d)
        pe = torch.zeros(length, d)
        pe[:, 0::2] = torch.sin(position * rate)
        pe[:, 1::2] = torch.cos(position * rate)
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(d, heads, ffn, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.out = nn.Linear(d, vocab)

    def forward(self, ids):
        return self.out(self.encoder(self.embed(ids) * self.d ** 0.5 + self.pe))


def measure(argv):
    model_name, path, count, batch_size, warmup, batches, size, vocab = argv[0:8]
    count, batch_size, warmup, batches, vocab = int(count), int(batch_size), int(warmup), int(batches), int(vocab)
    device = argv[8] if len(argv) > 8 else "cpu"
    min_seconds = float(argv[9]) if len(argv) > 9 else 1.0
    threads = int(argv[10]) if len(argv) > 10 else 0
    timed_row = int(argv[11]) if len(argv) > 11 else -1
    if threads > 0:
        torch.set_num_threads(threads)
    raw = np.fromfile(path, dtype=np.uint8)
    torch.manual_seed(1)
    if model_name == "cnn":
        images = torch.from_numpy(raw[: count * 784].astype(np.float32) / 255).reshape(count, 1, 28, 28)
        labels = torch.from_numpy(raw[count * 784 : count * 785].astype(np.int64))
        model = Net() if size == "full" else Net((8, 16), 64)
        loss_fn = nn.CrossEntropyLoss()
    elif model_name == "transformer":
        if raw.size >= count * 8:
            images = torch.from_numpy(raw[: count * 8].astype(np.int64)).reshape(count, 8)
        else:
            images = torch.from_numpy(np.random.default_rng(1).integers(0, 10, size=(count, 8)).astype(np.int64))
        labels = images.flip(1)
        model = ReverseTransformer() if size == "full" else ReverseTransformer(16, 2, 32, 1)
        cross_entropy = nn.CrossEntropyLoss()
        loss_fn = lambda logits, y: cross_entropy(logits.reshape(-1, 10), y.reshape(-1))
    else:
        images = torch.from_numpy(raw[: count * 16].astype(np.int64)).reshape(count, 16)
        labels = torch.from_numpy(raw[count * 16 : count * 17].astype(np.float32))
        model = NameClassifier(vocab, units=32 if size == "full" else 8)
        loss_fn = nn.BCEWithLogitsLoss()
    model = model.to(device)
    images, labels = images.to(device), labels.to(device)
    # The browser's optimisers: Adam, 0.003 for the Transformer (3.5's trainSteps) and 0.001
    # for the layers models; epsilon 1e-7 as tfjs.
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3 if model_name == "transformer" else 1e-3, eps=1e-7)

    def row_of(i):
        if timed_row < 0:
            return (i * batch_size) % (count - batch_size)
        if i < warmup:
            return i * batch_size
        return timed_row + ((i - warmup) % batches) * batch_size

    def step(i):
        start = row_of(i)
        x, y = images[start : start + batch_size], labels[start : start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    # Time at least a second of work so the figure is not noise. loss.item() waits for the
    # GPU every step, as the book's loop reads every step's loss.
    began = time.perf_counter()
    losses = []
    while len(losses) < batches or time.perf_counter() - began < min_seconds:
        losses.append(step(warmup + len(losses)))
    seconds = time.perf_counter() - began
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpus": os.cpu_count(),
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "samplesPerSecond": len(losses) * batch_size / seconds,
        "batches": len(losses),
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
    }


def main():
    if sys.argv[1:2] == ["--serve"]:
        # One measurement per line of JSON arguments on stdin, one JSON line back: torch is
        # imported once, as the browser page stays open between the WASM measurements.
        for line in sys.stdin:
            print(json.dumps(measure(json.loads(line))), flush=True)
    else:
        print(json.dumps(measure(sys.argv[1:])))


if __name__ == "__main__":
    main()
