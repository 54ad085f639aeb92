"""Rendering days: pure functions of (seed, date), parts independent, habits that show."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.render import TRANSACTION_COLUMNS, render_day
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, default_mix
from synfinance_assets.warehouse.models import Transaction
from synfinance_tests import simulated

MARCH = [dt.date(2025, 3, 1) + dt.timedelta(days=i) for i in range(30)]


@pytest.fixture(scope="module")
def world():
    return simulated.world(5, 5_000, 800)


@pytest.fixture(scope="module")
def month(world):
    return simulated.days(world, MARCH)


def test_columns_are_the_stored_table(month):
    assert month.columns == TRANSACTION_COLUMNS
    assert set(TRANSACTION_COLUMNS) == {c.name for c in Transaction.__table__.columns}


def test_a_day_is_a_pure_function_of_seed_and_date(world, month):
    net = simulated.network(world)
    day = MARCH[9]
    alone = render_day(world, net, day, simulated.plan())
    assert alone.equals(month.filter(pl.col("partition_date") == day))
    assert not alone.equals(render_day(simulated.world(6, 5_000, 800), net, day, simulated.plan()))
    local = alone["timestamp"].dt.convert_time_zone(TIMEZONE).dt.date()
    assert (local == day).all()
    assert alone["transaction_id"].is_unique().all()


def without_ids(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop("transaction_id", "original_transaction_id")


def test_a_new_fraud_share_leaves_genuine_payments_and_every_case_alone(world):
    day = MARCH[3]
    mix = default_mix(FRAUD_SCENARIOS)
    before = simulated.days(world, [day])
    after = simulated.days(world, [day], simulated.plan(fraud_mix={**mix, "card_testing": 0.6}))
    genuine = pl.col("fraud_type").is_null()
    assert without_ids(before.filter(genuine)).equals(without_ids(after.filter(genuine)))
    # each scenario now has more or fewer cases, but a case is the same case: keyed by number
    present = 0
    for label in FRAUD_SCENARIOS:
        rows = pl.col("fraud_type") == label
        old, new = (without_ids(f.filter(rows)).sort("fraud_case_id", "timestamp")
                    for f in (before, after))  # fmt: skip
        fewer, more = sorted((old, new), key=lambda f: f.height)
        present += fewer.height > 0
        assert fewer.equals(more.filter(pl.col("fraud_case_id").is_in(fewer["fraud_case_id"])))
    assert present >= len(FRAUD_SCENARIOS) - 2  # the rarest may have no case that day
    changed = pl.col("fraud_type") == "card_testing"
    assert after.filter(changed).height > before.filter(changed).height


def test_a_new_category_share_leaves_every_other_draw_alone(world, monkeypatch):
    day = MARCH[4]
    before = simulated.days(world, [day], simulated.plan(fraud_rate=0.0, anomaly_rate=0.0))
    weights = cat.KIND_WEIGHTS.copy()
    weights[0, cat.CATEGORY_INDEX["jewellery"]] *= 20
    monkeypatch.setattr(cat, "KIND_WEIGHTS", weights)
    after = simulated.days(world, [day], simulated.plan(fraud_rate=0.0, anomaly_rate=0.0))
    # the same people pay the same number of times at the same moments (refunds aside:
    # whether a purchase comes back depends on what was bought)
    paid = pl.col("status") != "refund"
    assert (
        before.filter(paid)
        .select("customer_id", "timestamp")
        .equals(after.filter(paid).select("customer_id", "timestamp"))
    )

    # payments to people and account transfers do not move at all
    others = pl.col("channel").is_in(["upi_p2p", "net_banking"]) & pl.col("merchant_id").is_null()
    assert without_ids(before.filter(others)).equals(without_ids(after.filter(others)))
    jewellery = pl.col("merchant_category") == "jewellery"
    assert after.filter(jewellery).height > 3 * before.filter(jewellery).height


def test_people_pay_the_same_circle_again(month):
    p2p = month.filter((pl.col("channel") == "upi_p2p") & ~pl.col("is_fraud")).sort("timestamp")
    again = p2p.select(
        pl.int_range(pl.len()).over("customer_id", "counterparty_customer_id") > 0
    ).to_series()
    assert again.mean() > 0.4


def test_activity_is_unequal_with_quiet_spells_and_dormant_accounts(world, month):
    genuine = month.filter(~pl.col("is_fraud"))
    days_paid = genuine.group_by("customer_id").agg(pl.col("partition_date").n_unique())
    share_of_customer_days = days_paid["partition_date"].sum() / (world.n_customers * len(MARCH))
    assert 0.45 < share_of_customer_days < 0.8
    per_customer = genuine.group_by("customer_id").len()["len"].sort(descending=True)
    assert per_customer.head(len(per_customer) // 10).sum() / per_customer.sum() > 0.25
    dormant = simulated.customers(world).filter(pl.col("account_status") == "dormant")
    assert dormant.height > 0
    assert genuine.filter(pl.col("customer_id").is_in(dormant["customer_id"])).is_empty()
    # a week or more without paying, between payments, is a habit of some
    dates = (
        genuine.select("customer_id", "partition_date")
        .unique()
        .sort("customer_id", "partition_date")
    )
    gaps = dates.with_columns(
        gap=pl.col("partition_date").diff().over("customer_id").dt.total_days()
    )
    assert gaps.filter(pl.col("gap") >= 7)["customer_id"].n_unique() > 0.03 * world.n_customers


def test_shop_spending_stays_within_income(world, month):
    """Usual spending: fraud and the deliberately unusual anomalies left out."""
    spend = (
        month.filter(~pl.col("is_fraud") & ~pl.col("is_anomaly"))
        .filter(pl.col("status") == "success")
        .filter(pl.col("merchant_id").is_not_null())
        .group_by("customer_id")
        .agg(spend=pl.col("amount").sum())
    )
    people = simulated.customers(world).join(spend, on="customer_id", how="left")
    ratio = people.select(pl.col("spend").fill_null(0) / pl.col("monthly_income_inr")).to_series()
    assert ratio.median() < 0.7
    assert ratio.quantile(0.9) < 1.6


def test_mandates_recur_on_their_day_for_the_same_amount(world):
    january, february = (simulated.days(world, [dt.date(2025, m, d) for d in range(1, 29)])
                         for m in (1, 2))  # fmt: skip

    def emis(frame):
        return frame.filter((pl.col("merchant_category") == "loan_emi") & ~pl.col("is_fraud")
                            & (pl.col("channel") == "net_banking")).select(
            "customer_id", day=pl.col("partition_date").dt.day(), amount="amount")  # fmt: skip

    both = emis(january).join(emis(february), on="customer_id", suffix="_next")
    assert both.height > 50
    repeated = (both["day"] == both["day_next"]) & (both["amount"] == both["amount_next"])
    assert repeated.mean() > 0.8


def test_amounts_have_the_shapes_people_pay(month):
    genuine = month.filter(~pl.col("is_fraud") & ~pl.col("is_anomaly"))
    p2p = genuine.filter(pl.col("channel") == "upi_p2p")["amount"]
    assert ((p2p % 100) == 0).mean() > 0.35
    kirana = genuine.filter(pl.col("merchant_category") == "kirana")["amount"]
    assert ((kirana % 1) == 0).all()
    shop = genuine.filter(
        pl.col("merchant_category").is_in(["apparel", "fast_food", "marketplace"])
    )
    assert (((shop["amount"] + 1) % 100 == 0) | ((shop["amount"] + 1) % 10 == 0)).mean() > 0.3
    assert (((genuine["amount"] * 100).round() % 100) != 0).mean() < 0.35  # paise are the minority
    recharges = genuine.filter(pl.col("merchant_category") == "mobile_recharge")["amount"]
    assert recharges.is_in([199.0, 299.0, 349.0]).mean() > 0.3
    assert p2p.max() <= 100_000  # NPCI's per-payment limit


def test_statuses_declines_retries_and_refunds(month):
    status = month["status"].value_counts(normalize=True)
    share = dict(status.iter_rows())
    assert 0.02 < share["declined"] < 0.08
    assert share["success"] > 0.9
    declined = month.filter(pl.col("status") == "declined")
    assert declined["decline_reason"].is_not_null().all()
    assert month.filter(pl.col("status") != "declined")["decline_reason"].is_null().all()
    refunds = month.filter(pl.col("status") == "refund")
    assert refunds.height > 0
    originals = refunds.join(
        month, left_on="original_transaction_id", right_on="transaction_id", suffix="_original"
    )
    assert originals.height == refunds.height
    assert (originals["customer_id"] == originals["customer_id_original"]).all()
    assert (originals["merchant_id"] == originals["merchant_id_original"]).all()
    assert (originals["amount"] <= originals["amount_original"]).all()
    assert (originals["timestamp"] > originals["timestamp_original"]).all()


def test_cards_record_whether_the_card_was_present(month):
    cards = month.filter(pl.col("channel").is_in(["credit_card", "debit_card"]))
    assert cards["card_present"].is_not_null().all()
    assert 0.3 < cards["card_present"].mean() < 0.8
    assert (
        month.filter(~pl.col("channel").is_in(["credit_card", "debit_card"]))["card_present"]
        .is_null()
        .all()
    )
    present = cards.filter(pl.col("card_present") & ~pl.col("is_fraud"))
    assert present.join(simulated.merchant_rows(), on="merchant_id")["is_online"].not_().all()


def test_phones_are_kept_for_months(month):
    """The phone a customer pays from most, week by week, rarely changes; a few people also
    pay from the household's other phone now and then."""
    genuine = month.filter(~pl.col("is_fraud") & pl.col("anomaly_type").ne_missing("new_phone"))
    weekly = genuine.group_by("customer_id", pl.col("partition_date").dt.week()).agg(
        usual=pl.col("device_id").mode().first()
    )
    phones = weekly.group_by("customer_id").agg(pl.col("usual").n_unique())["usual"]
    assert 0.0 < (phones > 1).mean() < 0.06
    in_app = genuine.filter(pl.col("card_present").is_null())  # cards may be on a computer
    regular = in_app.group_by("customer_id", "device_id").len().filter(pl.col("len") >= 3)
    two_phones = regular.group_by("customer_id").len()["len"] > 1
    assert 0.01 < two_phones.mean() < 0.1


