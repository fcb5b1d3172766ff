#!/usr/bin/python3
"""Model-file fixtures for Cellguard's model scanner, written the way the real libraries write them.

Run with Debian's interpreter (python3-numpy, python3-sklearn, python3-pandas, python3-joblib from
scripts/install-system-deps.sh), never a virtualenv's:

    /usr/bin/python3 test/model-fixtures.py OUT_DIR            # every fixture
    /usr/bin/python3 test/model-fixtures.py OUT_DIR --small    # the rule's committed fixtures

Every file is named `{ok|ng}.{verdict}.{what}.{ext}`: the verdict Cellguard must give it, and
whether `unsafe-model-file` must report it (`ng`) or not (`ok`: a safe file). Nothing here is ever
loaded: the malicious files are built as bytes (their callables are never called), and the benign
ones by pickle / numpy / joblib / zipfile exactly as `torch.save`, `np.save`, `joblib.dump` and
`keras.Model.save` lay them out. Output is deterministic (fixed zip timestamps, sorted keys).
"""

import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile
import zlib

import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else "model-fixtures"
SMALL = "--small" in sys.argv
os.makedirs(OUT, exist_ok=True)
written = []
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def out(name, data, small=False):
    """Write one fixture (all of them, or only the `small` ones with --small)."""
    if SMALL and not small:
        return
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    written.append(name)


# ---- raw pickles: a callable applied to arguments, as a hostile __reduce__ writes it ----------


def su(s):
    """SHORT_BINUNICODE (or BINUNICODE when long)."""
    b = s.encode("utf-8")
    return (b"\x8c" + bytes([len(b)]) if len(b) < 256 else b"X" + struct.pack("<I", len(b))) + b


def arg(a):
    if isinstance(a, str):
        return su(a)
    if isinstance(a, bytes):
        return b"C" + bytes([len(a)]) + a if len(a) < 256 else b"B" + struct.pack("<I", len(a)) + a
    if isinstance(a, int):
        return b"J" + struct.pack("<i", a)
    raise TypeError(a)


def call(module, name, *args, proto=4):
    """`module.name(*args)`: PROTO, STACK_GLOBAL (or GLOBAL below 4), the args tuple, REDUCE, STOP."""
    if proto >= 4:
        head = b"\x80" + bytes([proto]) + su(module) + su(name) + b"\x93"
    else:
        head = (b"\x80" + bytes([proto]) if proto >= 2 else b"") + b"c%s\n%s\n" % (
            module.encode(),
            name.encode(),
        )
    return head + b"(" + b"".join(arg(a) for a in args) + b"tR."


# Every family of code-execution primitive the picklescan advisories name, and the classic ones.
PRIMITIVES = [
    ("posix", "system", "id"),
    ("os", "system", "id"),
    ("nt", "system", "dir"),
    ("os", "popen", "id"),
    ("os", "execv", "/bin/sh"),
    ("subprocess", "Popen", "id"),
    ("subprocess", "check_output", "id"),
    ("subprocess", "run", "id"),
    ("builtins", "eval", "1+1"),
    ("builtins", "exec", "x=1"),
    ("builtins", "compile", "x=1"),
    ("builtins", "getattr", "x"),
    ("builtins", "__import__", "os"),
    ("builtins", "open", "/etc/passwd"),
    ("__builtin__", "eval", "1+1"),
    ("importlib", "import_module", "os"),
    ("pkgutil", "resolve_name", "os:system"),
    ("timeit", "timeit", "import os"),
    ("bdb", "Bdb.run", "import os"),
    ("pdb", "run", "import os"),
    ("pip", "main", "install"),
    ("pip._internal", "main", "install"),
    ("ensurepip", "bootstrap"),
    ("venv", "create", "/tmp/x"),
    ("pydoc", "pipepager", "x", "sh"),
    ("pickle", "loads", b"\x80\x04K\x01."),
    ("_pickle", "loads", b"\x80\x04K\x01."),
    ("dill", "loads", b"\x80\x04K\x01."),
    ("joblib", "load", "other.pkl"),
    ("numpy", "load", "other.npy"),
    ("torch", "load", "other.pt"),
    ("torch.jit", "load", "other.pt"),
    ("runpy", "run_path", "x.py"),
    ("runpy", "_run_code", "x=1"),
    ("marshal", "loads", b"\xe3"),
    ("code", "InteractiveInterpreter"),
    ("pty", "spawn", "/bin/sh"),
    ("socket", "create_connection", "x"),
    ("urllib.request", "urlopen", "http://example.invalid/"),
    ("http.client", "HTTPConnection", "example.invalid"),
    ("requests", "get", "http://example.invalid/"),
    ("shutil", "rmtree", "/tmp/x"),
    ("profile", "run", "import os"),
    ("cProfile", "run", "import os"),
    ("webbrowser", "open", "http://example.invalid/"),
    ("ctypes", "CDLL", "libc.so.6"),
    ("multiprocessing.util", "spawnv_passfds", "/bin/sh"),
]

