# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    """Figures of the operator dashboard (client action `apartment_crm.dashboard`).

    Every figure carries the window action that lists the records behind it, so a click on the
    dashboard opens exactly those. Capabilities add their own sections by extending
    `_get_dashboard_sections` (call super, append a section).
    """

    _name = "apartment.dashboard"
    _description = "Apartment Operator Dashboard"

    @api.model
    def get_dashboard_data(self):
        return {
            "company": self.env.company.name,
            "date": fields.Date.to_string(fields.Date.context_today(self)),
            "sections": self._get_dashboard_sections(),
        }

    @api.model
    def _get_dashboard_sections(self):
        """The sections, in order; capability addons append theirs (call super)."""
        return [
            self._get_dashboard_section_occupancy(),
            self._get_dashboard_section_tenants(),
        ]

    @api.model
    def _figure(self, key, label, value, action=None, tone="neutral", hint=None):
        """One figure; `value` is shown as given (format numbers before)."""
        return {
            "key": key,
            "label": label,
            "value": value,
            "action": action,
            "tone": tone,
            "hint": hint or "",
        }

    @api.model
    def _action(self, xml_id, domain, name=None, context=None, views=("list", "form")):
        """The window action behind a figure, or None when the user cannot read its records
        (the card then shows the figure without a link)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        if not self.env[action["res_model"]].has_access("read"):
            return None
        action.update(
            {
                "domain": domain,
                "context": context or {},
                "views": [(False, view) for view in views],
                "view_mode": ",".join(views),
            }
        )
        if name:
            action["display_name"] = action["name"] = name
        return action

    # Long on purpose: a declarative list of figures, one per block.
    @api.model
    def _get_dashboard_section_occupancy(self):
        Unit = self.env["apartment.unit"]
        counts = dict(Unit._read_group([], ["state"], ["__count"]))
        total = sum(counts.values())
        rentable = total - counts.get("maintenance", 0)
        occupied = counts.get("occupied", 0)
        rate = 100.0 * occupied / rentable if rentable else 0.0
        today = fields.Date.context_today(self)
        horizon = today + relativedelta(days=90)
        ending_domain = [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", horizon),
        ]
        ending = self.env["apartment.lease"].search_count(ending_domain)
        tenants = self.env["apartment.lease"].search_count([("state", "=", "active")])
        return {
            "key": "occupancy",
            "title": self.env._("Occupancy"),
            "figures": [
                self._figure(
                    "occupancy_rate",
                    self.env._("Occupancy"),
                    f"{rate:.1f} %",
                    self._action(
                        "apartment_crm.apartment_unit_action",
                        [("state", "=", "occupied")],
                        name=self.env._("Occupied units"),
                    ),
                    tone="good" if rate >= 90 else ("warning" if rate >= 75 else "danger"),
                    hint=self.env._(
                        "%(occupied)s of %(rentable)s rentable units",
                        occupied=occupied,
                        rentable=rentable,
                    ),
                ),
                self._figure(
                    "vacant_units",
                    self.env._("Vacant units"),
                    str(counts.get("vacant", 0)),
                    self._action(
                        "apartment_crm.apartment_unit_action",
                        [("state", "=", "vacant")],
                        name=self.env._("Vacant units"),
                    ),
                    tone="warning" if counts.get("vacant") else "good",
                ),
                self._figure(
                    "active_leases",
                    self.env._("Active leases"),
                    str(tenants),
                    self._action(
                        "apartment_crm.apartment_lease_action",
                        [("state", "=", "active")],
                        name=self.env._("Active leases"),
                    ),
                ),
                self._figure(
                    "leases_ending_90d",
                    self.env._("Leases ending in 90 days"),
                    str(ending),
                    self._action(
                        "apartment_crm.apartment_lease_action",
                        ending_domain,
                        name=self.env._("Leases ending in 90 days"),
                    ),
                    tone="warning" if ending else "neutral",
                ),
            ],
        }

    @api.model
    def _money(self, amount, currency=None):
        """Plain-text amount with the currency symbol (the cards show text, not HTML)."""
        return (currency or self.env.company.currency_id).format(amount or 0.0)

    @api.model
    def _get_dashboard_section_tenants(self):
        """Tenants at risk of leaving."""
        high_domain = [("churn_risk_level", "=", "high")]
        high = self.env["res.partner"].search_count(high_domain)
        return {
            "key": "tenants",
            "title": self.env._("Tenants"),
            "figures": [
                self._figure(
                    "churn_high",
                    self.env._("High churn risk"),
                    str(high),
                    self._action(
                        "apartment_crm.res_partner_action_tenant",
                        high_domain,
                        name=self.env._("Tenants at high churn risk"),
                        views=("list", "form"),
                    ),
                    tone="danger" if high else "good",
                ),
            ],
        }
