"""Screenshots of the running demo server for the README, with headless Chromium.

Usage (with `make demo` running in another terminal):
    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8069] [--db apartment_demo]

Logs in through /web/session/authenticate, hands the session cookie to Chromium over the
DevTools protocol and saves one PNG per page into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py --phone

takes the tenant's portal pages instead, on a 390x844 phone viewport (whole page), and prints
for each page whether it scrolls sideways and the action targets lower than 44 px.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = [
    # (file name, login, path)
    ("dashboard.png", "admin", "/odoo/action-apartment_crm.apartment_dashboard_action"),
    ("tenants_by_tier.png", "admin", "/odoo/action-apartment_crm.res_partner_action_tenant"),
    ("service_tickets.png", "admin", "/odoo/action-apartment_crm_sla.helpdesk_ticket_action_sla"),
    ("renewals.png", "admin", "/odoo/action-apartment_crm_renewal.apartment_lease_renewal_action"),
    (
        "events_calendar.png",
        "admin",
        "/odoo/action-apartment_crm_event.event_event_action_community",
    ),
    ("leases.png", "admin", "/odoo/action-apartment_crm.apartment_lease_action"),
    ("units_kanban.png", "admin", "/odoo/action-apartment_crm.apartment_unit_action"),
    ("properties.png", "admin", "/odoo/action-apartment_crm.apartment_property_action"),
]

PHONE_PAGES = [
    ("phone_tenant_home_en.png", "tenant_en", "/my"),
    ("phone_tenant_home_zh.png", "tenant_zh", "/my"),
    ("phone_tenant_events.png", "tenant_en", "/my/events"),
    ("phone_tenant_points.png", "tenant_en", "/my/points"),
    ("phone_tenant_tickets.png", "tenant_en", "/my/tickets"),
]
# What the phone check measures on each page (the browser tours assert the same).
PHONE_CHECK = """(() => {
    const root = document.documentElement;
    const small = [...document.querySelectorAll('#wrap .btn, #wrap .list-group-item-action')]
        .filter((el) => el.offsetParent && el.getBoundingClientRect().height < 44)
        .map((el) => el.textContent.trim().slice(0, 30));
    return JSON.stringify({scroll: root.scrollWidth - root.clientWidth, small: small});
})()"""


def authenticate(base, db, login, password):
    payload = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}
    ).encode()
    request = urllib.request.Request(
        f"{base}/web/session/authenticate",
        data=payload,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers.get("Set-Cookie", "")
    return cookie.split("session_id=")[1].split(";")[0]


class Chrome:
    def __init__(self, port=9333):
        self.port = port
        self.profile = tempfile.mkdtemp(prefix="apt_chrome_")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as r:
                    targets = json.load(r)
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:  # noqa: BLE001 - Chromium is still starting
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.msg_id = 0

    def call(self, method, **params):
        self.msg_id += 1
        self.ws.send(json.dumps({"id": self.msg_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.msg_id:
                return message.get("result", {})

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="apartment_demo")
    parser.add_argument("--out", default=os.path.join(REPO, "docs", "screenshots"))
    parser.add_argument("--wait", type=float, default=2.0, help="seconds to let a view settle")
    parser.add_argument("--phone", action="store_true", help="the tenant's pages on a phone")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    chrome = Chrome()
    width, height, pages = (390, 844, PHONE_PAGES) if args.phone else (1440, 900, PAGES)
    try:
        chrome.call("Network.enable")
        chrome.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=args.phone,
        )
        for filename, login, path in pages:
            session = authenticate(args.url, args.db, login, login)
            # A fresh browser per login: the previous user's frontend_lang cookie would pick the
            # page's language instead of this user's.
            chrome.call("Network.clearBrowserCookies")
            chrome.call("Network.setCookie", name="session_id", value=session, url=args.url)
            chrome.call("Page.navigate", url=f"{args.url}{path}")
            # The first page also builds the asset bundles: wait for a rendered view.
            deadline = time.time() + 90
            while time.time() < deadline:
                ready = chrome.call(
                    "Runtime.evaluate",
                    expression="!!document.querySelector('.o_view_controller, #wrap, main')",
                    returnByValue=True,
                )
                if ready.get("result", {}).get("value"):
                    break
                time.sleep(0.5)
            time.sleep(args.wait)
            shot = {"format": "png"}
            if args.phone:
                check = chrome.call("Runtime.evaluate", expression=PHONE_CHECK, returnByValue=True)
                print(path, login, check.get("result", {}).get("value"))
                metrics = chrome.call("Page.getLayoutMetrics")["cssContentSize"]
                shot.update(
                    captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": width, "height": metrics["height"], "scale": 1},
                )
            data = chrome.call("Page.captureScreenshot", **shot)["data"]
            with open(os.path.join(args.out, filename), "wb") as f:
                f.write(base64.b64decode(data))
            print("saved", os.path.join(args.out, filename))
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
