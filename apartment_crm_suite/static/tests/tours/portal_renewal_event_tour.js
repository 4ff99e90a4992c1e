/** @odoo-module **/
// A tenant accepts their renewal offer in the portal and registers for a building event.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("apartment_crm_portal_renewal_event", {
    url: "/my",
    steps: () => [
        {
            content: "Open the renewal offers",
            trigger: "#apartment_home_renewal a#apartment_home_renewal_open",
            run: "click",
        },
        {
            content: "Accept the 12-month option",
            trigger:
                "#renewal_options .card[data-option-id]:has(.card-header:contains(12 months)) button[type=submit]",
            run: "click",
        },
        {
            content: "The confirm step repeats the choice",
            trigger: "#apartment_portal_confirm:contains(12 months) #apartment_confirm_yes",
            run: "click",
        },
        {
            content: "The offer is accepted",
            trigger: "#apartment_renewal_page .alert-success:contains(Thank you for staying)",
        },
        {
            content: "Back to the portal home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the community events",
            trigger: "#apartment_home_events a[href='/my/events']",
            run: "click",
        },
        {
            content: "Register for the building's event",
            trigger: "#apartment_events [data-event-id]:contains(Tour Rooftop BBQ) button[type=submit]:contains(Register)",
            run: "click",
        },
        {
            content: "Registered",
            trigger: ".alert-success:contains(You are registered)",
        },
        {
            content: "The event shows the registration",
            trigger: "#apartment_events [data-event-id]:contains(Tour Rooftop BBQ) .badge:contains(Registered)",
        },
    ],
});
