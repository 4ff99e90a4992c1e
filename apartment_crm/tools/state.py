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


# The context flag of a workflow write. Its value is this private object, which no JSON-RPC,
# XML-RPC or form caller can send (they send strings, numbers, lists and dicts), so only code
# that imports it (the models' own actions, through ``workflow_write``) gets past the guard.
_WORKFLOW = object()


def workflow_write(records, vals):
    """Write the workflow fields ``vals`` on ``records`` from one of the model's own actions."""
    return records.with_context(apartment_workflow=_WORKFLOW).write(vals)


def is_workflow_write(records):
    """Whether ``records`` may write workflow fields: inside ``workflow_write`` or as the
    system (superuser: data files, crons of the system user, upgrades)."""
    return records.env.su or records.env.context.get("apartment_workflow") is _WORKFLOW


def check_workflow_fields(records, vals, workflow_fields, message):
    """Refuse to write ``workflow_fields`` of ``vals`` outside of the model's own actions.

    ``message`` is the model's translated template with ``%(fields)s`` (the fields' labels) and
    ``%(record)s`` placeholders, naming the actions to use instead.
    """
    blocked = [name for name in workflow_fields if name in vals]
    if not blocked or is_workflow_write(records):
        return
    labels = ", ".join(records._fields[name]._description_string(records.env) for name in blocked)
    # A create names the model (in the user's language), a write the records.
    names = ", ".join(records[:3].mapped("display_name")) or (
        records.env["ir.model"].sudo()._get(records._name).name
    )
    raise UserError(message % {"fields": labels, "record": names})