for module, name, *args in PRIMITIVES:
    small = (module, name) in {("posix", "system"), ("pkgutil", "resolve_name")}
    out(f"ng.malicious.{module}.{name}.pkl".replace("__", ""), call(module, name, *args), small)


# What pickle.dumps writes for an object whose __reduce__ runs a command (real pickler output),
# at every protocol: GLOBAL and text opcodes at 0, binary from 1, STACK_GLOBAL and FRAME from 4.
class Evil:
    def __reduce__(self):
        return (os.system, ("id",))


for proto in range(6):
    out(f"ng.malicious.reduce-os-system-protocol-{proto}.pkl", pickle.dumps(Evil(), protocol=proto), proto in (0, 4))

# functools.partial of a primitive, pickled by the real pickler.
import functools

out(
    "ng.malicious.functools-partial-system.pkl",
    pickle.dumps(functools.partial(os.system, "id"), protocol=2),
)

# Nested pickle.loads of a malicious inner pickle.
out(
    "ng.malicious.nested-pickle-loads.pkl",
    call("pickle", "loads", call("posix", "system", "id")),
    True,
)

# STACK_GLOBAL whose operands come from the memo (MEMOIZE / BINGET), a picklescan bypass.
out(
    "ng.malicious.stack-global-from-memo.pkl",
    b"\x80\x04"
    + su("builtins")
    + b"\x94"
    + su("eval")
    + b"\x94"
    + b"00h\x00h\x01\x93"
    + su("1+1")
    + b"\x85R.",
)

# Wrong extension: a malicious pickle named like an image.
out("ng.malicious.pickle-named-png.png", call("posix", "system", "id"), True)

# ---- real library pickles -----------------------------------------------------------------

out("ok.safe.plain-dict.pkl", pickle.dumps({"w": [1.0, 2.0], "name": "x"}, protocol=4), True)
out("ok.safe.ordered-dict.pkl", pickle.dumps(collections.OrderedDict(a=1), protocol=2))
out("ok.safe.numpy-array.pkl", pickle.dumps(np.arange(6, dtype=np.float32).reshape(2, 3), protocol=4))

try:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    lr = LogisticRegression().fit(X, [0, 1, 0, 1])
    out("ng.library.sklearn-logistic.pkl", pickle.dumps(lr, protocol=4), True)
    out("ng.library.sklearn-scaler.pkl", pickle.dumps(StandardScaler().fit(X), protocol=2))
except ImportError:
    lr = None

try:
    import pandas as pd

    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    out("ng.library.pandas-frame.pkl", pickle.dumps(frame, protocol=4))
except ImportError:
    pass

# A custom class: not on any allow-list.
class Model:
    def __init__(self):
        self.w = [1, 2]


Model.__module__ = "mypackage.models"
sys.modules["mypackage"] = types.ModuleType("mypackage")
sys.modules["mypackage.models"] = types.ModuleType("mypackage.models")
sys.modules["mypackage.models"].Model = Model
out("ng.suspicious.custom-class.pkl", pickle.dumps(Model(), protocol=4), True)

# ---- torch.save layouts, written with stand-ins for torch's rebuild functions ----------------
# torch/serialization.py `_save`: a zip (stored, 64-byte aligned) with `archive/data.pkl` (protocol
# 2, storages as BINPERSID ('storage', <StorageType>, key, location, numel)), `archive/data/<key>`,
# `archive/byteorder`, `archive/version`, `archive/.data/serialization_id`.

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils


def _rebuild_tensor_v2(*a):  # never called: only pickled by reference
    raise RuntimeError


_rebuild_tensor_v2.__module__ = "torch._utils"
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2
torch._utils = torch_utils


class FloatStorage:
    pass


FloatStorage.__module__ = "torch"
torch.FloatStorage = FloatStorage


class Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride = tuple(int(np.prod(self.shape[i + 1 :])) for i in range(len(self.shape)))
        return (
            _rebuild_tensor_v2,
            (self.storage, 0, self.shape, stride, False, collections.OrderedDict()),
        )


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def torch_pickle(obj):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(obj)
    return buf.getvalue()


def zip_bytes(members, compress=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = compress
            z.writestr(info, data)
    return buf.getvalue()


def torch_zip(data_pkl, storages, root="archive", compress=zipfile.ZIP_STORED):
    members = [(f"{root}/data.pkl", data_pkl), (f"{root}/byteorder", b"little")]
    members += [(f"{root}/data/{k}", v) for k, v in storages]
    members += [(f"{root}/version", b"3\n"), (f"{root}/.data/serialization_id", b"0123456789")]
    return zip_bytes(members, compress)


weights = np.arange(6, dtype=np.float32).tobytes()
state = collections.OrderedDict(
    [("fc.weight", Tensor(Storage("0", 6), (2, 3))), ("fc.bias", Tensor(Storage("1", 2), (2,)))]
)
state_pkl = torch_pickle(state)
storages = [("0", weights), ("1", np.zeros(2, np.float32).tobytes())]
out("ok.safe.torch-state-dict.pt", torch_zip(state_pkl, storages), True)
out("ok.safe.torch-state-dict-deflated.pt", torch_zip(state_pkl, storages, "model", zipfile.ZIP_DEFLATED))
out("ok.safe.torch-state-dict-named-zip.zip", torch_zip(state_pkl, storages, "ckpt"))
out("ng.malicious.torch-zip-reduce.pt", torch_zip(call("posix", "system", "id", proto=2), []), True)
out(
    "ng.malicious.torch-zip-second-pkl.pt",
    zip_bytes(
        [("archive/data.pkl", state_pkl), ("archive/extra.pkl", call("builtins", "exec", "x=1"))]
        + [(f"archive/data/{k}", v) for k, v in storages]
        + [("archive/version", b"3\n")]
    ),
)

# Legacy torch.save (< 1.6): magic number, protocol, sys info, the object, storage keys, storage data.
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


def legacy(obj_pickle, magic_pickle=None):
    parts = [
        magic_pickle or pickle.dumps(LEGACY_MAGIC, protocol=2),
        pickle.dumps(1001, protocol=2),
        pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2),
        obj_pickle,
        pickle.dumps(["0", "1"], protocol=2),
        struct.pack("<q", 6) + weights,
    ]
    return b"".join(parts)


out("ok.safe.torch-legacy.pth", legacy(state_pkl), True)
out("ng.malicious.torch-legacy-reduce.pth", legacy(call("posix", "system", "id", proto=2)))
# The magic number built by a call instead of a literal (a picklescan bypass).
out(
    "ng.malicious.torch-legacy-magic-by-call.pth",
    legacy(call("posix", "system", "id", proto=2), call("builtins", "int", "0x1950a86a20f9469cfc6c", proto=2)),
)

# ---- numpy ---------------------------------------------------------------------------------


def npy(array, allow_pickle=False):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=allow_pickle)
    return buf.getvalue()


out("ok.safe.float-array.npy", npy(np.arange(10, dtype=np.float64)), True)
evil_objects = np.empty(2, dtype=object)
evil_objects[0] = Evil()
evil_objects[1] = 1
out("ng.malicious.object-array.npy", npy(evil_objects, True), True)
plain_objects = np.array([{"a": 1}, [1, 2]], dtype=object)
out("ok.safe.object-array-plain.npy", npy(plain_objects, True))


def npz(**arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


out("ok.safe.arrays.npz", npz(a=np.ones(3), b=np.zeros((2, 2))))
out("ng.malicious.object-array.npz", npz(a=np.ones(3), evil=evil_objects), True)

# ---- joblib --------------------------------------------------------------------------------

try:
    import joblib

    def jl(obj, **kw):
        path = os.path.join(OUT, ".joblib-tmp")
        joblib.dump(obj, path, **kw)
        with open(path, "rb") as f:
            data = f.read()
        os.remove(path)
        return data

    if lr is not None:
        out("ng.library.joblib-sklearn.joblib", jl(lr), True)
        out("ng.library.joblib-sklearn-zlib.joblib", jl(lr, compress=3))
    # joblib wraps arrays in its own NumpyArrayWrapper class: a library class, not weights-only.
    out("ng.library.joblib-array.joblib", jl(np.arange(100, dtype=np.float32)))
    out("ng.malicious.joblib-reduce.joblib", jl({"model": Evil()}), True)
    out("ng.malicious.joblib-reduce-zlib.joblib", jl({"model": Evil()}, compress=("zlib", 3)))
except ImportError:
    pass

# ---- Keras v3 .keras: a zip of config.json, metadata.json, model.weights.h5 ----------------------


def keras(layers):
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"name": "sequential", "layers": layers},
        "registered_name": None,
    }
    return zip_bytes(
        [
            ("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-01-01"})),
            ("config.json", json.dumps(config, sort_keys=True)),
            ("model.weights.h5", b"\x89HDF\r\n\x1a\n" + bytes(64)),
        ],
        zipfile.ZIP_DEFLATED,
    )


