import { field, h, kw, localTime, optionalKw, table } from "../dom";
import type { DispatchEvent, DispatchEventList } from "../types";
import { attempt, errorNotice } from "./notice";
import type { View, ViewContext } from "./view";

const statuses = ["", "proposed", "scheduled", "notified", "preconditioning", "active", "restoring", "completed", "cancelled", "failed"];
const deviceTypes = ["battery", "ev-charger", "water-heater", "thermostat"];

/** The program's events (the API's default window: a month back, two ahead), by status, and a form for a new one. */
export const eventsView: View = async ({ api, programPath, navigate }, container) => {
  const list = h("div", {});
  const status = h("select", { name: "status", "aria-label": "Status" }, ...statuses.map((s) => h("option", { value: s }, s || "any status")));
  const load = async (): Promise<void> => {
    const query = status.value ? `?status=${encodeURIComponent(status.value)}` : "";
    try {
      const { events } = await api.get<DispatchEventList>(`${programPath}/events${query}`);
      const proposed = events.filter((e) => e.status === "proposed").length;
      list.replaceChildren(
        ...(proposed > 0 && !status.value
          ? [h("p", { class: "attention", "data-testid": "proposed" }, `${proposed} proposed ${proposed === 1 ? "event awaits" : "events await"} a manager's confirmation.`)]
          : []),
        events.length === 0
          ? h("p", { class: "muted", "data-testid": "no-events" }, "No events in this window.")
          : table(
              ["Event", "Kind", "Status", "Start (program time)", "End", "Target", "Test"],
              events.map((e) => [eventLink(e, navigate), e.kind, badge(e.status), localTime(e.localStart), localTime(e.localEnd), kw(e.targetKw), e.test ? "test" : ""]),
              "events",
            ),
      );
    } catch (error) {
      list.replaceChildren(errorNotice(error));
    }
  };
  status.addEventListener("change", () => void load());

  container.replaceChildren(h("h2", {}, "Dispatch events"), h("label", {}, "Show ", status), list, newEventForm(api, programPath, navigate));
  await load();
};

function newEventForm(api: ViewContext["api"], programPath: string, navigate: (route: string) => void): HTMLElement {
  const outcome = h("div", {});
  const form = h(
    "form",
    { "data-testid": "new-event" },
    h("h3", {}, "New event"),
    h("label", {}, "Kind ", h("select", { name: "kind" }, h("option", { value: "reduce" }, "reduce load"), h("option", { value: "increase" }, "increase load"), h("option", { value: "frequency" }, "frequency response"))),
    h("label", {}, "Start (program time) ", h("input", { name: "start", type: "datetime-local", required: true })),
    h("label", {}, "End ", h("input", { name: "end", type: "datetime-local", required: true })),
    h("label", {}, "Target kW (empty: as much as available) ", h("input", { name: "targetKw", type: "number", min: 0, step: "any" })),
    h("fieldset", {}, h("legend", {}, "Device types"), ...deviceTypes.map((t) => h("label", {}, h("input", { type: "checkbox", name: "deviceTypes", value: t, checked: true }), ` ${t}`))),
    h("label", {}, "Notice ", h("select", { name: "notice" }, h("option", { value: "day-ahead" }, "day-ahead"), h("option", { value: "hour-ahead" }, "hour-ahead"), h("option", { value: "immediate" }, "immediate"))),
    h("label", {}, h("input", { type: "checkbox", name: "test" }), " test event"),
    h("label", {}, "Message to customers ", h("input", { name: "message", type: "text", maxlength: 280 })),
    h("button", { type: "submit" }, "Create event"),
    outcome,
  );
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    void attempt(outcome, async () => {
      const created = await api.post<DispatchEvent>(`${programPath}/events`, {
        kind: field(form, "kind"),
        start: field(form, "start"),
        end: field(form, "end"),
        targetKw: optionalKw(field(form, "targetKw")),
        deviceTypes: new FormData(form).getAll("deviceTypes").map(String),
        notice: field(form, "notice"),
        test: new FormData(form).has("test"),
        message: field(form, "message") || null,
      });
      navigate(`events/${created.eventId}`);
    });
  });
  return form;
}

export function badge(status: string): HTMLElement {
  return h("span", { class: `badge ${status}`, "data-testid": "status" }, status);
}

function eventLink(e: DispatchEvent, navigate: (route: string) => void): HTMLElement {
  const open = (click: Event): void => {
    click.preventDefault();
    navigate(`events/${e.eventId}`);
  };
  return h("a", { href: `#/events/${e.eventId}`, onclick: open }, e.eventId);
}
