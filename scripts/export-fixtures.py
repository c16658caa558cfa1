#!/usr/bin/python3
"""Runs the PyTorch code lrkit's toEngine wrote (test/fixtures/export/cases.json, from
scripts/export-cases.ts) with Debian's python3-torch, and records param_groups[0]['lr'] before
every optimizer.step() with scheduler.step() after each: test/fixtures/export/results.json."""
import json
import os

import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "export")


def main():
    cases = json.load(open(os.path.join(HERE, "cases.json")))
    results = []
    for case in cases:
        scope = {}
        exec(case["code"], scope)
        param = torch.nn.Parameter(torch.zeros(2))
        opt = torch.optim.SGD([param], lr=1.0)
        sched = scope["make_scheduler"](opt)
        lrs = []
        for _ in range(case["steps"]):
            lrs.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            param.sum().backward()
            opt.step()
            sched.step()
        results.append({"name": case["name"], "torch": torch.__version__, "code": case["code"], "lr": lrs})
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"{len(results)} exports run")


if __name__ == "__main__":
    main()
