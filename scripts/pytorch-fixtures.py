#!/usr/bin/python3
"""Generate PyTorch reference sequences for lrkit's schedule parity tests.

Run with the Debian python3-torch package (CI never runs this; the JSON output is committed):

    /usr/bin/python3 scripts/pytorch-fixtures.py            # writes test/fixtures/pytorch/*.json

Each fixture records the torch version, the exact optimizer and scheduler constructor arguments
and, for each recorded step i, param_groups[0]['lr'] (and the momentum or Adam beta1) read
*before* the i-th optimizer.step(), with scheduler.step() called once after every optimizer.step()
-- the convention lrkit's Schedule follows.
"""
import json
import math
import os
import sys
import warnings

import torch
from torch.optim import SGD, Adam, AdamW
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")  # deprecation chatter from SequentialLR / get_lr

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "pytorch")

# Custom CyclicLR scale functions, by name. The TS test maps the same names to the same formulas.
SCALE_FNS = {
    "half_power": ("lambda x: 0.5 ** x", lambda x: 0.5 ** x),
    "inverse": ("lambda x: 1 / (1 + x)", lambda x: 1 / (1 + x)),
}

OPTIMIZERS = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW}
SCHEDULERS = {
    "CyclicLR": S.CyclicLR,
    "OneCycleLR": S.OneCycleLR,
    "CosineAnnealingWarmRestarts": S.CosineAnnealingWarmRestarts,
    "CosineAnnealingLR": S.CosineAnnealingLR,
    "ExponentialLR": S.ExponentialLR,
    "LinearLR": S.LinearLR,
    "StepLR": S.StepLR,
    "MultiStepLR": S.MultiStepLR,
    "ConstantLR": S.ConstantLR,
    "PolynomialLR": S.PolynomialLR,
}


def build_scheduler(opt, spec):
    """spec: {'class': name, 'args': {...}}; SequentialLR's args hold nested specs."""
    cls = spec["class"]
    args = dict(spec["args"])
    if cls == "SequentialLR":
        subs = [build_scheduler(opt, s) for s in args.pop("schedulers")]
        return S.SequentialLR(opt, schedulers=subs, **args)
    if "scale_fn" in args:
        args["scale_fn"] = SCALE_FNS[args["scale_fn"]][1]
    return SCHEDULERS[cls](opt, **args)


