#!/usr/bin/env python3
"""GEMM and convolution kernels (with their fused epilogue) against PyTorch.

    linear + ReLU   x[1024, 1024] @ W[1024, 1024]^T + b
    linear + ReLU   x[64, 1024]   @ W[1024, 1024]^T + b
    conv2d + ReLU   x[8, 64, 56, 56], 64 filters 3x3, padding 1, + b

Kiln runs each model script with `kiln bench` (JIT kernels, 2 threads);
PyTorch eager runs the same modules in this process with 2 threads
(torch.set_num_threads(2), no_grad). Run from the repository root with
Debian's /usr/bin/python3 (for torch), after building Kiln:

    /usr/bin/python3 bench/contractions.py [--iters 20]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KILN = os.path.join(ROOT, "build", "release", "tools", "kiln")
SCRIPTS = os.path.join(ROOT, "bench", "scripts")

CASES = [
    # name, script, input shape, FLOPs
    ("linear+ReLU 1024x1024x1024", "linear_relu.py", (1024, 1024),
     2 * 1024 * 1024 * 1024),
    ("linear+ReLU 64x1024x1024", "linear_relu.py", (64, 1024),
     2 * 64 * 1024 * 1024),
    ("conv2d+ReLU 8x64x56x56 3x3 p1", "conv_relu.py", (8, 64, 56, 56),
     2 * 8 * 64 * 64 * 9 * 56 * 56),
]


def kiln_bench(script, x_path, iters, extra=()):
    out = subprocess.run(
        [KILN, "bench", os.path.join(SCRIPTS, script), "--input", x_path,
         "--warmup", "3", "--iters", str(iters), "--threads", "2", *extra],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_ms(fn, iters, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2]


def torch_module(script):
    import torch
    if script == "linear_relu.py":
        layer = torch.nn.Linear(1024, 1024)
    else:
        layer = torch.nn.Conv2d(64, 64, 3, padding=1)
    return lambda x: torch.relu(layer(x))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iters", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    try:
        import torch
        torch.set_num_threads(2)
    except ImportError:
        torch = None
        print("(PyTorch is not installed: Kiln alone)", file=sys.stderr)
    print(f"{'case':32} {'Kiln ms':>9} {'GFLOP/s':>8} {'PyTorch ms':>11} "
          f"{'GFLOP/s':>8} {'speedup':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, script, shape, flops in CASES:
            x = rng.standard_normal(shape).astype(np.float32)
            x_path = os.path.join(tmp, "x.npy")
            np.save(x_path, x)
            kiln_ms = kiln_bench(script, x_path, args.iters)["median_ms"]
            line = (f"{name:32} {kiln_ms:9.3f} {flops / kiln_ms / 1e6:8.1f}")
            if torch:
                fn = torch_module(script)
                tx = torch.from_numpy(x)
                with torch.no_grad():
                    torch_ms = median_ms(lambda: fn(tx), args.iters)
                line += (f" {torch_ms:11.3f} {flops / torch_ms / 1e6:8.1f}"
                         f" {torch_ms / kiln_ms:7.2f}x")
            print(line, flush=True)


if __name__ == "__main__":
    main()
