"""Read and write safetensors files with numpy alone (Debian has no `safetensors` package).

The format: an 8-byte little-endian header length N, N bytes of JSON
({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}), then the raw
little-endian tensor data. When the `safetensors` package is installed, reading uses it instead.
"""
import json
import os
import struct

import numpy as np

_DTYPES = {"F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "I64": np.dtype("<i8"), "I32": np.dtype("<i4")}


def read_safetensors(path):
    """Returns ({name: numpy array}, {metadata key: string}) for the file at `path`."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} exceeds the {len(data) - 8} bytes that follow (truncated?)")
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    try:  # the reference reader, when the user has it
        from safetensors.numpy import load as load_numpy

        return dict(load_numpy(data)), metadata
    except ImportError:
        pass
    base = 8 + n
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        if entry["dtype"] == "BF16":  # the high half of a float32
            words = np.frombuffer(data, dtype="<u2", count=(end - begin) // 2, offset=base + begin)
            tensors[name] = (words.astype(np.uint32) << 16).view(np.float32).reshape(shape)
            continue
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name!r}: unsupported dtype {entry['dtype']}")
        dt = _DTYPES[entry["dtype"]]
        count = int(np.prod(shape)) if shape else 1
        if count * dt.itemsize != end - begin:
            raise ValueError(f"{path}: tensor {name!r}: shape {shape} does not fit data_offsets [{begin}, {end}]")
        tensors[name] = np.frombuffer(data, dtype=dt, count=count, offset=base + begin).reshape(shape)
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes {name: numpy array} (float32 and float64 kept as they are) atomically to `path`."""
    header = {"__metadata__": dict(metadata)} if metadata else {}
    parts, offset = [], 0
    for name, array in tensors.items():
        a = np.ascontiguousarray(array)
        code = {np.dtype("float32"): "F32", np.dtype("float64"): "F64"}.get(a.dtype)
        if code is None:
            raise ValueError(f"write_safetensors: tensor {name!r}: dtype {a.dtype} is not float32 or float64")
        raw = a.astype(_DTYPES[code], copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        parts.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # data starts 8-byte aligned, like the reference writer
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(parts))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
