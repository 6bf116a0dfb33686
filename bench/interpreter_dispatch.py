#!/usr/bin/env python3
"""Interpreter dispatch: a scalar loop of a million iterations,
    s = (s + i * 3) % 1000003,
run by Kiln's interpreter (`kiln bench`) and, when PyTorch is installed, by
TorchScript's interpreter on the same function, in the same run.

    python3 bench/interpreter_dispatch.py [--kiln build/release/tools/kiln]

Prints one line per system (median over the timed runs) and the ratio. Use
Debian's /usr/bin/python3 to include PyTorch.
"""
import argparse
import json
import os
import struct
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
N = 1_000_000


def scalar_loop(n: int) -> int:
    s = 0
    for i in range(n):
        s = (s + i * 3) % 1000003
    return s


def write_int64_npy(path, value):
    header = "{'descr': '<i8', 'fortran_order': False, 'shape': (), }"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode() + struct.pack("<q", value))


def kiln_ms(kiln, iters):
    with tempfile.TemporaryDirectory() as tmp:
        n = os.path.join(tmp, "n.npy")
        write_int64_npy(n, N)
        out = subprocess.run(
            [kiln, "bench", os.path.join(HERE, "graphs", "scalar_loop.ir"),
             "--input", n, "--warmup", "2", "--iters", str(iters)],
            check=True, capture_output=True, text=True).stdout
    return json.loads(out)["median_ms"]


def torchscript_ms(iters):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    fn = torch.jit.script(scalar_loop)
    for _ in range(2):
        fn(N)
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn(N)
        times.append((time.perf_counter() - t0) * 1e3)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiln", default=os.path.join(
        HERE, "..", "build", "release", "tools", "kiln"))
    parser.add_argument("--iters", type=int, default=10)
    args = parser.parse_args()
    kiln = kiln_ms(args.kiln, args.iters)
    print(f"kiln interpreter:        {kiln:8.2f} ms  "
          f"({kiln * 1e6 / N:6.1f} ns per iteration)")
    ts = torchscript_ms(args.iters)
    if ts is None:
        print("TorchScript:             not installed (python3-torch)")
        return
    print(f"TorchScript interpreter: {ts:8.2f} ms  "
          f"({ts * 1e6 / N:6.1f} ns per iteration)")
    print(f"kiln time / TorchScript time = {kiln / ts:.3f} "
          f"(goal: at most 0.2)")


if __name__ == "__main__":
    main()
