# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from markupsafe import escape

from odoo import models
from odoo.tools.mail import generate_tracking_message_id

DEFERRED_TRACKING = "apartment_crm_reconcile.deferred_tracking"


class AccountMove(models.Model):
    _inherit = "account.move"

    def _prepare_rent_late_fee_vals(self, amount, date):
        vals = super()._prepare_rent_late_fee_vals(amount, date)
        if self.lease_id.payment_reference:
            vals["payment_reference"] = self.lease_id.payment_reference
        return vals

    def _set_lease_payment_reference(self):
        """Print the lease's payment reference on these lease invoices (install, old
        invoices): the invoice PDF shows it as the payment communication."""
        for move in self.filtered(lambda move: move.lease_id.payment_reference):
            move.payment_reference = move.lease_id.payment_reference
        return True

    # Naming in batch -------------------------------------------------------------------------
    def _compute_name(self):
        """A statement import names its thousands of entries in one pass: each entry after the
        first of a journal and sequence period takes the next number of the period from Odoo's
        sequence cache (``_locked_increment``, the lock taken once by the first entry), instead
        of Odoo's look-up of the last number per entry. Odoo's way costs two queries, a flush
        and the recomputation of the sequence-gap flag per entry, growing with the size of the
        import; the numbers are the same (the period's next ones, in date order)."""
        if not self.env.context.get("apartment_rent_import"):
            return super()._compute_name()
        batch = self.filtered(
            lambda move: move.statement_line_id
            and move.state == "posted"
            and move.date
            and (not move.name or move.name == "/")
        )
        if len(batch) < 2:
            return super()._compute_name()
        super(AccountMove, self - batch)._compute_name()
        period = None
        # Journal by journal; in each, in the order Odoo numbers them (date, reference, id).
        for move in batch.sorted(
            lambda move: (move.journal_id.id, move.date, move.ref or "", move.id)
        ):
            if (
                period
                and move.journal_id == period["journal"]
                and period["start"] <= move.date <= period["end"]
                and period["key"] in move._get_sequence_cache()
            ):
                move._rent_add_sequence_triggers()
                sequence = move._locked_increment(period["format"], dict(period["values"]))
                move.with_context(clear_sequence_mixin_cache=False).name = sequence
                continue
            # The first of a period (or a number Odoo's cache does not hold): Odoo's way.
            move._set_next_sequence()
            period = move._rent_sequence_period()
        batch._compute_split_sequence()
        batch._inverse_name()

    def _rent_sequence_period(self):
        """The journal, the first and last day of the sequence period of this entry's number,
        its format, and the key under which Odoo's sequence cache holds the period's last
        number (as ``_locked_increment`` builds it)."""
        self.ensure_one()
        format_string, format_values = self._get_sequence_format_param(self.name)
        date_start, date_end, *__ = self._get_sequence_date_range(
            self._deduce_sequence_number_reset(self.name)
        )
        values = {name: value for name, value in format_values.items() if name != "seq"}
        index = self._sequence_index and self[self._sequence_index]
        return {
            "journal": self.journal_id,
            "start": date_start,
            "end": date_end,
            "format": format_string,
            "values": format_values,
            "key": (format_string.format(**values, seq=0), index),
        }

    def _rent_add_sequence_triggers(self):
        """What ``_set_next_sequence`` does before it sets a number: the stored fields
        computed from the number (e.g. the items' entry number) are marked to recompute."""
        registry = self.env.registry
        triggers = registry._field_triggers[self._fields[self._sequence_field]]
        for inverse_field, triggered_fields in triggers.items():
            for triggered_field in triggered_fields:
                if not triggered_field.store or not triggered_field.compute:
                    continue
                for field in registry.field_inverses[inverse_field[0]] if inverse_field else [None]:
                    self.env.add_to_compute(triggered_field, self[field.name] if field else self)

    # Tracking in batch -------------------------------------------------------------------------
    def _message_track(self, fields_iter, initial_values_dict):
        """While ``_rent_defer_tracking`` holds these moves, their tracking is kept aside
        (the initial values, first ones first) instead of posted one message at a time:
        a savepoint inside the batch (Odoo flushes and runs the tracking at each) would
        post it now; ``_rent_message_track_batch`` posts it at the end of the batch."""
        deferred = self.env.cr.cache.get(DEFERRED_TRACKING)
        if deferred is None:
            return super()._message_track(fields_iter, initial_values_dict)
        held = self.filtered(lambda move: move.id in deferred)
        for move in held:
            for fname, value in (initial_values_dict.get(move.id) or {}).items():
                deferred[move.id].setdefault(fname, value)
        return super(AccountMove, self - held)._message_track(fields_iter, initial_values_dict)

    @contextmanager
    def _rent_defer_tracking(self):
        """Hold the tracking of these moves (see ``_message_track``) inside the block; post
        it with ``_rent_message_track_batch`` before leaving. Run it inside a savepoint: if
        the block fails, the savepoint's rollback drops the pending tracking, as Odoo does
        for any rolled-back savepoint."""
        cache = self.env.cr.cache
        deferred = cache[DEFERRED_TRACKING] = {move.id: {} for move in self}
        self._track_prepare(self._track_get_fields())
        try:
            yield deferred
        finally:
            cache.pop(DEFERRED_TRACKING, None)

    def _rent_pop_held_tracking(self):
        """{move id: initial values} of the tracking held (``_rent_defer_tracking``) or
        pending for these moves, taken out of Odoo's tracking; the moves with a custom
        body or author are left to it."""
        data = self.env.cr.precommit.data
        deferred = self.env.cr.cache.get(DEFERRED_TRACKING) or {}
        pending = data.get(f"mail.tracking.{self._name}", {})
        custom = set(data.get(f"mail.tracking.message.{self._name}", {})) | set(
            data.get(f"mail.tracking.author.{self._name}", {})
        )
        initial_values = {}
        for move in self:
            values = dict(deferred.pop(move.id, None) or {})
            if move.id in pending:
                later = pending.pop(move.id)
                if later is None:  # tracking discarded for this move
                    continue
                for fname, value in later.items():
                    values.setdefault(fname, value)
            if not values:
                continue
            if move.id in custom:
                pending[move.id] = values
                self.env.cr.precommit.add(self._track_finalize)
                continue
            initial_values[move.id] = values
        return initial_values

    def _rent_track_subtype_key(self, init_values):
        """What ``_track_subtype`` of a move depends on (account's: invoice or not, the
        changed fields, the state and payment state); extend when an override depends on
        more."""
        self.ensure_one()
        return (
            self.move_type,
            frozenset(init_values),
            self.state,
            self.payment_state,
        )

    def _rent_message_track_batch(self, extra_logs=None):
        """Post the tracking messages held for these moves by ``_rent_defer_tracking`` or
        still pending (prepared by Odoo's ``_track_prepare``: e.g. Payment Status: Not Paid
        -> Paid, subtype Paid, in the invoice's chatter) and the ``extra_logs`` notes ({move:
        [(body, tracking value commands)]}: the journal items' own tracking), all in one
        ``mail.message`` create, instead of one ``message_post`` (about ten queries) per move.

        The messages are the ones ``_message_track`` stores (``message_post`` with the
        subtype, ``_message_log`` without). A move that a follower follows for the message's
        subtype still goes through ``message_post`` (the follower is notified as before); a
        move with a custom tracking body or author is left to Odoo's tracking at commit."""
        initial_values = self._rent_pop_held_tracking()
        moves = self.browse(list(initial_values))
        fnames = {fname for values in initial_values.values() for fname in values}
        tracked_fields = self.fields_get(
            fnames, attributes=("string", "type", "selection", "currency_field")
        )
        posts = []
        subtype_by_key = {}
        for move in moves:
            changes, tracking_value_ids = move._mail_track(tracked_fields, initial_values[move.id])
            if changes:
                init = {fname: initial_values[move.id][fname] for fname in changes}
                # The subtype follows the kind of move and the changes (``env.ref`` checks the
                # subtype exists: one query a move); a payment's entry is asked each time
                # (its subtype tracks the payment too).
                key = move._rent_track_subtype_key(init)
                if key not in subtype_by_key or move.origin_payment_id:
                    subtype_by_key[key] = move._track_subtype(init)
                posts.append((move, changes, subtype_by_key[key], tracking_value_ids))
        extra_logs = extra_logs or {}
        if not posts and not extra_logs:
            return self.env["mail.message"]
        subtypes = {subtype.id for _move, _changes, subtype, _values in posts if subtype}
        followed = set()
        if subtypes:
            followers = (
                self.env["mail.followers"]
                .sudo()
                .search_fetch(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", [move.id for move, *_rest in posts]),
                        ("subtype_ids", "in", list(subtypes)),
                    ],
                    ["res_id", "subtype_ids"],
                )
            )
            followed = {
                (follower.res_id, subtype_id)
                for follower in followers
                for subtype_id in follower.subtype_ids.ids
            }
        author_id, email_from = self._message_compute_author(raise_on_email=False)
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        posted = self.browse([move.id for move, _c, subtype, _v in posts if subtype])
        alias_domains = posted.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = posted._mail_get_companies(default=self.env.company)
        reply_to = posted._notify_get_reply_to(default=email_from)
        log_reply_to = self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False]
        parents = {}
        if posted:
            for res_id, first in (
                self.env["mail.message"]
                .sudo()
                ._read_group(
                    [
                        ("res_id", "in", posted.ids),
                        ("model", "=", self._name),
                        ("message_type", "!=", "user_notification"),
                    ],
                    ["res_id"],
                    ["id:min"],
                )
            ):
                parents[res_id] = first
        values_list = []
        for move, changes, subtype, tracking_value_ids in posts:
            body = move._track_get_default_log_message(changes)
            if subtype and (move.id, subtype.id) in followed:
                move.message_post(
                    body=body, subtype_id=subtype.id, tracking_value_ids=tracking_value_ids
                )
                continue
            if subtype:
                values_list.append(
                    {
                        "author_id": author_id,
                        "email_from": email_from,
                        "model": self._name,
                        "res_id": move.id,
                        "body": escape(body),
                        "message_type": "notification",
                        "parent_id": parents.get(move.id, False),
                        "subject": False,
                        "subtype_id": subtype.id,
                        "partner_ids": [],
                        "email_add_signature": True,
                        "record_name": move.sudo().display_name,
                        "record_alias_domain_id": alias_domains[move.id].id,
                        "record_company_id": companies[move.id].id,
                        "reply_to": reply_to[move.id],
                        "message_id": generate_tracking_message_id("message-notify"),
                        "tracking_value_ids": tracking_value_ids,
                    }
                )
            else:
                extra_logs.setdefault(move, []).append((body, tracking_value_ids))
        for move, logs in extra_logs.items():
            for body, tracking_value_ids in logs:
                # What _message_log stores (an internal note, no notification).
                values_list.append(
                    {
                        "author_id": author_id,
                        "email_from": email_from,
                        "model": self._name,
                        "res_id": move.id,
                        "record_alias_domain_id": False,
                        "record_company_id": False,
                        "record_name": False,
                        "attachment_ids": False,
                        "message_type": "notification",
                        "is_internal": True,
                        "subject": False,
                        "subtype_id": note,
                        "tracking_value_ids": tracking_value_ids,
                        "email_add_signature": False,
                        "message_id": generate_tracking_message_id("message-notify"),
                        "partner_ids": False,
                        "reply_to": log_reply_to,
                        "body": escape(body),
                    }
                )
        # The tracking values of all the messages in one create (as commands of each
        # message's create they cost one INSERT per message).
        trackings = [values.pop("tracking_value_ids", None) or [] for values in values_list]
        messages = self.sudo()._message_create(values_list)
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(command[2], mail_message_id=message.id)
                for message, commands in zip(messages, trackings, strict=True)
                for command in commands
            ]
        )
        return messages
