"""Set up a fresh Metabase for juesuan: its admin user, and the warehouse as the analyst login.

Run once by the ``metabase-setup`` service of docker-compose.yml (standard
library only). It waits for Metabase, creates the admin with the setup token
(or logs in when Metabase is already set up), then adds the PostgreSQL
warehouse connected as the analyst login and limited to the schema ``marts`` —
unless a database of that name is already there. Running it again changes
nothing.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request

MB_URL = os.environ.get("MB_URL", "http://metabase:3000").rstrip("/")
WAREHOUSE_NAME = os.environ.get("MB_WAREHOUSE_NAME", "juesuan 部门决算")


def call(method: str, path: str, body: dict | None = None, session: str | None = None):
    request = urllib.request.Request(MB_URL + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if session:
        request.add_header("X-Metabase-Session", session)
    with urllib.request.urlopen(request, timeout=120) as response:
        text = response.read().decode() or "null"
    return json.loads(text)


def wait_for_metabase(seconds: int = 600) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if call("GET", "/api/health").get("status") == "ok":
                return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"Metabase at {MB_URL} did not become healthy in {seconds} s")
        time.sleep(5)


def admin_session() -> str:
    email, password = os.environ["MB_ADMIN_EMAIL"], os.environ["MB_ADMIN_PASSWORD"]
    properties = call("GET", "/api/session/properties")
    token = properties.get("setup-token") or properties.get("setup_token")
    if token and not properties.get("has-user-setup"):
        created = call("POST", "/api/setup", {
            "token": token,
            "user": {"first_name": "juesuan", "last_name": "admin", "email": email, "password": password,
                     "site_name": "juesuan 部门决算"},
            "prefs": {"site_name": "juesuan 部门决算", "site_locale": os.environ.get("MB_SITE_LOCALE", "zh"),
                      "allow_tracking": False},
        })
        print(f"metabase: admin {email} created")
        return created["id"]
    return call("POST", "/api/session", {"username": email, "password": password})["id"]


def add_warehouse(session: str) -> None:
    listed = call("GET", "/api/database", session=session)
    databases = listed.get("data", []) if isinstance(listed, dict) else listed
    if any(d.get("name") == WAREHOUSE_NAME for d in databases):
        print(f"metabase: database {WAREHOUSE_NAME!r} already configured")
        return
    call("POST", "/api/database", {
        "engine": "postgres",
        "name": WAREHOUSE_NAME,
        "details": {
            "host": os.environ.get("WAREHOUSE_HOST", "db"),
            "port": int(os.environ.get("WAREHOUSE_PORT", "5432")),
            "dbname": os.environ.get("WAREHOUSE_DB", "juesuan"),
            "user": os.environ.get("ANALYST_LOGIN", "metabase"),
            "password": os.environ["ANALYST_PASSWORD"],
            "ssl": False,
            # analysts read the schema marts only (the login could not read the others anyway)
            "schema-filters-type": "inclusion",
            "schema-filters-patterns": "marts",
        },
    }, session=session)
    print(f"metabase: database {WAREHOUSE_NAME!r} added, connected as the analyst login")


def main() -> None:
    wait_for_metabase()
    session = admin_session()
    # the analyst login is created by the loader's set-up; retry until it exists
    for attempt in range(60):
        try:
            add_warehouse(session)
            return
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")[:300]
            print(f"metabase: adding the warehouse failed ({err.code}: {detail}); retrying in 10 s", file=sys.stderr)
            time.sleep(10)
    sys.exit("metabase: could not add the warehouse; is the loader's set-up done?")


if __name__ == "__main__":
    main()
