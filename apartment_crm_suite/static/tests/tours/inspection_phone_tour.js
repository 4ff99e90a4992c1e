/** @odoo-module **/
// On a phone (390x844): the housekeeper does a move-out inspection (each item ok or damaged, a
// note, a meter reading) and sees the deductions; the tenant checks the comparison with the
// move-in and confirms on the portal. No page may scroll sideways on that screen.
import {registry} from "@web/core/registry";

function assertNoHorizontalScroll(where) {
    return {
        content: `No horizontal scroll: ${where}`,
        trigger: "body",
        run() {
            const root = document.documentElement;
            if (root.scrollWidth > root.clientWidth) {
                throw new Error(
                    `${where}: the page scrolls sideways (scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth})`
                );
            }
        },
    };
}

function setItem(name, condition, extra = []) {
    return [
        {
            content: `Open the item ${name}`,
            trigger: `.o_field_widget[name=line_ids] .o_kanban_record:contains(${name})`,
            run: "click",
        },
        {
            content: `${name}: ${condition}`,
            trigger: `.modal .o_field_widget[name=condition] input[data-value=${condition}]`,
            run: "click",
        },
        ...extra,
        {
            content: `Save ${name}`,
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: `${name} shows its condition`,
            trigger: `.o_field_widget[name=line_ids] .o_kanban_record:contains(${name}):has(.o_field_badge:contains(${
                condition === "ok" ? "OK" : "Damaged"
            }))`,
        },
    ];
}

registry.category("web_tour.tours").add("apartment_crm_inspection_phone", {
    steps: () => [
        {
            content: "The move-out inspection, its items as cards",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_kanban_record:contains(Walls)",
        },
        assertNoHorizontalScroll("the inspection form"),
        ...setItem("Walls", "damaged", [
            {
                content: "Note the damage",
                trigger: ".modal .o_field_widget[name=note] input",
                run: "edit crayon on the wall",
            },
        ]),
        ...setItem("Lock", "ok"),
        ...setItem("Power meter", "ok", [
            {
                content: "Read the meter",
                trigger: ".modal .o_field_widget[name=reading] input",
                run: "edit 1234.5",
            },
        ]),
        {
            content: "The new damage is priced",
            trigger: ".o_kanban_record:contains(Walls):contains(Deduction)",
        },
        {
            content: "Save the inspection",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Open the actions (the form's buttons on a phone)",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o-dropdown--menu button[name=action_done]",
            run: "click",
        },
        {
            content: "The inspection is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done), .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
        {
            content: "The deductions appear",
            trigger: ".o_field_widget[name=deduction_total]:contains(300)",
        },
        assertNoHorizontalScroll("the done inspection"),
    ],
});

registry.category("web_tour.tours").add("apartment_crm_inspection_portal_phone", {
    url: "/my",
    steps: () => [
        {
            content: "Open the unit inspections",
            trigger: "a[href='/my/inspections']",
            run: "click",
        },
        assertNoHorizontalScroll("the inspection list"),
        {
            content: "Open the move-out inspection",
            trigger: "#inspection_list a:contains(Move-out)",
            run: "click",
        },
        {
            content: "The comparison: ok at move-in, damaged at move-out",
            trigger:
                "#inspection_items .list-group-item:contains(Walls):contains(Move-in):has(.text-bg-danger:contains(Damaged))",
        },
        {
            content: "The meter's consumption",
            trigger: "#inspection_items .list-group-item:contains(Power meter):contains(used 234.5)",
        },
        {
            content: "The deduction from the deposit",
            trigger: "#inspection_deductions:contains(300)",
        },
        assertNoHorizontalScroll("the inspection page"),
        {
            content: "Confirm the inspection",
            trigger: "#inspection_confirm",
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: "#apartment_inspection_page .alert-success",
        },
        assertNoHorizontalScroll("the confirmed inspection"),
    ],
});
