#!/usr/bin/python3
"""PyTorch side of bench/vs-pytorch.ts: the same LR range test as lrkit's findLearningRate, on the
same initial weights and batches, one thread. Reads JSON commands, one per line, on stdin; answers
one JSON line each on stdout.

  {"cmd": "setup", "model": "mlp" | "cnn", "hidden": [128], "weights": path, "data": path, "batch": 64}
  {"cmd": "round", "iters": 100, "start_lr": 1e-7, "end_lr": 10}  ->  {"ms": [per-step ms, ...], "losses": [...]}
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


class NHWCFlatten(torch.nn.Module):
    """Flatten in TF.js's NHWC order, so a dense layer after a conv takes the same weights."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


def build(spec, tensors):
    """The lrkit model (createMlp / createCnn) as a torch module, with its initial weights."""
    it = iter(tensors)
    layers = []
    if spec["model"] == "mlp":
        sizes = [784] + spec["hidden"] + [10]
        for i in range(len(sizes) - 1):
            lin = torch.nn.Linear(sizes[i], sizes[i + 1])
            lin.weight.data = torch.from_numpy(next(it)).T.contiguous()
            lin.bias.data = torch.from_numpy(next(it))
            layers += [lin] + ([torch.nn.ReLU()] if i < len(sizes) - 2 else [])
        return torch.nn.Sequential(*layers), (lambda x: x.reshape(x.shape[0], 784))
    cin = 1
    for f in spec["filters"]:
        conv = torch.nn.Conv2d(cin, f, 3, padding=1)
        conv.weight.data = torch.from_numpy(next(it)).permute(3, 2, 0, 1).contiguous()
        conv.bias.data = torch.from_numpy(next(it))
        layers += [conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        cin = f
    side = 28 // 2 ** len(spec["filters"])
    dense = torch.nn.Linear(side * side * cin, spec["dense"])
    dense.weight.data = torch.from_numpy(next(it)).T.contiguous()
    dense.bias.data = torch.from_numpy(next(it))
    out = torch.nn.Linear(spec["dense"], 10)
    out.weight.data = torch.from_numpy(next(it)).T.contiguous()
    out.bias.data = torch.from_numpy(next(it))
    layers += [NHWCFlatten(), dense, torch.nn.ReLU(), out]
    return torch.nn.Sequential(*layers), (lambda x: x.reshape(x.shape[0], 28, 28, 1).permute(0, 3, 1, 2).contiguous())


def read_tensors(path):
    manifest = json.load(open(path + ".json"))
    raw = np.fromfile(path, dtype=np.float32)
    out, at = [], 0
    for shape in manifest["shapes"]:
        n = int(np.prod(shape))
        out.append(raw[at:at + n].reshape(shape).copy())
        at += n
    return out


state = {}


def setup(c):
    tensors = read_tensors(c["weights"])
    model, shape = build(c, tensors)
    data = np.fromfile(c["data"], dtype=np.float32).reshape(-1, 785)
    xs = torch.from_numpy(data[:, :784].copy())
    ys = torch.from_numpy(data[:, 784].astype(np.int64))
    state.update(model=model, init={k: v.clone() for k, v in model.state_dict().items()}, shape=shape, xs=xs, ys=ys, batch=c["batch"])
    return {"ok": True, "params": sum(p.numel() for p in model.parameters())}


def round_(c):
    """One range test: exponential lr per batch, SGD momentum 0.9, EMA (beta 0.98, bias-corrected)
    and stop at 4x the best smoothed loss, as findLearningRate does; weights restored after."""
    model, shape, xs, ys, batch = state["model"], state["shape"], state["xs"], state["ys"], state["batch"]
    model.load_state_dict(state["init"])
    opt = torch.optim.SGD(model.parameters(), lr=c["start_lr"], momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = c["iters"]
    ratio = c["end_lr"] / c["start_lr"]
    avg, best, ms, losses = 0.0, float("inf"), [], []
    batches = xs.shape[0] // batch
    for i in range(n):
        t0 = time.perf_counter()
        lr = c["start_lr"] * ratio ** (i / (n - 1))
        for g in opt.param_groups:
            g["lr"] = lr
        b = i % batches
        x = shape(xs[b * batch:(b + 1) * batch])
        y = ys[b * batch:(b + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        v = loss.item()
        ms.append((time.perf_counter() - t0) * 1000)
        losses.append(v)
        avg = 0.98 * avg + 0.02 * v
        smoothed = avg / (1 - 0.98 ** (i + 1))
        best = min(best, smoothed)
        if not np.isfinite(smoothed) or smoothed > 4 * best:
            break
    model.load_state_dict(state["init"])
    return {"ms": ms, "losses": losses}


for line in sys.stdin:
    cmd = json.loads(line)
    reply = setup(cmd) if cmd["cmd"] == "setup" else round_(cmd)
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
