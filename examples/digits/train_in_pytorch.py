"""Trains DigitsCNN in PyTorch and writes the files Kiln's main job runs
(dev time only; needs Debian's python3-torch). Deterministic."""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

os.chdir(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ".")
from model import DigitsCNN  # noqa: E402


def load_digits():
    rows = np.loadtxt(gzip.open("digits.csv.gz", "rt"), delimiter=",")
    x = torch.tensor(rows[:, :64] / 16.0, dtype=torch.float32)
    y = torch.tensor(rows[:, 64], dtype=torch.int64)
    return x.view(-1, 1, 8, 8), y


def write_safetensors(path, tensors):
    """The safetensors format, written by hand (python3-safetensors is not in
    Debian 12): 8-byte little-endian header size, JSON header, data."""
    dtypes = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


torch.manual_seed(0)
x, y = load_digits()
order = torch.randperm(len(x))
train, test = order[:1500], order[1500:]
model = DigitsCNN()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(15):
    model.train()
    for batch in train.split(32):
        opt.zero_grad()
        loss = F.nll_loss(model(x[batch]), y[batch])
        loss.backward()
        opt.step()
model.eval()
with torch.no_grad():
    accuracy = (model(x[test]).argmax(1) == y[test]).float().mean().item()
print(f"test accuracy {accuracy:.3f} on {len(test)} held-out digits")

scripted = torch.jit.script(model)
with open("digits_cnn.ir", "w") as f:
    f.write("# DigitsCNN (model.py): torch.jit.script(model).inlined_graph,\n"
            "# written by train_in_pytorch.py\n")
    # Source locations relative to this folder, not this machine's path.
    f.write(str(scripted.inlined_graph).replace(os.getcwd() + "/", ""))
write_safetensors("digits_cnn.safetensors", model.state_dict())
sample = x[test[:10]]
np.save("test_digits.npy", sample.numpy())
with torch.no_grad():
    np.savez("expected.npz", out0=scripted(sample).numpy())
print("labels of test_digits.npy:", y[test[:10]].tolist())
