# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestEventsUi(HttpCase):
    """The community views boot in the web client (headless Chromium), as a housekeeper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.users"].create(
            {
                "name": "Ui Housekeeper",
                "login": "ui_housekeeper",
                "password": "ui_housekeeper_pw",
                "groups_id": [(6, 0, [cls.env.ref("apartment_crm.group_apartment_user").id])],
            }
        )
        building = cls.env["apartment.property"].create({"name": "Ui Riverside", "code": "UI-R"})
        venue = cls.env["apartment.venue"].create(
            {"name": "Ui Room", "property_id": building.id, "capacity": 10}
        )
        cls.event = cls.env["event.event"].create(
            {
                "name": "Ui Dumplings",
                "date_begin": "2030-01-05 10:00:00",
                "date_end": "2030-01-05 12:00:00",
                "property_ids": [(6, 0, building.ids)],
                "venue_id": venue.id,
            }
        )

    def _open(self, path, ready, text):
        self.browser_js(
            path,
            code=f"""
                const body = document.querySelector('.o_action_manager').textContent;
                if (body.includes({text!r})) {{
                    console.log('test successful');
                }} else {{
                    console.error('{text} not shown: ' + body.slice(0, 300));
                }}
            """,
            ready=ready,
            login="ui_housekeeper",
        )

    def test_community_calendar_and_kanban(self):
        self._open(
            "/odoo/action-apartment_crm_event.event_event_action_community",
            "!!document.querySelector('.o_calendar_renderer')",
            "Community Events",
        )
        self._open(
            "/odoo/action-apartment_crm_event.event_event_action_community?view_type=kanban",
            "!!document.querySelector('.o_kanban_renderer')",
            "Community Events",
        )

    def test_attendance_report_and_schedules(self):
        self._open(
            "/odoo/action-apartment_crm_event.apartment_event_attendance_report_action",
            "!!document.querySelector('.o_pivot, .o_view_nocontent')",
            "Event Attendance",
        )
        self._open(
            "/odoo/action-apartment_crm_event.apartment_event_schedule_action",
            "!!document.querySelector('.o_list_renderer, .o_view_nocontent')",
            "Event Schedules",
        )

    def test_event_form_community_tab_and_groups(self):
        self._open(
            f"/odoo/action-apartment_crm_event.event_event_action_community/{self.event.id}",
            "!!document.querySelector('.o_form_view button[name=action_publish_and_invite]')"
            " && !!document.querySelector('.o_notebook .nav-link[name=apartment_community]')",
            "Publish and Invite",
        )
        self._open(
            "/odoo/action-apartment_crm_event.apartment_interest_group_action",
            "!!document.querySelector('.o_kanban_renderer')",
            "Photography",
        )
