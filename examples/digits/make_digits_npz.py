"""Writes digits.npz, the training data of the README's main job, from
digits.csv.gz (dev time; numpy only): x float32 [1797, 1, 8, 8] with the
pixels scaled from 0-16 to [0, 1], as train_in_pytorch.py scales them, and
y int64 labels, in the file's order. `kiln train --validation 0.1` holds the
last 180 digits out."""
import gzip
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rows = np.loadtxt(gzip.open(os.path.join(HERE, "digits.csv.gz"), "rt"),
                  delimiter=",")
x = (rows[:, :64] / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
y = rows[:, 64].astype(np.int64)
np.savez_compressed(os.path.join(HERE, "digits.npz"), x=x, y=y)
