from . import res_company
from . import res_config_settings
from . import apartment_lease
from . import account_move
from . import apartment_payer_account
from . import apartment_reconcile_matcher
from . import account_bank_statement_line
from . import account_statement_import_sheet_parser
