#!/usr/bin/python3
"""Reference outputs of fastai's LR-finder suggestion functions, for lrkit's parity tests.

fastai itself is not installed here, so this script re-implements, step by step, what
fastai/callback/schedule.py (fastai 2.7) does in `lr_find`, `valley`, `slide`, `minimum` and
`steep`, with the same data types: the recorder's learning rates and smoothed losses are
converted to float32 torch tensors, trimmed to `[num_it//10:-5]` and cut at the first NaN;
`slide` runs np.gradient / np.interp on the float32 array. The recorded losses are smoothed the
way fastai's AvgSmoothLoss does (torch.lerp in float32, bias-corrected), and the learning rates
follow fastai's LRFinder schedule `start_lr * (end_lr/start_lr) ** (i/num_it)`.

For each curve it also re-runs the rules in float64 and records whether the chosen index is the
same (`float64Agrees`): lrkit computes in float64, so a disagreement would mean the curve has a
near-tie that only rounding decides.

Usage: /usr/bin/python3 scripts/fastai-suggestions.py   (writes test/fixtures/fastai/*.json)
"""
import json
import math
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'fastai')


# ---- fastai's rules, on float32 tensors; each returns (suggested lr, (lr, loss) point, index) ----

def fa_valley(lrs, losses):
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            # bookkeeping inside the inner loop, as in fastai
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    lr = float(lrs[idx])
    return lr, (lr, float(losses[idx])), idx % n  # Python wraps a negative index


def fa_slide(lrs, losses, lr_diff=15, thresh=.005, adjust_value=1.):
    losses = losses.numpy() if torch.is_tensor(losses) else np.asarray(losses)
    loss_grad = np.gradient(losses)
    r_idx = -1
    l_idx = r_idx - lr_diff
    local_min_lr = lrs[l_idx]
    chosen = l_idx
    while (l_idx >= -len(losses)) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > thresh):
        local_min_lr = lrs[l_idx]
        chosen = l_idx
        r_idx -= 1
        l_idx -= 1
    suggestion = float(local_min_lr) * adjust_value
    loss_at = np.interp(np.log10(suggestion), np.log10(lrs), losses)
    return suggestion, (suggestion, float(loss_at)), chosen % len(losses)


def fa_minimum(lrs, losses):
    i_min = int(losses.argmin())
    lr_min = lrs[i_min].item()
    near = min(range(len(lrs)), key=lambda i: abs(lrs[i] - lr_min))
    return lr_min / 10, (lr_min, float(losses[near])), near


def fa_steep(lrs, losses):
    grads = (losses[1:] - losses[:-1]) / (lrs[1:].log() - lrs[:-1].log())
    lr_steep = lrs[grads.argmin()].item()
    near = min(range(len(lrs)), key=lambda i: abs(lrs[i] - lr_steep))
    return lr_steep, (lr_steep, float(losses[near])), near


RULES = {'valley': fa_valley, 'slide': fa_slide, 'minimum': fa_minimum, 'steep': fa_steep}


