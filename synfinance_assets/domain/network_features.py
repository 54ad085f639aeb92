"""Features of the other parties of a payment: the payee, the payer's habits with payees,
and the device, over the day and the week before it.

A mule account shows itself in what happens around it, not in any field of one payment:
many payers it has never been paid by before, money that leaves it soon after it
arrives. A fraudster's phone shows itself in the customers it is used by. These are
counted over every customer's payments, up to and including the payment's own time.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from synfinance_assets.domain.feature_catalogue import PARTIES, columns_of

WINDOW_DAYS = 7
_HOUR_MICROS = 3_600_000_000
_DAY_MICROS = 24 * _HOUR_MICROS
_DAY = f"{_DAY_MICROS}i"
_MERCHANT_OFFSET = 10**9  # payee numbers: customers as they are, merchants above this
# payee numbers in pair keys stay below 2**36; payers below 2**27 (10**8)
_PAIR_SHIFT = 2**27

NETWORK_FEATURE_COLUMNS = [c for c in columns_of(PARTIES) if c != "is_new_device"]
NETWORK_HISTORY_COLUMNS = ["transaction_id", "partition_date", "timestamp", "customer_id",
                           "amount", "device_id", "merchant_id", "counterparty_customer_id",
                           "fraud_reported_at"]  # fmt: skip


def network_features(
    history: pl.DataFrame, day: dt.date, last_paid: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The payee and device features of ``day``'s payments, one row each in id order.

    ``history`` holds the payments of ``day`` and of the ``WINDOW_DAYS`` before it
    (``NETWORK_HISTORY_COLUMNS``). The window's earlier days are summed per pair, payee
    and device (hash aggregates); the day itself is walked in time order. ``last_paid``
    (``customer_id``, ``last_at``) says when each customer last paid anyone before the
    day, for payees who did not pay in the two days loaded.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = lambda column: pl.col(column).str.slice(1).cast(pl.Int64)  # noqa: E731
    base = history.select(
        sequence=number("transaction_id"),  # ids are numbered in time order
        date=pl.col("partition_date"),
        micros=micros,
        payer=number("customer_id"),
        person=number("counterparty_customer_id"),
        payee=pl.coalesce(
            number("counterparty_customer_id"), number("merchant_id") + _MERCHANT_OFFSET
        ),  # fmt: skip
        device=number("device_id"),
        amount=pl.col("amount").cast(pl.Float64),
        reported=pl.col("fraud_reported_at").dt.epoch("us"),
    ).with_columns(
        pair=pl.col("payee") * _PAIR_SHIFT + pl.col("payer"),
    )
    # days are read and concatenated in order, and ids are numbered in time order
    if not base["sequence"].is_sorted():
        base = base.sort("sequence")
    earlier, today = base.filter(pl.col("date") < day), base.filter(pl.col("date") == day)
    pairs, device_pairs = _earlier_pairs(earlier)
    today = _today(today, pairs, device_pairs)
    yesterday = earlier.filter(pl.col("date") == day - dt.timedelta(days=1)).join(
        pairs.select("pair", "first_sequence"), on="pair", how="left", maintain_order="left"
    )
    recent = pl.concat(
        [
            yesterday.select(
                "sequence", "micros", "payer", "payee", "amount", today=pl.lit(False),
                payee_is_new=(pl.col("sequence") == pl.col("first_sequence")).cast(pl.Int32),
            ),
            today.select("sequence", "micros", "payer", "payee", "amount", today=pl.lit(True),
                         payee_is_new=pl.col("payee_is_new").cast(pl.Int32)),
        ],
        how="vertical_relaxed",
    )  # fmt: skip
    by_payee = _rolling_by(
        recent.filter(pl.col("payee").is_not_null()),
        "payee",
        payee_count_24h=pl.repeat(1, pl.len(), dtype=pl.Int32).rolling_sum_by("key", _DAY),
        payee_amount_sum_24h=pl.col("amount").rolling_sum_by("key", _DAY),
    )
    by_payer = _rolling_by(
        recent,
        "payer",
        new_payees_24h=pl.col("payee_is_new").fill_null(0).rolling_sum_by("key", _DAY),
        paid_so_far=pl.int_range(1, pl.len() + 1).over("payer"),
    )
    today_only = lambda frame, *columns: frame.filter("today").select("sequence", *columns)  # noqa: E731
    frame = today
    for part in (
        today_only(by_payee, "payee_count_24h", "payee_amount_sum_24h"),
        today_only(by_payer, "new_payees_24h"),
        _reported_to_payee(base, today),
        _payee_outgoing(by_payer, today, last_paid),
    ):
        frame = frame.join(part, on="sequence", how="left", maintain_order="left")
    return frame.with_columns(
        pl.col("payee_is_new", "device_is_new").cast(pl.Int16),
        amount_to_payee_avg_7d=pl.col("amount") / pl.col("payee_avg_amount_7d"),
    ).select(NETWORK_FEATURE_COLUMNS)


def _earlier_pairs(earlier: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The window's earlier days summed per (payee, payer) and per (device, payer) pair:
    the first payment, and the payments and rupees to the payee."""
    pairs = (
        earlier.filter(pl.col("payee").is_not_null())
        .group_by("pair")
        .agg(
            first_sequence=pl.col("sequence").min(),
            first_micros=pl.col("micros").min(),
            payments=pl.len(),
            # in whole paise: integer sums are exact in any order the hash groups take
            paise=(pl.col("amount") * 100).round().cast(pl.Int64).sum(),
        )
        .with_columns(payee=pl.col("pair") // _PAIR_SHIFT)
    )
    device_pairs = earlier.group_by("device", "payer").agg(first_micros=pl.col("micros").min())
    return pairs, device_pairs


def _today(today: pl.DataFrame, pairs: pl.DataFrame, device_pairs: pl.DataFrame):
    """The day's payments in time order, each against the earlier days and the day so far."""
    by_payee = pairs.group_by("payee").agg(
        earlier_payers=pl.len(),
        earlier_payments=pl.col("payments").sum(),
        earlier_rupees=pl.col("paise").sum() / 100,
    )
    by_device = device_pairs.group_by("device").agg(
        earlier_customers=pl.len(), device_first=pl.col("first_micros").min()
    )
    by_payer = device_pairs.group_by("payer").agg(earlier_devices=pl.len())
    joined = (
        today.join(pairs.select("pair", pair_first="first_micros"), on="pair", how="left",
                   maintain_order="left")
        .join(device_pairs.rename({"first_micros": "device_pair_first"}),
              on=["device", "payer"], how="left", maintain_order="left")
        .join(by_payee, on="payee", how="left", maintain_order="left")
        .join(by_device, on="device", how="left", maintain_order="left")
        .join(by_payer, on="payer", how="left", maintain_order="left")
    )  # fmt: skip
    has_payee = pl.col("payee").is_not_null()
    running = lambda expr, entity: expr.cum_sum().over(entity)  # noqa: E731  (up to this one)
    before = lambda expr, entity: (expr.cum_sum() - expr).over(entity)  # noqa: E731
    joined = joined.with_columns(
        payee_is_new=pl.when(has_payee).then(
            pl.col("pair_first").is_null() & pl.col("pair").is_first_distinct()
        ),
        device_is_new=pl.col("device_pair_first").is_null()
        & pl.struct("device", "payer").is_first_distinct(),
    ).with_columns(pl.col("payee_is_new", "device_is_new").cast(pl.Int32))
    payee_payments = pl.col("earlier_payments").fill_null(0) + pl.int_range(pl.len()).over("payee")
    payee_rupees = pl.col("earlier_rupees").fill_null(0.0) + before(pl.col("amount"), "payee")
    return joined.with_columns(
        payee_distinct_payers_7d=pl.when(has_payee).then(
            pl.col("earlier_payers").fill_null(0) + running(pl.col("payee_is_new"), "payee")
        ),
        payee_avg_amount_7d=pl.when(has_payee & (payee_payments > 0)).then(
            payee_rupees / payee_payments
        ),
        payer_payee_days_known=pl.when(has_payee).then(
            (pl.col("micros") - pl.coalesce("pair_first", pl.col("micros").min().over("pair")))
            / _DAY_MICROS
        ),
        device_customers_7d=pl.col("earlier_customers").fill_null(0)
        + running(pl.col("device_is_new"), "device"),
        distinct_devices_7d=pl.col("earlier_devices").fill_null(0)
        + running(pl.col("device_is_new"), "payer"),
        device_age_hours=(
            pl.col("micros")
            - pl.min_horizontal("device_first", pl.col("micros").min().over("device"))
        )
        / _HOUR_MICROS,
    ).with_columns(pl.col("payee_distinct_payers_7d", "device_customers_7d",
                          "distinct_devices_7d").cast(pl.Int32))  # fmt: skip


def _reported_to_payee(base: pl.DataFrame, today: pl.DataFrame) -> pl.DataFrame:
    """For the day's payments with a payee: how many payments to that payee in the window
    had been reported as fraud before this one (reports after it are not yet known)."""
    reports = (
        base.filter(pl.col("reported").is_not_null() & pl.col("payee").is_not_null())
        .select("payee", "reported")
        .sort("reported")
        .with_columns(reports_so_far=pl.int_range(1, pl.len() + 1).over("payee"))
    )
    asks = today.filter(pl.col("payee").is_not_null()).select("sequence", "payee", "micros")
    known = asks.join_asof(  # the day is in time order
        reports, left_on="micros", right_on="reported", by="payee",
        allow_exact_matches=False, check_sortedness=False,
    )  # fmt: skip
    return known.select(
        "sequence", payee_reported_fraud_7d=pl.col("reports_so_far").fill_null(0).cast(pl.Int32)
    )


def _rolling_by(frame: pl.DataFrame, entity: str, **windows: pl.Expr) -> pl.DataFrame:
    """``windows`` over each ``entity``'s rows in time order (every row, in that order).

    One sorted integer axis serves all entities: each entity's rows are spaced so far
    from the next one's that no window crosses between them.
    """
    # ``frame`` is in time order: a stable sort by entity keeps it within each entity
    inputs = sorted(_inputs(windows) - {entity, "micros"})
    ordered = frame.select("sequence", "today", entity, "micros", *inputs).sort(
        entity, maintain_order=True
    )
    span = int(ordered["micros"].max() - ordered["micros"].min()) + 2 * _DAY_MICROS
    first = pl.col(entity) != pl.col(entity).shift(1)
    return ordered.with_columns(
        key=first.fill_null(True).cum_sum().cast(pl.Int64) * span
        + pl.col("micros")
        - pl.col("micros").min()
    ).select("sequence", "today", entity, "micros", **windows)


def _inputs(windows: dict[str, pl.Expr]) -> set[str]:
    """The columns the window expressions read (besides the axis they roll along)."""
    return {name for expr in windows.values() for name in expr.meta.root_names()} - {"key"}


def _payee_outgoing(
    by_payer: pl.DataFrame, today: pl.DataFrame, last_paid: pl.DataFrame | None
) -> pl.DataFrame:
    """For the day's payments to a person: how often that person paid anyone in the 24
    hours before, and minutes since they last did (null: never in the 30 days before).
    ``by_payer`` holds everyone's payments of the day and the day before, in time order
    within each payer, with the count so far."""
    asks = today.filter(pl.col("person").is_not_null()).select("sequence", "person", "micros")
    own = by_payer.select(person="payer", micros="micros", paid_so_far="paid_so_far").join(
        asks.select(pl.col("person").unique()), on="person", how="semi", maintain_order="left"
    )  # only the people paid by the day's payments
    # both sides are in time order within each person, as the as-of join needs
    now = asks.join_asof(own.rename({"micros": "own_micros"}), left_on="micros",
                         right_on="own_micros", by="person", allow_exact_matches=False,
                         check_sortedness=False)  # fmt: skip
    day_before = asks.with_columns(pl.col("micros") - _DAY_MICROS).join_asof(
        own, on="micros", by="person", check_sortedness=False
    )
    if last_paid is not None:
        earlier = last_paid.select(
            person=pl.col("customer_id").str.slice(1).cast(pl.Int64),
            earlier_micros=pl.col("last_at").dt.epoch("us"),
        )
        now = now.join(earlier, on="person", how="left", maintain_order="left")
    else:
        now = now.with_columns(earlier_micros=pl.lit(None, pl.Int64))
    return now.join(day_before.select("sequence", then="paid_so_far"), on="sequence").select(
        "sequence",
        payee_outgoing_count_24h=(
            pl.col("paid_so_far").fill_null(0) - pl.col("then").fill_null(0)
        ).cast(pl.Int32),
        payee_minutes_since_own_payment=(
            pl.col("micros") - pl.coalesce("own_micros", "earlier_micros")
        )
        / 60e6,
    )
