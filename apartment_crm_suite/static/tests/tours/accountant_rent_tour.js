/** @odoo-module **/
// The accountant's day: an overdue rent invoice paid by transfer is registered, then the
// rent invoice list and the dashboard's rent figures.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("apartment_crm_accountant_rent", {
    steps: () => [
        {
            content: "The overdue rent invoice of the tenant",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Tour Tenant Lin)",
        },
        {
            content: "Register the transfer received",
            trigger: ".o_form_view button[name=action_register_payment]",
            run: "click",
        },
        {
            content: "Create the payment",
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The invoice is paid",
            trigger: ".o_form_view .ribbon:contains(In Payment), .o_form_view .ribbon:contains(Paid)",
        },
        {
            content: "Back to the rent invoices",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Rent Invoices)",
            run: "click",
        },
        {
            content: "The rent invoice list",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the dashboard",
            trigger: ".o_list_view",
            run() {
                window.location.href = "/odoo/action-apartment_crm.apartment_dashboard_action";
            },
        },
        {
            content: "The dashboard's rent figures",
            trigger: ".o_apartment_dashboard .o_figure_overdue_rent",
        },
    ],
});
