/** @odoo-module **/
// Staff handle an urgent repair ticket (water leak) to resolution.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("apartment_crm_urgent_ticket", {
    url: "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/new",
    steps: () => [
        {
            content: "Ticket title",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour bathroom ceiling",
        },
        {
            content: "Tenant",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Tenant Lin",
        },
        {
            content: "Pick the tenant",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains(Tour Tenant Lin)",
            run: "click",
        },
        {
            content: "Describe the water leak",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor 漏水: water leak from the ceiling of the bathroom",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Graded as an urgent repair",
            trigger: ".o_form_saved .o_field_widget[name=ticket_kind] select",
            run() {
                const select = document.querySelector(".o_field_widget[name=ticket_kind] select");
                const label = select.selectedOptions[0].textContent;
                if (!label.includes("Repair")) {
                    throw new Error(`The leak is graded as "${label}", not as a repair`);
                }
            },
        },
        {
            content: "with the highest priority",
            trigger: ".o_field_widget[name=priority] .fa-star ~ .fa-star ~ .o_priority_star.fa-star",
        },
        {
            content: "The SLA box shows the response deadline",
            trigger: ".o_field_widget[name=response_deadline] span:contains(/)",
        },
        {
            content: "and the resolution deadline",
            trigger: ".o_field_widget[name=resolution_deadline] span:contains(/)",
        },
        {
            content: "The SLA is on track",
            trigger: ".o_field_widget[name=sla_state]:contains(On Track)",
        },
        {
            content: "Write to the tenant",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "First response",
            trigger: ".o-mail-Composer-input",
            run: "edit Our plumber is on the way.",
        },
        {
            content: "Send",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is posted",
            trigger: ".o-mail-Message-body:contains(Our plumber is on the way.)",
        },
        {
            content: "Close the ticket",
            trigger: ".o_statusbar_status button[data-value]:contains(Tour Resolved)",
            run: "click",
        },
        {
            content: "Resolved",
            trigger: ".o_field_widget[name=resolved_date] span:contains(/)",
        },
        {
            content: "First response recorded",
            trigger: ".o_field_widget[name=first_response_date] span:contains(/)",
        },
        {
            content: "The SLA is met",
            trigger: ".o_field_widget[name=sla_state]:contains(Met)",
        },
        {
            content: "A follow-up visit is planned",
            trigger: ".o-mail-Activity:contains(Follow-up visit)",
        },
    ],
});
