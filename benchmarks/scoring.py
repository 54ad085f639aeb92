"""Batch scoring of one day as ``fraud_predictions`` does it, in a process of its own.

    python -m benchmarks.scoring MODEL.txt FEATURES.parquet

Prints one JSON line: rows per second for the compiled trees' scores of the day's frame,
its features laid out block by block (their object already cached, as once the champion
has scored a day), with the one-off seconds to compile them and LightGBM's own predict
seconds, on the whole day's matrix, beside. The asset runs in a fresh process for its
step; timed inside a process that has just generated and freed gigabytes, the figure
would include the allocator handing them back to the system.
"""

import argparse
import tempfile
from pathlib import Path

import lightgbm as lgb
import numpy as np
import polars as pl

from benchmarks.__main__ import emit, timed
from synfinance_assets.domain.compiled_trees import compile_trees
from synfinance_assets.domain.feature_catalogue import MODEL_FEATURES
from synfinance_assets.domain.training import matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", help="a LightGBM model file (the champion's booster)")
    parser.add_argument("features", help="one day of ml_features rows as Parquet")
    args = parser.parse_args()
    booster = lgb.Booster(model_file=args.model)
    frame = pl.read_parquet(args.features)
    with tempfile.TemporaryDirectory() as cache:
        _, compiling = timed(lambda: compile_trees(booster, Path(cache)))
        compiled, loading = timed(lambda: compile_trees(booster, Path(cache)))
    # warm-up: imports and first-call costs, as a long-lived step has
    compiled.predict(frame.head(1000), MODEL_FEATURES)
    probability, scoring = timed(lambda: compiled.predict(frame, MODEL_FEATURES))
    x = matrix(frame)
    expected, lightgbm = timed(lambda: booster.predict(x))
    emit("scoring_rate", frame.height / (loading + scoring), "rows/s", rows=frame.height,
         trees=booster.num_trees(), load_s=round(loading, 3), score_s=round(scoring, 3),
         compile_s=round(compiling, 1), lightgbm_predict_s=round(lightgbm, 3),
         max_abs_difference=float(np.abs(probability - expected).max()),
         note="batch scoring of one day in a process of its own, as fraud_predictions runs: "
         "the features laid out block by block, the champion's trees compiled to native "
         "code and reloaded from their cached object (compile_s once per champion and "
         "machine); LightGBM's own predict of the day's matrix for comparison")  # fmt: skip


if __name__ == "__main__":
    main()
