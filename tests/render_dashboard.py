"""Open a Superset dashboard in headless Chromium and report what every chart did (run by tests/test_dashboards.py
with the Superset virtualenv's Python, which has Playwright; the project's own environment does not).

    python render_dashboard.py BASE_URL USER PASSWORD DASHBOARD_ID FILTERS_JSON SCREENSHOT

FILTERS_JSON maps a native filter id to the values it is set to (a permalink carries them).
Prints one JSON object: the dashboard's charts (id, name), every chart-data response
(slice id, HTTP status, row counts, errors) and, per chart on the page, whether it drew
anything (a canvas, an svg or a table) and any error it shows.
"""
from __future__ import annotations

import json
import shutil
import sys
import time

from playwright.sync_api import sync_playwright


def login(page, base: str, user: str, password: str) -> None:
    """The login form's POST (with its CSRF token) in the browser's context, so the page has the session;
    checked, and tried again while a loaded machine answers slowly."""
    for _attempt in range(5):
        page.goto(base + "/login/")
        csrf = page.locator("input[name=csrf_token]").first.input_value()
        page.request.post(base + "/login/", form={"csrf_token": csrf, "username": user, "password": password})
        if page.request.get(base + "/api/v1/me/").ok:
            return
        page.wait_for_timeout(3000)
    raise RuntimeError(f"cannot log in to Superset at {base} as {user}")


def main(base: str, user: str, password: str, dashboard_id: int, filters: dict, screenshot: str) -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1600, "height": 1300}, locale="zh-CN")
        login(page, base, user, password)
        api = page.request
        csrf = api.get(base + "/api/v1/security/csrf_token/").json()["result"]
        charts = api.get(f"{base}/api/v1/dashboard/{dashboard_id}/charts").json()["result"]
        data_mask = {fid: {"extraFormData": {"filters": [{"col": col, "op": "IN", "val": values}]},
                           "filterState": {"value": values}, "ownState": {}}
                     for fid, (col, values) in filters.items()}
        link = api.post(f"{base}/api/v1/dashboard/{dashboard_id}/permalink",
                        data={"dataMask": data_mask, "activeTabs": [], "urlParams": []},
                        headers={"X-CSRFToken": csrf, "Referer": base + "/"}).json()

        responses = []

        def on_response(response):
            if "/api/v1/chart/data" not in response.url or response.request.method != "POST":
                return
            try:
                slice_id = (response.request.post_data_json or {}).get("form_data", {}).get("slice_id")
            except ValueError:
                slice_id = None
            try:
                body = response.json()
                results = [{"rowcount": q.get("rowcount"), "error": q.get("error")} for q in body.get("result", [])]
                message = body.get("message")
            except Exception as err:  # noqa: BLE001 - reported, the test asserts on it
                results, message = [], f"unreadable response: {err}"
            responses.append({"slice_id": slice_id, "status": response.status, "results": results,
                              "message": message})

        page.on("response", on_response)
        page.goto(link["url"])
        chart_ids = {c["id"] for c in charts}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = {r["slice_id"] for r in responses if r["slice_id"] in chart_ids}
            if done >= chart_ids:
                break
            page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")
        # a chart draws some time after its data arrives (more on a loaded machine): wait until every
        # holder has drawn or shows an error, up to a minute, then let animations settle
        script = """() => [...document.querySelectorAll('.dashboard-component-chart-holder')].map(h => ({
            title: (h.querySelector('.header-title, [data-test="editable-title"]') || {}).innerText || '',
            drawn: !!h.querySelector('canvas, svg.recharts-surface, table, .echarts-for-react'),
            error: [...h.querySelectorAll('.ant-alert-error, [data-test="chart-error"], .alert-danger')]
                     .map(e => e.innerText).join(' | ')}))"""
        deadline = time.monotonic() + 60
        drawn = page.evaluate(script)
        while time.monotonic() < deadline and not all(c["drawn"] or c["error"] for c in drawn):
            page.wait_for_timeout(1000)
            drawn = page.evaluate(script)
        page.wait_for_timeout(3000)  # animations settle before the screenshot
        drawn = page.evaluate(script)
        page.screenshot(path=screenshot, full_page=True)
        browser.close()
    return {"charts": [{"id": c["id"], "name": c["slice_name"]} for c in charts], "responses": responses,
            "drawn": drawn, "permalink": link["url"]}


if __name__ == "__main__":
    base_url, user_name, user_password, dashboard, filters_json, out = sys.argv[1:7]
    print(json.dumps(main(base_url, user_name, user_password, int(dashboard), json.loads(filters_json), out),
                     ensure_ascii=False))
