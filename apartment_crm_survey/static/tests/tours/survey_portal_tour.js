/** @odoo-module **/
// On a phone-sized screen, a tenant opens their survey from the portal and answers it.
import {registry} from "@web/core/registry";

const topics = ["facilities", "quality of our service", "safe", "housekeeper", "community life"];

registry.category("web_tour.tours").add("apartment_crm_survey_portal", {
    url: "/my",
    steps: () => [
        {
            content: "Open my surveys",
            trigger: "a[href='/my/surveys']",
            run: "click",
        },
        {
            content: "Answer the satisfaction survey",
            trigger: "[data-invitation-id] a.btn:contains(Answer)",
            run: "click",
        },
        {
            content: "Start",
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        ...topics.map((topic) => ({
            content: `Rate ${topic}`,
            trigger: `div.js_question-wrapper:contains(${topic}) label.o_survey_choice_btn:contains(4)`,
            run: "click",
        })),
        {
            content: "Submit",
            trigger: "button[value='finish']",
            run: "click",
        },
        {
            content: "Thank you",
            trigger: "h1:contains(Thank you!)",
        },
        {
            content: "Back to my surveys: answered",
            trigger: "body",
            run: "goToUrl /my/surveys",
        },
        {
            content: "The invitation shows as answered",
            trigger: "[data-invitation-id] .badge:contains(Answered)",
        },
    ],
});
