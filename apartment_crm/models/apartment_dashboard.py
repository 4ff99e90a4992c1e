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
    def get_dashboard_data(self, scope=None):
        """The dashboard's figures in ``scope``: ``"mine"`` (the user's buildings) or
        ``"company"``. Managers choose (default: company); everyone else always gets their
        own buildings, whatever they ask."""
        scope = self._get_dashboard_scope(scope)
        dashboard = self.with_context(apartment_dashboard_scope=scope)
        return {
            "company": self.env.company.name,
            "date": fields.Date.to_string(fields.Date.context_today(self)),
            "scope": scope,
            "can_switch_scope": self._is_dashboard_manager(),
            "buildings": dashboard._get_scope_properties().mapped("display_name")
            if scope == "mine"
            else [],
            "sections": dashboard._get_dashboard_sections(),
        }

    @api.model
    def _is_dashboard_manager(self):
        return self.env.user.has_group("apartment_crm.group_apartment_manager")

    @api.model
    def _get_dashboard_scope(self, scope):
        if not self._is_dashboard_manager():
            return "mine"
        return scope if scope in ("mine", "company") else "company"

    @api.model
    def _get_scope_properties(self):
        """The buildings of the "mine" scope: those the user manages, and those where the user
        is the housekeeper of a lease not ended (sudo: the figures are counted as superuser
        where the user cannot read everything, e.g. invoices)."""
        uid = self.env.uid
        return (
            self.env["apartment.property"]
            .sudo()
            .search(
                [
                    "|",
                    ("manager_id", "=", uid),
                    (
                        "unit_ids.lease_ids",
                        "any",
                        [("user_id", "=", uid), ("state", "in", ("draft", "active"))],
                    ),
                ]
            )
        )

    @api.model
    def _scope(self, path):
        """Domain restricting records to the dashboard's scope; ``path`` leads from the
        records to their building (``"property_id"``, ``"lease_id.property_id"``...)."""
        if self.env.context.get("apartment_dashboard_scope") != "mine":
            return []
        return [(path, "in", self._get_scope_properties().ids)]

    @api.model
    def _get_dashboard_sections(self):
        """The sections, in order; capability addons append theirs (call super)."""
        return [
            section
            for section in (
                self._get_dashboard_section_trends(),
                self._get_dashboard_section_occupancy(),
                self._get_dashboard_section_tenants(),
            )
            if section
        ]

    # Long on purpose: one read of the KPI table, then one figure per KPI.
    @api.model
    def _get_dashboard_section_trends(self):
        """This month so far against last month, for every KPI of the installed addons; each
        card opens the KPI's 12-month chart (the company's total, or the user's buildings)."""
        Kpi = self.env["apartment.kpi"]
        if not Kpi.has_access("read"):
            return None
        current = fields.Date.context_today(self).replace(day=1)
        previous = current - relativedelta(months=1)
        scope = self._scope("property_id")
        domain = [("company_id", "=", self.env.company.id), *(scope or [("is_total", "=", True)])]
        sums = {
            (code, fields.Date.to_date(month)): (numerator, denominator)
            for code, month, numerator, denominator in Kpi._read_group(
                [*domain, ("month", "in", [current, previous])],
                ["kpi", "month:day"],
                ["numerator:sum", "denominator:sum"],
            )
        }
        labels = dict(Kpi._fields["kpi"]._description_selection(self.env))
        figures = []
        for code, kind in Kpi._get_kpi_kinds().items():
            now_text = self._kpi_text(kind, sums.get((code, current)))
            before_text = self._kpi_text(kind, sums.get((code, previous)))
            figures.append(
                self._figure(
                    f"trend_{code}",
                    labels.get(code, code),
                    now_text,
                    self._action(
                        "apartment_crm.apartment_kpi_action",
                        [*domain, ("kpi", "=", code)],
                        name=labels.get(code, code),
                        views=("graph", "pivot", "list"),
                        context={
                            "graph_groupbys": ["month:month", "property_id"]
                            if scope
                            else ["month:month"],
                            "pivot_row_groupby": ["property_id"] if scope else ["kpi"],
                            "pivot_column_groupby": ["month:month"],
                        },
                    ),
                    hint=self.env._("Last month: %(value)s", value=before_text or "—")
                    if now_text is not None
                    else None,
                )
            )
        return {
            "key": "trends",
            "title": self.env._("This month so far, against last month"),
            "figures": figures,
        }

    @api.model
    def _kpi_text(self, kind, sums):
        """The text of a KPI from its summed (numerator, denominator); None when unmeasured."""
        if not sums:
            return None
        numerator, denominator = sums
        if kind == "rate":
            return f"{100.0 * numerator / denominator:.1f} %" if denominator else None
        if kind == "amount":
            return self._money(numerator)
        return str(round(numerator or 0))

    @api.model
    def _figure(self, key, label, value, action=None, tone="neutral", hint=None):
        """One figure; `value` is shown as given (format numbers before). A ``None`` value
        means there is nothing to measure yet (no unit, no closed ticket...): the card says
        so instead of showing a flattering 0 % or 100 %."""
        if value is None:
            value, tone = "—", "neutral"
            hint = self.env._("No data yet")
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
        unit_scope = self._scope("property_id")
        lease_scope = self._scope("property_id")
        counts = dict(Unit._read_group(unit_scope, ["state"], ["__count"]))
        total = sum(counts.values())
        rentable = total - counts.get("maintenance", 0)
        occupied = counts.get("occupied", 0)
        rate = 100.0 * occupied / rentable if rentable else None
        today = fields.Date.context_today(self)
        horizon = today + relativedelta(days=90)
        ending_domain = [
            *lease_scope,
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", horizon),
        ]
        active_domain = [*lease_scope, ("state", "=", "active")]
        ending = self.env["apartment.lease"].search_count(ending_domain)
        tenants = self.env["apartment.lease"].search_count(active_domain)
        return {
            "key": "occupancy",
            "title": self.env._("Occupancy"),
            "figures": [
                self._figure(
                    "occupancy_rate",
                    self.env._("Occupancy"),
                    None if rate is None else f"{rate:.1f} %",
                    self._action(
                        "apartment_crm.apartment_unit_action",
                        [*unit_scope, ("state", "=", "occupied")],
                        name=self.env._("Occupied units"),
                    ),
                    tone="neutral"
                    if rate is None
                    else ("good" if rate >= 90 else ("warning" if rate >= 75 else "danger")),
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
                        [*unit_scope, ("state", "=", "vacant")],
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
                        active_domain,
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
        if scope := self._scope("property_id"):
            high_domain.append(("lease_ids", "any", [("state", "=", "active"), *scope]))
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
