#!/usr/bin/env python3
"""Elementwise JIT kernels against the reference kernels and PyTorch eager.

The GELU-tanh chain  0.5 * x * (1 + tanh(0.79788456 * (x + 0.044715 x^3)))
on a 4096x4096 float32 tensor: Kiln with its JIT kernels (`kiln bench`),
Kiln with the reference kernels (`--no-jit`), PyTorch eager (2 threads),
and copy kernels (PyTorch's clone, Kiln's) as the memory-bandwidth roofline
of work that reads one tensor and writes one. Run from the repository root
with Debian's /usr/bin/python3 (for torch), after building Kiln:

    /usr/bin/python3 bench/elementwise.py [--size 4096] [--iters 20]
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


def kiln_bench(script, x_path, iters, extra=()):
    out = subprocess.run(
        [KILN, "bench", os.path.join(SCRIPTS, script), "--input", x_path,
         "--warmup", "3", "--iters", str(iters), "--threads", "2", *extra],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_min_ms(fn, iters, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2], times[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--iters", type=int, default=20)
    args = parser.parse_args()
    n = args.size
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, n)).astype(np.float32)
    bytes_moved = 2 * x.nbytes  # read x, write the result
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        x_path = os.path.join(tmp, "x.npy")
        np.save(x_path, x)
        jit = kiln_bench("gelu_chain.py", x_path, args.iters)
        ref = kiln_bench("gelu_chain.py", x_path, max(3, args.iters // 4),
                         ["--no-jit"])
        kcopy = kiln_bench("copy.py", x_path, args.iters)
        rows.append(("GELU chain, Kiln JIT", jit["median_ms"], jit["min_ms"]))
        rows.append(("GELU chain, Kiln reference kernels", ref["median_ms"],
                     ref["min_ms"]))
        rows.append(("copy, Kiln (clone)", kcopy["median_ms"], kcopy["min_ms"]))
    torch_ms = None
    try:
        import torch
        torch.set_num_threads(2)
        tx = torch.from_numpy(x)

        def gelu():
            return 0.5 * tx * (1 + torch.tanh(0.79788456 *
                                              (tx + 0.044715 * tx * tx * tx)))
        torch_ms, torch_min = median_min_ms(gelu, args.iters)
        copy_ms, copy_min = median_min_ms(lambda: tx.clone(), args.iters)
        rows.append(("GELU chain, PyTorch eager (2 threads)", torch_ms,
                     torch_min))
        rows.append(("copy, PyTorch clone (2 threads)", copy_ms, copy_min))
    except ImportError:
        print("(PyTorch is not installed: Kiln alone)", file=sys.stderr)

    print(f"{n}x{n} float32, {bytes_moved / 1e6:.0f} MB moved per pass")
    print(f"{'what':42} {'median ms':>10} {'min ms':>8} {'GB/s':>8}")
    for name, ms, best in rows:
        print(f"{name:42} {ms:10.2f} {best:8.2f} {bytes_moved / ms / 1e6:8.1f}")
    best_copy = min(ms for name, ms, _ in rows if name.startswith("copy"))
    print(f"JIT vs reference kernels: {ref['median_ms'] / jit['median_ms']:.1f}x")
    if torch_ms:
        print(f"JIT vs PyTorch eager:     {torch_ms / jit['median_ms']:.1f}x")
    print(f"JIT bandwidth / best copy bandwidth: "
          f"{100 * best_copy / jit['median_ms']:.0f}%")


if __name__ == "__main__":
    main()
