from . import models
from . import report
from . import wizard


def post_init_hook(env):
    """Leases that exist before the install get their payment reference, and so do their open
    rent invoices (the ones still to be paid)."""
    leases = env["apartment.lease"].with_context(active_test=False).search([])
    leases._set_payment_reference()
    env["account.move"].search(
        [
            ("lease_id", "in", leases.ids),
            ("move_type", "=", "out_invoice"),
            ("state", "!=", "cancel"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
    )._set_lease_payment_reference()
