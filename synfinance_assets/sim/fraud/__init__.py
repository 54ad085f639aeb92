"""The fraud typology library: a persistent fraud network and cases that span days."""

from synfinance_assets.sim.fraud.network import FraudNetwork

__all__ = ["FraudNetwork"]
