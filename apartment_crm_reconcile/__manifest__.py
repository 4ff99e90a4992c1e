# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Rent Reconciliation",
    "summary": "Bank, WeChat Pay and Alipay statements imported and matched to rent invoices "
    "automatically: payment references, payer accounts, names in Chinese and pinyin",
    "version": "18.0.2.1.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": [
        "apartment_crm_rent",
        "account_reconcile_oca",
        "account_statement_import_sheet_file",
    ],
    "external_dependencies": {"python": ["pypinyin"]},
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_reconcile_security.xml",
        "data/ir_cron_data.xml",
        "data/account_statement_import_sheet_mapping_data.xml",
        "report/apartment_reconcile_report_views.xml",
        "views/account_bank_statement_line_views.xml",
        "views/apartment_payer_account_views.xml",
        "views/apartment_statement_import_chunk_views.xml",
        "views/apartment_lease_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_reconcile_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "auto_install": True,
}