def momentum_of(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def run(case):
    torch.manual_seed(0)
    param = torch.nn.Parameter(torch.zeros(3))
    opt_spec = case["optimizer"]
    opt = OPTIMIZERS[opt_spec["class"]]([param], **opt_spec["args"])
    sched = build_scheduler(opt, case["scheduler"])
    n = case["n"]
    keep = case.get("keep")  # optional predicate: which step indices to store
    steps, lrs, moms = [], [], []
    for i in range(n):
        group = opt.param_groups[0]
        if keep is None or keep(i):
            steps.append(i)
            lrs.append(group["lr"])
            moms.append(momentum_of(group))
        # A real optimizer step on a real gradient, as in training.
        opt.zero_grad()
        (param.sum() * 0.01).backward()
        opt.step()
        sched.step()
    out = {
        "name": case["name"],
        "description": case["description"],
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "generator": "scripts/pytorch-fixtures.py",
        "convention": "value i = param_groups[0]['lr'] read before the i-th optimizer.step(); "
                      "scheduler.step() after every optimizer.step()",
        "optimizer": opt_spec,
        "scheduler": scheduler_record(case["scheduler"]),
        "steps": steps,
        "lr": lrs,
    }
    if case.get("momentum", False):
        out["momentumKey"] = "betas[0]" if "betas" in opt.param_groups[0] else "momentum"
        out["momentum"] = moms
    return out


def scheduler_record(spec):
    args = dict(spec["args"])
    if spec["class"] == "SequentialLR":
        args["schedulers"] = [scheduler_record(s) for s in args["schedulers"]]
    elif "scale_fn" in args:
        name = args["scale_fn"]
        args["scale_fn"] = {"name": name, "python": SCALE_FNS[name][0]}
    return {"class": spec["class"], "args": args}


def sgd(lr=0.1, momentum=0.9):
    return {"class": "SGD", "args": {"lr": lr, "momentum": momentum}}


def cyclic(**args):
    return {"class": "CyclicLR", "args": args}


def one_cycle(**args):
    return {"class": "OneCycleLR", "args": args}


CASES = [
    dict(name="cyclic-triangular", description="CyclicLR triangular, symmetric", n=45, momentum=True,
         optimizer=sgd(), scheduler=cyclic(base_lr=0.001, max_lr=0.006, step_size_up=5)),
    dict(name="cyclic-triangular-asymmetric", description="CyclicLR triangular, step_size_down != step_size_up",
         n=50, momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=7)),
    dict(name="cyclic-triangular2", description="CyclicLR triangular2 (amplitude halves each cycle)", n=60,
         momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.001, max_lr=0.01, step_size_up=4, mode="triangular2")),
    dict(name="cyclic-triangular2-asymmetric", description="CyclicLR triangular2, asymmetric", n=50,
         momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.002, max_lr=0.02, step_size_up=2, step_size_down=5, mode="triangular2")),
    dict(name="cyclic-exp-range", description="CyclicLR exp_range gamma=0.99 (scale_mode iterations)", n=80,
         momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.001, max_lr=0.006, step_size_up=5, mode="exp_range", gamma=0.99)),
    dict(name="cyclic-exp-range-asymmetric", description="CyclicLR exp_range gamma=0.95, asymmetric", n=60,
         momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.01, max_lr=0.5, step_size_up=3, step_size_down=6, mode="exp_range",
                          gamma=0.95)),
    dict(name="cyclic-exp-range-growing",
         description="CyclicLR exp_range gamma=1.01 > 1: peaks grow past max_lr, momentum dips below base",
         n=60, momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.001, max_lr=0.006, step_size_up=5, step_size_down=7, mode="exp_range",
                          gamma=1.01)),
    dict(name="cyclic-momentum-custom", description="CyclicLR cycle_momentum with custom momentum bounds",
         n=40, momentum=True, optimizer=sgd(momentum=0.5),
         scheduler=cyclic(base_lr=0.05, max_lr=0.3, step_size_up=4, step_size_down=6, mode="triangular2",
                          base_momentum=0.85, max_momentum=0.95)),
    dict(name="cyclic-defaults", description="CyclicLR with PyTorch's default step sizes (2000), sampled",
         n=8101, momentum=True, optimizer=sgd(),
         keep=lambda i: i % 97 == 0 or i % 2000 in (0, 1, 1999),
         scheduler=cyclic(base_lr=0.0001, max_lr=0.001)),
    dict(name="cyclic-scale-fn-cycle", description="CyclicLR custom scale_fn, scale_mode cycle", n=50,
         momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.001, max_lr=0.01, step_size_up=3, step_size_down=4, scale_fn="half_power",
                          scale_mode="cycle")),
    dict(name="cyclic-scale-fn-iterations", description="CyclicLR custom scale_fn, scale_mode iterations",
         n=50, momentum=True, optimizer=sgd(),
         scheduler=cyclic(base_lr=0.001, max_lr=0.01, step_size_up=5, scale_fn="inverse",
                          scale_mode="iterations")),
    dict(name="one-cycle-cos", description="OneCycleLR defaults (cos), SGD momentum", n=100, momentum=True,
         optimizer=sgd(), scheduler=one_cycle(max_lr=0.1, total_steps=100)),
    dict(name="one-cycle-linear", description="OneCycleLR linear annealing, pct_start 0.25", n=57,
         momentum=True, optimizer=sgd(),
         scheduler=one_cycle(max_lr=0.05, total_steps=57, pct_start=0.25, anneal_strategy="linear")),
    dict(name="one-cycle-three-phase", description="OneCycleLR three_phase, cos", n=100, momentum=True,
         optimizer=sgd(), scheduler=one_cycle(max_lr=0.2, total_steps=100, three_phase=True)),
    dict(name="one-cycle-three-phase-linear", description="OneCycleLR three_phase, linear, pct_start 0.4",
         n=73, momentum=True, optimizer=sgd(),
         scheduler=one_cycle(max_lr=0.3, total_steps=73, pct_start=0.4, anneal_strategy="linear",
                             three_phase=True)),
    dict(name="one-cycle-epochs", description="OneCycleLR epochs + steps_per_epoch form", n=65, momentum=True,
         optimizer=sgd(), scheduler=one_cycle(max_lr=0.1, epochs=5, steps_per_epoch=13)),
    dict(name="one-cycle-div-factors", description="OneCycleLR custom div_factor / final_div_factor",
         n=90, momentum=True, optimizer=sgd(),
         scheduler=one_cycle(max_lr=1.0, total_steps=90, pct_start=0.4, div_factor=10.0,
                             final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9)),
    dict(name="one-cycle-adam-beta1", description="OneCycleLR on Adam: beta1 follows the momentum schedule",
         n=80, momentum=True, optimizer={"class": "Adam", "args": {"lr": 0.001, "betas": [0.9, 0.999]}},
         scheduler=one_cycle(max_lr=0.003, total_steps=80, base_momentum=0.8, max_momentum=0.9)),
    dict(name="one-cycle-adamw-three-phase", description="OneCycleLR on AdamW, three_phase, beta1 defaults",
         n=60, momentum=True, optimizer={"class": "AdamW", "args": {"lr": 0.001}},
         scheduler=one_cycle(max_lr=0.01, total_steps=60, three_phase=True, anneal_strategy="linear")),
    dict(name="warm-restarts-mult2", description="CosineAnnealingWarmRestarts T_0=10, T_mult=2", n=160,
         optimizer=sgd(lr=0.1),
         scheduler={"class": "CosineAnnealingWarmRestarts", "args": {"T_0": 10, "T_mult": 2, "eta_min": 0.0001}}),
    dict(name="warm-restarts-mult1", description="CosineAnnealingWarmRestarts T_0=7, T_mult=1", n=40,
         optimizer=sgd(lr=0.05), scheduler={"class": "CosineAnnealingWarmRestarts", "args": {"T_0": 7}}),
    dict(name="cosine-annealing", description="CosineAnnealingLR T_max=50 (read up to T_max)", n=51,
         optimizer=sgd(lr=0.1),
         scheduler={"class": "CosineAnnealingLR", "args": {"T_max": 50, "eta_min": 0.001}}),
    dict(name="exponential", description="ExponentialLR gamma=0.9", n=60, optimizer=sgd(lr=0.5),
         scheduler={"class": "ExponentialLR", "args": {"gamma": 0.9}}),
    dict(name="linear-warmup", description="LinearLR start_factor=0.1 over 10 steps, then held", n=25,
         optimizer=sgd(lr=0.2),
         scheduler={"class": "LinearLR", "args": {"start_factor": 0.1, "total_iters": 10}}),
    dict(name="sequential-warmup-cosine", description="SequentialLR: LinearLR warm-up then CosineAnnealingLR",
         n=41, optimizer=sgd(lr=0.1),
         scheduler={"class": "SequentialLR", "args": {
             "schedulers": [
                 {"class": "LinearLR", "args": {"start_factor": 0.01, "total_iters": 10}},
                 {"class": "CosineAnnealingLR", "args": {"T_max": 30, "eta_min": 0.0}},
             ],
             "milestones": [10]}}),
    # The torch.* family (src/schedules/torch.ts): several configurations each, long enough to pass
    # milestones, restarts and (for CosineAnnealingLR) T_max, where PyTorch's cosine turns back up.
    dict(name="torch-step", description="StepLR step_size=7 gamma=0.5", n=40, optimizer=sgd(lr=0.1),
         scheduler={"class": "StepLR", "args": {"step_size": 7, "gamma": 0.5}}),
    dict(name="torch-step-default-gamma", description="StepLR step_size=3, default gamma 0.1", n=12,
         optimizer=sgd(lr=1.0), scheduler={"class": "StepLR", "args": {"step_size": 3}}),
    dict(name="torch-multistep", description="MultiStepLR milestones [5, 12, 12, 20] (12 twice), gamma 0.3", n=30,
         optimizer=sgd(lr=0.2), scheduler={"class": "MultiStepLR", "args": {"milestones": [5, 12, 12, 20], "gamma": 0.3}}),
    dict(name="torch-multistep-unsorted", description="MultiStepLR unsorted milestones [15, 3], default gamma", n=20,
         optimizer=sgd(lr=0.5), scheduler={"class": "MultiStepLR", "args": {"milestones": [15, 3]}}),
    dict(name="torch-constant", description="ConstantLR factor 0.25 for 6 steps", n=15, optimizer=sgd(lr=0.1),
         scheduler={"class": "ConstantLR", "args": {"factor": 0.25, "total_iters": 6}}),
    dict(name="torch-constant-defaults", description="ConstantLR defaults (factor 1/3, 5 steps)", n=10,
         optimizer=sgd(lr=0.3), scheduler={"class": "ConstantLR", "args": {}}),
    dict(name="torch-linear-decay", description="LinearLR 1.0 -> 0.05 over 20 steps (a decay)", n=30,
         optimizer=sgd(lr=0.1), scheduler={"class": "LinearLR", "args": {"start_factor": 1.0, "end_factor": 0.05, "total_iters": 20}}),
    dict(name="torch-linear-defaults", description="LinearLR defaults (1/3 -> 1 over 5 steps)", n=10,
         optimizer=sgd(lr=0.3), scheduler={"class": "LinearLR", "args": {}}),
    dict(name="torch-exponential", description="ExponentialLR gamma 0.97", n=100, optimizer=sgd(lr=0.05),
         scheduler={"class": "ExponentialLR", "args": {"gamma": 0.97}}),
    dict(name="torch-polynomial", description="PolynomialLR total_iters 20 power 2, past the end", n=30,
         optimizer=sgd(lr=0.1), scheduler={"class": "PolynomialLR", "args": {"total_iters": 20, "power": 2.0}}),
    dict(name="torch-polynomial-defaults", description="PolynomialLR defaults (5 steps, power 1)", n=10,
         optimizer=sgd(lr=0.4), scheduler={"class": "PolynomialLR", "args": {}}),
    dict(name="torch-polynomial-sqrt", description="PolynomialLR power 0.5", n=15,
         optimizer=sgd(lr=0.1), scheduler={"class": "PolynomialLR", "args": {"total_iters": 12, "power": 0.5}}),
    dict(name="torch-cosine-periodic", description="CosineAnnealingLR T_max 10 for 3.5 periods: PyTorch turns back up past T_max", n=70,
         optimizer=sgd(lr=0.1), scheduler={"class": "CosineAnnealingLR", "args": {"T_max": 10, "eta_min": 0.002}}),
    dict(name="torch-cosine-zero-floor", description="CosineAnnealingLR T_max 25, eta_min 0, two periods", n=101,
         optimizer=sgd(lr=0.05), scheduler={"class": "CosineAnnealingLR", "args": {"T_max": 25}}),
    dict(name="torch-warm-restarts-mult3", description="CosineAnnealingWarmRestarts T_0=4, T_mult=3", n=60,
         optimizer=sgd(lr=0.2), scheduler={"class": "CosineAnnealingWarmRestarts", "args": {"T_0": 4, "T_mult": 3, "eta_min": 0.01}}),
    dict(name="torch-sequential-three", description="SequentialLR: ConstantLR, then ExponentialLR, then StepLR",
         n=40, optimizer=sgd(lr=0.1),
         scheduler={"class": "SequentialLR", "args": {
             "schedulers": [
                 {"class": "ConstantLR", "args": {"factor": 0.5, "total_iters": 4}},
                 {"class": "ExponentialLR", "args": {"gamma": 0.9}},
                 {"class": "StepLR", "args": {"step_size": 5, "gamma": 0.5}},
             ],
             "milestones": [8, 20]}}),
    dict(name="torch-sequential-warmup-poly", description="SequentialLR: LinearLR warm-up, then PolynomialLR",
         n=35, optimizer=sgd(lr=0.2),
         scheduler={"class": "SequentialLR", "args": {
             "schedulers": [
                 {"class": "LinearLR", "args": {"start_factor": 0.05, "total_iters": 5}},
                 {"class": "PolynomialLR", "args": {"total_iters": 25, "power": 1.5}},
             ],
             "milestones": [5]}}),
]