def test_some_genuine_phones_serve_two_customers(month):
    """A relative's phone, borrowed by someone of the same household who banks here too:
    one device, two genuine customers (sharing a device is not fraud's alone)."""
    genuine = month.filter(~pl.col("is_fraud"))
    customers = genuine.group_by("device_id").agg(pl.col("customer_id").n_unique())["customer_id"]
    assert 0.005 < (customers >= 2).mean() < 0.05


def test_a_household_device_serves_relatives_and_is_nobodys_own_phone(month):
    """A family tablet or spare phone: relatives of one city pay from it now and then, and it
    is none of theirs (a device that two customers use and neither owns is not fraud's alone)."""
    genuine = month.filter(~pl.col("is_fraud"))
    usual = (
        genuine.group_by("customer_id", "device_id").len()
        .sort("len", "device_id", descending=True).group_by("customer_id").first()
    )  # fmt: skip
    others = genuine.filter(~pl.col("device_id").is_in(usual["device_id"].implode()))
    users = others.group_by("device_id").agg(pl.col("customer_id").n_unique())["customer_id"]
    assert (users >= 2).sum() >= 10 and (users >= 3).sum() >= 1


def test_some_accounts_are_run_from_another_city(world, month):
    """A son or daughter elsewhere runs a parent's account from their own phone: a device of
    two genuine customers of two cities (not a fraudster's alone), paying from where it is."""
    genuine = month.filter(~pl.col("is_fraud"))
    number = genuine["customer_id"].str.slice(1).cast(pl.Int64).to_numpy() - 1
    home = np.array(geo.CITY_NAMES)[world.customers.city[number]]
    rows = genuine.with_columns(home=pl.Series(home))
    cities = rows.group_by("device_id").agg(pl.col("home").n_unique())
    afar = rows.join(cities.filter(pl.col("home") >= 2), on="device_id")
    assert afar["device_id"].n_unique() >= 5
    # the parent's payments on it are made where the phone is: away from the parent's city
    away = afar.filter(pl.col("city").cast(pl.String) != pl.col("home"))
    assert away["customer_id"].n_unique() >= 5 and away["merchant_id"].null_count() > 0


