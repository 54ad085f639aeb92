"""Batch scoring of one day as ``fraud_predictions`` does it, in a process of its own.

    python -m benchmarks.scoring MODEL.txt FEATURES.parquet

Prints one JSON line: rows per second for the feature matrix and the LightGBM scores.
The asset runs in a fresh process for its step; timed inside a process that has just
generated and freed gigabytes, the figure would include the allocator handing them
back to the system.
"""

import argparse

import lightgbm as lgb
import polars as pl

from benchmarks.__main__ import emit, timed
from synfinance_assets.domain.training import matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", help="a LightGBM model file (the champion's booster)")
    parser.add_argument("features", help="one day of ml_features rows as Parquet")
    args = parser.parse_args()
    booster = lgb.Booster(model_file=args.model)
    frame = pl.read_parquet(args.features)
    matrix(frame.head(1000))  # warm-up: imports and first-call costs, as a long-lived step has
    x, elapsed = timed(lambda: matrix(frame))
    _, scoring = timed(lambda: booster.predict(x))
    emit("scoring_rate", len(x) / (elapsed + scoring), "rows/s", rows=len(x),
         trees=booster.num_trees(), matrix_s=round(elapsed, 3), predict_s=round(scoring, 3),
         note="batch scoring of one day in a process of its own, as fraud_predictions runs: "
         "the feature matrix and fraud_model's LightGBM scores")  # fmt: skip


if __name__ == "__main__":
    main()
