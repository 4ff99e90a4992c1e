# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .apartment_churn_signal import CHURN_LEVELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    tenant_tier_id = fields.Many2one(
        "apartment.tenant.tier",
        string="Tier",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The tenant's value tier; its benefits drive renewals, points and service levels.",
    )
    lease_ids = fields.One2many("apartment.lease", "partner_id", string="Leases")
    lease_count = fields.Integer(compute="_compute_lease_count")
    is_tenant = fields.Boolean(
        compute="_compute_is_tenant",
        search="_search_is_tenant",
        help="Has, or had, a signed lease (active or ended).",
    )
    current_lease_id = fields.Many2one(
        "apartment.lease",
        compute="_compute_current_lease_id",
        help="The lease running today, else the next signed one.",
    )
    housekeeper_id = fields.Many2one(
        "res.users",
        compute="_compute_current_lease_id",
        help="Housekeeper of the current lease.",
    )
    move_in_date = fields.Date(
        compute="_compute_move_in_date",
        copy=False,
        store=True,
        help="Start of the tenant's first signed lease with the operator.",
    )
    birthday = fields.Date()
    id_document_number = fields.Char(
        string="ID Document Number",
        groups="apartment_crm.group_apartment_manager",
        copy=False,
        help="Identity card or passport number; only apartment managers can see it.",
    )
    emergency_contact_name = fields.Char()
    emergency_contact_phone = fields.Char()
    preferred_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("sms", "SMS"),
        ],
        default="email",
        help="How the tenant prefers to be contacted for reminders and offers.",
    )
    wechat_id = fields.Char(string="WeChat ID")

    def _compute_lease_count(self):
        groups = self.env["apartment.lease"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.lease_count = counts.get(partner.id, 0)

    @api.depends("lease_ids.state")
    def _compute_is_tenant(self):
        tenants = self.browse(
            partner.id
            for [partner] in self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
            )
        )
        for partner in self:
            partner.is_tenant = partner in tenants

    def _search_is_tenant(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        leases = self.env["apartment.lease"].sudo()._search([("state", "in", ("active", "ended"))])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", leases.subselect("partner_id"))]

    @api.depends("lease_ids.state", "lease_ids.date_start", "lease_ids.date_end")
    def _compute_current_lease_id(self):
        today = fields.Date.context_today(self)
        leases = self.env["apartment.lease"].search(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "active"),
                ("date_end", ">=", today),
            ],
            order="date_start",
        )
        by_partner = {}
        for lease in leases:
            current = by_partner.get(lease.partner_id.id)
            # A lease running today beats one that starts later.
            if not current or (current.date_start > today >= lease.date_start):
                by_partner[lease.partner_id.id] = lease
        for partner in self:
            lease = by_partner.get(partner.id, self.env["apartment.lease"])
            partner.current_lease_id = lease
            partner.housekeeper_id = lease.user_id

    @api.depends("lease_ids.state", "lease_ids.date_start")
    def _compute_move_in_date(self):
        groups = (
            self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
                ["date_start:min"],
            )
        )
        first = {partner.id: date_start for partner, date_start in groups}
        for partner in self:
            partner.move_in_date = first.get(partner.id, False)

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_lease_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _get_commercial_family_query(self):
        """The partner's commercial partner and its contacts, as a subquery to use in domains
        (``("partner_id", "in", partner._get_commercial_family_query())``): what ``child_of``
        the commercial partner gives for a tenant, without the query of its own that
        ``child_of`` runs to read the partner tree each time a domain is evaluated."""
        self.ensure_one()
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._search([("commercial_partner_id", "=", self.commercial_partner_id.id)])
        )

    def _get_active_lease_properties(self, date=None):
        """{partner_id: set of building ids where the partner holds an active lease on
        ``date`` (state active, not ended yet)}; for the partners in self, or every tenant when
        self is empty. One query."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = [("state", "=", "active"), ("date_end", ">=", date)]
        if self:
            domain.append(("partner_id", "in", self.ids))
        result = {}
        for partner, building in (
            self.env["apartment.lease"].sudo()._read_group(domain, ["partner_id", "property_id"])
        ):
            result.setdefault(partner.id, set()).add(building.id)
        return result

    # --- tiers ---
    tier_reason = fields.Text(
        readonly=True,
        copy=False,
        translate=True,  # written by the engine in every language: read in the reader's
        groups="apartment_crm.group_apartment_user",
        help="Outcome of the last evaluation: which criteria passed or failed, with the values.",
    )
    tier_since = fields.Date(
        readonly=True, copy=False, help="Date the tenant reached the current tier."
    )
    tier_below_since = fields.Date(
        readonly=True,
        copy=False,
        groups="apartment_crm.group_apartment_user",
        help="First evaluation date at which the tenant no longer met the criteria of the current "
        "tier; the demotion happens once the company's grace period has passed.",
    )
    tier_evaluated_date = fields.Date(readonly=True, copy=False, string="Tier Evaluated On")
    tier_locked = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="A manager fixed the tier: the evaluation no longer changes it.",
    )
    tier_lock_reason = fields.Text(
        readonly=True, copy=False, tracking=True, groups="apartment_crm.group_apartment_user"
    )
    tier_history_ids = fields.One2many("apartment.tenant.tier.history", "partner_id")
    tier_color = fields.Integer(related="tenant_tier_id.color")
    tier_rent_discount_percent = fields.Float(
        related="tenant_tier_id.rent_discount_percent", string="Tier Renewal Discount (%)"
    )
    tier_points_multiplier = fields.Float(related="tenant_tier_id.points_multiplier")
    tier_sla_factor = fields.Float(related="tenant_tier_id.sla_factor", string="Tier SLA Factor")
    tier_renewal_lead_days = fields.Integer(related="tenant_tier_id.renewal_lead_days")

    @api.constrains("tier_locked", "tier_lock_reason")
    def _check_tier_lock_reason(self):
        for partner in self:
            if partner.tier_locked and not (partner.tier_lock_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Tenant %(tenant)s: locking the tier needs a reason (field Lock Reason); "
                        "say why the tier must not follow the criteria.",
                        tenant=partner.display_name,
                    )
                )

    @api.model
    def _get_engine_fields(self):
        """Fields only the engines write (superuser and the ``tier_engine`` context key): the
        results of the tier and churn engines and stored computes. Users never write them, not
        even over RPC; addons add their own with ``super()``."""
        return {
            "move_in_date",
            "tier_reason",
            "tier_since",
            "tier_below_since",
            "tier_evaluated_date",
            "churn_risk_score",
            "churn_risk_level",
            "churn_reasons",
            "churn_evaluated_date",
            "churn_level_notified",
        }

    def _check_engine_fields(self, fnames):
        """Refuse a write or create of engine fields unless the engine does it."""
        if self.env.su and self.env.context.get("tier_engine"):
            return
        blocked = sorted(set(fnames) & self._get_engine_fields())
        if blocked:
            raise AccessError(
                self.env._(
                    "%(fields)s: computed by the Apartment CRM engines, not editable. Use "
                    "the re-evaluate actions or post a ledger entry instead.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in blocked
                    ),
                )
            )

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        # The engine texts are translatable so each reader reads their language: only the
        # engines write them, in any language (not the translation dialog either).
        self._check_engine_fields([field_name])
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_engine_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_engine_fields(vals)
        if {"tier_locked", "tier_lock_reason", "tenant_tier_id"} & set(vals):
            self._check_tier_manager()  # passes in sudo: the engine writes as superuser
        # The engine (sudo + tier_engine) keeps its own history; a context key alone is not
        # enough, so a client cannot pass it to skip the history.
        engine = self.env.su and self.env.context.get("tier_engine")
        manual = "tenant_tier_id" in vals and not engine
        if manual:
            new_tier = self.env["apartment.tenant.tier"].browse(vals["tenant_tier_id"])
            changed = self.filtered(lambda p: p.tenant_tier_id != new_tier)
            old_tiers = {partner.id: partner.tenant_tier_id.id for partner in changed}
            if changed:
                vals.setdefault("tier_since", fields.Date.context_today(self))
                vals.setdefault("tier_below_since", False)
        result = super().write(vals)
        if manual and changed:
            self.env["apartment.tenant.tier"]._create_tier_history(
                [
                    {
                        "partner_id": partner_id,
                        "old_tier_id": old_tier_id,
                        "new_tier_id": new_tier.id,
                        "kind": "manual",
                        "reason": self.env._("Tier set by hand."),
                    }
                    for partner_id, old_tier_id in old_tiers.items()
                ]
            )
        return result

    def _check_tier_manager(self):
        if self.env.su or self.env.user.has_group("apartment_crm.group_apartment_manager"):
            return
        raise AccessError(
            self.env._(
                "Only apartment managers can set, lock or unlock a tenant's tier (%(tenants)s); "
                "ask a manager, or use Re-evaluate tier to apply the criteria.",
                tenants=", ".join(self.mapped("display_name")[:5]),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Actions: the tier engine is apartment.tenant.tier, the churn engine apartment.churn.signal
    # ------------------------------------------------------------------------------------------
    def _check_apartment_user(self):
        if not (self.env.su or self.env.user.has_group("apartment_crm.group_apartment_user")):
            raise AccessError(
                self.env._(
                    "Only Apartment CRM users (housekeepers and managers) can re-evaluate a "
                    "tenant's tier or churn risk."
                )
            )

    def action_evaluate_tier(self):
        """Button "Re-evaluate tier" on the tenant form (tenants only: others get no tier)."""
        self._check_apartment_user()
        self.env["apartment.tenant.tier"]._evaluate_partners(self.filtered("is_tenant"))
        return True

    def action_tier_unlock(self):
        return self.env["apartment.tenant.tier"]._unlock_partners(self)

    def _tier_lock(self, tier, reason):
        """Lock the tier of these tenants (at ``tier``, a record or id, else the current tier)."""
        return self.env["apartment.tenant.tier"]._lock_partners(self, tier, reason)

    # --- upgrade interest (以租换租) ---
    upgrade_interest_date = fields.Date(
        string="Wants a Bigger Home Since",
        readonly=True,
        copy=False,
        tracking=True,
        groups="apartment_crm.group_apartment_user",
        help="Day the housekeeper last noted that the tenant wants a bigger unit (the family "
        "grows, the tenant asked): the touchpoints on 'Wants a bigger home' fire on it.",
    )
    upgrade_interest_note = fields.Text(
        copy=False,
        groups="apartment_crm.group_apartment_user",
        help="What the tenant needs (rooms, budget, move date).",
    )

    def action_upgrade_interest(self):
        """Button "Wants a bigger home" on the tenant form: note today's date (a second click
        the same day changes nothing, so the touchpoints fire once)."""
        if not (self.env.su or self.env.user.has_group("apartment_crm.group_apartment_user")):
            raise AccessError(
                self.env._(
                    "Only Apartment CRM users (housekeepers and managers) can note that a tenant "
                    "wants a bigger home."
                )
            )
        tenants = self.filtered("is_tenant")
        if tenants != self:
            raise UserError(
                self.env._(
                    "Only tenants can want a bigger home: %(names)s is not a tenant.",
                    names=", ".join((self - tenants).mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        tenants.filtered(lambda partner: partner.upgrade_interest_date != today).write(
            {"upgrade_interest_date": today}
        )
        return True

    # --- churn risk ---
    churn_risk_score = fields.Integer(
        readonly=True,
        copy=False,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="0-100: sum of the weights of the churn signals the tenant shows, capped at 100.",
    )
    churn_risk_level = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        copy=False,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="From the score and the company's thresholds (Settings of the company).",
    )
    churn_reasons = fields.Text(
        readonly=True,
        copy=False,
        translate=True,  # written by the engine in every language: read in the reader's
        groups="apartment_crm.group_apartment_user",
        help="The signals that fired, with their values.",
    )
    churn_evaluated_date = fields.Date(readonly=True, copy=False, string="Churn Risk Evaluated On")
    churn_level_notified = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        copy=False,
        help="Level for which the housekeeper was last given a retention activity; cleared when "
        "the level drops, so a new rise notifies again.",
    )

    def action_evaluate_churn_risk(self):
        """Button "Re-evaluate churn risk" on the tenant form."""
        self._check_apartment_user()
        return self.env["apartment.churn.signal"]._evaluate_partners(self)

    def _get_community_moments(self, date_from, date_to):
        """The tenant's community moments between two dates, as short texts in the current
        language (the farewell mail before move-out lists them): meant to be extended by the
        capabilities (the events attended, ...); the core knows none."""
        self.ensure_one()
        return []

    def _get_churn_responsible(self):
        """Who receives the retention activity: housekeeper, else property manager, else admin."""
        self.ensure_one()
        return (
            self.housekeeper_id
            or self.current_lease_id.property_id.manager_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )
