#!/usr/bin/python3
"""Reference sequences for the keras.* and transformers.* schedule families.

Keras 3 and transformers cannot be installed here (no PyPI), so this script holds independent
Python ports of their formulas, written from the sources read at:

    keras-team/keras@2534b643145262fc2c9ee638065ee14fdb623984  keras/src/optimizers/schedules/learning_rate_schedule.py
    huggingface/transformers@005edacb6b5dabbf0843e92c6623de9e07ca6241  src/transformers/optimization.py

Keras: each schedule evaluated at each step in float64 (Python floats) and, as Keras computes,
in float32 (numpy). transformers: each lr_lambda driven by PyTorch's real LambdaLR (Debian
python3-torch) through optimizer.step() / scheduler.step(), recording param_groups[0]['lr'].

    /usr/bin/python3 scripts/keras-transformers-fixtures.py   # writes test/fixtures/{keras,transformers}/*.json
"""
import json
import math
import os

import numpy as np
import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import LambdaLR

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
KERAS_COMMIT = "keras-team/keras@2534b643145262fc2c9ee638065ee14fdb623984"
HF_COMMIT = "huggingface/transformers@005edacb6b5dabbf0843e92c6623de9e07ca6241"


# ---- Keras ports: f(step, dtype) with every constant cast to dtype, as Keras casts to the lr's dtype.
def k_exponential(a, t, d):
    p = d(t) / d(a["decay_steps"])
    if a.get("staircase", False):
        p = d(math.floor(p))
    return d(a["initial_learning_rate"]) * d(a["decay_rate"]) ** p


def k_piecewise(a, t, d):
    b, v = a["boundaries"], a["values"]
    if t <= b[0]:
        return d(v[0])
    if t > b[-1]:
        return d(v[-1])
    for lo, hi, val in zip(b[:-1], b[1:], v[1:-1]):
        if lo < t <= hi:
            return d(val)
    raise AssertionError("unreachable")


def k_polynomial(a, t, d):
    init, end, power = d(a["initial_learning_rate"]), d(a.get("end_learning_rate", 1e-4)), d(a.get("power", 1.0))
    step, ds = d(t), d(a["decay_steps"])
    if a.get("cycle", False):
        mult = d(1.0) if step == 0 else d(math.ceil(step / ds))
        ds = ds * mult
    else:
        step = min(step, ds)
    p = step / ds
    return (init - end) * (d(1) - p) ** power + end


def k_inverse_time(a, t, d):
    p = d(t) / d(a["decay_steps"])
    if a.get("staircase", False):
        p = d(math.floor(p))
    return d(a["initial_learning_rate"]) / (d(1) + d(a["decay_rate"]) * p)


def k_cosine_factor(frac, alpha, d):
    return (d(1) - alpha) * (d(0.5) * (d(1) + d(math.cos(d(math.pi) * frac)))) + alpha


def k_cosine(a, t, d):
    init, ds, alpha = d(a["initial_learning_rate"]), d(a["decay_steps"]), d(a.get("alpha", 0.0))
    target = a.get("warmup_target")
    step = d(t)
    if target is None:
        return init * k_cosine_factor(min(step, ds) / ds, alpha, d)
    target, ws = d(target), d(a.get("warmup_steps", 0))
    step = min(step, ds + ws)
    if step < ws:
        return (target - init) * (step / ws) + init
    return target * k_cosine_factor((step - ws) / ds, alpha, d)


def k_restarts(a, t, d):
    init, first = d(a["initial_learning_rate"]), d(a["first_decay_steps"])
    t_mul, m_mul, alpha = d(a.get("t_mul", 2.0)), d(a.get("m_mul", 1.0)), d(a.get("alpha", 0.0))
    frac = d(t) / first
    if t_mul == 1:
        i = d(math.floor(frac))
        frac = frac - i
    else:
        i = d(math.floor(d(math.log(d(1) - frac * (d(1) - t_mul))) / d(math.log(t_mul))))
        sum_r = (d(1) - t_mul ** i) / (d(1) - t_mul)
        frac = (frac - sum_r) / t_mul ** i
    decayed = d(0.5) * m_mul ** i * (d(1) + d(math.cos(d(math.pi) * frac)))
    return init * ((d(1) - alpha) * decayed + alpha)


