# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import models

_logger = logging.getLogger(__name__)

# Context key set by the suite's batch jobs when they create activities or subscribe people:
# followers another transaction added after this one's snapshot are skipped, not fatal.
CONCURRENT_FOLLOWERS = "apartment_crm_concurrent_followers"
# The context of the activities a batch job creates: no assignment e-mail per activity (the
# housekeepers see them in their activities), concurrent followers tolerated.
BATCH_ACTIVITY_CONTEXT = {CONCURRENT_FOLLOWERS: True, "mail_activity_quick_update": True}


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _insert_followers(
        self,
        res_model,
        res_ids,
        partner_ids,
        subtypes=None,
        customer_ids=None,
        check_existing=True,
        existing_policy="skip",
    ):
        """With ``CONCURRENT_FOLLOWERS`` in the context, tolerate the race of two jobs adding
        the same follower (e.g. two runs scheduling activities for one housekeeper on one
        tenant): each job sees no follower in its snapshot and inserts it, and the second
        insert breaks mail_followers' unique key. The insert runs in a savepoint; on that
        error the followers are added one by one and those that now exist are skipped."""
        if not self.env.context.get(CONCURRENT_FOLLOWERS) or not res_ids or not partner_ids:
            return super()._insert_followers(
                res_model,
                res_ids,
                partner_ids,
                subtypes=subtypes,
                customer_ids=customer_ids,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        try:
            with self.env.cr.savepoint():
                return super()._insert_followers(
                    res_model,
                    res_ids,
                    partner_ids,
                    subtypes=subtypes,
                    customer_ids=customer_ids,
                    check_existing=check_existing,
                    existing_policy=existing_policy,
                )
        except pg_errors.UniqueViolation:
            _logger.info(
                "Followers of %s %s raced another transaction: one by one", res_model, res_ids
            )
        skipped = []
        for res_id in res_ids:
            for partner_id in partner_ids:
                try:
                    with self.env.cr.savepoint():
                        super()._insert_followers(
                            res_model,
                            [res_id],
                            [partner_id],
                            subtypes={partner_id: subtypes[partner_id]} if subtypes else None,
                            customer_ids=[pid for pid in customer_ids or [] if pid == partner_id],
                            check_existing=check_existing,
                            existing_policy=existing_policy,
                        )
                except pg_errors.UniqueViolation:
                    skipped.append((res_id, partner_id))
        _logger.info(
            "Followers of %s added concurrently by another transaction, skipped "
            "(record, partner): %s",
            res_model,
            skipped,
        )
        return None
