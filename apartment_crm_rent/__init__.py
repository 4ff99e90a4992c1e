from . import controllers
from . import models
from . import report
from . import wizard


def post_init_hook(env):
    """A clean install invoices rent without hand configuration: products, journal, deposit
    account for every existing company (see res.company._apartment_rent_set_defaults)."""
    env["res.company"].search([])._apartment_rent_set_defaults()
    env["res.company"]._apartment_rent_enable_wire_transfer()
