# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError


def check_state(records, allowed, action, message):
    """Refuse ``action`` unless every record of ``records`` is in one of the ``allowed`` states.

    ``message`` is the model's translated template, with the placeholders ``%(action)s``,
    ``%(record)s`` (the record's name), ``%(state)s`` (its state) and ``%(allowed)s`` (the
    allowed states), e.g. ``self.env._("Cannot %(action)s lease %(record)s: ...")``.
    """
    states = dict(records._fields["state"]._description_selection(records.env))
    for record in records:
        if record.state not in allowed:
            raise UserError(
                message
                % {
                    "action": action,
                    "record": record.display_name,
                    "state": states[record.state],
                    "allowed": " / ".join(states[state] for state in allowed),
                }
            )