def metric_sequences():
    """Metric sequences that drive ReduceLROnPlateau: falling, plateauing, noisy, rising (max mode)."""
    import random
    rnd = random.Random(7)
    falling = [1.0 * 0.95 ** i for i in range(30)]
    plateau = [1.0 - 0.1 * min(i, 5) for i in range(40)]  # falls for 5 epochs, then flat
    noisy, v = [], 1.0
    for _ in range(80):
        v = v * 0.995 + rnd.gauss(0, 0.02)
        noisy.append(v)
    rising = [0.5 + 0.4 * (1 - 0.8 ** i) for i in range(40)]  # an accuracy that saturates
    return {"falling": falling, "plateau": plateau, "noisy": noisy, "rising": rising,
            "with-nan": [1.0, 0.9, float("nan"), 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85]}


PLATEAU_CASES = [
    dict(name="plateau-defaults-falling", metrics="falling", lr=0.1, args={}),
    dict(name="plateau-flat-patience2", metrics="plateau", lr=0.1, args={"patience": 2}),
    dict(name="plateau-flat-cooldown", metrics="plateau", lr=0.1, args={"patience": 1, "cooldown": 3, "factor": 0.5}),
    dict(name="plateau-flat-min-lr", metrics="plateau", lr=0.1, args={"patience": 0, "factor": 0.5, "min_lr": 0.004}),
    dict(name="plateau-noisy-rel", metrics="noisy", lr=0.05, args={"patience": 3, "threshold": 0.01}),
    dict(name="plateau-noisy-abs", metrics="noisy", lr=0.05, args={"patience": 3, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2}),
    dict(name="plateau-max-rel", metrics="rising", lr=0.2, args={"mode": "max", "patience": 2, "threshold": 0.001}),
    dict(name="plateau-max-abs", metrics="rising", lr=0.2, args={"mode": "max", "patience": 1, "threshold": 0.01, "threshold_mode": "abs"}),
    dict(name="plateau-eps", metrics="plateau", lr=1e-6, args={"patience": 0, "factor": 0.5, "eps": 1e-7}),
    dict(name="plateau-nan", metrics="with-nan", lr=0.1, args={"patience": 2}),
]


