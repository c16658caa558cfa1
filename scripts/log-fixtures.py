"""Range-test logs as other tools write them, for test/io.log-sources.test.ts.

Run with Debian's Python and PyTorch (apt-get install python3-torch libopenblas0):
    /usr/bin/python3 scripts/log-fixtures.py

One real range test per tool (a small MLP on seeded Gaussian blobs, plain SGD), driven by that
tool's own algorithm, ported from its source:
- pytorch-lr-finder, davidtvs/pytorch-lr-finder torch_lr_finder/lr_finder.py at commit
  00abb9079101da04867e49fa67b16396f45d9179 (LRFinder.range_test, ExponentialLR): the lr of iteration
  i is start * (end / start) ** (i / (num_iter - 1)); loss = smooth_f * loss + (1 - smooth_f) *
  history[-1] after the first; best updated, the loss appended, then stop if loss > diverge_th * best.
- Lightning, Lightning-AI/pytorch-lightning src/lightning/pytorch/tuner/lr_finder.py at commit
  001278272e8e91c85a74dd17449e4eafc489e25f (_LRCallback, _ExponentialLR): the lr recorded before
  each batch is the scheduler's (min_lr, then min_lr * (max_lr / min_lr) ** ((k + 1) / num_training)
  after step k); avg = beta * avg + (1 - beta) * loss, smoothed = avg / (1 - beta ** (global_step + 1))
  with global_step counting the step just taken; stop flag when global_step > 1 and smoothed >
  4 * best (the point is still appended); best updated after the check (or at global_step 1).
- Lightning's CSVLogger (lightning_fabric/loggers/csv_logs.py) with LearningRateMonitor(log_momentum=True):
  one row per log call, keys sorted, missing cells empty: `lr-SGD` and `lr-SGD-momentum` on one row,
  `train_loss` (with `epoch`) on another row of the same `step`.
Beside each file, raw.json holds the raw losses of the same points ({"lr": [...], "loss": [...]}).
"""
import csv
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'logs')
torch.set_num_threads(1)


def blobs(seed, n=4096, d=20, k=3):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(k, d, generator=g) * 0.7
    y = torch.randint(0, k, (n,), generator=g)
    x = centres[y] + torch.randn(n, d, generator=g)
    return x, y


def model_and_opt(seed, lr):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3))
    return net, torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)


class Batches:
    def __init__(self, seed, batch=32):
        self.x, self.y = blobs(seed)
        self.batch = batch
        self.g = torch.Generator().manual_seed(seed + 1)
        self.order, self.at = torch.randperm(len(self.y), generator=self.g), 0

    def next(self):
        if self.at + self.batch > len(self.order):
            self.order, self.at = torch.randperm(len(self.y), generator=self.g), 0
        idx = self.order[self.at:self.at + self.batch]
        self.at += self.batch
        return self.x[idx], self.y[idx]


def train_step(net, opt, data, lr):
    for group in opt.param_groups:
        group['lr'] = lr
    x, y = data.next()
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    return loss.item()


def pytorch_lr_finder(seed, start_lr=1e-5, end_lr=10.0, num_iter=100, smooth_f=0.05, diverge_th=5):
    net, opt = model_and_opt(seed, start_lr)
    data = Batches(seed)
    history, raw = {'lr': [], 'loss': []}, {'lr': [], 'loss': []}
    best = None
    for iteration in range(num_iter):
        lr = start_lr * (end_lr / start_lr) ** (iteration / (num_iter - 1))
        loss = train_step(net, opt, data, lr)
        history['lr'].append(lr)
        raw['lr'].append(lr)
        raw['loss'].append(loss)
        if iteration == 0:
            best = loss
        else:
            if smooth_f > 0:
                loss = smooth_f * loss + (1 - smooth_f) * history['loss'][-1]
            if loss < best:
                best = loss
        history['loss'].append(loss)
        if loss > diverge_th * best:
            break
    return history, raw


def lightning_lr_find(seed, min_lr=1e-5, max_lr=10.0, num_training=100, beta=0.98, threshold=4.0):
    net, opt = model_and_opt(seed, min_lr)
    data = Batches(seed)
    results, raw = {'lr': [], 'loss': []}, {'lr': [], 'loss': []}
    avg, best, global_step = 0.0, 0.0, 0
    lr = min_lr
    while global_step < num_training:
        results['lr'].append(lr)
        loss = train_step(net, opt, data, lr)
        global_step += 1
        raw['lr'].append(lr)
        raw['loss'].append(loss)
        avg = beta * avg + (1 - beta) * loss
        smoothed = avg / (1 - beta ** (global_step + 1))
        stop = global_step > 1 and smoothed > threshold * best
        if smoothed < best or global_step == 1:
            best = smoothed
        results['loss'].append(smoothed)
        if stop:
            break
        # _ExponentialLR.step(): last_epoch = global_step, r = (last_epoch + 1) / num_iter
        lr = min_lr * (max_lr / min_lr) ** ((global_step + 1) / num_training)
    return results, raw


def lightning_csv_logger(seed, min_lr=1e-5, max_lr=10.0, steps=120):
    """A plain training run whose lr grows each step, logged the way CSVLogger writes metrics.csv."""
    net, opt = model_and_opt(seed, min_lr)
    data = Batches(seed)
    rows, raw = [], {'lr': [], 'loss': []}
    for step in range(steps):
        lr = min_lr * (max_lr / min_lr) ** (step / (steps - 1))
        rows.append({'lr-SGD': lr, 'lr-SGD-momentum': 0.9, 'step': step})
        loss = train_step(net, opt, data, lr)
        raw['lr'].append(lr)
        raw['loss'].append(loss)
        rows.append({'epoch': 0, 'step': step, 'train_loss': loss})
    keys = sorted({k for r in rows for k in r})
    return keys, rows, raw


def dump(folder, name, obj):
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, folder, name), 'w') as f:
        json.dump(obj, f)  # Python's json: NaN / Infinity written as tokens, as users' files have them


def main():
    history, raw = pytorch_lr_finder(seed=3)
    dump('pytorch-lr-finder', 'history.json', history)
    dump('pytorch-lr-finder', 'raw.json', raw)
    results, raw = lightning_lr_find(seed=3)
    dump('lightning-lr-find', 'results.json', results)
    dump('lightning-lr-find', 'raw.json', raw)
    keys, rows, raw = lightning_csv_logger(seed=3)
    os.makedirs(os.path.join(OUT, 'lightning-csvlogger'), exist_ok=True)
    with open(os.path.join(OUT, 'lightning-csvlogger', 'metrics.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    dump('lightning-csvlogger', 'raw.json', raw)
    for folder in ('pytorch-lr-finder', 'lightning-lr-find', 'lightning-csvlogger'):
        n = len(json.load(open(os.path.join(OUT, folder, 'raw.json')))['loss'])
        print(f'{folder}: {n} points')


if __name__ == '__main__':
    main()
