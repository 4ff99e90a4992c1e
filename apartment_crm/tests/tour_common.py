# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tests that fail on a console warning, not only on an error, and save screenshots.

Odoo 18's tour runner (``HttpCase.browser_js``) fails a test on ``console.error`` (and on an
uncaught exception, which Chromium reports as an error) but only logs ``console.warn``: an
unknown widget, a missing translation or a deprecated call would pass unnoticed. Tests that mix
in ``StrictConsoleMixin`` fail on any warning the page logged during the tour.

A tour step may also ``console.log("apartment_screenshot:<name>")``: when the environment
variable ``APARTMENT_TOUR_SCREENSHOTS`` names a folder (``docs/screenshots``), the browser's
viewport is saved there as ``<name>.png``.
"""

import base64
import logging
import os
import re
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

SCREENSHOT_SIGNAL = "apartment_screenshot:"
_logger = logging.getLogger(__name__)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        if record.levelno == logging.WARNING:
            self.messages.append(record.getMessage())


def _save_screenshot(browser, name):
    folder = os.environ.get("APARTMENT_TOUR_SCREENSHOTS")
    if not folder or not re.fullmatch(r"[\w-]+", name):
        return
    os.makedirs(folder, exist_ok=True)
    future = browser._websocket_send(
        "Page.captureScreenshot", params={"format": "png"}, with_future=True
    )

    def save(done):
        try:
            data = done.result(timeout=0)["data"]
        except Exception as error:  # noqa: BLE001 - a screenshot never fails the test
            _logger.info("screenshot %s not saved: %s", name, error)
            return
        path = os.path.join(folder, f"{name}.png")
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        _logger.info("screenshot saved: %s", path)

    future.add_done_callback(save)


class StrictConsoleMixin:
    """For an ``HttpCase``: ``browser_js`` (and so ``start_tour``) fails on a console warning."""

    def browser_js(self, *args, **kwargs):
        browser_logger = self._logger.getChild("browser")
        collector = _Collector()
        level = browser_logger.level
        browser_logger.addHandler(collector)
        # A quieter test log level (--log-level=error) must not hide the warnings.
        if browser_logger.getEffectiveLevel() > logging.WARNING:
            browser_logger.setLevel(logging.WARNING)
        handle_console = ChromeBrowser._handle_console

        def handle_console_with_screenshots(browser, type, args=None, **kw):  # noqa: A002
            if type == "log" and args:
                text = str(browser._from_remoteobject(args[0]))
                if text.startswith(SCREENSHOT_SIGNAL):
                    _save_screenshot(browser, text[len(SCREENSHOT_SIGNAL) :])
            return handle_console(browser, type, args=args, **kw)

        try:
            with patch.object(ChromeBrowser, "_handle_console", handle_console_with_screenshots):
                result = super().browser_js(*args, **kwargs)
        finally:
            browser_logger.removeHandler(collector)
            browser_logger.setLevel(level)
        self.assertFalse(
            collector.messages,
            "the browser console logged warnings:\n" + "\n".join(collector.messages),
        )
        return result
