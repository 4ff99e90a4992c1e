/** @odoo-module **/
// Staff create a lease, activate it and invoice its first rent period.
import {registry} from "@web/core/registry";

const {DateTime} = luxon;

function selectMany2one(field, text) {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `.o_form_view .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Pick ${text}`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("apartment_crm_lease_rent", {
    url: "/odoo/action-apartment_crm.apartment_dashboard_action",
    steps: () => {
        // The first rent period starts this month: "up to today" invoices exactly one.
        const start = DateTime.now().startOf("month");
        const end = start.plus({months: 12}).minus({days: 1});
        return [
            {
                content: "Open the Tenants menu",
                trigger:
                    ".o_menu_sections [data-menu-xmlid='apartment_crm.apartment_crm_menu_tenants']",
                run: "click",
            },
            {
                content: "Open Leases",
                trigger: ".dropdown-item[data-menu-xmlid='apartment_crm.apartment_lease_menu']",
                run: "click",
            },
            {
                content: "Create a lease",
                trigger: ".o_control_panel .o_list_button_add",
                run: "click",
            },
            ...selectMany2one("partner_id", "Tour Tenant Lin"),
            ...selectMany2one("unit_id", "Tour-808"),
            {
                content: "Start date",
                trigger: ".o_field_widget[name=date_start] input",
                run: `edit ${start.toFormat("MM/dd/yyyy")}`,
            },
            {
                content: "End date",
                trigger: ".o_field_widget[name=date_end] input",
                run: `edit ${end.toFormat("MM/dd/yyyy")}`,
            },
            {
                content: "Monthly rent",
                trigger: ".o_field_widget[name=rent_amount] input",
                run: "edit 5200",
            },
            {
                content: "No deposit",
                trigger: ".o_field_widget[name=deposit_amount] input",
                run: "edit 0",
            },
            {
                content: "Save",
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                content: "Activate (sign) the lease",
                trigger: ".o_form_saved .o_statusbar_buttons button[name=action_activate]",
                run: "click",
            },
            {
                content: "The lease is active",
                trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=active]",
            },
            {
                content: "Generate the rent invoices",
                trigger: ".o_statusbar_buttons button[name=action_generate_rent_invoices]",
                run: "click",
            },
            {
                content: "The rent invoice of the lease is listed",
                trigger: ".o_list_renderer .o_data_row:contains(Tour Tenant Lin)",
            },
            {
                content: "Back to the lease",
                trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
                run: "click",
            },
            {
                content: "The smart button counts the invoice",
                trigger:
                    ".o_form_view button[name=action_view_rent_invoices] .o_stat_value:contains(1)",
            },
        ];
    },
});
