#!/usr/bin/env python3
"""Kiln against PyTorch eager on the kernels of the codegen issue, one run.

    /usr/bin/python3 bench/kernels.py [--kiln build/release/tools/kiln]
                                      [--threads 2] [--iters 20] [--only NAME]

For each case, `kiln bench` times the model script in bench/models/ (median
of --iters runs after warm-up, generated kernels unless KILN_NO_JIT=1 is set
by --reference) and, when torch imports, the same script runs in PyTorch
eager with torch.set_num_threads(--threads) on the same inputs. The table
gives both medians, the speedup (PyTorch time / Kiln time) and the issue's
goal; memory-bound cases also give GB/s against a copy kernel's bandwidth
(the roofline), matrix products GFLOP/s. The CNN's compile time is measured
cold (empty kernel cache) and warm (the cache the cold run filled), as
`kiln bench`'s compile_ms: loading the script and specializing it to the
input, generated kernels included.

Python is a test aid here: the script only drives the kiln binary and
PyTorch; without numpy it writes inputs itself.
"""
import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

try:
    import torch
except ImportError:  # Kiln alone
    torch = None


def write_npy(path, shape, seed):
    """A float32 .npy of normal(0, 1) values."""
    count = 1
    for s in shape:
        count *= s
    try:
        import numpy as np
        rng = np.random.default_rng(seed)
        np.save(path, rng.standard_normal(shape, dtype=np.float32))
        return
    except ImportError:
        pass
    rng = random.Random(seed)
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (
        "".join("%d, " % s for s in shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%df" % count,
                            *(rng.gauss(0, 1) for _ in range(count))))


