"""Benchmark the HubSpot sandbox on a large demo portal; prints one JSON object.

    .venv/bin/python bench/bench_sandbox_hubspot.py                 # 100k companies
    .venv/bin/python bench/bench_sandbox_hubspot.py --accounts 5000

Phases: generate (the shared demo generator), translate (canonical records
into the portal's columns), start (the server), then a full paged read of
every company with ``associations=contacts`` (100 a page) from a separate
process, once with httpx and once with the official ``hubspot-api-client``.
The sandbox process's peak RSS (reached while the demo generator's records
are alive) and its RSS once serving are reported too.

The read runs with the 10-second window lifted: under HubSpot's own limit
(190 requests per 10 s) a 100-per-page read cannot pass 1,900 records/s, so
the figure measures what the sandbox can serve, not what a portal allows.
Targets: start (generate + translate + start) under 30 s; read over 2,000
records/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

TARGETS = {"start_seconds": 30.0, "read_records_per_second": 2000.0}


def _client(url: str, token: str, how: str) -> dict[str, Any]:
    """Read every company with its contacts; runs in a child process."""
    started = time.perf_counter()
    records = links = pages = 0
    after: str | None = None
    if how == "httpx":
        import httpx  # noqa: PLC0415

        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
            while True:
                params = {"limit": "100", "properties": "name,annualrevenue,hubspot_owner_id"}
                params["associations"] = "contacts"
                if after:
                    params["after"] = after
                page = (
                    http.get("/crm/v3/objects/companies", params=params).raise_for_status().json()
                )
                pages += 1
                for company in page["results"]:
                    records += 1
                    links += len(
                        company.get("associations", {}).get("contacts", {}).get("results", [])
                    )
                after = page.get("paging", {}).get("next", {}).get("after")
                if not after:
                    break
    else:
        from hubspot import HubSpot  # noqa: PLC0415

        api = HubSpot(access_token=token, host=url).crm.companies.basic_api
        while True:
            page = api.get_page(
                limit=100,
                after=after,
                properties=["name", "annualrevenue", "hubspot_owner_id"],
                associations=["contacts"],
            )
            pages += 1
            for company in page.results:
                records += 1
                if company.associations:
                    links += len(company.associations["contacts"].results)
            if page.paging is None:
                break
            after = page.paging.next.after
    seconds = time.perf_counter() - started
    return {
        "client": how,
        "pages": pages,
        "records": records,
        "association_entries": links,
        "seconds": round(seconds, 2),
        "records_per_second": round(records / seconds),
    }


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    """Resident memory now (Linux), to show what the portal keeps once the demo is gone."""
    try:
        with open("/proc/self/statm") as statm:  # noqa: PTH123
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return float("nan")


def main() -> None:
    """Run the phases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--client", nargs=3, metavar=("URL", "TOKEN", "HOW"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.client:
        print(json.dumps(_client(*args.client)))
        return

    from connector.sandbox import generate_demo  # noqa: PLC0415
    from connector.sandbox.hubspot import HubSpotSandbox, Limits  # noqa: PLC0415
    from connector.sandbox.hubspot._translate import build_portal  # noqa: PLC0415

    t0 = time.perf_counter()
    demo = generate_demo(args.seed, args.accounts)
    t1 = time.perf_counter()
    counts = {
        "accounts": len(demo.dataset.accounts),
        "contacts": len(demo.dataset.contacts),
        "activities": len(demo.dataset.activities),
        "deals": len(demo.dataset.deals),
    }
    portal = build_portal(demo.dataset, demo.deleted_records, demo.as_of)
    del demo
    t2 = time.perf_counter()
    box = HubSpotSandbox(portal, limits=Limits(burst=10**9))
    t3 = time.perf_counter()
    rss_serving = _current_rss_mb()
    reads = []
    try:
        for how in ("httpx", "hubspot-api-client"):
            out = subprocess.run(  # noqa: S603 - this very script, as the client
                [sys.executable, __file__, "--client", box.url, box.token, how],
                check=True,
                capture_output=True,
                text=True,
            )
            reads.append(json.loads(out.stdout))
    finally:
        box.close()
    figures = {
        "portal": counts,
        "generate_seconds": round(t1 - t0, 2),
        "translate_seconds": round(t2 - t1, 2),
        "server_start_seconds": round(t3 - t2, 3),
        "start_seconds": round(t3 - t0, 2),
        "reads": reads,
        "peak_rss_mb": round(_rss_mb()),
        "rss_while_serving_mb": round(rss_serving),
        "targets": TARGETS,
        "met": {
            "start_seconds": t3 - t0 < TARGETS["start_seconds"],
            "read_records_per_second": all(
                r["records_per_second"] > TARGETS["read_records_per_second"] for r in reads
            ),
        },
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
