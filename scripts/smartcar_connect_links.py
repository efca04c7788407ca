"""Smartcar's Python SDK building new-connection links, for crates/core/tests/core/connect_sdk.rs.

Reads a JSON list of option sets on stdin, each
    {"client_id", "redirect_uri" (or null), "mode", "scope": [...], "options": {...}}
with `options` exactly as AuthClient.get_auth_url takes them, and writes the JSON list of
the links it builds, in the same order. One process for every set keeps the test quick.
"""

import json
import sys

import smartcar

links = []
for case in json.load(sys.stdin):
    client = smartcar.AuthClient(
        client_id=case["client_id"],
        client_secret="not-used-for-building-links",
        redirect_uri=case["redirect_uri"],
        mode=case["mode"],
    )
    links.append(client.get_auth_url(case["scope"], case["options"]))
json.dump(links, sys.stdout)
