"""Tensor files for Kiln's golden-data generators (dev time, Debian python).

write_safetensors / read_safetensors speak the safetensors format with only
the standard library and numpy, so generators need no `safetensors` package.
New generators import this module (sys.path.insert of tests/python); older
ones still carry their own copies.
"""
import json
import struct

import numpy as np

_CODES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64",
          np.dtype(np.int64): "I64"}
_TYPES = {v: k for k, v in _CODES.items()}


def write_safetensors(path, arrays):
    """`arrays`: name -> numpy array (or torch tensor, via .numpy())."""
    header, blobs, offset = {}, [], 0
    for name, a in arrays.items():
        # np.asarray keeps 0-d arrays 0-d (ascontiguousarray would not).
        a = np.asarray(a.detach().numpy() if hasattr(a, "detach") else a)
        data = a.tobytes(order="C")
        header[name] = {"dtype": _CODES[a.dtype], "shape": list(a.shape),
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


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        out[name] = np.frombuffer(data[begin:end],
                                  dtype=_TYPES[info["dtype"]]).reshape(
                                      info["shape"]).copy()
    return out
