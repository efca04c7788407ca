"""Baseline for the README's batch figures: Smartcar's Python SDK building 100,000
authorize URLs with AuthClient.get_auth_url in one in-memory loop (no files, no process
start in the timing). Each call gets its own state, as each batch row gets its own vehicle.

    python3 -m venv target/sc-venv && target/sc-venv/bin/pip install smartcar
    target/sc-venv/bin/python scripts/smartcar_python_baseline.py
"""

import time

import smartcar

LINKS = 100_000

client = smartcar.AuthClient(
    client_id="8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
    client_secret="not-used-for-building-urls",
    redirect_uri="https://example.com/home",
    mode="live",
)
states = [f"00000000-0000-4000-8000-{n:012x}" for n in range(LINKS)]

started = time.perf_counter()
for state in states:
    client.get_auth_url(["read_vehicle_info"], {"state": state})
elapsed = time.perf_counter() - started

print(f"smartcar {smartcar.__version__ if hasattr(smartcar, '__version__') else ''}".strip())
print(f"{LINKS} links in {elapsed:.3f} s: {elapsed / LINKS * 1e6:.2f} µs per link")
