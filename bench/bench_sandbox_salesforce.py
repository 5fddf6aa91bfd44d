"""Benchmark the Salesforce sandbox on a big demo org; prints one JSON line.

    .venv/bin/python bench/bench_sandbox_salesforce.py --accounts 100000

Phases: ``start`` (generate the demo org, translate it, bind HTTPS; the
sandbox is serving when it ends), ``read_accounts`` (a full paged read of
every account through simple-salesforce's ``query_all_iter``, 2,000 records
a page, over loopback HTTPS), ``first_task_page`` (the first query on Task,
which indexes the 4 million activities), ``updated_accounts`` (getUpdated
over the last day), ``read_contacts`` (every contact, paged, for scale),
``task_since_count`` (a ``SystemModstamp >`` filter scanning every Task, the
worst case of an incremental query). Peak RSS is the process's high-water
mark.
Targets (100k accounts): start under 30 s, read over 2,000 records/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import UTC, datetime, timedelta

import requests
from simple_salesforce import Salesforce

from connector.sandbox.cli import SandboxOptions
from connector.sandbox.salesforce import open_sandbox

TARGETS = {"start_seconds": 30.0, "read_accounts_records_per_second": 2000.0}


def main() -> int:
    """Run the phases and print their figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    box = open_sandbox(SandboxOptions(accounts=args.accounts, seed=args.seed))
    start_seconds = time.perf_counter() - started
    try:
        session = requests.Session()
        session.trust_env = False
        session.verify = str(box.ca_bundle)
        sf = Salesforce(instance_url=box.url, session_id=box.session_id, session=session)

        t = time.perf_counter()
        count = sum(
            1
            for _ in sf.query_all_iter(
                "SELECT Id, Name, OwnerId, AnnualRevenue, SystemModstamp FROM Account"
            )
        )
        read_seconds = time.perf_counter() - t

        t = time.perf_counter()
        sf.query("SELECT Id, Subject, ActivityDate, WhoId, WhatId FROM Task LIMIT 2000")
        first_task = time.perf_counter() - t

        t = time.perf_counter()
        contacts = sum(
            1 for _ in sf.query_all_iter("SELECT Id, AccountId, Name, Title FROM Contact")
        )
        contacts_seconds = time.perf_counter() - t

        t = time.perf_counter()
        since = sf.query("SELECT COUNT() FROM Task WHERE SystemModstamp > 2026-11-24T00:00:00Z")
        since_seconds = time.perf_counter() - t

        t = time.perf_counter()
        now = datetime.now(UTC)
        updated = sf.Account.updated(now - timedelta(days=1), now)
        updated_seconds = time.perf_counter() - t
    finally:
        box.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "accounts": args.accounts,
        "start_seconds": round(start_seconds, 2),
        "read_accounts_records": count,
        "read_accounts_seconds": round(read_seconds, 2),
        "read_accounts_records_per_second": round(count / read_seconds),
        "first_task_page_seconds": round(first_task, 2),
        "updated_accounts_seconds": round(updated_seconds, 2),
        "updated_accounts_ids": len(updated["ids"]),
        "read_contacts_records": contacts,
        "read_contacts_records_per_second": round(contacts / contacts_seconds),
        "task_since_count_seconds": round(since_seconds, 2),
        "task_since_count": since["totalSize"],
        "peak_rss_mb": round(peak_mb),
        "targets": TARGETS,
    }
    figures["meets_targets"] = (
        figures["start_seconds"] < TARGETS["start_seconds"]
        and figures["read_accounts_records_per_second"]
        > TARGETS["read_accounts_records_per_second"]
    )
    print(json.dumps(figures))
    return 0 if figures["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
