#!/usr/bin/python3
"""Runs the code lrkit's toEngine wrote (test/fixtures/export/cases.json, from
scripts/export-cases.ts) and records the rates: test/fixtures/export/results.json.

- PyTorch code, with Debian's python3-torch: param_groups[0]['lr'] before every optimizer.step(),
  with scheduler.step() after each.
- Keras / optax code (tabulated schedules): Keras 3 and JAX do not install here, so the few
  keras.ops / jax.numpy calls the code makes are stood in for by plain Python (convert_to_tensor and
  asarray keep the list, take / indexing read it, minimum is min); the schedule is then called at
  steps 0 .. steps + 2 (past the end it must hold the last value)."""
import json
import os
import sys
import types

import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "export")


def stand_ins():
    """Modules named keras and jax(.numpy) with just what the tabulated exports call."""
    keras = types.ModuleType("keras")
    keras.ops = types.SimpleNamespace(
        convert_to_tensor=lambda x, dtype=None: list(x),
        take=lambda table, i: table[i],
        minimum=min,
        cast=lambda x, dtype: int(x),
    )

    class LearningRateSchedule:
        pass

    keras.optimizers = types.SimpleNamespace(schedules=types.SimpleNamespace(LearningRateSchedule=LearningRateSchedule))
    jnp = types.ModuleType("jax.numpy")
    jnp.asarray = lambda x, dtype=None: list(x)
    jnp.minimum = min
    jnp.float32 = "float32"
    jax = types.ModuleType("jax")
    jax.numpy = jnp
    sys.modules.update({"keras": keras, "jax": jax, "jax.numpy": jnp})


def run_table(case):
    scope = {}
    exec(case["code"], scope)
    schedule = scope["make_schedule"]() if case["engine"] == "keras" else scope["schedule"]
    return [float(schedule(s)) for s in range(case["steps"] + 3)]


def main():
    cases = json.load(open(os.path.join(HERE, "cases.json")))
    results = []
    stand_ins()
    for case in cases:
        if case["engine"] != "pytorch":
            results.append({"name": case["name"], "engine": case["engine"], "code": case["code"], "lr": run_table(case)})
            continue
        scope = {}
        exec(case["code"], scope)
        param = torch.nn.Parameter(torch.zeros(2))
        # momentum > 0: a scheduler that cycles momentum needs an optimizer that has one.
        opt = torch.optim.SGD([param], lr=1.0, momentum=0.9)
        sched = scope["make_scheduler"](opt)
        lrs, moms = [], []
        for _ in range(case["steps"]):
            lrs.append(opt.param_groups[0]["lr"])
            moms.append(opt.param_groups[0]["momentum"])
            opt.zero_grad()
            param.sum().backward()
            opt.step()
            sched.step()
        result = {"name": case["name"], "engine": "pytorch", "torch": torch.__version__, "code": case["code"], "lr": lrs}
        if "momentum" in case:
            result["momentum"] = moms
        results.append(result)
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"{len(results)} exports run")


if __name__ == "__main__":
    main()