# name, script, entry, input shapes, goal (speedup), bytes moved, flops
def cases():
    mb = lambda *shape: 4 * _prod(shape)
    return [
        ("copy 4096x4096", "copy.py", [(4096, 4096)], None,
         2 * mb(4096, 4096), None),
        ("gelu-tanh chain 4096x4096", "gelu_chain.py", [(4096, 4096)], 20.0,
         2 * mb(4096, 4096), None),
        ("softmax 4096x1024", "softmax.py", [(4096, 1024)], 1.2,
         2 * mb(4096, 1024), None),
        ("residual+layer_norm+gelu 4096x1024", "residual_ln_gelu.py",
         [(4096, 1024), (4096, 1024)], 2.0, 3 * mb(4096, 1024), None),
        ("linear+relu 1024x1024x1024", "linear_relu.py", [(1024, 1024)], 1.3,
         None, 2 * 1024 ** 3),
        ("linear+relu 64x1024x1024", "linear_relu.py", [(64, 1024)], 1.2,
         None, 2 * 64 * 1024 * 1024),
        ("conv2d+relu 8x64x56x56 3x3", "conv_relu.py", [(8, 64, 56, 56)],
         1.0, None, 2 * 8 * 64 * 56 * 56 * 64 * 9),
        ("max_pool2d 8x64x112x112 3x3/2 pad 1", "max_pool.py",
         [(8, 64, 112, 112)], None, mb(8, 64, 112, 112) * 5 // 4, None),
        ("avg_pool2d 8x64x112x112 2x2", "avg_pool.py", [(8, 64, 112, 112)],
         None, mb(8, 64, 112, 112) * 5 // 4, None),
        ("sum over rows 4096x4096", "row_sum.py", [(4096, 4096)], None,
         mb(4096, 4096), None),
        ("digits CNN forward, batch 64", os.path.join(
            ROOT, "examples", "digits", "model.py"), [(64, 1, 8, 8)], 1.5,
         None, None),
    ]


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def kiln_bench(kiln, script, inputs, threads, iters, env=None, warmup=3):
    cmd = [kiln, "bench", script, "--threads", str(threads),
           "--iters", str(iters), "--warmup", str(warmup)]
    for i in inputs:
        cmd += ["--input", i]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def torch_model(script):
    spec = importlib.util.spec_from_file_location("bench_model", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and issubclass(v, torch.nn.Module)
               and v.__module__ == "bench_model"]
    if classes:
        return classes[0]().eval()
    funcs = [v for k, v in vars(module).items()
             if callable(v) and getattr(v, "__module__", "") == "bench_model"
             and not isinstance(v, type)]
    return funcs[0]


def torch_median_ms(model, paths, iters, warmup=3):
    import numpy as np
    args = [torch.from_numpy(np.load(p)) for p in paths]
    with torch.no_grad():
        for _ in range(warmup):
            model(*args)
        times = []
        for _ in range(iters):
            t0 = time.perf_counter()
            model(*args)
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln", default=os.path.join(
        ROOT, "build", "release", "tools", "kiln"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--only", help="run the cases whose name has this")
    parser.add_argument("--reference", action="store_true",
                        help="Kiln's reference kernels only (KILN_NO_JIT=1)")
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(args.threads)

    work = tempfile.mkdtemp(prefix="kiln-bench-")
    env = dict(os.environ)
    env["KILN_CACHE_DIR"] = os.path.join(work, "cache")
    if args.reference:
        env["KILN_NO_JIT"] = "1"
    rows = []
    copy_gbs = None
    try:
        for n, (name, script, shapes, goal, nbytes, flops) in enumerate(
                cases()):
            if args.only and args.only not in name and name != "copy 4096x4096":
                continue
            script = os.path.join(HERE, "models", script)
            paths = []
            for i, shape in enumerate(shapes):
                paths.append(os.path.join(work, "in%d_%d.npy" % (n, i)))
                write_npy(paths[-1], shape, seed=n * 10 + i)
            k = kiln_bench(args.kiln, script, paths, args.threads, args.iters,
                           env)["median_ms"]
            t = None
            if torch is not None:
                t = torch_median_ms(torch_model(script), paths, args.iters)
            extra = ""
            if nbytes:
                gbs = nbytes / k / 1e6
                if name.startswith("copy"):
                    copy_gbs = gbs
                    extra = "%.1f GB/s (roofline)" % gbs
                else:
                    extra = "%.1f GB/s, %.0f%% of copy" % (
                        gbs, 100 * gbs / copy_gbs if copy_gbs else 0)
            if flops:
                extra = "%.1f GFLOP/s" % (flops / k / 1e6)
            rows.append((name, k, t, goal, extra))

        if not args.only or "compile" in args.only or "CNN" in args.only:
            cnn = os.path.join(ROOT, "examples", "digits", "model.py")
            x = os.path.join(work, "cnn_x.npy")
            write_npy(x, (64, 1, 8, 8), seed=99)
            shutil.rmtree(env["KILN_CACHE_DIR"], ignore_errors=True)
            cold = kiln_bench(args.kiln, cnn, [x], args.threads, 1, env, 0)
            warm = kiln_bench(args.kiln, cnn, [x], args.threads, 1, env, 0)
            rows.append(("digits CNN compile, cold cache", cold["compile_ms"],
                         None, None, "goal <= 1000 ms"))
            rows.append(("digits CNN compile, warm disk cache",
                         warm["compile_ms"], None, None, "goal <= 50 ms"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mode = "reference kernels" if args.reference else "generated kernels"
    print("Kiln (%s) vs PyTorch %s eager, %d threads, median of %d runs" % (
        mode, torch.__version__ if torch else "(not installed)", args.threads,
        args.iters))
    print("| case | Kiln ms | PyTorch ms | speedup | goal | notes |")
    print("|---|---:|---:|---:|---:|---|")
    for name, k, t, goal, extra in rows:
        speed = "%.2fx" % (t / k) if t else "-"
        print("| %s | %.3f | %s | %s | %s | %s |" % (
            name, k, "%.3f" % t if t else "-", speed,
            ">= %.1fx" % goal if goal else "-", extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
