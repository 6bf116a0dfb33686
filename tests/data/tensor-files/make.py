"""Writes the tensor files that tests/unit/tensor/{Npy,TensorFiles}Test.cpp read.

Run from this folder with Debian's Python (numpy and torch):
    cd tests/data/tensor-files && /usr/bin/python3 make.py

good/   files written by numpy (np.save, np.lib.format.write_array, np.savez,
        np.savez_compressed) and safetensors files built byte by byte per the
        format's specification and its reference writer (python3-safetensors
        is not installed), from torch tensors; expected.txt lists every
        array's values (floats as float.hex(), C order) for the tests.
bad/    malformed files; the tests check each one's error message. They are
        also a seed corpus for tests/fuzz/TensorFileFuzzer.cpp.

The output is reproducible: zip timestamps are pinned.
"""
import io
import json
import os
import shutil
import struct
import time
import zipfile

import numpy as np
import torch

# np.savez stamps members with the current local time; pin it.
os.environ["TZ"] = "UTC"
time.tzset()
time.time = lambda: 946728000.0  # 2000-01-01 12:00:00

# name -> array. Values probe each dtype's extremes, signed zeros, NaN, inf.
ARRAYS = {
    "bool": torch.tensor([[True, False, True], [False, False, True]]),
    "uint8": torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8),
    "int8": torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8),
    "int16": torch.tensor([-32768, -1, 0, 1, 32767], dtype=torch.int16),
    "int32": torch.tensor([[-2**31, -1, 0], [1, 2**31 - 1, 7]], dtype=torch.int32),
    "int64": torch.tensor([-2**63, -1, 0, 1, 2**63 - 1], dtype=torch.int64),
    "float32": torch.tensor(
        [[0.0, -0.0, 1.5], [float("inf"), float("-inf"), float("nan")],
         [1e-45, 3.4028234663852886e38, -2.5]], dtype=torch.float32),
    "float64": torch.tensor(
        [0.1, -0.0, float("inf"), float("nan"), 5e-324, 1.7976931348623157e308],
        dtype=torch.float64),
    "scalar": torch.tensor(3.25, dtype=torch.float64),
    "empty": torch.zeros((0, 3), dtype=torch.float32),
    "cube": torch.arange(24, dtype=torch.int32).reshape(2, 3, 4),
}
NP = {name: t.numpy() for name, t in ARRAYS.items()}


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def npy_bytes(array, version=None):
    f = io.BytesIO()
    np.lib.format.write_array(f, array, version=version)
    return f.getvalue()


def value_text(array):
    flat = array.reshape(-1)
    if array.dtype.kind == "f":
        return [float(v).hex() for v in flat]
    return [str(int(v)) for v in flat]


def write_expected():
    lines = []
    for name, array in NP.items():
        shape = ",".join(str(d) for d in array.shape) or "-"
        lines.append(" ".join([name, str(array.dtype), shape] + value_text(array)))
    write("good/expected.txt", ("\n".join(lines) + "\n").encode())


# --- safetensors, per the specification and the reference writer ----------

# The reference's Dtype enum order; its writer puts later (larger) ones first.
ST_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16",
            "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
ST_DTYPE = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8",
            torch.int16: "I16", torch.int32: "I32", torch.int64: "I64",
            torch.float32: "F32", torch.float64: "F64"}


def safetensors_file(header, data, length=None):
    """8-byte little-endian length, header (dict or raw bytes), data."""
    if not isinstance(header, bytes):
        header = json.dumps(header, separators=(",", ":"),
                            ensure_ascii=False).encode()
    return struct.pack("<Q", len(header) if length is None else length) + header + data


