# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .tour_common import StrictConsoleMixin


@tagged("post_install", "-at_install")
class TestStrictConsole(StrictConsoleMixin, HttpCase):
    """The role tours' runner fails on a console warning, which Odoo's alone only logs."""

    def test_console_warning_fails_the_browser_test(self):
        code = "console.warn('apartment strict check'); console.log('test successful')"
        with (
            mute_logger(self._logger.getChild("browser").name),
            self.assertRaisesRegex(AssertionError, "apartment strict check"),
        ):
            self.browser_js("/web/login", code)

    def test_quiet_page_passes(self):
        self.browser_js("/web/login", "console.log('test successful')")