def run_plateau(case, sequences):
    param = torch.nn.Parameter(torch.zeros(3))
    opt = SGD([param], lr=case["lr"])
    sched = S.ReduceLROnPlateau(opt, **case["args"])
    metrics = sequences[case["metrics"]]
    lrs = []
    for m in metrics:
        opt.zero_grad()
        (param.sum() * 0.01).backward()
        opt.step()
        sched.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    return {
        "name": case["name"],
        "torch": torch.__version__,
        "generator": "scripts/pytorch-fixtures.py",
        "convention": "lr[i] = param_groups[0]['lr'] after scheduler.step(metrics[i]) (one optimizer.step() before each)",
        "lr0": case["lr"],
        "args": case["args"],
        "metrics": [None if math.isnan(m) else m for m in metrics],
        "lr": lrs,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    sequences = metric_sequences()
    for case in PLATEAU_CASES:
        data = run_plateau(case, sequences)
        path = os.path.join(OUT, "..", "pytorch-plateau", case["name"] + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        print(f"{path}: {len(data['lr'])} epochs")
    for case in CASES:
        data = run(case)
        path = os.path.join(OUT, case["name"] + ".json")
        with open(path, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        print(f"{path}: {len(data['steps'])} steps")


if __name__ == "__main__":
    main()
