#!/usr/bin/env python3
"""Training steps of the digits CNN at batch 64: kiln train against PyTorch
eager, one run.

    /usr/bin/python3 bench/training.py [--kiln build/release/tools/kiln]
                                       [--threads 2] [--steps 50]

Both train examples/digits/model.py with SGD (lr 0.01, momentum 0.9) and
nll_loss on the same random batches in order. Kiln's time per step is its
second epoch's samples/s as `kiln train` prints it (the first epoch
includes compiling); PyTorch's is the median of --steps timed steps
(zero_grad, forward, loss, backward, optimizer step) after 5 untimed ones.
Without torch the table shows Kiln alone. Needs numpy.
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = os.path.join(ROOT, "examples", "digits", "model.py")
BATCH = 64

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def kiln_ms_per_step(kiln, data, threads):
    out = subprocess.run(
        [kiln, "train", MODEL, "--data", data, "--epochs", "2",
         "--batch-size", str(BATCH), "--optimizer", "sgd", "--lr", "0.01",
         "--momentum", "0.9", "--loss", "nll", "--no-shuffle",
         "--validation", "0", "--threads", str(threads)],
        check=True, capture_output=True, text=True).stdout
    rates = re.findall(r"epoch \d+/\d+: loss [0-9.]+, ([0-9.]+) samples/s",
                       out)
    return 1e3 * BATCH / float(rates[-1])


def torch_ms_per_step(x, y, steps):
    spec = importlib.util.spec_from_file_location("digits_model", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.DigitsCNN().train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9,
                          foreach=False)
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    times = []
    n = len(x) // BATCH
    for i in range(steps + 5):
        b = (i % n) * BATCH
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.nll_loss(model(xs[b:b + BATCH]), ys[b:b + BATCH])
        loss.backward()
        opt.step()
        if i >= 5:
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln", default=os.path.join(
        ROOT, "build", "release", "tools", "kiln"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((BATCH * args.steps, 1, 8, 8), dtype=np.float32)
    y = rng.integers(0, 10, BATCH * args.steps, dtype=np.int64)
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as work:
        data = os.path.join(work, "data.npz")
        np.savez(data, x=x, y=y)
        k = kiln_ms_per_step(args.kiln, data, args.threads)
    t = None
    if torch is not None:
        torch.set_num_threads(args.threads)
        t = torch_ms_per_step(x, y, args.steps)
    print("digits CNN training step, batch %d, %d threads" % (
        BATCH, args.threads))
    print("| | Kiln ms/step | PyTorch ms/step | speedup | goal |")
    print("|---|---:|---:|---:|---:|")
    print("| SGD momentum, nll_loss | %.3f | %s | %s | >= 1.5x |" % (
        k, "%.3f" % t if t else "-", "%.2fx" % (t / k) if t else "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
