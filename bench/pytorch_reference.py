"""PyTorch references for `npm run bench`, on the CPU, with the browser's batch size and
optimizer:
  cnn:  the articles' CNN (conv 32 -> pool -> conv 64 -> pool -> dense 128 -> dense 10) on
        real MNIST digits (uint8 pixels, then uint8 labels);
  lstm: 3.3's name classifier (embedding 16 -> LSTM 32 -> 1 logit) on real encoded names
        (uint8 ids, 16 per name, then uint8 labels);
  transformer: 3.5's encoder (d 32, 2 heads, ffn 64, 2 post-LN layers, sinusoidal
        positions) on reversing 8 random digits (generated here; the file is unused).
bench/pytorch.ts writes the data file; this trains warm-up + timed batches and prints one
JSON line. Install the reference on Debian with `apt-get install python3-torch`.
Optional arguments after the vocabulary size: the device ("cpu" or "cuda", for the
node-webgpu lane's GPU comparison) and the least seconds to time (default 1).
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

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embed(ids))
        return self.out(h[-1]).squeeze(1)


class ReverseTransformer(nn.Module):
    def __init__(self, d=32, heads=2, ffn=64, layers=2, length=8, vocab=10):
        super().__init__()
        self.d = d
        self.embed = nn.Embedding(vocab, d)
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


def main():
    model_name, path, count, batch_size, warmup, batches, size, vocab = sys.argv[1:9]
    count, batch_size, warmup, batches, vocab = int(count), int(batch_size), int(warmup), int(batches), int(vocab)
    device = sys.argv[9] if len(sys.argv) > 9 else "cpu"
    min_seconds = float(sys.argv[10]) if len(sys.argv) > 10 else 1.0
    raw = np.fromfile(path, dtype=np.uint8)
    torch.manual_seed(1)
    if model_name == "cnn":
        images = torch.from_numpy(raw[: count * 784].astype(np.float32) / 255).reshape(count, 1, 28, 28)
        labels = torch.from_numpy(raw[count * 784 : count * 785].astype(np.int64))
        model = Net() if size == "full" else Net((8, 16), 64)
        loss_fn = nn.CrossEntropyLoss()
    elif model_name == "transformer":
        generator = np.random.default_rng(1)
        images = torch.from_numpy(generator.integers(0, 10, size=(count, 8)).astype(np.int64))
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
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(i):
        start = (i * batch_size) % (count - batch_size)
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
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpus": os.cpu_count(),
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "samplesPerSecond": len(losses) * batch_size / seconds,
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
    }))


if __name__ == "__main__":
    main()
