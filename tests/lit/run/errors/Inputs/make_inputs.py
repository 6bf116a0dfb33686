"""Writes the small input files the kiln run error tests use (needs numpy)."""
import os

import numpy as np

os.chdir(os.path.dirname(os.path.abspath(__file__)))
np.save("f32_2x3.npy", np.arange(6, dtype=np.float32).reshape(2, 3))
np.save("f32_4.npy", np.arange(4, dtype=np.float32))
np.save("f64_scalar.npy", np.array(2.5))
np.save("i64_scalar.npy", np.array(3, dtype=np.int64))
np.save("bool_scalar.npy", np.array(True))
with open("f32_2x3.npy", "rb") as f:
    data = f.read()
with open("truncated.npy", "wb") as f:
    f.write(data[:-5])
