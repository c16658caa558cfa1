#!/usr/bin/python3
"""Reference trajectories for lrkit's Prodigy and Schedule-Free AdamW (src/tfjs/prodigy.ts,
src/tfjs/schedule-free.ts).

Neither package installs here (no PyPI), so this script holds Python transcriptions of the two
reference optimizers, written from the sources read at:

    konstmish/prodigy@a1b4f0eff7ef988ac10d6f11f26b0da15d254588                prodigyopt/prodigy.py
    facebookresearch/schedule_free@b3be06f3df5670edfa9af00b8d52413b1f00b7ec  schedulefree/adamw_schedulefree.py

Each keeps the reference's float32 tensor operations (PyTorch in-place ops on the parameters) and
its host-side Python floats (Prodigy's d, d_max, numerator; Schedule-Free's weight sums), for one
parameter group. Prodigy's fsdp branch is left out (one process). Schedule-Free follows the
reference's per-parameter loop; its default `foreach` path applies the same operations.

A 4-6-3 tanh MLP (MSE loss) trains on fixed batches of a seeded synthetic set; per step the
fixture holds the gradients (at the weights the step starts from) and the weights after the step,
in TensorFlow.js's layout (a dense kernel is [in, out]; the model holds its kernels that way).

    /usr/bin/python3 scripts/lr-free-fixtures.py   # writes test/fixtures/lr-free/{prodigy,schedule-free}.json
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "lr-free")
PRODIGY_COMMIT = "konstmish/prodigy@a1b4f0eff7ef988ac10d6f11f26b0da15d254588"
SF_COMMIT = "facebookresearch/schedule_free@b3be06f3df5670edfa9af00b8d52413b1f00b7ec"
STEPS = 30
BATCH = 8


class ProdigyRef:
    """Transcription of Prodigy.step (one group; options named as lrkit names them)."""

    def __init__(self, params, lr=1.0, betas=(0.9, 0.999), beta3=None, eps=1e-8, weightDecay=0.0,
                 decouple=True, useBiasCorrection=False, safeguardWarmup=False, d0=1e-6, dCoef=1.0,
                 growthRate=float("inf"), sliceP=1):
        self.params = list(params)
        self.lr, self.betas, self.beta3, self.eps = lr, betas, beta3, eps
        self.decay, self.decouple = weightDecay, decouple
        self.bias_correction, self.safeguard = useBiasCorrection, safeguardWarmup
        self.d0, self.d_coef, self.growth, self.slice_p = d0, dCoef, growthRate, sliceP
        self.d, self.d_max, self.d_numerator, self.k = d0, d0, 0.0, 0
        self.state = {}

    @torch.no_grad()
    def step(self):
        beta1, beta2 = self.betas
        beta3 = self.beta3 if self.beta3 is not None else math.sqrt(beta2)
        k, d, lr = self.k, self.d, self.lr
        bc = ((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1)) if self.bias_correction else 1
        dlr = d * lr * bc
        d_numerator = self.d_numerator * beta3
        delta_numerator, d_denom = 0.0, 0.0
        for p in self.params:
            if p.grad is None:
                continue
            grad = p.grad.data
            if self.decay != 0 and not self.decouple:
                grad.add_(p.data, alpha=self.decay)
            st = self.state.setdefault(p, {})
            if "s" not in st:
                st["s"] = torch.zeros_like(p.data.flatten()[:: self.slice_p])
                st["p0"] = p.flatten()[:: self.slice_p].detach().clone()
                if beta1 > 0:
                    st["exp_avg"] = torch.zeros_like(p.data)
                st["exp_avg_sq"] = torch.zeros_like(p.data)
            if lr > 0.0:
                g = grad.flatten()[:: self.slice_p]
                delta_numerator += (d / self.d0) * dlr * torch.dot(g, st["p0"] - p.data.flatten()[:: self.slice_p]).item()
                if beta1 > 0:
                    st["exp_avg"].mul_(beta1).add_(grad, alpha=d * (1 - beta1))
                st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=d * d * (1 - beta2))
                alpha = (d / self.d0) * d if self.safeguard else (d / self.d0) * dlr
                st["s"].mul_(beta3).add_(g, alpha=alpha)
                d_denom += st["s"].abs().sum().item()
        if d_denom == 0:
            return
        if lr > 0.0:
            num = d_numerator + delta_numerator
            d_hat = self.d_coef * num / d_denom
            if d == self.d0:
                d = max(d, d_hat)
            self.d_max = max(self.d_max, d_hat)
            d = min(self.d_max, d * self.growth)
            self.d_numerator, self.d = num, d
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state[p]
            denom = st["exp_avg_sq"].sqrt().add_(d * self.eps)
            if self.decay != 0 and self.decouple:
                p.data.add_(p.data, alpha=-self.decay * dlr)
            if beta1 > 0:
                p.data.addcdiv_(st["exp_avg"], denom, value=-dlr)
            else:
                p.data.addcdiv_(p.grad.data, denom, value=-dlr * d)
        self.k = k + 1


class ScheduleFreeRef:
    """Transcription of AdamWScheduleFree (train/eval/step; one group)."""

    def __init__(self, params, lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weightDecay=0.0, warmupSteps=0,
                 r=0.0, weightLrPower=2.0):
        self.params = list(params)
        self.lr, self.betas, self.eps, self.decay = lr, betas, eps, weightDecay
        self.warmup, self.r, self.power = warmupSteps, r, weightLrPower
        self.k, self.train_mode, self.weight_sum, self.lr_max = 0, False, 0.0, -1.0
        self.state = {}

    @torch.no_grad()
    def _switch(self, weight):
        for p in self.params:
            if p in self.state:
                p.lerp_(end=self.state[p]["z"], weight=weight)

    def train(self):
        if not self.train_mode:
            self._switch(1 - self.betas[0])
            self.train_mode = True

    def eval(self):
        if self.train_mode:
            self._switch(1 - 1 / self.betas[0])
            self.train_mode = False

    @torch.no_grad()
    def step(self):
        assert self.train_mode, "not in train mode"
        beta1, beta2 = self.betas
        k = self.k
        sched = (k + 1) / self.warmup if k < self.warmup else 1.0
        bc2 = 1 - beta2 ** (k + 1)
        lr = self.lr * sched
        self.lr_max = max(lr, self.lr_max)
        weight = ((k + 1) ** self.r) * (self.lr_max ** self.power)
        self.weight_sum += weight
        ckp1 = weight / self.weight_sum if self.weight_sum != 0 else 0
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state.setdefault(p, {})
            if "z" not in st:
                st["z"] = torch.clone(p)
                st["exp_avg_sq"] = torch.zeros_like(p)
            st["exp_avg_sq"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
            denom = st["exp_avg_sq"].div(bc2).sqrt_().add_(self.eps)
            g = p.grad.div_(denom)
            if self.decay != 0:
                g.add_(p, alpha=self.decay)
            p.lerp_(end=st["z"], weight=ckp1)
            p.add_(g, alpha=lr * (beta1 * (1 - ckp1) - 1))
            st["z"].sub_(g, alpha=lr)
        self.k = k + 1


def f32(x):
    """Nine significant digits: every float32 round-trips exactly, in half the bytes of repr()."""
    return [f32(v) for v in x] if isinstance(x, list) else float("%.9g" % x)


def tfjs_layout(params):
    """[kernel1, bias1, kernel2, bias2] as nested lists."""
    return [f32(t.detach().tolist()) for t in params]


class Mlp(torch.nn.Module):
    """dense(4->6, tanh) -> dense(6->3) with TensorFlow.js's [in, out] kernels, so that a flattened
    weight lists its entries in the same order in both (Prodigy's slice_p picks by that order)."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        a, b = torch.nn.Linear(4, 6), torch.nn.Linear(6, 3)
        self.k1 = torch.nn.Parameter(a.weight.detach().t().contiguous())
        self.b1 = torch.nn.Parameter(a.bias.detach().clone())
        self.k2 = torch.nn.Parameter(b.weight.detach().t().contiguous())
        self.b2 = torch.nn.Parameter(b.bias.detach().clone())

    def forward(self, x):
        return torch.tanh(x @ self.k1 + self.b1) @ self.k2 + self.b2




def make_data():
    g = torch.Generator().manual_seed(1)
    xs = torch.randn(32, 4, generator=g)
    w = torch.randn(4, 3, generator=g)
    ys = torch.sin(xs @ w) + 0.1 * torch.randn(32, 3, generator=g)
    return xs, ys


def run(cls, options, xs, ys, sf):
    model = Mlp()
    params = [model.k1, model.b1, model.k2, model.b2]
    init = tfjs_layout(params)
    opt = cls(params, **{k: (tuple(v) if k == "betas" else v) for k, v in options.items()})
    if sf:
        opt.train()
    grads, weights, losses = [], [], []
    for step in range(STEPS):
        lo = (step * BATCH) % xs.shape[0]
        for p in params:
            p.grad = None
        loss = torch.nn.functional.mse_loss(model(xs[lo:lo + BATCH]), ys[lo:lo + BATCH])
        loss.backward()
        losses.append(loss.item())
        grads.append(tfjs_layout([p.grad.clone() for p in params]))
        opt.step()
        weights.append(tfjs_layout(params))
    out = {"options": options, "init": init, "grads": grads, "weights": weights, "losses": losses}
    if sf:
        opt.eval()
        out["x"] = tfjs_layout(params)
    else:
        out["d"] = opt.d
    return out


PRODIGY_CASES = {
    "defaults": {},
    "decoupled-decay": {"weightDecay": 0.1},
    "coupled-decay": {"weightDecay": 0.1, "decouple": False},
    "bias-correction-safeguard": {"useBiasCorrection": True, "safeguardWarmup": True},
    "dcoef-growth-beta3": {"dCoef": 2.0, "growthRate": 1.02, "beta3": 0.99, "d0": 1e-4},
    "no-first-moment-slice": {"betas": [0.0, 0.99], "sliceP": 2, "lr": 0.5, "eps": 1e-6},
}
SF_CASES = {
    "defaults": {},
    "warmup-decay": {"lr": 0.05, "warmupSteps": 5, "weightDecay": 0.01},
    "r-power-betas": {"lr": 0.02, "r": 1.0, "weightLrPower": 0.0, "warmupSteps": 3, "betas": [0.95, 0.99]},
    "decay-no-warmup": {"lr": 0.02, "weightDecay": 0.05, "eps": 1e-6},
}


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    xs, ys = make_data()
    for name, commit, cls, cases, sf in (("prodigy", PRODIGY_COMMIT, ProdigyRef, PRODIGY_CASES, False),
                                         ("schedule-free", SF_COMMIT, ScheduleFreeRef, SF_CASES, True)):
        doc = {
            "reference": commit, "torch": torch.__version__, "steps": STEPS, "batchSize": BATCH,
            "model": "dense(4->6, tanh) -> dense(6->3); loss: mean squared error; batch i = rows (8i mod 32)..+8",
            "xs": f32(xs.tolist()), "ys": f32(ys.tolist()),
            "cases": {case: run(cls, opts, xs, ys, sf) for case, opts in cases.items()},
        }
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(doc, f)
        print(name, {c: v["losses"][-1] for c, v in doc["cases"].items()})


if __name__ == "__main__":
    main()
