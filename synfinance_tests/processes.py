"""Helpers for tests that start long-running processes of their own."""

import subprocess


def stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """Ask ``process`` to end; kill it if it has not within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
