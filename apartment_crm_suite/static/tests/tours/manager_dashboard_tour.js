/** @odoo-module **/
// The manager's day: the company dashboard, its figures opening their records, the renewals.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("apartment_crm_manager_dashboard", {
    url: "/odoo/action-apartment_crm.apartment_dashboard_action",
    steps: () => [
        {
            content: "The manager switches to the whole company",
            trigger: ".o_apartment_dashboard_scope .o_scope_company",
            run: "click",
        },
        {
            content: "The dashboard's rent section",
            trigger: ".o_apartment_dashboard_scope .o_scope_company.btn-primary",
        },
        {
            content: "Open the overdue rent figure",
            trigger: ".o_figure_overdue_rent",
            run: "click",
        },
        {
            content: "The overdue rent invoices",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the renewals from the menu",
            trigger: ".o_apartment_dashboard",
            run() {
                window.location.href = "/odoo/action-apartment_crm_renewal.apartment_lease_renewal_action";
            },
        },
        {
            content: "The renewal offers",
            trigger: ".o_kanban_record:contains(Tour Tenant Lin)",
            run: "click",
        },
        {
            content: "Its form",
            trigger: ".o_form_view .o_form_sheet",
        },
    ],
});
