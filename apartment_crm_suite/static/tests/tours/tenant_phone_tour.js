/** @odoo-module **/
// The tenant on a phone (390x844): the home, the rent's pay page, an event registration,
// points redeemed through the confirm step, a ticket rated with stars. Every page: no
// horizontal scroll, every action target at least 44 px high and inside the screen.
import {registry} from "@web/core/registry";

const TARGETS = [
    ".o_apartment_home .btn",
    ".o_apartment_home .list-group-item-action",
    ".o_apartment_home .o_apartment_stars label",
    ".o_apartment_tenant .btn",
].join(", ");

function checkPhoneLayout(where) {
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
        const wide = [...document.body.querySelectorAll("*")]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth)
            .slice(-3)
            .map((el) => `${el.tagName}.${[...el.classList].join(".")}#${el.id}`);
        throw new Error(
            `${where}: the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px): ${wide.join(", ")}`
        );
    }
    const problems = [];
    for (const el of document.querySelectorAll(TARGETS)) {
        if (!el.offsetParent) {
            continue; // hidden (collapsed menu, other breakpoint)
        }
        const box = el.getBoundingClientRect();
        const label = el.textContent.trim().replace(/\s+/g, " ").slice(0, 40);
        if (box.height < 44) {
            problems.push(`"${label}" is ${Math.round(box.height)} px high`);
        }
        if (box.left < 0 || box.right > root.clientWidth) {
            problems.push(`"${label}" is off screen (x ${Math.round(box.left)}-${Math.round(box.right)})`);
        }
    }
    if (problems.length) {
        throw new Error(`${where}: ${problems.join("; ")}`);
    }
}

function screenshot(name) {
    return {
        content: `Screenshot ${name}`,
        trigger: "body",
        async run() {
            console.log(`apartment_screenshot:${name}`);
            await new Promise((resolve) => setTimeout(resolve, 400));
        },
    };
}

function layoutCheck(where, trigger) {
    return {
        content: `${where}: fits the phone`,
        trigger,
        run() {
            checkPhoneLayout(where);
        },
    };
}

registry.category("web_tour.tours").add("apartment_crm_tenant_phone", {
    url: "/my",
    steps: () => [
        {
            content: "The home shows the next rent",
            trigger: "#apartment_home_rent:contains(Next rent) #apartment_home_pay",
        },
        {
            content: "The housekeeper can be called",
            trigger: "#apartment_home_housekeeper a[href^='tel:']",
        },
        layoutCheck("home", "#apartment_home_tickets #apartment_home_new_ticket"),
        screenshot("phone_tour_home"),
        {
            content: "Pay the rent",
            trigger: "#apartment_home_pay",
            run: "click",
        },
        {
            content: "The invoice's pay page opens on the ways to pay",
            trigger: "#pay_with .modal-content",
        },
        screenshot("phone_tour_pay"),
        {
            content: "Close the ways to pay",
            trigger: "#pay_with .btn-close",
            run: "click",
        },
        {
            content: "Back home",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            content: "Register for the building's event, one tap",
            trigger:
                "#apartment_home_events [data-event-id]:contains(Tour Courtyard Tea) button[type=submit]:contains(Register)",
            run: "click",
        },
        {
            content: "Registered: the confirmation",
            trigger: ".alert-success:contains(You are registered)",
        },
        {
            content: "The event shows the registration",
            trigger: "#apartment_events [data-event-id]:contains(Tour Courtyard Tea) .badge:contains(Registered)",
        },
        layoutCheck("events", "#apartment_events"),
        screenshot("phone_tour_events"),
        {
            content: "Back home",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            content: "Redeem 200 points",
            trigger: "#apartment_home_rewards button[data-points='200']",
            run: "click",
        },
        {
            content: "The confirm step says what happens",
            trigger: "#apartment_portal_confirm:contains(200 points)",
        },
        layoutCheck("redeem confirmation", "#apartment_confirm_yes"),
        screenshot("phone_tour_redeem_confirm"),
        {
            content: "Confirm",
            trigger: "#apartment_confirm_yes",
            run: "click",
        },
        {
            content: "Redeemed",
            trigger: "#points_redeemed",
        },
        {
            content: "Back home",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            content: "All tickets",
            trigger: "#apartment_home_tickets a[href='/my/tickets']",
            run: "click",
        },
        layoutCheck("tickets", "#apartment_tickets_new_phone"),
        {
            content: "The ticket in the list",
            trigger: "a:contains(Tour dripping tap)",
            run: "click",
        },
        {
            content: "Four stars (a real radio input under each star)",
            trigger: ".o_apartment_stars label[for='sla_rating_4']",
            run: "click",
        },
        {
            content: "The fourth star is checked",
            trigger: ".o_apartment_stars input#sla_rating_4:checked:not(:visible)",
        },
        {
            content: "An optional comment",
            trigger: "textarea#sla_rating_comment",
            run: "edit Fixed the same day, thanks",
        },
        layoutCheck("rating", "#sla_rating_send"),
        screenshot("phone_tour_rating"),
        {
            content: "Send the rating",
            trigger: "#sla_rating_send",
            run: "click",
        },
        {
            content: "The rating shows as stars",
            trigger: ".o_sla_rating:contains(Your rating)",
        },
    ],
});
