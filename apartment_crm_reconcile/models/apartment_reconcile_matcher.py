# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare, float_is_zero

from ..tools import (
    deletions,
    document_key,
    find_documents,
    find_references,
    latin_key,
    memo_name_candidates,
    month_hint,
    name_keys,
    normalize,
    unit_in_memo,
)


class RentMatch:
    """A proposed match of one statement line: the tenant, the rent invoices it pays (oldest
    first, with the amount for each), how sure the engine is and why."""

    __slots__ = ("allocation", "confidence", "invoices", "lease_id", "partner_id", "rule", "token")

    def __init__(self, rule, partner_id, confidence, token="", lease_id=False):
        self.rule = rule
        self.partner_id = partner_id
        self.confidence = confidence
        self.token = token
        self.lease_id = lease_id
        self.invoices = []  # [(invoice dict, amount)]
        self.allocation = False

    def __repr__(self):
        return f"RentMatch({self.rule}, {self.partner_id}, {self.confidence}, {self.allocation})"


class ApartmentReconcileMatcher(models.AbstractModel):
    """The rent matching engine: for a batch of statement lines, loads the company's open lease
    invoices, leases, tenants' names and known payer accounts once, then tries the rules in
    order of confidence on each line, in memory (no query per line).

    Identification rules (``_get_match_rules``) find the tenant; allocation rules
    (``_get_allocation_rules``) decide which open invoices the amount pays. Each is a small
    method meant to be overridden (``super()``) or extended (add a name to the lists).
    """

    _name = "apartment.reconcile.matcher"
    _description = "Rent Reconciliation Engine"

    # Confidence of each identification (0-100), before the allocation's penalty.
    _CONFIDENCE = {
        "reference": 99,
        "invoice": 98,
        "payer": 96,
        "name_cjk": 95,
        "name_pinyin": 93,
        "name_fuzzy": 91,
    }

    @api.model
    def _get_match_rules(self):
        return [
            "_match_by_reference",
            "_match_by_invoice_number",
            "_match_by_payer_account",
            "_match_by_name_amount",
        ]

    @api.model
    def _get_allocation_rules(self):
        return [
            "_allocate_exact",
            "_allocate_oldest_sum",
            "_allocate_partial_oldest",
            "_allocate_overpayment",
        ]

    # Entry point -----------------------------------------------------------------------------
    @api.model
    def _match_lines(self, lines):
        """{statement line id: RentMatch or None} for incoming lines; only invoices of each
        line's company are considered."""
        result = {}
        for company in lines.company_id:
            company_lines = lines.filtered(lambda line, c=company: line.company_id == c)
            index = self._build_index(company, company_lines)
            for line in company_lines:
                info = self._get_line_info(line)
                result[line.id] = self._match_line(info, index)
        return result

    @api.model
    def _get_line_info(self, line):
        memo = " ".join(text for text in (line.payment_ref, line.ref) if text)
        return {
            "id": line.id,
            "memo": memo,
            "documents": find_documents(memo),
            "amount": line.amount,
            "currency": line.currency_id or line.company_id.currency_id,
            "account": normalize(line.account_number) if line.account_number else "",
            "partner_name": line.partner_name or "",
            "partner_id": line.partner_id.id,
            "month": month_hint(memo),
        }

    @api.model
    def _match_line(self, info, index):
        if float_compare(info["amount"], 0.0, precision_rounding=info["currency"].rounding) <= 0:
            return None  # an outgoing payment is no rent
        for rule in self._get_match_rules():
            match = getattr(self, rule)(info, index)
            if match:
                return match
        return None

    # Index (one query per kind of record, per company) --------------------------------------
    # Long on purpose: one block per lookup table, read once for the batch.
    @api.model
    def _build_index(self, company, lines):
        Move = self.env["account.move"].sudo()
        invoices = Move.search_fetch(
            [
                ("company_id", "=", company.id),
                ("lease_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            [
                "name",
                "partner_id",
                "lease_id",
                "amount_residual",
                "invoice_date_due",
                "invoice_date",
                "rent_period_start",
            ],
            order="invoice_date_due, invoice_date, id",
        )
        by_partner = defaultdict(list)
        by_name = {}
        for move in invoices:
            invoice = {
                "id": move.id,
                "name": move.name,
                "partner_id": move.partner_id.id,
                "lease_id": move.lease_id.id,
                "residual": move.amount_residual,
                "month": (move.rent_period_start or move.invoice_date).month,
            }
            by_partner[invoice["partner_id"]].append(invoice)
            by_name[document_key(move.name)] = invoice
        leases = (
            self.env["apartment.lease"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("state", "=", "active"),
                    ("id", "in", list({inv["lease_id"] for inv in by_name.values()})),
                ],
                ["name", "payment_reference", "partner_id", "unit_id"],
            )
        )
        lease_by_key = {}
        units = defaultdict(set)
        for lease in leases:
            units[lease.partner_id.id].add(lease.unit_id.name)
            if lease.payment_reference:
                lease_by_key[lease.payment_reference] = lease
            lease_by_key[document_key(lease.name)] = lease
        names = defaultdict(set)
        fuzzy = defaultdict(set)
        for partner in leases.partner_id:
            for key in name_keys(partner.name):
                names[key].add(partner.id)
                if key.isascii() and len(key) >= 6:
                    for variant in deletions(key) | {key}:
                        fuzzy[variant].add(partner.id)
        accounts = {info for info in (normalize(n) for n in lines.mapped("account_number")) if info}
        payers = defaultdict(set)
        if accounts:
            for payer in (
                self.env["apartment.payer.account"]
                .sudo()
                .search_fetch(
                    [("company_id", "=", company.id), ("account_number", "in", list(accounts))],
                    ["account_number", "partner_id"],
                )
            ):
                payers[payer.account_number].add(payer.partner_id.id)
        return {
            "company": company,
            "by_partner": by_partner,
            "invoice_by_name": by_name,
            "lease_by_key": lease_by_key,
            "names": names,
            "fuzzy": fuzzy,
            "payers": payers,
            "tenants": set(leases.partner_id.ids),
            "units": units,
        }

    # Identification rules ---------------------------------------------------------------------
    @api.model
    def _match_by_reference(self, info, index):
        """The lease's payment reference (check digit verified) or the lease number in the memo:
        the tenant is certain."""
        found = [
            index["lease_by_key"][key]
            for key in find_references(info["memo"]) + info["documents"]
            if key in index["lease_by_key"]
        ]
        leases = list(dict.fromkeys(found))
        if len({lease.partner_id.id for lease in leases}) != 1:
            return None
        lease = leases[0]
        match = RentMatch(
            "reference",
            lease.partner_id.id,
            self._CONFIDENCE["reference"],
            token=lease.payment_reference if len(leases) == 1 else lease.name,
            lease_id=lease.id,
        )
        invoices = index["by_partner"].get(match.partner_id, [])
        return self._allocate(match, info, invoices, allow_credit=True)

    @api.model
    def _match_by_invoice_number(self, info, index):
        """An open invoice's number in the memo: that invoice first, the rest of the amount on
        the tenant's other open invoices, oldest first."""
        named = [
            index["invoice_by_name"][token]
            for token in info["documents"]
            if token in index["invoice_by_name"]
        ]
        if not named or len({invoice["partner_id"] for invoice in named}) != 1:
            return None
        partner_id = named[0]["partner_id"]
        match = RentMatch(
            "invoice",
            partner_id,
            self._CONFIDENCE["invoice"],
            token=", ".join(invoice["name"] for invoice in named),
            lease_id=named[0]["lease_id"],
        )
        others = [inv for inv in index["by_partner"][partner_id] if inv not in named]
        return self._allocate(match, info, named + others, allow_credit=True, ordered=True)

    @api.model
    def _match_by_payer_account(self, info, index):
        """The paying account is known: from an earlier confirmed match (e.g. a parent's
        account) or the tenant's bank account on the statement line. Several tenants paid
        from it (a parent with two children): the amount must tell them apart."""
        partner_ids = set(index["payers"].get(info["account"], set())) if info["account"] else set()
        if info["partner_id"] in index["tenants"]:
            partner_ids.add(info["partner_id"])
        if not partner_ids:
            return None
        return self._pick_by_amount(
            "payer", partner_ids, info, index, token=info["account"] or info["partner_name"]
        )

    @api.model
    def _match_by_name_amount(self, info, index):
        """The tenant's name in the memo or as the payer's name (Chinese characters, pinyin in
        either order, one typo allowed in pinyin) and an amount that fits their open
        invoices. Two tenants with that name: the amount decides, or the line waits."""
        candidates = memo_name_candidates(info["memo"]) | memo_name_candidates(
            info["partner_name"], whole_runs=True
        )
        payer_key = latin_key(info["partner_name"])
        if len(payer_key) >= 4:
            candidates.add(payer_key)
        for kind in ("name_cjk", "name_pinyin", "name_fuzzy"):
            partner_ids, token = self._find_names(kind, candidates, index)
            if partner_ids:
                return self._pick_by_amount(kind, partner_ids, info, index, token=token)
        return None

    @api.model
    def _find_names(self, kind, candidates, index):
        found = {}
        for key in candidates:
            if kind == "name_cjk" and not key.isascii():
                partner_ids = index["names"].get(key)
            elif kind == "name_pinyin" and key.isascii():
                partner_ids = index["names"].get(key)
            elif kind == "name_fuzzy" and key.isascii() and len(key) >= 6:
                partner_ids = set()
                for variant in deletions(key) | {key}:
                    partner_ids |= index["fuzzy"].get(variant, set())
            else:
                partner_ids = None
            if partner_ids:
                found[key] = partner_ids
        if not found:
            return set(), ""
        # A name inside a longer one found too is that other tenant's (张伟 in 张伟华); the
        # other names found (the payer's and the tenant's) all stay candidates.
        keys = [key for key in found if not any(key != other and key in other for other in found)]
        partner_ids = set().union(*(found[key] for key in keys))
        return partner_ids, ", ".join(sorted(keys))

    @api.model
    def _pick_by_amount(self, rule, partner_ids, info, index, token=""):
        """One tenant among ``partner_ids``: the one whose open invoices the amount fits
        exactly. None fits, or several do: a proposal below any threshold, for review.
        Namesakes (a name rule): those whose unit the memo names ("3B 张伟 11月租金") are the
        candidates, so that another namesake's open invoice of the same amount is not taken."""
        confidence = self._CONFIDENCE[rule]
        if rule.startswith("name") and len(partner_ids) > 1:
            in_unit = {
                partner_id
                for partner_id in partner_ids
                if any(
                    unit_in_memo(unit, info["memo"]) for unit in index["units"].get(partner_id, ())
                )
            }
            partner_ids = in_unit or partner_ids
        matches = []
        for partner_id in sorted(partner_ids):
            match = RentMatch(rule, partner_id, confidence, token=token)
            match = self._allocate(
                match, info, index["by_partner"].get(partner_id, []), allow_credit=rule == "payer"
            )
            if match:
                matches.append(match)
        exact = [m for m in matches if m.allocation in ("exact", "oldest_sum")]
        if len(partner_ids) == 1 and matches:
            match = matches[0]
            if rule.startswith("name") and match.allocation not in ("exact", "oldest_sum"):
                # A name alone does not say that a different amount is this tenant's rent.
                match.confidence = min(match.confidence, 60)
                match.allocation = match.allocation or "amount_mismatch"
            return match
        if len(exact) == 1:
            exact[0].confidence -= 3
            return exact[0]
        if not matches:
            return None
        match = (exact or matches)[0]
        match.confidence = min(match.confidence, 40)
        match.allocation = "ambiguous_tenant"
        return match

    # Allocation rules -------------------------------------------------------------------------
    @api.model
    def _allocate(self, match, info, invoices, allow_credit=False, ordered=False):
        """Fill ``match.invoices`` with the first allocation rule that applies."""
        amount = info["amount"]
        currency = info["currency"]
        if not invoices:
            if not allow_credit:
                return None
            match.allocation = "credit"
            match.confidence -= 10
            return match
        for rule in self._get_allocation_rules():
            result = getattr(self, rule)(invoices, amount, currency, info, ordered)
            if result:
                allocation, penalty, pairs = result
                match.allocation = allocation
                match.confidence = max(match.confidence - penalty, 0)
                match.invoices = pairs
                if not match.lease_id:
                    match.lease_id = pairs[0][0]["lease_id"]
                return match
        return None

    @api.model
    def _allocate_exact(self, invoices, amount, currency, info, ordered):
        """The amount is one open invoice. Several open invoices of that amount: the month in
        the memo chooses; without it the line waits for review (confidence 70)."""
        candidates = [
            inv for inv in invoices if currency.compare_amounts(inv["residual"], amount) == 0
        ]
        if ordered and candidates and candidates[0] is invoices[0]:
            return "exact", 0, [(invoices[0], amount)]
        if len(candidates) == 1:
            return "exact", 0, [(candidates[0], amount)]
        if len(candidates) > 1:
            by_month = [inv for inv in candidates if inv["month"] == info["month"]]
            if len(by_month) == 1:
                return "exact", 1, [(by_month[0], amount)]
            return "ambiguous_amount", 29, [(candidates[0], amount)]
        return None

    @api.model
    def _allocate_oldest_sum(self, invoices, amount, currency, info, ordered):
        """The amount is the oldest open invoices together (several months in one transfer)."""
        total = 0.0
        for count, invoice in enumerate(invoices, start=1):
            total += invoice["residual"]
            comparison = currency.compare_amounts(total, amount)
            if comparison == 0 and count > 1:
                return "oldest_sum", 1, [(inv, inv["residual"]) for inv in invoices[:count]]
            if comparison > 0:
                return None
        return None

    @api.model
    def _allocate_partial_oldest(self, invoices, amount, currency, info, ordered):
        """Less than what is open: the oldest invoices are paid in turn, the last partly."""
        total = sum(inv["residual"] for inv in invoices)
        if currency.compare_amounts(amount, total) >= 0:
            return None
        pairs = []
        rest = amount
        for invoice in invoices:
            if float_is_zero(rest, precision_rounding=currency.rounding):
                break
            part = min(rest, invoice["residual"])
            pairs.append((invoice, currency.round(part)))
            rest = currency.round(rest - part)
        return "partial", 5, pairs

    @api.model
    def _allocate_overpayment(self, invoices, amount, currency, info, ordered):
        """More than what is open: every open invoice is paid, the rest stays on the tenant's
        account as a credit for the next rent."""
        total = sum(inv["residual"] for inv in invoices)
        if currency.compare_amounts(amount, total) <= 0:
            return None
        return "overpayment", 5, [(inv, inv["residual"]) for inv in invoices]
