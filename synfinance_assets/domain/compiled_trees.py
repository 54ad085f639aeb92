"""A LightGBM booster compiled to native code and cached on disk, to score a day in batch.

lleaves turns each tree into machine code for this CPU (LLVM): its probabilities equal
``booster.predict``'s to about 1e-15 and come several times faster. Compiling costs
seconds to tens of seconds, so the object is kept in a cache folder and reused for
as long as the same model scores on the same CPU.

lleaves checks neither the model nor the CPU of an object it reloads: the object's name
is a hash of the model's text and of the CPU (and of the compiler's version), so a new
champion or another machine compiles its own. It is compiled under a temporary name and
moved into place, so a run never reads an object another run is still writing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import lightgbm as lgb
import lleaves
import llvmlite.binding as llvm
import numpy as np
import polars as pl

BLOCK_ROWS = 65_536  # rows scored at a time (37 MB of 71 features)


@dataclass(frozen=True)
class CompiledTrees:
    """A booster's trees as native code: ``predict`` gives the booster's probabilities."""

    model: lleaves.Model
    object_file: Path

    def predict(
        self, frame: pl.DataFrame, features: list[str], block_rows: int = BLOCK_ROWS
    ) -> np.ndarray:
        """The probability of each row of ``frame`` from its columns ``features`` (the
        booster's, in its order), computed on every core."""
        # lleaves reads rows of float64 in C order. Each block is cast and laid out on its
        # own, in memory the allocator reuses block after block: the whole day as one
        # matrix would be half a gigabyte of fresh pages, slow to fault in.
        columns = frame.select(features)
        probability = np.empty(frame.height)
        for start in range(0, frame.height, block_rows):
            rows = columns.slice(start, block_rows).cast(pl.Float64).to_numpy(order="c")
            probability[start : start + len(rows)] = self.model.predict(rows, n_jobs=os.cpu_count())
        return probability


def compile_trees(booster: lgb.Booster, cache_dir: Path) -> CompiledTrees:
    """``booster`` compiled for this CPU: its object reused from ``cache_dir`` when there,
    else compiled and left there."""
    text = booster.model_to_string()
    cache_dir.mkdir(parents=True, exist_ok=True)
    object_file = cache_dir / f"{_fingerprint(text)}.o"
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".compiling-") as scratch:
        # lleaves reads the model's header from a file even when it reloads the object
        model_file = Path(scratch) / "model.txt"
        model_file.write_text(text)
        model = lleaves.Model(model_file=str(model_file))
        if object_file.exists():
            model.compile(cache=str(object_file))
        else:
            partial = Path(scratch) / object_file.name
            model.compile(cache=str(partial))
            os.replace(partial, object_file)
    return CompiledTrees(model, object_file)


def _fingerprint(model_text: str) -> str:
    """What the object depends on: the model, the CPU it is compiled for, the compiler."""
    parts = (
        model_text,
        llvm.get_host_cpu_name(),
        _host_cpu_features(),
        version("lleaves"),
        version("llvmlite"),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _host_cpu_features() -> str:
    try:
        return llvm.get_host_cpu_features().flatten()
    except RuntimeError:  # LLVM cannot detect them on every host; lleaves then uses none
        return ""
