"""Letting go of what the simulation keeps from one day to the next in a process."""

import ctypes
import gc

from synfinance_assets.sim import devices, households, world
from synfinance_assets.sim.fraud import cases, network


def release_simulation() -> None:
    """Forget the cached worlds, handsets, households and rendered fraud cases. A day's
    rendering keeps them for the next day; the steps that follow the rendering in the
    same process (the nightly features) render nothing and need the memory (about half a
    gigabyte for the large profile's world)."""
    for cached in (
        world.cached_world,
        households.household_devices,
        devices._changes_in_block,
        devices._phone_changes_before,
        cases._planned,
        cases._cumulative_exposure,
        network._slot_holders,
    ):
        cached.cache_clear()
    gc.collect()
    _return_free_heap()


def _return_free_heap() -> None:
    """Hand the C heap's free pages back to the system: NumPy's freed arrays stay with the
    process otherwise (glibc raises its threshold for giving big blocks back as the
    process frees them)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc
        pass
