/** @odoo-module **/
// Operator dashboard: figures from apartment.dashboard.get_dashboard_data(); each card opens
// the records behind its figure.
import { Component, markup, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class ApartmentDashboard extends Component {
    static template = "apartment_crm.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null, scope: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("apartment.dashboard", "get_dashboard_data", [], {
            scope: this.state.scope,
        });
        this.state.scope = this.state.data.scope;
    }

    async switchScope(scope) {
        this.state.scope = scope;
        await this.load();
    }

    open(figure) {
        if (figure.action) {
            // An action given as a dict keeps its help as a string: mark it up, as the web
            // client does for the actions it loads itself, so the empty state is rendered
            // instead of showing its HTML source.
            const action = { ...figure.action };
            if (action.help) {
                action.help = markup(action.help);
            }
            this.actionService.doAction(action);
        }
    }
}

registry.category("actions").add("apartment_crm.dashboard", ApartmentDashboard);