KERAS = {
    "ExponentialDecay": k_exponential, "PiecewiseConstantDecay": k_piecewise, "PolynomialDecay": k_polynomial,
    "InverseTimeDecay": k_inverse_time, "CosineDecay": k_cosine, "CosineDecayRestarts": k_restarts,
}
KERAS_CASES = [
    ("keras-exponential", "ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5), 60),
    ("keras-exponential-staircase", "ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=7, decay_rate=0.9, staircase=True), 50),
    ("keras-piecewise", "PiecewiseConstantDecay", dict(boundaries=[10, 25, 40], values=[1.0, 0.5, 0.1, 0.01]), 50),
    ("keras-piecewise-one", "PiecewiseConstantDecay", dict(boundaries=[3], values=[0.2, 0.02]), 10),
    ("keras-polynomial", "PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=30, end_learning_rate=0.01, power=0.5), 45),
    ("keras-polynomial-cycle", "PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=10, power=2.0, cycle=True), 45),
    ("keras-polynomial-defaults", "PolynomialDecay", dict(initial_learning_rate=0.05, decay_steps=20), 30),
    ("keras-inverse-time", "InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5), 40),
    ("keras-inverse-time-staircase", "InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5, staircase=True), 40),
    ("keras-cosine", "CosineDecay", dict(initial_learning_rate=0.1, decay_steps=40, alpha=0.05), 50),
    ("keras-cosine-warmup", "CosineDecay", dict(initial_learning_rate=0.0, decay_steps=40, warmup_target=0.2, warmup_steps=10), 60),
    ("keras-cosine-warmup-from", "CosineDecay", dict(initial_learning_rate=0.01, decay_steps=25, alpha=0.1, warmup_target=0.1, warmup_steps=5), 40),
    ("keras-restarts", "CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=6), 60),
    ("keras-restarts-tmul1", "CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=8, t_mul=1.0, m_mul=0.8, alpha=0.1), 50),
    ("keras-restarts-tmul3", "CosineDecayRestarts", dict(initial_learning_rate=0.2, first_decay_steps=3, t_mul=3.0, m_mul=0.5, alpha=0.05), 60),
]


# ---- transformers ports: lr_lambda(step) -> factor; LambdaLR multiplies by the optimizer's lr.
def warm(t, w):
    return float(t) / float(max(1, w))


def hf_constant(a, lr):
    return lambda t: 1.0


def hf_constant_warmup(a, lr):
    w = a["num_warmup_steps"]
    return lambda t: warm(t, w) if t < w else 1.0


def hf_linear(a, lr):
    w, n = a["num_warmup_steps"], a["num_training_steps"]
    return lambda t: warm(t, w) if t < w else max(0.0, float(n - t) / float(max(1, n - w)))


def hf_cosine(a, lr):
    w, n, c = a["num_warmup_steps"], a["num_training_steps"], a.get("num_cycles", 0.5)

    def f(t):
        if t < w:
            return warm(t, w)
        progress = float(t - w) / float(max(1, n - w))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(c) * 2.0 * progress)))
    return f


def hf_hard_restarts(a, lr):
    w, n, c = a["num_warmup_steps"], a["num_training_steps"], a.get("num_cycles", 1)

    def f(t):
        if t < w:
            return warm(t, w)
        progress = float(t - w) / float(max(1, n - w))
        if progress >= 1.0:
            return 0.0
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((float(c) * progress) % 1.0))))
    return f


def hf_polynomial(a, lr):
    w, n, end, power = a["num_warmup_steps"], a["num_training_steps"], a.get("lr_end", 1e-7), a.get("power", 1.0)

    def f(t):
        if t < w:
            return warm(t, w)
        if t > n:
            return end / lr
        remaining = 1 - (t - w) / (n - w)
        return ((lr - end) * remaining ** power + end) / lr
    return f


def hf_inverse_sqrt(a, lr):
    w = a["num_warmup_steps"]
    ts = a.get("timescale") or (w or 10_000)
    return lambda t: warm(t, w) if t < w else 1.0 / math.sqrt((t + ts - w) / ts)


def hf_cosine_min_lr(a, lr):
    w, n, c = a["num_warmup_steps"], a["num_training_steps"], a.get("num_cycles", 0.5)
    rate = a["min_lr"] / lr if "min_lr" in a else a["min_lr_rate"]

    def f(t):
        if t < w:
            return warm(t, w)
        progress = float(t - w) / float(max(1, n - w))
        factor = 0.5 * (1.0 + math.cos(math.pi * float(c) * 2.0 * progress))
        return max(0, factor * (1 - rate) + rate)
    return f


def hf_wsd(a, lr):
    w, d = a["num_warmup_steps"], a["num_decay_steps"]
    s = a["num_stable_steps"] if "num_stable_steps" in a else a["num_training_steps"] - w - d
    wt, dt, m, c = a.get("warmup_type", "linear"), a.get("decay_type", "cosine"), a.get("min_lr_ratio", 0), a.get("num_cycles", 0.5)

    def f(t):
        if t < w:
            p = float(t) / float(max(1, w))
            x = {"linear": p, "cosine": 0.5 * (1.0 - math.cos(math.pi * p)), "1-sqrt": 1.0 - math.sqrt(1.0 - p)}[wt]
            return max(0.0, x * (1.0 - m) + m)
        if t < w + s:
            return 1.0
        if t < w + s + d:
            p = float(t - w - s) / float(max(1, d))
            x = {"linear": 1.0 - p, "cosine": 0.5 * (1.0 + math.cos(math.pi * float(c) * 2.0 * p)), "1-sqrt": 1.0 - math.sqrt(p)}[dt]
            return max(0.0, x * (1.0 - m) + m)
        return m
    return f


HF = {
    "get_constant_schedule": hf_constant, "get_constant_schedule_with_warmup": hf_constant_warmup,
    "get_linear_schedule_with_warmup": hf_linear, "get_cosine_schedule_with_warmup": hf_cosine,
    "get_cosine_with_hard_restarts_schedule_with_warmup": hf_hard_restarts,
    "get_polynomial_decay_schedule_with_warmup": hf_polynomial, "get_inverse_sqrt_schedule": hf_inverse_sqrt,
    "get_cosine_with_min_lr_schedule_with_warmup": hf_cosine_min_lr, "get_wsd_schedule": hf_wsd,
}
HF_CASES = [
    ("hf-constant", "get_constant_schedule", 0.01, {}, 10),
    ("hf-constant-warmup", "get_constant_schedule_with_warmup", 0.1, dict(num_warmup_steps=8), 20),
    ("hf-linear", "get_linear_schedule_with_warmup", 5e-5, dict(num_warmup_steps=10, num_training_steps=50), 60),
    ("hf-linear-no-warmup", "get_linear_schedule_with_warmup", 0.1, dict(num_warmup_steps=0, num_training_steps=30), 35),
    ("hf-cosine", "get_cosine_schedule_with_warmup", 3e-4, dict(num_warmup_steps=10, num_training_steps=60), 70),
    ("hf-cosine-cycles", "get_cosine_schedule_with_warmup", 0.1, dict(num_warmup_steps=5, num_training_steps=45, num_cycles=1.5), 50),
    ("hf-hard-restarts", "get_cosine_with_hard_restarts_schedule_with_warmup", 0.1, dict(num_warmup_steps=5, num_training_steps=65, num_cycles=3), 70),
    ("hf-polynomial", "get_polynomial_decay_schedule_with_warmup", 0.1, dict(num_warmup_steps=5, num_training_steps=40, lr_end=1e-3, power=2.0), 50),
    ("hf-polynomial-defaults", "get_polynomial_decay_schedule_with_warmup", 0.01, dict(num_warmup_steps=3, num_training_steps=20), 25),
    ("hf-inverse-sqrt", "get_inverse_sqrt_schedule", 0.1, dict(num_warmup_steps=10), 60),
    ("hf-inverse-sqrt-timescale", "get_inverse_sqrt_schedule", 0.1, dict(num_warmup_steps=4, timescale=20), 40),
    ("hf-cosine-min-lr", "get_cosine_with_min_lr_schedule_with_warmup", 0.1, dict(num_warmup_steps=5, num_training_steps=45, min_lr=0.01), 50),
    ("hf-cosine-min-lr-rate", "get_cosine_with_min_lr_schedule_with_warmup", 0.2, dict(num_warmup_steps=0, num_training_steps=30, min_lr_rate=0.25), 35),
    ("hf-wsd", "get_wsd_schedule", 0.1, dict(num_warmup_steps=10, num_decay_steps=20, num_training_steps=60), 70),
    ("hf-wsd-shapes", "get_wsd_schedule", 0.1, dict(num_warmup_steps=8, num_decay_steps=12, num_stable_steps=10, warmup_type="cosine", decay_type="1-sqrt", min_lr_ratio=0.1), 40),
    ("hf-wsd-sqrt-linear", "get_wsd_schedule", 0.05, dict(num_warmup_steps=6, num_decay_steps=10, num_stable_steps=4, warmup_type="1-sqrt", decay_type="linear"), 25),
]


def write(dirname, name, data):
    path = os.path.join(ROOT, dirname, name + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(path)


def main():
    for name, cls, args, n in KERAS_CASES:
        f = KERAS[cls]
        write("keras", name, {
            "name": name, "source": KERAS_COMMIT, "generator": "scripts/keras-transformers-fixtures.py (a Python port of the Keras formulas)",
            "class": cls, "args": args, "steps": list(range(n)),
            "float64": [float(f(args, t, float)) for t in range(n)],
            "float32": [float(f(args, t, np.float32)) for t in range(n)],
        })
    for name, fn, lr, args, n in HF_CASES:
        param = torch.nn.Parameter(torch.zeros(2))
        opt = SGD([param], lr=lr)
        sched = LambdaLR(opt, HF[fn](args, lr))
        lrs = []
        for _ in range(n):
            lrs.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            param.sum().backward()
            opt.step()
            sched.step()
        write("transformers", name, {
            "name": name, "source": HF_COMMIT, "torch": torch.__version__,
            "generator": "scripts/keras-transformers-fixtures.py (a Python port of the lr_lambdas, run by torch's LambdaLR)",
            "function": fn, "lr": lr, "args": args, "steps": list(range(n)), "values": lrs,
        })


if __name__ == "__main__":
    main()