def lr_find_trim(rec_lrs, rec_losses, num_it, dtype=torch.float32):
    """What lr_find hands to the rules: [num_it//10:-5], then cut at the first NaN."""
    lrs = torch.tensor(rec_lrs[num_it // 10:-5], dtype=dtype)
    losses = torch.tensor(rec_losses[num_it // 10:-5], dtype=dtype)
    nan_idxs = torch.nonzero(torch.isnan(losses.view(-1)))
    if len(nan_idxs) > 0:
        drop_idx = min(nan_idxs)
        lrs, losses = lrs[:drop_idx], losses[:drop_idx]
    return lrs, losses


# ---- curve generation, as fastai's LRFinder + Recorder would record it ----

def recorder(raw, start_lr=1e-7, end_lr=10., num_it=100, beta=0.98):
    """Learning rates of fastai's LRFinder and losses smoothed like AvgSmoothLoss (float32)."""
    lrs, losses = [], []
    val, count = torch.tensor(0.), 0
    for i, loss in enumerate(raw):
        lrs.append(start_lr * (end_lr / start_lr) ** (i / num_it))
        val = torch.lerp(torch.tensor(float(loss), dtype=torch.float32), val, beta)
        count += 1
        losses.append(float(val / (1 - beta ** count)))
    return lrs, losses


def typical(x):
    """A typical LR-finder raw loss against log10(lr): plateau, descent, minimum, explosion."""
    return 2.3 / (1 + math.exp(2.2 * (x + 2.5))) + 0.25 + 0.6 * math.exp(2.5 * (x + 0.3))


def make_curves():
    rng = np.random.default_rng(20240611)
    curves = []

    def add(name, note, raw, num_it=100, start_lr=1e-7, end_lr=10., beta=0.98):
        raw = list(raw)
        lrs, losses = recorder(raw, start_lr, end_lr, num_it, beta)
        curves.append(dict(name=name, note=note, numIt=num_it, recLrs=lrs, recLosses=losses))

    def xs(n, num_it=100, start=-7., end=1.):
        return [start + (end - start) * i / num_it for i in range(n)]

    add('typical', 'smooth typical shape, 100 iterations, 1e-7..10',
        [typical(x) for x in xs(100)])
    add('noisy', 'typical shape with 8% multiplicative noise',
        [typical(x) * (1 + 0.08 * rng.standard_normal()) for x in xs(100)])
    add('very-noisy-diverged', '25% noise, the test diverged (stopped) after 83 of 100 iterations',
        [typical(x + 0.6) * (1 + 0.25 * rng.standard_normal()) for x in xs(83)])
    add('flat', 'flat loss 0.693 with 0.1% noise: nothing to learn',
        [0.693 * (1 + 0.001 * rng.standard_normal()) for _ in range(100)])
    add('early-minimum', 'minimum early (lr ~1e-6), then a long rise',
        [0.5 + 0.3 * (x + 6) ** 2 + 0.02 * rng.standard_normal() for x in xs(100)])
    add('long-200', '200 iterations with a NaN at iteration 180 (lr_find cuts there), 1e-6..1',
        [typical(x + 1) * (1 + 0.05 * rng.standard_normal()) if i != 180 else float('nan')
         for i, x in enumerate(xs(200, 200, -6., 0.))], num_it=200, start_lr=1e-6, end_lr=1.)
    add('two-valleys', 'two descents separated by a bump; valley must pick the longer one',
        [1.5 - 0.4 * math.tanh(2 * (x + 5)) + 0.35 * math.exp(-8 * (x + 3.2) ** 2)
         - 0.5 * math.tanh(3 * (x + 1.8)) + 0.9 * math.exp(3 * (x + 0.2)) for x in xs(100)])
    add('short-30', 'only 30 iterations (num_it=30), so the trimmed curve has 22 points',
        [typical(x) * (1 + 0.03 * rng.standard_normal()) for x in xs(30, 30)], num_it=30)
    return curves


def f32_list(t):
    return [float(v) for v in t]


def edge_cases():
    """Small curves handed to the rules directly (no lr_find trim): ties and Python index wrap."""
    # Exact ties (constant-20) are fine; curves whose slopes are equal only on paper are not,
    # since float32 rounding would pick the winner.
    cases = [
        ('two-points-decreasing', [1e-3, 1e-2], [2.0, 1.0]),  # valley's index is -1 -> last point
        ('three-points-decreasing', [1e-3, 1e-2, 1e-1], [3.0, 2.0, 1.0]),
        ('constant-20', [10 ** (-4 + i / 5) for i in range(20)], [0.5] * 20),  # all ties
        ('increasing-20', [10 ** (-4 + i / 5) for i in range(20)], [0.01 * i * i + 1 for i in range(20)]),
        ('v-shape-17', [10 ** (-4 + i / 4) for i in range(17)], [abs(i - 11) ** 1.5 + 0.5 for i in range(17)]),
    ]
    out = []
    for name, lrs, losses in cases:
        lrs, losses = torch.tensor(lrs), torch.tensor(losses)
        expected = {}
        for rule, fn in RULES.items():
            if rule == 'slide' and len(lrs) < 16:
                expected[rule] = None
                continue
            lr, (pt_lr, pt_loss), idx = fn(lrs, losses)
            expected[rule] = dict(lr=lr, pointLr=pt_lr, loss=pt_loss, index=idx)
            # the same inputs in float64 must pick the same point, or the case is a rounding tie
            assert fn(lrs.double(), losses.double())[2] == idx, (name, rule)
        out.append(dict(name=name, lrs=f32_list(lrs), losses=f32_list(losses), expected=expected))
    with open(os.path.join(OUT, 'edge-cases.json'), 'w') as f:
        json.dump(dict(note='Small curves passed straight to the fastai rules (float32 tensors, no trim). '
                            'Made by scripts/fastai-suggestions.py; do not edit by hand.', cases=out), f, indent=1)
        f.write('\n')
    for c in out:
        print(f"{c['name']:>24}: " + ' '.join(
            f"{k}={v['lr']:.3g}@{v['index']}" if v else f'{k}=-' for k, v in c['expected'].items()))


def main():
    os.makedirs(OUT, exist_ok=True)
    edge_cases()
    for c in make_curves():
        lrs, losses = lr_find_trim(c['recLrs'], c['recLosses'], c['numIt'])
        lrs64, losses64 = lr_find_trim(c['recLrs'], c['recLosses'], c['numIt'], torch.float64)
        expected, agrees = {}, {}
        for name, fn in RULES.items():
            if name == 'slide' and len(lrs) < 16:
                expected[name] = None
                continue
            lr, (pt_lr, pt_loss), idx = fn(lrs, losses)
            expected[name] = dict(lr=lr, pointLr=pt_lr, loss=pt_loss, index=idx)
            agrees[name] = fn(lrs64, losses64)[2] == idx
        # the recorded curve as float32 values (what fastai's tensors hold); NaN written as null
        rec_lrs32 = f32_list(torch.tensor(c['recLrs'], dtype=torch.float32))
        rec_losses32 = [None if math.isnan(v) else v for v in f32_list(torch.tensor(c['recLosses'], dtype=torch.float32))]
        fixture = dict(
            name=c['name'],
            note=c['note'] + '. Made by scripts/fastai-suggestions.py (fastai 2.7 rules re-implemented '
                             'with float32 torch tensors); do not edit by hand.',
            numIt=c['numIt'],
            recorded=dict(lrs=rec_lrs32, losses=rec_losses32),
            trimOffset=c['numIt'] // 10,
            trimmed=dict(lrs=f32_list(lrs), losses=f32_list(losses)),
            expected=expected,
            float64Agrees=agrees,
        )
        path = os.path.join(OUT, c['name'] + '.json')
        with open(path, 'w') as f:
            json.dump(fixture, f, indent=1)
            f.write('\n')
        print(f"{c['name']:>20}: n={len(lrs):3d} " + ' '.join(
            f"{k}={v['lr']:.3g}@{v['index']}" if v else f'{k}=-' for k, v in expected.items()) + f' f64={agrees}')


if __name__ == '__main__':
    main()