dense = {"module": "keras.layers", "class_name": "Dense", "config": {"units": 2}, "registered_name": None}
out("ok.safe.keras-dense.keras", keras([dense]), True)
lambda_layer = {
    "module": "keras.layers",
    "class_name": "Lambda",
    "config": {"function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}},
    "registered_name": None,
}
out("ng.malicious.keras-lambda.keras", keras([dense, lambda_layer]), True)

# ---- safetensors and GGUF: formats without code -----------------------------------------------


def safetensors():
    header = {"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "__metadata__": {"format": "pt"}}
    h = json.dumps(header, sort_keys=True).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + weights


out("ok.safe.weights.safetensors", safetensors(), True)


def gguf():
    def s(x):
        b = x.encode()
        return struct.pack("<Q", len(b)) + b

    kv = s("general.architecture") + struct.pack("<I", 8) + s("llama")
    return b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + kv


out("ok.safe.model.gguf", gguf(), True)

# ---- hostile files ---------------------------------------------------------------------------

evil = call("posix", "system", "id")
# Truncated after the call was built: the import is still reported.
out("ng.malicious.truncated.pkl", evil[:-2])
# Cyclic memo: a list that contains itself (what pickle writes for `l = []; l.append(l)`).
cyclic = []
cyclic.append(cyclic)
out("ok.safe.cyclic-list.pkl", pickle.dumps(cyclic, protocol=4))
# A declared billion-element string (BINUNICODE8 of 2**30 bytes) that is not there: read as
# truncated, never allocated; nothing runs before it, so it is safe.
out("ok.safe.billion-length.pkl", b"\x80\x04\x8d" + struct.pack("<Q", 1 << 30) + b"x" * 16 + b".")
# A million DUPs: bounded stack, never a crash.
out("ok.safe.million-dup.pkl", b"\x80\x04K\x01" + b"2" * 1_000_000 + b".")
# A zip bomb: a deflated member whose pickle is followed by 192 MiB of zeros (compresses ~1000:1).
if not SMALL:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("archive/data.pkl", ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(evil)
            chunk = bytes(1 << 20)
            for _ in range(192):
                f.write(chunk)
    out("ng.malicious.zip-bomb.pt", bomb.getvalue())

# ZIP tricks: a wrong CRC, the encryption flag set on plain data, a member with a data descriptor.
def patch_member(data, name, fn):
    """Apply fn(bytearray, local_header_offset, central_header_offset) for member `name`."""
    b = bytearray(data)
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo(name)
    central = b.rfind(b"PK\x01\x02" + data[data.find(b"PK\x01\x02") + 4 : data.find(b"PK\x01\x02") + 4], 0)
    # Find the central entry for `name`.
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + n] == name.encode():
            central = at
            break
        at = data.find(b"PK\x01\x02", at + 4)
    fn(b, info.header_offset, central)
    return bytes(b)


evil_zip = torch_zip(call("posix", "system", "id", proto=2), [])


def bad_crc(b, local, central):
    struct.pack_into("<I", b, local + 14, 0xDEADBEEF)
    struct.pack_into("<I", b, central + 16, 0xDEADBEEF)


def encrypted_flag(b, local, central):
    b[local + 6] |= 1
    b[central + 8] |= 1


out("ng.malicious.zip-bad-crc.pt", patch_member(evil_zip, "archive/data.pkl", bad_crc), True)
out("ng.malicious.zip-encrypted-flag.pt", patch_member(evil_zip, "archive/data.pkl", encrypted_flag), True)
# Really encrypted (the flag set and the data scrambled): cannot be read, so it is unsupported.
scrambled = torch_zip(bytes((i * 37 + 11) & 0xFF for i in range(64)), [])
out("ng.unsupported.zip-encrypted.pt", patch_member(scrambled, "archive/data.pkl", encrypted_flag), True)

# A safe file whose name says model but whose content is text: not a model file at all.
out("ok.none.text-named-pkl.pkl", b"just some notes, not a pickle\n")

print(json.dumps({"dir": OUT, "files": sorted(written)}))
