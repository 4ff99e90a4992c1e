# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

MAX_ID = 2**31 - 1


class HelpdeskTicketCloseGuard(HelpdeskTicketController):
    """Known upstream issue: OCA helpdesk_mgmt's ``/ticket/close`` closes any ticket by id, as
    superuser, without checking that the user may see it; closing then sends this suite's
    rating link. Until upstream checks the owner, only a user who may read the ticket (a
    portal tenant: a ticket of their own company or household) closes it."""

    @http.route("/ticket/close", type="http", auth="user")
    def support_ticket_close(self, **kw):
        ticket_id, stage_id = kw.get("ticket_id"), kw.get("stage_id")
        for value in (ticket_id, stage_id):
            if not str(value or "").isdigit() or not 0 < int(value) <= MAX_ID:
                raise Forbidden()
        ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
        try:
            ticket.check_access("read")
        except (AccessError, MissingError) as error:
            raise Forbidden() from error
        user = request.env.user
        if user.share and ticket.sudo().commercial_partner_id != user.commercial_partner_id:
            raise Forbidden()
        return super().support_ticket_close(**kw)
