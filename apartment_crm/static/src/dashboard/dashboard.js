/** @odoo-module **/
// Operator dashboard: figures from apartment.dashboard.get_dashboard_data(); each card opens
// the records behind its figure.
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class ApartmentDashboard extends Component {
    static template = "apartment_crm.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("apartment.dashboard", "get_dashboard_data", []);
    }

    open(figure) {
        if (figure.action) {
            this.actionService.doAction(figure.action);
        }
    }
}

registry.category("actions").add("apartment_crm.dashboard", ApartmentDashboard);
