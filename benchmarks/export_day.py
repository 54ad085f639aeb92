"""Export one day of a table as ``dataset_export`` does, in a process of its own.

    python -m benchmarks.export_day DATABASE_URL TABLE YYYY-MM-DD FORMAT DIR

Prints one JSON line: rows per second from Postgres to the file, with the process's peak
memory (the export streams the day in batches, so the peak stays near a batch's size
however large the day).
"""

import argparse
import datetime as dt

from benchmarks.__main__ import emit, peak_rss_mb, timed
from synfinance_assets.settings import resolve_warehouse_url
from synfinance_assets.warehouse import export as exporting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("table", choices=list(exporting.EXPORTED_TABLES))
    parser.add_argument("day", type=dt.date.fromisoformat)
    parser.add_argument("format", choices=list(exporting.FORMATS))
    parser.add_argument("to")
    args = parser.parse_args()
    url = resolve_warehouse_url(args.database_url)
    written, seconds = timed(
        lambda: exporting.export_day(url, args.table, args.day, args.to, args.format)
    )
    emit(f"export_rate_{args.format}", written.rows / seconds, "rows/s", rows=written.rows,
         table=args.table, megabytes=round(written.bytes / 1e6, 1),
         peak_rss_mb=round(peak_rss_mb()),
         note="one day from Postgres to a file in batches (the dataset_export asset)")  # fmt: skip


if __name__ == "__main__":
    main()