def test_diwali_peaks_sharply_while_its_month_moves_little():
    world = simulated.world(5, 5_000, 800)
    october = simulated.days(world, [dt.date(2025, 10, d) for d in range(1, 32)])
    daily = october.group_by("partition_date").len().sort("partition_date")
    by_day = dict(daily.iter_rows())
    mean = daily["len"].mean()
    assert by_day[dt.date(2025, 10, 20)] > 1.2 * mean  # Diwali
    assert by_day[dt.date(2025, 10, 18)] > 1.2 * mean  # Dhanteras
    jewellery = october.filter(pl.col("merchant_category") == "jewellery").group_by(
        "partition_date").len()  # fmt: skip
    assert dict(jewellery.iter_rows())[dt.date(2025, 10, 18)] > 3 * jewellery["len"].median()
    ordinary = [d for d in by_day if d.day in range(6, 16)]
    assert np.mean([by_day[d] for d in ordinary]) < 1.1 * mean


def test_every_payment_names_a_merchant_of_its_category(month):
    merchants = simulated.merchant_rows().select("merchant_id", "category")
    shop = month.filter(pl.col("merchant_id").is_not_null()).join(merchants, on="merchant_id")
    assert shop.height == month.filter(pl.col("merchant_id").is_not_null()).height
    assert (shop["merchant_category"] == shop["category"]).all()