def reference_safetensors(tensors, metadata=None):
    """As safetensors.torch.save_file writes: sorted by descending dtype, then
    name; compact JSON with __metadata__ first; padded to 8 bytes."""
    items = sorted(tensors.items(),
                   key=lambda kv: (-ST_ORDER.index(ST_DTYPE[kv[1].dtype]), kv[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = b""
    for name, t in items:
        raw = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return safetensors_file(text, data)


def write_good():
    fresh("good")
    write_expected()
    for name, array in NP.items():
        np.save(f"good/{name}.npy", array)
    write("good/cube_v2.npy", npy_bytes(NP["cube"], (2, 0)))
    write("good/cube_v3.npy", npy_bytes(NP["cube"], (3, 0)))
    np.save("good/cube_fortran.npy", np.asfortranarray(NP["cube"]))
    np.save("good/bool_fortran.npy", np.asfortranarray(NP["bool"]))
    np.savez("good/all_stored.npz", **NP)
    np.savez_compressed("good/all_compressed.npz", **NP)
    np.savez("good/positional.npz", NP["int8"], NP["scalar"])  # arr_0, arr_1
    np.savez("good/nothing.npz")
    write("good/all.safetensors",
          reference_safetensors(ARRAYS, {"format": "pt", "source": "make.py"}))
    # Any header order and any data order are valid; the data here is in
    # reverse name order and the header lists names in order.
    header, data = {}, b""
    for name in sorted(ARRAYS, reverse=True):
        raw = ARRAYS[name].numpy().tobytes()
        header[name] = {"dtype": ST_DTYPE[ARRAYS[name].dtype],
                        "shape": list(ARRAYS[name].shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    header = dict(sorted(header.items()))
    write("good/unordered.safetensors", safetensors_file(header, data))
    write("good/nothing.safetensors", reference_safetensors({}))


# --- bad files ---------------------------------------------------------------

def npy_with_header(header, data=b"", version=1):
    text = header.encode("latin1")
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    length = struct.pack("<H" if version == 1 else "<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + length + text + data


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w", compression=compression) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 12, 0, 0)), data,
                       compress_type=compression)
    return bytearray(f.getvalue())


def member_offsets(data, name):
    """(local header offset, central directory entry offset, data offset)."""
    data = bytes(data)
    end = data.rindex(b"PK\x05\x06")
    count, _, central = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, central + 28)
        local = struct.unpack_from("<I", data, central + 42)[0]
        if data[central + 46:central + 46 + name_len] == name.encode():
            local_name, local_extra = struct.unpack_from("<HH", data, local + 26)
            return local, central, local + 30 + local_name + local_extra
        central += 46 + name_len + extra_len + comment_len
    raise KeyError(name)


def set_sizes(data, name, uncompressed):
    """Rewrites a member's declared uncompressed size in both headers."""
    local, central, _ = member_offsets(data, name)
    struct.pack_into("<I", data, local + 22, uncompressed)
    struct.pack_into("<I", data, central + 24, uncompressed)
    return data


def write_bad():
    fresh("bad")
    good = npy_bytes(NP["cube"])
    header_end = 10 + struct.unpack_from("<H", good, 8)[0]
    f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
    six = np.arange(6, dtype=np.float32).tobytes()
    npy = {
        "empty": b"",
        "truncated_magic": good[:4],
        "truncated_version": good[:7],
        "truncated_length": good[:9],
        "truncated_header": good[:40],
        "truncated_data": good[:header_end + 50],
        "wrong_magic": b"\x93NUMPZ" + good[6:],
        "version_4": good[:6] + b"\x04\x00" + good[8:],
        "version_1_1": good[:6] + b"\x01\x01" + good[8:],
        "header_too_long": good[:8] + struct.pack("<H", 60000) + good[10:],
        "big_endian": npy_with_header(f4.replace("<f4", ">f4"), six),
        "complex": npy_with_header(f4.replace("<f4", "<c8"), six * 2),
        "unicode": npy_with_header(f4.replace("<f4", "<U3"), six * 3),
        "structured": npy_with_header(
            "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (6,), }", six),
        "huge_shape": npy_with_header(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", six),
        "overflowing_shape": npy_with_header(
            "{'descr': '<f8', 'fortran_order': False, "
            "'shape': (4294967296, 4294967296, 0), }"),
        "negative_shape": npy_with_header(f4.replace("(2, 3)", "(-2, 3)"), six),
        "shape_list": npy_with_header(f4.replace("(2, 3)", "[2, 3]"), six),
        "unclosed_dict": npy_with_header(f4[:-3], six),
        "fortran_maybe": npy_with_header(f4.replace("False", "Maybe"), six),
        "missing_shape": npy_with_header(
            "{'descr': '<f4', 'fortran_order': False, }", six),
        "extra_key": npy_with_header(f4[:-1] + "'x': 1, }", six),
        "unterminated_string": npy_with_header("{'descr': '<f4", six),
    }
    for name, data in npy.items():
        write(f"bad/{name}.npy", data)

    small = npy_bytes(np.arange(200, dtype=np.int32))
    compressed = zip_bytes([("a.npy", small)], zipfile.ZIP_DEFLATED)
    _, _, start = member_offsets(compressed, "a.npy")
    corrupt = bytearray(compressed)
    for i in range(start + 20, start + 40):
        corrupt[i] ^= 0x5A
    write("bad/corrupt_deflate.npz", corrupt)
    stored = zip_bytes([("a.npy", small)])
    _, _, start = member_offsets(stored, "a.npy")
    stored[start + len(small) - 1] ^= 1  # a data byte: only the CRC notices
    write("bad/crc_mismatch.npz", stored)
    write("bad/bomb.npz", set_sizes(zip_bytes([("a.npy", small)], zipfile.ZIP_DEFLATED),
                                    "a.npy", 0xF0000000))
    write("bad/stored_size_lie.npz", set_sizes(zip_bytes([("a.npy", small)]),
                                               "a.npy", len(small) + 100))
    write("bad/short_member.npz", set_sizes(
        zip_bytes([("a.npy", small)], zipfile.ZIP_DEFLATED), "a.npy", len(small) + 100))
    write("bad/long_member.npz", set_sizes(
        zip_bytes([("a.npy", small + bytes(100))], zipfile.ZIP_DEFLATED), "a.npy",
        len(small)))
    write("bad/bzip2.npz", zip_bytes([("a.npy", small)], zipfile.ZIP_BZIP2))
    write("bad/not_npy_member.npz", zip_bytes([("a.npy", small), ("readme.txt", b"hi")]))
    write("bad/bad_member.npz", zip_bytes([("ok.npy", small), ("bad.npy", small[:100])]))
    write("bad/truncated.npz", bytes(zip_bytes([("a.npy", small)]))[:500])
    write("bad/not_zip.npz", b"hello, world\n")
    write("bad/npy.npz", small)

    def tensor(dtype, shape, begin, end):
        return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}
    f32 = tensor("F32", [2, 3], 0, 24)
    data = bytes(six)
    st = {
        "too_short": b"\x10\x00\x00",
        "header_beyond_file": safetensors_file({"a": f32}, data, length=1000),
        "header_too_large": safetensors_file({"a": f32}, data, length=2**40),
        "bad_json": safetensors_file(b'{"a": {"dtype": "F32",}', data),
        "not_utf8": safetensors_file(b'{"a\xff": 1}', data),
        "not_object": safetensors_file(b'[1, 2]', data),
        "unknown_dtype": safetensors_file({"a": tensor("F31", [2, 3], 0, 24)}, data),
        "unsupported_dtype": safetensors_file({"a": tensor("F16", [2, 3], 0, 12)},
                                              data[:12]),
        "negative_shape": safetensors_file({"a": tensor("F32", [-2, 3], 0, 24)}, data),
        "float_shape": safetensors_file({"a": tensor("F32", [2.0, 3], 0, 24)}, data),
        "overflowing_shape": safetensors_file(
            {"a": tensor("F32", [2**32, 2**32, 0], 0, 0)}, b""),
        "wrong_byte_count": safetensors_file({"a": tensor("F32", [2, 3], 0, 20)},
                                             data[:20]),
        "end_before_begin": safetensors_file({"a": tensor("F32", [0], 8, 4)}, data),
        "beyond_buffer": safetensors_file({"a": tensor("F32", [2, 3], 4, 28)}, data),
        "overlap": safetensors_file({"a": tensor("F32", [2, 2], 0, 16),
                                     "b": tensor("F32", [2], 12, 20),
                                     "c": tensor("F32", [1], 20, 24)}, data),
        "gap": safetensors_file({"a": tensor("F32", [2], 0, 8),
                                 "b": tensor("F32", [3], 12, 24)}, data),
        "trailing_bytes": safetensors_file({"a": tensor("F32", [5], 0, 20)}, data),
        "missing_offsets": safetensors_file({"a": {"dtype": "F32", "shape": [6]}}, data),
        "duplicate_key": safetensors_file(
            b'{"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]},'
            b'"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}', data),
        "metadata_not_string": safetensors_file(
            {"__metadata__": {"epoch": 3}, "a": f32}, data),
        "deep_nesting": safetensors_file(
            b'{"a":{"dtype":"F32","shape":[[[6]]],"data_offsets":[0,24]}}', data),
    }
    for name, data in st.items():
        write(f"bad/{name}.safetensors", data)


def main():
    write_good()
    write_bad()
    total = sum(os.path.getsize(os.path.join(d, f))
                for d in ("good", "bad") for f in os.listdir(d))
    print(f"wrote {len(os.listdir('good'))} good and {len(os.listdir('bad'))} "
          f"bad files, {total} bytes")


if __name__ == "__main__":
    main()