def test_declines_fall_on_every_channel(month):
    declined = (pl.col("status") == "declined").mean()
    genuine = month.filter(~pl.col("is_fraud")).group_by("channel").agg(declined)
    rates = dict(genuine.iter_rows())
    assert all(0.015 < rate < 0.08 for rate in rates.values()), rates
    # stolen card details that fail their tests add to the cards' declines
    everything = dict(month.group_by("channel").agg(declined).iter_rows())
    assert all(0.015 < rate < 0.15 for rate in everything.values()), everything


def test_every_anomaly_appears_with_its_signature(world, month):
    anomalies = month.filter(pl.col("is_anomaly"))
    assert set(anomalies["anomaly_type"]) == set(ANOMALY_SCENARIOS)
    assert not anomalies["is_fraud"].any()
    usual_phone = month.group_by("customer_id").agg(usual=pl.col("device_id").mode().first())
    new_phone = anomalies.filter(pl.col("anomaly_type") == "new_phone").join(
        usual_phone, on="customer_id"
    )
    assert (new_phone["device_id"] != new_phone["usual"]).all()
    weddings = anomalies.filter(pl.col("anomaly_type") == "wedding_purchase")
    assert set(weddings["merchant_category"]) <= {"jewellery", "apparel"}
    firsts = anomalies.filter(pl.col("anomaly_type") == "first_in_category")
    assert (
        firsts["merchant_category"]
        .is_in(["education", "insurance", "investments", "healthcare", "government_tax"])
        .all()
    )


def test_people_travel_now_and_then(world, month):
    """Genuine payments are made away from home too, a few days at a time: distance from
    home is not something only fraud and anomalies have."""
    homes = simulated.customers(world).select("customer_id", home="city")
    usual = month.filter(  # payments to people are placed where the payer is
        ~pl.col("is_fraud") & ~pl.col("is_anomaly") & (pl.col("channel") == "upi_p2p")
    ).join(homes, on="customer_id")
    away = usual.filter(pl.col("city") != pl.col("home"))
    assert 0.005 < away.height / usual.height < 0.05
    days_away = away.group_by("customer_id").agg(pl.col("partition_date").n_unique())
    assert days_away["partition_date"].max() >= 2
